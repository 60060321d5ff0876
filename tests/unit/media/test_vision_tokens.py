"""Token estimates and model-side sizes follow relay-docs.md "Token cost" exactly."""

from __future__ import annotations

import pytest

from studio.media.tokens import resized_for_detail, tile_count, vision_tokens


@pytest.mark.parametrize(
    ("width", "height", "tokens"),
    [
        (1024, 1024, 765),  # documented: 768×768, 4 tiles
        (2048, 4096, 1105),  # documented: 768×1536, 6 tiles
        (4096, 8192, 1105),  # fits 2048 first, then the same as above
        (512, 512, 255),  # one tile, never enlarged
        (100, 60, 255),  # a tiny icon still costs one tile
        (800, 600, 765),  # short side below 768 stays: 2×2 tiles
        (1920, 1080, 1105),  # 1365×768: 3×2 tiles
        (4000, 3000, 765),  # 12-MP photo → 1024×768: 2×2 tiles
        (12000, 9000, 765),
        (1080, 4000, 1445),  # tall screenshot → 553×2048: 2×4 tiles
        (513, 513, 765),  # one pixel over a tile boundary costs a whole tile row
    ],
)
def test_high_detail_tokens(width: int, height: int, tokens: int) -> None:
    assert vision_tokens(width, height, "high") == tokens


@pytest.mark.parametrize(("width", "height"), [(1, 1), (1024, 1024), (2048, 4096), (12000, 9000)])
def test_low_detail_is_always_85(width: int, height: int) -> None:
    assert vision_tokens(width, height, "low") == 85


def test_auto_is_estimated_as_high() -> None:
    assert vision_tokens(2048, 4096, "auto") == vision_tokens(2048, 4096, "high") == 1105


@pytest.mark.parametrize(
    ("size", "detail", "expected"),
    [
        ((1024, 1024), "high", (768, 768)),
        ((2048, 4096), "high", (768, 1536)),
        ((4000, 3000), "high", (1024, 768)),
        ((4000, 3000), "auto", (1024, 768)),
        ((1920, 1080), "high", (1365, 768)),
        ((1000, 5000), "high", (410, 2048)),
        ((640, 480), "high", (640, 480)),
        ((4000, 3000), "low", (512, 384)),
        ((3000, 4000), "low", (384, 512)),
        ((300, 200), "low", (300, 200)),
    ],
)
def test_resized_for_detail(size: tuple[int, int], detail: str, expected: tuple[int, int]) -> None:
    assert resized_for_detail(*size, detail) == expected


@pytest.mark.parametrize(
    "size", [(4000, 3000), (1920, 1080), (1000, 5000), (2048, 4096), (7, 9001)]
)
@pytest.mark.parametrize("detail", ["low", "high"])
def test_resizing_twice_changes_nothing(size: tuple[int, int], detail: str) -> None:
    once = resized_for_detail(*size, detail)
    assert resized_for_detail(*once, detail) == once
    assert vision_tokens(*once, detail) == vision_tokens(*size, detail)


def test_tile_count() -> None:
    assert tile_count(512, 512) == 1
    assert tile_count(768, 1536) == 6


@pytest.mark.parametrize(("args"), [(100, 100, "medium"), (0, 100, "high"), (100, -1, "low")])
def test_bad_arguments_are_refused(args: tuple[int, int, str]) -> None:
    with pytest.raises(ValueError):
        vision_tokens(*args)
