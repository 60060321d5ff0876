"""Pillow's layer: image preparation for vision and edits, sniffing, metadata, thumbnails,
decoders, and their sentences (``phrases.py``). Pure functions meant for worker threads; no Qt.

The names below are its public surface (checked by ``tests/unit/test_public_names.py``).
"""

from typing import TYPE_CHECKING

from studio._lazy import lazy_names

if TYPE_CHECKING:
    from studio.media import masks
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
    "masks",
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

__getattr__ = lazy_names(
    __name__,
    {
        "DETAILS": "studio.media.tokens",
        "Detail": "studio.media.prepare",
        "EDIT_FILE_LIMIT": "studio.media.edit_inputs",
        "EXTENSIONS": "studio.media.sniff",
        "EditInput": "studio.media.edit_inputs",
        "Expansion": "studio.media.outpaint",
        "FileTooBig": "studio.media.files",
        "ImageRejected": "studio.media.limits",
        "MAX_REQUEST_BYTES": "studio.media.limits",
        "MB": "studio.media.limits",
        "MIME_TYPES": "studio.media.sniff",
        "PNG_SIGNATURE": "studio.media.metadata",
        "Picture": "studio.media.edit_pictures",
        "Pixels": "studio.media.display",
        "PreparedImage": "studio.media.prepare",
        "Preset": "studio.media.outpaint",
        "RequestTooLarge": "studio.media.limits",
        "VisionTarget": "studio.media.prepare",
        "api_mask": "studio.media.edit_pictures",
        "copy_file": "studio.media.files",
        "embed_metadata": "studio.media.metadata",
        "embed_png_text": "studio.media.metadata",
        "expand_png": "studio.media.edit_pictures",
        "full_pixels": "studio.media.display",
        "generation_info": "studio.media.metadata",
        "image_dimensions": "studio.media.metadata",
        "images_to_leave_out": "studio.media.limits",
        "is_vision_model": "studio.media.vision_targets",
        "keep_outside_png": "studio.media.edit_pictures",
        "mask_from_api": "studio.media.edit_pictures",
        "mask_png_is_empty": "studio.media.edit_pictures",
        "masks": "studio.media",
        "metadata_parts": "studio.media.metadata",
        "note_text": "studio.media.phrases",
        "png_thumbnail": "studio.media.previews",
        "prepare_edit_image": "studio.media.edit_inputs",
        "prepare_image": "studio.media.prepare",
        "preset_expansion": "studio.media.outpaint",
        "provider_kind": "studio.media.vision_targets",
        "read_file": "studio.media.files",
        "rgba_png": "studio.media.previews",
        "sniff_format": "studio.media.sniff",
        "source_png": "studio.media.edit_pictures",
        "target_for_model": "studio.media.vision_targets",
        "thumbnail_pixels": "studio.media.display",
    },
)
