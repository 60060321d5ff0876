"""The window around the chat: pages, accessibility, geometry, links, shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from studio.ui.theme import apply_theme, is_dark

INTERACTIVE = (QAbstractButton, QComboBox, QAbstractScrollArea)


def test_every_control_has_an_object_name_and_an_accessible_name(
    make_studio: Callable[..., Any],
):
    window = make_studio().window
    controls = [w for w in window.findChildren(QWidget) if isinstance(w, INTERACTIVE)]
    # Qt's own internals (the combo box's popup list, scroll bars' buttons) are not ours.
    ours = [w for w in controls if w.objectName() and not w.objectName().startswith("qt_")]
    names = {w.objectName() for w in ours}
    for expected in (
        "modelPicker",
        "transcript",
        "composer",
        "sendButton",
        "stopButton",
        "newChatButton",
        "retryButton",
        "copyDetailsButton",
        "navChatButton",
        "navImagesButton",
        "navEditButton",
    ):
        assert expected in names
    for widget in ours:
        assert widget.accessibleName(), f"{widget.objectName()} has no accessible name"
    unnamed = [
        type(w).__name__
        for w in controls
        if not w.objectName()
        and w.isVisibleTo(window)
        and w.parent() is not None
        and not isinstance(w.parent(), QComboBox)
    ]
    assert unnamed == []


def test_pages_switch_by_click_and_shortcut(make_studio: Callable[..., Any], qtbot: QtBot):
    window = make_studio().window
    qtbot.mouseClick(
        window.findChild(QAbstractButton, "navImagesButton"), Qt.MouseButton.LeftButton
    )
    assert window.pages.currentWidget() is window.images_page
    assert window.focusWidget() is window.findChild(QAbstractButton, "navImagesButton")
    assert window.images_page.findChild(QPlainTextEdit, "imagePrompt") is not None
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.edit_page
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.chat_page
    assert window.findChild(QPlainTextEdit, "composer").hasFocus()


def test_window_remembers_its_geometry(make_studio: Callable[..., Any], tmp_path: Path):
    path = str(tmp_path / "geometry.ini")
    first = make_studio(settings=QSettings(path, QSettings.Format.IniFormat)).window
    # The offscreen screen is 800×600, so the width is clamped to what fits; the height
    # (540, not the default 760) shows the geometry came back.
    first.setGeometry(QRect(20, 30, 780, 540))
    size = (first.size().width(), first.size().height())
    assert size[1] == 540
    first.close()
    second = make_studio(settings=QSettings(path, QSettings.Format.IniFormat)).window
    assert (second.size().width(), second.size().height()) == size


def test_quit_shortcut_closes_the_window(make_studio: Callable[..., Any], qtbot: QtBot):
    window = make_studio().window
    with qtbot.waitSignal(window.closed, timeout=5000):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def test_unexpected_errors_show_in_the_banner_without_retry(make_studio: Callable[..., Any]):
    window = make_studio().window
    window.navigation.select(1)
    window.show_error_report("Something went wrong: KeyError: 'x'.", "Traceback …")
    banner = window.chat_page.banner
    assert window.pages.currentWidget() is window.chat_page
    assert banner.isVisible() and banner.message.startswith("Something went wrong")
    assert not window.findChild(QAbstractButton, "retryButton").isVisible()
    assert banner.details == "Traceback …"


def test_dark_theme_can_be_forced(qapp: QApplication, make_studio: Callable[..., Any]):
    light = QPalette(qapp.palette())
    try:
        apply_theme(qapp, "dark")
        window = make_studio().window
        image = window.grab().toImage()
        navigation = image.pixelColor(window.navigation.geometry().center())
        transcript_area = window.chat_page.stack.mapTo(window, QPoint(20, 20))
        assert navigation.lightnessF() < 0.3
        assert image.pixelColor(transcript_area).lightnessF() < 0.3
    finally:
        qapp.setPalette(light)
        apply_theme(qapp)
    assert not is_dark(qapp.palette())
