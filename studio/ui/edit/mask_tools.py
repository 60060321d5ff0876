"""The mask tool bar: tools, brush size and hardness, whole-mask actions, overlay, undo/redo.

It drives an :class:`EditCanvas` and its :class:`MaskDocument` and follows them (a size set
with ``[`` ``]`` on the canvas moves the slider). The keys themselves are handled by the
canvas while it has the focus; the tooltips name them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QToolButton,
    QWidget,
)

from studio.ui.edit.canvas import EditCanvas, Tool
from studio.ui.edit.icons import edit_icon

SIZE_RANGE = (1, 500)
AMOUNT_RANGE = (1, 200)
DEFAULT_AMOUNT = 8


def _keys(text: str) -> str:
    """A shortcut as the platform writes it (Ctrl+Z, or ⌘Z on macOS)."""
    return QKeySequence(text).toString(QKeySequence.SequenceFormat.NativeText)


class MaskToolBar(QWidget):
    """Buttons and sliders for the canvas's mask tools (objectName ``maskToolBar``)."""

    def __init__(self, canvas: EditCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("maskToolBar")
        self.setAccessibleName(self.tr("Mask tools"))
        self.canvas = canvas
        self._icons: list[tuple[QToolButton, str]] = []
        document = canvas.document

        self.brush_button = self._button("maskBrushButton", "brush", self.tr("Brush"))
        self.brush_button.setToolTip(
            self.tr("Brush ({key}): paint the area the model may change").format(key="B")
        )
        self.eraser_button = self._button("maskEraserButton", "eraser", self.tr("Eraser"))
        self.eraser_button.setToolTip(
            self.tr("Eraser ({key}): give painted pixels back to the picture").format(key="E")
        )
        self.rect_button = self._button("maskRectButton", "rect", self.tr("Rectangle"))
        self.rect_button.setToolTip(
            self.tr("Rectangle ({key}); Alt or the right button erases").format(key="M")
        )
        self.lasso_button = self._button("maskLassoButton", "lasso", self.tr("Lasso"))
        self.lasso_button.setToolTip(
            self.tr("Lasso ({key}): draw around an area; Alt or the right button erases").format(
                key="L"
            )
        )
        self._tools = {
            Tool.BRUSH: self.brush_button,
            Tool.ERASER: self.eraser_button,
            Tool.RECT: self.rect_button,
            Tool.LASSO: self.lasso_button,
        }
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        for tool, button in self._tools.items():
            button.setCheckable(True)
            self._group.addButton(button)
            button.clicked.connect(lambda _checked=False, t=tool: self.canvas.set_tool(t))
        self._tools[canvas.tool].setChecked(True)

        self.size_slider = self._slider("maskSizeSlider", SIZE_RANGE, canvas.brush_size)
        self.size_slider.setAccessibleName(self.tr("Brush size"))
        self.size_slider.setToolTip(
            self.tr("Brush size in picture pixels ({smaller} smaller, {bigger} bigger)").format(
                smaller="[", bigger="]"
            )
        )
        self.size_label = QLabel(self)
        self.size_label.setObjectName("maskSizeLabel")
        # Room for the widest size in the UI's language, so the label never cuts or jumps.
        widest = self.tr("{size} px").format(size=SIZE_RANGE[1])
        self.size_label.setMinimumWidth(self.size_label.fontMetrics().horizontalAdvance(widest) + 4)
        self.hardness_slider = self._slider("maskHardnessSlider", (0, 100), canvas.hardness)
        self.hardness_slider.setAccessibleName(self.tr("Brush hardness"))
        self.hardness_slider.setToolTip(self.tr("Hardness: 0 % soft edge, 100 % hard edge"))
        self.size_slider.valueChanged.connect(canvas.set_brush_size)
        self.hardness_slider.valueChanged.connect(canvas.set_hardness)

        self.fill_button = self._button("maskFillButton", "fill", self.tr("Fill"))
        self.fill_button.setToolTip(self.tr("Fill: the whole picture may change"))
        self.clear_button = self._button("maskClearButton", "clear", self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Clear the mask: nothing may change"))
        self.invert_button = self._button("maskInvertButton", "invert", self.tr("Invert"))
        self.invert_button.setToolTip(self.tr("Invert the mask: painted ↔ kept"))
        self.amount_spin = QSpinBox(self)
        self.amount_spin.setObjectName("maskAmountSpin")
        self.amount_spin.setRange(*AMOUNT_RANGE)
        self.amount_spin.setValue(DEFAULT_AMOUNT)
        self.amount_spin.setSuffix(self.tr(" px"))
        self.amount_spin.setAccessibleName(self.tr("Grow, shrink and feather by"))
        self.amount_spin.setToolTip(self.tr("How far Grow, Shrink and Feather reach"))
        self.grow_button = self._button("maskGrowButton", "grow", self.tr("Grow"))
        self.grow_button.setToolTip(self.tr("Grow the painted area"))
        self.shrink_button = self._button("maskShrinkButton", "shrink", self.tr("Shrink"))
        self.shrink_button.setToolTip(self.tr("Shrink the painted area"))
        self.feather_button = self._button("maskFeatherButton", "feather", self.tr("Feather"))
        self.feather_button.setToolTip(self.tr("Feather: soften the mask's edge"))
        self.fill_button.clicked.connect(document.fill)
        self.clear_button.clicked.connect(document.clear)
        self.invert_button.clicked.connect(document.invert)
        self.grow_button.clicked.connect(lambda: self._busy(document.grow))
        self.shrink_button.clicked.connect(lambda: self._busy(document.shrink))
        self.feather_button.clicked.connect(lambda: self._busy(document.feather))

        self.overlay_button = self._button("maskOverlayButton", "overlay", self.tr("Show mask"))
        self.overlay_button.setCheckable(True)
        self.overlay_button.setChecked(canvas.overlay_visible)
        self.overlay_button.setToolTip(self.tr("Show or hide the mask's tint"))
        self.overlay_button.toggled.connect(canvas.set_overlay_visible)
        self.undo_button = self._button("maskUndoButton", "undo", self.tr("Undo"))
        self.undo_button.setToolTip(self.tr("Undo ({keys})").format(keys=_keys("Ctrl+Z")))
        self.redo_button = self._button("maskRedoButton", "redo", self.tr("Redo"))
        self.redo_button.setToolTip(self.tr("Redo ({keys})").format(keys=_keys("Ctrl+Shift+Z")))
        self.undo_button.clicked.connect(document.undo)
        self.redo_button.clicked.connect(document.redo)
        stack = document.undo_stack
        self.undo_button.setEnabled(stack.canUndo())
        self.redo_button.setEnabled(stack.canRedo())
        stack.canUndoChanged.connect(self.undo_button.setEnabled)
        stack.canRedoChanged.connect(self.redo_button.setEnabled)

        canvas.tool_changed.connect(self._on_canvas_tool_changed)
        canvas.brush_size_changed.connect(self._on_canvas_size_changed)
        canvas.hardness_changed.connect(self.hardness_slider.setValue)
        canvas.overlay_visibility_changed.connect(self.overlay_button.setChecked)
        self._on_canvas_size_changed(canvas.brush_size)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        groups: list[list[QWidget]] = [
            [self.brush_button, self.eraser_button, self.rect_button, self.lasso_button],
            [self.size_slider, self.size_label, self.hardness_slider],
            [self.fill_button, self.clear_button, self.invert_button],
            [self.amount_spin, self.grow_button, self.shrink_button, self.feather_button],
            [self.overlay_button, self.undo_button, self.redo_button],
        ]
        for index, widgets in enumerate(groups):
            if index:
                layout.addWidget(self._separator())
            for widget in widgets:
                layout.addWidget(widget)
        layout.addStretch(1)
        self._paint_icons()

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the icons in the new theme's colour."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_icons()

    # -- internals ----------------------------------------------------------------------

    def _button(self, name: str, icon: str, text: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setAccessibleName(text)
        button.setProperty("iconButton", True)
        button.setAutoRaise(True)
        self._icons.append((button, icon))
        return button

    def _slider(self, name: str, bounds: tuple[int, int], value: int) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal, self)
        slider.setObjectName(name)
        slider.setRange(*bounds)
        slider.setValue(value)
        slider.setFixedWidth(96)
        return slider

    def _busy(self, operation: Callable[[int], None]) -> None:
        """Run a whole-mask operation (up to half a second at 4096²) under a wait cursor."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            operation(self.amount_spin.value())
        finally:
            QApplication.restoreOverrideCursor()

    def _separator(self) -> QFrame:
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.VLine)
        line.setFrameShadow(QFrame.Shadow.Plain)
        line.setObjectName("maskToolSeparator")
        return line

    def _paint_icons(self) -> None:
        color = self.palette().color(QPalette.ColorRole.Text)
        for button, name in self._icons:
            button.setIcon(edit_icon(name, color))

    def _on_canvas_tool_changed(self, value: str) -> None:
        self._tools[Tool(value)].setChecked(True)

    def _on_canvas_size_changed(self, size: int) -> None:
        self.size_slider.blockSignals(True)
        self.size_slider.setValue(min(size, SIZE_RANGE[1]))
        self.size_slider.blockSignals(False)
        self.size_label.setText(self.tr("{size} px").format(size=size))
