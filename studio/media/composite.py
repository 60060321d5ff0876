"""Keep everything outside the mask: paste the source back over an edit result.

Models that treat the mask as a hint (or take none) change pixels the user meant to keep;
:func:`keep_outside` puts them back, with the mask's feather as a soft seam. It works tile by
tile from :func:`studio.media.masks.feather_tiles`: the output starts as a copy of the source
(or of the result, when most of the picture is editable), the tiles that are flat the other
way get a plain paste, and only tiles along an edge are blurred and blended. That makes it
about as fast as one bare ``Image.composite`` of the same images, which neither feathers nor
skips anything (see ``benches/bench_edit_composite.py``).
"""

from __future__ import annotations

from PIL import Image, ImageChops

from studio.media.masks import feather_tiles


def keep_outside(
    source: Image.Image, result: Image.Image, mask: Image.Image, feather: float
) -> Image.Image:
    """``result`` inside ``mask`` and ``source`` outside, blended over ``feather`` pixels.

    ``result`` is first scaled to ``source``'s size (Lanczos) when the model answered at
    another size, and converted to ``source``'s mode; the output has ``source``'s size and
    mode. ``mask`` is the edit mask of ``source`` (255 = editable; scaled if its size
    differs). Where the feathered mask is 0, the output is byte-identical to ``source``;
    the seam reaches at most ``feather`` pixels (rounded down) past the mask's edge, in x
    and y; ``feather < 1`` blends with the mask as it is.
    """
    if result.size != source.size:
        result = result.resize(source.size, Image.Resampling.LANCZOS)
    if result.mode != source.mode:
        result = result.convert(source.mode)
    if mask.size != source.size:
        mask = mask.resize(source.size, Image.Resampling.BILINEAR)
    tiles = list(feather_tiles(mask, feather))
    editable = sum(_area(box) for box, value in tiles if value == 255)
    kept = sum(_area(box) for box, value in tiles if value == 0)
    if editable <= kept:
        out = source.copy()
        for box, value in tiles:
            if isinstance(value, Image.Image):
                out.paste(result.crop(box), box, value)
            elif value:
                out.paste(result.crop(box), box)
        return out
    # Mostly editable: start from the result and put the source back (the blend is the same
    # up to rounding; where the mask is 0 or 255 the pixels are exact either way).
    out = result.copy()
    for box, value in tiles:
        if isinstance(value, Image.Image):
            out.paste(source.crop(box), box, ImageChops.invert(value))
        elif not value:
            out.paste(source.crop(box), box)
    return out


def _area(box: tuple[int, int, int, int]) -> int:
    return (box[2] - box[0]) * (box[3] - box[1])
