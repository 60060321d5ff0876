"""The other ways a round reaches the relay: the chat route (``chat/completions`` with the
pictures as image parts, in tray order, no mask part) and a streamed edit with previews."""

from __future__ import annotations

import base64
import json
from typing import Any

from studio.api.client import ApiClient
from studio.core.edit import (
    EditRound,
    EditSessions,
    InputsPrepared,
    PreviewArrived,
    RoundFinished,
    VersionSaved,
)
from studio.store.edits import EditStore
from tests.fakes.image_server import ImageServer, Reply, b64
from tests.unit.core.edit.conftest import (
    CHAT,
    EDITS,
    collect,
    decoded,
    kinds,
    mask_png,
    new_session,
    picture,
    spec,
)

RED, GREEN, BLUE, GREY = (200, 30, 30), (30, 200, 30), (30, 30, 200), (90, 90, 90)
USAGE = {"prompt_tokens": 1300, "completion_tokens": 1290, "total_tokens": 2590}


def chat_answer(image: bytes) -> Reply:
    url = f"data:image/png;base64,{b64(image)}"
    message = {
        "role": "assistant",
        "content": "",
        "images": [{"type": "image_url", "image_url": {"url": url}}],
    }
    body = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "demo-banana",
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": USAGE,
    }
    return Reply(body=body)


def sent_pictures(body: dict[str, Any]) -> list[bytes]:
    """The pictures of a chat request, in order."""
    found = []
    for message in body["messages"]:
        content = message.get("content")
        for part in content if isinstance(content, list) else ():
            if part.get("type") == "image_url":
                url = part["image_url"]["url"]
                found.append(base64.b64decode(url.split(",", 1)[1]))
    return found


async def test_the_chat_route_sends_the_tray_in_order_and_keeps_the_outside(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    result = picture((64, 48), GREY)
    server.script(CHAT, chat_answer(result))
    session = await new_session(
        sessions,
        picture((64, 48), RED),
        model="demo-banana",
        mask=mask_png((64, 48), (10, 10, 30, 30)),
        references=(picture((8, 8), GREEN), picture((9, 9), BLUE)),
        params={"aspect_ratio": "16:9"},
    )
    run = EditRound(edits, client, spec("demo-banana"), session)

    events = await collect(run)

    assert server.requests_to(EDITS) == []
    (request,) = server.requests_to(CHAT)
    body = json.loads(request.body)
    colours = [decoded(data).convert("RGB").getpixel((0, 0)) for data in sent_pictures(body)]
    assert colours == [RED, GREEN, BLUE]
    assert "mask" not in json.dumps(body)
    prepared = events[1]
    assert isinstance(prepared, InputsPrepared)
    assert (prepared.sent.route, prepared.sent.field, prepared.sent.mask) == ("chat", None, None)
    (saved,) = [event for event in events if isinstance(event, VersionSaved)]
    assert saved.version.raw_hash is not None  # the outside was kept: a composite is shown
    assert edits.images.get(saved.version.raw_hash) == result
    shown = decoded(edits.images.get(saved.version.image_hash)).convert("RGB")
    assert shown.getpixel((60, 44)) == RED  # outside: the source
    inside = shown.getpixel((20, 20))  # the mask's middle: the result (the seam is soft)
    assert isinstance(inside, tuple)
    assert all(abs(a - b) <= 4 for a, b in zip(inside, GREY, strict=True))
    finished = events[-1]
    assert isinstance(finished, RoundFinished) and finished.round is not None
    assert finished.round.usage == USAGE


async def test_a_provider_may_serve_an_images_model_through_chat(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(CHAT, chat_answer(picture((64, 48), GREY)))
    session = await new_session(sessions, picture((64, 48), RED), model="nano-banana")
    events = await collect(EditRound(edits, client, spec("nano-banana"), session, route="chat"))
    assert len(server.requests_to(CHAT)) == 1 and server.requests_to(EDITS) == []
    assert isinstance(events[-1], RoundFinished) and events[-1].status == "done"


def _sse(payload: dict[str, Any]) -> bytes:
    return f"event: {payload['type']}\ndata: {json.dumps(payload)}\n\n".encode()


async def test_a_streamed_edit_shows_its_previews_then_saves_the_result(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    preview, final = picture((16, 12), GREEN), picture((64, 48), GREY)
    chunks = [
        _sse(
            {
                "type": "image_edit.partial_image",
                "b64_json": b64(preview),
                "partial_image_index": 0,
            }
        ),
        _sse({"type": "image_edit.completed", "b64_json": b64(final), "usage": USAGE}),
    ]
    server.script(EDITS, Reply(chunks=chunks, content_type="text/event-stream"))
    session = await new_session(sessions, picture((64, 48), RED))
    events = await collect(EditRound(edits, client, spec("gpt-image-1"), session))

    assert kinds(events) == [
        "RoundStarted",
        "InputsPrepared",
        "PreviewArrived",
        "VersionSaved",
        "RoundFinished",
    ]
    shown = events[2]
    assert isinstance(shown, PreviewArrived) and shown.data == preview
    (request,) = server.requests_to(EDITS)
    assert request.field("stream") == "true" and request.field("partial_images") == "2"
