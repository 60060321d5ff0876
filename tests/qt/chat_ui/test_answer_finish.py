"""When a long answer ends, the window keeps what it streamed instead of rebuilding it.

The freeze users saw at the end of every long answer came from the finish path: the
answer-finished refresh threw the streamed block widgets away and rendered the whole answer
again (about a second for 80,000 characters, 4.7–14 s on a slower machine). These tests hold
the relay's last event behind a gate, note the widgets showing the streamed answer, then let
the answer finish and check that the same widgets still show it, nothing was rebuilt, and
the card reads as a finished answer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.fakes.raw_server import D, Gate, RawServer, U, content, finish, sse

WAIT_MS = 20_000

SECTION = """## Part {n}

The importer checks every row of part {n} and keeps the refused ones with their reason.

```python
def check_{n}(row):
    return row["amount"] > 0
```

| field | type |
|-------|------|
| id | {n} |

"""
ANSWER = "".join(SECTION.format(n=n) for n in range(1, 9)) + "That is all."


def _stream(gate: Gate) -> list[Any]:
    pieces = [ANSWER[i : i + 40] for i in range(0, len(ANSWER), 40)]
    usage = U('{"prompt_tokens":5,"completion_tokens":400,"total_tokens":405}')
    return sse(*(content(p) for p in pieces), gate, finish("stop"), usage, D, framing="chunked")


def _send(qtbot: QtBot, page: Any, text: str) -> None:
    page.composer.setFocus()
    qtbot.keyClicks(page.composer, text)
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)


def test_a_finished_answer_keeps_its_streamed_widgets(
    make_studio: Callable[..., Any], qtbot: QtBot, run: Callable[[Awaitable[Any]], Any]
) -> None:
    server = run(RawServer().start())
    gate = Gate()
    server.script(_stream(gate))
    try:
        page = make_studio(base_url=server.url).page
        _send(qtbot, page, "Explain the importer")
        qtbot.waitUntil(lambda: gate.reached.is_set(), timeout=WAIT_MS)
        transcript = page.transcript
        qtbot.waitUntil(
            lambda: bool(transcript.views) and transcript.views[-1].text == ANSWER,
            timeout=WAIT_MS,
        )
        card = transcript.views[-1]
        body = card.body
        assert body.is_streaming
        streamed = body.block_widgets() + body.tail_widgets()
        assert len(streamed) >= 20  # 8 sections of prose, code and a table

        session = page.session
        with qtbot.waitSignal(session.answer_finished, timeout=WAIT_MS):
            gate.open()

        assert transcript.views[-1] is card
        assert not body.is_streaming
        assert body.markdown() == ANSWER
        kept = body.block_widgets()
        assert all(shiboken6.isValid(w) and w.isVisibleTo(body) for w in streamed)
        assert {id(w) for w in kept} == {id(w) for w in streamed}  # none built again
        assert card.status_label.text() == ""  # no longer "writing…"
        assert "405 tokens" in card.usage_label.text()
    finally:
        gate.open()
        run(server.aclose())


def test_a_different_stored_text_is_still_shown(
    make_studio: Callable[..., Any], qtbot: QtBot
) -> None:
    # Reopening, switching versions and edits still render what the store holds.
    studio = make_studio()
    page = studio.page
    _send(qtbot, page, "hello")
    session = page.session
    qtbot.waitUntil(lambda: session is not None and not session.busy, timeout=WAIT_MS)
    card = page.transcript.views[-1]
    record = card.record
    changed = dataclasses.replace(record, text="Another **text**.")
    card.update_record(changed)
    assert card.body.markdown() == "Another **text**."
