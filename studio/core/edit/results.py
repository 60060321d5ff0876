"""Saving one result of an edit round as a version (blocking: run it in a worker thread).

The result is stored the moment it is decoded, as the relay sent it (never re-encoded).
With keep-outside, the source is pasted back outside the mask (:func:`keep_outside_png`,
the result scaled to the source's size first) and that composite, a lossless PNG, is the
version's shown picture; the unblended result stays as its ``raw_hash``. When compositing
fails the unblended result is shown and a :data:`COMPOSITE_FAILED` warning says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.core.edit.events import COMPOSITE_FAILED, Problem
from studio.media.edit_pictures import keep_outside_png
from studio.media.metadata import image_dimensions
from studio.store.edits import EditStore, EditVersion


@dataclass(frozen=True)
class KeepOutside:
    """Keep the outside of ``mask`` (mode L PNG, 255 = editable) from ``source`` (the
    base version's picture), with a seam of ``feather`` pixels."""

    source: bytes
    mask: bytes
    feather: float


@dataclass(frozen=True)
class SavedResult:
    """The version stored for one result, and a warning when the outside was not kept."""

    version: EditVersion
    warning: Problem | None = None


def save_result(
    store: EditStore,
    *,
    session_id: int,
    round_id: int,
    parent_id: int,
    index: int,
    data: bytes,
    keep: KeepOutside | None,
) -> SavedResult:
    """Store result ``index`` (and its composite) and record it as a child of ``parent_id``."""
    raw_hash = store.put_image(data)
    warning: Problem | None = None
    if keep is not None:
        try:
            picture = keep_outside_png(keep.source, data, keep.mask, keep.feather)
        except (ValueError, OSError) as exc:
            warning = Problem(COMPOSITE_FAILED, {"reason": str(exc)})
        else:
            shown = store.put_image(picture.data)
            version = store.add_version(
                session_id,
                round_id=round_id,
                parent_id=parent_id,
                image_hash=shown,
                raw_hash=raw_hash,
                width=picture.width,
                height=picture.height,
                index=index,
            )
            return SavedResult(version)
    width, height = image_dimensions(data)
    version = store.add_version(
        session_id,
        round_id=round_id,
        parent_id=parent_id,
        image_hash=raw_hash,
        width=width,
        height=height,
        index=index,
    )
    return SavedResult(version, warning)
