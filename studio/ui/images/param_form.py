"""The parameter form: the controls for exactly the parameters the chosen model takes.

Rebuilt whenever the model changes; values of parameters that both models share carry over.
A model that takes a size or an aspect ratio gets a choice of the two (:mod:`shape_choice`):
one editor is shown, and only its value is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from studio.config.image_models import ImageModelSpec, ParamSpec
from studio.ui.images.param_editors import (
    QT_TRANSLATE_NOOP,
    ChoiceEditor,
    IntEditor,
    ParamEditor,
    SeedEditor,
    SizeEditor,
    TextEditor,
    make_editor,
    param_text,
)
from studio.ui.images.shape_choice import SHAPES, Shape, ShapeChoice, takes_both

N_LABEL = QT_TRANSLATE_NOOP("ImageParams", "Number of images")


def shown_params(spec: ImageModelSpec) -> tuple[ParamSpec, ...]:
    """The parameters shown for ``spec``: its own, plus ``n`` when it makes several."""
    params = spec.params
    if spec.max_n > 1 and not any(p.name == "n" for p in params):
        n = ParamSpec(name="n", kind="int", label=N_LABEL, default=1, minimum=1, maximum=spec.max_n)
        params = (*params, n)
    return params


class ParameterForm(QWidget):
    """Editors for the parameters of one :class:`ImageModelSpec`.

    Signals:
        changed(): a value changed (or the form was rebuilt).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("parameterForm")
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setHorizontalSpacing(10)
        self._layout.setVerticalSpacing(8)
        self._layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # A field that cannot fit beside the labels (a whole seed) goes under its label.
        self._layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._editors: dict[str, ParamEditor] = {}
        self._labels: dict[str, QLabel] = {}
        self._memory: dict[str, Any] = {}
        self._spec: ImageModelSpec | None = None
        self.shape_choice: ShapeChoice | None = None
        self._shape_memory: Shape = "size"

    @property
    def spec(self) -> ImageModelSpec | None:
        """The model whose parameters are shown."""
        return self._spec

    @property
    def editors(self) -> dict[str, ParamEditor]:
        """Parameter name → its editor, in form order."""
        return dict(self._editors)

    @property
    def problem(self) -> str:
        """Why the values cannot be sent (the first control that says so; "" when they can)."""
        for editor in self._editors.values():
            if isinstance(editor, SizeEditor) and editor.problem:
                return editor.problem
        return ""

    def label_for(self, name: str) -> QLabel | None:
        """The label of parameter ``name`` (None if not shown)."""
        return self._labels.get(name)

    def set_spec(self, spec: ImageModelSpec, *, carry: bool = True) -> None:
        """Show the parameters of ``spec``; shared values carry over unless ``carry`` is
        False (then every control starts from the model's default)."""
        for name, editor in self._editors.items():
            self._memory[name] = editor.value()
        if self.shape_choice is not None:
            self._shape_memory = self.shape_choice.shape
        if not carry:
            self._memory.clear()
            self._shape_memory = "size"
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._editors.clear()
        self._labels.clear()
        self.shape_choice = None
        self._spec = spec
        if takes_both(spec):
            self.shape_choice = ShapeChoice(self)
            label = QLabel(self.tr("Shape"), self)
            label.setObjectName("param_shape_label")
            self._layout.addRow(label, self.shape_choice)
            label.show()
            self.shape_choice.show()
        for param in shown_params(spec):
            editor = make_editor(param, self, max_n=spec.max_n)
            remembered = self._memory.get(param.name)
            if remembered is not None and not isinstance(editor, SeedEditor):
                editor.set_value(remembered)
            label = QLabel(param_text(param.label), self)
            label.setObjectName(f"param_{param.name}_label")
            label.setBuddy(editor.box if isinstance(editor, SeedEditor) else editor)
            if isinstance(editor, SizeEditor):
                self._layout.addRow(label)
                self._layout.addRow(editor)
            else:
                self._layout.addRow(label, editor)
            # Shown now, not at the next event loop pass (which Qt does for late children).
            label.show()
            editor.show()
            self._connect(editor)
            self._editors[param.name] = editor
            self._labels[param.name] = label
        if self.shape_choice is not None:
            self.shape_choice.set_shape(self._shape_memory)
            self.shape_choice.chosen.connect(self._on_shape_chosen)
            self._show_shape()
        self._sync_dependencies()
        self.changed.emit()

    @property
    def shape(self) -> Shape | None:
        """``size`` or ``aspect_ratio`` for a model that takes either, else None."""
        return self.shape_choice.shape if self.shape_choice is not None else None

    def _choose_shape(self, shape: Shape) -> None:
        if self.shape_choice is not None and self.shape_choice.shape != shape:
            self.shape_choice.set_shape(shape)

    def _on_shape_chosen(self, _shape: str) -> None:
        self._show_shape()
        self.changed.emit()

    def _show_shape(self) -> None:
        shape = self.shape
        for name in SHAPES:
            visible = shape is None or name == shape
            editor = self._editors.get(name)
            label = self._labels.get(name)
            for widget in (label, editor):
                if widget is not None:
                    self._layout.setRowVisible(widget, visible)

    def _sent(self, name: str) -> bool:
        shape = self.shape
        return shape is None or name not in SHAPES or name == shape

    def values(self, *, resolve: bool = False) -> dict[str, Any]:
        """The values to send (parameters left to the relay are left out).

        With ``resolve``, random seeds are drawn now (and shown), as for a run that starts.
        """
        found: dict[str, Any] = {}
        for name, editor in self._editors.items():
            if not self._sent(name):
                continue
            value = editor.resolve() if resolve and isinstance(editor, SeedEditor) else None
            if value is None:
                value = editor.value()
            if value is not None:
                found[name] = value
        return found

    def set_values(self, params: Mapping[str, Any]) -> list[str]:
        """Fill in ``params``; returns the names that have no editor or did not fit.

        Of a size and an aspect ratio, the one in ``params`` becomes the shape (the size when
        both are)."""
        if "size" in params:
            self._choose_shape("size")
        elif "aspect_ratio" in params:
            self._choose_shape("aspect_ratio")
        left: list[str] = []
        for name, value in params.items():
            editor = self._editors.get(name)
            if editor is None or not editor.set_value(value):
                left.append(name)
        return left

    def _sync_dependencies(self) -> None:
        # PNG has no compression level: the relay ignores it (and it is not sent).
        compression = self._editors.get("output_compression")
        output = self._editors.get("output_format")
        if compression is not None and output is not None:
            usable = output.value() in ("jpeg", "webp")
            compression.setEnabled(usable)
            label = self._labels.get("output_compression")
            if label is not None:
                label.setEnabled(usable)

    def _connect(self, editor: ParamEditor) -> None:
        if isinstance(editor, ChoiceEditor):
            editor.currentIndexChanged.connect(self.changed)
            editor.currentIndexChanged.connect(self._sync_dependencies)
        elif isinstance(editor, IntEditor):
            editor.valueChanged.connect(self.changed)
        elif isinstance(editor, TextEditor):
            editor.textChanged.connect(self.changed)
        elif isinstance(editor, SizeEditor):
            editor.changed.connect(self.changed)
        else:
            editor.box.valueChanged.connect(self.changed)
            editor.random_box.toggled.connect(self.changed)
