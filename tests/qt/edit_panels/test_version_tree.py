"""The version tree: branch layout, selection, continue, compare, take-out actions, statuses,
a hundred versions, the strip, drag out and long Chinese prompts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from studio.ui.edit import version_layout
from studio.ui.edit.panel_thumbs import PanelThumbnails
from studio.ui.edit.values import Thumbnail, VersionNode
from studio.ui.edit.version_tree import VersionTree

from .conftest import WAIT_MS, png

CHINESE = (
    "把湖面上的船换成一只白色的天鹅，保持倒影和周围的光线不变，"
    "并且让整个画面更温暖一些🎨然后再加上晚霞"
)


def node(
    version_id: int,
    parent: int | None,
    *,
    status: str = "done",
    prompt: str = "",
    thumbnail: Thumbnail = b"",
    cost: float | None = None,
) -> VersionNode:
    return VersionNode(
        id=version_id,
        parent_id=parent,
        thumbnail=thumbnail or None,
        prompt=prompt or f"edit number {version_id}",
        model="gpt-image-1",
        cost=cost,
        status=status,
        created_at=1_700_000_000.0 + version_id,
        is_source=parent is None,
    )


def branched() -> list[VersionNode]:
    """Source 1 → 2 → 3; 2 → 4 (a branch) → 5 (failed); 1 → 6 (interrupted branch)."""
    return [
        node(1, None),
        node(2, 1, cost=0.04),
        node(3, 2),
        node(4, 2),
        node(5, 4, status="failed"),
        node(6, 1, status="interrupted"),
    ]


def make_tree(qtbot: QtBot, nodes: list[VersionNode], current: int | None = 3) -> VersionTree:
    tree = VersionTree()
    qtbot.addWidget(tree)
    tree.set_versions(nodes, current=current)
    tree.resize(320, 560)
    with qtbot.waitActive(tree, timeout=WAIT_MS):
        tree.show()
        tree.activateWindow()
    return tree


def ids(items: list[QTreeWidgetItem]) -> list[int]:
    return [item.data(0, Qt.ItemDataRole.UserRole + 1).id for item in items]


def children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [item.child(i) for i in range(item.childCount())]


def click(qtbot: QtBot, tree: VersionTree, version_id: int, ctrl: bool = False) -> None:
    item = tree.tree_item(version_id)
    assert item is not None
    view = tree.tree_view
    view.scrollToItem(item)
    rect = view.visualItemRect(item)
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_layout_nests_branches_and_continues_lines() -> None:
    rows = version_layout.layout(branched())
    assert [row.node.id for row in rows] == [1, 2, 3]
    source, first, _ = rows
    assert [row.node.id for row in source.nested] == [6]  # the later child of the source
    assert [row.node.id for row in first.nested] == [4, 5]  # 4 branches, 5 continues it
    flat = version_layout.flatten(rows)
    assert [(n.id, depth) for n, depth in flat] == [(1, 0), (6, 1), (2, 0), (4, 1), (5, 1), (3, 0)]
    assert version_layout.numbers(branched()) == {1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5}


def test_layout_keeps_orphans_and_cycles() -> None:
    nodes = [node(1, None), node(2, 99), node(3, 4), node(4, 3)]
    placed = [n.id for n, _ in version_layout.flatten(version_layout.layout(nodes))]
    assert sorted(placed) == [1, 2, 3, 4]


def test_the_tree_shows_the_branches(qtbot: QtBot) -> None:
    tree = make_tree(qtbot, branched())
    assert tree.objectName() == "versionTree"
    view = tree.tree_view
    top = [view.topLevelItem(i) for i in range(view.topLevelItemCount())]
    assert ids(top) == [1, 2, 3]
    assert ids(children(top[0])) == [6]
    assert ids(children(top[1])) == [4, 5]
    assert all(item.isExpanded() for item in top[:2])
    assert tree.name(1) == "Original" and tree.name(4) == "v3"
    assert tree.count_label.text() == "6"
    # The logical parents are kept on the values.
    assert [tree.node(i).parent_id for i in (4, 5, 6)] == [2, 4, 1]  # type: ignore[union-attr]


def test_statuses_are_shown(qtbot: QtBot) -> None:
    tree = make_tree(qtbot, branched())
    failed, interrupted = tree.tree_item(5), tree.tree_item(6)
    assert failed is not None and interrupted is not None
    assert "Status: failed" in failed.toolTip(0)
    assert "Status: interrupted" in interrupted.toolTip(0)
    assert "Status" not in (tree.tree_item(2) or QTreeWidgetItem()).toolTip(0)
    assert "≈ 0.0400" in (tree.tree_item(2) or QTreeWidgetItem()).toolTip(0)
    # A version without a picture cannot be continued from or compared.
    click(qtbot, tree, 5)
    assert tree.selected_ids() == [5]
    assert not tree.continue_button.isEnabled()
    assert not tree.compare_button.isEnabled()
    menu = tree.context_menu(5)
    enabled = {a.text(): a.isEnabled() for a in menu.actions() if a.text()}
    assert not enabled["Continue from here"] and not enabled["Export…"]


def test_selecting_continuing_and_comparing_with_the_parent(qtbot: QtBot) -> None:
    tree = make_tree(qtbot, branched())
    with qtbot.waitSignal(tree.version_selected) as selected:
        click(qtbot, tree, 4)
    assert selected.args == [4]
    assert tree.continue_button.isEnabled()
    with qtbot.waitSignal(tree.continue_from) as continued:
        tree.continue_button.click()
    assert continued.args == [4]
    with qtbot.waitSignal(tree.compare_requested) as compared:
        tree.compare_button.click()
    assert compared.args == [2, 4]  # the parent first
    # The base being edited: nothing to continue to.
    tree.set_current(4)
    assert not tree.continue_button.isEnabled()
    # Enter on another row continues from it.
    tree.select(2)
    with qtbot.waitSignal(tree.continue_from) as continued:
        qtbot.keyClick(tree.tree_view, Qt.Key.Key_Return)
    assert continued.args == [2]


def test_ctrl_click_picks_two_to_compare(qtbot: QtBot) -> None:
    tree = make_tree(qtbot, branched())
    click(qtbot, tree, 3)
    click(qtbot, tree, 4, ctrl=True)
    assert tree.selected_ids() == [3, 4]
    assert tree.compare_bar.isVisible()
    assert tree.compare_hint.text() == "v2 and v3 selected"
    assert not tree.continue_button.isEnabled()
    with qtbot.waitSignal(tree.compare_requested) as compared:
        tree.compare_button.click()
    assert compared.args == [3, 4]  # older first
    click(qtbot, tree, 1, ctrl=True)  # a third: the first picked leaves the selection
    assert tree.selected_ids() == [4, 1]
    with qtbot.waitSignal(tree.compare_requested) as compared:
        tree.compare_button.click()
    assert compared.args == [1, 4]


def test_compare_with_then_click(qtbot: QtBot) -> None:
    tree = make_tree(qtbot, branched())
    click(qtbot, tree, 3)
    menu = tree.context_menu(3)
    [pick] = [a for a in menu.actions() if a.text() == "Compare with…"]
    pick.trigger()
    assert tree.compare_bar.isVisible()
    assert "compare with v2" in tree.compare_hint.text()
    with qtbot.waitSignal(tree.compare_requested) as compared:
        click(qtbot, tree, 1)
    assert compared.args == [1, 3]
    assert not tree.compare_bar.isVisible()
    # Esc leaves the pick without comparing.
    tree.pick_compare(2)
    qtbot.keyClick(tree.tree_view, Qt.Key.Key_Escape)
    assert not tree.compare_bar.isVisible()
    with qtbot.assertNotEmitted(tree.compare_requested):
        click(qtbot, tree, 4)


def test_take_out_actions(qtbot: QtBot) -> None:
    tree = make_tree(qtbot, branched())
    click(qtbot, tree, 2)
    signals = {
        "Export…": tree.export_requested,
        "Copy": tree.copy_requested,
        "Send to chat": tree.send_to_chat,
        "Add to gallery": tree.add_to_gallery,
    }
    for text, signal in signals.items():
        menu = tree.context_menu(2)
        [action] = [a for a in menu.actions() if a.text() == text]
        with qtbot.waitSignal(signal) as emitted:
            action.trigger()
        assert emitted.args == [2], text
    with qtbot.waitSignal(tree.copy_requested) as copied:
        qtbot.keyClick(tree.tree_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert copied.args == [2]


def test_versions_drag_out_as_files(qtbot: QtBot, tmp_path: Path) -> None:
    files = {2: tmp_path / "v1.png", 3: tmp_path / "v2.png"}
    for path in files.values():
        path.write_bytes(png())
    tree = make_tree(qtbot, branched())
    tree.file_for = files.get
    items = [tree.tree_item(2), tree.tree_item(3), tree.tree_item(5)]
    mime = tree.tree_view.mimeData([item for item in items if item is not None])
    assert [url.toLocalFile() for url in mime.urls()] == [str(files[2]), str(files[3])]
    tree.set_compact(True)
    strip_item = tree.strip_item(3)
    assert strip_item is not None
    strip_mime = tree.strip_view.mimeData([strip_item])
    assert [url.toLocalFile() for url in strip_mime.urls()] == [str(files[3])]


class CountingThumbnails(PanelThumbnails):
    """Records which thumbnails were asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def pixmap(self, key: str, source: Thumbnail):  # type: ignore[no-untyped-def]
        self.asked.add(key)
        return super().pixmap(key, source)


def hundred() -> list[VersionNode]:
    nodes = [node(1, None, thumbnail=png(64, 48, 0))]
    for i in range(2, 101):
        parent = i - 1 if i % 10 else i - 5  # a branch every ten versions
        nodes.append(node(i, parent, thumbnail=png(64, 48, i * 3)))
    return nodes


def test_a_hundred_versions_fill_at_once_and_decode_what_shows(qtbot: QtBot) -> None:
    thumbnails = CountingThumbnails()
    tree = VersionTree(thumbnails=thumbnails)
    qtbot.addWidget(tree)
    tree.resize(320, 480)
    tree.show()
    qtbot.waitExposed(tree)
    tree.set_versions(hundred(), current=100)
    QApplication.processEvents()
    view = tree.tree_view
    every: list[QTreeWidgetItem] = []
    stack = [view.topLevelItem(i) for i in range(view.topLevelItemCount())]
    while stack:
        item = stack.pop()
        every.append(item)
        stack.extend(children(item))
    assert len(every) == 100
    qtbot.waitUntil(lambda: bool(thumbnails.asked), timeout=WAIT_MS)
    assert len(thumbnails.asked) < 30  # only the rows on screen
    first = sorted(thumbnails.asked)[0]
    qtbot.waitUntil(lambda: thumbnails.cache.pixmap(first) is not None, timeout=WAIT_MS)
    tree.select(100)  # scrolling to the end asks for those rows
    QApplication.processEvents()
    qtbot.waitUntil(lambda: "version:100" in thumbnails.asked, timeout=WAIT_MS)
    tree.set_compact(True)
    assert tree.strip_view.count() == 100
    assert tree.selected_ids() == [100]
    tree.shutdown()
    thumbnails.cache.close()


def test_the_strip_and_the_tree_at_narrow_and_wide_windows(qtbot: QtBot) -> None:
    tree = make_tree(qtbot, branched())
    click(qtbot, tree, 4)
    for width, compact in ((260, False), (420, False), (900, True), (1600, True)):
        tree.set_compact(compact)
        tree.resize(width, 180 if compact else 560)
        QApplication.processEvents()
        assert tree.width() <= max(width, tree.minimumSizeHint().width())
        assert tree.selected_ids() == [4]
        view = tree.strip_view if compact else tree.tree_view
        assert view.isVisible()
        buttons = tree.continue_button.geometry().united(tree.more_button.geometry())
        assert tree.rect().contains(buttons), width
        if not compact:
            assert not tree.tree_view.horizontalScrollBar().isVisible()
    assert tree.minimumSizeHint().width() <= 340
    # The strip (1, 6, 2, 4, 5, 3) says what a tile was made from where that is not the tile
    # before it.
    notes = {}
    for version_id in (1, 6, 2, 4, 5, 3):
        strip_item = tree.strip_item(version_id)
        assert strip_item is not None
        notes[version_id] = strip_item.data(Qt.ItemDataRole.UserRole + 3)
    assert notes == {1: None, 6: None, 2: "from Original", 4: None, 5: None, 3: "from v1"}


def test_long_chinese_prompts_elide_on_a_character(qtbot: QtBot) -> None:
    tree = make_tree(qtbot, [node(1, None), node(2, 1, prompt=CHINESE + "\n第二行")])
    version = tree.node(2)
    assert version is not None
    full = "v1 · " + CHINESE + " 第二行"
    font = tree.tree_view.font()
    for width in (60, 120, 180, 240):
        title, _ = tree.tree_delegate.row_lines(version, 1, font, width)
        assert title.endswith("…"), width
        assert full.startswith(title[:-1]), width
        title.encode("utf-8")  # no half of a surrogate pair
    item = tree.tree_item(2)
    assert item is not None
    assert CHINESE in item.toolTip(0)  # the whole prompt, as plain text
    tree.set_versions([node(1, None), node(2, 1, prompt="<b>bold</b> & <i>raw</i>")])
    tip = (tree.tree_item(2) or QTreeWidgetItem()).toolTip(0)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;raw&lt;/i&gt;" in tip
