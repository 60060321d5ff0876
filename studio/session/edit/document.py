"""One open edit session as the Edit page sees it: :class:`EditDocument`.

It keeps the session's state (draft, version tree, rounds, mask) as the store has it, saves
every draft change at once, and runs a round: it starts an asyncio task that iterates the
core :class:`~studio.core.edit.EditRound` and turns its events into signals and sentences.
Cancel cancels that task; the round is then saved as cancelled with every input kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from studio.api.client import ApiClient
from studio.config.image_models import ImageModelSpec, edit_route, spec_for
from studio.core.edit import (
    DEFAULT_FEATHER,
    DONE,
    FEATHER_PARAM,
    EditRefused,
    EditRound,
    EditSessions,
    FieldLearned,
    InputsPrepared,
    PreviewArrived,
    PriceLookup,
    Retrying,
    RoundFinished,
    RoundStarted,
    SentInputs,
    SessionState,
    VersionSaved,
)
from studio.media.files import FileTooBig, read_file
from studio.media.outpaint import Preset, preset_expansion
from studio.session.edit.problems import edit_problem_text
from studio.store.database import StoreError
from studio.store.edits import EditSession, EditVersion

log = logging.getLogger("studio.session.edit")

MAX_INPUT_FILE = 50 * 1024 * 1024
"""The largest picture file opened (inputs are prepared to the relay's limit before sending)."""


class EditDocument(QObject):
    """The session ``session_id`` of ``sessions``, open in the Edit page.

    Signals:
        changed(): the draft, the tree or the rounds changed (read :attr:`state`).
        round_started(): Apply was accepted; a round is running.
        round_progress(str): one line on what the running round does now.
        preview_arrived(bytes): a partial image of a streamed edit.
        version_added(object): an :class:`EditVersion` the round saved.
        round_finished(str, str, str): status (done/failed/cancelled), the sentence to show
            ('' when done without a note) and copyable details.
        problem(str): something the user asked for could not be done (one sentence).
        field_learned(str): the relay takes the image field in this form (remember it).
        added_to_gallery(int): a version is now in the gallery.
    """

    changed = Signal()
    round_started = Signal()
    round_progress = Signal(str)
    preview_arrived = Signal(bytes)
    version_added = Signal(object)
    round_finished = Signal(str, str, str)
    problem = Signal(str)
    field_learned = Signal(str)
    added_to_gallery = Signal(int)

    def __init__(
        self,
        sessions: EditSessions,
        state: SessionState,
        specs: Sequence[ImageModelSpec],
        client_factory: Callable[[], ApiClient],
        *,
        prices: PriceLookup,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._state = state
        self._specs = list(specs)
        self._client_factory = client_factory
        self._prices = prices
        self._round: asyncio.Task[None] | None = None
        self._chores: set[asyncio.Task[Any]] = set()
        self.last_sent: SentInputs | None = None

    # ---- state ------------------------------------------------------------------------

    @property
    def id(self) -> int:
        """The session's id."""
        return self._state.session.id

    @property
    def state(self) -> SessionState:
        """The session as stored now (draft, versions in tree order, rounds, mask)."""
        return self._state

    @property
    def session(self) -> EditSession:
        """The draft."""
        return self._state.session

    @property
    def busy(self) -> bool:
        """True while a round runs."""
        return self._round is not None and not self._round.done()

    @property
    def base(self) -> EditVersion | None:
        """The version the next round edits."""
        return self.version(self.session.base_version_id)

    def version(self, version_id: int | None) -> EditVersion | None:
        """A version of this session by id."""
        for version in self._state.versions:
            if version.id == version_id:
                return version
        return None

    def spec(self) -> ImageModelSpec:
        """The model table's entry for the draft's model."""
        return spec_for(self.session.model, self._specs)

    def image_path(self, image_hash: str) -> Path:
        """The file of a stored picture (``KeyError`` when unknown)."""
        return self._sessions.store.images.path(image_hash)

    def feather(self) -> float:
        """The keep-outside seam in pixels."""
        value = self.session.params.get(FEATHER_PARAM)
        return float(value) if isinstance(value, int | float) else DEFAULT_FEATHER

    def prompt_chain(self, version_id: int) -> list[str]:
        """The prompts that led to ``version_id``, oldest first."""
        return self._sessions.prompt_chain(version_id)

    # ---- the draft ----------------------------------------------------------------------

    def set_prompt(self, text: str) -> None:
        """Keep the prompt being written (saved at once; cheap)."""
        if text != self.session.prompt:
            self._update(prompt=text, quiet=True)

    def set_model(self, model: str) -> None:
        """Use ``model`` for the next round."""
        if model != self.session.model:
            self._update(model=model)

    def set_params(self, params: Mapping[str, Any]) -> None:
        """The next round's parameters (the feather is kept beside them)."""
        merged = dict(params)
        if FEATHER_PARAM in self.session.params:
            merged.setdefault(FEATHER_PARAM, self.session.params[FEATHER_PARAM])
        if merged != self.session.params:
            self._update(params=merged, quiet=True)

    def set_feather(self, pixels: float) -> None:
        """The keep-outside seam in pixels."""
        params = dict(self.session.params)
        params[FEATHER_PARAM] = max(0.0, float(pixels))
        self._update(params=params, quiet=True)

    def set_keep_outside(self, keep: bool) -> None:
        """Whether the next round pastes the original back outside the mask."""
        if keep != self.session.keep_outside:
            self._update(keep_outside=keep, quiet=True)

    def set_mask(self, mask_png: bytes | None) -> None:
        """Keep the mask (mode L PNG, 255 = editable; None: no mask); saved in a worker."""
        self._chore(self._save_mask(mask_png))

    def set_references(self, hashes: Sequence[str]) -> None:
        """The tray after slot 1, in order."""
        try:
            session = self._sessions.set_references(self.id, hashes)
        except (StoreError, KeyError, ValueError) as error:
            self._failed_change(error)
            return
        self._reload(session)

    def remove_reference(self, image_hash: str) -> None:
        """Take one picture out of the tray."""
        self.set_references([h for h in self.session.references if h != image_hash])

    def add_reference_file(self, path: Path) -> None:
        """Put a picture file at the end of the tray (read and prepared in a worker)."""
        self._chore(self._add_reference(path=path))

    def add_reference_bytes(self, data: bytes, name: str = "pasted") -> None:
        """Put picture bytes (a paste) at the end of the tray."""
        self._chore(self._add_reference(data=data, name=name))

    def continue_from(self, version_id: int) -> None:
        """Make ``version_id`` the base of the next round (branches are kept)."""
        try:
            session = self._sessions.continue_from(self.id, version_id)
        except (StoreError, KeyError, ValueError) as error:
            self._failed_change(error)
            return
        self._reload(session)

    def expand(self, preset: Preset) -> None:
        """Grow the base's canvas to ``preset``; the new area becomes the mask."""
        base = self.base
        if base is None:
            return
        expansion = preset_expansion((base.width, base.height), preset)
        if not (expansion.left or expansion.top or expansion.right or expansion.bottom):
            self.problem.emit(self.tr("The picture already has that shape."))
            return
        self._chore(self._expand(expansion))

    # ---- rounds -------------------------------------------------------------------------

    def apply(self) -> bool:
        """Send the draft as a round; False (and ``problem``) when it cannot be sent."""
        if self.busy:
            return False
        spec = self.spec()
        client = self._client_factory()
        route = "chat" if edit_route(spec, client.config.chat_image_models) == "chat" else None
        try:
            edit = self._sessions.new_round(
                self.id,
                client,
                spec,
                route=route,
                prices=self._prices,
                describe=edit_problem_text,
            )
            edit.begin()
        except EditRefused as refused:
            self.problem.emit(edit_problem_text(refused.problem))
            return False
        except (StoreError, KeyError) as error:
            self._failed_change(error)
            return False
        self._round = asyncio.ensure_future(self._run(edit))
        self.round_started.emit()
        self._reload()
        return True

    def cancel(self) -> None:
        """Stop the running round (its inputs stay; it is saved as cancelled)."""
        if self._round is not None and not self._round.done():
            self._round.cancel()

    async def _run(self, edit: EditRound) -> None:
        try:
            async for event in edit.events():
                self._on_event(event)
        except asyncio.CancelledError:
            self._reload()
            self.round_finished.emit("cancelled", self.tr("Cancelled. Every input is kept."), "")
            raise
        finally:
            self._round = None

    def _on_event(self, event: object) -> None:
        if isinstance(event, RoundStarted):
            self.round_progress.emit(self.tr("Preparing the pictures…"))
        elif isinstance(event, InputsPrepared):
            self.last_sent = event.sent
            self.round_progress.emit(self.tr("Waiting for the relay…"))
        elif isinstance(event, Retrying):
            if event.reason == "field":
                text = self.tr("The relay refused the image field; trying “{field}” once.")
                self.round_progress.emit(text.format(field=event.field or ""))
            else:
                self.round_progress.emit(
                    self.tr("The relay found the pictures too large; sending them smaller once.")
                )
        elif isinstance(event, PreviewArrived):
            self.preview_arrived.emit(event.data)
        elif isinstance(event, FieldLearned):
            self.field_learned.emit(event.field)
        elif isinstance(event, VersionSaved):
            self._reload()
            self.version_added.emit(event.version)
        elif isinstance(event, RoundFinished):
            self._reload()
            if event.status == DONE:
                note = edit_problem_text(event.warning) if event.warning is not None else ""
                self.round_finished.emit(DONE, note, event.details)
            else:
                text = edit_problem_text(event.problem) if event.problem is not None else ""
                self.round_finished.emit(event.status, text, event.details)

    # ---- taking results out --------------------------------------------------------------

    def export(self, version_id: int, path: Path, *, raw: bool = False) -> None:
        """Write a version as a PNG with its prompt chain to ``path`` (in a worker)."""
        self._chore(self._export(version_id, path, raw))

    def add_to_gallery(self, version_id: int) -> None:
        """Put a version in the gallery (with its prompt chain as the prompt)."""
        self._chore(self._add_to_gallery(version_id))

    async def settle(self) -> None:
        """Wait for the draft's saves in flight (the mask is written by a worker)."""
        while self._chores:
            await asyncio.gather(*list(self._chores), return_exceptions=True)

    async def export_bytes(self, version_id: int, *, raw: bool = False) -> bytes:
        """A version as a PNG with its prompt chain (for copying)."""
        return await self._sessions.export_png(version_id, raw=raw)

    async def aclose(self) -> None:
        """Cancel the round (saved as cancelled, inputs kept) and let the draft's saves in
        flight finish (a mask painted just before quitting is kept)."""
        if self._round is not None and not self._round.done():
            self._round.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._round
        await self.settle()

    # ---- helpers ----------------------------------------------------------------------------

    def _update(self, *, quiet: bool = False, **changes: Any) -> None:
        try:
            session = self._sessions.update_draft(self.id, **changes)
        except (StoreError, KeyError, ValueError) as error:
            self._failed_change(error)
            return
        if quiet:
            self._state = SessionState(
                session, self._state.versions, self._state.rounds, self._state.mask
            )
        else:
            self._reload(session)

    def _reload(self, session: EditSession | None = None) -> None:
        state = self._sessions.reopen(self.id)
        if state is None:
            return
        self._state = state
        self.changed.emit()

    def _failed_change(self, error: BaseException) -> None:
        log.warning("edit session %s: %s", self.id, error)
        self.problem.emit(self.tr("The change could not be saved: {reason}").format(reason=error))

    def _chore(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._chores.add(task)
        task.add_done_callback(self._chores.discard)

    async def _save_mask(self, mask_png: bytes | None) -> None:
        try:
            await self._sessions.set_mask(self.id, mask_png)
        except (StoreError, OSError, KeyError) as error:
            self._failed_change(error)
            return
        state = self._sessions.reopen(self.id)
        if state is not None:
            self._state = state  # the canvas already shows this mask: no ``changed``

    async def _add_reference(
        self, *, path: Path | None = None, data: bytes | None = None, name: str = "picture"
    ) -> None:
        try:
            if path is not None:
                data = await asyncio.to_thread(read_file, path, MAX_INPUT_FILE)
                name = path.name
            assert data is not None
            image_hash = await self._sessions.add_reference(data, name)
        except FileTooBig:
            self.problem.emit(self.tr("{name} is larger than 50 MB.").format(name=name))
            return
        except OSError as error:
            text = self.tr("{name} could not be read: {reason}")
            self.problem.emit(text.format(name=name, reason=error.strerror or error))
            return
        except (ValueError, StoreError) as error:
            text = self.tr("{name} is not a picture Studio can read: {reason}")
            self.problem.emit(text.format(name=name, reason=error))
            return
        self.set_references([*self.session.references, image_hash])

    async def _expand(self, expansion: Any) -> None:
        try:
            session = await self._sessions.expand_canvas(self.id, expansion)
        except (StoreError, OSError, KeyError, ValueError) as error:
            self._failed_change(error)
            return
        self._reload(session)

    async def _add_to_gallery(self, version_id: int) -> None:
        try:
            await self._sessions.add_to_gallery(version_id)
        except (StoreError, OSError, KeyError, ValueError) as error:
            self._failed_change(error)
            return
        self.added_to_gallery.emit(version_id)

    async def _export(self, version_id: int, path: Path, raw: bool) -> None:
        try:
            data = await self._sessions.export_png(version_id, raw=raw)
            await asyncio.to_thread(path.write_bytes, data)
        except OSError as error:
            text = self.tr("Could not write {path}: {reason}")
            self.problem.emit(text.format(path=path, reason=error.strerror or error))
        except (StoreError, KeyError, ValueError) as error:
            self._failed_change(error)
