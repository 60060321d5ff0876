"""Everything about one provider, in four tabs: connection, models, network, headers."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from studio.config.providers import ProviderSettings
from studio.session.settings_editor import SettingsSession
from studio.ui.settings.connection_tab import ConnectionTab
from studio.ui.settings.headers_table import HeadersTable
from studio.ui.settings.models_tab import ModelsTab
from studio.ui.settings.network_tab import NetworkTab


class ProviderForm(QWidget):
    """Edits the provider given to :meth:`load`, in place.

    Signals:
        edited(): something changed (the dialog re-checks what can be saved).
        name_edited(str): the provider's name changed.
    """

    edited = Signal()
    name_edited = Signal(str)

    def __init__(self, session: SettingsSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._provider: ProviderSettings | None = None
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("providerTabs")
        self.tabs.setAccessibleName(self.tr("Provider settings"))
        self.tabs.setDocumentMode(True)
        self.connection = ConnectionTab(session, self.tabs)
        self.models = ModelsTab(session, self.tabs)
        self.network = NetworkTab(self.tabs)
        headers_page = QWidget(self.tabs)
        self.headers = HeadersTable(headers_page)
        headers_layout = QVBoxLayout(headers_page)
        headers_layout.setContentsMargins(16, 16, 16, 16)
        headers_layout.addWidget(self.headers)
        self.tabs.addTab(self.connection, self.tr("Connection"))
        self.tabs.addTab(self.models, self.tr("Models"))
        self.tabs.addTab(self.network, self.tr("Network"))
        self.tabs.addTab(headers_page, self.tr("Headers"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        for tab in (self.connection, self.models, self.network):
            tab.edited.connect(self.edited)
        self.connection.name_edit.textEdited.connect(self._on_name_edited)
        self.headers.headers_changed.connect(self._on_headers_changed)
        session.models_fetched.connect(self._on_session_models_fetched)

    @property
    def provider(self) -> ProviderSettings | None:
        """The provider shown."""
        return self._provider

    def load(self, provider: ProviderSettings) -> None:
        """Show and edit ``provider``."""
        self._provider = provider
        self.connection.load(provider)
        self.models.load(provider)
        self.network.load(provider)
        self.headers.set_headers(dict(provider.extra_headers))

    def _on_name_edited(self, _text: str) -> None:
        if self._provider is not None:
            self.name_edited.emit(self._provider.name)

    def _on_headers_changed(self, headers: dict[str, str]) -> None:
        if self._provider is not None:
            self._provider.extra_headers = dict(headers)
            self.edited.emit()

    def _on_session_models_fetched(self, provider_id: str, models: list[str]) -> None:
        provider = self._provider
        if provider is not None and provider.id == provider_id:
            self.models.show_models(list(models), provider.default_model)
