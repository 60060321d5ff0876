"""What an image job reports: its states, progress events and problems (codes with data).

Every event is a small frozen dataclass. A run yields, in order: :class:`JobStarted`; any
number of :class:`PreviewArrived` (streamed requests only); for each image an
:class:`ImageArrived` followed by its :class:`ItemSaved` (when the job is recorded);
:class:`UsageReported` when the relay counted tokens; and at the end :class:`JobFinished`
(preceded by :class:`JobFailed` for a failure). A cancelled run raises
``asyncio.CancelledError`` instead of finishing, as asyncio code does.

Problems carry a ``code`` and the ``data`` to put them into words; the layers above choose
the words (the session translates them, the command line prints English).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from studio.store.gallery import GalleryItem

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
FINISHED_STATES = frozenset({DONE, FAILED, CANCELLED})

API_ERROR = "api_error"
"""The relay or the connection failed. data: ``message`` (one line, from the API layer)."""
SAVE_FAILED = "save_failed"
"""An image arrived but could not be stored. data: ``reason``."""
UNEXPECTED = "unexpected"
"""A bug. data: ``reason`` (the exception's text)."""
IMAGES_UNREADABLE = "images_unreadable"
"""Some images of a done job could not be read. data: ``failed``, ``total``, ``first``."""
NOT_RECORDED = "not_recorded"
"""The gallery failed; the run goes on without recording. data: ``reason``."""


@dataclass(frozen=True)
class Problem:
    """A problem as a ``code`` (one of the constants above) and the ``data`` it needs."""

    code: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class JobStarted:
    """The job is running; ``job_id`` is its gallery row (None when not recorded)."""

    job_id: int | None


@dataclass(frozen=True)
class PreviewArrived:
    """A partial image of a streamed request (``index`` counts the previews)."""

    index: int
    data: bytes
    mime: str


@dataclass(frozen=True)
class ImageArrived:
    """Image ``index`` of the answer is decoded and about to be saved."""

    index: int
    data: bytes
    mime: str
    ext: str
    revised_prompt: str | None = None


@dataclass(frozen=True)
class ItemSaved:
    """Image ``index`` is on disk and in the gallery as ``item``."""

    index: int
    item: GalleryItem


@dataclass(frozen=True)
class UsageReported:
    """The token usage the relay reported (kept with the job)."""

    usage: Mapping[str, Any]


@dataclass(frozen=True)
class GalleryUnavailable:
    """The gallery failed (code :data:`NOT_RECORDED`); later images are not recorded."""

    problem: Problem


@dataclass(frozen=True)
class JobFailed:
    """The job failed: ``problem`` says why, ``details`` are copyable, ``error`` the cause."""

    problem: Problem
    details: str
    error: BaseException | None = None


@dataclass(frozen=True)
class JobFinished:
    """The job ended with ``status`` (done or failed); a done job may carry a ``warning``."""

    status: str
    items: tuple[GalleryItem, ...] = ()
    warning: Problem | None = None


ImageJobEvent = (
    JobStarted
    | PreviewArrived
    | ImageArrived
    | ItemSaved
    | UsageReported
    | GalleryUnavailable
    | JobFailed
    | JobFinished
)


def english(problem: Problem) -> str:
    """``problem`` in plain English, one line (the command line's words)."""
    data = problem.data
    if problem.code == API_ERROR:
        return str(data.get("message", ""))
    if problem.code == SAVE_FAILED:
        return f"The image arrived but could not be saved: {data.get('reason', '')}"
    if problem.code == IMAGES_UNREADABLE:
        return (
            f"{data.get('failed')} of {data.get('total')} images could not be read: "
            f"{data.get('first', '')}"
        )
    if problem.code == NOT_RECORDED:
        return f"not recorded in the gallery ({data.get('reason', '')})"
    return f"Unexpected error: {data.get('reason', '')}"
