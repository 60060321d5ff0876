"""What an edit round reports: its progress events and its problems (codes with data).

Every event is a small frozen dataclass. A round yields, in order: :class:`RoundStarted`;
:class:`InputsPrepared` (what is sent); at most one :class:`Retrying` (followed by a second
:class:`InputsPrepared` when the inputs were made smaller); any number of
:class:`PreviewArrived` (streamed requests only); :class:`FieldLearned` when the other
image field form was the one that worked; one :class:`VersionSaved` per result; and at the
end :class:`RoundFinished`. A cancelled round raises ``asyncio.CancelledError`` instead of
finishing, as asyncio code does (its row is saved as ``cancelled``, inputs kept).

Problems carry a ``code`` and the ``data`` to put them into words; the layers above choose
the words (:func:`english` for the command line and the stored row, the session translates).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from studio.store.edits import EditVersion, RoundRecord

DONE, FAILED, CANCELLED, INTERRUPTED = "done", "failed", "cancelled", "interrupted"

API_ERROR = "api_error"
"""The relay or the connection failed. data: ``message`` (one line, from the API layer)."""
FIELD_REJECTED = "field_rejected"
"""The relay refused the image field in both forms. data: ``message``, ``fields`` (tried)."""
TOO_LARGE = "too_large"
"""The relay refused the request as too large, also with smaller inputs. data: ``message``."""
INPUT_UNREADABLE = "input_unreadable"
"""An input picture could not be read or prepared. data: ``which`` (``base``,
``reference`` or ``mask``), ``slot`` (1-based tray slot; 0 for the mask), ``reason``."""
INPUT_MISSING = "input_missing"
"""An input picture's file is gone from the image folder. data: ``which``, ``slot``."""
SAVE_FAILED = "save_failed"
"""A result arrived but could not be stored. data: ``reason``."""
COMPOSITE_FAILED = "composite_failed"
"""Keeping the outside failed for a result; the unblended result was kept (a warning).
data: ``reason``."""
UNEXPECTED = "unexpected"
"""A bug. data: ``reason`` (the exception's text)."""
TOO_MANY_IMAGES = "too_many_images"
"""The tray holds more pictures than the model takes (refused before sending).
data: ``model``, ``count``, ``limit``."""
EMPTY_PROMPT = "empty_prompt"
"""No prompt was written (refused before sending). data: none."""
CANNOT_EDIT = "cannot_edit"
"""The model cannot edit pictures (refused before sending). data: ``model``."""
NO_BASE = "no_base"
"""The session has no base version to edit (refused before sending). data: none."""

RetryReason = Literal["field", "too_large"]


@dataclass(frozen=True)
class Problem:
    """A problem as a ``code`` (one of the constants above) and the ``data`` it needs."""

    code: str
    data: Mapping[str, Any] = field(default_factory=dict)


class EditRefused(Exception):
    """The round cannot be sent as it stands (nothing was recorded); ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(english(problem))
        self.problem = problem


@dataclass(frozen=True)
class SentPicture:
    """One picture as it went out: its wire size and format, the original size, notes
    (media's codes for what preparing did, e.g. downscaled or converted)."""

    width: int
    height: int
    mime: str
    bytes: int
    original_width: int
    original_height: int
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The JSON form kept in the round's row."""
        return {
            "width": self.width,
            "height": self.height,
            "mime": self.mime,
            "bytes": self.bytes,
            "original_width": self.original_width,
            "original_height": self.original_height,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class SentInputs:
    """What one request sends: the pictures in tray order (slot 1 = base), the mask (None
    when no mask part is sent), the field form (None on the chat route), the route, the
    scale asked of the preparation (1.0, or smaller after a 413) and the wire parameters."""

    images: tuple[SentPicture, ...]
    mask: SentPicture | None
    field: str | None
    route: str
    scale: float
    params: Mapping[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """The JSON form kept in the round's row (``sent_json``)."""
        return {
            "images": [image.as_dict() for image in self.images],
            "mask": self.mask.as_dict() if self.mask is not None else None,
            "field": self.field,
            "route": self.route,
            "scale": self.scale,
            "params": dict(self.params),
        }


@dataclass(frozen=True)
class RoundStarted:
    """The round's row is saved (``running``, every input kept)."""

    round: RoundRecord


@dataclass(frozen=True)
class InputsPrepared:
    """The inputs are prepared and about to be sent as ``sent``."""

    sent: SentInputs


@dataclass(frozen=True)
class Retrying:
    """The request is sent once more: ``reason`` ``field`` (now with ``field``) or
    ``too_large`` (inputs prepared at ``scale``); ``message`` is the relay's refusal."""

    reason: RetryReason
    field: str | None
    scale: float
    message: str


@dataclass(frozen=True)
class PreviewArrived:
    """A partial image of a streamed request (``index`` counts the previews)."""

    index: int
    data: bytes
    mime: str


@dataclass(frozen=True)
class FieldLearned:
    """The relay took the image field in form ``field`` (not the one tried first); remember
    it for the provider."""

    field: str


@dataclass(frozen=True)
class VersionSaved:
    """Result ``index`` is stored as ``version`` (a child of the round's parent)."""

    index: int
    version: EditVersion


@dataclass(frozen=True)
class RoundFinished:
    """The round ended with ``status`` (done or failed) as ``round`` (the stored row).

    ``problem`` says why it failed (None when done); ``warning`` is a done round's note;
    ``details`` are copyable; ``error`` is the cause.
    """

    status: str
    round: RoundRecord | None
    versions: tuple[EditVersion, ...] = ()
    problem: Problem | None = None
    warning: Problem | None = None
    details: str = ""
    error: BaseException | None = None


EditRoundEvent = (
    RoundStarted
    | InputsPrepared
    | Retrying
    | PreviewArrived
    | FieldLearned
    | VersionSaved
    | RoundFinished
)


def english(problem: Problem) -> str:
    """``problem`` in plain English, one line (the command line's words, and the row's)."""
    data = problem.data
    code = problem.code
    if code == API_ERROR:
        return str(data.get("message", ""))
    if code == FIELD_REJECTED:
        fields = " and ".join(f"“{name}”" for name in data.get("fields", ()))
        return f"The relay refused the image field as {fields}: {data.get('message', '')}"
    if code == TOO_LARGE:
        return (
            "The relay refused the pictures as too large, also when made smaller: "
            f"{data.get('message', '')}"
        )
    if code in (INPUT_UNREADABLE, INPUT_MISSING):
        which = _which(data)
        if code == INPUT_MISSING:
            return f"The {which} is no longer in the image folder."
        return f"The {which} could not be read: {data.get('reason', '')}"
    if code == SAVE_FAILED:
        return f"The result arrived but could not be saved: {data.get('reason', '')}"
    if code == COMPOSITE_FAILED:
        reason = data.get("reason", "")
        return f"The outside could not be kept; the unblended result was saved: {reason}"
    if code == TOO_MANY_IMAGES:
        return (
            f"{data.get('model')} takes at most {data.get('limit')} pictures; "
            f"the tray holds {data.get('count')}."
        )
    if code == EMPTY_PROMPT:
        return "Write what to change first."
    if code == CANNOT_EDIT:
        return f"{data.get('model')} cannot edit pictures."
    if code == NO_BASE:
        return "The session has no picture to edit."
    return f"Unexpected error: {data.get('reason', '')}"


def _which(data: Mapping[str, Any]) -> str:
    which = data.get("which")
    if which == "mask":
        return "mask"
    if which == "base":
        return "base picture"
    return f"reference in slot {data.get('slot')}"
