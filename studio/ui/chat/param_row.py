"""One sampling parameter of the parameters panel: a switch (off = model default) and a value.

Floats get a box and a slider; ``max_tokens`` a whole-number box; the seed a text box, since
seeds go up to 2**63 (beyond what a spin box holds).
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.ui.chat.panel_parts import label

SLIDER_SCALE = 100
SEED_LOW, SEED_HIGH = -(2**63), 2**63 - 1
Kind = Literal["float", "int", "seed"]
ParamSpec = tuple[str, Kind, float, float, float, float]
"""name, kind, lowest, highest, step, and the value shown when the user switches it on"""


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


class ParamRow(QWidget):
    """One sampling parameter: a switch (off = the model's default) and its value.

    Signals:
        edited(): the value or the switch changed.
        committed(): an edit was finished (Enter, focus left, slider released, switch).
    """

    edited = Signal()
    committed = Signal()

    def __init__(
        self,
        spec: ParamSpec,
        title: str,
        tip: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name, self._kind, low, high, step, self._initial = spec
        camel = _camel(self.name)
        self.setObjectName(f"{camel}Row")
        self._loading = False
        self.toggle = QCheckBox(title, self)
        self.toggle.setObjectName(f"{camel}Toggle")
        self.toggle.setAccessibleName(self.tr("Set {parameter}").format(parameter=title))
        self.toggle.setToolTip(
            tip + "\n" + self.tr("Switched off, the model's own default is used.")
        )
        self.default_label = label(self.tr("Model default"), self, role="hint")
        self.default_label.setWordWrap(False)
        self.slider: QSlider | None = None
        self.spin: QDoubleSpinBox | QSpinBox | None = None
        self.seed_edit: QLineEdit | None = None
        value_widget: QWidget
        if self._kind == "float":
            spin = QDoubleSpinBox(self)
            spin.setDecimals(2)
            spin.setRange(low, high)
            spin.setSingleStep(step)
            slider = QSlider(Qt.Orientation.Horizontal, self)
            slider.setObjectName(f"{camel}Slider")
            slider.setAccessibleName(title)
            slider.setRange(round(low * SLIDER_SCALE), round(high * SLIDER_SCALE))
            slider.setPageStep(round(step * SLIDER_SCALE * 2))
            slider.valueChanged.connect(self._on_slider_value_changed)
            slider.sliderReleased.connect(self.committed)
            slider.installEventFilter(self)
            self.slider = slider
            self.spin = spin
            value_widget = spin
        elif self._kind == "int":
            spin_int = QSpinBox(self)
            spin_int.setRange(int(low), int(high))
            spin_int.setSingleStep(int(step))
            spin_int.setGroupSeparatorShown(True)
            self.spin = spin_int
            value_widget = spin_int
        else:
            edit = QLineEdit(self)
            edit.setProperty("panelEdit", True)
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"-?\d{0,19}"), edit))
            edit.setMaximumWidth(170)
            edit.textEdited.connect(self._on_seed_edit_text_edited)
            edit.editingFinished.connect(self.committed)
            self.seed_edit = edit
            value_widget = edit
        value_widget.setObjectName(f"{camel}Spin" if self.spin is not None else f"{camel}Edit")
        value_widget.setAccessibleName(self.tr("{parameter} value").format(parameter=title))
        value_widget.setToolTip(tip)
        if self.spin is not None:
            self.spin.setKeyboardTracking(True)
            self.spin.setMinimumWidth(96)
            self.spin.installEventFilter(self)
            self.spin.valueChanged.connect(self._on_spin_value_changed)
            self.spin.editingFinished.connect(self.committed)
        self._value_widget = value_widget
        self.error_label = label("", self, role="fieldError", name=f"{camel}Error")
        self.error_label.hide()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.toggle)
        top.addStretch(1)
        top.addWidget(self.default_label)
        top.addWidget(value_widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        layout.addLayout(top)
        if self.slider is not None:
            layout.addWidget(self.slider)
        layout.addWidget(self.error_label)
        self.toggle.toggled.connect(self._on_toggle_toggled)
        self._set_shown_value(self._initial)
        self._update_visibility()

    def value(self) -> float | int | None:
        """The value to send; None when switched off (or while the seed is not a number)."""
        if not self.toggle.isChecked():
            return None
        if self.seed_edit is not None:
            text = self.seed_edit.text().strip()
            if not text or text == "-":
                return None
            number = int(text)
            return number if SEED_LOW <= number <= SEED_HIGH else None
        assert self.spin is not None
        return self.spin.value()

    def error(self) -> str:
        """Why the value cannot be used ("" when it can)."""
        if self.seed_edit is None or not self.toggle.isChecked():
            return ""
        text = self.seed_edit.text().strip()
        if not text or text == "-":
            return self.tr("Enter a whole number as the seed, or switch it off.")
        if not SEED_LOW <= int(text) <= SEED_HIGH:
            return self.tr("The seed is too large: at most 19 digits (up to {high}).").format(
                high=SEED_HIGH
            )
        return ""

    def set_value(self, value: float | int | None) -> None:
        """Show ``value`` (None: switched off, keeping the last value for next time)."""
        self._loading = True
        try:
            self.toggle.setChecked(value is not None)
            if value is not None and value != self.value():
                self._set_shown_value(value)
        finally:
            self._loading = False
        self._update_visibility()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Let the wheel scroll the panel unless the box or slider has the keyboard focus."""
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QWidget)
            and not watched.hasFocus()
        ):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def _set_shown_value(self, value: float | int) -> None:
        if self.seed_edit is not None:
            self.seed_edit.setText(str(int(value)))
        elif isinstance(self.spin, QSpinBox):
            self.spin.setValue(int(value))
        elif self.spin is not None:
            self.spin.setValue(float(value))

    def _update_visibility(self) -> None:
        on = self.toggle.isChecked()
        self.default_label.setVisible(not on)
        self._value_widget.setVisible(on)
        if self.slider is not None:
            self.slider.setVisible(on)
        problem = self.error()
        self.error_label.setText(problem)
        self.error_label.setVisible(bool(problem))

    def _on_toggle_toggled(self, on: bool) -> None:
        self._update_visibility()
        if self._loading:
            return
        if on:
            self._value_widget.setFocus()
        self.edited.emit()
        self.committed.emit()

    def _on_spin_value_changed(self, value: float) -> None:
        if self.slider is not None:
            blocked = self.slider.blockSignals(True)
            self.slider.setValue(round(value * SLIDER_SCALE))
            self.slider.blockSignals(blocked)
        if not self._loading:
            self.edited.emit()

    def _on_slider_value_changed(self, position: int) -> None:
        if isinstance(self.spin, QDoubleSpinBox):
            self.spin.setValue(position / SLIDER_SCALE)

    def _on_seed_edit_text_edited(self, _text: str) -> None:
        self._update_visibility()
        self.edited.emit()
