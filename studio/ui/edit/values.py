"""Plain values the Edit page's side panels show, filled in by the session layer.

The panels never read the store: the page turns the session's records into these frozen
dataclasses and hands them over (``set_slots``, ``set_versions``, ``set_sessions``).

A thumbnail is whatever the session has at hand: a ``QImage`` already decoded (used as is),
encoded bytes or a file path (decoded in a worker thread by
:class:`~studio.ui.images.thumbnails.ThumbnailCache`, never on the GUI thread), or ``None``
(a round that produced no picture: a placeholder is drawn).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from PySide6.QtGui import QImage

Thumbnail = QImage | bytes | Path | None
"""A picture to show small (see the module docstring)."""

VersionStatus = Literal["done", "running", "interrupted", "failed", "cancelled"]
"""A version's round: ``done`` has a picture; the others are shown with their status."""

STATUSES: tuple[str, ...] = ("done", "running", "interrupted", "failed", "cancelled")


@dataclass(frozen=True)
class TraySlot:
    """One image of the reference tray.

    ``key`` identifies the image *and its content* (the thumbnail is cached under it: a
    changed picture needs a new key). ``label`` is an optional short hint under the slot
    (a file name, "v3"); ``width``/``height`` are the picture's own size, shown in the tooltip.
    """

    key: str
    thumbnail: Thumbnail = field(repr=False)
    width: int = 0
    height: int = 0
    label: str = ""


@dataclass(frozen=True)
class VersionNode:
    """One version of an edit session: the source picture or the result of a round.

    ``parent_id`` is the version the round started from (None for the source, and for any
    version whose parent is not in the list: it is then shown as a root). ``cost`` is in the
    prices table's unit (None: unknown). ``status`` is the round's
    (:data:`VersionStatus`; an unknown word is shown as is).
    """

    id: int
    parent_id: int | None
    thumbnail: Thumbnail = field(repr=False)
    prompt: str = ""
    model: str = ""
    cost: float | None = None
    status: str = "done"
    created_at: float = 0.0
    is_source: bool = False
    width: int = 0
    height: int = 0


@dataclass(frozen=True)
class SessionRow:
    """One edit session in the sessions list (``updated_at``: seconds since the epoch).

    The thumbnail is decoded again whenever ``updated_at`` changes (a new version).
    """

    id: int
    thumbnail: Thumbnail = field(repr=False)
    last_prompt: str = ""
    updated_at: float = 0.0
    versions: int = 0
    title: str = ""
