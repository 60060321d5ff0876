"""The gallery's rows: each job's pictures under one header row, and the maps between them.

:class:`GalleryRows` is plain Python (no Qt model): :class:`~studio.ui.images.gallery_model.
GalleryModel` keeps one and tells the view what changed. A *row* is a position in the view (a
header or a picture); a picture's *number* is its position among the pictures alone (what the
viewer's "3 of 40" counts and what keyboard and delete follow).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from studio.ui.images.protocols import GalleryEntry, thumbnail_key


@dataclass
class JobHeader:
    """The header row of one job: what it asked for and how many of its pictures are shown."""

    job_id: int
    prompt: str
    model: str
    created_at: float
    count: int = 0

    @property
    def one_line_prompt(self) -> str:
        """The prompt with its line breaks and runs of spaces folded into single spaces."""
        return " ".join(self.prompt.split())

    @property
    def when(self) -> str:
        """The date and time of the job's first picture, as the metadata panel writes it."""
        return datetime.datetime.fromtimestamp(self.created_at).strftime("%Y-%m-%d %H:%M")

    @property
    def count_text(self) -> str:
        """ "1 picture", "4 pictures" (translated)."""
        if self.count == 1:
            return QCoreApplication.translate("GalleryGroups", "1 picture")
        return QCoreApplication.translate("GalleryGroups", "{count} pictures").format(
            count=self.count
        )

    @property
    def details(self) -> str:
        """Model, date and count on one line: ``gpt-image-1 · 2025-05-01 10:12 · 4 pictures``."""
        return f"{self.model} · {self.when} · {self.count_text}"

    @property
    def accessible_text(self) -> str:
        """What a screen reader says for the header."""
        return QCoreApplication.translate("GalleryGroups", "Job: {prompt}. {details}").format(
            prompt=self.one_line_prompt, details=self.details
        )

    @property
    def tooltip(self) -> str:
        """The whole prompt (up to 300 characters) and the details."""
        prompt = self.prompt if len(self.prompt) <= 300 else self.prompt[:299] + "…"
        return f"{prompt}\n{self.details}"


Row = GalleryEntry | JobHeader


@dataclass(frozen=True)
class Appended:
    """What :meth:`GalleryRows.extend` did: rows ``first``…``last`` are new (none when
    ``first > last``) and the headers on ``grown`` rows count more pictures than before."""

    first: int
    last: int
    grown: tuple[int, ...]


class GalleryRows:
    """Pictures in gallery order with a header row before each job's first picture.

    Pictures of one job are expected together (the store's order). A job whose pictures arrive
    in two pages keeps its single header; that header's count grows instead.
    """

    def __init__(self) -> None:
        self._last_header = -1  # row of the last header
        self._rows: list[Row] = []
        self._items: list[GalleryEntry] = []
        self._item_rows: list[int] = []  # row of each picture number
        self._numbers: list[int] = []  # picture number of each row (-1 on headers)
        self._ids: dict[int, int] = {}  # item id -> picture number
        self._rows_by_key: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def item_count(self) -> int:
        """How many pictures there are (headers not counted)."""
        return len(self._items)

    @property
    def items(self) -> list[GalleryEntry]:
        """The pictures, in order (a copy)."""
        return list(self._items)

    def clear(self) -> None:
        """Forget every row."""
        self._last_header = -1
        self._rows, self._items, self._item_rows, self._numbers = [], [], [], []
        self._ids, self._rows_by_key = {}, {}

    def extend(self, entries: Iterable[GalleryEntry]) -> Appended:
        """Add pictures after the last row, with headers where a new job begins.

        Pictures already present (same id) are skipped, so a page that overlaps the previous
        one adds no duplicates.
        """
        first = len(self._rows)
        grown: list[int] = []
        for entry in entries:
            if entry.id in self._ids:
                continue
            header = self.header(self._last_header)
            if header is None or header.job_id != entry.job_id:
                header = JobHeader(entry.job_id, entry.prompt, entry.model, entry.created_at)
                self._last_header = len(self._rows)
                self._rows.append(header)
                self._numbers.append(-1)
            elif self._last_header < first and self._last_header not in grown:
                grown.append(self._last_header)
            header.count += 1
            header.created_at = min(header.created_at, entry.created_at)
            row = len(self._rows)
            self._ids[entry.id] = len(self._items)
            self._rows.append(entry)
            self._numbers.append(len(self._items))
            self._item_rows.append(row)
            self._items.append(entry)
            self._rows_by_key.setdefault(thumbnail_key(entry), []).append(row)
        return Appended(first, len(self._rows) - 1, tuple(grown))

    # -- lookups ---------------------------------------------------------------------------

    def row(self, row: int) -> Row | None:
        """What is on ``row`` (None outside the rows)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def item(self, row: int) -> GalleryEntry | None:
        """The picture on ``row`` (None on a header or outside the rows)."""
        found = self.row(row)
        return None if found is None or isinstance(found, JobHeader) else found

    def header(self, row: int) -> JobHeader | None:
        """The header on ``row`` (None on a picture or outside the rows)."""
        found = self.row(row)
        return found if isinstance(found, JobHeader) else None

    def row_of(self, item_id: int) -> int:
        """The row of picture ``item_id``, or -1."""
        number = self._ids.get(item_id)
        return -1 if number is None else self._item_rows[number]

    def number_of(self, item_id: int) -> int:
        """The picture number of ``item_id``, or -1."""
        return self._ids.get(item_id, -1)

    def number_at(self, row: int) -> int:
        """The number of the picture on ``row``; on a header, of the job's first picture
        (-1 past the last picture or outside the rows)."""
        if not 0 <= row < len(self._rows):
            return -1
        number = self._numbers[row]
        if number >= 0:
            return number
        following = row + 1
        return self._numbers[following] if following < len(self._rows) else -1

    def item_at(self, number: int) -> GalleryEntry | None:
        """Picture number ``number`` (None outside)."""
        return self._items[number] if 0 <= number < len(self._items) else None

    def row_at(self, number: int) -> int:
        """The row of picture number ``number`` (-1 outside)."""
        return self._item_rows[number] if 0 <= number < len(self._item_rows) else -1

    def rows_of_key(self, key: str) -> list[int]:
        """The rows whose picture has thumbnail ``key``."""
        return self._rows_by_key.get(key, [])
