"""A whole round against the offline demo relay (studio/demo on 127.0.0.1): its edit model
honours the mask, so what the round sent (a valid mask at the base's size) shows in the
result; keep-outside then gives the source back outside the mask, pixel for pixel."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.core.edit import EditRound, EditSessions, RoundFinished, VersionSaved
from studio.demo import DemoRelay
from studio.store.edits import EditStore
from tests.unit.core.edit.conftest import collect, decoded, gradient, mask_png, new_session, spec

BOX = (20, 16, 44, 32)


@pytest.fixture(scope="module")
def relay() -> Iterator[DemoRelay]:
    with DemoRelay(token_rate=0) as running:
        yield running


@pytest.fixture
async def demo(relay: DemoRelay) -> AsyncIterator[ApiClient]:
    config = ProviderConfig(base_url=relay.base_url, api_key="demo", name="demo", proxy_mode="none")
    async with ApiClient(config) as api:
        yield api


@pytest.mark.parametrize("keep_outside", [False, True])
async def test_the_demo_edit_changes_only_the_masked_region(
    demo: ApiClient, sessions: EditSessions, edits: EditStore, keep_outside: bool
) -> None:
    source = gradient((64, 48))
    session = await new_session(
        sessions,
        source,
        model="demo-image-edit",
        prompt="invert the middle",
        mask=mask_png((64, 48), BOX),
        keep_outside=keep_outside,
    )
    events = await collect(EditRound(edits, demo, spec("demo-image-edit"), session))

    finished = events[-1]
    assert isinstance(finished, RoundFinished) and finished.status == "done", finished
    (saved,) = [event for event in events if isinstance(event, VersionSaved)]
    shown = decoded(edits.images.get(saved.version.image_hash)).convert("RGB")
    original = decoded(source).convert("RGB")
    assert shown.size == original.size
    reach = 8  # beyond the seam of keep-outside
    left, top, right, bottom = BOX
    changed_inside = 0
    for y in range(48):
        for x in range(64):
            near = left - reach <= x < right + reach and top - reach <= y < bottom + reach
            if not near:
                assert shown.getpixel((x, y)) == original.getpixel((x, y)), (x, y)
            elif left <= x < right and top <= y < bottom:
                changed_inside += shown.getpixel((x, y)) != original.getpixel((x, y))
    assert changed_inside > (right - left) * (bottom - top) // 2
    assert (saved.version.raw_hash is not None) == keep_outside
