"""Procedural pictures for the demo Images API, drawn with Pillow.

A picture is a two-colour gradient with a few translucent shapes and the prompt's first words
as a caption. Colours and shapes come from ``(seed, index)``, so the same prompt, seed and index
always give identical bytes, and a different seed gives a different picture. Pictures are
drawn small and scaled up to the requested size, which keeps even 4K answers quick.
"""

from __future__ import annotations

import colorsys
import io
import random
import re
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from studio.demo.seeding import stable_int

_WORK_SIDE = 384
MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


@dataclass(frozen=True)
class PictureSpec:
    """What to draw: prompt, exact size, seed, index among ``n``, transparent background."""

    prompt: str
    width: int
    height: int
    seed: int
    index: int
    transparent: bool = False


def seeded_colour(rng: random.Random, light: bool = True) -> tuple[int, int, int]:
    """A saturated colour from ``rng`` (lighter when ``light``)."""
    value = rng.uniform(0.75, 1.0) if light else rng.uniform(0.35, 0.6)
    r, g, b = colorsys.hsv_to_rgb(rng.random(), rng.uniform(0.45, 0.9), value)
    return round(r * 255), round(g * 255), round(b * 255)


def caption_for(prompt: str) -> str:
    """The first (Latin-script) words of ``prompt``, or a short hash when there are none."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'\-]*", prompt)[:4]
    if words:
        return " ".join(words)[:32]
    return f"prompt #{stable_int(prompt) % 0xFFFFFF:06x}"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=max(size, 8))


def draw_caption(image: Image.Image, text: str, *, corner_note: str = "") -> None:
    """Draw ``text`` at the bottom left of ``image`` (white with a dark outline), in place."""
    width, height = image.size
    draw = ImageDraw.Draw(image)
    size = max(8, min(width, height) // 9)
    font = _font(size)
    while size > 8:
        left, _top, right, _bottom = draw.textbbox((0, 0), text, font=font, stroke_width=size // 14)
        if right - left <= width * 0.9:
            break
        size = max(8, int(size * 0.8))
        font = _font(size)
    margin = max(2, min(width, height) // 24)
    stroke = max(1, size // 14)
    bbox = draw.textbbox((0, 0), text, font=font, stroke_width=stroke)
    y = height - margin - (bbox[3] - bbox[1]) - bbox[1]
    draw.text((margin, y), text, font=font, fill="white", stroke_width=stroke, stroke_fill="black")
    if corner_note:
        note_font = _font(max(8, min(width, height) // 30))
        draw.text(
            (margin, margin),
            corner_note,
            font=note_font,
            fill="white",
            stroke_width=1,
            stroke_fill="black",
        )


def _gradient(size: tuple[int, int], rng: random.Random) -> Image.Image:
    first, second = seeded_colour(rng), seeded_colour(rng, light=False)
    mask = Image.linear_gradient("L")
    turn = rng.choice(
        (None, Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_180, Image.Transpose.ROTATE_270)
    )
    if turn is not None:
        mask = mask.transpose(turn)
    mask = mask.resize(size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGBA", size, first), Image.new("RGBA", size, second), mask)


def _shapes(size: tuple[int, int], rng: random.Random) -> Image.Image:
    width, height = size
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for _ in range(rng.randint(5, 9)):
        colour = (*seeded_colour(rng, light=rng.random() < 0.5), rng.randint(150, 235))
        x0, y0 = rng.uniform(-0.1, 0.9) * width, rng.uniform(-0.1, 0.9) * height
        extent = rng.uniform(0.1, 0.45) * min(width, height) + 1
        box = (x0, y0, x0 + extent * rng.uniform(0.6, 1.6), y0 + extent * rng.uniform(0.6, 1.6))
        kind = rng.choice(("ellipse", "rectangle", "polygon", "rounded"))
        if kind == "ellipse":
            draw.ellipse(box, fill=colour)
        elif kind == "rectangle":
            draw.rectangle(box, fill=colour)
        elif kind == "rounded":
            draw.rounded_rectangle(box, radius=extent / 5, fill=colour)
        else:
            points = [
                (rng.uniform(box[0], box[2]), rng.uniform(box[1], box[3]))
                for _ in range(rng.randint(3, 6))
            ]
            draw.polygon(points, fill=colour)
    return overlay


def render_picture(spec: PictureSpec) -> Image.Image:
    """Draw the picture for ``spec`` at exactly ``spec.width`` × ``spec.height`` (RGB or RGBA)."""
    rng = random.Random(f"demo-image:{spec.seed}:{spec.index}")
    scale = min(1.0, _WORK_SIDE / max(spec.width, spec.height))
    work = (max(1, round(spec.width * scale)), max(1, round(spec.height * scale)))
    gradient = _gradient(work, rng)  # drawn even when unused, so shapes stay the same
    base = Image.new("RGBA", work, (0, 0, 0, 0)) if spec.transparent else gradient
    picture = Image.alpha_composite(base, _shapes(work, rng))
    if picture.size != (spec.width, spec.height):
        picture = picture.resize((spec.width, spec.height), Image.Resampling.BICUBIC)
    if not spec.transparent:
        picture = picture.convert("RGB")
    note = f"seed {spec.seed} #{spec.index + 1}"
    draw_caption(picture, caption_for(spec.prompt), corner_note=note)
    return picture


def preview(picture: Image.Image, step: int, steps: int) -> Image.Image:
    """A blocky partial version of ``picture``: coarser for earlier ``step`` of ``steps``."""
    factor = 2 ** (steps - step + 2)
    width, height = picture.size
    small = picture.resize(
        (max(1, width // factor), max(1, height // factor)), Image.Resampling.BOX
    )
    return small.resize(picture.size, Image.Resampling.NEAREST)


def encode(picture: Image.Image, output_format: str) -> bytes:
    """Encode ``picture`` as png, jpeg or webp (fast settings; deterministic)."""
    buffer = io.BytesIO()
    if output_format == "jpeg":
        if picture.mode != "RGB":
            flat = Image.new("RGB", picture.size, "white")
            if picture.mode == "RGBA":
                flat.paste(picture, mask=picture.getchannel("A"))
            else:
                flat.paste(picture.convert("RGB"))
            picture = flat
        picture.save(buffer, "JPEG", quality=90)
    elif output_format == "webp":
        picture.save(buffer, "WEBP", quality=85, method=0)
    else:
        picture.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()
