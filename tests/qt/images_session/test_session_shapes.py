"""Every shape of answer a relay gives, through the session to the files on disk and the
database rows, against a scripted loopback relay."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from studio.media.metadata import read_metadata
from studio.session.images import ImageJob, ImageStudioSession
from studio.store.gallery import GalleryStore
from tests.qt.images_session.conftest import Run, b64, picture, pixels, settled
from tests.qt.images_session.loopback import Answer, Loopback
from tests.qt.signals import expect

MakeSession = Callable[..., ImageStudioSession]
GENERATIONS = "/v1/images/generations"
PNG = picture("PNG", seed=5)
JPEG = picture("JPEG", seed=6)


def _generate(
    run: Run, session: ImageStudioSession, model: str, values: dict[str, Any]
) -> ImageJob:
    async def scenario() -> ImageJob:
        job = session.generate(model, "一只猫 on a roof", values)
        await settled(job)
        return job

    job: ImageJob = run(scenario())
    return job


@pytest.mark.parametrize(
    ("shape", "fetches"),
    [
        ("b64", 0),
        ("data_url", 0),
        ("url", 1),
        ("both", 0),  # inline data wins; the URL is never fetched
        ("extra_fields", 0),
    ],
)
def test_each_result_shape_becomes_a_saved_file(
    run: Run,
    loopback: Loopback,
    make_session: MakeSession,
    gallery: GalleryStore,
    shape: str,
    fetches: int,
) -> None:
    url = loopback.url("/files/result.png")
    item: dict[str, Any] = {
        "b64": {"b64_json": b64(PNG)},
        "data_url": {"b64_json": "data:image/png;base64," + b64(PNG)},
        "url": {"url": url},
        "both": {"b64_json": b64(PNG), "url": url},
        "extra_fields": {"b64_json": b64(PNG), "file_id": "file-1", "task_id": "t-9"},
    }[shape]
    body = {"created": 1, "data": [item], "usage": {"total_tokens": 5}, "trace": {"x": 1}}
    loopback.answer(GENERATIONS, Answer(body=body))
    loopback.answer("/files/result.png", Answer(body=PNG, content_type="image/png"))
    session = make_session(loopback.base_url)

    job = _generate(run, session, "seedream-3.0", {"size": "1664x936", "seed": 99})

    assert job.state == "done", job.error
    assert len(loopback.to(GENERATIONS)) == 1
    assert len(loopback.to("/files/result.png")) == fetches
    sent = loopback.to(GENERATIONS)[0].json()
    assert sent == {
        "model": "seedream-3.0",
        "prompt": "一只猫 on a roof",
        "n": 1,
        "size": "1664x936",
        "seed": 99,
    }
    (saved,) = job.items
    stored = saved.path.read_bytes()
    assert pixels(stored) == pixels(PNG)  # the relay's picture, not re-encoded
    assert stored[: len(PNG) - 12] == PNG[:-12]
    meta = read_metadata(stored)
    assert meta["prompt"] == "一只猫 on a roof" and meta["seed"] == "99"
    assert gallery.list() == [saved]
    assert gallery.job(job.id).status == "done"  # type: ignore[union-attr]


@pytest.mark.parametrize("shape", ["escaped_slashes", "wrapped_data_url", "two_with_one_bad"])
def test_big_answers_are_saved_byte_for_byte(
    run: Run,
    loopback: Loopback,
    make_session: MakeSession,
    gallery: GalleryStore,
    shape: str,
) -> None:
    # Over 100 KB of base64 each: decoded while the answer arrives, not by json.loads.
    big = picture("PNG", size=(200, 200), seed=11)
    other = picture("PNG", size=(190, 190), seed=12)
    text = b64(big)
    if shape == "escaped_slashes":
        body = json.dumps({"data": [{"b64_json": text}]}).replace("/", "\\/").encode()
    elif shape == "wrapped_data_url":
        wrapped = "\r\n".join(text[i : i + 76] for i in range(0, len(text), 76))
        body = json.dumps({"data": [{"url": "data:image/png;base64," + wrapped}]}).encode()
    else:
        broken = text[:40_000] + "*" + text[40_000:]
        body = json.dumps({"data": [{"b64_json": broken}, {"b64_json": b64(other)}]}).encode()
    loopback.answer(GENERATIONS, Answer(body=body))
    session = make_session(loopback.base_url)

    job = _generate(run, session, "gpt-image-1", {"n": 2 if shape == "two_with_one_bad" else 1})

    assert job.state == "done", job.error
    (saved,) = job.items
    expected = other if shape == "two_with_one_bad" else big
    stored = saved.path.read_bytes()
    assert stored[: len(expected) - 12] == expected[:-12]  # the relay's bytes, then metadata
    assert read_metadata(stored)["prompt"] == "一只猫 on a roof"
    assert gallery.images.verify(saved.image_hash)
    assert gallery.list() == [saved]
    if shape == "two_with_one_bad":
        assert job.warning is not None and "could not be decoded" in job.warning


def test_invalid_base64_fails_that_job_with_a_clear_message(
    run: Run, loopback: Loopback, make_session: MakeSession, gallery: GalleryStore
) -> None:
    loopback.answer(GENERATIONS, Answer(body={"data": [{"b64_json": "!!not base64!!"}]}))
    session = make_session(loopback.base_url)
    job = _generate(run, session, "imagen4", {"aspect_ratio": "16:9"})
    assert job.state == "failed"
    assert job.error is not None and "could not be decoded" in job.error
    assert "\n" not in job.error
    assert gallery.count() == 0 and job.items == []
    record = gallery.job(job.id)
    assert record is not None and record.status == "failed" and record.error == job.error
    assert record.params == {"aspect_ratio": "16:9"}


def test_one_unreadable_image_of_two_is_a_warning_not_a_failure(
    run: Run, loopback: Loopback, make_session: MakeSession, gallery: GalleryStore
) -> None:
    body = {"data": [{"b64_json": b64(PNG)}, {"b64_json": "%%% broken %%%"}]}
    loopback.answer(GENERATIONS, Answer(body=body))
    session = make_session(loopback.base_url)
    job = _generate(run, session, "gpt-image-1", {"n": 2})
    assert job.state == "done" and job.error is None
    (item,) = job.items  # the good one is kept
    assert pixels(item.path.read_bytes()) == pixels(PNG)
    assert job.warning is not None and job.warning.startswith("1 of 2 images")
    assert gallery.job(job.id).error == job.warning  # type: ignore[union-attr]


def test_two_images_are_both_saved_in_order(
    run: Run, loopback: Loopback, make_session: MakeSession, gallery: GalleryStore
) -> None:
    first, second = picture("PNG", seed=1), picture("JPEG", seed=2)
    loopback.answer(
        GENERATIONS, Answer(body={"data": [{"b64_json": b64(first)}, {"b64_json": b64(second)}]})
    )
    session = make_session(loopback.base_url)
    job = _generate(run, session, "gpt-image-1", {"n": 2, "quality": "low", "style": "vivid"})
    assert job.state == "done", job.error
    sent = loopback.to(GENERATIONS)[0].json()
    assert sent["n"] == 2 and sent["quality"] == "low"
    assert "style" not in sent and "stream" not in sent  # n = 2: no partial previews
    one, two = job.items
    assert (one.index, one.path.suffix, two.index, two.path.suffix) == (0, ".png", 1, ".jpg")
    assert pixels(one.path.read_bytes()) == pixels(first)
    assert pixels(two.path.read_bytes()) == pixels(second)
    assert two.path.read_bytes().endswith(second[2:])  # JPEG data untouched, XMP added
    assert read_metadata(two.path.read_bytes())["model"] == "gpt-image-1"
    assert [i.id for i in gallery.list()] == [one.id, two.id]


def test_the_format_the_relay_sent_is_kept_whatever_was_asked(
    run: Run, loopback: Loopback, make_session: MakeSession
) -> None:
    loopback.answer(GENERATIONS, Answer(body={"data": [{"b64_json": b64(JPEG)}]}))
    session = make_session(loopback.base_url)
    job = _generate(run, session, "gpt-image-1", {"output_format": "png", "n": 1})
    assert job.state == "done", job.error
    sent = loopback.to(GENERATIONS)[0].json()
    assert sent["stream"] is True and sent["partial_images"] == 2  # asked, answered plain JSON
    (item,) = job.items
    assert item.path.suffix == ".jpg" and item.mime == "image/jpeg"


def test_a_server_error_fails_without_any_retry(
    run: Run, loopback: Loopback, make_session: MakeSession
) -> None:
    error = {"error": {"message": "upstream exploded", "type": "server_error"}}
    loopback.answer(
        GENERATIONS, Answer(500, error), Answer(body={"data": [{"b64_json": b64(PNG)}]})
    )
    session = make_session(loopback.base_url)

    async def scenario() -> tuple[ImageJob, tuple[object, ...]]:
        job = session.generate("flux-kontext-pro", "a fox", {"quality": "high"})
        failed = expect(job.failed)
        return job, await failed

    job, (message, details) = run(scenario())
    assert job.state == "failed"
    assert len(loopback.requests) == 1  # never repeated: it may already be billed
    assert isinstance(message, str) and "\n" not in message
    assert "upstream exploded" in f"{message} {details}"


def test_a_moderation_block_says_so(
    run: Run, loopback: Loopback, make_session: MakeSession, gallery: GalleryStore
) -> None:
    blocked = {
        "error": {
            "message": "Your request was rejected by the safety system.",
            "type": "image_generation_user_error",
            "code": "moderation_blocked",
        }
    }
    loopback.answer(GENERATIONS, Answer(400, blocked))
    session = make_session(loopback.base_url)
    job = _generate(run, session, "dall-e-3", {"size": "1792x1024", "style": "natural"})
    assert job.state == "failed"
    assert job.error is not None and "safety system" in job.error.lower()
    assert len(loopback.requests) == 1
    record = gallery.job(job.id)
    assert record is not None and record.prompt == "一只猫 on a roof"
    assert record.params == {"size": "1792x1024", "style": "natural"}


def test_negative_prompt_and_extra_json_reach_only_models_that_take_them(
    run: Run, loopback: Loopback, make_session: MakeSession
) -> None:
    loopback.answer(GENERATIONS, Answer(body={"data": [{"b64_json": b64(PNG)}]}))
    session = make_session(loopback.base_url)

    async def scenario() -> None:
        for model in ("demo-image-edit", "gpt-image-1", "my-custom-model"):
            job = session.generate(
                model, "a bridge", {"n": 2}, negative_prompt=" fog ", extra_json='{"steps": 30}'
            )
            await settled(job)

    run(scenario())
    demo, gpt, custom = (seen.json() for seen in loopback.to(GENERATIONS))
    assert demo["negative_prompt"] == "fog" and demo["steps"] == 30
    assert "negative_prompt" not in gpt and gpt["steps"] == 30
    assert "negative_prompt" not in custom and custom["n"] == 2
    assert session.reuse(session.jobs()[0].items[0].id)[2] == {
        "n": 2,
        "negative_prompt": "fog",
        "extra": {"steps": 30},
    }


def test_bad_input_is_refused_before_anything_is_recorded(
    run: Run, loopback: Loopback, make_session: MakeSession, gallery: GalleryStore
) -> None:
    session = make_session(loopback.base_url)
    for prompt, extra in (("   ", None), ("a cat", "[1, 2]"), ("a cat", "{oops")):
        with pytest.raises(ValueError) as raised:
            session.generate("gpt-image-1", prompt, {}, extra_json=extra)
        assert str(raised.value)
    # A free size the model's rules refuse (gpt-image-2: sides in multiples of 16).
    with pytest.raises(ValueError) as raised:
        session.generate("gpt-image-2", "a cat", {"size": "1000x1000"})
    assert str(raised.value) == (
        "gpt-image-2 cannot make 1000×1000 pictures: Width and height must be multiples of 16; "
        "the nearest size that fits is 992×992."
    )
    assert gallery.jobs() == [] and session.jobs() == [] and loopback.requests == []
