"""The left side of the Images page: prompt, model, the model's parameters and Generate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.config.image_models import ImageModelSpec, spec_for
from studio.ui.images.extra_json import ExtraFieldsEditor
from studio.ui.images.icons import page_icon
from studio.ui.images.inputs import GenerationInputs
from studio.ui.images.model_labels import model_label
from studio.ui.images.param_editors import SeedEditor
from studio.ui.images.param_form import ParameterForm
from studio.ui.images.prompt_box import PromptEdit

PANEL_WIDTH = 320


def _shape(spec: ImageModelSpec) -> tuple[object, ...]:
    """What decides the form's controls (two generic specs differ only by id)."""
    return (spec.params, spec.max_n, spec.takes_negative_prompt, spec.free_extra_json)


class CreatePanel(QFrame):
    """Everything needed to start a run.

    Signals:
        generate_requested(): Generate was pressed (or Ctrl+Enter in the prompt).
    """

    generate_requested = Signal()

    def __init__(self, specs: Sequence[ImageModelSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("createPanel")
        self.setFixedWidth(PANEL_WIDTH)
        self._specs = list(specs)
        self._spec: ImageModelSpec | None = None
        self._pending_above = False
        self._form_problem_shown = False

        self.prompt = PromptEdit("imagePrompt", self.tr("Prompt"), self)
        self.prompt.setPlaceholderText(self.tr("Describe the picture you want…"))
        prompt_title = self._title(self.tr("Prompt"), self.prompt)
        prompt_hint = QLabel(self.tr("Ctrl+Enter generates · ↑ earlier prompts"), self)
        prompt_hint.setProperty("hint", True)
        self.negative = PromptEdit(
            "negativePrompt", self.tr("Negative prompt"), self, min_lines=2, max_lines=5
        )
        self.negative.setPlaceholderText(self.tr("What the picture should not show"))
        self.negative_title = self._title(self.tr("Negative prompt"), self.negative)

        self.model_picker = QComboBox(self)
        self.model_picker.setObjectName("imageModelPicker")
        self.model_picker.setAccessibleName(self.tr("Image model"))
        self.model_picker.setToolTip(
            self.tr("The model that draws; type any name your relay offers")
        )
        self.model_picker.setEditable(True)
        self.model_picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_picker.setMaxVisibleItems(20)
        self.model_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.model_picker.setMinimumContentsLength(16)
        completer = self.model_picker.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        model_title = self._title(self.tr("Model"), self.model_picker)
        self.model_note = QLabel(self)
        self.model_note.setObjectName("modelNote")
        self.model_note.setProperty("hint", True)
        self.model_note.setWordWrap(True)

        self.form = ParameterForm(self)
        self.params_title = self._title(self.tr("Parameters"), None)
        self.extra = ExtraFieldsEditor(self)

        self.generate_button = QToolButton(self)
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setText(self.tr("Generate"))
        self.generate_button.setAccessibleName(self.tr("Generate images"))
        self.generate_button.setIcon(
            page_icon("sparkle", self.palette().color(QPalette.ColorRole.HighlightedText))
        )
        self.generate_button.setIconSize(QSize(16, 16))
        self.generate_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.generate_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.generate_button.setCursor(Qt.CursorShape.PointingHandCursor)

        content = QWidget(self)
        content.setObjectName("createContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 14, 16, 14)
        column.setSpacing(6)
        column.addWidget(prompt_title)
        column.addWidget(self.prompt)
        column.addWidget(prompt_hint)
        column.addSpacing(6)
        column.addWidget(self.negative_title)
        column.addWidget(self.negative)
        column.addSpacing(6)
        column.addWidget(model_title)
        column.addWidget(self.model_picker)
        column.addWidget(self.model_note)
        column.addSpacing(8)
        column.addWidget(self.params_title)
        column.addWidget(self.form)
        column.addSpacing(8)
        column.addWidget(self.extra)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("createScroll")
        scroll.setAccessibleName(self.tr("Picture settings"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        self.problem = QLabel(self)
        self.problem.setObjectName("generateProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        bottom = QVBoxLayout()
        bottom.setContentsMargins(16, 8, 16, 14)
        bottom.setSpacing(6)
        bottom.addWidget(self.problem)
        bottom.addWidget(self.generate_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

        self.prompt.textChanged.connect(self.update_generate_state)
        self.prompt.textChanged.connect(lambda: self.show_problem(""))
        self.prompt.submitted.connect(self._on_submit)
        self.negative.submitted.connect(self._on_submit)
        self.extra.validity_changed.connect(self.update_generate_state)
        self.form.changed.connect(self.update_generate_state)
        self.generate_button.clicked.connect(self._on_submit)
        self._typed = False
        self.model_picker.currentTextChanged.connect(self._on_model_text_changed)
        line = self.model_picker.lineEdit()
        if line is not None:
            line.textEdited.connect(self._on_model_text_edited)
            line.editingFinished.connect(self._commit_model)
        self.model_picker.activated.connect(lambda _row: self._commit_model())
        self.set_specs(self._specs)

    def _title(self, text: str, buddy: QWidget | None) -> QLabel:
        label = QLabel(text, self)
        label.setProperty("sectionTitle", True)
        if buddy is not None:
            label.setBuddy(buddy)
        return label

    # -- public --------------------------------------------------------------------------

    @property
    def model(self) -> str:
        """The model id shown (picked or typed)."""
        return self.model_picker.currentText().strip()

    @property
    def spec(self) -> ImageModelSpec:
        """The spec of the model shown (a generic one for ids the table does not know)."""
        if self._spec is None:
            self._spec = spec_for(self.model, self._specs)
        return self._spec

    def set_specs(self, specs: Sequence[ImageModelSpec], current: str = "") -> None:
        """Offer ``specs`` in the picker; keep ``current`` (or what was shown)."""
        keep = current or self.model
        self._specs = list(specs)
        self.model_picker.blockSignals(True)
        self.model_picker.clear()
        for spec in self._specs:
            self.model_picker.addItem(spec.id)
            self.model_picker.setItemData(
                self.model_picker.count() - 1, model_label(spec), Qt.ItemDataRole.ToolTipRole
            )
        self.model_picker.blockSignals(False)
        index = self.model_picker.findText(keep) if keep else -1
        if index >= 0:
            self.model_picker.setCurrentIndex(index)
        elif keep:
            self.model_picker.setEditText(keep)
        elif self.model_picker.count():
            self.model_picker.setCurrentIndex(0)
        self._apply_spec(spec_for(self.model, self._specs), force=True)

    def set_model(self, model: str) -> None:
        """Show ``model`` (a known id or any other name)."""
        index = self.model_picker.findText(model)
        if index >= 0:
            self.model_picker.setCurrentIndex(index)
        else:
            self.model_picker.setEditText(model)
        self._apply_spec(spec_for(self.model, self._specs))

    def inputs(self, *, resolve: bool = True) -> GenerationInputs:
        """What Generate sends now (random seeds are drawn when ``resolve``)."""
        self._commit_model()
        spec = self.spec
        negative = self.negative.toPlainText().strip() if spec.takes_negative_prompt else ""
        extra = self.extra.text() if spec.free_extra_json and self.extra.value() else ""
        return GenerationInputs(
            model=self.model,
            prompt=self.prompt.toPlainText().strip(),
            values=self.form.values(resolve=resolve),
            negative_prompt=negative or None,
            extra_json=extra or None,
        )

    def apply(self, model: str, prompt: str, params: Mapping[str, Any]) -> None:
        """Fill in a earlier run: model, prompt and every parameter (fixed seed included)."""
        self.set_model(model)
        # From the model's defaults, so that nothing typed since (an aspect ratio the run
        # left to the relay, say) slips into the new request.
        self.form.set_spec(self.spec, carry=False)
        self.prompt.setPlainText(prompt)
        self.prompt.reset_history_position()
        rest = dict(params)
        negative = rest.pop("negative_prompt", None)
        self.negative.setPlainText(str(negative) if negative else "")
        extra = rest.pop("extra", None)
        left = self.form.set_values(rest)
        spec = self.spec
        if spec.free_extra_json:
            fields = dict(extra) if isinstance(extra, Mapping) else {}
            fields.update({k: rest[k] for k in left if k not in spec.param_names})
            self.extra.set_value(fields or None)

    def remembered(self) -> dict[str, Any]:
        """The model and the parameters shown, to start from next time: a random seed is
        left out (the next start draws its own)."""
        values = self.form.values()
        seed = self.form.editors.get("seed")
        if isinstance(seed, SeedEditor) and seed.is_random:
            values.pop("seed", None)
        return {"model": self.model, "params": values}

    def restore(self, state: Mapping[str, Any]) -> None:
        """Show a :meth:`remembered` model and its parameters (what no longer fits is
        left at the model's default)."""
        model = state.get("model")
        if not isinstance(model, str) or not model.strip():
            return
        self.set_model(model.strip())
        params = state.get("params")
        if isinstance(params, Mapping):
            self.form.set_values(params)

    def show_problem(self, message: str) -> None:
        """Say why the run could not start (empty: hide)."""
        self._form_problem_shown = False
        self.problem.setText(message)
        self.problem.setVisible(bool(message))

    def update_generate_state(self) -> None:
        """Generate is available when there is a prompt, a model, parameters the model
        accepts (a size within its rules) and valid extra fields."""
        reason = ""
        problem = self.form.problem
        if self._form_problem_shown and self.problem.text() != problem:
            self._show_form_problem(problem)  # fixed (or changed): the old sentence goes
        if problem:
            reason = problem
        elif not self.prompt.toPlainText().strip():
            reason = self.tr("Write a prompt first")
        elif not self.model:
            reason = self.tr("Choose a model first")
        elif self.spec.free_extra_json and not self.extra.is_valid:
            reason = self.tr("Fix the extra fields first: they are not a JSON object")
        self.generate_button.setEnabled(not reason)
        self.generate_button.setToolTip(reason or self.tr("Generate (Ctrl+Enter)"))

    # -- internals -----------------------------------------------------------------------

    def _on_submit(self) -> None:
        self.update_generate_state()
        if self.generate_button.isEnabled():
            self.generate_requested.emit()
        elif self.form.problem:  # say why, next to Generate too (the control may be scrolled)
            self._show_form_problem(self.form.problem)

    def _show_form_problem(self, message: str) -> None:
        self.show_problem(message)
        self._form_problem_shown = bool(message)

    def _on_model_text_edited(self, _text: str) -> None:
        self._typed = True  # textEdited comes just before currentTextChanged

    def _on_model_text_changed(self, _text: str) -> None:
        typed, self._typed = self._typed, False
        spec = spec_for(self.model, self._specs)
        if not typed:  # picked, or set by the program: follow at once
            self._apply_spec(spec)
            return
        # Typing: the form changes only when the name is a known model that takes other
        # parameters (not on every key, not for a half-typed name); the rest waits for the
        # name to be committed (Enter, leaving the field, a pick from the list).
        if self._is_known(spec) and (self._spec is None or _shape(self._spec) != _shape(spec)):
            self._apply_spec(spec, above=False)
        self.update_generate_state()

    def _commit_model(self) -> None:
        spec = spec_for(self.model, self._specs)
        if self._spec is None or self._spec.id != spec.id or self._pending_above:
            self._apply_spec(spec)

    def _is_known(self, spec: ImageModelSpec) -> bool:
        return any(s.id == spec.id for s in self._specs)

    def _apply_spec(self, spec: ImageModelSpec, *, force: bool = False, above: bool = True) -> None:
        """Show ``spec``'s controls. With ``above`` False (the name is being typed), what
        sits above the model field (the negative prompt) waits, so the field stays put."""
        previous = self._spec
        self._spec = spec
        if force or previous is None or _shape(previous) != _shape(spec):
            self.form.set_spec(spec)
            self.params_title.setVisible(bool(self.form.editors))
            self.extra.setVisible(spec.free_extra_json)
        if above:
            self.negative_title.setVisible(spec.takes_negative_prompt)
            self.negative.setVisible(spec.takes_negative_prompt)
        self._pending_above = not above and self.negative.isVisibleTo(self) != (
            spec.takes_negative_prompt
        )
        known = self._is_known(spec)
        if not self.model:
            self.model_note.setText(self.tr("Pick a model or type the name your relay uses."))
        elif known:
            self.model_note.setText(model_label(spec))
        else:
            self.model_note.setText(
                self.tr(
                    "A model Studio does not know: size, count and seed are sent, plus any "
                    "extra fields you add."
                )
            )
        self.update_generate_state()
