"""Crash safety of chat: SIGKILL a process streaming an answer at random points.

``crash_child.py`` runs a real ChatManager + ConversationSession against its own demo relay
and reports, line by line, how much text it received and how much each committed write
held. The test kills it (SIGKILL: no cleanup at all) when the received text reaches a
seeded-random length, then checks the database file: it is sound, the user message is there,
the saved answer is a prefix of what the relay sends (at least as long as the last committed
write), and starting Studio again (constructing ChatManager) marks it interrupted.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from studio.api.client import ApiClient
from studio.demo.server import DemoRelay
from studio.session.chat import ChatManager, ToolRegistry
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.messages import MessageStore

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
CHILD = HERE / "crash_child.py"
PROMPT = "Write a very long report about streaming"
TOKENS = 2400
RATE = 800
KILLS = 8


@dataclass
class Killed:
    """What the child had reported when it was killed."""

    conversation_id: int
    user_id: int
    received: int
    saved: int


def _full_answer(relay: DemoRelay) -> str:
    body = {
        "model": "demo-chat",
        "messages": [{"role": "user", "content": PROMPT}],
        "demo_tokens": TOKENS,
    }
    response = httpx.post(f"{relay.base_url}/chat/completions", json=body, timeout=30)
    response.raise_for_status()
    text: str = response.json()["choices"][0]["message"]["content"]
    return text


def _run_and_kill(db_path: Path, kill_at: int, log: Path) -> Killed:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    with log.open("w") as errors:
        proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(db_path), PROMPT, str(TOKENS), str(RATE)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            encoding="utf-8",
        )
    assert proc.stdout is not None
    started: tuple[int, int] | None = None
    received = saved = 0
    try:
        for line in proc.stdout:
            word, _, rest = line.strip().partition(" ")
            if word == "started":
                conversation, user = rest.split()
                started = (int(conversation), int(user))
            elif word == "saved":
                saved = int(rest)
            elif word == "progress":
                received = int(rest)
                if received >= kill_at and started is not None:
                    proc.kill()  # SIGKILL on POSIX: no cleanup, no flush, no close
                    break
            elif word == "finished":
                pytest.fail(f"the child finished before the kill point {kill_at}: {line}")
        else:
            pytest.fail("the child stopped early:\n" + log.read_text())
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdout.close()
    assert started is not None, log.read_text()
    return Killed(started[0], started[1], received, saved)


def test_killed_while_streaming_keeps_a_sound_database_and_a_prefix(
    tmp_path: Path, relay: DemoRelay
) -> None:
    full = _full_answer(relay)
    db_path = tmp_path / "studio.sqlite3"
    rng = random.Random(20250106)
    kill_points = [0, *sorted(rng.randrange(1, int(len(full) * 0.9)) for _ in range(KILLS - 1))]
    longest_saved = 0
    for round_no, kill_at in enumerate(kill_points):
        killed = _run_and_kill(db_path, kill_at, tmp_path / f"child-{round_no}.log")
        db = Database(db_path)  # opens after the crash, WAL left behind included
        try:
            row = db.query_one("PRAGMA integrity_check")
            assert row is not None and row[0] == "ok"
            conversations, messages = ConversationStore(db), MessageStore(db)
            stored = messages.list(killed.conversation_id)
            assert [m.role for m in stored] == ["user", "assistant"]
            user, answer = stored
            assert user.id == killed.user_id and user.text == PROMPT
            assert answer.parent_id == user.id and answer.status == "streaming"
            assert full.startswith(answer.text), f"round {round_no}: not a prefix"
            assert len(answer.text) >= killed.saved, "a committed write was lost"
            print(f"round {round_no}: kill at {kill_at}, saved {len(answer.text)}")
            longest_saved = max(longest_saved, len(answer.text))

            manager = ChatManager(conversations, messages, _no_client, ToolRegistry())
            assert manager.recovered_at_startup == 1
            recovered = messages.get(answer.id)
            assert recovered is not None and recovered.status == "interrupted"
            assert recovered.text == answer.text
            session = manager.open(killed.conversation_id)
            assert [m.status for m in session.branch()] == ["complete", "interrupted"]
            manager.deleteLater()
        finally:
            db.close()
    assert longest_saved > 0, "no kill point came after a committed write"


def _no_client() -> ApiClient:
    raise AssertionError("the crash check never sends anything")
