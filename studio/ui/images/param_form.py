"""The parameter form: the controls for exactly the parameters the chosen model takes.

Rebuilt whenever the model changes; values of parameters that both models share carry over.
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
        self._editors: dict[str, ParamEditor] = {}
        self._labels: dict[str, QLabel] = {}
        self._memory: dict[str, Any] = {}
        self._spec: ImageModelSpec | None = None

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
        if not carry:
            self._memory.clear()
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._editors.clear()
        self._labels.clear()
        self._spec = spec
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
        self._sync_dependencies()
        self.changed.emit()

    def values(self, *, resolve: bool = False) -> dict[str, Any]:
        """The values to send (parameters left to the relay are left out).

        With ``resolve``, random seeds are drawn now (and shown), as for a run that starts.
        """
        found: dict[str, Any] = {}
        for name, editor in self._editors.items():
            value = editor.resolve() if resolve and isinstance(editor, SeedEditor) else None
            if value is None:
                value = editor.value()
            if value is not None:
                found[name] = value
        return found

    def set_values(self, params: Mapping[str, Any]) -> list[str]:
        """Fill in ``params``; returns the names that have no editor or did not fit."""
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
