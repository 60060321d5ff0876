"""Open, check and decode an image file's bytes without trusting its name or its header.

The steps, each a pure function:

1. :func:`identify` names the format from the magic bytes or refuses the file (empty, not an
   image, an image kind Studio cannot read).
2. :func:`open_image` parses only the header with the format's own Pillow plugin (so nothing
   else is tried) and refuses decompression bombs from the declared size, before any pixel
   is decoded. HEIC/HEIF use pillow-heif's plugin class directly: no opener is registered,
   so importing this module changes no global state.
3. :func:`decode` decodes the first frame; JPEGs are decoded at a reduced scale
   (``Image.draft``) when the output is that much smaller, which makes a 12-MP photo cheap.
4. :func:`to_working_mode`, :func:`to_srgb` and :func:`orient` turn whatever was decoded
   into an upright 8-bit RGB/RGBA/L/LA image in sRGB.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, cast

from PIL import (
    BmpImagePlugin,
    GifImagePlugin,
    Image,
    ImageCms,
    ImageFile,
    JpegImagePlugin,
    PngImagePlugin,
    TiffImagePlugin,
    WebPImagePlugin,
    features,
)

from studio.media import phrases
from studio.media.limits import (
    MAX_PIXELS,
    DecompressionBomb,
    EmptyFile,
    NotAnImage,
    TruncatedImage,
    UnsupportedFormat,
)
from studio.media.sniff import LABELS, UNSUPPORTED_IMAGES, sniff_format, sniff_other

_ORIENTATION_TAG: Final = 0x0112
_SWAPPING: Final = frozenset({5, 6, 7, 8})
_TRANSPOSE: Final = MappingProxyType(
    {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }
)
_DECODE_ERRORS: Final = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    RuntimeError,
    struct.error,
    zlib.error,
)
_METADATA_KEYS: Final = frozenset(
    {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "photoshop", "iptc"}
)
# TIFF files list their structure (width, strips …) as tags; these ones are metadata.
_TIFF_METADATA_TAGS: Final = frozenset(
    {270, 271, 272, 305, 306, 315, 700, 33432, 33723, 34377, 34665, 34675, 34853}
)

Opener = Callable[[io.BytesIO], ImageFile.ImageFile]


@dataclass(frozen=True)
class Decoded:
    """A decoded first frame and what was learnt on the way.

    ``image`` is in stored orientation and may be smaller than ``stored_size`` (JPEG draft).
    ``orientation`` is the EXIF orientation still to apply (1 when none or already applied
    by the decoder); ``rotated`` says whether the file asked for any rotation at all.
    """

    image: Image.Image
    format: str
    stored_size: tuple[int, int]
    orientation: int
    rotated: bool
    frames: int
    icc_profile: bytes | None
    has_metadata: bool

    @property
    def shown_size(self) -> tuple[int, int]:
        """The original size as a person sees it (after orientation)."""
        width, height = self.stored_size
        return (height, width) if self.orientation in _SWAPPING else (width, height)


def identify(data: bytes, name: str = "") -> str:
    """The image format of ``data`` (see :func:`sniff_format`), or raise why it is refused."""
    if not data:
        raise EmptyFile(name)
    fmt = sniff_format(data)
    if fmt is not None:
        return fmt
    kind = sniff_other(data)
    if kind in UNSUPPORTED_IMAGES:
        raise UnsupportedFormat(name, reason="kind", kind=kind)
    raise NotAnImage(name, kind=kind)


def _heif_opener(name: str, fmt: str) -> Opener:
    try:
        import pillow_heif
    except ImportError:
        raise UnsupportedFormat(name, reason="heif", format=LABELS[fmt]) from None
    return cast(Opener, pillow_heif.HeifImageFile)


def _avif_opener(name: str) -> Opener:
    if not features.check("avif"):
        raise UnsupportedFormat(name, reason="avif", format="AVIF")
    from PIL import AvifImagePlugin

    return AvifImagePlugin.AvifImageFile


def _opener(fmt: str, name: str) -> Opener:
    simple: dict[str, Opener] = {
        "png": PngImagePlugin.PngImageFile,
        "jpeg": JpegImagePlugin.JpegImageFile,
        "webp": WebPImagePlugin.WebPImageFile,
        "gif": GifImagePlugin.GifImageFile,
        "bmp": BmpImagePlugin.BmpImageFile,
        "tiff": TiffImagePlugin.TiffImageFile,
    }
    if fmt in simple:
        return simple[fmt]
    if fmt == "avif":
        return _avif_opener(name)
    return _heif_opener(name, fmt)


def webp_size(data: bytes) -> tuple[int, int]:
    """The canvas size a WebP header declares (``(0, 0)`` when it cannot be read)."""
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    if chunk == b"VP8 " and len(data) >= 30:
        width = int.from_bytes(data[26:28], "little") & 0x3FFF
        return width, int.from_bytes(data[28:30], "little") & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    return 0, 0


def check_pixels(width: int, height: int, name: str = "") -> None:
    """Raise :class:`DecompressionBomb` when ``width`` × ``height`` is over :data:`MAX_PIXELS`."""
    if width * height > MAX_PIXELS:
        raise DecompressionBomb(name, width=width, height=height)


def open_image(data: bytes, fmt: str, name: str = "") -> ImageFile.ImageFile:
    """Parse the header of ``data`` as ``fmt`` (no pixel is decoded) and check its size.

    Raises :class:`TruncatedImage` when even the header cannot be read, and
    :class:`DecompressionBomb` when it declares more than :data:`MAX_PIXELS` pixels.
    """
    opener = _opener(fmt, name)
    try:
        image = opener(io.BytesIO(data))
    except Image.DecompressionBombError:
        # WebP and GIF plugins check canvas or frame sizes themselves, with our limit.
        width, height = webp_size(data) if fmt == "webp" else (0, 0)
        raise DecompressionBomb(name, width=width, height=height) from None
    except _DECODE_ERRORS:
        raise TruncatedImage(name, format=LABELS[fmt]) from None
    check_pixels(*image.size, name=name)
    return image


def _frame_count(image: ImageFile.ImageFile, fmt: str) -> int:
    if fmt == "gif":
        # n_frames would walk the whole file; two frames are enough to know.
        return 2 if getattr(image, "is_animated", False) else 1
    return int(getattr(image, "n_frames", 1))


def _valid_orientation(value: object) -> int:
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _declared_orientation(image: ImageFile.ImageFile, fmt: str) -> int:
    """The orientation the file asks for, read before decoding."""
    if fmt in ("heic", "heif"):
        # pillow-heif resets the EXIF tag (libheif rotates) and keeps the original here.
        return _valid_orientation(image.info.get("original_orientation"))
    if isinstance(image, TiffImagePlugin.TiffImageFile):
        # Pillow rotates TIFFs while loading and then drops the tag, so read it now.
        return _valid_orientation(image.tag_v2.get(_ORIENTATION_TAG))
    return _valid_orientation(image.getexif().get(_ORIENTATION_TAG))


def _pending_orientation(image: Image.Image, fmt: str) -> int:
    """The orientation still to apply after decoding (1 if the decoder already did it)."""
    if fmt in ("heic", "heif"):
        return 1
    return _valid_orientation(image.getexif().get(_ORIENTATION_TAG))


def _has_metadata(image: Image.Image, fmt: str) -> bool:
    if any(image.info.get(key) for key in _METADATA_KEYS):
        return True
    if isinstance(image, PngImagePlugin.PngImageFile) and image.text:
        return True
    exif = image.getexif()
    if fmt == "tiff":
        return bool(_TIFF_METADATA_TAGS & set(exif))
    return bool(exif)


def decode(
    image: ImageFile.ImageFile,
    fmt: str,
    name: str = "",
    want: Callable[[int, int], tuple[int, int]] | None = None,
) -> Decoded:
    """Decode the first frame of ``image`` (from :func:`open_image`).

    ``want`` maps the shown (upright) size to the size that will be sent; for JPEGs it lets
    the decoder skip detail that would be thrown away (never below the wanted size).
    Damaged or cut-short data raises :class:`TruncatedImage`.
    """
    stored_size = image.size
    try:
        frames = _frame_count(image, fmt)
        declared = _declared_orientation(image, fmt)
        if fmt == "jpeg" and want is not None:
            orientation = declared
            width, height = stored_size
            shown = (height, width) if orientation in _SWAPPING else (width, height)
            out_w, out_h = want(*shown)
            box = (out_h, out_w) if orientation in _SWAPPING else (out_w, out_h)
            image.draft(None, box)
        image.load()
        orientation = _pending_orientation(image, fmt)
        has_metadata = _has_metadata(image, fmt)
    except Image.DecompressionBombError:
        raise DecompressionBomb(name, width=stored_size[0], height=stored_size[1]) from None
    except _DECODE_ERRORS:
        raise TruncatedImage(name, format=LABELS[fmt]) from None
    icc = image.info.get("icc_profile")
    return Decoded(
        image=image,
        format=fmt,
        stored_size=stored_size,
        orientation=orientation,
        rotated=declared != 1 or orientation != 1,
        frames=frames,
        icc_profile=icc if isinstance(icc, bytes) and icc else None,
        has_metadata=has_metadata,
    )


def _scaled_to_l(image: Image.Image, low: float, high: float) -> Image.Image:
    scale = 255.0 / (high - low) if high > low else 1.0
    return image.point(lambda value: (value - low) * scale).convert("L")


def _from_integer(image: Image.Image) -> tuple[Image.Image, str]:
    sixteen = image.mode.startswith("I;16")
    wide = image.convert("I") if sixteen else image
    low, high = cast(tuple[int, int], wide.getextrema())
    if sixteen or high <= 65535:
        # 16-bit data spans 0–65535 whatever the picture; keep its brightness.
        return _scaled_to_l(wide, 0, 65535 if high > 255 else 255), "16-bit"
    return _scaled_to_l(wide, min(low, 0), high), "32-bit"


def to_working_mode(image: Image.Image, name: str = "", fmt: str = "") -> tuple[Image.Image, str]:
    """Bring any decoded mode to RGB, RGBA, L, LA or CMYK (CMYK is finished by :func:`to_srgb`).

    Palette and grey images with a transparent colour become RGBA/LA; 16-bit and 32-bit
    greys are scaled, not clipped. Returns the image and the source label for a note
    (``""`` when the conversion is not worth mentioning).
    """
    mode = image.mode
    transparent = "transparency" in image.info
    if mode in ("RGB", "L"):
        if transparent:
            return image.convert("RGBA" if mode == "RGB" else "LA"), ""
        return image, ""
    if mode in ("RGBA", "LA", "CMYK"):
        return image, ""
    if mode == "1":
        return image.convert("L"), ""
    if mode in ("P", "PA"):
        alpha = (
            transparent or mode == "PA" or (image.palette is not None and "A" in image.palette.mode)
        )
        return image.convert("RGBA" if alpha else "RGB"), ""
    if mode.startswith("I"):
        return _from_integer(image)
    if mode == "F":
        low, high = cast(tuple[float, float], image.getextrema())
        return _scaled_to_l(image, low, high), "floating point"
    if mode in ("RGBa", "La", "RGBX"):
        return image.convert({"RGBa": "RGBA", "La": "LA", "RGBX": "RGB"}[mode]), ""
    if mode == "LAB":
        lab = ImageCms.createProfile("LAB")
        converted = ImageCms.profileToProfile(
            image, lab, ImageCms.createProfile("sRGB"), outputMode="RGB"
        )
        return cast(Image.Image, converted), "LAB"
    try:
        return image.convert("RGB"), mode if mode in ("YCbCr", "HSV") else ""
    except ValueError:
        raise UnsupportedFormat(
            name, reason="mode", format=LABELS.get(fmt, fmt.upper()), mode=mode
        ) from None


def _is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    return "srgb" in ImageCms.getProfileDescription(profile).lower()


def to_srgb(image: Image.Image, icc_profile: bytes | None) -> tuple[Image.Image, bool]:
    """Convert RGB/RGBA/CMYK pixels to sRGB with their embedded profile, and CMYK to RGB.

    A broken or mismatched profile is ignored (the pixels are taken as sRGB). Returns the
    image and whether a colour conversion through the profile happened.
    """
    if icc_profile and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            if image.mode == "CMYK" or not _is_srgb(source):
                output = "RGB" if image.mode == "CMYK" else image.mode
                converted = ImageCms.profileToProfile(
                    image, source, ImageCms.createProfile("sRGB"), outputMode=output
                )
                return cast(Image.Image, converted), True
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass
    if image.mode == "CMYK":
        return image.convert("RGB"), False
    return image, False


def drop_opaque_alpha(image: Image.Image) -> Image.Image:
    """RGBA/LA whose alpha is 255 everywhere become RGB/L (so photos can be JPEG)."""
    if image.mode in ("RGBA", "LA"):
        low, _high = cast(tuple[int, int], image.getchannel("A").getextrema())
        if low == 255:
            return image.convert(image.mode[:-1])
    return image


def orient(image: Image.Image, orientation: int) -> Image.Image:
    """Turn a stored-orientation image upright for EXIF ``orientation`` (1–8)."""
    method = _TRANSPOSE.get(orientation)
    return image.transpose(method) if method is not None else image


def swap_for(orientation: int, size: tuple[int, int]) -> tuple[int, int]:
    """``size`` seen from the other side of ``orientation`` (swapped for 5–8)."""
    return (size[1], size[0]) if orientation in _SWAPPING else size


def note_for_frames(fmt: str, frames: int) -> str | None:
    """The note to add when only the first of several frames or pages is sent."""
    if frames <= 1:
        return None
    if fmt == "tiff":
        return phrases.NOTE_MULTIPAGE
    return phrases.note_animated(LABELS[fmt])
