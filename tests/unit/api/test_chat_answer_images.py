"""Images in ordinary chat answers become ``ImagesReceived`` events: streamed ``delta.images``,
a whole answer's ``message.images``, ``image_url`` content parts and data-URL images in the
text (which leave the text); an answer with only an image is not empty."""

from __future__ import annotations

from studio.api import events as ev
from studio.api.assemble import ChunkAssembler
from studio.api.chat_images import split_content_images
from tests.fakes.image_server import b64, image_bytes
from tests.fakes.raw_server import D, completion, content, delta, finish, json_response, role, sse

PNG = image_bytes("PNG", color=(10, 200, 10))
URL = f"data:image/png;base64,{b64(PNG)}"
OTHER = f"data:image/jpeg;base64,{b64(image_bytes('JPEG'))}"


def image_entry(url: str) -> dict[str, object]:
    return {"type": "image_url", "image_url": {"url": url}}


async def test_streamed_delta_images_are_surfaced(chat):
    out = await chat.run(
        sse(
            role(),
            content("Here you go."),
            delta({"images": [image_entry(URL)]}),
            delta({"images": [image_entry("https://cdn.example/x.png")]}),
            finish("stop"),
            D,
        )
    )

    assert out.error is None
    assert [e.urls for e in out.of(ev.ImagesReceived)] == [(URL,), ("https://cdn.example/x.png",)]
    assert out.text() == "Here you go."
    assert out.result.choice(0).images == [URL, "https://cdn.example/x.png"]
    assert out.finish.reason == "stop"


async def test_an_answer_with_only_an_image_is_not_empty(chat):
    out = await chat.run(
        sse(role(), delta({"content": "", "images": [image_entry(URL)]}), finish("stop"), D)
    )

    assert out.error is None
    assert out.result.choice(0).images == [URL] and out.text() == ""


async def test_a_whole_answer_gives_message_images_and_content_images(chat):
    message = {
        "role": "assistant",
        "content": f"Edited: ![out]({OTHER}) done",
        "images": [image_entry(URL)],
    }
    out = await chat.run(json_response(completion(message)), stream=False)

    assert out.error is None
    (event,) = out.of(ev.ImagesReceived)
    assert event.urls == (URL, OTHER)
    assert "base64" not in out.text() and out.text().startswith("Edited:")


async def test_content_parts_with_images_in_a_stream(chat):
    parts = [{"type": "text", "text": "A"}, image_entry(URL)]
    out = await chat.run(sse(role(), delta({"content": parts}), finish("stop"), D))

    assert out.text() == "A"
    assert [e.urls for e in out.of(ev.ImagesReceived)] == [(URL,)]


def test_the_assembler_keeps_candidates_apart() -> None:
    assembler = ChunkAssembler(n=2)
    events = assembler.feed_chunk(
        {
            "choices": [
                {"index": 0, "delta": {"images": [image_entry(URL)]}},
                {"index": 1, "delta": {"images": [image_entry(OTHER)]}},
            ]
        }
    )
    assert events == [ev.ImagesReceived((URL,), 0), ev.ImagesReceived((OTHER,), 1)]
    assert assembler.saw_output


def test_text_that_only_looks_like_an_image_is_left_alone() -> None:
    plain = "Use ![alt](https://example.com/a.png) in Markdown, or data:image/ URLs."
    assert split_content_images(plain) == (plain, ["https://example.com/a.png"])
    assert ChunkAssembler().feed_chunk(
        {"choices": [{"index": 0, "delta": {"content": plain}}]}
    ) == [ev.TextDelta(plain, 0)]
    text, urls = split_content_images(f"before {URL} after")
    assert urls == [URL] and "base64" not in text
