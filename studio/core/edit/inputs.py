"""The pictures of one edit round: read from the image store, prepared for the wire.

:func:`load_inputs` reads the round's pictures (base, references in tray order, mask) from
the image store; :func:`prepare_inputs` prepares them to the relay's per-file limit with
:func:`studio.media.edit_inputs.prepare_edit_image` (EXIF orientation, HEIC/WebP → PNG, or
JPEG, downscaled until under the limit; ``scale`` < 1 shrinks further after a 413) and
exports the mask at the prepared base's size. Both block: run them in a worker thread.
A picture that cannot be read raises :class:`InputError` with the problem to show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from studio.api.images import InputImage
from studio.core.edit.events import (
    INPUT_MISSING,
    INPUT_UNREADABLE,
    Problem,
    SentPicture,
)
from studio.media.edit_inputs import EDIT_FILE_LIMIT, EditInput, prepare_edit_image
from studio.media.edit_pictures import api_mask, mask_png_is_empty
from studio.media.metadata import image_dimensions
from studio.store.edits import EditStore

MASK_FILENAME = "mask.png"


class InputError(Exception):
    """A picture of the round is missing or unreadable; ``problem`` says which."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


@dataclass(frozen=True)
class RoundPictures:
    """The round's pictures as stored: ``base`` (slot 1), ``references`` (slots 2…) and the
    mask (mode L PNG at the base's size; None when there is none or it marks nothing)."""

    base: bytes
    references: tuple[bytes, ...]
    mask: bytes | None


@dataclass(frozen=True)
class PreparedInputs:
    """What goes on the wire: ``images`` in tray order and the mask part (None: not sent),
    with their descriptions for :class:`~studio.core.edit.events.SentInputs`."""

    images: tuple[InputImage, ...]
    mask: InputImage | None
    sent_images: tuple[SentPicture, ...]
    sent_mask: SentPicture | None


def load_inputs(
    store: EditStore, base_hash: str, references: Sequence[str], mask_hash: str | None
) -> RoundPictures:
    """Read the round's pictures; an empty mask counts as none (blocking)."""
    base = _read(store, base_hash, "base", 1)
    refs = tuple(
        _read(store, image_hash, "reference", slot)
        for slot, image_hash in enumerate(references, start=2)
    )
    mask: bytes | None = None
    if mask_hash is not None:
        mask = _read(store, mask_hash, "mask", 0)
        try:
            if mask_png_is_empty(mask):
                mask = None
        except (ValueError, OSError) as exc:
            raise InputError(Problem(INPUT_UNREADABLE, _where("mask", 0, exc))) from exc
    return RoundPictures(base, refs, mask)


def prepare_inputs(
    pictures: RoundPictures,
    *,
    send_mask: bool,
    scale: float = 1.0,
    max_bytes: int = EDIT_FILE_LIMIT,
) -> PreparedInputs:
    """Prepare every picture under ``max_bytes`` (at ``scale``); the mask part only when
    ``send_mask`` and there is a mask (blocking)."""
    base = _prepare(pictures.base, "image", "base", 1, scale, max_bytes)
    prepared = [base]
    for slot, data in enumerate(pictures.references, start=2):
        prepared.append(_prepare(data, f"reference-{slot}", "reference", slot, scale, max_bytes))
    mask: InputImage | None = None
    sent_mask: SentPicture | None = None
    if send_mask and pictures.mask is not None:
        try:
            data = api_mask(pictures.mask, (base.width, base.height))
            original = image_dimensions(pictures.mask)
        except (ValueError, OSError) as exc:
            raise InputError(Problem(INPUT_UNREADABLE, _where("mask", 0, exc))) from exc
        mask = InputImage(data, MASK_FILENAME, "image/png")
        sent_mask = SentPicture(
            base.width, base.height, "image/png", len(data), original[0], original[1]
        )
    return PreparedInputs(
        images=tuple(InputImage(item.data, item.filename, item.mime) for item in prepared),
        mask=mask,
        sent_images=tuple(_sent(item) for item in prepared),
        sent_mask=sent_mask,
    )


def _read(store: EditStore, image_hash: str, which: str, slot: int) -> bytes:
    try:
        return store.images.get(image_hash)
    except (KeyError, ValueError, OSError) as exc:
        raise InputError(Problem(INPUT_MISSING, {"which": which, "slot": slot})) from exc


def _prepare(
    data: bytes, name: str, which: str, slot: int, scale: float, max_bytes: int
) -> EditInput:
    try:
        return prepare_edit_image(data, max_bytes=max_bytes, name=name, scale=scale)
    except (ValueError, OSError) as exc:
        raise InputError(Problem(INPUT_UNREADABLE, _where(which, slot, exc))) from exc


def _where(which: str, slot: int, exc: BaseException) -> dict[str, object]:
    return {"which": which, "slot": slot, "reason": str(exc)}


def _sent(item: EditInput) -> SentPicture:
    return SentPicture(
        width=item.width,
        height=item.height,
        mime=item.mime,
        bytes=len(item.data),
        original_width=item.original_width,
        original_height=item.original_height,
        notes=tuple(item.notes),
    )
