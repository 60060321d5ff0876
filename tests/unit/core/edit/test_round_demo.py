"""A whole round against the offline demo relay (studio/demo on 127.0.0.1): its edit model
honours the mask, so what the round sent (a valid mask at the base's size) shows in the
result; keep-outside then gives the source back outside the mask, pixel for pixel."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.core.edit import (
    EditRound,
    EditSessions,
    FieldLearned,
    RoundFinished,
    VersionSaved,
)
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


async def test_the_demo_banana_edits_through_chat_and_the_outside_is_kept(
    demo: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    source = gradient((64, 48))
    session = await new_session(
        sessions,
        source,
        model="demo-banana",
        prompt="a banana hat",
        mask=mask_png((64, 48), BOX),
        params={"aspect_ratio": "1:1"},
    )
    events = await collect(EditRound(edits, demo, spec("demo-banana"), session))

    finished = events[-1]
    assert isinstance(finished, RoundFinished) and finished.status == "done", finished
    assert finished.round is not None and finished.round.sent is not None
    assert finished.round.sent["route"] == "chat"
    (saved,) = [event for event in events if isinstance(event, VersionSaved)]
    assert saved.version.raw_hash is not None
    shown = decoded(edits.images.get(saved.version.image_hash)).convert("RGB")
    original = decoded(source).convert("RGB")
    assert shown.size == original.size
    for x, y in ((0, 0), (63, 47), (5, 40), (60, 3)):  # far from the mask
        assert shown.getpixel((x, y)) == original.getpixel((x, y))


async def test_a_demo_relay_that_takes_one_field_form_is_answered_with_the_other(
    sessions: EditSessions, edits: EditStore
) -> None:
    with DemoRelay(token_rate=0, edit_field="image") as relay:
        config = ProviderConfig(base_url=relay.base_url, api_key="demo", proxy_mode="none")
        async with ApiClient(config) as api:
            session = await new_session(
                sessions,
                gradient((64, 48)),
                model="demo-image-remix",
                prompt="remix",
                references=(gradient((16, 16)),),
            )
            run = EditRound(edits, api, spec("demo-image-remix"), session)
            events = await collect(run)

    assert [type(e).__name__ for e in events].count("Retrying") == 1
    assert run.posts == 2 and run.field == "image"
    assert any(isinstance(e, FieldLearned) and e.field == "image" for e in events)
    finished = events[-1]
    assert isinstance(finished, RoundFinished) and finished.status == "done", finished
