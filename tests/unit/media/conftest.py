"""A corpus of image files made with Pillow in a temporary folder (nothing binary is committed).

``corpus`` builds each file on first use and writes it to ``<tmp>/fixtures/<name>``; tests
read the bytes back the way the app reads a dropped file. Every picture that is not a plain
colour carries a red square in its top-left corner as the user would see it, so a test can
tell that the result is upright and not mirrored.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image, ImageDraw

RED = (255, 0, 0)
WHITE = (255, 255, 255)
BLUE = (0, 0, 255)

# EXIF orientation → transpose that, applied to the upright picture, gives the stored pixels
# (the inverse of what a viewer applies).
STORE_FOR_ORIENTATION: dict[int, Image.Transpose | None] = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def marker_picture(size: tuple[int, int] = (300, 200), mode: str = "RGB") -> Image.Image:
    """White picture with a red square top-left (a quarter of each side) and blue bottom-right."""
    image = Image.new("RGB", size, WHITE)
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((0, 0, width // 4 - 1, height // 4 - 1), fill=RED)
    draw.rectangle((width * 3 // 4, height * 3 // 4, width - 1, height - 1), fill=BLUE)
    return image.convert(mode) if mode != "RGB" else image


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    """``image`` saved as ``fmt`` with Pillow (HEIF through pillow-heif, no opener registered)."""
    buffer = io.BytesIO()
    if fmt == "HEIF":
        pillow_heif.from_pillow(image).save(buffer, quality=90, **params)
    else:
        image.save(buffer, fmt, **params)
    return buffer.getvalue()


def exif_bytes(**tags: int | str | bytes | dict[int, object]) -> bytes:
    """EXIF with the given base tags (by number as ``t<number>``) and an optional GPS IFD."""
    exif = Image.Exif()
    for key, value in tags.items():
        if key == "gps":
            assert isinstance(value, dict)
            gps = exif.get_ifd(0x8825)
            gps.update(value)
        else:
            exif[int(key.removeprefix("t"))] = value
    return exif.tobytes()


def _s15f16(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \x00\x00\x00\x00" + _s15f16(x) + _s15f16(y) + _s15f16(z)


def _curve(gamma: float) -> bytes:
    return b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, round(gamma * 256)) + b"\x00\x00"


def _description(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\x00"
    body = b"desc\x00\x00\x00\x00" + struct.pack(">I", len(ascii_text)) + ascii_text
    body += struct.pack(">II", 0, 0) + struct.pack(">HB", 0, 0) + b"\x00" * 67
    return body + b"\x00" * (-len(body) % 4)


Colorant = tuple[float, float, float]


def rgb_profile(description: str, red: Colorant, green: Colorant) -> bytes:
    """A v2 matrix/TRC RGB display profile with sRGB's blue, gamma 2.2 and the given colorants.

    Passing sRGB's green colorant as ``red`` (and red as ``green``) makes a profile in which
    the pixel (255, 0, 0) means pure green: a converter that honours it turns red into green.
    """
    tags = [
        (b"desc", _description(description)),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(*red)),
        (b"gXYZ", _xyz(*green)),
        (b"bXYZ", _xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", _curve(2.2)),
        (b"gTRC", _curve(2.2)),
        (b"bTRC", _curve(2.2)),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = struct.pack(">I", size) + b"\x00" * 4 + struct.pack(">I", 0x02100000)
    header += b"mntrRGB XYZ " + b"\x00" * 12 + b"acsp" + b"\x00" * 24
    header += struct.pack(">I", 0) + _s15f16(0.9642) + _s15f16(1.0) + _s15f16(0.8249)
    header += b"\x00" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + data


SRGB_RED = (0.4361, 0.2225, 0.0139)
SRGB_GREEN = (0.3851, 0.7169, 0.0971)


def png_with_header(width: int, height: int, rows: int = 2) -> bytes:
    """A PNG whose IHDR declares ``width`` × ``height`` (1-bit grey) but holds only ``rows``."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    raw = (b"\x00" + b"\xff" * ((width + 7) // 8)) * rows
    # A flushed but unfinished zlib stream: a decoder that tries it runs out of data and
    # reports a truncated file (a finished stream would be padded with black rows).
    compressor = zlib.compressobj(9)
    idat = compressor.compress(raw) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def gif_with_header(width: int, height: int, screen: tuple[int, int] | None = None) -> bytes:
    """A GIF whose first image claims ``width`` × ``height`` but holds one pixel.

    The logical screen has the same size unless ``screen`` is given.
    """
    screen_w, screen_h = screen or (width, height)
    header = b"GIF89a" + struct.pack("<HHBBB", screen_w, screen_h, 0x80, 0, 0)
    palette = b"\x00\x00\x00\xff\xff\xff"
    image = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0)
    data = b"\x02\x02\x44\x01\x00"
    return header + palette + image + data + b";"


def noise(size: tuple[int, int], mode: str = "RGB", seed: int = 4) -> Image.Image:
    """Deterministic random pixels (they do not compress)."""
    bands = len(mode)
    return Image.frombytes(mode, size, random.Random(seed).randbytes(size[0] * size[1] * bands))


class Corpus:
    """Named files of the corpus, built once per test session."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._builders: dict[str, Callable[[], bytes]] = {}

    def add(self, name: str, build: Callable[[], bytes]) -> None:
        """Register how ``name`` is made."""
        self._builders[name] = build

    def names(self) -> list[str]:
        """Every registered file name."""
        return sorted(self._builders)

    def path(self, name: str) -> Path:
        """The file ``name``, written on first use."""
        target = self.root / name
        if not target.exists():
            target.write_bytes(self._builders[name]())
        return target

    def read(self, name: str) -> bytes:
        """The bytes of ``name``, as a dropped file would be read."""
        return self.path(name).read_bytes()


def _animated_gif() -> bytes:
    frames = [Image.new("RGB", (64, 48), colour) for colour in (RED, (0, 255, 0), BLUE)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def _palette_with_transparency() -> bytes:
    image = Image.new("P", (80, 60), 0)
    image.putpalette([*WHITE, *RED] + [0, 0, 0] * 254)
    ImageDraw.Draw(image).rectangle((0, 0, 19, 14), fill=1)
    return encode(image, "PNG", transparency=0)


def _sixteen_bit() -> bytes:
    image = Image.new("I;16", (256, 16))
    image.putdata([x * 257 for _ in range(16) for x in range(256)])
    return encode(image, "PNG")


def _la(alpha_left: int) -> bytes:
    grey = Image.linear_gradient("L").resize((128, 64))
    alpha = Image.new("L", (128, 64), 255)
    ImageDraw.Draw(alpha).rectangle((0, 0, 63, 63), fill=alpha_left)
    return encode(Image.merge("LA", (grey, alpha)), "PNG")


def _cmyk() -> bytes:
    image = Image.new("CMYK", (120, 80), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((0, 0, 29, 19), fill=(0, 255, 255, 0))
    return encode(image, "JPEG", quality=95)


def _huge_jpeg() -> bytes:
    # 12,000 × 9,000 grey (108 MB in memory while saving, ~1 MB on disk): black top-left.
    image = Image.new("L", (12_000, 9_000), 255)
    ImageDraw.Draw(image).rectangle((0, 0, 2_999, 2_249), fill=0)
    return encode(image, "JPEG", quality=85)


def _metadata_jpeg() -> bytes:
    exif = exif_bytes(
        t271="StudioTestCam",
        t272="SecretModel X",
        gps={1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)},
    )
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">StudioSecretXmp</x:xmpmeta>'
    return encode(
        marker_picture((400, 300)), "JPEG", quality=92, exif=exif, xmp=xmp, comment="secret"
    )


def _metadata_png() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "StudioSecretAuthor")
    exif = exif_bytes(gps={1: "N", 2: (48.0, 51.0, 29.0)}, t271="StudioTestCam")
    return encode(marker_picture(), "PNG", pnginfo=info, exif=exif)


def _swapped_profile_png() -> bytes:
    profile = rgb_profile("Swapped primaries test", red=SRGB_GREEN, green=SRGB_RED)
    return encode(Image.new("RGB", (64, 64), RED), "PNG", icc_profile=profile)


def _build_corpus(root: Path) -> Corpus:
    corpus = Corpus(root)
    marker = marker_picture()
    for fmt, ext in (
        ("PNG", "png"),
        ("JPEG", "jpg"),
        ("WEBP", "webp"),
        ("GIF", "gif"),
        ("BMP", "bmp"),
        ("TIFF", "tiff"),
        ("AVIF", "avif"),
        ("HEIF", "heic"),
    ):
        params: dict[str, object] = {"quality": 95} if fmt in ("JPEG", "WEBP", "AVIF") else {}
        corpus.add(f"marker.{ext}", lambda f=fmt, p=params: encode(marker, f, **p))
    for orientation, transpose in STORE_FOR_ORIENTATION.items():
        stored = marker.transpose(transpose) if transpose is not None else marker
        tag = exif_bytes(t274=orientation)
        for fmt, ext in (("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp"), ("TIFF", "tiff")):
            params = {"quality": 95} if fmt in ("JPEG", "WEBP") else {}
            corpus.add(
                f"orientation-{orientation}.{ext}",
                lambda s=stored, f=fmt, t=tag, p=params: encode(s, f, exif=t, **p),
            )
    corpus.add("cmyk.jpg", _cmyk)
    corpus.add("sixteen-bit.png", _sixteen_bit)
    corpus.add("palette-transparent.png", _palette_with_transparency)
    corpus.add("la-transparent.png", lambda: _la(0))
    corpus.add("la-opaque.png", lambda: _la(255))
    corpus.add("animated.gif", _animated_gif)
    corpus.add("huge-12000x9000.jpg", _huge_jpeg)
    corpus.add("metadata.jpg", _metadata_jpeg)
    corpus.add("metadata.png", _metadata_png)
    corpus.add("swapped-profile.png", _swapped_profile_png)
    corpus.add("noisy-8mb.png", lambda: encode(noise((1700, 1700)), "PNG", compress_level=1))
    corpus.add("noisy-alpha.png", lambda: encode(noise((1200, 1200), "RGBA"), "PNG"))
    corpus.add("truncated.png", lambda: encode(noise((200, 200)), "PNG")[:20_000])
    corpus.add("truncated.jpg", lambda: encode(noise((400, 300)), "JPEG", quality=90)[:9_000])
    corpus.add("empty.png", lambda: b"")
    corpus.add("notes.png", lambda: "Shopping list:\n- milk\n- 鸡蛋\n".encode())
    corpus.add("report.jpg", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    corpus.add("bomb.png", lambda: png_with_header(50_000, 50_000))
    corpus.add("bomb.gif", lambda: gif_with_header(65_000, 65_000))
    corpus.add("bomb-frame.gif", lambda: gif_with_header(65_000, 65_000, screen=(16, 16)))
    return corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The generated corpus under ``<tmp>/fixtures``."""
    return _build_corpus(tmp_path_factory.mktemp("fixtures"))
