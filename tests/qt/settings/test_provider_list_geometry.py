"""The provider list shows every row whole: no row drawn over its neighbour."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from studio.ui.settings import SettingsDialog


def test_every_provider_row_is_whole_and_none_overlaps_the_next(
    qtbot: QtBot, dialog: SettingsDialog
):
    providers = dialog.providers_page.provider_list
    rows = [providers.visualItemRect(providers.item(r)) for r in range(providers.count())]
    names = [providers.item(r).text() for r in range(providers.count())]
    assert "llama.cpp server" in names
    text_height = providers.fontMetrics().height()
    for row, rect in enumerate(rows):
        assert rect.height() >= text_height, names[row]
        assert providers.viewport().rect().contains(rect), names[row]
    for above, below, name in zip(rows, rows[1:], names[1:], strict=False):
        assert not above.intersects(below), f"{name} is drawn over the row above it"
