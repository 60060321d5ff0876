"""Vision for the demo relay: read ``image_url`` parts and describe them from real measurements.

Images come as data URLs or as http(s) URLs; only loopback URLs (127.0.0.1, localhost, ::1)
are fetched, others are reported as "not fetched". Each image is opened with Pillow and
described by format, size, mode, its three dominant colours (named and in hex), the ``detail``
asked for and the token cost that detail implies.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import urllib.parse
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 20 * 1024 * 1024
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

# (English name, Chinese name, RGB)
_PALETTE: tuple[tuple[str, str, tuple[int, int, int]], ...] = (
    ("black", "黑色", (0, 0, 0)),
    ("dark grey", "深灰色", (64, 64, 64)),
    ("grey", "灰色", (128, 128, 128)),
    ("silver", "银色", (192, 192, 192)),
    ("white", "白色", (255, 255, 255)),
    ("red", "红色", (230, 25, 25)),
    ("dark red", "深红色", (128, 0, 0)),
    ("pink", "粉色", (255, 170, 190)),
    ("orange", "橙色", (255, 140, 0)),
    ("brown", "棕色", (139, 69, 19)),
    ("gold", "金色", (255, 200, 0)),
    ("yellow", "黄色", (255, 255, 0)),
    ("beige", "米色", (240, 225, 190)),
    ("olive", "橄榄色", (128, 128, 0)),
    ("green", "绿色", (0, 160, 0)),
    ("lime", "青柠色", (50, 255, 50)),
    ("dark green", "深绿色", (0, 90, 0)),
    ("teal", "蓝绿色", (0, 128, 128)),
    ("cyan", "青色", (0, 230, 230)),
    ("sky blue", "天蓝色", (135, 206, 235)),
    ("blue", "蓝色", (25, 25, 230)),
    ("navy", "海军蓝", (0, 0, 128)),
    ("purple", "紫色", (128, 0, 128)),
    ("violet", "紫罗兰色", (200, 130, 238)),
    ("magenta", "品红色", (255, 0, 255)),
)


@dataclass(frozen=True)
class ImagePart:
    """An ``image_url`` content part: its URL and the ``detail`` asked for."""

    url: str
    detail: str


@dataclass(frozen=True)
class LoadedImage:
    """An image part after loading: the bytes, or why there are none."""

    part: ImagePart
    data: bytes | None
    note: str


def image_parts(content: Any) -> list[ImagePart]:
    """The ``image_url`` parts of a message's ``content`` (a string has none)."""
    parts: list[ImagePart] = []
    if not isinstance(content, list):
        return parts
    for part in content:
        if not isinstance(part, Mapping) or part.get("type") not in ("image_url", "input_image"):
            continue
        raw = part.get("image_url")
        url = raw.get("url") if isinstance(raw, Mapping) else raw
        detail = raw.get("detail") if isinstance(raw, Mapping) else part.get("detail")
        if isinstance(url, str):
            parts.append(ImagePart(url=url, detail=detail if isinstance(detail, str) else "auto"))
    return parts


def decode_data_url(url: str) -> bytes:
    """The bytes of a ``data:`` URL; raises ``ValueError`` if it is malformed."""
    header, sep, payload = url.partition(",")
    if not sep or not header.startswith("data:"):
        raise ValueError("malformed data URL")
    if header.endswith(";base64"):
        try:
            return base64.b64decode("".join(payload.split()), validate=True)
        except binascii.Error as exc:
            raise ValueError("invalid base64 in data URL") from exc
    return urllib.parse.unquote_to_bytes(payload)


async def load_part(part: ImagePart) -> LoadedImage:
    """Load one image part: decode a data URL or fetch a loopback URL."""
    if part.url.startswith("data:"):
        try:
            return LoadedImage(part, decode_data_url(part.url), "data URL")
        except ValueError as exc:
            return LoadedImage(part, None, f"could not be decoded ({exc})")
    split = urllib.parse.urlsplit(part.url)
    if split.scheme not in ("http", "https"):
        return LoadedImage(part, None, f"unsupported URL scheme {split.scheme or '(none)'!r}")
    if split.hostname not in _LOOPBACK_HOSTS:
        return LoadedImage(part, None, f"not fetched: {split.hostname} is not on this computer")
    try:
        async with httpx.AsyncClient(timeout=5.0) as client:
            response = await client.get(part.url)
    except httpx.HTTPError as exc:
        return LoadedImage(part, None, f"could not be fetched ({type(exc).__name__})")
    if response.status_code != 200:
        return LoadedImage(part, None, f"could not be fetched (HTTP {response.status_code})")
    return LoadedImage(part, response.content, "fetched from this computer")


def nearest_colour(rgb: tuple[int, int, int]) -> tuple[str, str]:
    """English and Chinese names of the palette colour closest to ``rgb`` (redmean metric)."""

    def distance(other: tuple[int, int, int]) -> float:
        mean = (rgb[0] + other[0]) / 2
        dr, dg, db = (rgb[0] - other[0], rgb[1] - other[1], rgb[2] - other[2])
        return math.sqrt(
            (2 + mean / 256) * dr * dr + 4 * dg * dg + (2 + (255 - mean) / 256) * db * db
        )

    english, chinese, _ = min(_PALETTE, key=lambda entry: distance(entry[2]))
    return english, chinese


def dominant_colours(
    image: Image.Image, count: int = 3
) -> list[tuple[tuple[int, int, int], float]]:
    """The ``count`` most common colours (averaged per coarse bucket) and their share."""
    small = image.convert("RGBA")
    small.thumbnail((64, 64))
    raw = small.tobytes()
    buckets: Counter[tuple[int, int, int]] = Counter()
    sums: dict[tuple[int, int, int], list[int]] = {}
    for i in range(0, len(raw), 4):
        r, g, b, a = raw[i], raw[i + 1], raw[i + 2], raw[i + 3]
        if a < 128:
            continue
        key = (r >> 5, g >> 5, b >> 5)
        buckets[key] += 1
        total = sums.setdefault(key, [0, 0, 0])
        total[0] += r
        total[1] += g
        total[2] += b
    seen = sum(buckets.values())
    result: list[tuple[tuple[int, int, int], float]] = []
    for key, hits in buckets.most_common(count):
        r, g, b = (round(channel / hits) for channel in sums[key])
        result.append(((r, g, b), hits / seen))
    return result


def vision_tokens(width: int, height: int, detail: str) -> int:
    """Token cost of one image as OpenAI-style relays count it (low = 85; high = tiles)."""
    if detail == "low":
        return 85
    scale = min(1.0, 2048 / max(width, height))
    w, h = width * scale, height * scale
    scale = 768 / min(w, h) if min(w, h) > 768 else 1.0
    w, h = w * scale, h * scale
    tiles = math.ceil(w / 512) * math.ceil(h / 512)
    return 170 * tiles + 85


def describe_image(loaded: LoadedImage, number: int, zh: bool) -> str:
    """A markdown section describing image ``number`` from Pillow measurements."""
    title = f"### {'图片' if zh else 'Image'} {number}"
    detail = loaded.part.detail
    if loaded.data is None:
        return f"{title}\n\n- {'无法读取' if zh else 'Not read'}: {loaded.note}."
    if len(loaded.data) > MAX_IMAGE_BYTES:
        return f"{title}\n\n- {'图片太大' if zh else 'Too large'}: {len(loaded.data)} bytes."
    try:
        with Image.open(io.BytesIO(loaded.data)) as image:
            image.load()
            fmt = image.format or "unknown"
            frames = getattr(image, "n_frames", 1)
            width, height = image.size
            mode = image.mode
            colours = dominant_colours(image)
    except (UnidentifiedImageError, OSError, ValueError):
        reason = "不是可识别的图片" if zh else "not a recognisable image"
        return f"{title}\n\n- {reason} ({len(loaded.data)} bytes, {loaded.note})."
    named = []
    for rgb, share in colours:
        english, chinese = nearest_colour(rgb)
        hex_code = "#{:02X}{:02X}{:02X}".format(*rgb)
        named.append(f"{chinese if zh else english} `{hex_code}` ({share:.0%})")
    shape = "square" if width == height else "landscape" if width > height else "portrait"
    tokens = vision_tokens(width, height, detail)
    animated = f", animated ({frames} frames)" if frames > 1 else ""
    if zh:
        lines = [
            f"- **格式**：{fmt}{animated}，**尺寸**：{width}×{height} 像素（{width}x{height}），"
            f"**模式**：{mode}",
            f"- **主要颜色**：{'、'.join(named) or '无（全透明）'}",
            f"- **detail**：`{detail}`（约 {tokens} 个 token）",
            f"- **来源**：{loaded.note}，{len(loaded.data)} 字节",
        ]
    else:
        lines = [
            f"- **Format:** {fmt}{animated}, **size:** {width}×{height} px ({width}x{height}, "
            f"{shape}), **mode:** {mode}",
            f"- **Dominant colours:** {', '.join(named) or 'none (fully transparent)'}",
            f"- **Detail:** `{detail}` (about {tokens} tokens)",
            f"- **Source:** {loaded.note}, {len(loaded.data)} bytes",
        ]
    return f"{title}\n\n" + "\n".join(lines)


def describe_images(loaded: list[LoadedImage], question: str, zh: bool) -> str:
    """The whole vision answer: one section per image, then a word about the question."""
    count = len(loaded)
    if zh:
        head = f"你发送了 {count} 张图片。以下是我测量到的内容："
    else:
        head = f"You sent {count} image{'s' if count != 1 else ''}. Here is what I measured:"
    sections = [describe_image(item, i + 1, zh) for i, item in enumerate(loaded)]
    tail = ""
    if question.strip():
        if zh:
            tail = (
                f"\n\n关于你的问题“{question.strip()[:80]}”："
                "演示中继只能测量像素，无法真正理解画面。"
            )
        else:
            tail = (
                f"\n\nAbout your question “{question.strip()[:80]}”: the demo relay measures "
                "pixels; it cannot really see what the picture shows."
            )
    return head + "\n\n" + "\n\n".join(sections) + tail
