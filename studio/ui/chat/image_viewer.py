"""A chat image at full size: zoom (fit, 100 %, wheel, + / −), save as, copy.

It shows the stored image, which is exactly what was sent to the model (prepared, not the
original file). The thumbnail stands in until the full picture is decoded in a worker.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.chat.image_shelf import ImageShelf, describe
from studio.ui.chat.vision_style import vision_stylesheet
from studio.ui.images.icons import page_icon
from studio.ui.images.zoom_view import ZoomView

_SAME_FORMAT = {"jpg": {"jpg", "jpeg", "jpe"}, "jpeg": {"jpg", "jpeg", "jpe"}}


class ChatImageViewer(QDialog):
    """The images of one message, one at a time (← → walk them)."""

    def __init__(
        self,
        shelf: ImageShelf,
        refs: Sequence[dict[str, Any]],
        index: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chatImageViewer")
        self.setAccessibleName(self.tr("Image viewer"))
        self.setSizeGripEnabled(True)
        self.resize(960, 720)
        self.setStyleSheet(vision_stylesheet(QApplication.palette()))
        self._shelf = shelf
        self._refs = [dict(r) for r in refs]
        self._index = -1
        self._image: QImage | None = None

        self.canvas = ZoomView(self)
        self.canvas.setObjectName("chatImageCanvas")
        self.canvas.setAccessibleName(self.tr("Image"))
        self.info_label = QLabel(self)
        self.info_label.setObjectName("chatImageInfo")
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("chatImageZoom")
        self.zoom_label.setAccessibleName(self.tr("Zoom"))
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prev_button = self._button("chatImagePrevButton", "prev", self.tr("Previous image"))
        self.next_button = self._button("chatImageNextButton", "next", self.tr("Next image"))
        self.zoom_out_button = self._button(
            "chatImageZoomOutButton", "zoom_out", self.tr("Zoom out")
        )
        self.zoom_in_button = self._button("chatImageZoomInButton", "zoom_in", self.tr("Zoom in"))
        self.fit_button = self._button("chatImageFitButton", "fit", self.tr("Fit to window"))
        self.actual_button = self._button("chatImageActualButton", "actual", self.tr("100 %"))
        self.save_button = self._button("saveImageButton", "save", self.tr("Save as…"))
        self.save_button.setText(self.tr("Save as…"))
        self.copy_button = self._button("copyImageButton", "copy", self.tr("Copy image"))
        self.copy_button.setText(self.tr("Copy image"))
        self.edit_button = self._button("chatImageEditButton", "", self.tr("Edit this image"))
        self.edit_button.setText(self.tr("Edit…"))
        self.edit_button.setToolTip(
            self.tr("Open it in the Edit page to paint a mask and change it")
        )
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        for button in (self.save_button, self.copy_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for button, tip in (
            (self.zoom_out_button, self.tr("Zoom out (−)")),
            (self.zoom_in_button, self.tr("Zoom in (+)")),
            (self.fit_button, self.tr("Fit to window (0)")),
            (self.actual_button, self.tr("Actual size, 100 % (1)")),
        ):
            button.setToolTip(tip)
        self.prev_button.clicked.connect(lambda: self.show_index(self._index - 1))
        self.next_button.clicked.connect(lambda: self.show_index(self._index + 1))
        self.zoom_in_button.clicked.connect(self.canvas.zoom_in)
        self.zoom_out_button.clicked.connect(self.canvas.zoom_out)
        self.fit_button.clicked.connect(self.canvas.fit)
        self.actual_button.clicked.connect(self.canvas.actual_size)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.copy_button.clicked.connect(self.copy_image)
        self.canvas.zoom_changed.connect(self._on_canvas_zoom_changed)
        many = len(self._refs) > 1
        self.prev_button.setVisible(many)
        self.next_button.setVisible(many)

        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(10, 8, 10, 8)
        toolbar.setSpacing(6)
        toolbar.addWidget(self.prev_button)
        toolbar.addWidget(self.next_button)
        toolbar.addWidget(self.info_label, 1)
        for widget in (
            self.zoom_out_button,
            self.zoom_label,
            self.zoom_in_button,
            self.fit_button,
            self.actual_button,
            self.copy_button,
            self.save_button,
            self.edit_button,
        ):
            toolbar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(toolbar)
        layout.addWidget(self.canvas, 1)
        for keys, slot in (
            (QKeySequence(QKeySequence.StandardKey.ZoomIn), self.canvas.zoom_in),
            (QKeySequence(Qt.Key.Key_Plus), self.canvas.zoom_in),
            (QKeySequence(Qt.Key.Key_Equal), self.canvas.zoom_in),
            (QKeySequence(QKeySequence.StandardKey.ZoomOut), self.canvas.zoom_out),
            (QKeySequence(Qt.Key.Key_Minus), self.canvas.zoom_out),
            (QKeySequence(Qt.Key.Key_0), self.canvas.fit),
            (QKeySequence(Qt.Key.Key_1), self.canvas.actual_size),
            (QKeySequence(QKeySequence.StandardKey.Copy), self.copy_image),
            (QKeySequence(QKeySequence.StandardKey.Save), self._on_save_button_clicked),
        ):
            QShortcut(keys, self).activated.connect(slot)
        self.show_index(index)

    def _button(self, name: str, icon_name: str, accessible: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        button.setProperty("flatButton", True)
        if icon_name:
            button.setIcon(page_icon(icon_name, self.palette().color(QPalette.ColorRole.Text)))
        button.setIconSize(QSize(18, 18))
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    # ---- public ------------------------------------------------------------------------

    @property
    def index(self) -> int:
        """The image shown (its position in the message)."""
        return self._index

    @property
    def image(self) -> QImage | None:
        """The full image once decoded."""
        return self._image

    @property
    def ref(self) -> dict[str, Any]:
        """The reference of the image shown."""
        return self._refs[self._index]

    def show_index(self, index: int) -> None:
        """Show image ``index`` of the message."""
        if not 0 <= index < len(self._refs) or index == self._index:
            return
        self._index = index
        self._image = None
        ref = self._refs[index]
        image_hash = str(ref.get("hash") or "")
        self.setWindowTitle(str(ref.get("name") or self.tr("Image")))
        stored = self._shelf.path(image_hash)
        info = describe(ref)
        if stored is None:
            info += " · " + (
                self.tr("The image file is not available.")
                if image_hash or not ref.get("url")
                else str(ref["url"])
            )
        self.info_label.setText(info)
        self.prev_button.setEnabled(index > 0)
        self.next_button.setEnabled(index + 1 < len(self._refs))
        width = int(ref.get("width") or 0)
        thumb = self._shelf.thumbnail(image_hash) if image_hash else None
        self.canvas.set_pixmap(thumb if thumb is not None else QPixmap(), width=width)
        self.save_button.setEnabled(stored is not None)
        self.copy_button.setEnabled(False)

        def loaded(image: QImage | None, shown: int = index) -> None:
            self._on_full(shown, image)

        if image_hash:
            self._shelf.load_full(image_hash, self, loaded)

    def copy_image(self) -> None:
        """Put the full image on the clipboard."""
        if self._image is not None:
            QGuiApplication.clipboard().setImage(self._image)

    def save_to(self, target: Path) -> None:
        """Write the image to ``target``: the stored bytes as they are when the extension
        matches their format, else converted by Qt (``OSError`` on failure)."""
        source = self._shelf.path(str(self.ref.get("hash") or ""))
        if source is None:
            raise FileNotFoundError(self.tr("The image file is not available."))
        stored = source.suffix.lower().lstrip(".")
        wanted = target.suffix.lower().lstrip(".") or stored
        if wanted == stored or wanted in _SAME_FORMAT.get(stored, set()):
            shutil.copyfile(source, target if target.suffix else target.with_suffix(source.suffix))
            return
        image = self._image if self._image is not None else QImage(str(source))
        if image.isNull() or not image.save(str(target)):
            raise OSError(self.tr("Could not save the image as {name}.").format(name=target.name))

    def _on_edit_button_clicked(self) -> None:
        source = self._shelf.path(str(self.ref.get("hash") or ""))
        if source is None:
            self.info_label.setText(self.tr("The image file is not available."))
            return
        self._shelf.edit_requested.emit(str(source))
        self.accept()

    # ---- internals ---------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """← and → walk the message's images."""
        if event.key() == Qt.Key.Key_Left:
            self.show_index(self._index - 1)
        elif event.key() == Qt.Key.Key_Right:
            self.show_index(self._index + 1)
        else:
            super().keyPressEvent(event)

    def _on_full(self, shown: int, image: QImage | None) -> None:
        if shown != self._index or image is None:
            return
        self._image = image
        self.copy_button.setEnabled(True)
        self.canvas.set_pixmap(QPixmap.fromImage(image), width=image.width(), same_picture=True)

    def _on_save_button_clicked(self) -> None:
        ref = self.ref
        source = self._shelf.path(str(ref.get("hash") or ""))
        if source is None:
            return
        name = Path(str(ref.get("name") or "image")).stem + source.suffix
        path, _chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Save image as"),
            name,
            self.tr("Images (*.png *.jpg *.jpeg *.webp);;All files (*)"),
        )
        if not path:
            return
        try:
            self.save_to(Path(path))
        except OSError as error:
            self.info_label.setText(str(error))

    def _on_canvas_zoom_changed(self, scale: float) -> None:
        self.zoom_label.setText(f"{round(scale * 100)} %")
