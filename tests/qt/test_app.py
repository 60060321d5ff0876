"""The composition root: which relay is used, and the real app starting and quitting."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from studio.config.providers import preset
from studio.config.resolve import ResolvedProvider
from studio.core.relay import choose_relay
from tests.qt.app_process import run_app_until


def resolved(provider_id: str, key: str = "", base_url: str | None = None) -> ResolvedProvider:
    settings = preset(provider_id)
    if base_url is not None:
        settings.base_url = base_url
    return ResolvedProvider(settings, key, is_demo=provider_id == "demo" and not base_url)


def test_demo_relay_is_used_when_asked_or_when_nothing_usable_is_configured():
    assert choose_relay(resolved("openai", "sk-real"), demo=True, base_url=None).use_demo
    assert choose_relay(resolved("demo"), demo=False, base_url=None).use_demo
    no_key = choose_relay(resolved("openai"), demo=False, base_url=None)
    assert no_key.use_demo and no_key.api_key == ""


def test_a_configured_relay_is_used_and_local_servers_need_no_key():
    real = choose_relay(resolved("openai", "sk-real"), demo=False, base_url=None)
    assert not real.use_demo and real.api_key == "sk-real"
    local = choose_relay(resolved("llamacpp"), demo=False, base_url=None)
    assert not local.use_demo
    explicit = choose_relay(
        resolved("openai", base_url="https://relay.example/v1"),
        demo=False,
        base_url="https://relay.example/v1",
    )
    assert not explicit.use_demo


def test_the_app_starts_on_the_demo_relay_and_quits_cleanly(tmp_path: Path, qtbot: QtBot):
    result = run_app_until(qtbot, tmp_path, "started:")
    assert result.returncode == 0, result.output
    assert "started: Demo relay at http://127.0.0.1:" in result.log
    assert "ERROR" not in result.log
    assert "Traceback" not in result.output
    assert (tmp_path / "window.ini").exists()  # the window saved its geometry on the way out


def _streaming_answer(data_dir: Path) -> int:
    """What a running `studio chat` (or a crash) leaves: an answer still 'streaming'."""
    from studio.store.conversations import ConversationStore
    from studio.store.database import Database
    from studio.store.messages import MessageStore

    with Database(data_dir / "studio.sqlite3") as db:
        conversation = ConversationStore(db).create("Terminal", "demo-chat")
        messages = MessageStore(db)
        question = messages.add(conversation, "user", "Hello from the terminal")
        return messages.start_answer(conversation, "demo-chat", parent_id=question)


def _status(data_dir: Path, message_id: int) -> str:
    import sqlite3

    with sqlite3.connect(data_dir / "studio.sqlite3") as db:
        return str(
            db.execute("SELECT status FROM messages WHERE id = ?", (message_id,)).fetchone()[0]
        )


def test_the_app_leaves_alone_what_another_studio_process_is_streaming(
    tmp_path: Path, qtbot: QtBot
):
    import subprocess
    import sys

    answer = _streaming_answer(tmp_path)
    code = (
        "import sys; from pathlib import Path; from studio.store.presence import Presence; "
        "p = Presence(Path(sys.argv[1]), 'chat'); print(p.marked, flush=True); sys.stdin.read()"
    )
    terminal = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)],
        cwd=Path(__file__).resolve().parents[2],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert terminal.stdout is not None and terminal.stdout.readline().strip() == "True"
        result = run_app_until(qtbot, tmp_path, "started:")
        assert result.returncode == 0, result.output
        assert "another Studio process uses this data folder" in result.log
        assert _status(tmp_path, answer) == "streaming"  # still the terminal's live answer
    finally:
        terminal.kill()
        terminal.wait()
    # Once that process is gone, the next start treats the answer as a crash's.
    result = run_app_until(qtbot, tmp_path, "started:")
    assert result.returncode == 0, result.output
    assert _status(tmp_path, answer) == "interrupted"
