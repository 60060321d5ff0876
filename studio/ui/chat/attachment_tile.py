"""One image in the composer strip: preview, the size and tokens it will cost, its controls.

The preview is a small PNG made in the worker thread with the prepared image; here it only
becomes a ``QPixmap`` (a few microseconds for 192 px). While the image is fetched or
prepared a spinner turns over the preview.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDrag,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.session.chat.attachment_draft import DraftImage
from studio.ui.chat.mime_sources import INTERNAL_MIME
from studio.ui.common.resources import icon
from studio.ui.common.restyle import set_style_flag

THUMB = 64
TILE_WIDTH = 248
DETAILS = ("auto", "low", "high")


def human_bytes(size: int) -> str:
    """``412 KB`` / ``3.1 MB``."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024)):,} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class Spinner(QWidget):
    """A small turning arc; it only animates while shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentSpinner")
        self.setFixedSize(24, 24)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._angle = 0
        self._timer = QTimer(self)
        self._timer.setInterval(60)
        self._timer.timeout.connect(self._on_timer_timeout)

    def set_spinning(self, spinning: bool) -> None:
        """Show and turn (True), or hide and stop."""
        self.setVisible(spinning)
        if spinning:
            self._timer.start()
        else:
            self._timer.stop()

    def paintEvent(self, event: QPaintEvent) -> None:
        """An arc of three quarters, rotated by the timer."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = self.palette().color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(color, 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawArc(QRectF(3, 3, 18, 18), -self._angle * 16, 270 * 16)
        painter.end()

    def _on_timer_timeout(self) -> None:
        self._angle = (self._angle + 30) % 360
        self.update()


class AttachmentTile(QFrame):
    """A composer image.

    Signals:
        detail_chosen(int, str): the key and the detail picked (low / high / auto).
        remove_requested(int), move_requested(int, int): the key, and -1/+1 for a move.
        send_url_toggled(int, bool): send the address as is (True) or the fetched image.
    """

    detail_chosen = Signal(int, str)
    remove_requested = Signal(int)
    move_requested = Signal(int, int)
    send_url_toggled = Signal(int, bool)

    def __init__(self, item: DraftImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = item.key
        self.setObjectName("attachmentTile")
        self.setFixedWidth(TILE_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._press: QPoint | None = None
        self._thumb_bytes = b""

        self.thumb = QLabel(self)
        self.thumb.setObjectName("attachmentThumb")
        self.thumb.setFixedSize(THUMB, THUMB)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.spinner = Spinner(self.thumb)
        self.spinner.move((THUMB - 24) // 2, (THUMB - 24) // 2)
        self.name_label = QLabel(self)
        self.name_label.setObjectName("attachmentName")
        self.info_label = QLabel(self)
        self.info_label.setObjectName("attachmentInfo")
        self.detail_combo = QComboBox(self)
        self.detail_combo.setObjectName("attachmentDetailCombo")
        self.detail_combo.setAccessibleName(self.tr("Detail"))
        self.detail_combo.setToolTip(
            self.tr(
                "Detail the model looks at: low (512 px, 85 tokens), high (short side "
                "768 px, by 512-px tiles) or auto (the relay decides; estimated as high)"
            )
        )
        for value, label in (
            ("auto", self.tr("auto")),
            ("low", self.tr("low")),
            ("high", self.tr("high")),
        ):
            self.detail_combo.addItem(label, value)
        self.link_button = self._button(
            "sendUrlButton", self.tr("URL"), self.tr("Send the URL as is")
        )
        self.link_button.setCheckable(True)
        self.link_button.setToolTip(
            self.tr(
                "Send the address instead of the image (the relay must be able to reach it); "
                "otherwise Studio fetches it and sends it inline"
            )
        )
        self.left_button = self._button("moveLeftButton", "←", self.tr("Move left"))
        self.right_button = self._button("moveRightButton", "→", self.tr("Move right"))
        self.remove_button = self._button("removeAttachmentButton", "×", self.tr("Remove image"))
        self.detail_combo.activated.connect(self._on_detail_combo_activated)
        self.link_button.toggled.connect(lambda on: self.send_url_toggled.emit(self.key, on))
        self.left_button.clicked.connect(lambda: self.move_requested.emit(self.key, -1))
        self.right_button.clicked.connect(lambda: self.move_requested.emit(self.key, +1))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self.key))

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(2)
        top.addWidget(self.name_label, 1)
        top.addWidget(self.remove_button)
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.setSpacing(2)
        controls.addWidget(self.detail_combo)
        controls.addWidget(self.link_button)
        controls.addStretch(1)
        controls.addWidget(self.left_button)
        controls.addWidget(self.right_button)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(2)
        side.addLayout(top)
        side.addWidget(self.info_label)
        side.addLayout(controls)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(8)
        layout.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(side, 1)
        self.update_item(item, first=True, last=True)

    def _button(self, name: str, text: str, accessible: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    # ---- public ------------------------------------------------------------------------

    @property
    def detail(self) -> str:
        """The detail chosen in the combo."""
        return str(self.detail_combo.currentData())

    def update_item(self, item: DraftImage, *, first: bool, last: bool) -> None:
        """Show ``item`` as it is now; ``first``/``last`` say where it sits in the strip."""
        self.setAccessibleName(self.tr("Image {name}").format(name=item.name))
        metrics = self.name_label.fontMetrics()
        self.name_label.setText(
            metrics.elidedText(item.name, Qt.TextElideMode.ElideMiddle, TILE_WIDTH - THUMB - 60)
        )
        self.detail_combo.setCurrentIndex(max(0, self.detail_combo.findData(item.detail)))
        self.detail_combo.setEnabled(not item.send_url)
        self.link_button.setVisible(bool(item.url))
        self.link_button.blockSignals(True)
        self.link_button.setChecked(item.send_url)
        self.link_button.blockSignals(False)
        self.set_position(first=first, last=last)
        self.spinner.set_spinning(item.busy)
        self.info_label.setText(self._info(item))
        self.setToolTip(self._tooltip(item))
        if item.thumb and item.thumb != self._thumb_bytes:
            self._thumb_bytes = item.thumb
            pixmap = QPixmap()
            pixmap.loadFromData(item.thumb, "PNG")
            ratio = self.devicePixelRatioF()
            side = round(THUMB * ratio)
            scaled = pixmap.scaled(
                side,
                side,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            scaled.setDevicePixelRatio(ratio)
            self.thumb.setPixmap(scaled)
        elif not item.thumb and not item.busy:
            color = self.palette().color(QPalette.ColorRole.PlaceholderText)
            self.thumb.setPixmap(icon("image", color).pixmap(QSize(28, 28)))

    def set_position(self, *, first: bool, last: bool) -> None:
        """Enable ← unless it is first and → unless it is last."""
        if self.left_button.isEnabled() == first:
            self.left_button.setEnabled(not first)
        if self.right_button.isEnabled() == last:
            self.right_button.setEnabled(not last)

    # ---- texts -------------------------------------------------------------------------

    def _info(self, item: DraftImage) -> str:
        if item.state == "fetching":
            return self.tr("Fetching…")
        if item.state == "preparing":
            return self.tr("Preparing…")
        if item.send_url:
            return self.tr("Sent as a link · size unknown")
        size = item.sent_size
        tokens = item.tokens
        ref = item.ref
        if size is None or tokens is None or ref is None:
            return ""
        original = (ref.get("original_width"), ref.get("original_height"))
        sent = f"{size[0]}×{size[1]}"
        if original != size and all(isinstance(v, int) for v in original):
            sent = f"{original[0]}×{original[1]} → {sent}"
        cost = self.tr("{tokens} tokens · {size}").format(
            tokens=f"{tokens:,}", size=human_bytes(int(ref.get("bytes", 0)))
        )
        return f"{sent}\n{cost}"

    def _tooltip(self, item: DraftImage) -> str:
        lines = [item.url or item.name]
        ref = item.ref
        if ref is not None:
            lines.append(
                self.tr("Original: {width}×{height}, {size}").format(
                    width=ref.get("original_width", "?"),
                    height=ref.get("original_height", "?"),
                    size=human_bytes(int(ref.get("original_bytes", 0))),
                )
            )
            lines.append(
                self.tr("Sent: {width}×{height}, {size}, about {tokens} tokens").format(
                    width=ref.get("width", "?"),
                    height=ref.get("height", "?"),
                    size=human_bytes(int(ref.get("bytes", 0))),
                    tokens=f"{int(ref.get('tokens', 0)):,}",
                )
            )
        lines.extend(f"· {note}" for note in item.notes)
        return "\n".join(lines)

    # ---- dragging within the strip -----------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Remember where a possible drag starts."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Drag the tile to another place in the strip."""
        start = self._press
        if start is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        moved = (event.position().toPoint() - start).manhattanLength()
        if moved < QApplication.startDragDistance():
            return
        self._press = None
        mime = QMimeData()
        mime.setData(INTERNAL_MIME, str(self.key).encode("ascii"))
        drag = QDrag(self)
        drag.setMimeData(mime)
        pixmap = self.thumb.pixmap()
        if pixmap is not None and not pixmap.isNull():
            drag.setPixmap(pixmap)
        set_style_flag(self, "dragging", True)
        drag.exec(Qt.DropAction.MoveAction)
        set_style_flag(self, "dragging", False)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """No drag after all."""
        self._press = None
        super().mouseReleaseEvent(event)

    def sizeHint(self) -> QSize:
        """Fixed width, as tall as the content."""
        return QSize(TILE_WIDTH, super().sizeHint().height())

    def _on_detail_combo_activated(self, _index: int) -> None:
        self.detail_chosen.emit(self.key, self.detail)
