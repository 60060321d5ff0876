"""The tokens an image answer reported (and their cost, with a price): on the job card, in
the picture's details, and kept in the database for after a restart."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from studio.session.settings_editor import ModelPrice
from studio.ui.images.usage_text import long_usage, short_usage, usage_tokens

from .conftest import WAIT_MS, Studio, wait_finished
from .helpers import cards, fill, press_generate


def test_usage_is_read_in_both_shapes() -> None:
    images = {"input_tokens": 12, "output_tokens": 4160, "total_tokens": 4172}
    chat = {"prompt_tokens": 10, "completion_tokens": 90}
    assert usage_tokens(images) == (4172, 12, 4160)
    assert usage_tokens(chat) == (100, 10, 90)
    assert usage_tokens({}) is None and usage_tokens(None) is None
    assert usage_tokens({"total_tokens": True}) is None

    def price(model: str) -> ModelPrice | None:
        return ModelPrice(5.0, 40.0) if model == "gpt-image-1" else None

    assert short_usage(images, "other", price) == "4,172 tokens"
    assert short_usage(images, "gpt-image-1", price) == "4,172 tokens · ≈ 0.1665"
    assert long_usage(images, "other", price) == "4,172 tokens (12 in, 4,160 out)"
    assert short_usage(None, "gpt-image-1", price) == ""


def test_a_done_job_shows_its_tokens_and_cost_and_keeps_them(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    page.set_price_lookup(lambda model: ModelPrice(2.0, 8.0) if model == "demo-image" else None)
    fill(page, "demo-image", "A teapot on a windowsill", size="96x64", n=1)
    press_generate(page)
    [card] = cards(page)
    assert card.meta_label.text() == "demo-image"  # nothing to tell before the answer
    wait_finished(qtbot, card.job)
    usage = card.job.usage
    assert usage is not None
    total, tokens_in, tokens_out = usage_tokens(usage) or (0, 0, 0)
    cost = (tokens_in * 2.0 + tokens_out * 8.0) / 1_000_000
    assert card.meta_label.text() == f"demo-image · {total:,} tokens · ≈ {cost:.4f}"
    assert f"{tokens_in:,} in" in card.meta_label.toolTip()

    [item] = card.items
    assert page.gallery.select_item(item.id)
    metadata = page.gallery.details.metadata
    qtbot.waitUntil(lambda: metadata.text("usage") != "", timeout=WAIT_MS)
    assert metadata.text("usage").startswith(f"{total:,} tokens ({tokens_in:,} in")

    # After a restart the gallery still knows what the picture cost.
    data_dir = studio.data_dir
    studio.close()
    again = make_studio(data_dir)
    stored = again.session.item(item.id)
    assert stored is not None and usage_tokens(stored.usage) == (total, tokens_in, tokens_out)
    assert again.session.job_history()[0].usage == usage


def test_new_prices_show_at_once_and_a_total_alone_has_no_cost(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    fill(page, "demo-image", "A kite", size="64x64", n=1)
    press_generate(page)
    [card] = cards(page)
    wait_finished(qtbot, card.job)
    assert "≈" not in card.meta_label.text()  # no price yet
    page.set_price_lookup(lambda model: ModelPrice(1.0, 1.0))  # the user saved prices
    assert "≈" in card.meta_label.text()

    def price(model: str) -> ModelPrice | None:
        return ModelPrice(5.0, 40.0)

    only_total = {"total_tokens": 4160}
    assert short_usage(only_total, "m", price) == "4,160 tokens"  # no split: no cost
    assert long_usage(only_total, "m", price) == "4,160 tokens"
