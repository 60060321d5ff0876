"""Stop and Continue in the window on the demo relay's own models: the continued answer is the
SAME text, joined at the cut without a duplicated or missing character, and the internal
"Continue exactly where…" instruction is never shown (window, stored messages,
``studio export``)."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from studio.core.chat.request_messages import CONTINUE_PROMPT
from studio.demo.catalog import CUTOFF_MODEL, CUTOFF_TOKENS, LONG_MODEL
from studio.demo.long_answer import long_answer
from studio.demo.server import DemoRelay
from studio.demo.texts import markdown_answer
from studio.demo.tokens import count_tokens
from studio.store.messages import MessageStore

from .test_chat_page import WAIT_MS, last_answer, send, wait_answer

ROOT = Path(__file__).resolve().parents[3]
INSTRUCTION = CONTINUE_PROMPT.split(".")[0]  # "Continue exactly where your previous message…"


def shown_texts(window: QWidget) -> list[str]:
    """Every piece of text a widget of ``window`` shows."""
    texts: list[str] = []
    for widget in window.findChildren(QWidget):
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        elif isinstance(widget, QTextEdit | QPlainTextEdit):
            texts.append(widget.toPlainText())
        texts.append(widget.toolTip())
    return texts


def export(data_dir: Path, fmt: str) -> str:
    """What ``studio export --format FMT`` prints for the latest conversation."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDIO_")}
    env.update(STUDIO_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "studio", "export", "--conversation", "latest", "--format", fmt],
        cwd=data_dir,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def click_continue(qtbot: QtBot, view: Any) -> None:
    button = view.notice.buttons["continue"]
    assert button.isVisible() and button.text() == "Continue"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def assert_never_shown(studio: Any, data_dir: Path, full: str) -> None:
    """The instruction is nowhere (not on screen, not stored, not exported) and the one
    answer is ``full``, stored and exported exactly."""
    assert not [t for t in shown_texts(studio.window) if INSTRUCTION in t]
    messages = MessageStore(studio.database)
    conversation_id = studio.page.session.conversation_id
    stored = messages.list(conversation_id)
    assert not [m for m in stored if INSTRUCTION in m.text]
    assert [m.role for m in stored] == ["user", "assistant"]  # no extra "user" message
    assert stored[1].text == full
    markdown, exported = export(data_dir, "md"), export(data_dir, "json")
    assert INSTRUCTION not in markdown and INSTRUCTION not in exported
    assert full in markdown and markdown.count(full.splitlines()[0]) == 1
    answers = json.loads(exported)["conversation"]["messages"]
    assert [m["text"] for m in answers if m["role"] == "assistant"] == [full]


def test_stop_then_continue_finishes_the_same_long_answer(
    make_studio: Callable[..., Any], qtbot: QtBot, slow_relay: DemoRelay, tmp_path: Path
) -> None:
    studio = make_studio(slow_relay)
    page = studio.page
    prompt = "Explain moving averages"
    send(qtbot, page, prompt, model=LONG_MODEL)
    qtbot.waitUntil(
        lambda: last_answer(page) is not None and len(last_answer(page).body.markdown()) > 40,
        timeout=WAIT_MS,
    )
    qtbot.keyClick(page.composer, Qt.Key.Key_Escape)  # Stop, mid-way through the long answer
    view = wait_answer(qtbot, page, "interrupted")
    full = long_answer(prompt)
    cut = view.body.markdown()
    assert cut and full.startswith(cut) and len(cut) < len(full) / 2

    page.session.set_params({"extra_body": {"demo_token_rate": 0}})  # the rest at full speed
    click_continue(qtbot, view)
    view = wait_answer(qtbot, page, "complete")
    # The same text, joined exactly at the cut: math, code blocks and the table included.
    assert view.body.markdown() == full
    assert view.record.text == full and view.record.finish_reason == "stop"
    assert not view.notice.isVisible()
    assert [v.message_id for v in page.transcript.views].count(view.message_id) == 1
    assert_never_shown(studio, tmp_path, full)


def test_continue_after_each_max_tokens_cut_until_the_answer_is_whole(
    make_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    studio = make_studio()
    page = studio.page
    prompt = "Tell me about the demo"
    full = markdown_answer(prompt)
    cuts = -(-count_tokens(full) // CUTOFF_TOKENS) - 1
    assert cuts >= 2
    send(qtbot, page, prompt, model=CUTOFF_MODEL)
    view = wait_answer(qtbot, page, "complete")
    seen = [view.body.markdown()]
    for _ in range(cuts):
        assert view.record.finish_reason == "length"
        assert view.notice.isVisible() and "max tokens" in view.notice.label.text()
        click_continue(qtbot, view)
        qtbot.waitUntil(
            lambda before=view.record.text: last_answer(page).record.text != before,
            timeout=WAIT_MS,
        )
        view = wait_answer(qtbot, page, "complete")
        seen.append(view.body.markdown())
    # Each Continue added the next piece of the same answer, and the last one ended it.
    assert all(b.startswith(a) and len(b) > len(a) for a, b in itertools.pairwise(seen))
    assert view.body.markdown() == full and view.record.finish_reason == "stop"
    assert not view.notice.isVisible()
    assert_never_shown(studio, tmp_path, full)
