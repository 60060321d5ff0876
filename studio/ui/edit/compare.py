"""Compare two versions: a slider over both, or side by side with synced zoom and pan."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from studio.ui.edit.compare_canvas import CompareCanvas, CompareHandle, CompareMode


class CompareView(QWidget):
    """Before (left) and after (right), and the buttons that switch modes.

    Signals:
        divider_moved(float): the slider's place, 0..1 of the width.
        zoom_changed(float): the scale shown.
        mode_changed(str): ``CompareMode.value``.
    """

    divider_moved = Signal(float)
    zoom_changed = Signal(float)
    mode_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.setAccessibleName(self.tr("Compare versions"))
        self.canvas = CompareCanvas(self)
        self.before_label = QLabel(self.tr("Before"), self)
        self.before_label.setObjectName("compareBeforeLabel")
        self.after_label = QLabel(self.tr("After"), self)
        self.after_label.setObjectName("compareAfterLabel")
        self.after_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.slider_button = self._mode_button(
            "compareSliderModeButton", self.tr("Slider"), self.tr("One picture, a divider to drag")
        )
        self.side_button = self._mode_button(
            "compareSideBySideButton",
            self.tr("Side by side"),
            self.tr("Both pictures, same zoom and position"),
        )
        self.slider_button.setChecked(True)
        group = QButtonGroup(self)
        group.setExclusive(True)
        group.addButton(self.slider_button)
        group.addButton(self.side_button)
        self.slider_button.toggled.connect(self._on_mode_toggled)

        header = QHBoxLayout()
        header.setContentsMargins(8, 4, 8, 4)
        header.setSpacing(6)
        header.addWidget(self.before_label, 1)
        header.addWidget(self.slider_button)
        header.addWidget(self.side_button)
        header.addWidget(self.after_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.canvas, 1)
        self.canvas.divider_moved.connect(self.divider_moved)
        self.canvas.zoom_changed.connect(self.zoom_changed)

    @property
    def slider(self) -> CompareHandle:
        """The divider (objectName ``compareSlider``)."""
        return self.canvas.handle

    def set_images(self, before: QImage, after: QImage, *, keep_view: bool = False) -> None:
        """Compare ``before`` with ``after`` (``keep_view`` keeps zoom and position)."""
        self.canvas.set_images(before, after, keep_view=keep_view)

    def set_labels(self, before: str, after: str) -> None:
        """Name the two sides (e.g. "v2 · parent" and "v3")."""
        self.before_label.setText(before)
        self.after_label.setText(after)

    @property
    def mode(self) -> CompareMode:
        """Slider or side by side."""
        return self.canvas.mode

    def set_mode(self, mode: CompareMode) -> None:
        """Switch modes."""
        button = self.slider_button if mode is CompareMode.SLIDER else self.side_button
        button.setChecked(True)

    @property
    def divider(self) -> float:
        """The slider's place, 0..1."""
        return self.canvas.divider

    def set_divider(self, fraction: float) -> None:
        """Move the slider."""
        self.canvas.set_divider(fraction)

    @property
    def zoom(self) -> float:
        """The scale shown."""
        return self.canvas.zoom

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom both pictures."""
        self.canvas.set_zoom(zoom, anchor)

    def fit(self) -> None:
        """Both pictures whole."""
        self.canvas.fit()

    def actual_size(self) -> None:
        """100 %."""
        self.canvas.actual_size()

    def _mode_button(self, name: str, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setAccessibleName(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        button.setProperty("chip", True)
        return button

    def _on_mode_toggled(self, slider: bool) -> None:
        mode = CompareMode.SLIDER if slider else CompareMode.SIDE_BY_SIDE
        self.canvas.set_mode(mode)
        self.mode_changed.emit(mode.value)
