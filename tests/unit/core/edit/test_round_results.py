"""What an edit round keeps: versions (several for n > 1), the composite that keeps the
outside of the mask pixel for pixel, usage and cost, a cancel that keeps every input, a
round a crash left running, two rounds and a branch, and a reopen that gives it all back."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from studio.api.client import ApiClient
from studio.core.edit import (
    EMPTY_PROMPT,
    TOO_MANY_IMAGES,
    EditRefused,
    EditRound,
    EditSessions,
    RoundFinished,
    VersionSaved,
)
from studio.media.metadata import read_metadata
from studio.store.database import Database
from studio.store.edits import EditSession, EditStore
from studio.store.images import ImageStore
from tests.fakes.image_server import ImageServer, Reply
from tests.unit.core.edit.conftest import (
    EDITS,
    answer,
    collect,
    decoded,
    gradient,
    mask_png,
    new_session,
    picture,
    spec,
)

RED, GREEN, GREY = (200, 30, 30), (30, 200, 30), (90, 90, 90)
BOX = (16, 12, 40, 30)


def draft(session: EditSession | None) -> tuple[object, ...]:
    """What the next round would send (everything but the dates)."""
    assert session is not None
    return (
        session.base_version_id,
        session.mask_hash,
        session.references,
        session.prompt,
        session.model,
        session.params,
        session.keep_outside,
        session.field,
    )


class Price:
    """2 per million tokens in, 10 per million out."""

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens * 2 + completion_tokens * 10) / 1e6


async def test_n_results_give_n_versions_children_of_the_base_with_usage_and_cost(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    usage = {"input_tokens": 1000, "output_tokens": 2000, "total_tokens": 3000}
    results = (picture((64, 48), GREY), picture((64, 48), GREEN))
    server.script(EDITS, answer(*results, usage=usage))
    session = await new_session(sessions, picture((64, 48), RED), params={"n": 2})
    run = EditRound(edits, client, spec("gpt-image-1"), session, prices=lambda model: Price())

    events = await collect(run)

    saved = [event for event in events if isinstance(event, VersionSaved)]
    assert [event.index for event in saved] == [0, 1]
    assert [edits.images.get(e.version.image_hash) for e in saved] == list(results)
    assert {e.version.parent_id for e in saved} == {session.base_version_id}
    finished = events[-1]
    assert isinstance(finished, RoundFinished) and finished.round is not None
    assert finished.round.usage == usage and finished.round.cost == pytest.approx(0.022)
    assert [v.id for v in finished.versions] == [e.version.id for e in saved]
    assert server.requests_to(EDITS)[0].field("n") == "2"


async def test_keep_outside_gives_back_the_source_outside_the_mask_and_keeps_the_raw(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    source = gradient((64, 48))
    result = picture((128, 96), GREEN)  # another size: scaled to the source first
    server.script(EDITS, answer(result))
    session = await new_session(
        sessions,
        source,
        model="flux-kontext-pro",
        mask=mask_png((64, 48), BOX),
        params={"mask_feather": 2},
    )
    events = await collect(EditRound(edits, client, spec("flux-kontext-pro"), session))

    (saved,) = [event for event in events if isinstance(event, VersionSaved)]
    version = saved.version
    assert (version.width, version.height) == (64, 48)
    assert version.raw_hash is not None and edits.images.get(version.raw_hash) == result
    shown = decoded(edits.images.get(version.image_hash)).convert("RGB")
    original = decoded(source).convert("RGB")
    seam = 2 * 3  # well beyond the feather
    left, top, right, bottom = BOX
    for y in range(48):
        for x in range(64):
            inside_reach = left - seam <= x < right + seam and top - seam <= y < bottom + seam
            if not inside_reach:
                assert shown.getpixel((x, y)) == original.getpixel((x, y)), (x, y)
    assert shown.getpixel((28, 21)) == GREEN  # the middle of the mask is the result


async def test_without_keep_outside_the_result_is_the_version(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    result = picture((64, 48), GREEN, fmt="JPEG")
    server.script(EDITS, answer(result))
    session = await new_session(
        sessions, picture((64, 48), RED), mask=mask_png((64, 48), BOX), keep_outside=False
    )
    events = await collect(EditRound(edits, client, spec("gpt-image-1"), session))
    (saved,) = [event for event in events if isinstance(event, VersionSaved)]
    assert edits.images.get(saved.version.image_hash) == result  # as the relay sent it
    assert saved.version.raw_hash is None


async def test_a_cancelled_round_keeps_every_input_and_the_session(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    gate = server.gate()
    server.script(EDITS, Reply(body={"data": []}, wait=gate))
    session = await new_session(
        sessions,
        picture((64, 48), RED),
        mask=mask_png((64, 48), BOX),
        references=(picture((8, 8), GREEN),),
        params={"quality": "high"},
    )
    run = EditRound(edits, client, spec("gpt-image-1"), session)
    task = asyncio.create_task(collect(run))
    await server.wait_for_requests(1)

    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    (stored,) = edits.rounds(session.id)
    assert stored.status == "cancelled" and stored.finished_at is not None
    assert (stored.mask_hash, stored.references, stored.params, stored.prompt) == (
        session.mask_hash,
        session.references,
        {"quality": "high"},
        "add a red hat",
    )
    assert stored.sent is not None and len(stored.sent["images"]) == 2
    assert draft(edits.session(session.id)) == draft(session)
    assert len(edits.versions(session.id)) == 1


async def test_a_round_a_crash_left_running_comes_back_interrupted(
    db_path: Path, tmp_path: Path, client: ApiClient
) -> None:
    with Database(db_path) as db:
        store = EditStore(db, ImageStore(tmp_path / "images", db))
        sessions = EditSessions(store)
        session = await new_session(sessions, picture((64, 48), RED), mask=mask_png((64, 48), BOX))
        run = EditRound(store, client, spec("gpt-image-1"), session)
        started = run.begin()  # the row is written; then Studio is killed
        assert started.status == "running"

    with Database(db_path) as db:
        store = EditStore(db, ImageStore(tmp_path / "images", db))
        assert EditSessions(store).mark_interrupted_at_startup() == 1
        again = store.round(started.id)
        state = EditSessions(store).reopen(session.id)
    assert again is not None and again.status == "interrupted"
    assert again.mask_hash == session.mask_hash and again.prompt == session.prompt
    assert state is not None and draft(state.session) == draft(session)
    assert len(state.versions) == 1


async def test_two_rounds_and_a_branch_give_the_tree_and_a_reopen_gives_it_back(
    server: ImageServer,
    client: ApiClient,
    db_path: Path,
    tmp_path: Path,
) -> None:
    server.script(
        EDITS,
        answer(picture((64, 48), GREY)),
        answer(picture((64, 48), GREEN)),
        answer(picture((64, 48), (1, 2, 3))),
    )
    with Database(db_path) as db:
        store = EditStore(db, ImageStore(tmp_path / "images", db))
        sessions = EditSessions(store)
        session = await new_session(sessions, picture((64, 48), RED), mask=mask_png((64, 48), BOX))
        root = session.base_version_id
        assert root is not None

        async def apply() -> int:
            current = store.session(session.id)
            assert current is not None
            run = EditRound(store, client, spec("gpt-image-1"), current)
            events = await collect(run)
            return next(e.version.id for e in events if isinstance(e, VersionSaved))

        first = await apply()
        sessions.continue_from(session.id, first)
        second = await apply()
        sessions.continue_from(session.id, root)  # a branch from the source
        branch = await apply()
        before = sessions.reopen(session.id)

    with Database(db_path) as db:
        after = EditSessions(EditStore(db, ImageStore(tmp_path / "images", db))).reopen(session.id)

    assert before is not None and after is not None
    assert [(v.id, v.parent_id, v.depth) for v in after.versions] == [
        (root, None, 0),
        (first, root, 1),
        (second, first, 2),
        (branch, root, 1),
    ]
    assert [r.parent_version_id for r in after.rounds] == [root, first, root]
    assert after == before
    assert after.mask is not None and after.mask == mask_png((64, 48), BOX)
    assert after.session.mask_hash == session.mask_hash  # the mask reused, not repainted


async def test_a_round_is_refused_before_anything_is_recorded(
    client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    session = await new_session(sessions, picture((64, 48), RED), prompt="  ")
    with pytest.raises(EditRefused) as refused:
        EditRound(edits, client, spec("gpt-image-1"), session).begin()
    assert refused.value.problem.code == EMPTY_PROMPT

    crowded = await new_session(
        sessions,
        picture((64, 48), RED),
        model="flux-kontext-pro",
        references=(picture((8, 8), GREEN),),
    )
    with pytest.raises(EditRefused) as refused:
        EditRound(edits, client, spec("flux-kontext-pro"), crowded).begin()
    assert refused.value.problem.code == TOO_MANY_IMAGES
    assert refused.value.problem.data == {"model": "flux-kontext-pro", "count": 2, "limit": 1}
    assert edits.rounds(session.id) == [] and edits.rounds(crowded.id) == []


async def test_an_exported_version_is_a_png_with_its_prompt_chain(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(
        EDITS, answer(picture((64, 48), GREY, fmt="JPEG")), answer(picture((64, 48), GREEN))
    )
    session = await new_session(sessions, picture((64, 48), RED), prompt="添加一顶帽子")
    events = await collect(EditRound(edits, client, spec("gpt-image-1"), session))
    first = next(e.version.id for e in events if isinstance(e, VersionSaved))
    sessions.update_draft(session.id, prompt="make it night")
    moved = sessions.continue_from(session.id, first)
    events = await collect(EditRound(edits, client, spec("gpt-image-1"), moved))
    second = next(e.version.id for e in events if isinstance(e, VersionSaved))

    data = await sessions.export_png(second)
    assert data.startswith(b"\x89PNG")
    info = read_metadata(data)
    assert json.loads(info["prompt_chain"]) == [
        {"prompt": "添加一顶帽子", "model": "gpt-image-1"},
        {"prompt": "make it night", "model": "gpt-image-1"},
    ]
    assert info["prompt"] == "make it night"
    assert sessions.prompt_chain(second) == ["添加一顶帽子", "make it night"]
    jpeg_version = await sessions.export_png(first)  # stored as the relay's JPEG
    assert jpeg_version.startswith(b"\x89PNG") and decoded(jpeg_version).size == (64, 48)
