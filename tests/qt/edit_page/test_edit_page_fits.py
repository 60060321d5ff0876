"""The Edit page's words fit at the widths a small screen gives, in English and Chinese:
no button drawn over its own text, no label cut, the version rows' first line whole."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from studio.ui.edit.page import EditPage
from studio.ui.edit.version_delegate import GAP, PAD, ROW_THUMB, NodeRole, NumberRole
from studio.ui.edit.version_text import ELLIPSIS
from tests.qt.edit_page.test_edit_session import apply_round, open_picture, photo, pick_model
from tests.qt.fits import clipped_texts


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("width", [1222, 1140])
def test_nothing_is_cut_on_the_edit_page(
    make_studio: Callable[..., Any],
    qtbot: QtBot,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    language: str,
    width: int,
) -> None:
    if language == "zh_CN":
        request.getfixturevalue("chinese")
    window = make_studio(language=language).window
    window.resize(width, 800)
    window.navigation.select(2)
    page: EditPage = window.edit_page
    open_picture(qtbot, page, photo(tmp_path / "harbour.png", (800, 500)))
    pick_model(page, "demo-image-remix")
    apply_round(qtbot, page, "a hot-air balloon")
    qtbot.waitUntil(lambda: page.versions.tree_view.model().rowCount() > 0)
    assert clipped_texts(page) == []

    # The source's row names it and its size on the first line, nothing elided.
    tree = page.versions.tree_view
    index = tree.model().index(0, 0)
    delegate = tree.itemDelegate()
    room = tree.visualRect(index).width() - 2 * PAD - 4 - ROW_THUMB - GAP  # as painted
    number = int(index.data(NumberRole) or 0)
    title, _details = delegate.row_lines(index.data(NodeRole), number, tree.font(), room)
    assert "800×500" in title and not title.endswith(ELLIPSIS), title

    # Comparing shows more buttons in the header.
    versions = [v.id for v in page.document.state.versions]
    page.show_compare(versions[0], versions[-1])
    qtbot.waitUntil(lambda: page.center.currentWidget() is page.compare)
    assert clipped_texts(page) == []
