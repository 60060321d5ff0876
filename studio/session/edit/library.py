"""The editing studio's sessions as the Edit page lists and opens them: :class:`EditLibrary`.

It lists sessions (thumbnail, last prompt, date), opens new ones from a file, picture bytes
(the clipboard, a drop), a gallery picture, a chat image or another session's version, and
reopens any of them as an :class:`~studio.session.edit.document.EditDocument`, exactly as it
was left. Opening reads and prepares the picture in a worker thread; problems come back as
one sentence (``problem``) and nothing is created.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from studio.api.client import ApiClient
from studio.config.image_models import ImageModelSpec
from studio.core.edit import EditSessions, PriceLookup, no_price
from studio.media.files import FileTooBig, read_file
from studio.session.edit.document import MAX_INPUT_FILE, EditDocument
from studio.store.database import StoreError
from studio.store.edits import EditSession, SessionSummary

log = logging.getLogger("studio.session.edit")


class EditLibrary(QObject):
    """Every edit session of the history, and the one open in the Edit page.

    Signals:
        sessions_changed(): a session was added, changed, deleted or restored.
        opened(object): an :class:`EditDocument` is ready to show (the new current one).
        problem(str): a picture could not be opened (one sentence; nothing was created).
        field_learned(str): a relay took the image field in this form (for the provider).
        gallery_changed(): a version was added to the gallery.
    """

    sessions_changed = Signal()
    opened = Signal(object)
    problem = Signal(str)
    field_learned = Signal(str)
    gallery_changed = Signal()

    def __init__(
        self,
        sessions: EditSessions,
        specs: Sequence[ImageModelSpec],
        client_factory: Callable[[], ApiClient],
        *,
        prices: PriceLookup = no_price,
        recover_interrupted: bool = True,
        parent: QObject | None = None,
    ) -> None:
        """With ``recover_interrupted`` (no other Studio uses the data folder) rounds a crash
        or a quit left running come back as interrupted, their inputs kept."""
        super().__init__(parent)
        self._sessions = sessions
        self._specs = list(specs)
        self._client_factory = client_factory
        self._prices = prices
        self._tasks: set[asyncio.Task[Any]] = set()
        self.document: EditDocument | None = None
        self.recovered_at_startup = (
            sessions.mark_interrupted_at_startup() if recover_interrupted else 0
        )

    # ---- reading ----------------------------------------------------------------------

    @property
    def specs(self) -> list[ImageModelSpec]:
        """The models that can edit, as the model table lists them."""
        return [spec for spec in self._specs if spec.edit is not None]

    def summaries(self, limit: int = 200) -> list[SessionSummary]:
        """The sessions, the most recently changed first."""
        try:
            return self._sessions.list(limit)
        except StoreError as error:
            log.warning("edit sessions could not be listed: %s", error)
            return []

    def image_path(self, image_hash: str) -> Path | None:
        """The file of a stored picture, or None."""
        try:
            return self._sessions.store.images.path(image_hash)
        except (KeyError, ValueError, StoreError):
            return None

    def image_paths(self, image_hashes: Sequence[str]) -> dict[str, Path]:
        """The files of many stored pictures at once (a version tree's thumbnails)."""
        try:
            return self._sessions.store.images.paths(image_hashes)
        except (ValueError, StoreError):
            return {}

    def set_prices(self, prices: PriceLookup) -> None:
        """Price the next rounds with ``prices`` (after a settings change)."""
        self._prices = prices

    # ---- opening ------------------------------------------------------------------------

    def open_file(self, path: Path, *, model: str = "") -> None:
        """A new session from a picture file (any format Studio reads)."""
        self._task(self._open_file(path, model))

    def open_bytes(self, data: bytes, name: str = "pasted", *, model: str = "") -> None:
        """A new session from picture bytes (a paste or a drop)."""
        self._task(self._open(lambda: self._sessions.open_bytes(data, name=name, model=model)))

    def open_version(self, version_id: int) -> None:
        """A new session whose source is a version of another session."""
        self._task(self._open(lambda: self._sessions.open_version(version_id)))

    def reopen(self, session_id: int) -> EditDocument | None:
        """Open an existing session as it was left (None when it is gone)."""
        try:
            state = self._sessions.reopen(session_id)
        except StoreError as error:
            self.problem.emit(
                self.tr("The session could not be opened: {reason}").format(reason=error)
            )
            return None
        if state is None:
            return None
        document = EditDocument(
            self._sessions,
            state,
            self._specs,
            self._client_factory,
            prices=lambda model: self._prices(model),
            parent=self,
        )
        document.field_learned.connect(self.field_learned)
        document.added_to_gallery.connect(lambda _version: self.gallery_changed.emit())
        document.changed.connect(self.sessions_changed)
        previous, self.document = self.document, document
        if previous is not None:
            self._retire(previous)
        self.opened.emit(document)
        return document

    def delete(self, session_id: int) -> bool:
        """Move a session to the trash (:meth:`restore` undoes it)."""
        if self.document is not None and self.document.id == session_id:
            if self.document.busy:
                self.problem.emit(self.tr("Cancel the running edit before deleting its session."))
                return False
            self._retire(self.document)
            self.document = None
        try:
            done = self._sessions.delete(session_id)
        except StoreError as error:
            self.problem.emit(str(error))
            return False
        self.sessions_changed.emit()
        return done

    def restore(self, session_id: int) -> bool:
        """Take a session out of the trash."""
        try:
            done = self._sessions.restore(session_id)
        except StoreError as error:
            self.problem.emit(str(error))
            return False
        self.sessions_changed.emit()
        return done

    async def aclose(self) -> None:
        """Stop what runs (a round is saved as cancelled, its inputs kept)."""
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self.document is not None:
            await self.document.aclose()

    # ---- helpers --------------------------------------------------------------------------

    def _task(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _retire(self, document: EditDocument) -> None:
        if document.busy:
            # A round keeps running in the background; its results are saved.
            return
        self._task(document.aclose())
        document.deleteLater()

    async def _open_file(self, path: Path, model: str) -> None:
        try:
            data = await asyncio.to_thread(read_file, path, MAX_INPUT_FILE)
        except FileTooBig:
            self.problem.emit(self.tr("{name} is larger than 50 MB.").format(name=path.name))
            return
        except OSError as error:
            text = self.tr("{name} could not be read: {reason}")
            self.problem.emit(text.format(name=path.name, reason=error.strerror or error))
            return
        await self._open(
            lambda: self._sessions.open_bytes(data, name=path.name, model=model), path.name
        )

    async def _open(
        self, make: Callable[[], Coroutine[Any, Any, EditSession]], name: str = ""
    ) -> None:
        try:
            session = await make()
        except ValueError as error:
            text = self.tr("{name} is not a picture Studio can read: {reason}")
            self.problem.emit(text.format(name=name or self.tr("The picture"), reason=error))
            return
        except (KeyError, OSError, StoreError) as error:
            self.problem.emit(
                self.tr("The picture could not be opened: {reason}").format(reason=error)
            )
            return
        self.sessions_changed.emit()
        self.reopen(session.id)
