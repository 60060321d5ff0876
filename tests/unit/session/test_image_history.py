"""Images in requests: which are sent again (policy), the notes that replace the others,
the per-conversation setting, the target per model, and preparing into the image store."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from studio.api.http import HttpSession
from studio.api.provider import ProviderConfig
from studio.core.chat.options import ChatSettings, checked_image_policy
from studio.core.chat.request import build_request
from studio.core.chat.request_messages import (
    attachment_parts,
    build_messages,
    image_note,
    turns_with_images,
)
from studio.core.chat.tools import ToolRegistry
from studio.media.limits import MB
from studio.media.vision_targets import is_vision_model, provider_kind, target_for_model
from studio.session.chat.attachments import (
    AttachmentError,
    AttachmentService,
    FetchError,
    Pixels,
    prepare_attachment,
)
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.images import ImageStore
from tests.fakes.raw_server import RawServer, json_response
from tests.unit.session.test_history import msg

STORED = {"a" * 64: b"first-image", "b" * 64: b"second-image"}


def ref(image_hash: str, name: str, size: tuple[int, int], detail: str = "high") -> dict[str, Any]:
    return {
        "hash": image_hash,
        "mime": "image/jpeg",
        "width": size[0],
        "height": size[1],
        "detail": detail,
        "name": name,
    }


A = ref("a" * 64, "photo.jpg", (1024, 768))
B = ref("b" * 64, "chart.png", (512, 256), "low")


def load(image_hash: str) -> bytes:
    return STORED[image_hash]


def url_of(data: bytes, mime: str = "image/jpeg") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def conversation() -> list[Any]:
    """Turn 1 with photo.jpg, turn 2 with chart.png, turn 3 without images."""
    return [
        msg(1, None, "user", "What is this?", attachments=[A]),
        msg(2, 1, "assistant", "A cat."),
        msg(3, 2, "user", "And this?", attachments=[B]),
        msg(4, 3, "assistant", "A chart."),
        msg(5, 4, "user", "Compare them"),
    ]


def user_contents(messages: list[dict[str, Any]]) -> list[Any]:
    return [m["content"] for m in messages if m["role"] == "user"]


def test_parts_are_data_urls_of_the_stored_bytes_with_their_detail() -> None:
    message = msg(1, None, "user", "x", attachments=[A, B])
    assert attachment_parts(message, load=load) == [
        {"type": "image_url", "image_url": {"url": url_of(b"first-image"), "detail": "high"}},
        {"type": "image_url", "image_url": {"url": url_of(b"second-image"), "detail": "low"}},
    ]


def test_an_image_not_sent_becomes_a_note() -> None:
    message = msg(1, None, "user", "x", attachments=[A])
    assert attachment_parts(message, "last", False, load=load) == [
        {"type": "text", "text": "[image: photo.jpg, 1024×768, not re-sent]"}
    ]
    assert attachment_parts(message, "all", False, load=load)[0]["type"] == "image_url"
    assert image_note({"hash": "c" * 64}) == "[image: image, not re-sent]"


def test_a_missing_file_becomes_a_note_and_a_link_is_sent_as_is() -> None:
    gone = ref("c" * 64, "lost.jpg", (10, 10))
    link = {"hash": "", "url": "https://example.com/cat.png", "detail": "auto", "name": "cat.png"}
    parts = attachment_parts(msg(1, None, "user", "x", attachments=[gone, link]), load=load)
    assert parts == [
        {"type": "text", "text": "[image: lost.jpg, 10×10, no longer available]"},
        {
            "type": "image_url",
            "image_url": {"url": "https://example.com/cat.png", "detail": "auto"},
        },
    ]


def test_default_policy_sends_the_latest_turn_with_images() -> None:
    branch = conversation()
    assert turns_with_images(branch, "last") == {3, 5}
    assert turns_with_images(branch, "none") == {5}
    contents = user_contents(build_messages(branch, load=load))
    assert contents[0] == "What is this?\n[image: photo.jpg, 1024×768, not re-sent]"
    assert contents[1] == [
        {"type": "text", "text": "And this?"},
        {"type": "image_url", "image_url": {"url": url_of(b"second-image"), "detail": "low"}},
    ]
    assert contents[2] == "Compare them"


def test_policy_all_and_none() -> None:
    branch = conversation()
    every = user_contents(build_messages(branch, image_policy="all", load=load))
    assert [len(c) for c in every[:2]] == [2, 2] and every[2] == "Compare them"
    none = user_contents(build_messages(branch, image_policy="none", load=load))
    assert none == [
        "What is this?\n[image: photo.jpg, 1024×768, not re-sent]",
        "And this?\n[image: chart.png, 512×256, not re-sent]",
        "Compare them",
    ]
    # The message being answered always carries its own images.
    answering = build_messages(branch[:3], image_policy="none", load=load)
    assert answering[-1]["content"][1]["type"] == "image_url"


def test_the_request_follows_the_conversations_policy() -> None:
    settings = ChatSettings(model="gpt-4o", image_policy="all")
    request = build_request(settings, ToolRegistry(), conversation(), load_image=load)
    images = [
        part
        for m in request.messages
        if isinstance(m["content"], list)
        for part in m["content"]
        if part["type"] == "image_url"
    ]
    assert len(images) == 2


def test_the_policy_is_stored_with_the_conversation(tmp_path: Path) -> None:
    db = Database(tmp_path / "s.sqlite3")
    try:
        store = ConversationStore(db)
        settings = ChatSettings(model="m", image_policy="none")
        cid = store.create("t", "m", None, settings.to_params())
        record = store.get(cid)
        assert record is not None
        assert ChatSettings.from_record(record).image_policy == "none"
        store.update_settings(cid, params={**record.params, "image_policy": "sometimes"})
        record = store.get(cid)
        assert record is not None
        assert ChatSettings.from_record(record).image_policy == "last"
    finally:
        db.close()
    with pytest.raises(ValueError, match="all, last or none"):
        checked_image_policy("sometimes")


@pytest.mark.parametrize(
    ("model", "vision"),
    [
        ("gpt-4o-mini", True),
        ("GPT-4.1", True),
        ("o3", True),
        ("claude-sonnet-4-20250514", True),
        ("gemini-2.5-flash", True),
        ("doubao-1.5-vision-pro-250328", True),
        ("qwen2.5-vl-72b-instruct", True),
        ("grok-2-vision-1212", True),
        ("demo-vision", True),
        ("demo-chat", False),
        ("gpt-3.5-turbo", False),
        ("deepseek-chat", False),
        ("", False),
    ],
)
def test_known_vision_model_names(model: str, vision: bool) -> None:
    assert is_vision_model(model) is vision


def test_relay_aliases_can_be_marked() -> None:
    assert not is_vision_model("gpt4-all")
    assert is_vision_model("gpt4-all", ["gpt4-all"])
    assert is_vision_model("relay-special-7", ["relay-*"])


def test_each_provider_gets_its_own_target() -> None:
    assert provider_kind("anthropic/claude-3-5-sonnet") == "claude"
    assert target_for_model("claude-3-haiku").max_long == 1568
    assert target_for_model("claude-3-haiku").max_bytes == 5 * MB
    assert target_for_model("gemini-2.5-pro").max_request_bytes == 15 * MB
    assert target_for_model("gpt-4o", "low").detail == "low"
    assert target_for_model("gpt-4o", send_original=True).send_original


@pytest.fixture
def image_store(tmp_path: Path) -> Iterator[ImageStore]:
    db = Database(tmp_path / "s.sqlite3")
    yield ImageStore(tmp_path / "images", db)
    db.close()


def jpeg(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size)
    image.putdata([(x % 256, (x * 7) % 256, 90) for x in range(size[0] * size[1])])
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


async def test_prepared_bytes_are_stored_once_and_referenced(image_store: ImageStore) -> None:
    original = jpeg((1600, 1200))
    target = target_for_model("gpt-4o")
    first = await prepare_attachment(image_store, original, "p.jpg", "low", target)
    again = await prepare_attachment(image_store, original, "p.jpg", "low", target)
    ref = first.ref
    assert ref == again.ref
    assert (ref["width"], ref["height"], ref["detail"], ref["tokens"]) == (512, 384, "low", 85)
    assert (ref["original_width"], ref["original_height"]) == (1600, 1200)
    assert ref["original_bytes"] == len(original)
    stored = image_store.get(ref["hash"])
    assert len(stored) == ref["bytes"] < len(original)
    assert Image.open(io.BytesIO(stored)).size == (512, 384)
    assert len([p for p in image_store.root.rglob("*") if p.is_file()]) == 1


async def test_pasted_pixels_and_files_are_prepared(
    image_store: ImageStore, tmp_path: Path
) -> None:
    pixels = Pixels(bytes([10, 200, 30, 255]) * (300 * 200), 300, 200)
    prepared = await prepare_attachment(
        image_store, pixels, "pasted image.png", "high", target_for_model("x"), thumb_side=64
    )
    assert (prepared.ref["width"], prepared.ref["height"]) == (300, 200)
    assert Image.open(io.BytesIO(prepared.thumb)).size == (64, 43)
    path = tmp_path / "f.jpg"
    path.write_bytes(jpeg((100, 80)))
    from_file = await prepare_attachment(image_store, path, "f.jpg", "auto", target_for_model("x"))
    assert from_file.ref["width"] == 100


async def test_refusals_are_one_sentence_in_the_ui_language(
    image_store: ImageStore, tmp_path: Path
) -> None:
    target = target_for_model("gpt-4o")
    with pytest.raises(AttachmentError) as error:
        await prepare_attachment(image_store, b"just text\n", "notes.png", "auto", target)
    assert error.value.message.startswith("“notes.png” is not an image")
    with pytest.raises(AttachmentError) as error:
        await prepare_attachment(
            image_store, b"just text\n", "notes.png", "auto", target, language="zh_CN"
        )
    assert error.value.message.startswith("“notes.png”不是图片")
    with pytest.raises(AttachmentError) as error:
        await prepare_attachment(image_store, tmp_path / "gone.jpg", "gone.jpg", "auto", target)
    assert "gone.jpg" in error.value.message
    assert not any(p.is_file() for p in image_store.root.rglob("*"))


async def test_the_service_fetches_addresses_on_the_providers_session(
    image_store: ImageStore,
) -> None:
    """The chat's attachment service fetches through the current provider's pooled client
    (its proxy), with sentences in the UI language."""
    async with RawServer() as proxy:
        proxy.script(
            json_response(jpeg((8, 8)), content_type="image/jpeg"),
            json_response({"error": "gone"}, status=404),
        )
        config = ProviderConfig(
            base_url="http://relay.invalid/v1", proxy_mode="explicit", proxy_url=proxy.root
        )
        session = HttpSession(config)
        service = AttachmentService(image_store, lambda: "zh_CN", lambda: session)
        try:
            assert await service.fetch("http://images.invalid/cat.jpg") == jpeg((8, 8))
            with pytest.raises(FetchError, match="服务器返回 HTTP 404"):
                await service.fetch("http://images.invalid/gone.jpg")
        finally:
            await session.aclose()
    assert [r.target for r in proxy.requests] == [
        "http://images.invalid/cat.jpg",
        "http://images.invalid/gone.jpg",
    ]
