"""The sessions list: rows, dates, opening, starting, deleting with undo, the empty state."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from studio.ui.edit.session_list import EditSessionList
from studio.ui.edit.session_text import relative_date
from studio.ui.edit.values import SessionRow

from .conftest import WAIT_MS, drop, file_mime, png

NOW = time.time()
CHINESE = "把湖面上的船换成一只白色的天鹅，保持倒影和周围的光线不变，并且让整个画面更温暖一些"


def rows() -> list[SessionRow]:
    return [
        SessionRow(7, png(60, 40, 0), "Make the sky a warm sunset", NOW - 60, 4),
        SessionRow(5, png(40, 60, 90), CHINESE, NOW - 86_400 * 40, 1),
        SessionRow(3, None, "", NOW - 86_400 * 3, 0, title="lake.jpg"),
    ]


def make_list(qtbot: QtBot, sessions: list[SessionRow] | None = None) -> EditSessionList:
    panel = EditSessionList()
    qtbot.addWidget(panel)
    panel.set_sessions(rows() if sessions is None else sessions)
    panel.resize(300, 420)
    with qtbot.waitActive(panel, timeout=WAIT_MS):
        panel.show()
        panel.activateWindow()
    return panel


def click_row(qtbot: QtBot, panel: EditSessionList, session_id: int) -> None:
    item = panel.item(session_id)
    assert item is not None
    rect = panel.list.visualItemRect(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_rows_show_prompt_date_and_versions(qtbot: QtBot) -> None:
    panel = make_list(qtbot)
    assert panel.objectName() == "editSessionList"
    assert panel.session_ids() == [7, 5, 3]
    assert not panel.showing_empty_state
    title, details = panel.row_lines(7, 400)
    assert title == "Make the sky a warm sunset"
    today = QLocale().toString(
        QDateTime.fromSecsSinceEpoch(int(NOW - 60)).time(), QLocale.FormatType.ShortFormat
    )
    assert details == f"{today} · 4 versions"
    assert panel.row_lines(5, 400)[1].endswith(" · 1 version")
    assert panel.row_lines(3, 400)[0] == "lake.jpg"  # no prompt yet: the title


def test_relative_dates() -> None:
    now = QDateTime(QDateTime.currentDateTime().date(), QDateTime.currentDateTime().time())
    noon = now.date().startOfDay().addSecs(12 * 3600).toSecsSinceEpoch()
    locale = QLocale()
    assert relative_date(noon, now=noon + 60) == locale.toString(
        QDateTime.fromSecsSinceEpoch(noon).time(), QLocale.FormatType.ShortFormat
    )
    assert relative_date(noon - 86_400, now=noon) == "Yesterday"
    three = QDateTime.fromSecsSinceEpoch(noon - 3 * 86_400).date()
    assert relative_date(noon - 3 * 86_400, now=noon) == locale.dayName(three.dayOfWeek())
    old = QDateTime.fromSecsSinceEpoch(noon - 40 * 86_400).date()
    assert relative_date(noon - 40 * 86_400, now=noon) == locale.toString(
        old, QLocale.FormatType.ShortFormat
    )
    assert relative_date(0) == ""


def test_click_opens_and_buttons_start(qtbot: QtBot, clean_clipboard: None) -> None:
    panel = make_list(qtbot)
    with qtbot.waitSignal(panel.session_opened) as opened:
        click_row(qtbot, panel, 5)
    assert opened.args == [5]
    panel.set_current(5)
    with qtbot.assertNotEmitted(panel.session_opened):
        click_row(qtbot, panel, 5)  # already open
    with qtbot.waitSignal(panel.session_opened) as opened:
        qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert opened.args == [5]
    with qtbot.waitSignal(panel.new_from_file):
        panel.new_button.click()
    assert not panel.paste_button.isEnabled()  # nothing on the clipboard
    mime = QMimeData()
    mime.setData("image/png", png())
    QGuiApplication.clipboard().setMimeData(mime)
    qtbot.waitUntil(panel.paste_button.isEnabled, timeout=WAIT_MS)
    with qtbot.waitSignal(panel.new_from_clipboard):
        panel.paste_button.click()
    with qtbot.waitSignal(panel.new_from_clipboard):
        qtbot.keyClick(panel.list, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_delete_offers_undo(qtbot: QtBot) -> None:
    panel = make_list(qtbot)
    click_row(qtbot, panel, 7)
    with qtbot.waitSignal(panel.delete_requested) as deleted:
        qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert deleted.args == [7]
    assert panel.session_ids() == [5, 3]
    assert panel.undo_bar.isVisible()
    assert panel.undo_bar.label.text() == "Session deleted"
    with qtbot.waitSignal(panel.restore_requested) as restored:
        panel.undo_bar.undo_button.click()
    assert restored.args == [7]
    assert panel.session_ids() == [7, 5, 3]
    menu = panel.context_menu(3)
    [delete] = [a for a in menu.actions() if a.text() == "Delete"]
    with qtbot.waitSignal(panel.delete_requested) as deleted:
        delete.trigger()
    assert deleted.args == [3]
    panel.set_sessions([r for r in rows() if r.id != 3])  # the page's list after the delete
    assert panel.session_ids() == [7, 5]


def test_empty_state_tells_how_to_start(qtbot: QtBot) -> None:
    panel = make_list(qtbot, [])
    assert panel.showing_empty_state
    text = panel.empty.text.text()
    for words in ("Drop an image", "open a file", "Ctrl+V", "wand"):
        assert words in text
    assert not panel.buttons.isVisible()  # the empty state has its own
    with qtbot.waitSignal(panel.new_from_file):
        panel.empty.open_button.click()
    panel.set_sessions(rows())
    assert not panel.showing_empty_state and panel.buttons.isVisible()


def test_dropping_pictures_starts_sessions(qtbot: QtBot, png_file: Callable[[str], Path]) -> None:
    panel = make_list(qtbot, [])
    photo = png_file("photo.png")
    with qtbot.waitSignal(panel.files_dropped) as dropped:
        drop(panel, file_mime(photo), 50, 50)
    assert dropped.args == [[photo]]
    data = png(20, 20)
    mime = QMimeData()
    mime.setData("image/png", data)
    with qtbot.waitSignal(panel.image_dropped) as dropped_bytes:
        drop(panel, mime, 50, 50)
    assert dropped_bytes.args == [data]


def test_long_chinese_prompts_elide_on_a_character(qtbot: QtBot) -> None:
    panel = make_list(qtbot)
    for width in (50, 100, 160):
        title, _ = panel.row_lines(5, width)
        assert title.endswith("…"), width
        assert CHINESE.startswith(title[:-1]), width
    item = panel.item(5)
    assert item is not None and item.toolTip() == CHINESE


def test_thumbnails_decode_in_workers_and_follow_new_versions(qtbot: QtBot) -> None:
    panel = make_list(qtbot, [SessionRow(1, png(60, 40, 0), "sky", 100.0, 1)])
    cache = panel.thumbnails.cache
    qtbot.waitUntil(lambda: cache.pixmap("edit-session:1:100.000") is not None, timeout=WAIT_MS)
    old = cache.pixmap("edit-session:1:100.000")
    assert old is not None and (old.width(), old.height()) == (60, 40)
    panel.set_sessions([SessionRow(1, png(30, 50, 120), "sky, warmer", 200.0, 2)])
    panel.list.viewport().repaint()
    qtbot.waitUntil(lambda: cache.pixmap("edit-session:1:200.000") is not None, timeout=WAIT_MS)
    new = cache.pixmap("edit-session:1:200.000")
    assert new is not None and (new.width(), new.height()) == (30, 50)
