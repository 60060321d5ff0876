"""Images a model puts in a chat answer are kept: stored in the image store and added to the
answer's attachments (real SQLite, real image files), never sent back in later requests."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from studio.api import events as ev
from studio.core.chat.conversation import ChatStores
from studio.core.chat.tools import ToolRegistry
from studio.core.chat.turn import ChatTurn
from tests.fakes.fake_client import FakeClient, answer, stream_error
from tests.unit.core.chat.conftest import ask, new_conversation, run_turn


def png(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def data_url(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


async def test_answer_images_become_attachments_of_the_answer(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    first, second = png((12, 8), (200, 0, 0)), png((4, 4), (0, 0, 200))
    fake = FakeClient(
        [
            ev.TextDelta("Here you are."),
            ev.ImagesReceived((data_url(first),)),
            ev.ImagesReceived((data_url(second), data_url(first))),  # a repeat is kept once
            *answer(),
        ],
        answer("Nice."),
    )
    conversation = new_conversation(stores)
    turn = ChatTurn(conversation, lambda: fake, registry)

    begun = ask(conversation, "Draw me two squares", turn)
    await run_turn(turn)

    answer_id = begun[0].message_id
    stored = stores.messages.get(answer_id)
    assert stored is not None and stored.status == "complete"
    assert stored.text == "Here you are."
    refs = stored.attachments
    assert [(r["width"], r["height"], r["mime"], r["source"]) for r in refs] == [
        (12, 8, "image/png", "answer"),
        (4, 4, "image/png", "answer"),
    ]
    assert stores.images is not None
    assert [stores.images.get(r["hash"]) for r in refs] == [first, second]
    assert conversation.message(answer_id).attachments == refs  # type: ignore[union-attr]

    # The next request carries no image: answer images are not sent back.
    follow = ChatTurn(conversation, lambda: fake, registry)
    ask(conversation, "Thanks", follow)
    await run_turn(follow)
    assistant = [m for m in fake.requests[1].messages if m["role"] == "assistant"]
    assert assistant == [{"role": "assistant", "content": "Here you are."}]


async def test_images_are_kept_when_the_answer_then_fails(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    picture = png((6, 6), (0, 150, 0))
    fake = FakeClient(
        [ev.ImagesReceived((data_url(picture), "data:image/png;base64,AAAA")), stream_error("boom")]
    )
    conversation = new_conversation(stores)
    turn = ChatTurn(conversation, lambda: fake, registry)

    begun = ask(conversation, "Draw", turn)
    await run_turn(turn)

    stored = stores.messages.get(begun[0].message_id)
    assert stored is not None and stored.status == "failed"
    assert stores.images is not None
    # The readable image is kept; the broken one is skipped.
    assert [stores.images.get(r["hash"]) for r in stored.attachments] == [picture]


def test_add_attachments_appends_and_refuses_base64(stores: ChatStores) -> None:
    conversation = new_conversation(stores)
    user = conversation.add_message(
        "user", "hi", parent_id=None, attachments=[{"hash": "a" * 64, "name": "u"}]
    )
    stores.messages.add_attachments(user.id, [{"hash": "b" * 64, "name": "v"}])
    stores.messages.add_attachments(user.id, [])
    stored = stores.messages.get(user.id)
    assert stored is not None and [a["name"] for a in stored.attachments] == ["u", "v"]
    with pytest.raises(ValueError, match="base64"):
        stores.messages.add_attachments(user.id, [{"hash": "", "url": "data:image/png;base64,A"}])
    with pytest.raises(KeyError):
        stores.messages.add_attachments(999_999, [{"hash": "c" * 64}])
