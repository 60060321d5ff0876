"""The provider form's first tab: name, base URL (with the resolved endpoint), key, test."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from studio.config.providers import ProviderSettings
from studio.session.settings_editor import SettingsSession, resolved_endpoint
from studio.ui.settings.key_field import ApiKeyField
from studio.ui.settings.parts import role_label, set_invalid, set_state
from studio.ui.settings.probe_panel import ProbePanel
from studio.ui.settings.provider_names import shown_name
from studio.ui.settings.validation import base_url_problem, problem_text


class ConnectionTab(QWidget):
    """Edits how to reach one relay, and tests it.

    Signals:
        edited(): a field of the provider changed (already written to it).
    """

    edited = Signal()

    def __init__(self, session: SettingsSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._provider: ProviderSettings | None = None
        self._results: dict[str, tuple[bool, str, str]] = {}
        self._kind = "test"
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("providerNameEdit")
        self.name_edit.setAccessibleName(self.tr("Provider name"))
        self.name_edit.setPlaceholderText(self.tr("My relay"))
        self.base_url_edit = QLineEdit(self)
        self.base_url_edit.setObjectName("baseUrlEdit")
        self.base_url_edit.setAccessibleName(self.tr("Base URL"))
        self.base_url_edit.setPlaceholderText("https://api.example.com/v1")
        self.endpoint_label = role_label("", "hint", self, "resolvedEndpointLabel")
        self.endpoint_label.setAccessibleName(self.tr("Resolved endpoint"))
        self.key_field = ApiKeyField(self)
        self.key_field.set_storage(session.uses_keyring, session.keyring_name, session.key_file)
        self.probe = ProbePanel(self)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Name"), self.name_edit)
        url_box = QVBoxLayout()
        url_box.setSpacing(4)
        url_box.addWidget(self.base_url_edit)
        url_box.addWidget(self.endpoint_label)
        form.addRow(self.tr("Base URL"), url_box)
        form.addRow(self.tr("API key"), self.key_field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(14)
        layout.addLayout(form)
        layout.addWidget(self.probe)
        layout.addWidget(
            role_label(
                self.tr(
                    "Test connection asks the relay for its model list (GET /v1/models) with "
                    "the settings above, saved or not; it costs nothing."
                ),
                "hint",
                self,
                "probeHint",
            )
        )
        layout.addStretch(1)

        self.name_edit.textEdited.connect(self._on_name_edit_text_edited)
        self.base_url_edit.textEdited.connect(self._on_base_url_edit_text_edited)
        self.key_field.key_edited.connect(self._on_key_field_key_edited)
        self.probe.test_requested.connect(self._on_probe_test_requested)
        self.probe.fetch_requested.connect(self._on_probe_fetch_requested)
        self.probe.cancel_requested.connect(session.cancel)
        session.busy_changed.connect(self._on_session_busy_changed)
        session.connection_tested.connect(self._on_session_connection_tested)

    def load(self, provider: ProviderSettings) -> None:
        """Show ``provider`` (edits are written into it)."""
        self._provider = provider
        self.name_edit.setText(shown_name(provider))
        self.base_url_edit.setText(provider.base_url)
        self.key_field.set_key(self._session.key(provider.id))
        self.key_field.set_needed(not provider.is_demo_preset)
        self._update_endpoint()
        if self._session.busy_provider == provider.id:
            self.probe.start(self._kind)
        else:
            self.probe.stop()
            result = self._results.get(provider.id)
            if result is None:
                self.probe.clear()
            else:
                self.probe.show_result(*result)

    def _update_endpoint(self) -> None:
        provider = self._provider
        if provider is None:
            return
        problem = base_url_problem(provider)
        url = provider.base_url.strip()
        demo_without_url = provider.is_demo_preset and not url
        set_invalid(self.base_url_edit, problem is not None and bool(url))
        if problem is not None:
            self.endpoint_label.setText(problem_text(problem))
            set_state(self.endpoint_label, "error")
            self.probe.set_can_probe(False, problem_text(problem))
        elif demo_without_url:
            self.endpoint_label.setText(
                self.tr("Built-in demo relay: runs on this computer, no address or key needed.")
            )
            set_state(self.endpoint_label, "")
            demo = self._session.demo_base_url
            self.probe.set_can_probe(
                bool(demo), self.tr("The demo relay is not running in this session.")
            )
        else:
            endpoint = resolved_endpoint(url) or url
            self.endpoint_label.setText(
                self.tr("Resolved endpoint: {endpoint}").format(endpoint=endpoint)
            )
            set_state(self.endpoint_label, "ok")
            self.probe.set_can_probe(True)

    def _on_name_edit_text_edited(self, text: str) -> None:
        if self._provider is not None:
            self._provider.name = text.strip()
            self.edited.emit()

    def _on_base_url_edit_text_edited(self, text: str) -> None:
        if self._provider is not None:
            self._provider.base_url = text.strip()
            self._results.pop(self._provider.id, None)
            self.probe.clear()
            self._update_endpoint()
            self.edited.emit()

    def _on_key_field_key_edited(self, _text: str) -> None:
        if self._provider is not None:
            self._session.set_key(self._provider.id, self.key_field.key)
            self.edited.emit()

    def _on_probe_test_requested(self) -> None:
        if self._provider is not None:
            self._kind = "test"
            self._session.test_connection(self._provider, self.key_field.key)

    def _on_probe_fetch_requested(self) -> None:
        if self._provider is not None:
            self._kind = "fetch"
            self._session.fetch_models(self._provider, self.key_field.key)

    def _on_session_busy_changed(self, provider_id: str, busy: bool) -> None:
        if self._provider is None or provider_id != self._provider.id:
            return
        if busy:
            self.probe.start(self._kind)
        else:
            self.probe.stop()

    def _on_session_connection_tested(
        self, provider_id: str, ok: bool, message: str, _models: list[str]
    ) -> None:
        details = "" if ok else self._session.last_details
        self._results[provider_id] = (ok, message, details)
        if self._provider is not None and provider_id == self._provider.id:
            self.probe.show_result(ok, message, details)
