"""The window and ``studio chat`` give the same title, relay and language for the same input.

The window side is the real ``ChatManager``/``ConversationSession`` on the demo relay; the
command line is a real ``python -m studio chat`` process on its own data folder against the
same relay. Relay and language: each side's own entry point decides, for the same settings
and environment.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from studio.config.providers import preset
from studio.config.resolve import ResolvedProvider
from studio.core.language import choose_language
from studio.core.relay import choose_relay
from studio.demo.server import DemoRelay
from studio.session.chat import ChatManager
from tests.qt.signals import expect

PROMPT = "  \nHow do tides work, and why are there two of them every single day on most coasts?\n"


def cli(args: list[str], data: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    merged = {k: v for k, v in os.environ.items() if k != "STUDIO_API_KEY"}
    merged.update(env, STUDIO_DATA_DIR=str(data))
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=merged,
        check=False,
    )


def test_the_same_first_message_gets_the_same_title(
    manager: ChatManager, relay: DemoRelay, run: Callable[[Awaitable[Any]], Any], tmp_path: Path
) -> None:
    session = manager.open(manager.new_conversation("demo-chat"))

    async def send() -> str:
        titled = expect(session.title_changed)
        session.send(PROMPT)
        (title,) = await titled
        return str(title)

    window_title = run(send())
    result = cli(
        ["chat", "-m", "demo-chat", PROMPT], tmp_path / "cli", {"STUDIO_BASE_URL": relay.base_url}
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "cli" / "studio.sqlite3") as db:
        (cli_title,) = db.execute("SELECT title FROM conversations").fetchone()
    assert cli_title == window_title
    assert window_title.endswith("…") and len(window_title) <= 41  # cut at a word, marked


def _settings_file(data: Path, provider: str, language: str) -> None:
    data.mkdir(parents=True, exist_ok=True)
    (data / "settings.json").write_text(
        json.dumps({"active_provider": provider, "language": language}), encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("provider_id", "key", "window_uses_demo"),
    [("openai", "", True), ("llamacpp", "", False), ("demo", "", True)],
)
def test_the_same_settings_choose_the_same_relay(
    provider_id: str, key: str, window_uses_demo: bool, tmp_path: Path
) -> None:
    settings = preset(provider_id)
    window = choose_relay(
        ResolvedProvider(settings, key, is_demo=provider_id == "demo"), demo=False, base_url=None
    )
    assert window.use_demo is window_uses_demo
    # The command line on the same provider and key: `studio models` lists the demo relay's
    # models exactly when the window would use the demo relay.
    data = tmp_path / "data"
    _settings_file(data, provider_id, "en")
    result = cli(["models"], data, {"STUDIO_BASE_URL": ""})
    listed_demo = result.returncode == 0 and "demo-chat" in result.stdout.split()
    assert listed_demo is window_uses_demo, (result.returncode, result.stdout, result.stderr)


@pytest.mark.parametrize(
    ("setting", "lang", "expected"),
    [("system", "zh_CN.UTF-8", "zh_CN"), ("system", "de_DE.UTF-8", "en"), ("en", "zh_CN", "en")],
)
def test_the_same_settings_choose_the_same_language(
    setting: str, lang: str, expected: str, tmp_path: Path
) -> None:
    environ = {"LANG": lang}
    # The window: the same function app.run_gui calls, with Qt's system locale as fallback.
    assert choose_language(setting, environ, "en_US") == expected
    # The command line: an error sentence in the language it chose.
    data = tmp_path / "data"
    _settings_file(data, "openai", setting)
    result = cli(
        ["chat", "--base-url", "http://127.0.0.1:9", "hi"],
        data,
        {"LANG": lang, "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": ""},
    )
    assert result.returncode == 1
    chinese = any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr)
    assert chinese is (expected == "zh_CN"), result.stderr
