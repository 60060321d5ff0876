"""QA regressions on the gallery side: "Reuse all parameters" gives back exactly the run, the
viewer keeps its place while pictures go and come, and extra-field errors are explained."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QPlainTextEdit
from pytestqt.qtbot import QtBot

from .conftest import WAIT_MS, Studio, wait_finished
from .helpers import cards, fill, press_generate


def _make_pictures(page: object, qtbot: QtBot, prompts: list[str], n: int = 2) -> None:
    for prompt in prompts:
        fill(page, "demo-image", prompt, size="32x32", n=n)  # type: ignore[arg-type]
        press_generate(page)  # type: ignore[arg-type]
        wait_finished(qtbot, cards(page)[0].job)  # type: ignore[arg-type]


def test_reuse_does_not_keep_values_that_the_run_left_to_the_relay(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    page = make_studio().page
    _make_pictures(page, qtbot, ["A plain square"], n=1)
    model = page.gallery.model
    qtbot.waitUntil(lambda: model.item_count == 1, timeout=WAIT_MS)
    [item] = model.items()
    assert "aspect_ratio" not in item.params

    # Since then the user picked an aspect ratio (and typed a negative prompt).
    fill(page, "demo-image", "Something else", aspect_ratio="16:9", n=3)
    page.create_panel.negative.setPlainText("no people")
    page.reuse(item.id)

    inputs = page.create_panel.inputs(resolve=False)
    assert inputs.prompt == "A plain square" and inputs.negative_prompt is None
    assert dict(inputs.values) == {"size": "32x32", "seed": item.seed, "n": 1}
    press_generate(page)
    again = cards(page)[0].job
    assert again.params == item.params  # the same request as the picture's


def test_the_viewer_moves_on_when_its_picture_is_deleted_and_counts_new_ones(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    page = make_studio().page
    _make_pictures(page, qtbot, ["first", "second", "third"])
    model = page.gallery.model
    qtbot.waitUntil(lambda: model.item_count == 6, timeout=WAIT_MS)
    items = model.items()
    viewer = page.open_viewer(items[1].id)
    assert viewer is not None and viewer.position_label.text() == "2 of 6"

    page.gallery.delete_item(items[1].id)  # from the gallery, while the viewer is open
    assert viewer.item is not None and viewer.item.id == items[2].id
    assert viewer.position_label.text() == "2 of 5"
    viewer.show_next()
    assert viewer.item.id == items[3].id  # nothing skipped
    viewer.show_previous()
    assert viewer.item.id == items[2].id

    _make_pictures(page, qtbot, ["fourth"], n=1)  # a new picture arrives on top
    qtbot.waitUntil(lambda: model.item_count == 6, timeout=WAIT_MS)
    assert viewer.item.id == items[2].id
    assert viewer.position_label.text() == "3 of 6"
    assert viewer.prev_button.isEnabled() and viewer.next_button.isEnabled()


def test_the_viewer_closes_when_the_last_picture_is_deleted(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    page = make_studio().page
    _make_pictures(page, qtbot, ["only one"], n=1)
    model = page.gallery.model
    qtbot.waitUntil(lambda: model.item_count == 1, timeout=WAIT_MS)
    [item] = model.items()
    viewer = page.open_viewer(item.id)
    assert viewer is not None and viewer.isVisible()
    page.gallery.delete_item(item.id)
    assert not viewer.isVisible()


def test_extra_field_errors_are_explained_in_the_ui_language(
    make_studio: Callable[..., Studio],
) -> None:
    page = make_studio().page
    fill(page, "a-relay-model", "A fox")
    extra = page.findChild(QPlainTextEdit, "extraJson")
    hint = page.findChild(QLabel, "extraJsonHint")
    for text, reason in (
        ('{"steps": ', "a value is missing"),
        ('{"steps": 3 "cfg": 7}', "a comma is missing"),
        ("{steps: 3}", "a field name in double quotes is expected"),
        ('{"steps": 3} x', "there is more after the object"),
    ):
        extra.setPlainText(text)
        assert hint.isVisibleTo(page)
        assert hint.text().endswith(reason), hint.text()
    extra.setPlainText('{"steps": 3}')
    assert not hint.isVisibleTo(page)
