"""The conversation's settings panel: system prompt, sampling parameters, extra body, JSON output.

Edits reach the :class:`ChatOptions` about 400 ms after the last change (or at once
when a field is left or Enter is pressed), and only when they are valid: a parameter the user
has not switched on is left to the model, broken JSON never leaves the panel, and a status
line says "Saved" or what is wrong.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QWidget,
)

from studio.session.chat import ChatOptions, ChatSettings, OutputMode
from studio.ui.chat.panel_parts import (
    JsonEdit,
    build_shell,
    button,
    card,
    grow_with_text,
    label,
    named,
    text_box,
)
from studio.ui.chat.param_row import SEED_HIGH, SEED_LOW, ParamRow, ParamSpec
from studio.ui.chat.schema_editor import SchemaEditor

APPLY_DELAY_MS = 400

PARAMS: tuple[ParamSpec, ...] = (
    ("temperature", "float", 0.0, 2.0, 0.05, 1.0),
    ("top_p", "float", 0.0, 1.0, 0.05, 1.0),
    ("max_tokens", "int", 1, 10_000_000, 256, 1024),
    ("presence_penalty", "float", -2.0, 2.0, 0.1, 0.0),
    ("frequency_penalty", "float", -2.0, 2.0, 0.1, 0.0),
    ("seed", "seed", SEED_LOW, SEED_HIGH, 1, 1),
)
OUTPUT_MODES: tuple[OutputMode, ...] = ("off", "json_object", "json_schema")


class ParamsPanel(QWidget):
    """The settings of one chat (stored, new, or an assistant's); :meth:`bind` chooses which
    (None: disabled)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paramsPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._session: ChatOptions | None = None
        self._seen: ChatSettings | None = None
        self._loading = False
        self._applying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(APPLY_DELAY_MS)
        self._timer.timeout.connect(self.apply_now)

        self.shell = build_shell(
            self,
            "params",
            self.tr("Open a conversation to change its settings."),
            self.tr("Conversation settings"),
        )
        self.scroll_area, self.status = self.shell.scroll_area, self.shell.status
        self.unbound_hint = self.shell.unbound_hint
        content = self.shell.content
        self.shell.body.addWidget(self._build_prompt_card(content))
        self.shell.body.addWidget(self._build_params_card(content))
        self.shell.body.addWidget(self._build_extra_card(content))
        self.shell.body.addWidget(self._build_output_card(content))
        self.shell.body.addStretch(1)
        self.reset_button = button(
            self,
            "resetParamsButton",
            self.tr("Reset to defaults"),
            self.tr("Reset the parameters to the defaults"),
        )
        self.reset_button.setToolTip(
            self.tr(
                "Leave every parameter to the model, clear the extra body and turn structured "
                "output off. The system prompt is kept."
            )
        )
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        self.shell.footer.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignTop)
        self.shell.fit_width()
        self.bind(None)

    # ---- building ------------------------------------------------------------------------

    def _build_prompt_card(self, parent: QWidget) -> QFrame:
        frame, layout = card(parent, "systemPromptCard")
        title = label(self.tr("System prompt"), frame, role="sectionTitle")
        self.system_prompt_edit = text_box(
            frame,
            "systemPromptEdit",
            self.tr("System prompt"),
            self.tr("For example: You are a concise assistant. Answer in Chinese."),
        )
        grow_with_text(self.system_prompt_edit, 3, 16)
        self.system_prompt_edit.installEventFilter(self)
        self.system_prompt_edit.textChanged.connect(self._on_system_prompt_edit_text_changed)
        title.setBuddy(self.system_prompt_edit)
        layout.addWidget(title)
        layout.addWidget(self.system_prompt_edit)
        return frame

    def _build_params_card(self, parent: QWidget) -> QFrame:
        frame, layout = card(parent, "samplingCard")
        layout.addWidget(label(self.tr("Parameters"), frame, role="sectionTitle"))
        layout.addWidget(
            label(self.tr("Switched-off parameters are left to the model."), frame, role="hint")
        )
        texts = self._param_texts()
        self.rows: dict[str, ParamRow] = {}
        for spec in PARAMS:
            title, tip = texts[spec[0]]
            row = ParamRow(spec, title, tip, frame)
            row.edited.connect(self._on_row_edited)
            row.committed.connect(self.apply_now)
            self.rows[spec[0]] = row
            layout.addWidget(row)
        return frame

    def _param_texts(self) -> dict[str, tuple[str, str]]:
        return {
            "temperature": (
                self.tr("Temperature"),
                self.tr("Higher values give more varied answers, lower values more focused ones."),
            ),
            "top_p": (
                self.tr("Top P"),
                self.tr("Sample only from the most likely words that add up to this share."),
            ),
            "max_tokens": (
                self.tr("Max tokens"),
                self.tr("The longest answer, in tokens; a longer one is cut off."),
            ),
            "presence_penalty": (
                self.tr("Presence penalty"),
                self.tr("Positive values push the model towards new topics."),
            ),
            "frequency_penalty": (
                self.tr("Frequency penalty"),
                self.tr("Positive values make the model repeat itself less."),
            ),
            "seed": (
                self.tr("Seed"),
                self.tr("The same seed and settings give similar answers, where supported."),
            ),
        }

    def _build_extra_card(self, parent: QWidget) -> QFrame:
        frame, layout = card(parent, "extraBodyCard")
        title = label(self.tr("Extra body (JSON)"), frame, role="sectionTitle")
        self.extra_body = JsonEdit(
            "extraBodyEdit", self.tr("Extra body as a JSON object"), frame, lines=3
        )
        self.extra_body.edit.setPlaceholderText('{"enable_thinking": true}')
        self.extra_body_edit = self.extra_body.edit
        self.extra_body.edited.connect(self._on_extra_body_edited)
        self.extra_body.editing_finished.connect(self.apply_now)
        title.setBuddy(self.extra_body_edit)
        layout.addWidget(title)
        layout.addWidget(
            label(
                self.tr("Fields added to the request as they are, for relay-specific options."),
                frame,
                role="hint",
            )
        )
        layout.addWidget(self.extra_body)
        return frame

    def _build_output_card(self, parent: QWidget) -> QFrame:
        frame, layout = card(parent, "outputCard")
        title = label(self.tr("Structured output"), frame, role="sectionTitle")
        self.output_mode_combo = named(
            QComboBox(frame), "outputModeCombo", self.tr("Structured output mode")
        )
        texts = (self.tr("Off"), self.tr("JSON object"), self.tr("JSON schema"))
        for mode, text in zip(OUTPUT_MODES, texts, strict=True):
            self.output_mode_combo.addItem(text, mode)
        self.output_mode_combo.currentIndexChanged.connect(self._on_output_mode_changed)
        title.setBuddy(self.output_mode_combo)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(title, 1)
        row.addWidget(self.output_mode_combo)
        self.mode_hint = label("", frame, role="hint", name="outputModeHint")
        self.fallback_hint = label(
            self.tr(
                "This relay refused JSON schema mode, so the schema is sent in the system "
                "prompt instead."
            ),
            frame,
            role="hint",
            name="schemaFallbackHint",
        )
        self.schema_editor = SchemaEditor(frame)
        self.schema_editor.changed.connect(self._on_schema_editor_changed)
        self.schema_editor.committed.connect(self._on_schema_editor_committed)
        layout.addLayout(row)
        layout.addWidget(self.mode_hint)
        layout.addWidget(self.fallback_hint)
        layout.addWidget(self.schema_editor)
        return frame

    # ---- public --------------------------------------------------------------------------

    @property
    def session(self) -> ChatOptions | None:
        """The conversation shown, if any."""
        return self._session

    @property
    def pending(self) -> bool:
        """True while edits wait for the short delay before they are applied."""
        return self._timer.isActive()

    def bind(self, session: ChatOptions | None) -> None:
        """Show and edit ``session``'s settings (None: nothing to edit; the panel is disabled).

        Edits still waiting for the delay go to the previous conversation first.
        """
        if session is self._session and session is not None:
            return
        if self._timer.isActive():
            self.apply_now()
        old = self._session
        if old is not None:
            old.settings_changed.disconnect(self._on_session_settings_changed)
            old.destroyed.disconnect(self._on_session_destroyed)
        self._session = session
        self.status.clear_status()
        if session is not None:
            session.settings_changed.connect(self._on_session_settings_changed)
            session.destroyed.connect(self._on_session_destroyed)
            self._load(session.settings)
        else:
            self._load(None)
        self._set_bound(session is not None)

    def apply_now(self) -> None:
        """Apply the valid edits at once (normally done after a short pause in typing)."""
        self._timer.stop()
        session = self._session
        if session is None or self._loading:
            return
        errors: list[str] = []
        changed = False
        self._applying = True
        try:
            settings = session.settings
            prompt = self.system_prompt_edit.toPlainText()
            if prompt != settings.system_prompt:
                session.set_system_prompt(prompt)
                changed = True
            changed |= self._apply_params(session, settings, errors)
            changed |= self._apply_output(session, settings, errors)
        finally:
            self._applying = False
        self._seen = session.settings
        if errors:
            self.status.show_error("\n".join(errors))
        elif changed:
            self.status.show_saved()
        elif self.status.state == "error":
            self.status.clear_status()
        self._update_output_hints()

    # ---- applying ------------------------------------------------------------------------

    def _apply_params(
        self, session: ChatOptions, settings: ChatSettings, errors: list[str]
    ) -> bool:
        params: dict[str, Any] = {}
        for name, row in self.rows.items():
            problem = row.error()
            if problem:
                errors.append(problem)
                value = settings.params.get(name)
            else:
                value = row.value()
            if value is not None:
                params[name] = value
        extra = self.extra_body.value()
        if extra is None:
            errors.append(
                self.tr("Extra body not saved: {error}").format(error=self.extra_body.error)
            )
        elif extra != dict(settings.extra_body):
            params["extra_body"] = extra
        if params == dict(settings.params):
            return False
        try:
            session.set_params(params)
        except ValueError as exc:
            errors.append(str(exc))
            return False
        return True

    def _apply_output(
        self, session: ChatOptions, settings: ChatSettings, errors: list[str]
    ) -> bool:
        mode = self._mode()
        schema = self.schema_editor.schema()
        name = self.schema_editor.schema_name()
        if mode == "json_schema" and schema is None:
            errors.append(self.schema_editor.error())
            return False
        old = settings.output
        if schema is None:  # kept while the schema is not used and being edited
            schema, name = (dict(old.schema) if old.schema else None), old.schema_name
        if (mode, schema, name) == (
            old.mode,
            dict(old.schema) if old.schema is not None else None,
            old.schema_name,
        ):
            return False
        try:
            session.set_output_mode(mode, schema, schema_name=name)
        except ValueError as exc:
            errors.append(str(exc))
            return False
        return True

    def _schedule(self) -> None:
        if self._loading or self._session is None:
            return
        self._timer.start()

    # ---- loading -------------------------------------------------------------------------

    def _load(self, settings: ChatSettings | None, previous: ChatSettings | None = None) -> None:
        """Show ``settings``; with ``previous``, only the parts that differ from it.

        Parts the user is editing are thus left alone when something else changed (the model,
        or the json_object fallback).
        """
        self._seen = settings
        blank = ChatSettings(model="")
        new = settings or blank

        def differs(part: str) -> bool:
            return previous is None or getattr(previous, part) != getattr(new, part)

        self._loading = True
        try:
            if differs("system_prompt") and self.system_prompt_edit.toPlainText() != (
                new.system_prompt
            ):
                self.system_prompt_edit.setPlainText(new.system_prompt)
            if differs("params"):
                for name, row in self.rows.items():
                    row.set_value(new.params.get(name))
            extra = dict(new.extra_body)
            if differs("extra_body") and self.extra_body.value() != extra:
                self.extra_body.set_value(extra)
            if differs("output"):
                self._load_output(new, reset=previous is None)
        finally:
            self._loading = False
        self._update_output_hints()

    def _load_output(self, settings: ChatSettings, *, reset: bool) -> None:
        output = settings.output
        self.output_mode_combo.setCurrentIndex(OUTPUT_MODES.index(output.mode))
        schema = dict(output.schema) if output.schema is not None else None
        editor = self.schema_editor
        if reset or editor.schema() != schema or editor.schema_name() != output.schema_name:
            editor.set_schema(schema, output.schema_name)

    def _set_bound(self, bound: bool) -> None:
        self.shell.set_bound(bound)
        self.reset_button.setEnabled(bound)

    def _mode(self) -> OutputMode:
        mode = self.output_mode_combo.currentData()
        return mode if mode in OUTPUT_MODES else "off"

    def _update_output_hints(self) -> None:
        mode = self._mode()
        hints = {
            "off": self.tr("The model answers in free text."),
            "json_object": self.tr(
                "The model replies with one JSON object; describe the fields you want in the "
                "system prompt."
            ),
            "json_schema": self.tr(
                "The answer must match this schema; Studio checks it when it arrives."
            ),
        }
        self.mode_hint.setText(hints[mode])
        self.schema_editor.setVisible(mode == "json_schema")
        session = self._session
        fallback = (
            session is not None
            and mode == "json_schema"
            and session.settings.output.mode == "json_schema"
            and session.settings.output.schema_in_prompt
        )
        self.fallback_hint.setVisible(fallback)

    # ---- events --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Apply the system prompt when the user leaves it."""
        if (
            watched is self.system_prompt_edit
            and event.type() == QEvent.Type.FocusOut
            and self._timer.isActive()
        ):
            self.apply_now()
        return super().eventFilter(watched, event)

    def _on_system_prompt_edit_text_changed(self) -> None:
        self._schedule()

    def _on_row_edited(self) -> None:
        row = self.sender()
        if isinstance(row, ParamRow) and row.error():
            self.status.show_error(row.error())
        self._schedule()

    def _on_extra_body_edited(self) -> None:
        if self.extra_body.error:
            self.status.show_error(
                self.tr("Extra body not saved: {error}").format(error=self.extra_body.error)
            )
        self._schedule()

    def _on_output_mode_changed(self, _index: int) -> None:
        self._update_output_hints()
        if not self._loading:
            self.apply_now()

    def _on_schema_editor_changed(self) -> None:
        if self._mode() == "json_schema" and self.schema_editor.error():
            self.status.show_error(self.schema_editor.error())
        self._schedule()

    def _on_schema_editor_committed(self) -> None:
        if not self._loading:
            self.apply_now()

    def _on_reset_button_clicked(self) -> None:
        self._loading = True
        try:
            for row in self.rows.values():
                row.set_value(None)
            self.extra_body.set_value({})
            self.output_mode_combo.setCurrentIndex(0)
        finally:
            self._loading = False
        self.apply_now()

    def _on_session_settings_changed(self) -> None:
        if self._applying or self._session is None:
            return
        self._load(self._session.settings, self._seen)

    def _on_session_destroyed(self, _obj: QObject | None = None) -> None:
        self._session = None
        self._timer.stop()
        self._load(None)
        self._set_bound(False)
