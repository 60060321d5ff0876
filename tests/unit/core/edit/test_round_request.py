"""What an edit round sends, recorded part by part by a loopback relay: the tray's order,
the mask (present and valid only when taken), only the capability's parameters, the field
forms, and what the round keeps of it."""

from __future__ import annotations

import io

from PIL import Image

from studio.api.client import ApiClient
from studio.core.edit import EditRound, EditSessions, InputsPrepared, RoundFinished, VersionSaved
from studio.core.edit.round import FEATHER_PARAM
from studio.store.edits import EditStore
from tests.fakes.image_server import ImageServer
from tests.unit.core.edit.conftest import (
    EDITS,
    answer,
    collect,
    decoded,
    kinds,
    mask_png,
    new_session,
    picture,
    spec,
)

RED, GREEN, BLUE, GREY = (200, 30, 30), (30, 200, 30), (30, 30, 200), (90, 90, 90)


async def test_slot_one_is_the_base_then_the_references_in_tray_order_with_a_valid_mask(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, answer(picture((64, 48), GREY)))
    session = await new_session(
        sessions,
        picture((64, 48), RED),
        mask=mask_png((64, 48), (8, 8, 24, 20)),
        references=(picture((10, 10), GREEN), picture((12, 12), BLUE)),
    )
    run = EditRound(edits, client, spec("gpt-image-1"), session)

    events = await collect(run)

    assert kinds(events) == ["RoundStarted", "InputsPrepared", "VersionSaved", "RoundFinished"]
    (request,) = server.requests_to(EDITS)
    colours = [
        decoded(part.data).convert("RGB").getpixel((0, 0))
        for part in request.files_named("image[]")
    ]
    assert colours == [RED, GREEN, BLUE]
    (mask,) = request.files_named("mask")
    image = decoded(mask.data)
    assert image.mode == "RGBA" and image.size == (64, 48)
    alpha = image.getchannel("A")
    assert alpha.getpixel((10, 10)) == 0  # editable
    assert alpha.getpixel((40, 30)) == 255  # kept
    assert request.field("prompt") == "add a red hat"
    assert request.field("model") == "gpt-image-1"
    prepared = events[1]
    assert isinstance(prepared, InputsPrepared)
    assert [(p.width, p.height) for p in prepared.sent.images] == [(64, 48), (10, 10), (12, 12)]
    assert prepared.sent.mask is not None and prepared.sent.field == "image[]"
    assert prepared.sent.route == "images"
    stored = edits.rounds(session.id)[0]
    assert stored.sent == prepared.sent.as_dict()
    assert stored.references == session.references and stored.mask_hash == session.mask_hash


async def test_a_model_that_takes_no_mask_gets_no_mask_part(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, answer(picture((64, 48), GREY)))
    session = await new_session(
        sessions,
        picture((64, 48), RED),
        model="flux-kontext-pro",
        mask=mask_png((64, 48), (8, 8, 24, 20)),
    )
    events = await collect(EditRound(edits, client, spec("flux-kontext-pro"), session))

    (request,) = server.requests_to(EDITS)
    assert request.files_named("mask") == []
    prepared = events[1]
    assert isinstance(prepared, InputsPrepared) and prepared.sent.mask is None
    assert isinstance(events[-1], RoundFinished) and events[-1].status == "done"


async def test_an_empty_mask_is_not_sent_and_keeps_nothing(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    result = picture((64, 48), GREY)
    server.script(EDITS, answer(result))
    session = await new_session(sessions, picture((64, 48), RED), mask=mask_png((64, 48), None))
    events = await collect(EditRound(edits, client, spec("gpt-image-1"), session))

    (request,) = server.requests_to(EDITS)
    assert request.files_named("mask") == []
    saved = next(event for event in events if isinstance(event, VersionSaved))
    assert edits.images.get(saved.version.image_hash) == result
    assert saved.version.raw_hash is None


async def test_only_the_parameters_of_the_capability_are_sent(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, answer(picture((64, 48), GREY)))
    params = {
        "size": "1024x1024",
        "quality": "high",
        "aspect_ratio": "16:9",  # not an edit parameter of gpt-image-1
        "moderation": "low",  # a generation parameter only
        FEATHER_PARAM: 3,
    }
    session = await new_session(sessions, picture((64, 48), RED), params=params)
    await collect(EditRound(edits, client, spec("gpt-image-1"), session))

    (request,) = server.requests_to(EDITS)
    sent = {name for name, _ in request.fields} - {"model", "prompt", "stream", "partial_images"}
    assert sent == {"size", "quality"}
    assert (request.field("size"), request.field("quality")) == ("1024x1024", "high")


async def test_a_model_without_n_gets_no_n(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, answer(picture((64, 48), GREY)))
    params = {"aspect_ratio": "16:9", "n": 3, "size": "1024x1024"}
    session = await new_session(
        sessions, picture((64, 48), RED), model="flux-kontext-pro", params=params
    )
    await collect(EditRound(edits, client, spec("flux-kontext-pro"), session))

    (request,) = server.requests_to(EDITS)
    names = {name for name, _ in request.fields} - {"model", "prompt"}
    assert "n" not in names and "size" not in names
    assert request.field("aspect_ratio") == "16:9"


async def test_the_image_field_form_names_every_part(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, answer(picture((64, 48), GREY)))
    session = await new_session(
        sessions, picture((64, 48), RED), references=(picture((8, 8), GREEN),)
    )
    for form in ("image", "image[]"):
        await collect(EditRound(edits, client, spec("gpt-image-1"), session, image_field=form))
    first, second = server.requests_to(EDITS)
    assert [p.name for p in first.files] == ["image", "image"]
    assert [p.name for p in second.files] == ["image[]", "image[]"]


async def test_one_picture_goes_as_image_unless_a_form_was_learned(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, answer(picture((64, 48), GREY)))
    session = await new_session(sessions, picture((64, 48), RED))
    await collect(EditRound(edits, client, spec("gpt-image-1"), session))
    learned = edits.update_draft(session.id, field="image[]")
    await collect(EditRound(edits, client, spec("gpt-image-1"), learned))
    first, second = server.requests_to(EDITS)
    assert [p.name for p in first.files] == ["image"]
    assert [p.name for p in second.files] == ["image[]"]


async def test_inputs_are_prepared_as_png_with_the_orientation_applied(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, answer(picture((30, 60), GREY)))
    photo = Image.new("RGB", (60, 30), RED)
    exif = photo.getexif()
    exif[0x0112] = 6  # stored sideways: shown 30 wide, 60 high
    out = io.BytesIO()
    photo.save(out, "JPEG", exif=exif.tobytes())
    session = await new_session(sessions, out.getvalue())
    (root,) = edits.versions(session.id)
    assert (root.width, root.height) == (30, 60)
    assert edits.images.get(root.image_hash).startswith(b"\x89PNG")

    await collect(EditRound(edits, client, spec("gpt-image-1"), session))
    (request,) = server.requests_to(EDITS)
    (part,) = request.files_named("image")
    assert decoded(part.data).size == (30, 60)


async def test_a_client_factory_is_called_once_at_begin(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, answer(picture((64, 48), GREY)))
    session = await new_session(sessions, picture((64, 48), RED))
    made: list[ApiClient] = []

    def factory() -> ApiClient:
        made.append(client)
        return client

    run = EditRound(edits, factory, spec("gpt-image-1"), session)
    events = await collect(run)
    assert len(made) == 1 and isinstance(events[-1], RoundFinished)
    assert events[-1].status == "done"


async def test_every_input_is_prepared_under_the_providers_file_limit(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, answer(picture((64, 48), GREY)))
    noise = Image.effect_noise((1200, 900), 90).convert("RGB")
    out = io.BytesIO()
    noise.save(out, "PNG")
    session = await new_session(sessions, out.getvalue(), references=(out.getvalue(),))
    limit = 250_000
    events = await collect(EditRound(edits, client, spec("gpt-image-1"), session, max_bytes=limit))

    (request,) = server.requests_to(EDITS)
    assert all(len(part.data) <= limit for part in request.files_named("image[]"))
    prepared = events[1]
    assert isinstance(prepared, InputsPrepared)
    assert all(p.bytes <= limit and p.original_width == 1200 for p in prepared.sent.images)
    assert any(note.startswith("downscaled") for note in prepared.sent.images[0].notes)
