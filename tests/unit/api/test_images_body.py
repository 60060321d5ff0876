"""The streaming parser of big image answers and its base64 decoder (pure functions).

The reference is what Studio did before: ``json.loads`` of the whole answer, then the tolerant
``decode_base64`` of each string. Every answer here is cut into pieces at random places
(inside escapes, the data-URL prefix, keys) and must give the very same images and fields.
"""

from __future__ import annotations

import base64
import binascii
import json
import random
import re
from typing import Any

import pytest

from studio.api.b64stream import Base64Decoder, Base64Error, NotPlainBase64
from studio.api.imagebody import ImageBodyParser, parse_image_body, parse_image_text
from studio.api.imagedata import InlineImage, InvalidImageData, decode_base64, item_sources

# -- the behaviour before the streaming parser (kept here as the reference) ---------------

_PREFIX = re.compile(rb"\s*data:[^,;]*(?:;[^,;]*)*?;base64,", re.IGNORECASE)


def reference_decode(text: str) -> bytes | None:
    """The old decode_base64: None where it raised InvalidImageData."""
    match = _PREFIX.match(text[:512].encode("ascii", errors="replace"))
    text = text[match.end() :] if match else text
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError:
        return None
    raw = raw.translate(None, b" \t\r\n\f\v")
    if b"-" in raw or b"_" in raw:
        raw = raw.translate(bytes.maketrans(b"-_", b"+/"))
    raw = raw.rstrip(b"=")
    if not raw or -len(raw) % 4 == 3:
        return None
    try:
        return base64.b64decode(raw + b"=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def new_decode(value: str | InlineImage) -> bytes | None:
    if isinstance(value, InlineImage):
        return value.data
    try:
        return decode_base64(value)
    except InvalidImageData:
        return None


def normal(value: Any, key: str | None = None) -> Any:
    """Image strings (decoded or not yet) as their bytes, so both sides compare."""
    if isinstance(value, InlineImage):
        return ("image", value.data)
    if isinstance(value, str) and key in ("b64_json", "url", "partial_image_b64"):
        data = reference_decode(value)
        return ("image", data) if data is not None else value
    if isinstance(value, list):
        return [normal(item) for item in value]
    if isinstance(value, dict):
        return {name: normal(item, name) for name, item in value.items()}
    return value


def summary(obj: Any, decode: Any) -> Any:
    """What the images client reads from an answer: sources (decoded) and the other fields."""
    if not isinstance(obj, dict):
        return obj
    data = obj.get("data")
    items = [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []
    out: list[Any] = []
    for item in items:
        out.append([(kind, decode(v) if kind == "b64" else v) for kind, v in item_sources(item)])
        out.append({k: v for k, v in item.items() if k not in ("b64_json", "url")})
    return out, normal({k: v for k, v in obj.items() if k != "data"})


def feed_in_pieces(raw: bytes, rng: random.Random, **options: Any) -> Any:
    parser = ImageBodyParser(**options)
    cuts = sorted(rng.randrange(len(raw) + 1) for _ in range(rng.randrange(0, 40)))
    start = 0
    for cut in [*cuts, len(raw)]:
        if cut < start:
            continue
        if rng.random() < 0.5:
            parser.feed(raw[start:cut])
        else:
            parser.feed_range(raw, start, cut)
        start = cut
    return parser.close()


# -- the decoder ---------------------------------------------------------------------------

PIECES = ["A", "Q", "z", "+", "/", "-", "_", "=", "==", " ", "\n", "\r\n", "\t", "\f", "\v"]
ODD = ["*", "é", "\\", '"', "\x01", "0", "=A"]


def random_text(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return "".join(rng.choice(PIECES + ODD) for _ in range(rng.randrange(0, 12)))
    payload = rng.randbytes(rng.randrange(0, 60))
    text = list(
        base64.urlsafe_b64encode(payload).decode()
        if rng.random() < 0.3
        else base64.b64encode(payload).decode()
    )
    for _ in range(rng.randrange(0, 4)):
        text.insert(rng.randrange(len(text) + 1), rng.choice(PIECES + ODD))
    if rng.random() < 0.3 and text:
        text = text[: rng.randrange(len(text))]
    return "".join(text)


@pytest.mark.parametrize("seed", range(4))
def test_the_decoder_agrees_with_the_old_decoding_however_the_text_is_cut(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(4000):
        text = random_text(rng)
        expected = reference_decode(text)
        assert new_decode(text) == expected, text

        # Fed piece by piece, as the parser feeds it.
        decoder = Base64Decoder()
        encoded = text.encode("utf-8")
        cuts = sorted(rng.randrange(len(encoded) + 1) for _ in range(rng.randrange(0, 5)))
        got: bytes | None
        try:
            start = 0
            for cut in [*cuts, len(encoded)]:
                decoder.feed_text(encoded[start:cut])
                start = max(start, cut)
            got = decoder.finish()
        except Base64Error:
            got = None
        if text.isascii():
            assert got == expected, (text, cuts)


@pytest.mark.parametrize("seed", range(4))
def test_json_literals_decode_like_json_loads_then_decode(seed: int) -> None:
    rng = random.Random(100 + seed)
    for _ in range(4000):
        text = random_text(rng)
        literal = json.dumps(text)[1:-1]
        if rng.random() < 0.5:
            literal = literal.replace("/", "\\/")  # what PHP's json_encode writes
        raw = literal.encode()
        decoder = Base64Decoder()
        cuts = sorted(rng.randrange(len(raw) + 1) for _ in range(rng.randrange(0, 5)))
        try:
            start = 0
            for cut in [*cuts, len(raw)]:
                decoder.feed_json(memoryview(raw)[start:cut])
                start = max(start, cut)
            got: bytes | None = decoder.finish()
        except Base64Error:
            got = None
        except NotPlainBase64:
            continue  # the parser then asks json for the text: checked below
        expected = reference_decode(text) if text.isascii() else None
        assert got == expected, (raw, cuts)


def test_a_raw_control_character_is_never_accepted_as_base64() -> None:
    decoder = Base64Decoder()
    with pytest.raises(NotPlainBase64):
        decoder.feed_json(b"QUFB\nQUFB")  # invalid JSON: the parser must see the error


def test_padding_in_the_middle_is_invalid() -> None:
    with pytest.raises(InvalidImageData):
        decode_base64("QQ==QUFB")
    decoder = Base64Decoder()
    decoder.feed_text(b"QUFBQQ==")
    with pytest.raises(Base64Error):
        decoder.feed_text(b"QUFB")


# -- the parser ----------------------------------------------------------------------------


def random_b64(rng: random.Random) -> str:
    payload = rng.randbytes(rng.choice([0, 1, 3, 10, 300, 3500, 6000]))
    text = base64.b64encode(payload).decode()
    pick = rng.random()
    if pick < 0.1:
        text = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    elif pick < 0.2:
        text = "\n".join(text[i : i + 76] for i in range(0, len(text), 76)) + "\r\n"
    if rng.random() < 0.2:
        text = (
            rng.choice(
                [
                    "data:image/png;base64,",
                    "DATA:image/png;charset=utf-8;base64,",
                    " data:x;base64,",
                ]
            )
            + text
        )
    if rng.random() < 0.1 and text:
        i = rng.randrange(len(text))
        text = text[:i] + rng.choice(["*", "=", "é", "\\", '"', "\x01", "==A"]) + text[i:]
    if rng.random() < 0.05:
        text = "https://example.com/" + text
    return text


def random_answer(rng: random.Random) -> bytes:
    items: list[dict[str, Any]] = []
    for _ in range(rng.randrange(0, 3)):
        item: dict[str, Any] = {}
        if rng.random() < 0.8:
            item["b64_json"] = random_b64(rng)
        if rng.random() < 0.3:
            item["url"] = random_b64(rng) if rng.random() < 0.5 else "http://x/y.png"
        if rng.random() < 0.3:
            item["revised_prompt"] = "一只猫 on a roof " * rng.randrange(1, 3000)
        if rng.random() < 0.2:
            item["k" * rng.randrange(1, 200)] = [1, {"a": "b"}]
        items.append(item)
    body = json.dumps(
        {"created": 1, "data": items, "usage": {"total_tokens": 5}},
        ensure_ascii=rng.random() < 0.5,
        indent=rng.choice([None, 1]),
    )
    if rng.random() < 0.5:
        body = body.replace("/", "\\/")
    return body.encode()


@pytest.mark.parametrize("seed", range(6))
def test_the_parser_gives_what_json_loads_gave(seed: int) -> None:
    rng = random.Random(200 + seed)
    lifted = 0
    for _ in range(300):
        raw = random_answer(rng)
        if rng.random() < 0.05:  # a broken answer must stay broken
            i = rng.randrange(len(raw))
            raw = raw[:i] + rng.choice([b"\n", b'"', b"\\", b"}", b"\x00"]) + raw[i:]
        try:
            expected = summary(json.loads(raw), reference_decode)
        except (ValueError, RecursionError):
            expected = "invalid JSON"
        # A small lift_at also lifts short strings: every path runs on small answers.
        lift_at = rng.choice([4, 100, 1000, 32 * 1024])
        try:
            got = summary(feed_in_pieces(raw, rng, lift_at=lift_at), new_decode)
        except (ValueError, RecursionError):
            got = "invalid JSON"
        assert got == expected, raw[:200]
        lifted += expected != "invalid JSON" and lift_at == 4
    assert lifted > 20


def test_a_long_base64_string_is_decoded_while_it_arrives() -> None:
    png = random.Random(1).randbytes(300_000)
    raw = json.dumps({"data": [{"b64_json": base64.b64encode(png).decode()}]}).encode()
    parser = ImageBodyParser()
    for start in range(0, len(raw), 65536):
        parser.feed(raw[start : start + 65536])
    assert parser.lifted == 1
    assert len(parser.raw_text()) < 100  # the 400 KB string is not in the skeleton

    (item,) = parser.close()["data"]

    image = item["b64_json"]
    assert isinstance(image, InlineImage) and image.data == png
    assert image.raw is None  # the raw text is not kept once decoded


def test_a_long_string_under_another_key_stays_a_string() -> None:
    text = base64.b64encode(random.Random(2).randbytes(60_000)).decode()
    value = parse_image_text(json.dumps({"note": text, "list": [text]}))
    assert value == {"note": text, "list": [text]}


def test_a_long_url_holding_base64_is_still_a_url() -> None:
    text = base64.b64encode(random.Random(3).randbytes(60_000)).decode()
    (item,) = parse_image_text(json.dumps({"data": [{"url": text}]}))["data"]
    assert item_sources(item) == [("url", text)]


def test_an_answer_that_is_not_an_object_is_only_kept() -> None:
    html = b"<!doctype html><html>" + b"x" * 100_000 + b"</html>"
    parser = parse_image_body(html)
    assert parser.is_object is False
    assert parser.raw_text() == html
    assert parser.head == html[:1024]


def test_an_answer_cut_inside_a_string_is_invalid_json() -> None:
    raw = b'{"data":[{"b64_json":"' + base64.b64encode(bytes(100_000))
    with pytest.raises(ValueError):
        parse_image_body(raw).close()


PNG_BYTES = random.Random(9).randbytes(120_000)


@pytest.mark.parametrize(
    "shape",
    [
        "plain",
        "escaped_slashes",
        "newlines",
        "crlf",
        "spaces",
        "data_url",
        "escaped_data_url",
        "urlsafe",
        "no_padding",
    ],
)
def test_every_usual_shape_takes_the_fast_path(shape: str) -> None:
    text = base64.b64encode(PNG_BYTES).decode()
    if shape == "newlines":
        text = "\\n".join(text[i : i + 76] for i in range(0, len(text), 76))
    elif shape == "crlf":
        text = "\\r\\n".join(text[i : i + 64] for i in range(0, len(text), 64)) + "\\r\\n"
    elif shape == "spaces":
        text = " ".join(text[i : i + 100] for i in range(0, len(text), 100))
    elif shape in ("data_url", "escaped_data_url"):
        text = "data:image/png;base64," + text
    elif shape == "urlsafe":
        text = base64.urlsafe_b64encode(PNG_BYTES).decode()
    elif shape == "no_padding":
        text = base64.b64encode(PNG_BYTES[:-1]).decode().rstrip("=")
    if shape in ("escaped_slashes", "escaped_data_url"):
        text = text.replace("/", "\\/")
    raw = b'{"data": [{"b64_json": "' + text.encode() + b'"}]}'
    rng = random.Random(shape)

    (item,) = feed_in_pieces(raw, rng)["data"]

    image = item["b64_json"]
    assert isinstance(image, InlineImage)  # decoded on the way, not left as text
    assert image.data == (PNG_BYTES[:-1] if shape == "no_padding" else PNG_BYTES)
    assert image.is_data_url == shape.endswith("data_url")


def test_odd_escapes_fall_back_to_json_and_still_decode() -> None:
    text = base64.b64encode(PNG_BYTES).decode().replace("A", "\\u0041")
    raw = b'{"data": [{"b64_json": "' + text.encode() + b'"}]}'

    (item,) = parse_image_body(raw).close()["data"]

    assert isinstance(item["b64_json"], str)  # the exact, slow way
    assert decode_base64(item["b64_json"]) == PNG_BYTES
