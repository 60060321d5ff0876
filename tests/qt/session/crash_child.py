"""Child process of the chat crash test: a real ConversationSession streaming a long answer.

Run as ``python crash_child.py DB_PATH PROMPT TOKENS RATE``. It starts its own demo relay
(``RATE`` tokens a second), opens a conversation in the database through ``ChatManager``, sends
``PROMPT`` asking for ``TOKENS`` demo tokens and reports on stdout, one line each:

* ``started CONVERSATION_ID USER_MESSAGE_ID`` once the user message is saved;
* ``saved LENGTH`` after each committed streaming write of the answer;
* ``progress LENGTH`` each time a batch of answer text reached the session's listeners;
* ``finished STATUS`` at the end (the parent normally kills the process long before).
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(db_path: str, prompt: str, tokens: int, rate: float) -> int:
    """Stream one answer into the database at ``db_path`` and report as described above."""
    from PySide6.QtCore import QCoreApplication

    from studio.api.client import ApiClient
    from studio.api.provider import ProviderConfig
    from studio.demo.server import DemoRelay
    from studio.session.chat import ChatManager, ToolRegistry
    from studio.session.event_loop import create_event_loop
    from studio.store.conversations import ConversationStore
    from studio.store.database import Database
    from studio.store.messages import MessageStore

    class ReportingMessages(MessageStore):
        """Says on stdout how much of the answer each committed write holds."""

        def update_streaming(
            self, message_id: int, text: str, reasoning: str | None = None
        ) -> bool:
            saved = super().update_streaming(message_id, text, reasoning)
            if saved:
                print(f"saved {len(text)}", flush=True)
            return saved

    app = QCoreApplication([])
    loop = create_event_loop(app)
    relay = DemoRelay(token_rate=rate)
    relay.start()
    db = Database(Path(db_path))
    client = ApiClient(ProviderConfig(base_url=relay.base_url, name="demo"))
    manager = ChatManager(
        ConversationStore(db), ReportingMessages(db), lambda: client, ToolRegistry()
    )
    conversation_id = manager.new_conversation("demo-chat")
    session = manager.open(conversation_id)
    session.set_params({"extra_body": {"demo_tokens": tokens}})
    received = 0
    result: list[str] = []

    def on_delta(_answer_id: int, text: str, _reasoning: str) -> None:
        nonlocal received
        received += len(text)
        print(f"progress {received}", flush=True)

    def on_finished(_answer_id: int, status: str) -> None:
        result.append(status)
        print(f"finished {status}", flush=True)
        loop.stop()

    session.answer_delta.connect(on_delta)
    session.answer_finished.connect(on_finished)

    async def start() -> None:
        user_id = session.send(prompt)
        print(f"started {conversation_id} {user_id}", flush=True)

    with loop:
        loop.create_task(start())
        loop.run_forever()
        loop.run_until_complete(client.aclose())
    relay.stop()
    db.close()
    return 0 if result == ["complete"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])))
