"""One slot of the reference tray: its number, the picture, a short label, a remove button.

The base slot (number 1) is fixed: it is the version being edited (the mask applies to it),
so it has no remove button and does not move. Reference slots can be dragged, moved with
Ctrl+Left / Ctrl+Right and removed with Delete (or the button that shows on hover and focus).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QPoint, QSize, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDrag,
    QEnterEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from studio.ui.common.resources import icon
from studio.ui.edit.panel_mime import REORDER_MIME

THUMB = 72
SLOT_WIDTH = 96
BASE_WIDTH = 132


class TraySlotTile(QFrame):
    """A slot in the tray (see the module docstring).

    Signals:
        remove_requested(str key), move_requested(str key, int step: -1 earlier, +1 later),
        navigate(str key, int step): Left / Right asked for the neighbouring slot.
    """

    remove_requested = Signal(str)
    move_requested = Signal(str, int)
    navigate = Signal(str, int)

    def __init__(self, key: str, *, base: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("traySlot")
        self.setProperty("base", base)
        self.key = key
        self.is_base = base
        self.title = ""
        self._press: QPoint | None = None
        self._picture: QPixmap | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFixedWidth(BASE_WIDTH if base else SLOT_WIDTH)

        self.number_label = QLabel(self)
        self.number_label.setObjectName("traySlotNumber")
        self.thumb = QLabel(self)
        self.thumb.setObjectName("traySlotThumb")
        self.thumb.setFixedSize(THUMB, THUMB)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(self)
        self.caption.setObjectName("traySlotLabel")
        self.caption.setWordWrap(base)  # a reference's file name is elided on one line
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)

        self.remove_button = QToolButton(self)
        self.remove_button.setObjectName("traySlotRemove")
        self.remove_button.setIcon(icon("close", self.palette().color(QPalette.ColorRole.Text)))
        self.remove_button.setIconSize(QSize(12, 12))
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Delete does it by keyboard
        self.remove_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.remove_button.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(3)
        layout.addWidget(self.number_label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        if not base:
            self.setCursor(Qt.CursorShape.OpenHandCursor)

    # -- content -------------------------------------------------------------------------

    def set_text(self, number: str, caption: str, title: str, tooltip: str) -> None:
        """The number line, the caption under the picture, the accessible name and tooltip."""
        self.title = title
        self.number_label.setText(number)
        if not self.is_base:
            room = SLOT_WIDTH - 14
            caption = self.caption.fontMetrics().elidedText(
                caption, Qt.TextElideMode.ElideMiddle, room
            )
        self.caption.setText(caption)
        self.caption.setVisible(bool(caption))
        self.setAccessibleName(title)
        self.setToolTip(tooltip)
        self.remove_button.setToolTip(self.tr("Remove this reference (Delete)"))
        self.remove_button.setAccessibleName(self.tr("Remove {title}").format(title=title))

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        """Show ``pixmap`` fitted in the slot (None: a placeholder)."""
        self._picture = pixmap if pixmap is not None and not pixmap.isNull() else None
        if pixmap is None or pixmap.isNull():
            color = self.palette().color(QPalette.ColorRole.PlaceholderText)
            self.thumb.setPixmap(icon("image", color).pixmap(28, 28))
            return
        ratio = self.devicePixelRatioF()
        side = max(1, round(THUMB * ratio))
        fitted = pixmap.scaled(
            side,
            side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        fitted.setDevicePixelRatio(ratio)
        self.thumb.setPixmap(fitted)

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the icons in the new theme's colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            text = self.palette().color(QPalette.ColorRole.Text)
            self.remove_button.setIcon(icon("close", text))
            if self._picture is None:
                self.set_pixmap(None)

    # -- hover and focus show the remove button --------------------------------------------

    def enterEvent(self, event: QEnterEvent) -> None:
        """Offer the remove button."""
        self._show_remove(True)
        super().enterEvent(event)

    def leaveEvent(self, event: object) -> None:  # QEvent
        """Hide the remove button unless the slot has the focus."""
        self._show_remove(self.hasFocus())
        super().leaveEvent(event)  # type: ignore[arg-type]

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Offer the remove button to the keyboard user too."""
        self._show_remove(True)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Hide the remove button again."""
        self._show_remove(self.underMouse())
        super().focusOutEvent(event)

    def resizeEvent(self, event: object) -> None:  # QResizeEvent
        """Keep the remove button in the top-right corner."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        hint = self.remove_button.sizeHint()
        self.remove_button.setGeometry(
            self.width() - hint.width() - 3, 3, hint.width(), hint.height()
        )

    def _show_remove(self, shown: bool) -> None:
        visible = shown and not self.is_base and self.isEnabled()
        self.remove_button.setVisible(visible)
        if visible:
            self.remove_button.raise_()

    # -- keyboard ------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete removes; Ctrl+Left / Ctrl+Right move; Left / Right go to the neighbour."""
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not self.is_base:
            self.remove_requested.emit(self.key)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and ctrl and not self.is_base:
            self.move_requested.emit(self.key, -1 if key == Qt.Key.Key_Left else 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not ctrl:
            self.navigate.emit(self.key, -1 if key == Qt.Key.Key_Left else 1)
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Move earlier / later, remove."""
        if self.is_base:
            return
        menu = QMenu(self)
        earlier = menu.addAction(self.tr("Move earlier (Ctrl+Left)"))
        earlier.triggered.connect(lambda: self.move_requested.emit(self.key, -1))
        later = menu.addAction(self.tr("Move later (Ctrl+Right)"))
        later.triggered.connect(lambda: self.move_requested.emit(self.key, 1))
        menu.addSeparator()
        remove = menu.addAction(self.tr("Remove (Delete)"))
        remove.triggered.connect(self._on_remove_clicked)
        menu.popup(event.globalPos())

    # -- dragging within the tray ----------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Remember where a possible drag starts."""
        if event.button() == Qt.MouseButton.LeftButton and not self.is_base:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Drag the slot to another place in the tray."""
        start = self._press
        if start is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        if (
            event.position().toPoint() - start
        ).manhattanLength() < QApplication.startDragDistance():
            return
        self._press = None
        mime = QMimeData()
        mime.setData(REORDER_MIME, self.key.encode("utf-8"))
        drag = QDrag(self)
        drag.setMimeData(mime)
        pixmap = self.thumb.pixmap()
        if not pixmap.isNull():
            drag.setPixmap(pixmap)
        drag.exec(Qt.DropAction.MoveAction)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """No drag after all."""
        self._press = None
        super().mouseReleaseEvent(event)

    def _on_remove_clicked(self) -> None:
        self.remove_requested.emit(self.key)
