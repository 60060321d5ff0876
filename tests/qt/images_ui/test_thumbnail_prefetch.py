"""A picture that just arrived gets its thumbnail while it is saved, decoded only once."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from pytestqt.qtbot import QtBot

from studio.ui.images.protocols import thumbnail_key
from studio.ui.images.thumbnails import ThumbnailCache

from .conftest import WAIT_MS, Studio, wait_finished
from .helpers import cards, fill, press_generate


def png(width: int, height: int, color: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def test_an_alias_waits_for_the_prefetch_instead_of_decoding_again(
    qtbot: QtBot, tmp_path: Path
) -> None:
    cache = ThumbnailCache(max_side=32)
    try:
        cache.prefetch("arrived:1:0", png(320, 160, (200, 30, 30)))
        cache.alias("image:abc", "arrived:1:0")
        # The saved file is not there: a second decode from it would fail and be remembered.
        missing = tmp_path / "not-written-yet.png"
        with qtbot.waitSignal(
            cache.ready, check_params_cb=lambda key: key == "image:abc", timeout=WAIT_MS
        ):
            assert cache.request("image:abc", missing) is None
        pixmap = cache.pixmap("image:abc")
        assert pixmap is not None and (pixmap.width(), pixmap.height()) == (32, 16)
        assert cache.source_size("image:abc") == (320, 160)
        assert not cache.failed("image:abc")
        assert cache.pixmap("arrived:1:0") is None  # handed over, not kept twice
    finally:
        cache.close()


def test_an_alias_after_the_decode_moves_the_thumbnail(qtbot: QtBot) -> None:
    cache = ThumbnailCache(max_side=32)
    try:
        with qtbot.waitSignal(cache.ready, timeout=WAIT_MS):
            cache.prefetch("arrived:2:0", png(64, 64, (10, 200, 10)))
        with qtbot.waitSignal(
            cache.ready, check_params_cb=lambda key: key == "image:def", timeout=WAIT_MS
        ):
            cache.alias("image:def", "arrived:2:0")
        assert cache.pixmap("image:def") is not None
        assert cache.pixmap("arrived:2:0") is None
    finally:
        cache.close()


def test_a_failed_prefetch_lets_the_saved_file_be_decoded(qtbot: QtBot, tmp_path: Path) -> None:
    cache = ThumbnailCache(max_side=32)
    saved = tmp_path / "saved.png"
    saved.write_bytes(png(50, 100, (0, 0, 250)))
    try:
        cache.prefetch("arrived:3:0", b"this is not a picture")
        cache.alias("image:ghi", "arrived:3:0")
        with qtbot.waitSignal(
            cache.ready, check_params_cb=lambda key: key == "image:ghi", timeout=WAIT_MS
        ):
            pass
        with qtbot.waitSignal(
            cache.ready, check_params_cb=lambda key: key == "image:ghi", timeout=WAIT_MS
        ):
            assert cache.request("image:ghi", saved) is None
        pixmap = cache.pixmap("image:ghi")
        assert pixmap is not None and (pixmap.width(), pixmap.height()) == (16, 32)
    finally:
        cache.close()


def test_generated_pictures_get_their_thumbnails_from_the_arrived_bytes(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    ready: list[str] = []
    page.thumbnails.ready.connect(ready.append)
    fill(page, "demo-image", "A lighthouse at dusk", size="96x64", n=2)
    press_generate(page)
    [card] = cards(page)
    arrived: list[int] = []
    card.job.image_arrived.connect(lambda index, _data: arrived.append(index))
    wait_finished(qtbot, card.job)
    assert card.job.state == "done" and arrived == [0, 1]
    keys = {thumbnail_key(item) for item in card.items}
    qtbot.waitUntil(
        lambda: all(page.thumbnails.pixmap(k) is not None for k in keys), timeout=WAIT_MS
    )
    # Each picture was decoded once, under its arrival key, and served under its own.
    assert {key for key in ready if key.startswith("arrived:")} == {
        f"arrived:{card.job.id}:0",
        f"arrived:{card.job.id}:1",
    }
    assert all(page.thumbnails.pixmap(f"arrived:{card.job.id}:{i}") is None for i in (0, 1))
    assert not any(page.thumbnails.failed(key) for key in keys)
