"""The panels follow the theme, a round that finishes updates its row, and the strip selects."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.ui.edit.reference_tray import ReferenceTray
from studio.ui.edit.session_list import EditSessionList
from studio.ui.edit.values import VersionNode
from studio.ui.edit.version_tree import VersionTree
from studio.ui.theme import apply_theme, is_dark

from .conftest import WAIT_MS


def versions(status: str = "running") -> list[VersionNode]:
    return [
        VersionNode(1, None, None, is_source=True, created_at=1.0),
        VersionNode(2, 1, None, prompt="warmer light", status=status, created_at=2.0),
    ]


def test_panels_restyle_when_the_theme_changes(qapp: QApplication, qtbot: QtBot) -> None:
    before = QPalette(qapp.palette())
    apply_theme(qapp, "light")
    tree, tray, sessions = VersionTree(), ReferenceTray(), EditSessionList()
    for widget in (tree, tray, sessions):
        qtbot.addWidget(widget)
    light_sheet = tray.styleSheet()
    light_text = tree.tree_delegate._text
    try:
        apply_theme(qapp, "dark")
        qtbot.waitUntil(lambda: tray.styleSheet() != light_sheet, timeout=WAIT_MS)
        assert is_dark(qapp.palette())
        qtbot.waitUntil(lambda: tree.tree_delegate._text != light_text, timeout=WAIT_MS)
        assert tree.tree_delegate._text == qapp.palette().color(QPalette.ColorRole.Text)
        assert sessions.styleSheet() == tray.styleSheet()
    finally:
        qapp.setPalette(before)  # "system" follows the palette: give the light one back
        apply_theme(qapp)


def test_a_finished_round_updates_its_row(qtbot: QtBot) -> None:
    tree = VersionTree()
    qtbot.addWidget(tree)
    tree.set_versions(versions(), current=1)
    tree.select(2)
    assert tree.selected_ids() == [2]
    assert not tree.continue_button.isEnabled()  # still running: no picture yet
    item = tree.tree_item(2)
    assert item is not None and "Status: running…" in item.toolTip(0)
    tree.update_version(versions("done")[1])
    assert tree.selected_ids() == [2]  # the selection survives
    assert tree.continue_button.isEnabled()
    item = tree.tree_item(2)
    assert item is not None and "Status" not in item.toolTip(0)
    tree.update_version(VersionNode(3, 2, None, prompt="again", created_at=3.0))
    assert tree.count_label.text() == "3"


def test_the_strip_selects_and_continues(qtbot: QtBot) -> None:
    tree = VersionTree()
    qtbot.addWidget(tree)
    tree.set_versions(versions("done"), current=1)
    tree.set_compact(True)
    tree.resize(900, 200)
    with qtbot.waitActive(tree, timeout=WAIT_MS):
        tree.show()
        tree.activateWindow()
    item = tree.strip_item(2)
    assert item is not None
    rect = tree.strip_view.visualItemRect(item)
    with qtbot.waitSignal(tree.version_selected) as selected:
        qtbot.mouseClick(tree.strip_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert selected.args == [2]
    with qtbot.waitSignal(tree.continue_from) as continued:
        qtbot.keyClick(tree.strip_view, Qt.Key.Key_Return)
    assert continued.args == [2]
    with qtbot.waitSignal(tree.compare_requested) as compared:
        tree.compare_button.click()
    assert compared.args == [1, 2]
