"""The Edit page's request form: model, what it can do, its parameters, the prompt, Apply.

Only the parameters the model's edit takes are shown (and so sent). Before anything is paid
for, the panel says how the model treats a mask ("follows the mask", "treats it as a hint",
"takes no mask") and, when it does not follow it exactly, that Studio keeps the outside by
pasting the original back. While a round runs it shows what it does, the time taken and a
Cancel button.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.config.image_models import ImageModelSpec, spec_for
from studio.ui.images.model_labels import model_label
from studio.ui.images.param_form import ParameterForm
from studio.ui.images.prompt_box import PromptEdit


def edit_form_spec(spec: ImageModelSpec) -> ImageModelSpec:
    """``spec`` with only the parameters its edit takes (``n`` only when the edit takes it)."""
    edit = spec.edit
    if edit is None:
        return dataclasses.replace(spec, params=())
    params = spec.edit_params
    max_n = spec.max_n if "n" in edit.params else 1
    return dataclasses.replace(spec, params=tuple(params), max_n=max_n)


class RoundPanel(QWidget):
    """Model picker (``editModelPicker``), parameters, prompt (``editPrompt``), keep-outside
    (``keepOutsideMaskCheck``) and Apply (``applyEditButton``).

    Signals:
        model_changed(str), params_changed(), prompt_changed(str), keep_outside_changed(bool),
        feather_changed(float), apply_requested(), cancel_requested().
    """

    model_changed = Signal(str)
    params_changed = Signal()
    prompt_changed = Signal(str)
    keep_outside_changed = Signal(bool)
    feather_changed = Signal(float)
    apply_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, specs: Sequence[ImageModelSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editRoundPanel")
        self._specs = [spec for spec in specs if spec.edit is not None]
        self._loading = False
        self._started = 0.0

        self.model_picker = QComboBox(self)
        self.model_picker.setObjectName("editModelPicker")
        self.model_picker.setAccessibleName(self.tr("Edit model"))
        for spec in self._specs:
            self.model_picker.addItem(model_label(spec), spec.id)
        self.capability = QLabel(self)
        self.capability.setObjectName("editCapabilityNote")
        self.capability.setWordWrap(True)
        self.capability.setTextFormat(Qt.TextFormat.PlainText)
        self.form = ParameterForm(self)
        self.form.setObjectName("editParameters")
        self.prompt = PromptEdit("editPrompt", self.tr("Describe the change"), self)
        self.prompt.setPlaceholderText(
            self.tr("What should the painted area become? (Ctrl+Enter applies)")
        )
        self.keep_outside = QCheckBox(self.tr("Keep everything outside the mask"), self)
        self.keep_outside.setObjectName("keepOutsideMaskCheck")
        self.keep_outside.setAccessibleName(self.tr("Keep everything outside the mask"))
        self.keep_outside.setToolTip(
            self.tr(
                "After the result arrives, paste the original back outside the mask, with a "
                "soft seam. The unblended result is kept too."
            )
        )
        self.feather = QDoubleSpinBox(self)
        self.feather.setObjectName("maskFeatherSpin")
        self.feather.setAccessibleName(self.tr("Seam width in pixels"))
        self.feather.setRange(0.0, 64.0)
        self.feather.setDecimals(0)
        self.feather.setSuffix(self.tr(" px"))
        self.apply_button = QPushButton(self.tr("Apply edit"), self)
        self.apply_button.setObjectName("applyEditButton")
        self.apply_button.setAccessibleName(self.tr("Apply edit"))
        self.apply_button.setDefault(True)
        self.apply_button.setToolTip(
            self.tr("Send the picture, the mask and the prompt (Ctrl+Enter)")
        )
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancelEditButton")
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.cancel_button.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("editStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sent = QLabel(self)
        self.sent.setObjectName("editSentNote")
        self.sent.setWordWrap(True)
        self.sent.setTextFormat(Qt.TextFormat.PlainText)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._activity = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        model_row = QFormLayout()
        model_row.setContentsMargins(0, 0, 0, 0)
        model_row.addRow(self.tr("Model"), self.model_picker)
        layout.addLayout(model_row)
        layout.addWidget(self.capability)
        layout.addWidget(self.form)
        layout.addWidget(self.prompt)
        keep = QHBoxLayout()
        keep.setContentsMargins(0, 0, 0, 0)
        keep.addWidget(self.keep_outside, 1)
        seam = QLabel(self.tr("Seam"), self)
        seam.setBuddy(self.feather)
        keep.addWidget(seam)
        keep.addWidget(self.feather)
        layout.addLayout(keep)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.apply_button)
        layout.addLayout(buttons)
        layout.addWidget(self.sent)

        self.model_picker.currentIndexChanged.connect(self._on_model_picked)
        self.form.changed.connect(self._on_form_changed)
        self.prompt.textChanged.connect(self._on_prompt_changed)
        self.prompt.submitted.connect(self.apply_requested)
        self.keep_outside.toggled.connect(self._on_keep_toggled)
        self.feather.valueChanged.connect(self._on_feather_changed)
        self.apply_button.clicked.connect(self.apply_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self._show_capability(self.current_spec(), mask_painted=False)

    # ---- values --------------------------------------------------------------------------

    def current_spec(self) -> ImageModelSpec:
        """The picked model's table entry."""
        return spec_for(str(self.model_picker.currentData() or ""), self._specs)

    def default_model(self, *, demo: bool) -> str:
        """The model a new session starts with: on the demo relay its edit model, else the
        first of the table (GPT Image 1)."""
        wanted = "demo-image-edit" if demo else ""
        for spec in self._specs:
            if spec.id == wanted or (not demo and not spec.id.startswith("demo")):
                return spec.id
        return self._specs[0].id if self._specs else ""

    def params(self) -> dict[str, Any]:
        """The parameters as the form holds them."""
        return self.form.values()

    def load(
        self,
        model: str,
        params: Mapping[str, Any],
        prompt: str,
        keep_outside: bool,
        feather: float,
        *,
        mask_painted: bool,
    ) -> None:
        """Show a session's draft (no change signals)."""
        self._loading = True
        try:
            index = self.model_picker.findData(model)
            if index < 0 and model:
                self.model_picker.addItem(model, model)
                index = self.model_picker.count() - 1
            self.model_picker.setCurrentIndex(max(0, index))
            spec = self.current_spec()
            self.form.set_spec(edit_form_spec(spec), carry=False)
            self.form.set_values(params)
            if self.prompt.toPlainText() != prompt:
                self.prompt.setPlainText(prompt)
            self.keep_outside.setChecked(keep_outside)
            self.feather.setValue(feather)
            self._show_capability(spec, mask_painted=mask_painted)
        finally:
            self._loading = False

    def set_mask_painted(self, painted: bool) -> None:
        """Update the notes for a mask painted or cleared."""
        self._show_capability(self.current_spec(), mask_painted=painted)

    # ---- running -------------------------------------------------------------------------

    def set_running(self, running: bool) -> None:
        """Apply ↔ Cancel, and the elapsed time while a round runs."""
        self.apply_button.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.model_picker.setEnabled(not running)
        if running:
            self._started = time.monotonic()
            self._activity = self.tr("Sending…")
            self._tick()
            self._clock.start()
        else:
            self._clock.stop()

    def set_activity(self, text: str) -> None:
        """What the running round does now."""
        self._activity = text
        self._tick()

    def set_status(self, text: str) -> None:
        """A line after the round (or a problem)."""
        self.status.setText(text)
        self.status.setToolTip(text)

    def set_sent(self, text: str) -> None:
        """What was sent in the last round."""
        self.sent.setText(text)

    def _tick(self) -> None:
        elapsed = int(time.monotonic() - self._started)
        self.status.setText(
            self.tr("{activity} {seconds} s").format(activity=self._activity, seconds=elapsed)
        )

    # ---- notes ------------------------------------------------------------------------------

    def _show_capability(self, spec: ImageModelSpec, *, mask_painted: bool) -> None:
        edit = spec.edit
        if edit is None:
            self.capability.setText(self.tr("This model cannot edit pictures."))
            return
        if edit.mask == "exact":
            mask = self.tr("Follows the mask: only the painted area changes.")
        elif edit.mask == "hint":
            mask = self.tr(
                "Treats the mask as a hint and may change the whole picture; with “Keep "
                "everything outside the mask”, Studio puts the original back outside it."
            )
        else:
            mask = self.tr(
                "Takes no mask: the prompt alone says what to change. With “Keep everything "
                "outside the mask”, Studio pastes the original back outside what you paint."
            )
        limit = self.tr("Up to {count} pictures (the base and references).").format(
            count=edit.max_images
        )
        route = self.tr(" Sent as a chat message.") if edit.route == "chat" else ""
        self.capability.setText(f"{mask} {limit}{route}")
        self.keep_outside.setEnabled(mask_painted)
        self.feather.setEnabled(mask_painted)

    # ---- slots -------------------------------------------------------------------------

    def _on_model_picked(self, _index: int) -> None:
        if self._loading:
            return
        spec = self.current_spec()
        self.form.set_spec(edit_form_spec(spec))
        self._show_capability(spec, mask_painted=self.keep_outside.isEnabled())
        self.model_changed.emit(spec.id)
        self.params_changed.emit()

    def _on_form_changed(self) -> None:
        if not self._loading:
            self.params_changed.emit()

    def _on_prompt_changed(self) -> None:
        if not self._loading:
            self.prompt_changed.emit(self.prompt.toPlainText())

    def _on_keep_toggled(self, checked: bool) -> None:
        if not self._loading:
            self.keep_outside_changed.emit(checked)

    def _on_feather_changed(self, value: float) -> None:
        if not self._loading:
            self.feather_changed.emit(value)
