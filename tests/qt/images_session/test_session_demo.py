"""Image jobs against the real demo relay: saved files, their metadata and database rows,
streamed previews, a relay failure, and a gallery that survives a restart."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from studio.demo.server import DemoRelay
from studio.media.metadata import read_metadata
from studio.session.images import ImageJob, ImageStudioSession
from studio.store.database import Database
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore
from tests.qt.images_session.conftest import Run, pixels, settled
from tests.qt.signals import Recorder, expect

MakeSession = Callable[..., ImageStudioSession]
PROMPT = "一只红狐狸 in the snow"


def test_a_generation_is_saved_with_its_metadata_and_rows(
    run: Run, relay: DemoRelay, make_session: MakeSession, gallery: GalleryStore
) -> None:
    session = make_session(relay.base_url)
    seen = Recorder(added=session.job_added, changed=session.gallery_changed)
    values = {"size": "320x200", "n": 2, "seed": 11, "style": "vivid", "quality": "hd"}

    async def scenario() -> tuple[ImageJob, list[object], list[str]]:
        job = session.generate("demo-image", f"  {PROMPT}\n", values)
        states = [job.state]
        job.state_changed.connect(states.append)
        finished = expect(job.finished)
        (items,) = await finished
        return job, items, states

    job, items, states = run(scenario())
    assert states == ["running", "done"]
    assert seen.of("added") == [(job,)]
    assert len(seen.of("changed")) == 2  # one per saved image
    assert items == job.items and [item.index for item in job.items] == [0, 1]
    assert job.error is None and job.started_at is not None and job.elapsed() >= 0
    assert not job.streams  # two images: no partial previews

    record = gallery.job(job.id)
    assert record is not None and record.status == "done" and record.finished_at is not None
    # Only what demo-image takes was sent and stored (no style, no quality).
    assert record.params == {"n": 2, "seed": 11, "size": "320x200"}
    assert record.prompt == PROMPT and record.provider == "test relay"
    assert session.items() == job.items
    assert session.gallery_models() == ["demo-image"]
    for item in job.items:
        assert item.path.is_file() and item.path.suffix == ".png"
        assert (item.width, item.height, item.seed) == (320, 200, 11)
        meta = read_metadata(item.path.read_bytes())
        assert meta["prompt"] == PROMPT and meta["model"] == "demo-image"
        assert json.loads(meta["parameters"]) == {"n": 2, "seed": 11, "size": "320x200"}
        assert meta["seed"] == "11" and meta["software"].startswith("Studio")
    assert pixels(job.items[0].path.read_bytes()) != pixels(job.items[1].path.read_bytes())
    assert session.prompt_history() == [PROMPT]


def test_a_streaming_model_shows_previews_then_saves_the_final_image(
    run: Run, relay: DemoRelay, make_session: MakeSession
) -> None:
    session = make_session(relay.base_url)

    async def scenario() -> tuple[ImageJob, list[bytes]]:
        job = session.generate(
            "gpt-image-1", "a lighthouse", {"size": "1024x1024", "output_format": "webp", "n": 1}
        )
        previews: list[bytes] = []
        job.partial_image.connect(previews.append)
        await settled(job)
        return job, previews

    job, previews = run(scenario())
    assert job.state == "done", job.error
    assert job.streams and job.request.partial_images == 2
    assert len(previews) == 2
    for preview in previews:
        assert pixels(preview)[1] == (1024, 1024)  # real, decodable pictures
    (item,) = job.items
    assert item.path.suffix == ".webp" and item.mime == "image/webp"
    assert read_metadata(item.path.read_bytes())["prompt"] == "a lighthouse"
    assert job.last_partial is None  # previews are dropped once the job is over
    assert job.usage is not None and job.usage["output_tokens"] > 0


def test_a_relay_failure_is_one_line_on_the_job_and_keeps_the_prompt(
    run: Run, relay: DemoRelay, make_session: MakeSession, gallery: GalleryStore
) -> None:
    session = make_session(relay.base_url)

    async def scenario() -> tuple[ImageJob, tuple[object, ...]]:
        job = session.generate("demo-fault-500", "a doomed castle", {"size": "64x64", "n": 3})
        failed = expect(job.failed)
        return job, await failed

    job, (message, details) = run(scenario())
    assert job.state == "failed" and job.error == message
    assert isinstance(message, str) and message and "\n" not in message
    assert isinstance(details, str) and "demo relay failed on purpose" in details.lower()
    record = gallery.job(job.id)
    assert record is not None and (record.status, record.error) == ("failed", message)
    assert gallery.count() == 0 and job.items == []
    model, prompt, params = session.reuse_job(job.id)
    assert (model, prompt) == ("demo-fault-500", "a doomed castle")
    assert params == {"size": "64x64", "n": 3}  # a generic model: size, n and seed


def test_the_gallery_survives_a_restart(
    run: Run,
    relay: DemoRelay,
    make_session: MakeSession,
    make_client: Callable[[str], object],
    db: Database,
    data_dir: Path,
    specs: list[object],
) -> None:
    session = make_session(relay.base_url)

    async def scenario() -> ImageJob:
        job = session.generate("demo-image", "持久的狐狸", {"size": "96x64", "seed": 3})
        await settled(job)
        return job

    job = run(scenario())
    assert job.state == "done"
    (before,) = job.items
    db.close()

    with Database(data_dir / "studio.sqlite3") as reopened:
        gallery = GalleryStore(reopened, ImageStore(data_dir / "images", reopened))
        client = make_client(relay.base_url)
        again = ImageStudioSession(gallery, lambda: client, specs)  # type: ignore[arg-type,return-value]
        assert again.recovered_at_startup == 0
        assert again.items() == [before]
        assert again.items(text="狐狸") == [before]
        assert again.prompt_history() == ["持久的狐狸"]
        assert again.reuse(before.id) == ("demo-image", "持久的狐狸", {"seed": 3, "size": "96x64"})
        assert before.path.read_bytes() == again.items()[0].path.read_bytes()
        again.delete_item(before.id)
        assert again.items() == [] and again.count_items() == 0
        again.restore_item(before.id)
        assert again.items() == [before]
