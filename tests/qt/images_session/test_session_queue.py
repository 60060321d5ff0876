"""Jobs side by side, the visible queue, and Cancel (the connection really closes)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from studio.session.images import ImageJob, ImageStudioSession
from studio.store.gallery import GalleryStore
from tests.qt.images_session.conftest import Run, b64, picture, settled
from tests.qt.images_session.loopback import Answer, Loopback
from tests.qt.signals import Recorder, expect

MakeSession = Callable[..., ImageStudioSession]
GENERATIONS = "/v1/images/generations"
RESULT = {"data": [{"b64_json": b64(picture("PNG", seed=3))}]}


def test_a_second_job_waits_in_the_queue_until_the_first_ends(
    run: Run, loopback: Loopback, make_session: MakeSession
) -> None:
    gate = asyncio.Event()
    loopback.answer(GENERATIONS, Answer(body=RESULT, gate=gate), Answer(body=RESULT))
    session = make_session(loopback.base_url, max_concurrent=1)

    async def scenario() -> tuple[ImageJob, ImageJob, list[str]]:
        first = session.generate("seedream-3.0", "first", {})
        second = session.generate("seedream-3.0", "second", {})
        states: list[str] = []
        second.state_changed.connect(states.append)
        await loopback.wait_for_requests(1)
        # The slow answer is held back: the second job is visibly queued, not sent.
        assert (first.state, second.state) == ("running", "queued")
        assert session.running_jobs() == [first] and session.queued_jobs() == [second]
        assert second.started_at is None and second.elapsed() == 0.0
        assert len(loopback.requests) == 1
        second_running = expect(second.state_changed, lambda s: s == "running")
        gate.set()
        assert await settled(first) == "done"
        await second_running
        await settled(second)
        return first, second, states

    first, second, states = run(scenario())
    assert states == ["running", "done"]
    assert [seen.json()["prompt"] for seen in loopback.to(GENERATIONS)] == ["first", "second"]
    assert second.started_at is not None and first.finished_at is not None
    assert second.started_at >= first.finished_at
    assert session.jobs() == [first, second]


def test_jobs_run_side_by_side_up_to_the_limit(
    run: Run, loopback: Loopback, make_session: MakeSession
) -> None:
    gate = asyncio.Event()
    loopback.answer(GENERATIONS, Answer(body=RESULT, gate=gate))
    session = make_session(loopback.base_url, max_concurrent=2)

    async def scenario() -> list[ImageJob]:
        jobs = [session.generate("imagen4", f"picture {i}", {}) for i in range(3)]
        await loopback.wait_for_requests(2)  # two requests in flight at the same time
        assert [job.state for job in jobs] == ["running", "running", "queued"]
        gate.set()
        for job in jobs:
            await settled(job)
        return jobs

    jobs = run(scenario())
    assert [job.state for job in jobs] == ["done"] * 3
    assert len(loopback.requests) == 3


def test_cancel_closes_the_connection_and_saves_nothing(
    run: Run, loopback: Loopback, make_session: MakeSession, gallery: GalleryStore
) -> None:
    never = asyncio.Event()
    loopback.answer(GENERATIONS, Answer(body=RESULT, gate=never))
    session = make_session(loopback.base_url)

    async def scenario() -> ImageJob:
        job = session.generate("dall-e-3", "an expensive picture", {"quality": "hd"})
        seen = Recorder(state=job.state_changed, failed=job.failed, finished=job.finished)
        await loopback.wait_for_requests(1)
        job.cancel()
        assert job.state == "cancelled"  # at once, for the job card
        await loopback.requests[0].closed.wait()  # the relay sees the connection close
        assert seen.of("failed") == [] and seen.of("finished") == []
        assert seen.of("state") == [("cancelled",)]
        job.cancel()  # a second press changes nothing
        return job

    job = run(scenario())
    assert job.items == [] and gallery.count() == 0
    record = gallery.job(job.id)
    assert record is not None and record.status == "cancelled"
    assert record.prompt == "an expensive picture" and record.params == {"quality": "hd"}
    assert list(gallery.images.root.rglob("*.*")) == []


def test_a_cancelled_queued_job_is_never_sent(
    run: Run, loopback: Loopback, make_session: MakeSession, gallery: GalleryStore
) -> None:
    gate = asyncio.Event()
    loopback.answer(GENERATIONS, Answer(body=RESULT, gate=gate), Answer(body=RESULT))
    session = make_session(loopback.base_url, max_concurrent=1)

    async def scenario() -> tuple[ImageJob, ImageJob, ImageJob]:
        first = session.generate("imagen4", "first", {})
        dropped = session.generate("imagen4", "dropped", {})
        await loopback.wait_for_requests(1)
        dropped.cancel()
        assert dropped.state == "cancelled" and session.queued_jobs() == []
        gate.set()
        await settled(first)
        third = session.generate("imagen4", "third", {})
        await settled(third)
        return first, dropped, third

    first, dropped, third = run(scenario())
    assert [seen.json()["prompt"] for seen in loopback.to(GENERATIONS)] == ["first", "third"]
    assert (first.state, dropped.state, third.state) == ("done", "cancelled", "done")
    assert dropped.started_at is None
    assert gallery.job(dropped.id).status == "cancelled"  # type: ignore[union-attr]
    session.clear_finished()
    assert session.jobs() == []


def test_closing_waits_for_a_picture_being_saved(
    run: Run, loopback: Loopback, make_session: MakeSession, gallery: GalleryStore
) -> None:
    big = picture("PNG", size=(1500, 1500), seed=8)  # a few MB: its save takes a while
    loopback.answer(GENERATIONS, Answer(body={"data": [{"b64_json": b64(big)}]}))
    session = make_session(loopback.base_url)

    async def scenario() -> ImageJob:
        job = session.generate("dall-e-3", "saved while the app quits", {})
        arrived = asyncio.get_running_loop().create_future()
        job.image_arrived.connect(lambda *_: arrived.done() or arrived.set_result(None))
        await arrived  # the picture is decoded and its save is starting: now the app quits
        await session.aclose()
        # Nothing more is awaited: what aclose() waited for is all there is.
        assert [item.job_id for item in gallery.job_items(job.id)] == [job.id]
        return job

    job = run(scenario())
    assert job.state == "cancelled" and len(job.items) == 1
    assert job.items[0].path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
