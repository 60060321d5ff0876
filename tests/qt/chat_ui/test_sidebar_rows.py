"""Sidebar rows show the title and a muted second line, for Chinese titles too."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QListWidget, QListWidgetItem
from pytestqt.qtbot import QtBot

from studio.ui.chat.conversation_delegate import ConversationDelegate, split_lines


def ink_bands(image: QImage, background: QColor) -> list[tuple[int, int]]:
    """The vertical runs of image rows that hold any pixel far from ``background``."""
    bands: list[tuple[int, int]] = []
    start = -1
    for y in range(image.height()):
        inked = any(
            abs(QColor(image.pixel(x, y)).lightness() - background.lightness()) > 60
            for x in range(image.width())
        )
        if inked and start < 0:
            start = y
        elif not inked and start >= 0:
            bands.append((start, y))
            start = -1
    if start >= 0:
        bands.append((start, image.height()))
    return bands


def test_split_lines_reads_both_line_breaks() -> None:
    assert split_lines("Title\n10:02 · gpt-4o") == ("Title", "10:02 · gpt-4o")
    assert split_lines("标题\u2028昨天 · demo") == ("标题", "昨天 · demo")
    assert split_lines("Only a title") == ("Only a title", "")


@pytest.mark.parametrize("title", ["Compare the demo models", "用表格比较一下演示模型"])
def test_both_lines_are_drawn(qtbot: QtBot, title: str) -> None:
    view = QListWidget()
    qtbot.addWidget(view)
    view.setItemDelegate(ConversationDelegate(view))
    view.addItem(QListWidgetItem(f"{title}\n15:25 · demo-reasoner"))
    view.resize(240, 120)
    view.show()
    qtbot.waitExposed(view)
    rect = view.visualItemRect(view.item(0))
    row = view.viewport().grab(rect).toImage()
    background = view.palette().color(view.viewport().backgroundRole())
    bands = ink_bands(row, background)
    assert len(bands) == 2, bands  # the title, then the time and model below it
    assert bands[0][0] > 0 and bands[1][1] < row.height()  # nothing cut at the edges
