"""User-facing sentences of the image pipeline, in English and Simplified Chinese.

Like ``studio/api/phrases.py``: the media layer has no Qt, so its few sentences live here,
keyed by a stable name, and the caller picks the language. Notes on a prepared image (what was
changed on the way) are English strings from a fixed set; :func:`note_text` translates them.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from studio.media.sniff import LABELS

_CATALOG: Final = MappingProxyType(
    {
        "empty_file": (
            "{subject} is empty (0 bytes). Choose the file again, or check that it finished "
            "downloading.",
            "{subject}是空文件（0 字节）。请重新选择，或确认它已完整下载。",
        ),
        "not_an_image": (
            "{subject} is not an image: it looks like {kind}. Attach a PNG, JPEG, WebP, GIF, "
            "BMP, TIFF, HEIC or AVIF picture instead.",
            "{subject}不是图片，看起来是{kind}。请改为附加 PNG、JPEG、WebP、GIF、BMP、TIFF、"
            "HEIC 或 AVIF 图片。",
        ),
        "truncated": (
            "{subject} starts like a {format} image but is cut short or damaged. Save or "
            "download it again, then attach the new copy.",
            "{subject}看起来是 {format} 图片，但文件不完整或已损坏。请重新保存或下载后再附加。",
        ),
        "bomb": (
            "{subject} claims to be {width}×{height} pixels ({megapixels} megapixels), more "
            "than the {limit}-megapixel safety limit, so it was not opened. Scale it down in "
            "an image editor first.",
            "{subject}声称有 {width}×{height} 像素（{megapixels} 百万像素），超过了 {limit} "
            "百万像素的安全上限，因此没有打开。请先用图片编辑器缩小。",
        ),
        "bomb_unknown": (
            "{subject} declares more than the {limit}-megapixel safety limit, so it was not "
            "opened. Scale it down in an image editor first.",
            "{subject}声称的像素数超过了 {limit} 百万像素的安全上限，因此没有打开。"
            "请先用图片编辑器缩小。",
        ),
        "too_large": (
            "{subject} is still {size} MB after preparation, over the {limit} MB limit per "
            "image. Choose low detail or a smaller image.",
            "{subject}处理后仍有 {size} MB，超过了每张 {limit} MB 的上限。"
            "请选择低细节（low）或更小的图片。",
        ),
        "edit_too_large": (
            "{subject} is still {size} MB at {width}×{height} pixels, the smallest size Studio "
            "sends for an edit, over the provider's {limit} MB limit per file. Crop it to the "
            "part you want to edit, or choose a simpler image.",
            "{subject}缩小到 {width}×{height} 像素（编辑时发送的最小尺寸）后仍有 {size} MB，"
            "超过了服务商每个文件 {limit} MB 的上限。"
            "请先裁剪出要编辑的部分，或换一张更简单的图片。",
        ),
        "mask_unreadable": (
            "{subject} is not a readable mask (it should be a grey-scale PNG), so it was not "
            "used. Clear the mask and paint it again.",
            "{subject}不是可读取的蒙版（应为灰度 PNG），因此没有使用。请清除蒙版后重新绘制。",
        ),
        "api_mask_no_alpha": (
            "{subject} has no transparency, so it cannot be used as a mask: the edit mask "
            "marks with transparent pixels (alpha 0) what may change. Save it as a PNG with "
            "an alpha channel.",
            "{subject}没有透明通道，不能用作蒙版：编辑蒙版用透明像素（alpha 为 0）标出可以修改的"
            "区域。请另存为带 alpha 通道的 PNG。",
        ),
        "api_mask_shape": (
            "{subject} does not have the proportions of the picture ({width}×{height}), so it "
            "cannot be used as its mask. Make the mask the same size as the picture.",
            "{subject}的宽高比与图片（{width}×{height}）不同，不能用作它的蒙版。"
            "请让蒙版与图片大小相同。",
        ),
        "request_too_large": (
            "The {count} images in this message add up to {size} MB, over the {limit} MB "
            "limit per request. Remove some images or choose low detail.",
            "此消息中的 {count} 张图片共 {size} MB，超过了每次请求 {limit} MB 的上限。"
            "请移除部分图片或选择低细节（low）。",
        ),
        "request_too_large_one": (
            "The image in this message is {size} MB, over the {limit} MB limit per request. "
            "Choose low detail or a smaller image.",
            "此消息中的图片有 {size} MB，超过了每次请求 {limit} MB 的上限。"
            "请选择低细节（low）或更小的图片。",
        ),
        "unsupported_heif": (
            "{subject} is a {format} photo, and reading it needs the pillow-heif package, "
            "which is not installed. Install it, or convert the photo to JPEG first.",
            "{subject}是 {format} 照片，读取它需要 pillow-heif 组件，但它没有安装。"
            "请安装它，或先把照片转换为 JPEG。",
        ),
        "unsupported_avif": (
            "{subject} is an AVIF image, and this Pillow build cannot read AVIF. Update "
            "Pillow, or convert the image to PNG or JPEG first.",
            "{subject}是 AVIF 图片，当前的 Pillow 无法读取 AVIF。请更新 Pillow，"
            "或先转换为 PNG 或 JPEG。",
        ),
        "unsupported_kind": (
            "{subject} is {kind}, which Studio cannot send to a model. Export it as PNG or "
            "JPEG first.",
            "{subject}是{kind}，Studio 无法把它发送给模型。请先导出为 PNG 或 JPEG。",
        ),
        "unsupported_mode": (
            "{subject} is a {format} image with a pixel layout Studio cannot convert "
            "({mode}). Export it as an 8-bit RGB PNG or JPEG first.",
            "{subject}是 {format} 图片，但其像素格式（{mode}）无法转换。"
            "请先导出为 8 位 RGB 的 PNG 或 JPEG。",
        ),
    }
)

_SUBJECTS: Final = ("This file", "此文件")
_NAMED_SUBJECT: Final = ("“{name}”", "“{name}”")

_KINDS: Final = MappingProxyType(
    {
        "pdf": ("a PDF document", "PDF 文档"),
        "zip": ("a ZIP archive (or an Office document)", "ZIP 压缩包（或 Office 文档）"),
        "archive": ("a compressed archive", "压缩包"),
        "psd": ("a Photoshop document", "Photoshop 文档"),
        "ico": ("a Windows icon", "Windows 图标"),
        "jxl": ("a JPEG XL image", "JPEG XL 图片"),
        "jpeg2000": ("a JPEG 2000 image", "JPEG 2000 图片"),
        "svg": ("an SVG drawing", "SVG 矢量图"),
        "html": ("a web page (HTML)", "网页（HTML）"),
        "json": ("JSON text", "JSON 文本"),
        "text": ("a text file", "文本文件"),
        "audio": ("an audio file", "音频文件"),
        "video": ("a video", "视频"),
        "program": ("a program", "程序文件"),
        "unknown": ("a file of an unknown type", "未知类型的文件"),
    }
)

_ANIMATED: Final = ("GIF", "WebP", "PNG", "AVIF")
_SEQUENCES: Final = ("HEIC", "HEIF")

NOTE_ROTATED: Final = "EXIF rotation applied"
NOTE_METADATA: Final = "metadata removed"
NOTE_ORIGINAL: Final = "original file sent (metadata kept)"
NOTE_SHRUNK: Final = "made smaller to fit the size limit"
NOTE_SRGB: Final = "colours converted to sRGB from the embedded profile"
NOTE_MULTIPAGE: Final = "multi-page TIFF: first page sent"


def note_animated(label: str) -> str:
    """The note for an animation (``label`` as in :data:`sniff.LABELS`): first frame sent."""
    if label in _SEQUENCES:
        return f"{label} image sequence: main image sent"
    return f"animated {label}: first frame sent"


def note_converted(source: str) -> str:
    """The note for a pixel-format conversion, e.g. ``converted from CMYK``."""
    return f"converted from {source}"


CONVERTED_SOURCES: Final = MappingProxyType(
    {
        "CMYK": "CMYK",
        "16-bit": "16 位",
        "32-bit": "32 位",
        "floating point": "浮点",
        "YCbCr": "YCbCr",
        "LAB": "LAB",
        "HSV": "HSV",
    }
)

_NOTES: Final = MappingProxyType(
    {
        NOTE_ROTATED: "已按 EXIF 方向旋转",
        NOTE_METADATA: "已移除元数据（EXIF、GPS 等）",
        NOTE_ORIGINAL: "已发送原始文件（保留了元数据）",
        NOTE_SHRUNK: "已进一步压缩以符合大小上限",
        NOTE_SRGB: "已按内嵌色彩配置文件转换为 sRGB",
        NOTE_MULTIPAGE: "多页 TIFF：只发送第一页",
        **{note_animated(label): f"{label} 动图：只发送第一帧" for label in _ANIMATED},
        **{note_animated(label): f"{label} 图像序列：只发送主图" for label in _SEQUENCES},
        **{note_converted(en): f"已从 {zh} 转换" for en, zh in CONVERTED_SOURCES.items()},
    }
)


def _is_zh(language: str) -> bool:
    return language.lower().startswith("zh")


def subject(name: str, language: str = "en") -> str:
    """How a sentence names the file: its quoted name, or "This file"."""
    index = 1 if _is_zh(language) else 0
    return _NAMED_SUBJECT[index].format(name=name) if name else _SUBJECTS[index]


def kind_text(kind: str, language: str = "en") -> str:
    """What a file looks like (a key from :func:`studio.media.sniff.sniff_other`)."""
    en, zh = _KINDS.get(kind, _KINDS["unknown"])
    return zh if _is_zh(language) else en


def text(key: str, language: str = "en", **params: object) -> str:
    """The sentence ``key`` in ``language`` (``en`` or ``zh_CN``) with ``params`` filled in."""
    en, zh = _CATALOG[key]
    return (zh if _is_zh(language) else en).format(**params)


def sentence_keys() -> list[str]:
    """Every sentence key (tests check both languages are filled in)."""
    return sorted(_CATALOG)


def kinds() -> list[str]:
    """Every "looks like" key."""
    return sorted(_KINDS)


def note_text(note: str, language: str = "en") -> str:
    """``note`` in ``language``; unknown notes are returned unchanged."""
    if _is_zh(language):
        return _NOTES.get(note, note)
    return note


def notes() -> list[str]:
    """Every note the pipeline can attach to a prepared image."""
    return sorted(_NOTES)


_EDIT_NOTES: Final = MappingProxyType(
    {
        "oriented": ("EXIF rotation applied", "已按 EXIF 方向旋转"),
        "first-frame": ("animation: first frame sent", "动图：只发送第一帧"),
        "srgb": (
            "colours converted to sRGB from the embedded profile",
            "已按内嵌色彩配置文件转换为 sRGB",
        ),
        "metadata-removed": ("metadata removed", "已移除元数据（EXIF、GPS 等）"),
        "converted": ("converted from {0} to {1}", "已从 {0} 转换为 {1}"),
        "mode": ("converted from {0}", "已从 {0} 转换"),
        "downscaled": (
            "scaled down from {0} to {1} to fit the upload limit",
            "已从 {0} 缩小到 {1} 以符合上传上限",
        ),
        "resized": ("mask scaled from {0} to {1}", "蒙版已从 {0} 缩放到 {1}"),
    }
)


def _edit_value(value: str, language: str) -> str:
    if value in CONVERTED_SOURCES:
        return CONVERTED_SOURCES[value] if _is_zh(language) else value
    if "x" in value and value.replace("x", "").isdigit():
        return value.replace("x", "×")
    return LABELS.get(value, value)


def edit_note_text(code: str, language: str = "en") -> str:
    """An edit-input note code (``studio.media.edit_inputs``) as words in ``language``.

    ``converted:webp→png`` becomes "converted from WebP to PNG"; unknown codes come back
    unchanged.
    """
    key, _sep, rest = code.partition(":")
    texts = _EDIT_NOTES.get(key)
    if texts is None:
        return code
    values = [_edit_value(value, language) for value in rest.split("→")] if rest else []
    return texts[1 if _is_zh(language) else 0].format(*values)


def edit_note_codes() -> list[str]:
    """One example of every edit-input note code (tests check both languages)."""
    return [
        "oriented",
        "first-frame",
        "srgb",
        "metadata-removed",
        "converted:webp→png",
        "mode:CMYK",
        "downscaled:4096x4096→2048x2048",
        "resized:4096x4096→2048x2048",
    ]
