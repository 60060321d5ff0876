"""Edit sessions as the window and the command line use them: :class:`EditSessions`.

A session is opened from picture bytes (a file, the clipboard, a chat image), a gallery
item, a stored image, or a version of another session. The source is prepared in a worker
thread (:func:`studio.media.edit_pictures.source_png`: EXIF orientation applied, any
readable format, a lossless PNG at full size) and becomes the root version and the base of
the first round; :meth:`EditSessions.expand_canvas` grows the base for outpainting. The draft
(mask, references, prompt, model, parameters, keep-outside) is saved as it changes, so
:meth:`EditSessions.reopen` gives the session exactly as it was left: the draft, the version
tree (masks included) and every round.
"""

from __future__ import annotations

import asyncio
import builtins
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from studio.config.image_models import ImageModelSpec
from studio.core.chat.titles import make_title
from studio.core.edit.export import export_png, prompt_chain
from studio.core.edit.round import ClientSource, EditRound
from studio.media.edit_pictures import Picture, expand_png, source_png
from studio.media.outpaint import Expansion
from studio.store.edits import EditSession, EditStore, EditVersion, RoundRecord, SessionSummary
from studio.store.gallery import GalleryItem, GalleryStore


@dataclass(frozen=True)
class SessionState:
    """A session as it was left: its draft, the version tree (depth-first, see
    :meth:`EditStore.versions`), its rounds (oldest first) and the mask's PNG (None: none)."""

    session: EditSession
    versions: tuple[EditVersion, ...]
    rounds: tuple[RoundRecord, ...]
    mask: bytes | None


class EditSessions:
    """Opens, lists and reopens edit sessions in ``store`` (``gallery``: where gallery items
    are found). The ``open_*`` methods raise media's ``ValueError`` for a picture Studio
    cannot read, ``KeyError`` for an unknown item/image/version, ``OSError`` for a file gone.
    """

    def __init__(self, store: EditStore, gallery: GalleryStore | None = None) -> None:
        self._store = store
        self._gallery = gallery

    @property
    def store(self) -> EditStore:
        """The sessions' storage."""
        return self._store

    # ---- opening --------------------------------------------------------------------------

    async def open_bytes(
        self,
        data: bytes,
        *,
        name: str = "image",
        title: str = "",
        model: str = "",
        params: Mapping[str, Any] | None = None,
        keep_outside: bool = True,
    ) -> EditSession:
        """A new session whose source is the picture ``data`` (``name``: its file name)."""
        picture = await asyncio.to_thread(source_png, data, name)
        return await asyncio.to_thread(
            self._store.create_session,
            picture.data,
            title=make_title(title or name),
            model=model,
            params=params,
            keep_outside=keep_outside,
        )

    async def open_image(self, image_hash: str, *, title: str = "", model: str = "") -> EditSession:
        """A new session from a picture of the image store (a chat image, say)."""
        data = await asyncio.to_thread(self._store.images.get, image_hash)
        return await self.open_bytes(data, title=title or "image", model=model)

    async def open_gallery_item(self, item_id: int, *, model: str = "") -> EditSession:
        """A new session from a gallery picture (titled with its prompt)."""
        if self._gallery is None:
            raise KeyError(f"no gallery to find item {item_id} in")
        item = self._gallery.get(item_id)
        if item is None:
            raise KeyError(f"no gallery item {item_id}")
        data = await asyncio.to_thread(self._store.images.get, item.image_hash)
        return await self.open_bytes(data, title=item.prompt or "image", model=model)

    async def open_version(self, version_id: int) -> EditSession:
        """A new session from a version of another session (its model and parameters too)."""
        version = self._store.version(version_id)
        if version is None:
            raise KeyError(f"no edit version {version_id}")
        origin = self._store.session(version.session_id, include_deleted=True)
        data = await asyncio.to_thread(self._store.images.get, version.image_hash)
        return await self.open_bytes(
            data,
            title=origin.title if origin is not None else "image",
            model=origin.model if origin is not None else "",
            params=origin.params if origin is not None else None,
            keep_outside=origin.keep_outside if origin is not None else True,
        )

    # ---- listing and reopening ------------------------------------------------------------

    def list(self, limit: int = 200, offset: int = 0) -> list[SessionSummary]:
        """The sessions, the most recently changed first (thumbnail, last prompt, date)."""
        return self._store.sessions(limit, offset)

    def reopen(self, session_id: int) -> SessionState | None:
        """The session as it was left, or None when it is unknown or deleted (blocking: it
        reads the mask's file; call it in a worker thread for a big session)."""
        session = self._store.session(session_id)
        if session is None:
            return None
        mask: bytes | None = None
        if session.mask_hash is not None:
            try:
                mask = self._store.images.get(session.mask_hash)
            except (KeyError, OSError):
                mask = None
        return SessionState(
            session=session,
            versions=tuple(self._store.versions(session_id)),
            rounds=tuple(self._store.rounds(session_id)),
            mask=mask,
        )

    # ---- the draft --------------------------------------------------------------------------

    async def set_mask(self, session_id: int, mask_png: bytes | None) -> EditSession:
        """Keep ``mask_png`` (mode L PNG at the base's size, 255 = editable; None: no mask)."""
        mask_hash = None
        if mask_png is not None:
            mask_hash = await asyncio.to_thread(self._store.put_image, mask_png)
        return self._store.update_draft(session_id, mask_hash=mask_hash)

    async def add_reference(self, data: bytes, name: str = "reference") -> str:
        """Store a reference picture (prepared as a source is) and return its hash, to put
        in the tray with :meth:`set_references`."""
        picture: Picture = await asyncio.to_thread(source_png, data, name)
        return await asyncio.to_thread(self._store.put_image, picture.data)

    def set_references(self, session_id: int, hashes: Sequence[str]) -> EditSession:
        """The tray after slot 1, in order (slot 1 is always the base)."""
        return self._store.update_draft(session_id, references=list(hashes))

    def update_draft(self, session_id: int, **changes: Any) -> EditSession:
        """Any other draft change (see :meth:`EditStore.update_draft`)."""
        return self._store.update_draft(session_id, **changes)

    def continue_from(self, session_id: int, version_id: int) -> EditSession:
        """Make ``version_id`` the base of the next round; the mask stays when the new base
        has the old base's size (it is drawn over the picture), and is cleared otherwise."""
        session = self._store.session(session_id, include_deleted=True)
        version = self._store.version(version_id)
        if session is None or version is None:
            raise KeyError(f"no version {version_id} in session {session_id}")
        old = self._store.version(session.base_version_id or 0)
        same_size = old is not None and (old.width, old.height) == (version.width, version.height)
        if same_size or session.mask_hash is None:
            return self._store.update_draft(session_id, base_version_id=version_id)
        return self._store.update_draft(session_id, base_version_id=version_id, mask_hash=None)

    async def expand_canvas(self, session_id: int, expansion: Expansion) -> EditSession:
        """Grow the base's canvas (outpainting): the grown picture, its new area transparent,
        becomes a child version of the base and the new base; the new area is added to the
        mask (editable), so the next round fills it in."""
        session = self._store.session(session_id, include_deleted=True)
        base = self._store.version(session.base_version_id or 0) if session else None
        if session is None or base is None:
            raise KeyError(f"no base to expand in session {session_id}")
        mask = None
        if session.mask_hash is not None:
            mask = await asyncio.to_thread(self._store.images.get, session.mask_hash)
        data = await asyncio.to_thread(self._store.images.get, base.image_hash)
        picture, grown_mask = await asyncio.to_thread(expand_png, data, mask, expansion)
        image_hash = await asyncio.to_thread(self._store.put_image, picture.data)
        mask_hash = await asyncio.to_thread(self._store.put_image, grown_mask)
        version = self._store.add_version(
            session_id,
            round_id=None,
            parent_id=base.id,
            image_hash=image_hash,
            width=picture.width,
            height=picture.height,
        )
        return self._store.update_draft(session_id, base_version_id=version.id, mask_hash=mask_hash)

    async def export_png(self, version_id: int, *, raw: bool = False) -> bytes:
        """A version as a PNG with its prompt chain in the metadata (see :mod:`.export`)."""
        return await asyncio.to_thread(export_png, self._store, version_id, raw=raw)

    async def add_to_gallery(self, version_id: int) -> GalleryItem:
        """Put a version in the gallery as a finished job of the round's model, its prompt
        the chain of prompts that led to it (``KeyError`` without a gallery or version)."""
        if self._gallery is None:
            raise KeyError("no gallery to add to")
        version = self._store.version(version_id)
        if version is None:
            raise KeyError(f"no edit version {version_id}")
        record = self._store.round(version.round_id) if version.round_id is not None else None
        prompt = " → ".join(self.prompt_chain(version_id)) or (record.prompt if record else "")
        model = record.model if record is not None else ""
        params = {"operation": "edit", **(record.params if record is not None else {})}
        data = await asyncio.to_thread(self._store.images.get, version.image_hash)
        gallery = self._gallery
        job = gallery.add_job(model, prompt, params)
        item = await asyncio.to_thread(
            gallery.add_image, job, 0, data, "image/png", "png", version.width, version.height, None
        )
        gallery.set_job_status(job, "done")
        return item

    def prompt_chain(self, version_id: int) -> builtins.list[str]:
        """The prompts of the rounds that led to ``version_id``, oldest first."""
        return [item.prompt for item in prompt_chain(self._store, version_id)]

    def delete(self, session_id: int) -> bool:
        """Move a session to the trash (undo with :meth:`restore`)."""
        return self._store.delete_session(session_id)

    def restore(self, session_id: int) -> bool:
        """Take a session out of the trash."""
        return self._store.restore_session(session_id)

    def mark_interrupted_at_startup(self) -> int:
        """Rounds a crash or a quit left running come back as interrupted; how many."""
        return self._store.mark_interrupted_at_startup()

    # ---- rounds ---------------------------------------------------------------------------

    def new_round(
        self, session_id: int, client: ClientSource, spec: ImageModelSpec, **options: Any
    ) -> EditRound:
        """An :class:`EditRound` of the session's current draft (``options``: see it)."""
        session = self._store.session(session_id)
        if session is None:
            raise KeyError(f"no edit session {session_id}")
        return EditRound(self._store, client, spec, session, **options)
