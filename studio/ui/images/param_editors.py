"""One editor per kind of model parameter (choice, int, size, seed, text).

Every editor shows a :class:`~studio.config.image_models.ParamSpec` and offers ``value()``
(what goes into the request; ``None`` means "not sent") and ``set_value()`` (used by "Reuse
all parameters"; returns False when the value does not fit).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.config.image_models import ParamSpec
from studio.config.image_sizes import SizeProblem, SizeRules, parse_size, size_text
from studio.session.images.size_text import describe_size_problem
from studio.ui.images.icons import page_icon
from studio.ui.theme import theme_tokens

SPIN_LIMIT = 2**31 - 1
DEFAULT_MIN_SIDE = 16
DEFAULT_MAX_SIDE = 4096
CHIP_COLUMNS = 3


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` (pyside6-lupdate finds these calls)."""
    return text


# Choice values that are words, so that they are shown translated (context ImageParams).
CHOICE_WORDS = (
    QT_TRANSLATE_NOOP("ImageParams", "auto"),
    QT_TRANSLATE_NOOP("ImageParams", "low"),
    QT_TRANSLATE_NOOP("ImageParams", "medium"),
    QT_TRANSLATE_NOOP("ImageParams", "high"),
    QT_TRANSLATE_NOOP("ImageParams", "standard"),
    QT_TRANSLATE_NOOP("ImageParams", "hd"),
    QT_TRANSLATE_NOOP("ImageParams", "transparent"),
    QT_TRANSLATE_NOOP("ImageParams", "opaque"),
    QT_TRANSLATE_NOOP("ImageParams", "vivid"),
    QT_TRANSLATE_NOOP("ImageParams", "natural"),
    QT_TRANSLATE_NOOP("ImageParams", "url"),
    QT_TRANSLATE_NOOP("ImageParams", "b64_json"),
)


def param_text(text: str) -> str:
    """A parameter label or choice word in the UI language (context ``ImageParams``)."""
    return QCoreApplication.translate("ImageParams", text)


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


class ChoiceEditor(QComboBox):
    """A fixed list; words are shown translated, the wire value is kept as item data."""

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        if spec.default is None:
            self.addItem(self.tr("Relay default"), None)
        for choice in spec.choices:
            self.addItem(param_text(choice), choice)
        self.set_value(spec.default)

    def value(self) -> Any:
        """The chosen wire value (``None``: leave it to the relay)."""
        return self.currentData()

    def set_value(self, value: Any) -> bool:
        """Pick ``value``; False if it is not one of the choices."""
        for row in range(self.count()):
            data = self.itemData(row)
            if data == value or (data is not None and str(data) == str(value)):
                self.setCurrentIndex(row)
                return True
        return False


class IntEditor(QSpinBox):
    """A whole number between the spec's minimum and maximum."""

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None, *, cap: int = 0) -> None:
        super().__init__(parent)
        self.spec = spec
        low = spec.minimum if spec.minimum is not None else 0
        high = spec.maximum if spec.maximum is not None else SPIN_LIMIT
        if cap:
            high = min(high, cap)
        self.setRange(max(-SPIN_LIMIT, low), min(SPIN_LIMIT, max(low, high)))
        self.setAccelerated(True)
        default = _as_int(spec.default)
        self.setValue(default if default is not None else max(low, min(high, 1)))

    def value(self) -> Any:
        """The number."""
        return super().value()

    def set_value(self, value: Any) -> bool:
        """Show ``value`` (clamped into range); False if it is not a number."""
        number = _as_int(value)
        if number is None:
            return False
        self.setValue(number)
        return True


class TextEditor(QLineEdit):
    """Free text; empty means "not sent"."""

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setText("" if spec.default is None else str(spec.default))
        self.setClearButtonEnabled(True)

    def value(self) -> Any:
        """The text, or ``None`` when empty."""
        return self.text().strip() or None

    def set_value(self, value: Any) -> bool:
        """Show ``value``."""
        self.setText("" if value is None else str(value))
        return True


class SizeEditor(QWidget):
    """Width × height spin boxes with preset chips (``auto`` is a chip when offered).

    When the spec has size ``rules`` (multiple of, pixel count, longest side, aspect), a size
    that breaks one gets a one-sentence :attr:`problem`, shown under the boxes; a size the
    provider calls experimental gets a quieter note.
    """

    changed = Signal()

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._problem = ""
        self._danger = ""
        low = spec.minimum if spec.minimum is not None else DEFAULT_MIN_SIDE
        high = spec.maximum if spec.maximum is not None else DEFAULT_MAX_SIDE
        self.width_box = self._side_box(f"param_{spec.name}_width", self.tr("Width"), low, high)
        self.height_box = self._side_box(f"param_{spec.name}_height", self.tr("Height"), low, high)
        if spec.rules is not None and spec.rules.multiple_of:  # the arrows stay on valid sides
            self.width_box.setSingleStep(spec.rules.multiple_of)
            self.height_box.setSingleStep(spec.rules.multiple_of)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName(f"param_{spec.name}_problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self.note_label = QLabel(self)
        self.note_label.setObjectName(f"param_{spec.name}_note")
        self.note_label.setProperty("hint", True)
        self.note_label.setWordWrap(True)
        self.note_label.hide()
        times = QLabel("×", self)
        times.setProperty("hint", True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.width_box, 1)
        row.addWidget(times)
        row.addWidget(self.height_box, 1)
        self.chips: list[QToolButton] = []
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        presets = list(spec.presets) or list(spec.choices)
        for number, preset in enumerate(presets):
            chip = QToolButton(self)
            chip.setObjectName(f"param_{spec.name}_preset_{number}")
            chip.setProperty("chip", True)
            chip.setProperty("preset", preset)
            chip.setCheckable(True)
            chip.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            size = parse_size(preset)
            shown = param_text(preset) if size is None else f"{size[0]}×{size[1]}"
            chip.setText(shown)
            chip.setAccessibleName(self.tr("Size {size}").format(size=shown))
            chip.clicked.connect(lambda _=False, p=preset: self.set_value(p))
            grid.addWidget(chip, number // CHIP_COLUMNS, number % CHIP_COLUMNS)
            self.chips.append(chip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.note_label)
        layout.addLayout(grid)
        self._auto = False
        self._paint_problem()
        if not self.set_value(spec.default) and presets:
            self.set_value(presets[0])
        self._sync_chips()

    def _side_box(self, name: str, accessible: str, low: int, high: int) -> QSpinBox:
        box = QSpinBox(self)
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.setRange(low, max(low, high))
        box.setSingleStep(8)
        box.setAccelerated(True)
        box.setValue(max(low, min(high, 1024)))
        box.setSuffix(" px")
        box.valueChanged.connect(self._on_side_changed)
        return box

    @property
    def is_auto(self) -> bool:
        """True when the relay picks the size."""
        return self._auto

    @property
    def problem(self) -> str:
        """Why the size shown cannot be sent, in one sentence ("" when it can)."""
        return self._problem

    def changeEvent(self, event: QEvent) -> None:
        """Follow theme changes (the problem is written in the theme's danger colour)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_problem()

    def value(self) -> Any:
        """``"auto"`` or ``"WxH"``."""
        if self._auto:
            return "auto"
        return size_text(self.width_box.value(), self.height_box.value())

    def set_value(self, value: Any) -> bool:
        """Show ``value`` (``WxH`` or ``auto``); False if it is neither."""
        if not isinstance(value, str):
            return False
        if value.strip().lower() == "auto":
            if "auto" not in (p.lower() for p in (*self.spec.presets, *self.spec.choices)):
                return False
            self._auto = True
        else:
            size = parse_size(value)
            if size is None:
                return False
            self._auto = False
            for box, side in ((self.width_box, size[0]), (self.height_box, size[1])):
                box.blockSignals(True)
                box.setValue(side)
                box.blockSignals(False)
        self.width_box.setEnabled(not self._auto)
        self.height_box.setEnabled(not self._auto)
        self._sync_chips()
        self.changed.emit()
        return True

    def _on_side_changed(self, _value: int) -> None:
        self._auto = False
        self._sync_chips()
        self.changed.emit()

    def _check(self) -> None:
        rules = self.spec.rules
        problem = note = ""
        if rules is not None and not self._auto:
            width, height = self.width_box.value(), self.height_box.value()
            found = rules.problem(width, height)
            if found is not None:
                problem = self._describe(found, rules, width, height)
            elif rules.is_experimental(width, height):
                note = self.tr(
                    "Over {pixels} pixels: the provider calls sizes this large experimental."
                ).format(pixels=f"{rules.experimental_pixels:,}")
        self._problem = problem
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))
        for box in (self.width_box, self.height_box):
            box.setAccessibleDescription(problem)

    def _describe(self, problem: SizeProblem, rules: SizeRules, width: int, height: int) -> str:
        return describe_size_problem(problem, rules, width, height)

    def _paint_problem(self) -> None:
        danger = theme_tokens(self.palette())["danger"]
        if danger != self._danger:
            self._danger = danger
            self.problem_label.setStyleSheet(f"color: {danger};")

    def _sync_chips(self) -> None:
        self._check()
        current = self.value()
        for chip in self.chips:
            preset = str(chip.property("preset"))
            size = parse_size(preset)
            same = (
                preset.lower() == current
                if size is None
                else (not self._auto and size_text(*size) == current)
            )
            chip.setChecked(same)


class SeedEditor(QWidget):
    """A seed: fixed (the number is sent) or random (a new number is drawn for each run).

    Either way the number sent is shown, so a result can be made again.
    """

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        low = max(0, spec.minimum if spec.minimum is not None else 0)
        high = min(SPIN_LIMIT, spec.maximum if spec.maximum is not None else SPIN_LIMIT)
        self.box = QSpinBox(self)
        self.box.setObjectName(f"param_{spec.name}")
        self.box.setRange(low, max(low, high))
        self.box.setAccessibleName(param_text(spec.label))
        # Room for the largest seed whatever the buttons (the form wraps the row if it must).
        self.box.setMinimumWidth(self.box.sizeHint().width())
        self.random_box = QCheckBox(self.tr("Random"), self)
        self.random_box.setObjectName(f"param_{spec.name}_random")
        self.random_box.setAccessibleName(self.tr("Random seed for each run"))
        self.random_box.setToolTip(self.tr("Draw a new seed for every run"))
        self.dice = QToolButton(self)
        self.dice.setObjectName(f"param_{spec.name}_dice")
        self.dice.setProperty("cardButton", True)
        self.dice.setAccessibleName(self.tr("Roll a new seed"))
        self.dice.setToolTip(self.tr("Roll a new seed and keep it"))
        self.dice.setIcon(page_icon("dice", self.palette().color(QPalette.ColorRole.Text)))
        self.dice.setIconSize(QSize(16, 16))
        self.dice.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.dice.clicked.connect(self.roll)
        self.random_box.toggled.connect(self._on_random_toggled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.box, 1)
        row.addWidget(self.dice)
        row.addWidget(self.random_box)
        fixed = _as_int(spec.default)
        if fixed is not None and fixed >= 0:
            self.box.setValue(fixed)
            self.random_box.setChecked(False)
            self._on_random_toggled(False)
        else:
            self.box.setValue(self._draw())
            self.random_box.setChecked(True)

    @property
    def is_random(self) -> bool:
        """True when every run draws a new seed."""
        return self.random_box.isChecked()

    def value(self) -> Any:
        """The seed shown (the one the next run sends when fixed)."""
        return self.box.value()

    def resolve(self) -> int:
        """The seed for a run starting now: a fresh one when random (and shown)."""
        if self.is_random:
            self.box.setValue(self._draw())
        return self.box.value()

    def set_value(self, value: Any) -> bool:
        """Fix the seed to ``value``."""
        number = _as_int(value)
        if number is None:
            return False
        self.random_box.setChecked(False)
        self.box.setValue(number)
        return True

    def roll(self) -> None:
        """Draw a new seed and keep it fixed."""
        self.random_box.setChecked(False)
        self.box.setValue(self._draw())

    def _draw(self) -> int:
        return self.box.minimum() + secrets.randbelow(self.box.maximum() - self.box.minimum() + 1)

    def _on_random_toggled(self, random: bool) -> None:
        self.box.setReadOnly(random)
        self.box.setButtonSymbols(
            QSpinBox.ButtonSymbols.NoButtons if random else QSpinBox.ButtonSymbols.UpDownArrows
        )


ParamEditor = ChoiceEditor | IntEditor | TextEditor | SizeEditor | SeedEditor


def make_editor(spec: ParamSpec, parent: QWidget, *, max_n: int = 0) -> ParamEditor:
    """The editor for ``spec`` (``n`` is capped at the model's ``max_n``)."""
    editor: ParamEditor
    if spec.kind == "choice":
        editor = ChoiceEditor(spec, parent)
    elif spec.kind == "int":
        editor = IntEditor(spec, parent, cap=max_n if spec.name == "n" else 0)
    elif spec.kind == "size":
        editor = SizeEditor(spec, parent)
    elif spec.kind == "seed":
        editor = SeedEditor(spec, parent)
    else:
        editor = TextEditor(spec, parent)
    if not isinstance(editor, SeedEditor):
        editor.setObjectName(f"param_{spec.name}")
        editor.setAccessibleName(param_text(spec.label))
    editor.setToolTip(
        QCoreApplication.translate("ImageParams", "Sent to the relay as “{name}”").format(
            name=spec.name
        )
    )
    return editor
