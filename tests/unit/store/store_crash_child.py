"""Child process for the crash-safety test: streams an answer into the database forever.

Run as ``python store_crash_child.py DB_PATH SEED``. After every committed
``update_streaming`` it prints the saved length, so the parent knows how far the database
got and can kill the process with SIGKILL at that moment.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

_PIECES = ["你好", "世界", "streaming ", "text ", "🙂", "é", "\n", "数据库", "WAL ", "∑"]


def chunks(seed: int) -> Iterator[str]:
    """The endless, reproducible sequence of deltas the child writes for ``seed``."""
    rng = random.Random(seed)
    while True:
        yield "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12)))


def expected_prefix(seed: int, length: int) -> str:
    """The first ``length`` characters (at least) the child writes for ``seed``."""
    text = ""
    for piece in chunks(seed):
        if len(text) >= length:
            return text
        text += piece
    raise AssertionError("unreachable")


def main(db_path: str, seed: int) -> int:
    """Open the database, start an answer, and update it until killed."""
    from studio.store.conversations import ConversationStore
    from studio.store.database import Database
    from studio.store.messages import MessageStore

    db = Database(Path(db_path))
    conv = ConversationStore(db).create(f"crash {seed}", "demo-chat")
    messages = MessageStore(db)
    answer = messages.start_answer(conv, "demo-chat", None)
    print(f"started {answer}", flush=True)
    text = ""
    for count, piece in enumerate(chunks(seed)):
        text += piece
        messages.update_streaming(answer, text, f"reasoning {count}")
        print(len(text), flush=True)
        if count > 1_000_000:  # never reached when the parent does its job
            return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
