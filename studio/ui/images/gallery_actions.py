"""The actions on a gallery picture, shared by the context menu and the details buttons.

Actions that stay inside the page (open, reuse, delete, edit, use in chat) are announced with
signals; those that talk to the desktop (clipboard, save, file manager) are done here. File
dialogs and the desktop opener can be replaced (tests, other shells).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QColor, QDesktopServices, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget

from studio.media.files import copy_file
from studio.ui.images.icons import page_icon
from studio.ui.images.protocols import GalleryEntry
from studio.ui.images.thumbnails import ThumbnailCache

log = logging.getLogger(__name__)

SaveChooser = Callable[[QWidget, GalleryEntry], Path | None]
Opener = Callable[[QUrl], bool]


def ask_save_path(parent: QWidget, item: GalleryEntry) -> Path | None:
    """Ask where to save ``item`` (a file dialog); None when cancelled."""
    suffix = item.path.suffix or ".png"
    stem = "-".join(item.prompt.split()[:6])[:48] or "image"
    stem = "".join(ch for ch in stem if ch not in '\\/:*?"<>|')
    name, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("GalleryActions", "Save picture as"),
        str(Path.home() / f"{stem}{suffix}"),
        f"*{suffix}",
    )
    return Path(name) if name else None


class GalleryActions(QObject):
    """Menu and button actions for the selected picture.

    Signals:
        open_requested(int), reuse_requested(int), delete_requested(int): by item id;
        edit_requested(str), use_in_chat_requested(str): the picture's file path;
        notice(str): a passing message (copied, saved, failed …).
    """

    open_requested = Signal(int)
    reuse_requested = Signal(int)
    delete_requested = Signal(int)
    edit_requested = Signal(str)
    use_in_chat_requested = Signal(str)
    notice = Signal(str)

    def __init__(
        self,
        thumbnails: ThumbnailCache,
        parent: QWidget,
        *,
        color: QColor,
        editing_available: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._thumbnails = thumbnails
        self._editing_available = editing_available
        self._item: GalleryEntry | None = None
        self.choose_save_path: SaveChooser = ask_save_path
        self.open_url: Opener = QDesktopServices.openUrl
        self._tasks: set[asyncio.Future[None]] = set()

        def make(name: str, text: str, icon_name: str) -> QAction:
            action = QAction(page_icon(icon_name, color), text, self)
            action.setObjectName(name)
            return action

        self.open_action = make("openImageAction", self.tr("Open"), "open")
        self.copy_image_action = make("copyImageAction", self.tr("Copy image"), "image")
        self.copy_prompt_action = make("copyPromptAction", self.tr("Copy prompt"), "copy")
        self.reuse_action = make("reuseParametersAction", self.tr("Reuse all parameters"), "reuse")
        self.save_action = make("saveImageAction", self.tr("Save as…"), "save")
        self.folder_action = make("showInFolderAction", self.tr("Show in folder"), "folder")
        self.edit_action = make("editImageAction", self.tr("Edit this image"), "edit")
        self.chat_action = make("useInChatAction", self.tr("Use in chat"), "chat")
        self.delete_action = make("deleteImageAction", self.tr("Delete"), "trash")
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_image_action.setToolTip(self.tr("Copy the picture to the clipboard"))
        self.reuse_action.setToolTip(
            self.tr("Fill in the model, prompt and every parameter, seed included")
        )
        self.folder_action.setToolTip(self.tr("Open the folder that holds the file"))
        self.chat_action.setToolTip(self.tr("Attach the picture to a chat message"))
        self.open_action.triggered.connect(self._on_open)
        self.copy_image_action.triggered.connect(self.copy_image)
        self.copy_prompt_action.triggered.connect(self.copy_prompt)
        self.reuse_action.triggered.connect(self._on_reuse)
        self.save_action.triggered.connect(self.save_as)
        self.folder_action.triggered.connect(self.show_in_folder)
        self.edit_action.triggered.connect(self._on_edit)
        self.chat_action.triggered.connect(self._on_chat)
        self.delete_action.triggered.connect(self._on_delete)
        self.set_item(None)

    @property
    def actions(self) -> list[QAction]:
        """All actions, in menu order (None marks no separator; the menu adds its own)."""
        return [
            self.open_action,
            self.copy_image_action,
            self.copy_prompt_action,
            self.reuse_action,
            self.save_action,
            self.folder_action,
            self.edit_action,
            self.chat_action,
            self.delete_action,
        ]

    @property
    def item(self) -> GalleryEntry | None:
        """The picture the actions work on."""
        return self._item

    def set_item(self, item: GalleryEntry | None) -> None:
        """Work on ``item`` (None disables everything)."""
        self._item = item
        for action in self.actions:
            action.setEnabled(item is not None)
        self.refresh_edit_state()

    def refresh_edit_state(self) -> None:
        """ "Edit this image" only works once an editor listens (the editing studio)."""
        available = self._editing_available()
        self.edit_action.setEnabled(self._item is not None and available)
        self.edit_action.setToolTip(
            self.tr("Open the picture in the editing studio")
            if available
            else self.tr("Editing comes with the editing studio")
        )

    # -- desktop actions -----------------------------------------------------------------

    def copy_prompt(self) -> None:
        """Put the prompt on the clipboard."""
        if self._item is not None:
            QGuiApplication.clipboard().setText(self._item.prompt)
            self.notice.emit(self.tr("Prompt copied"))

    def copy_image(self) -> None:
        """Put the picture (pixels and file) on the clipboard; decoded off the GUI thread."""
        item = self._item
        if item is None:
            return

        def done(image: QImage | None) -> None:
            if image is None:
                self.notice.emit(self.tr("Could not read the picture file"))
                return
            mime = QMimeData()
            mime.setImageData(image)
            mime.setUrls([QUrl.fromLocalFile(str(item.path))])
            QGuiApplication.clipboard().setMimeData(mime)
            self.notice.emit(self.tr("Picture copied"))

        self._thumbnails.load_full(item.path, self, done)

    def save_as(self) -> None:
        """Ask for a place and copy the file there (the bytes as received, metadata included)."""
        item = self._item
        if item is None:
            return
        target = self.choose_save_path(self._parent, item)
        if target is None:
            return
        future = asyncio.ensure_future(asyncio.to_thread(copy_file, item.path, target))
        self._tasks.add(future)
        future.add_done_callback(partial(self._on_saved, target=target))

    def _on_saved(self, future: asyncio.Future[None], *, target: Path) -> None:
        self._tasks.discard(future)
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            self.notice.emit(self.tr("Could not save the picture: {error}").format(error=error))
        else:
            self.notice.emit(self.tr("Saved to {path}").format(path=str(target)))

    def show_in_folder(self) -> None:
        """Open the folder holding the file in the system's file manager."""
        if self._item is not None:
            self.open_url(QUrl.fromLocalFile(str(self._item.path.parent)))

    # -- page actions --------------------------------------------------------------------

    def _on_open(self) -> None:
        if self._item is not None:
            self.open_requested.emit(self._item.id)

    def _on_reuse(self) -> None:
        if self._item is not None:
            self.reuse_requested.emit(self._item.id)

    def _on_delete(self) -> None:
        if self._item is not None:
            self.delete_requested.emit(self._item.id)

    def _on_edit(self) -> None:
        if self._item is not None and self._editing_available():
            self.edit_requested.emit(str(self._item.path))

    def _on_chat(self) -> None:
        if self._item is not None:
            self.use_in_chat_requested.emit(str(self._item.path))
