"""Visible, deterministic image edits for the demo ``/images/edits`` endpoint.

- With a mask (transparent = edit region, as OpenAI defines it), only the masked region of the
  first image changes: it is inverted and blended with a seeded stripe pattern. Pixels where
  the mask is opaque stay exactly as they were. A *remix* model (``demo-image-remix``) treats
  the mask as a hint, as gpt-image-1 does: the masked region changes the same way, and then
  the whole picture gets a seeded tint, so no pixel is kept exactly.
- Several images without a mask are merged side by side (same height, seeded divider).
- One image without a mask gets a global change: posterized, tinted and captioned.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from studio.demo.errors import RequestError
from studio.demo.imagegen import caption_for, draw_caption, seeded_colour

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_MERGE_HEIGHT = 1024


def open_upload(data: bytes, field: str) -> Image.Image:
    """Open an uploaded file as a loaded Pillow image; raises :class:`RequestError` if invalid."""
    if not data:
        raise RequestError(f"The file in '{field}' is empty.", param=field)
    if len(data) > MAX_UPLOAD_BYTES:
        raise RequestError(f"The file in '{field}' is larger than 50 MB.", param=field)
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise RequestError(
            f"The file in '{field}' is not a supported image (use PNG, JPEG or WEBP).",
            param=field,
            code="invalid_image_format",
        ) from exc
    return ImageOps.exif_transpose(image)


def mask_alpha(mask: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The mask's alpha channel; :class:`RequestError` without alpha or on a size mismatch."""
    has_alpha = mask.mode in ("RGBA", "LA", "PA") or "transparency" in mask.info
    if not has_alpha:
        raise RequestError(
            "The mask image is missing an alpha channel.",
            param="mask",
            code="invalid_mask_image_format",
        )
    if mask.size != size:
        raise RequestError(
            f"The mask ({mask.size[0]}x{mask.size[1]}) and the image ({size[0]}x{size[1]}) "
            "must have the same size.",
            param="mask",
        )
    return mask.convert("RGBA").getchannel("A")


def _stripes(size: tuple[int, int], rng: random.Random) -> Image.Image:
    width, height = size
    pattern = Image.new("RGB", size, seeded_colour(rng))
    draw = ImageDraw.Draw(pattern)
    other = seeded_colour(rng, light=False)
    step = max(4, min(width, height) // 12)
    for offset in range(-height, width, step * 2):
        draw.polygon(
            [
                (offset, 0),
                (offset + step, 0),
                (offset + step + height, height),
                (offset + height, height),
            ],
            fill=other,
        )
    return pattern


def _keep_alpha(source: Image.Image, result_rgb: Image.Image) -> Image.Image:
    if source.mode in ("RGBA", "LA", "PA") or "transparency" in source.info:
        result = result_rgb.convert("RGBA")
        result.putalpha(source.convert("RGBA").getchannel("A"))
        return result
    return result_rgb


def masked_edit(image: Image.Image, alpha: Image.Image, seed: int, index: int) -> Image.Image:
    """Change only where ``alpha`` is transparent; opaque mask pixels keep their exact values."""
    rng = random.Random(f"demo-edit-mask:{seed}:{index}")
    source = image.convert("RGB")
    changed = Image.blend(ImageOps.invert(source), _stripes(source.size, rng), 0.5)
    strength = ImageOps.invert(alpha)
    return _keep_alpha(image, Image.composite(changed, source, strength))


def remix_edit(image: Image.Image, alpha: Image.Image, seed: int, index: int) -> Image.Image:
    """:func:`masked_edit`, then a seeded tint over the whole picture (outside pixels too)."""
    rng = random.Random(f"demo-edit-remix:{seed}:{index}")
    edited = masked_edit(image, alpha, seed, index)
    tint = Image.new("RGB", edited.size, seeded_colour(rng, light=False))
    return _keep_alpha(image, Image.blend(edited.convert("RGB"), tint, 0.25))


def merge(images: list[Image.Image], seed: int, index: int) -> Image.Image:
    """Put ``images`` side by side at one height, separated by a seeded divider."""
    rng = random.Random(f"demo-edit-merge:{seed}:{index}")
    height = min(images[0].height, MAX_MERGE_HEIGHT)
    scaled = [
        img.convert("RGB").resize(
            (max(1, round(img.width * height / img.height)), height), Image.Resampling.BICUBIC
        )
        for img in images
    ]
    gap = max(2, height // 64)
    width = sum(img.width for img in scaled) + gap * (len(scaled) - 1)
    canvas = Image.new("RGB", (width, height), seeded_colour(rng))
    x = 0
    for img in scaled:
        canvas.paste(img, (x, 0))
        x += img.width + gap
    return canvas


def global_edit(image: Image.Image, prompt: str, seed: int, index: int) -> Image.Image:
    """Posterize, tint with a seeded colour and caption with the prompt's first words."""
    rng = random.Random(f"demo-edit-global:{seed}:{index}")
    source = image.convert("RGB")
    tint = Image.new("RGB", source.size, seeded_colour(rng))
    result = Image.blend(ImageOps.posterize(source, 2), tint, 0.35)
    draw_caption(result, caption_for(prompt))
    return _keep_alpha(image, result)


def fit(image: Image.Image, size: tuple[int, int] | None) -> Image.Image:
    """``image`` cropped and scaled to exactly ``size`` (no change when ``None`` or equal)."""
    if size is None or image.size == size:
        return image
    return ImageOps.fit(image, size, Image.Resampling.BICUBIC)


def edit_picture(
    images: list[Image.Image],
    alpha: Image.Image | None,
    prompt: str,
    seed: int,
    index: int,
    size: tuple[int, int] | None,
    *,
    remix: bool = False,
) -> Image.Image:
    """The ``index``-th result of an edit request (see the module docstring for the rules)."""
    if alpha is not None and remix:
        result = remix_edit(images[0], alpha, seed, index)
    elif alpha is not None:
        result = masked_edit(images[0], alpha, seed, index)
    elif len(images) > 1:
        result = merge(images, seed, index)
    else:
        result = global_edit(images[0], prompt, seed, index)
    return fit(result, size)
