"""The Providers page: the list of relays (add, duplicate, remove, use) and the form."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPalette, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.config.providers import PRESETS, ProviderSettings
from studio.session.settings_editor import SettingsSession
from studio.ui.settings.parts import role_label
from studio.ui.settings.provider_form import ProviderForm
from studio.ui.settings.provider_names import preset_name, shown_name

LIST_WIDTH = 250
DOT_SIZE = 10


def dot_icon(color: QColor) -> QIcon:
    """A small filled circle (the mark of the provider in use)."""
    pixmap = QPixmap(DOT_SIZE, DOT_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(1, 1, DOT_SIZE - 2, DOT_SIZE - 2)
    painter.end()
    return QIcon(pixmap)


class ProvidersPage(QWidget):
    """Lists the providers on the left and edits the selected one on the right.

    Signals:
        edited(): the providers changed (the dialog re-checks what can be saved).
    """

    edited = Signal()

    def __init__(self, session: SettingsSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.provider_list = QListWidget(self)
        self.provider_list.setObjectName("providerList")
        self.provider_list.setAccessibleName(self.tr("Providers"))
        self.provider_list.setIconSize(QSize(DOT_SIZE, DOT_SIZE))
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        self._active_icon = dot_icon(accent)
        self._blank_icon = dot_icon(QColor(Qt.GlobalColor.transparent))
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setObjectName("addProviderButton")
        self.add_button.setAccessibleName(self.tr("Add a provider"))
        self.add_button.setToolTip(self.tr("Add a provider from a preset or a custom one"))
        self.add_menu = QMenu(self.add_button)
        self.add_menu.setObjectName("addProviderMenu")
        for item in PRESETS:
            action = QAction(preset_name(item), self.add_menu)
            action.setObjectName(f"addPreset_{item.id}")
            action.triggered.connect(lambda _=False, pid=item.id: self.add_provider(pid))
            self.add_menu.addAction(action)
        self.add_menu.addSeparator()
        custom = QAction(self.tr("Custom provider…"), self.add_menu)
        custom.setObjectName("addCustomProviderAction")
        custom.triggered.connect(lambda _=False: self.add_provider(None))
        self.add_menu.addAction(custom)
        self.add_button.setMenu(self.add_menu)
        self.duplicate_button = self._button(
            "duplicateProviderButton", self.tr("Duplicate"), self.tr("Duplicate the provider")
        )
        self.remove_button = self._button(
            "removeProviderButton", self.tr("Remove"), self.tr("Remove the provider")
        )
        self.active_button = self._button(
            "setActiveProviderButton",
            self.tr("Use this provider"),
            self.tr("Make this the provider Studio talks to"),
        )
        self.form = ProviderForm(session, self)

        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(6)
        buttons.addWidget(self.add_button, 0, 0)
        buttons.addWidget(self.duplicate_button, 0, 1)
        buttons.addWidget(self.remove_button, 0, 2)
        buttons.addWidget(self.active_button, 1, 0, 1, 3)
        left_panel = QWidget(self)
        left_panel.setFixedWidth(LIST_WIDTH)
        left = QVBoxLayout(left_panel)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(8)
        left.addWidget(role_label(self.tr("Providers"), "section", self))
        left.addWidget(self.provider_list, 1)
        active_hint = role_label("", "hint", self, "activeHint")
        active_hint.setTextFormat(Qt.TextFormat.RichText)
        active_hint.setText(
            f'<span style="color:{accent.name()}">●</span> '
            + html.escape(self.tr("marks the provider Studio uses."))
        )
        left.addWidget(active_hint)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addWidget(left_panel)
        layout.addWidget(self.form, 1)

        self.provider_list.currentRowChanged.connect(self._on_provider_list_row_changed)
        self.duplicate_button.clicked.connect(self._on_duplicate_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.active_button.clicked.connect(self._on_active_clicked)
        self.form.edited.connect(self.edited)
        self.form.name_edited.connect(self._on_form_name_edited)
        self._confirm: QMessageBox | None = None
        self.reload()

    # -- public ------------------------------------------------------------------------------

    @property
    def current(self) -> ProviderSettings | None:
        """The provider selected in the list."""
        row = self.provider_list.currentRow()
        providers = self._session.settings.providers
        return providers[row] if 0 <= row < len(providers) else None

    def reload(self, select_id: str = "") -> None:
        """Rebuild the list from the session; select ``select_id`` (else the active one)."""
        settings = self._session.settings
        wanted = select_id or (self.current.id if self.current else settings.active().id)
        self.provider_list.blockSignals(True)
        self.provider_list.clear()
        for _provider in settings.providers:
            self.provider_list.addItem(QListWidgetItem())
        self.provider_list.blockSignals(False)
        self._refresh_items()
        ids = [p.id for p in settings.providers]
        row = ids.index(wanted) if wanted in ids else 0
        self.provider_list.setCurrentRow(row)
        self._on_provider_list_row_changed(row)

    def select(self, provider_id: str) -> None:
        """Select and show the provider with this id."""
        ids = [p.id for p in self._session.settings.providers]
        if provider_id in ids:
            self.provider_list.setCurrentRow(ids.index(provider_id))

    def add_provider(self, preset_id: str | None) -> ProviderSettings:
        """Add a provider from a preset (``None``: a custom one) and show it."""
        name = "" if preset_id else self.tr("New provider")
        provider = self._session.add_provider(preset_id, name)
        self.reload(provider.id)
        self.form.tabs.setCurrentIndex(0)
        edit = (
            self.form.connection.name_edit if not preset_id else self.form.connection.base_url_edit
        )
        edit.setFocus()
        edit.selectAll()
        self.edited.emit()
        return provider

    # -- Qt overrides ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Lay the rows out again once the style sheet is in force: the list measured them
        before the dialog was polished (16 px apart while each row is 28 px high, so every
        row was drawn half over the one above it)."""
        super().showEvent(event)
        self.provider_list.doItemsLayout()

    # -- helpers -----------------------------------------------------------------------------

    def _button(self, name: str, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        return button

    def _refresh_items(self) -> None:
        settings = self._session.settings
        active = settings.active().id
        for row, provider in enumerate(settings.providers):
            item = self.provider_list.item(row)
            if item is None:
                continue
            name = shown_name(provider) or self.tr("(unnamed)")
            is_active = provider.id == active
            item.setText(name)
            item.setIcon(self._active_icon if is_active else self._blank_icon)
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                self.tr("{name}, in use").format(name=name) if is_active else name,
            )
            item.setToolTip(
                self.tr("In use: {url}").format(url=provider.base_url or name)
                if is_active
                else provider.base_url or name
            )
            item.setData(Qt.ItemDataRole.UserRole, provider.id)
        current = self.current
        self.remove_button.setEnabled(len(settings.providers) > 1 and current is not None)
        in_use = current is not None and current.id == active
        self.active_button.setEnabled(current is not None and not in_use)
        self.active_button.setText(self.tr("In use") if in_use else self.tr("Use this provider"))

    def _on_provider_list_row_changed(self, _row: int) -> None:
        provider = self.current
        if provider is not None:
            self.form.load(provider)
        self._refresh_items()

    def _on_form_name_edited(self, _name: str) -> None:
        self._refresh_items()

    def _on_duplicate_clicked(self) -> None:
        current = self.current
        if current is None:
            return
        name = self.tr("{name} (copy)").format(name=current.name)
        copy = self._session.duplicate_provider(current.id, name)
        self.reload(copy.id)
        self.edited.emit()

    def _on_remove_clicked(self) -> None:
        current = self.current
        if current is None or len(self._session.settings.providers) <= 1:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove provider"),
            self.tr("Remove “{name}” and its stored key? This cannot be undone.").format(
                name=current.name or current.id
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("confirmRemoveDialog")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(self.tr("Remove"))
        yes.setObjectName("confirmRemoveButton")
        yes.setAccessibleName(self.tr("Remove the provider"))
        no = box.button(QMessageBox.StandardButton.No)
        no.setText(self.tr("Keep"))
        no.setObjectName("keepProviderButton")
        no.setAccessibleName(self.tr("Keep the provider"))
        provider_id = current.id
        box.finished.connect(lambda result: self._on_confirm_finished(box, provider_id, result))
        self._confirm = box
        box.open()

    def _on_confirm_finished(self, box: QMessageBox, provider_id: str, _result: int) -> None:
        removed = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        self._confirm = None
        box.deleteLater()
        providers = self._session.settings.providers
        if removed and self._session.settings.provider(provider_id) is not None:
            row = [p.id for p in providers].index(provider_id)
            self._session.remove_provider(provider_id)
            self.reload(providers[min(row, len(providers) - 1)].id)
            self.edited.emit()

    def _on_active_clicked(self) -> None:
        current = self.current
        if current is not None:
            self._session.set_active(current.id)
            self._refresh_items()
            self.edited.emit()
