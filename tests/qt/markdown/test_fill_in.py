"""A long static message fills in over several event-loop turns instead of all at once.

Opening a conversation or switching to a version whose answer is 80,000 characters used to
render and place every block in one go (about a second with the window frozen). Now the
view renders what fits in a short slice per turn, so the event loop runs between slices;
the text it reports is the whole message from the start (Copy, comparisons), and what ends
up on screen is the same blocks a stream of the text gives.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from studio.ui.markdown.stream import StreamingMarkdown
from studio.ui.markdown.view import FILL_FROM, MarkdownView
from tests.unit.markdown.sample import long_answer

WAIT_MS = 20_000


def _shown(qtbot: QtBot) -> tuple[QScrollArea, MarkdownView]:
    area = QScrollArea()
    area.setWidgetResizable(True)
    view = MarkdownView()
    area.setWidget(view)
    area.resize(800, 600)
    qtbot.addWidget(area)
    area.show()
    return area, view


def _kinds(view: MarkdownView) -> list[str]:
    return [str(getattr(w, "block_kind", "")) for w in view.block_widgets()]


def test_a_long_message_fills_in_while_the_loop_runs(qtbot: QtBot) -> None:
    text = long_answer(60)
    assert len(text) > 4 * FILL_FROM
    stream = StreamingMarkdown()
    expected = [b.kind for b in stream.feed(text)[0] + stream.finish() if b.kind != "blank"]
    _area, view = _shown(qtbot)
    ticks: list[int] = []
    beat = QTimer()
    beat.setInterval(0)
    beat.timeout.connect(lambda: ticks.append(len(view.block_widgets())))
    beat.start()

    view.set_markdown(text)
    assert view.is_filling
    assert view.markdown() == text  # the whole message, even before it is all placed
    assert len(view.block_widgets()) < len(expected) / 2
    with qtbot.waitSignal(view.filled, timeout=WAIT_MS):
        pass
    beat.stop()

    assert not view.is_filling
    assert view.markdown() == text
    # The loop ran between slices, seeing the message grow.
    assert len({count for count in ticks if 0 < count < len(view.block_widgets())}) >= 3
    # The same blocks a stream of the text is cut into.
    assert _kinds(view) == expected


def test_a_short_message_is_shown_at_once(qtbot: QtBot) -> None:
    _area, view = _shown(qtbot)
    view.set_markdown("# Title\n\nA short answer with `code`.")
    assert not view.is_filling
    assert len(view.block_widgets()) == 1


def test_streaming_into_a_message_being_filled_finishes_the_fill_first(qtbot: QtBot) -> None:
    text = long_answer(30)
    _area, view = _shown(qtbot)
    view.set_markdown(text)
    assert view.is_filling
    view.append("\n\nAnd one more line.")  # Continue on an answer still filling in
    assert not view.is_filling
    view.finish()
    assert view.markdown() == text + "\n\nAnd one more line."


def test_showing_another_text_stops_the_fill(qtbot: QtBot) -> None:
    _area, view = _shown(qtbot)
    view.set_markdown(long_answer(30))
    view.set_markdown("Version 2, short.")
    assert not view.is_filling
    assert view.markdown() == "Version 2, short."
    for _ in range(5):  # turns of the loop: nothing of the old text comes back
        QApplication.processEvents()
    assert view.markdown() == "Version 2, short."
    assert len(view.block_widgets()) == 1
