"""Pillow's layer: image preparation for vision and edits, sniffing, metadata, thumbnails,
decoders, and their sentences (``phrases.py``). Pure functions meant for worker threads; no Qt.

The names below are its public surface (checked by ``tests/unit/test_public_names.py``).
"""

from studio.media.display import Pixels, full_pixels, thumbnail_pixels
from studio.media.edit_inputs import EDIT_FILE_LIMIT, EditInput, prepare_edit_image
from studio.media.edit_pictures import (
    Picture,
    api_mask,
    expand_png,
    keep_outside_png,
    mask_from_api,
    mask_png_is_empty,
    source_png,
)
from studio.media.files import FileTooBig, copy_file, read_file
from studio.media.limits import (
    MAX_REQUEST_BYTES,
    MB,
    ImageRejected,
    RequestTooLarge,
    images_to_leave_out,
)
from studio.media.metadata import (
    PNG_SIGNATURE,
    embed_metadata,
    embed_png_text,
    generation_info,
    image_dimensions,
    metadata_parts,
)
from studio.media.outpaint import Expansion, Preset, preset_expansion
from studio.media.phrases import note_text
from studio.media.prepare import Detail, PreparedImage, VisionTarget, prepare_image
from studio.media.previews import png_thumbnail, rgba_png
from studio.media.sniff import EXTENSIONS, MIME_TYPES, sniff_format
from studio.media.tokens import DETAILS
from studio.media.vision_targets import is_vision_model, provider_kind, target_for_model

__all__ = [
    "DETAILS",
    "EDIT_FILE_LIMIT",
    "EXTENSIONS",
    "MAX_REQUEST_BYTES",
    "MB",
    "MIME_TYPES",
    "PNG_SIGNATURE",
    "Detail",
    "EditInput",
    "Expansion",
    "FileTooBig",
    "ImageRejected",
    "Picture",
    "Pixels",
    "PreparedImage",
    "Preset",
    "RequestTooLarge",
    "VisionTarget",
    "api_mask",
    "copy_file",
    "embed_metadata",
    "embed_png_text",
    "expand_png",
    "full_pixels",
    "generation_info",
    "image_dimensions",
    "images_to_leave_out",
    "is_vision_model",
    "keep_outside_png",
    "mask_from_api",
    "mask_png_is_empty",
    "metadata_parts",
    "note_text",
    "png_thumbnail",
    "prepare_edit_image",
    "prepare_image",
    "preset_expansion",
    "provider_kind",
    "read_file",
    "rgba_png",
    "sniff_format",
    "source_png",
    "target_for_model",
    "thumbnail_pixels",
]
