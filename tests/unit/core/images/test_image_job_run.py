"""ImageJobRun without Qt: a real loopback relay, a real SQLite gallery, every event."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from studio.api.client import ApiClient
from studio.api.images import ImageEditRequest, ImageGenerationRequest, InputImage
from studio.core.images import (
    API_ERROR,
    IMAGES_UNREADABLE,
    NOT_RECORDED,
    SAVE_FAILED,
    GalleryUnavailable,
    ImageArrived,
    ImageJobRun,
    ItemSaved,
    JobFailed,
    JobFinished,
    JobStarted,
    PreviewArrived,
    Problem,
    UsageReported,
    english,
)
from studio.media.metadata import read_metadata
from studio.store.database import StoreError
from studio.store.gallery import GalleryStore
from tests.fakes.image_server import ImageServer, Reply, b64, image_bytes
from tests.unit.core.images.conftest import collect, kinds

GEN = "/v1/images/generations"
EDITS = "/v1/images/edits"
USAGE = {"input_tokens": 12, "output_tokens": 300, "total_tokens": 312}


def _sse(payload: dict[str, Any]) -> bytes:
    return f"event: {payload['type']}\ndata: {json.dumps(payload)}\n\n".encode()


async def test_a_generation_is_recorded_and_each_image_saved_in_the_gallery(
    server: ImageServer, client: ApiClient, gallery: GalleryStore
) -> None:
    red, blue = image_bytes(size=(40, 30)), image_bytes("JPEG", (20, 10), (0, 0, 200))
    body = {"data": [{"b64_json": b64(red)}, {"b64_json": b64(blue)}], "usage": USAGE}
    server.script(GEN, Reply(body=body))
    params = {"n": 2, "seed": 7}
    request = ImageGenerationRequest(model="gpt-image-1", prompt="两只狐狸", n=2, seed=7)
    run = ImageJobRun(gallery, client, request, params, provider="loopback")

    events = await collect(run)

    assert kinds(events) == [
        "JobStarted",
        "UsageReported",
        "ImageArrived",
        "ItemSaved",
        "ImageArrived",
        "ItemSaved",
        "JobFinished",
    ]
    started, usage, first, saved, *_, finished = events
    assert isinstance(started, JobStarted) and started.job_id == run.row.id
    assert isinstance(usage, UsageReported) and usage.usage == USAGE
    assert isinstance(first, ImageArrived) and (first.index, first.data) == (0, red)
    assert isinstance(saved, ItemSaved) and saved.item.path.is_file()
    assert isinstance(finished, JobFinished)
    assert finished.status == "done" and finished.warning is None
    assert [item.index for item in finished.items] == [0, 1]

    (job,) = gallery.jobs()
    assert (job.status, job.prompt, job.params, job.provider) == (
        "done",
        "两只狐狸",
        params,
        "loopback",
    )
    assert job.usage == USAGE and job.error is None
    assert gallery.prompt_history() == ["两只狐狸"]
    items = gallery.job_items(job.id)
    assert [(i.width, i.height, i.seed) for i in items] == [(40, 30, 7), (20, 10, 7)]
    assert read_metadata(items[1].path.read_bytes())["prompt"] == "两只狐狸"


async def test_partial_images_arrive_before_the_final_image(
    server: ImageServer, client: ApiClient, gallery: GalleryStore
) -> None:
    preview, final = image_bytes(color=(50, 50, 50)), image_bytes(color=(200, 100, 0))
    gate = server.gate()
    partial = {"type": "image_generation.partial_image", "b64_json": b64(preview)}
    done = {"type": "image_generation.completed", "b64_json": b64(final), "usage": USAGE}
    server.script(
        GEN,
        Reply(
            content_type="text/event-stream",
            chunks=[_sse({**partial, "partial_image_index": 0}), gate, _sse(done)],
        ),
    )
    request = ImageGenerationRequest(model="gpt-image-1", prompt="a fox", stream=True)
    events = ImageJobRun(gallery, client, request).events()

    assert isinstance(await anext(events), JobStarted)
    first = await anext(events)
    assert isinstance(first, PreviewArrived) and first.data == preview
    assert not gate.is_set()  # the final image has not been sent yet: the preview came first
    gate.set()
    rest = [event async for event in events]

    assert kinds(rest) == ["UsageReported", "ImageArrived", "ItemSaved", "JobFinished"]
    assert server.requests[0].json["stream"] is True
    (item,) = gallery.list()
    assert item.path.is_file()


async def test_a_failed_request_is_a_code_with_data_and_a_failed_row(
    server: ImageServer, client: ApiClient, gallery: GalleryStore
) -> None:
    server.script(GEN, Reply(status=400, body={"error": {"message": "Your prompt was\nrejected."}}))
    request = ImageGenerationRequest(model="gpt-image-1", prompt="a doomed castle")
    run = ImageJobRun(gallery, client, request, {}, describe=lambda p: f"[{p.code}]")

    events = await collect(run)

    assert kinds(events) == ["JobStarted", "JobFailed", "JobFinished"]
    failed, finished = events[1], events[2]
    assert isinstance(failed, JobFailed) and failed.problem.code == API_ERROR
    message = failed.problem.data["message"]
    assert "rejected" in message and "\n" not in message
    assert "400" in failed.details
    assert isinstance(finished, JobFinished) and finished.status == "failed"
    (job,) = gallery.jobs()
    assert (job.status, job.error) == ("failed", "[api_error]")  # the caller's words
    assert gallery.list() == [] and len(server.requests) == 1  # never retried


async def test_cancel_during_a_save_waits_for_the_file_and_keeps_it(
    server: ImageServer,
    client: ApiClient,
    gallery: GalleryStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server.script(GEN, Reply(body={"data": [{"b64_json": b64(image_bytes())}]}))
    loop = asyncio.get_running_loop()
    writing: asyncio.Future[None] = loop.create_future()
    release = threading.Event()
    add_image = gallery.add_image

    def slow_add_image(*args: Any, **kwargs: Any) -> Any:
        loop.call_soon_threadsafe(writing.set_result, None)
        release.wait(30)
        return add_image(*args, **kwargs)

    monkeypatch.setattr(gallery, "add_image", slow_add_image)
    run = ImageJobRun(gallery, client, ImageGenerationRequest(model="m", prompt="kept"))
    seen: list[object] = []

    async def consume() -> None:
        async for event in run.events():
            seen.append(event)

    task = asyncio.ensure_future(consume())
    await writing  # the file is being written in the worker thread
    task.cancel()
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task

    (item,) = run.items
    assert item.path.is_file() and gallery.job_items(item.job_id) == [item]
    assert gallery.job(item.job_id).status == "cancelled"  # type: ignore[union-attr]
    assert not any(isinstance(event, JobFinished | ItemSaved) for event in seen)


async def test_some_unreadable_images_are_a_warning_with_counts(
    server: ImageServer, client: ApiClient, gallery: GalleryStore
) -> None:
    good = image_bytes()
    body = {"data": [{"b64_json": b64(good)}, {"b64_json": "%%% broken %%%"}]}
    server.script(GEN, Reply(body=body))
    run = ImageJobRun(gallery, client, ImageGenerationRequest(model="m", prompt="p", n=2))

    *_, finished = await collect(run)

    assert isinstance(finished, JobFinished) and finished.status == "done"
    assert len(finished.items) == 1
    warning = finished.warning
    assert isinstance(warning, Problem) and warning.code == IMAGES_UNREADABLE
    assert (warning.data["failed"], warning.data["total"]) == (1, 2)
    assert run.warning == warning
    (job,) = gallery.jobs()
    assert job.status == "done" and job.error == english(warning)
    assert job.error.startswith("1 of 2 images could not be read: ")


async def test_an_edit_sends_the_image_and_the_mask_and_saves_the_result(
    server: ImageServer, client: ApiClient, gallery: GalleryStore
) -> None:
    result = image_bytes(size=(16, 12), color=(0, 0, 255))
    server.script(EDITS, Reply(body={"data": [{"b64_json": b64(result)}]}))
    source = image_bytes(size=(16, 12), color=(0, 160, 0))
    mask = image_bytes(size=(16, 12), color=(0, 0, 0, 0))
    request = ImageEditRequest(
        model="gpt-image-1",
        prompt="make it blue",
        images=[InputImage(source, "green.png")],
        mask=InputImage(mask, "mask.png"),
    )
    params = {"n": 1, "operation": "edit"}
    run = ImageJobRun(gallery, client, request, params)

    events = await collect(run)

    assert kinds(events)[-1] == "JobFinished" and events[-1].status == "done"  # type: ignore[union-attr]
    (sent,) = server.requests_to(EDITS)
    assert [part.data for part in sent.files_named("image")] == [source]
    assert [part.data for part in sent.files_named("mask")] == [mask]
    assert sent.field("prompt") == "make it blue"
    (job,) = gallery.jobs()
    assert job.params == params and job.status == "done"
    (item,) = gallery.job_items(job.id)
    assert (item.width, item.height) == (16, 12)


async def test_without_a_gallery_the_images_arrive_but_nothing_is_recorded(
    server: ImageServer, client: ApiClient
) -> None:
    image = image_bytes()
    server.script(GEN, Reply(body={"data": [{"b64_json": b64(image)}]}))
    run = ImageJobRun(None, client, ImageGenerationRequest(model="m", prompt="p"))

    events = await collect(run)

    assert kinds(events) == ["JobStarted", "ImageArrived", "JobFinished"]
    assert isinstance(events[0], JobStarted) and events[0].job_id is None
    assert isinstance(events[1], ImageArrived) and events[1].data == image
    assert run.items == [] and not run.row.recorded


def _broken_store(*_args: Any, **_kwargs: Any) -> Any:
    raise StoreError("the disk is full")


async def test_a_gallery_that_fails_fails_the_job_unless_it_is_optional(
    server: ImageServer,
    client: ApiClient,
    gallery: GalleryStore,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    server.script(GEN, Reply(body={"data": [{"b64_json": b64(image_bytes())}]}))
    monkeypatch.setattr(gallery, "add_image", _broken_store)
    request = ImageGenerationRequest(model="m", prompt="p")

    required = await collect(ImageJobRun(gallery, client, request))
    failed = required[-2]
    assert isinstance(failed, JobFailed) and failed.problem.code == SAVE_FAILED
    assert failed.problem.data == {"reason": "the disk is full"}
    assert isinstance(required[-1], JobFinished) and required[-1].status == "failed"

    optional = await collect(ImageJobRun(gallery, client, request, gallery_optional=True))
    assert kinds(optional) == ["JobStarted", "ImageArrived", "GalleryUnavailable", "JobFinished"]
    lost = optional[2]
    assert isinstance(lost, GalleryUnavailable) and lost.problem.code == NOT_RECORDED
    assert isinstance(optional[-1], JobFinished) and optional[-1].status == "done"
    statuses = [job.status for job in gallery.jobs()]
    assert statuses == ["running", "failed"]  # the optional run gave the gallery up


def test_the_workflow_layer_loads_no_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys, studio.core.images\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "assert not qt, qt\n"
    )
    root = Path(__file__).resolve().parents[4]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
