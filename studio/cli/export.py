"""``studio export``: conversations to Markdown or JSON (the same code as the GUI's export)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studio.cli.common import EXIT_OK, UsageError
from studio.config.paths import DataPaths
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.export import export_all, export_conversation
from studio.store.images import ImageStore
from studio.store.messages import MessageStore


def run_export(args: argparse.Namespace) -> int:
    """Write the export to ``-o FILE`` or stdout."""
    paths = DataPaths.from_env().ensure()
    db = Database(paths.database)
    try:
        conversations = ConversationStore(db)
        messages = MessageStore(db)
        images = ImageStore(paths.images, db)
        if args.conversation is None:
            text = export_all(conversations, messages, args.format, images=images)
        else:
            if args.conversation == "latest":
                found = conversations.latest()
                if found is None:
                    raise UsageError("there are no conversations to export yet")
                conversation_id = found
            else:
                try:
                    conversation_id = int(args.conversation)
                except ValueError:
                    raise UsageError("--conversation takes a number or 'latest'") from None
                if conversations.get(conversation_id) is None:
                    raise UsageError(f"there is no conversation {conversation_id}")
            text = export_conversation(
                conversations, messages, conversation_id, args.format, images=images
            )
    finally:
        db.close()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
    return EXIT_OK
