"""The Edit page: visual editing sessions (objectName ``editPage``).

Left, the sessions (:class:`EditSessionList`); in the middle the canvas with its mask tools,
or the compare view; right, the reference tray, the request form (:class:`RoundPanel`) and
the version tree. The page shows the :class:`~studio.session.edit.EditDocument` the library
opened, saves every change through it (the mask a moment after the last stroke), and takes
pictures out: export, copy, drag out, send to chat, add to the gallery.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.media.outpaint import Preset
from studio.session.edit import EditDocument, EditLibrary, SentInputs
from studio.ui.chat.mime_sources import pasted_name
from studio.ui.common.elided_label import ElidedLabel
from studio.ui.common.menu_button import MenuButton
from studio.ui.edit.canvas import EditCanvas
from studio.ui.edit.compare import CompareView
from studio.ui.edit.mask_document import mask_png
from studio.ui.edit.mask_tools import MaskToolBar
from studio.ui.edit.panel_thumbs import PanelThumbnails
from studio.ui.edit.reference_tray import ReferenceTray
from studio.ui.edit.round_panel import RoundPanel
from studio.ui.edit.session_list import EditSessionList
from studio.ui.edit.values import SessionRow, TraySlot, VersionNode
from studio.ui.edit.version_tree import VersionTree
from studio.ui.images.model_labels import model_label
from studio.ui.images.thumbnails import ThumbnailCache

MASK_SAVE_DELAY_MS = 400
IMAGE_FILTER = "*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff *.heic *.heif *.avif"


def png_bytes(image: QImage) -> bytes:
    """``image`` as PNG bytes (thread-safe: a QImage is read-only here)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, b"PNG")
    return bytes(data.data())


class SideScroll(QScrollArea):
    """A vertical scroll area as wide as its content needs (its content never clips)."""

    def minimumSizeHint(self) -> QSize:
        """The content's minimum width plus the scroll bar."""
        inner = self.widget()
        base = super().minimumSizeHint()
        if inner is None:
            return base
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(inner.minimumSizeHint().width() + bar + 2, base.height())


class EditPage(QWidget):
    """The editing studio over ``library``.

    Signals:
        notice(str): a passing message for the status bar.
        use_in_chat_requested(str): "Send to chat" on a version (its file path).
    """

    notice = Signal(str)
    use_in_chat_requested = Signal(str)

    def __init__(
        self, library: EditLibrary, parent: QWidget | None = None, *, demo: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("editPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName(self.tr("Edit page"))
        self.library = library
        self.document: EditDocument | None = None
        self._demo = demo
        self._decoder = ThumbnailCache(self)
        self.thumbnails = PanelThumbnails(self, cache=self._decoder)
        self._base_key = ""
        self._shown_version: int | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._mask_saves: set[asyncio.Task[None]] = set()

        self.sessions = EditSessionList(self, thumbnails=self.thumbnails)
        self.canvas = EditCanvas(parent=self)
        self.tools = MaskToolBar(self.canvas, self)
        self.compare = CompareView(self)
        self.tray = ReferenceTray(self, thumbnails=self.thumbnails)
        self.round = RoundPanel(library.specs, self)
        self.versions = VersionTree(self, thumbnails=self.thumbnails)
        self.versions.file_for = self._version_file
        self._build()
        self._mask_timer = QTimer(self)
        self._mask_timer.setSingleShot(True)
        self._mask_timer.setInterval(MASK_SAVE_DELAY_MS)
        self._mask_timer.timeout.connect(self._save_mask)
        self._connect()
        self.refresh_sessions()
        self._show_document(None)

    # ---- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = ElidedLabel(self)
        self.title.setObjectName("editSessionTitle")
        self.expand_button = MenuButton(self)
        self.expand_button.setObjectName("expandCanvasButton")
        self.expand_button.setText(self.tr("Expand canvas"))
        self.expand_button.setAccessibleName(self.tr("Expand canvas"))
        self.expand_button.setToolTip(
            self.tr("Grow the picture on its sides; the new area is painted for the model to fill")
        )
        menu = QMenu(self.expand_button)
        presets: tuple[tuple[Preset, str], ...] = (
            ("16:9", self.tr("Wide 16:9")),
            ("9:16", self.tr("Tall 9:16")),
            ("square", self.tr("Square")),
            ("+25%", self.tr("25 % larger on every side")),
        )
        for preset, text in presets:
            action = QAction(text, menu)
            action.triggered.connect(lambda _=False, p=preset: self._expand(p))
            menu.addAction(action)
        self.expand_button.setMenu(menu)
        self.back_button = QToolButton(self)
        self.back_button.setObjectName("backToCanvasButton")
        self.back_button.setText(self.tr("Back to the mask"))
        self.back_button.setAccessibleName(self.tr("Back to the mask"))
        self.back_button.setToolTip(self.tr("Leave the comparison and paint on the base again"))
        self.unblended_button = QToolButton(self)
        self.unblended_button.setObjectName("showUnblendedButton")
        self.unblended_button.setText(self.tr("Show unblended"))
        self.unblended_button.setAccessibleName(self.tr("Show unblended"))
        self.unblended_button.setCheckable(True)
        self.unblended_button.setToolTip(
            self.tr(
                "Show the model's own result, without the original pasted back outside the mask"
            )
        )
        header = QHBoxLayout()
        header.setContentsMargins(8, 6, 8, 6)
        header.addWidget(self.title, 1)
        header.addWidget(self.unblended_button)
        header.addWidget(self.back_button)
        header.addWidget(self.expand_button)

        editor = QWidget(self)
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.setSpacing(0)
        # The tool bar scrolls sideways in a narrow window instead of widening it.
        tools_scroll = QScrollArea(self)
        tools_scroll.setObjectName("maskToolsScroll")
        tools_scroll.setAccessibleName(self.tr("Mask tools"))
        tools_scroll.setWidget(self.tools)
        tools_scroll.setWidgetResizable(True)
        tools_scroll.setFrameShape(QFrame.Shape.NoFrame)
        tools_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tools_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        extent = tools_scroll.horizontalScrollBar().sizeHint().height()
        tools_scroll.setFixedHeight(self.tools.sizeHint().height() + extent)
        tools_scroll.setMinimumWidth(160)
        editor_layout.addWidget(tools_scroll)
        editor_layout.addWidget(self.canvas, 1)
        self.center = QStackedWidget(self)
        self.center.setObjectName("editCenter")
        self.empty = QLabel(
            self.tr(
                "Open a picture to edit: drop it here, use “Open a file…” or paste it "
                "(Ctrl+V). In the gallery, the wand on a picture opens it here."
            ),
            self,
        )
        self.empty.setObjectName("editEmptyText")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.center.addWidget(self.empty)
        self.center.addWidget(editor)
        self.center.addWidget(self.compare)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.setSpacing(0)
        middle_layout.addLayout(header)
        middle_layout.addWidget(self.center, 1)

        side = QWidget(self)
        side.setObjectName("editSide")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(10, 8, 10, 8)
        side_layout.setSpacing(10)
        side_layout.addWidget(self.tray)
        side_layout.addWidget(self.round)
        line = QFrame(side)
        line.setFrameShape(QFrame.Shape.HLine)
        side_layout.addWidget(line)
        side_layout.addWidget(self.versions, 1)
        scroll = SideScroll(self)
        scroll.setObjectName("editSideScroll")
        scroll.setAccessibleName(self.tr("Edit settings and versions"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(side)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("editSplitter")
        splitter.addWidget(self.sessions)
        splitter.addWidget(middle)
        splitter.addWidget(scroll)
        # The session list can be dragged shut to give the canvas room; the rest stays.
        splitter.setCollapsible(0, True)
        splitter.setCollapsible(1, False)
        splitter.setCollapsible(2, False)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([self.sessions.minimumSizeHint().width(), 640, 420])
        self.splitter = splitter
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._paste = QShortcut(QKeySequence.StandardKey.Paste, self)
        self._paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._paste.activated.connect(self._on_paste)

    def _connect(self) -> None:
        library = self.library
        library.opened.connect(self._show_document)
        library.sessions_changed.connect(self.refresh_sessions)
        library.problem.connect(self._on_problem)
        self.sessions.session_opened.connect(self._on_session_opened)
        self.sessions.new_from_file.connect(self._on_new_from_file)
        self.sessions.new_from_clipboard.connect(self._on_paste)
        self.sessions.delete_requested.connect(self._on_delete_requested)
        self.sessions.restore_requested.connect(self.library.restore)
        self.sessions.files_dropped.connect(self._on_files_dropped)
        self.sessions.image_dropped.connect(self._on_image_dropped)
        self.canvas.document.changed.connect(self._on_mask_changed)
        self.tray.files_dropped.connect(self._on_tray_files)
        self.tray.image_pasted.connect(self._on_tray_pasted)
        self.tray.order_changed.connect(self._on_tray_order)
        self.tray.removed.connect(self._on_tray_removed)
        self.tray.add_requested.connect(self._on_tray_add)
        self.round.model_changed.connect(self._on_model_changed)
        self.round.params_changed.connect(self._on_params_changed)
        self.round.prompt_changed.connect(self._on_prompt_changed)
        self.round.keep_outside_changed.connect(self._on_keep_changed)
        self.round.feather_changed.connect(self._on_feather_changed)
        self.round.apply_requested.connect(self.apply)
        self.round.cancel_requested.connect(self.cancel)
        self.versions.version_selected.connect(self._on_version_selected)
        self.versions.continue_from.connect(self._on_continue_from)
        self.versions.compare_requested.connect(self.show_compare)
        self.versions.export_requested.connect(self._on_export)
        self.versions.copy_requested.connect(self._on_copy)
        self.versions.send_to_chat.connect(self._on_send_to_chat)
        self.versions.add_to_gallery.connect(self._on_add_to_gallery)
        self.versions.new_session_requested.connect(self.library.open_version)
        self.back_button.clicked.connect(self.show_canvas)
        self.unblended_button.toggled.connect(self._on_unblended_toggled)

    # ---- public --------------------------------------------------------------------------

    def open_image(self, path: str) -> None:
        """Start a session from a picture file (the gallery's wand, a chat image)."""
        self.library.open_file(Path(path), model=self.round.default_model(demo=self._demo))

    def refresh_sessions(self) -> None:
        """Show the session list as stored."""
        rows = []
        for summary in self.library.summaries():
            thumb = (
                self.library.image_path(summary.thumbnail_hash) if summary.thumbnail_hash else None
            )
            rows.append(
                SessionRow(
                    id=summary.id,
                    thumbnail=thumb,
                    last_prompt=summary.last_prompt,
                    updated_at=summary.updated_at,
                    versions=summary.versions,
                    title=summary.title,
                )
            )
        self.sessions.set_sessions(rows)
        if self.document is not None:
            self.sessions.set_current(self.document.id)

    def apply(self) -> None:
        """Send the current draft (the mask is saved first)."""
        document = self.document
        if document is None:
            return
        if self._mask_timer.isActive():
            self._mask_timer.stop()
            self._save_mask()
        self.round.set_status("")
        # The mask is written by a worker; start once it is in (a few ms).
        self._background(self._apply_when_saved(document))

    async def _apply_when_saved(self, document: EditDocument) -> None:
        if self._mask_saves:
            await asyncio.gather(*list(self._mask_saves), return_exceptions=True)
        await document.settle()
        if document is self.document and document.apply():
            self.round.set_running(True)

    def cancel(self) -> None:
        """Stop the running round."""
        if self.document is not None:
            self.document.cancel()

    def show_canvas(self) -> None:
        """The base and its mask (leaves the comparison)."""
        self._shown_version = None
        self.unblended_button.setVisible(False)
        self.back_button.setVisible(False)
        self.center.setCurrentIndex(1 if self.document is not None else 0)

    def show_compare(self, before_id: int, after_id: int) -> None:
        """Compare two versions (slider and side by side)."""
        document = self.document
        if document is None:
            return
        before, after = document.version(before_id), document.version(after_id)
        if before is None or after is None:
            return
        self._shown_version = after_id
        self.unblended_button.blockSignals(True)
        self.unblended_button.setChecked(False)
        self.unblended_button.blockSignals(False)
        self.unblended_button.setVisible(after.raw_hash is not None)
        self.back_button.setVisible(True)
        self.compare.set_labels(self.versions.name(before_id), self.versions.name(after_id))
        self._load_pair(before.image_hash, after.image_hash)
        self.center.setCurrentIndex(2)

    def _background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def shutdown(self) -> None:
        """Stop decoding thumbnails and pictures (before the stores close). A mask change
        not saved yet is saved now (the library's close waits for it)."""
        pending = self._mask_timer.isActive() or bool(self._mask_saves)
        self._mask_timer.stop()
        for task in self._mask_saves:
            task.cancel()  # the latest mask is saved below instead
        if pending and self.document is not None:
            mask = self.canvas.document
            self.document.set_mask(None if mask.is_empty() else mask.to_png())
        self.tray.shutdown()
        self.versions.shutdown()
        self.sessions.shutdown()
        self._decoder.close()

    # ---- showing a document -------------------------------------------------------------------

    def _show_document(self, document: object) -> None:
        if isinstance(document, EditDocument):
            if self.document is not None and self.document is not document:
                self._disconnect(self.document)
            self.document = document
            document.changed.connect(self._on_document_changed)
            document.round_started.connect(self._on_round_started)
            document.round_progress.connect(self.round.set_activity)
            document.preview_arrived.connect(self._on_preview)
            document.round_finished.connect(self._on_round_finished)
            document.problem.connect(self._on_problem)
            if not document.session.model:
                document.set_model(self.round.default_model(demo=self._demo))
            self.round.set_running(document.busy)
            self._base_key = ""
            self._render(load_mask=True)
            self.sessions.set_current(document.id)
            self.show_canvas()
        else:
            self.document = None
            self.title.set_full_text(self.tr("Edit"))
            self.center.setCurrentIndex(0)
            self.round.setEnabled(False)
            self.tray.setEnabled(False)
            self.expand_button.setEnabled(False)
            self.back_button.setVisible(False)
            self.unblended_button.setVisible(False)
            self.versions.set_versions([])

    def _disconnect(self, document: EditDocument) -> None:
        for signal in (
            document.changed,
            document.round_started,
            document.round_progress,
            document.preview_arrived,
            document.round_finished,
            document.problem,
        ):
            signal.disconnect()

    def _render(self, *, load_mask: bool = False) -> None:
        document = self.document
        if document is None:
            return
        state = document.state
        session = state.session
        self.title.set_full_text(session.title)
        self.round.setEnabled(True)
        self.tray.setEnabled(True)
        self.expand_button.setEnabled(not document.busy)
        spec = document.spec()
        base = document.base
        painted = state.mask is not None
        self.round.load(
            session.model,
            session.params,
            session.prompt,
            session.keep_outside,
            document.feather(),
            mask_painted=painted,
        )
        limit = spec.edit.max_images if spec.edit is not None else 1
        self.tray.set_limit(limit, model_label(spec))
        if base is not None:
            self.tray.set_base(
                TraySlot(
                    key=base.image_hash,
                    thumbnail=self.library.image_path(base.image_hash),
                    width=base.width,
                    height=base.height,
                    label=self.versions.name(base.id) if self.versions.node(base.id) else "",
                )
            )
        self.tray.set_references(
            [TraySlot(key=h, thumbnail=self.library.image_path(h)) for h in session.references]
        )
        self.versions.set_versions(self._nodes(document), current=session.base_version_id)
        if base is not None and base.image_hash != self._base_key:
            self._base_key = base.image_hash
            self._load_base(base.image_hash, state.mask)
        elif load_mask:
            self._load_mask(state.mask)

    def _nodes(self, document: EditDocument) -> list[VersionNode]:
        state = document.state
        rounds = {record.id: record for record in state.rounds}
        nodes: list[VersionNode] = []
        with_pictures: set[int] = set()
        paths = self.library.image_paths([v.image_hash for v in state.versions])
        for version in state.versions:
            record = rounds.get(version.round_id) if version.round_id is not None else None
            if record is not None:
                with_pictures.add(record.id)
            nodes.append(
                VersionNode(
                    id=version.id,
                    parent_id=version.parent_id,
                    thumbnail=paths.get(version.image_hash),
                    prompt=record.prompt if record is not None else "",
                    model=record.model if record is not None else "",
                    cost=record.cost if record is not None else None,
                    status="done",
                    created_at=version.created_at,
                    is_source=version.round_id is None,
                    width=version.width,
                    height=version.height,
                )
            )
        for record in state.rounds:
            if record.id in with_pictures or record.status == "done":
                continue
            nodes.append(
                VersionNode(
                    id=-record.id,  # a round without a picture: shown with its status
                    parent_id=record.parent_version_id,
                    thumbnail=None,
                    prompt=record.prompt,
                    model=record.model,
                    cost=record.cost,
                    status=record.status,
                    created_at=record.started_at,
                )
            )
        return nodes

    # ---- decoding -----------------------------------------------------------------------------

    def _load_base(self, image_hash: str, mask: bytes | None) -> None:
        path = self.library.image_path(image_hash)
        if path is None:
            self._on_problem(self.tr("The base picture is missing from the image folder."))
            return

        def done(image: QImage | None) -> None:
            if image is None or self._base_key != image_hash:
                return
            self.canvas.set_image(image)
            self._load_mask(mask)

        self._decoder.load_full(path, self, done)

    def _load_mask(self, mask: bytes | None) -> None:
        document = self.canvas.document
        document.blockSignals(True)
        try:
            if mask is None:
                document.clear()
            else:
                document.load_png(mask)
        except ValueError:
            self._on_problem(self.tr("The saved mask could not be read; paint it again."))
        finally:
            document.blockSignals(False)
        self.canvas.update()
        self.canvas.document.changed.emit(self.canvas.document.rect)

    def _load_pair(self, before: str, after: str) -> None:
        images: dict[str, QImage] = {}
        paths = {name: self.library.image_path(h) for name, h in (("b", before), ("a", after))}

        def arrived(name: str, image: QImage | None) -> None:
            if image is None:
                return
            images[name] = image
            if len(images) == 2:
                self.compare.set_images(images["b"], images["a"])

        for name, path in paths.items():
            if path is not None:
                self._decoder.load_full(path, self, partial(arrived, name))

    def _version_file(self, version_id: int) -> Path | None:
        document = self.document
        version = document.version(version_id) if document is not None else None
        return self.library.image_path(version.image_hash) if version is not None else None

    # ---- slots: sessions ------------------------------------------------------------------

    def _on_session_opened(self, session_id: int) -> None:
        if self.document is None or self.document.id != session_id:
            self.library.reopen(session_id)

    def _on_new_from_file(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Open a picture to edit"),
            "",
            self.tr("Pictures ({patterns})").format(patterns=IMAGE_FILTER),
        )
        for path in paths[:1]:
            self.open_image(path)

    def _on_files_dropped(self, paths: list[Path]) -> None:
        for path in paths[:1]:
            self.open_image(str(path))

    def _on_image_dropped(self, data: bytes) -> None:
        self.library.open_bytes(data, self.tr("dropped image.png"))

    def _on_paste(self) -> None:
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self.notice.emit(self.tr("The clipboard holds no picture."))
            return
        self._background(self._open_pasted(image))

    async def _open_pasted(self, image: QImage) -> None:
        data = await asyncio.to_thread(png_bytes, image)
        self.library.open_bytes(
            data, pasted_name(), model=self.round.default_model(demo=self._demo)
        )

    def _on_delete_requested(self, session_id: int) -> None:
        if self.library.delete(session_id) and self.document is None:
            self._show_document(None)

    # ---- slots: the draft ----------------------------------------------------------------------

    def _on_mask_changed(self, _rect: object) -> None:
        if self.document is not None:
            self.round.set_mask_painted(not self.canvas.document.is_empty())
            self._mask_timer.start()

    def _save_mask(self) -> None:
        document = self.document
        if document is None:
            return
        mask = self.canvas.document
        if mask.is_empty():
            document.set_mask(None)
            return
        # Encoding a 4096² mask takes a third of a second: a worker does it.
        task = asyncio.ensure_future(self._encode_mask(document, mask.snapshot()))
        self._mask_saves.add(task)
        task.add_done_callback(self._mask_saves.discard)

    async def _encode_mask(self, document: EditDocument, snapshot: QImage) -> None:
        data = await asyncio.to_thread(mask_png, snapshot)
        document.set_mask(data)

    def _on_tray_files(self, paths: list[Path]) -> None:
        if self.document is not None:
            for path in paths:
                self.document.add_reference_file(path)

    def _on_tray_pasted(self, data: bytes) -> None:
        if self.document is not None:
            self.document.add_reference_bytes(data, pasted_name())

    def _on_tray_order(self, keys: list[str]) -> None:
        if self.document is not None:
            self.document.set_references(keys)

    def _on_tray_removed(self, key: str) -> None:
        if self.document is not None:
            self.document.remove_reference(key)

    def _on_tray_add(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add reference pictures"),
            "",
            self.tr("Pictures ({patterns})").format(patterns=IMAGE_FILTER),
        )
        self._on_tray_files([Path(p) for p in paths])

    def _on_model_changed(self, model: str) -> None:
        if self.document is not None:
            self.document.set_model(model)

    def _on_params_changed(self) -> None:
        if self.document is not None:
            self.document.set_params(self.round.params())

    def _on_prompt_changed(self, text: str) -> None:
        if self.document is not None:
            self.document.set_prompt(text)

    def _on_keep_changed(self, keep: bool) -> None:
        if self.document is not None:
            self.document.set_keep_outside(keep)

    def _on_feather_changed(self, pixels: float) -> None:
        if self.document is not None:
            self.document.set_feather(pixels)

    def _expand(self, preset: Preset) -> None:
        if self.document is not None:
            self._save_mask()
            self.document.expand(preset)

    # ---- slots: rounds ------------------------------------------------------------------------

    def _on_document_changed(self) -> None:
        self._render()
        self.refresh_sessions()

    def _on_round_started(self) -> None:
        self.round.set_running(True)
        self.expand_button.setEnabled(False)

    def _on_preview(self, data: bytes) -> None:
        image = QImage.fromData(data)
        base = self.canvas.image
        if not image.isNull() and not base.isNull():
            self.compare.set_labels(self.tr("Base"), self.tr("Preview"))
            self.compare.set_images(base, image)
            self.center.setCurrentIndex(2)
            self.back_button.setVisible(True)

    def _on_round_finished(self, status: str, message: str, details: str) -> None:
        document = self.document
        self.round.set_running(False)
        self.expand_button.setEnabled(True)
        sent = document.last_sent if document is not None else None
        if sent is not None:
            self.round.set_sent(self._sent_text(sent))
        if status == "done":
            self.round.set_status(message or self.tr("Done. The result is a new version."))
            if document is not None:
                newest = [v for v in document.state.versions if v.round_id is not None]
                if newest:
                    latest = max(newest, key=lambda v: v.id)
                    if latest.parent_id is not None:
                        self.versions.select(latest.id)
                        self.show_compare(latest.parent_id, latest.id)
        else:
            self.round.set_status(message)
            self.round.status.setToolTip(details or message)

    def _sent_text(self, sent: SentInputs) -> str:
        parts = []
        for picture in sent.images:
            kind = picture.mime.split("/")[-1].upper()
            text = f"{picture.width}×{picture.height} {kind}"
            if (picture.width, picture.height) != (picture.original_width, picture.original_height):
                text += self.tr(" (from {w}×{h})").format(
                    w=picture.original_width, h=picture.original_height
                )
            parts.append(text)
        text = self.tr("Sent: {pictures}").format(pictures=", ".join(parts) or "—")
        if sent.mask is not None:
            text += self.tr(" · mask")
        if sent.field:
            text += self.tr(" · field “{field}”").format(field=sent.field)
        if sent.route == "chat":
            text += self.tr(" · as a chat message")
        return text

    def _on_problem(self, message: str) -> None:
        self.round.set_status(message)
        self.notice.emit(message)

    # ---- slots: versions ------------------------------------------------------------------------

    def _on_version_selected(self, version_id: int) -> None:
        document = self.document
        if document is None:
            return
        version = document.version(version_id)
        if version is None or version.parent_id is None:
            return
        if version.id == document.session.base_version_id:
            self.show_canvas()  # the base is what the canvas shows
            return
        self.show_compare(version.parent_id, version.id)

    def _on_continue_from(self, version_id: int) -> None:
        if self.document is not None and version_id > 0:
            self.document.continue_from(version_id)
            self.show_canvas()

    def _on_unblended_toggled(self, raw: bool) -> None:
        document = self.document
        version = document.version(self._shown_version) if document is not None else None
        if version is None or version.parent_id is None:
            return
        parent = document.version(version.parent_id) if document is not None else None
        if parent is None:
            return
        after = version.raw_hash if raw and version.raw_hash else version.image_hash
        self._load_pair(parent.image_hash, after)

    def _on_export(self, version_id: int) -> None:
        document = self.document
        if document is None:
            return
        name = f"{document.session.title or 'edit'}-v{version_id}.png"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export version"), name, self.tr("PNG picture (*.png)")
        )
        if path:
            document.export(version_id, Path(path))
            self.notice.emit(self.tr("Exported to {path}").format(path=path))

    def _on_copy(self, version_id: int) -> None:
        path = self._version_file(version_id)
        if path is None:
            return

        def done(image: QImage | None) -> None:
            if image is not None:
                QGuiApplication.clipboard().setImage(image)
                self.notice.emit(self.tr("Picture copied."))

        self._decoder.load_full(path, self, done)

    def _on_send_to_chat(self, version_id: int) -> None:
        path = self._version_file(version_id)
        if path is not None:
            self.use_in_chat_requested.emit(str(path))

    def _on_add_to_gallery(self, version_id: int) -> None:
        if self.document is not None:
            self.document.add_to_gallery(version_id)
