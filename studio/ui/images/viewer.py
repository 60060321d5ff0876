"""The picture viewer: zoom and pan, every piece of metadata, previous and next."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QKeyEvent, QKeySequence, QPalette, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.common.prices import PriceLookup, no_price
from studio.ui.images.gallery_model import GalleryModel
from studio.ui.images.icons import page_icon
from studio.ui.images.metadata_panel import MetadataPanel
from studio.ui.images.protocols import GalleryEntry, thumbnail_key
from studio.ui.images.thumbnails import ThumbnailCache
from studio.ui.images.zoom_view import ZoomView

SIDE_WIDTH = 300


class ImageViewerDialog(QDialog):
    """One gallery picture at a time, in a window of its own.

    It walks the gallery's pictures by number (job headers are not pictures), loading the
    next page of the gallery when it reaches the last loaded picture.
    """

    def __init__(
        self,
        model: GalleryModel,
        row: int,
        thumbnails: ThumbnailCache,
        parent: QWidget | None = None,
        *,
        price_lookup: PriceLookup = no_price,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("imageViewer")
        self.setAccessibleName(self.tr("Picture viewer"))
        self.setWindowTitle(self.tr("Picture"))
        self.setSizeGripEnabled(True)
        self.resize(1100, 760)
        self._model = model
        self._thumbnails = thumbnails
        self._number = -1
        self._item: GalleryEntry | None = None
        self._full_loaded = False
        color = self.palette().color(QPalette.ColorRole.Text)

        self.canvas = ZoomView(self)
        self.prev_button = self._button("viewerPrevButton", "prev", self.tr("Previous picture"))
        self.next_button = self._button("viewerNextButton", "next", self.tr("Next picture"))
        self.position_label = QLabel(self)
        self.position_label.setObjectName("viewerPosition")
        self.position_label.setProperty("hint", True)
        self.zoom_out_button = self._button("viewerZoomOutButton", "zoom_out", self.tr("Zoom out"))
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("zoomLabel")
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_label.setAccessibleName(self.tr("Zoom"))
        self.zoom_in_button = self._button("viewerZoomInButton", "zoom_in", self.tr("Zoom in"))
        self.fit_button = self._button("viewerFitButton", "fit", self.tr("Fit to window"))
        self.actual_button = self._button("viewerActualSizeButton", "actual", self.tr("100 %"))
        for button, tip in (
            (self.prev_button, self.tr("Previous picture (←)")),
            (self.next_button, self.tr("Next picture (→)")),
            (self.zoom_out_button, self.tr("Zoom out (−)")),
            (self.zoom_in_button, self.tr("Zoom in (+)")),
            (self.fit_button, self.tr("Fit to window (0)")),
            (self.actual_button, self.tr("Actual size, 100 % (1)")),
        ):
            button.setToolTip(tip)
        self.prev_button.clicked.connect(self.show_previous)
        self.next_button.clicked.connect(self.show_next)
        self.zoom_in_button.clicked.connect(self.canvas.zoom_in)
        self.zoom_out_button.clicked.connect(self.canvas.zoom_out)
        self.fit_button.clicked.connect(self.canvas.fit)
        self.actual_button.clicked.connect(self.canvas.actual_size)
        self.canvas.zoom_changed.connect(self._on_canvas_zoom_changed)

        self.metadata = MetadataPanel(self, prefix="viewer")
        self.metadata.price_lookup = price_lookup
        side_content = QWidget(self)
        side_content.setObjectName("viewerSideContent")
        side_layout = QVBoxLayout(side_content)
        side_layout.setContentsMargins(14, 14, 14, 14)
        side_layout.addWidget(self.metadata)
        side = QScrollArea(self)
        side.setObjectName("viewerSide")
        side.setFixedWidth(SIDE_WIDTH)
        side.setWidgetResizable(True)
        side.setFrameShape(QFrame.Shape.NoFrame)
        side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side.setWidget(side_content)
        side.setStyleSheet("#viewerSideContent { background: transparent; }")

        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(10, 8, 10, 8)
        toolbar.setSpacing(6)
        toolbar.addWidget(self.prev_button)
        toolbar.addWidget(self.next_button)
        toolbar.addWidget(self.position_label)
        toolbar.addStretch(1)
        toolbar.addWidget(self.zoom_out_button)
        toolbar.addWidget(self.zoom_label)
        toolbar.addWidget(self.zoom_in_button)
        toolbar.addSpacing(6)
        toolbar.addWidget(self.fit_button)
        toolbar.addWidget(self.actual_button)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(0)
        left.addLayout(toolbar)
        left.addWidget(self.canvas, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(left, 1)
        layout.addWidget(side)
        for keys, slot in (
            (QKeySequence(QKeySequence.StandardKey.ZoomIn), self.canvas.zoom_in),
            (QKeySequence(Qt.Key.Key_Equal), self.canvas.zoom_in),
            (QKeySequence(QKeySequence.StandardKey.ZoomOut), self.canvas.zoom_out),
            (QKeySequence(Qt.Key.Key_Minus), self.canvas.zoom_out),
            (QKeySequence(Qt.Key.Key_Plus), self.canvas.zoom_in),
            (QKeySequence(Qt.Key.Key_0), self.canvas.fit),
            (QKeySequence(Qt.Key.Key_1), self.canvas.actual_size),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.activated.connect(slot)
        thumbnails.ready.connect(self._on_thumbnail_ready)
        model.modelReset.connect(self._on_model_changed)
        model.rowsInserted.connect(self._on_model_changed)
        del color
        self.show_row(row)

    def _button(self, name: str, icon_name: str, accessible: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setProperty("flatButton", True)
        button.setIcon(page_icon(icon_name, self.palette().color(QPalette.ColorRole.Text)))
        button.setIconSize(QSize(18, 18))
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    # -- public --------------------------------------------------------------------------

    @property
    def item(self) -> GalleryEntry | None:
        """The picture shown."""
        return self._item

    @property
    def row(self) -> int:
        """Its row in the gallery (-1 when it is no longer loaded)."""
        return self._model.row_of(self._item.id) if self._item is not None else -1

    @property
    def number(self) -> int:
        """Its number among the gallery's pictures (0 for the newest)."""
        return self._number

    @property
    def full_loaded(self) -> bool:
        """True once the full-size picture replaced the thumbnail."""
        return self._full_loaded

    def show_row(self, row: int) -> None:
        """Show the gallery's picture on ``row`` (on a job header: the job's first picture)."""
        number = self._model.number_at(row)
        if number >= 0:
            self.show_number(number)

    def show_number(self, number: int) -> None:
        """Show the gallery's picture number ``number``."""
        if self._model.canFetchMore() and number >= self._model.item_count - 1:
            self._model.fetchMore()
        item = self._model.item_at(number)
        if item is None:
            return
        self._number = number
        self._item = item
        self._full_loaded = False
        self.metadata.set_item(item)
        self.setWindowTitle(" ".join(item.prompt.split())[:80] or self.tr("Picture"))
        self._show_position()
        thumb = self._thumbnails.request(thumbnail_key(item), item.path)
        if thumb is not None:
            self.canvas.set_pixmap(thumb, width=item.width)
        else:
            self.canvas.set_pixmap(QPixmap(), width=item.width)

        def loaded(image: QImage | None, shown: GalleryEntry = item) -> None:
            self._on_full(shown, image)

        self._thumbnails.load_full(item.path, self, loaded)

    def show_previous(self) -> None:
        """The newer picture."""
        number = self._current_number()
        if number > 0:
            self.show_number(number - 1)

    def show_next(self) -> None:
        """The older picture."""
        self.show_number(self._current_number() + 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """← and → walk the gallery."""
        if event.key() == Qt.Key.Key_Left:
            self.show_previous()
        elif event.key() == Qt.Key.Key_Right:
            self.show_next()
        else:
            super().keyPressEvent(event)

    # -- internals -----------------------------------------------------------------------

    def _show_position(self) -> None:
        number, total = self._number, self._model.total
        self.position_label.setText(
            self.tr("{n} of {total}").format(n=number + 1, total=f"{total:,}")
        )
        self.prev_button.setEnabled(number > 0)
        self.next_button.setEnabled(number + 1 < total)

    def _on_model_changed(self) -> None:
        """Pictures arrived or went: keep counting right; a deleted picture gives way to the
        one that took its place."""
        if self._item is None:
            return
        number = self._model.number_of(self._item.id)
        if number >= 0:
            self._number = number
            self._show_position()
        elif self._model.item_count:
            self.show_number(min(self._number, self._model.item_count - 1))
        else:
            self.close()

    def _current_number(self) -> int:
        """The shown picture's number now (the gallery may have changed since)."""
        if self._item is not None:
            number = self._model.number_of(self._item.id)
            if number >= 0:
                self._number = number
        return self._number

    def _on_full(self, shown: GalleryEntry, image: QImage | None) -> None:
        if image is None or self._item is None or shown.id != self._item.id:
            return
        self._full_loaded = True
        self.canvas.set_pixmap(QPixmap.fromImage(image), width=image.width(), same_picture=True)

    def _on_thumbnail_ready(self, key: str) -> None:
        item = self._item
        if item is None or self._full_loaded or key != thumbnail_key(item):
            return
        thumb = self._thumbnails.pixmap(key)
        if thumb is not None:
            self.canvas.set_pixmap(thumb, width=item.width, same_picture=True)

    def _on_canvas_zoom_changed(self, scale: float) -> None:
        self.zoom_label.setText(f"{round(scale * 100)} %")
