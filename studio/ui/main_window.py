"""The main window: navigation on the left, the pages, the menus and the status bar."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from studio import __version__
from studio.config.settings import Settings
from studio.session.relay_info import RelayInfo
from studio.session.studio import Studio
from studio.ui.chat.chat_page import ChatPage
from studio.ui.common.navigation import NavigationBar
from studio.ui.common.resources import icon
from studio.ui.common.shortcuts import sequences
from studio.ui.common.shortcuts_dialog import ShortcutsDialog
from studio.ui.edit.page import EditPage
from studio.ui.images.page import ImagesPage

GEOMETRY_SETTING = "window/geometry"
STATE_SETTING = "window/state"
NOTICE_TIMEOUT_MS = 6000


class MainWindow(QMainWindow):
    """Studio's one window.

    Signals:
        closed(): the window was closed (the app quits when this happens).
        settings_requested(): the user asked for the settings dialog.
    """

    closed = Signal()
    settings_requested = Signal()

    def __init__(
        self,
        studio: Studio,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        """The window over ``studio`` (from :func:`studio.session.studio.build_studio`);
        ``settings`` keeps its geometry and panel state. It follows ``studio.live``: the
        send key, the relay shown, prices and vision models change when the settings do."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Studio"))
        self.setWindowIcon(icon("studio"))
        self._settings = settings
        self.studio = studio
        live = studio.live
        self._connection = live.relay
        self._models = studio.models
        text_color = self.palette().color(QPalette.ColorRole.WindowText)

        self.navigation = NavigationBar(
            self.tr("Studio"), self.tr("Chat and image studio"), icon("studio"), self
        )
        self.manager = studio.chats
        self.chat_page = ChatPage(
            studio.chats,
            studio.models,
            live.relay,
            settings,
            self,
            send_on_enter=live.send_on_enter,
        )
        self.chat_page.set_vision_models(live.vision_models)
        self.chat_page.set_price_lookup(live.price_of)
        self.images_page = ImagesPage(studio.image_studio, self, settings=settings)
        self.images_page.set_price_lookup(live.price_of)
        self.images_page.notice.connect(self.show_notice)
        self.images_page.use_in_chat_requested.connect(self._on_images_use_in_chat_requested)
        self.edit_page = EditPage(studio.edits, self, demo=live.relay.is_demo)
        self.edit_page.notice.connect(self.show_notice)
        self.edit_page.use_in_chat_requested.connect(self._on_images_use_in_chat_requested)
        self.images_page.edit_requested.connect(self._on_edit_requested)
        if self.chat_page.image_shelf is not None:
            self.chat_page.image_shelf.edit_requested.connect(self._on_edit_requested)
        live.settings_changed.connect(self._on_settings_changed)
        live.relay_changed.connect(self._on_relay_changed)
        live.problem.connect(self._on_settings_problem)
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("pages")
        pages: list[tuple[QWidget, str, str, str, str]] = [
            (self.chat_page, "navChatButton", self.tr("Chat"), self.tr("Chat page"), "chat"),
            (
                self.images_page,
                "navImagesButton",
                self.tr("Images"),
                self.tr("Images page"),
                "image",
            ),
            (self.edit_page, "navEditButton", self.tr("Edit"), self.tr("Edit page"), "edit"),
        ]
        for page, name, text, accessible, icon_name in pages:
            self.pages.addWidget(page)
            self.navigation.add_page(name, text, accessible, icon(icon_name, text_color))
        self.navigation.page_selected.connect(self._on_navigation_page_selected)
        version = QLabel(self.tr("Version {version}").format(version=__version__), self)
        version.setObjectName("versionLabel")
        self.navigation.add_footer(version)

        central = QWidget(self)
        central.setObjectName("central")
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self._build_menus()
        self._stop_shortcut = QShortcut(self)
        self._stop_shortcut.setKeys(sequences("stop"))
        self._stop_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self._stop_shortcut.activated.connect(self.chat_page.stop)
        self._search_shortcut = QShortcut(self)
        self._search_shortcut.setKeys(sequences("search"))
        self._search_shortcut.activated.connect(self._on_search_shortcut_activated)
        self.chat_page.notice.connect(self.show_notice)
        self.chat_page.usage_changed.connect(self.usage_label.setText)
        self.chat_page.emit_usage()

        # Chats that `studio chat` writes in another process show up in the sidebar.
        studio.chats.watch_outside_changes()

        self.resize(1180, 760)
        geometry = settings.value(GEOMETRY_SETTING)
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))

    # -- public --------------------------------------------------------------------------

    @property
    def composer(self) -> QWidget:
        """The message box (has the keyboard focus at start-up)."""
        return self.chat_page.composer

    def show_notice(self, message: str) -> None:
        """A passing message in the status bar (the relay and usage stay visible)."""
        self.notice_label.setText(message)
        self._notice_timer.start()

    def set_connection(self, connection: RelayInfo) -> None:
        """Show another relay in the status bar (after the settings changed)."""
        self._connection = connection
        name = self.tr("Demo relay") if connection.is_demo else connection.provider_name
        self.endpoint_label.setText(
            self.tr("{provider} · {endpoint}").format(provider=name, endpoint=connection.endpoint)
        )
        self.demo_label.setVisible(connection.is_demo)

    def shutdown(self) -> None:
        """Stop the pages' background work (thumbnail decoding) before the stores close."""
        self.images_page.shutdown()
        self.edit_page.shutdown()

    def show_error_report(self, message: str, details: str) -> None:
        """Show an unexpected error without blocking (from the error reporter)."""
        self.navigation.select(0)
        self.chat_page.show_problem(message, details)

    # -- Qt overrides --------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Put the keyboard focus in the message box when the window appears."""
        super().showEvent(event)
        if self.pages.currentWidget() is self.chat_page:
            self.chat_page.composer.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def changeEvent(self, event: QEvent) -> None:
        """Back in the window: look at once for chats another process wrote."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.manager.check_outside_changes()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the geometry, then announce the close."""
        self._settings.setValue(GEOMETRY_SETTING, self.saveGeometry())
        self.chat_page.save_state()
        self.images_page.save_state()
        self._settings.sync()
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()

    # -- building ------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        bar.setSizeGripEnabled(False)
        name = (
            self.tr("Demo relay") if self._connection.is_demo else (self._connection.provider_name)
        )
        self.endpoint_label = QLabel(
            self.tr("{provider} · {endpoint}").format(
                provider=name, endpoint=self._connection.endpoint
            ),
            self,
        )
        self.endpoint_label.setObjectName("endpointLabel")
        self.endpoint_label.setAccessibleName(self.tr("Relay in use"))
        self.endpoint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.endpoint_label.setToolTip(self.tr("The relay and the API address Studio talks to"))
        self.demo_label = QLabel(self.tr("Using the built-in demo relay — no key needed"), self)
        self.demo_label.setObjectName("demoNoticeLabel")
        self.demo_label.setVisible(self._connection.is_demo)
        self.notice_label = QLabel("", self)
        self.notice_label.setObjectName("noticeLabel")
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_TIMEOUT_MS)
        self._notice_timer.timeout.connect(self.notice_label.clear)
        self.usage_label = QLabel("", self)
        self.usage_label.setObjectName("usageLabel")
        self.usage_label.setAccessibleName(self.tr("Tokens used by the last answer"))
        bar.addWidget(self.endpoint_label)
        bar.addWidget(self.demo_label)
        bar.addPermanentWidget(self.notice_label)
        bar.addPermanentWidget(self.usage_label)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        menu_bar.setObjectName("menuBar")
        file_menu = menu_bar.addMenu(self.tr("&File"))
        file_menu.setObjectName("fileMenu")
        self.new_chat_action = QAction(self.tr("&New chat"), self)
        self.new_chat_action.setObjectName("newChatAction")
        self.new_chat_action.setShortcuts(sequences("newChat"))
        self.new_chat_action.triggered.connect(self._on_new_chat_triggered)
        file_menu.addAction(self.new_chat_action)
        self.export_action = QAction(self.tr("&Export this chat…"), self)
        self.export_action.setObjectName("exportAction")
        self.export_action.setShortcuts(sequences("export"))
        self.export_action.triggered.connect(lambda: self._export(all_chats=False))
        file_menu.addAction(self.export_action)
        self.export_all_action = QAction(self.tr("Export &all chats…"), self)
        self.export_all_action.setObjectName("exportAllAction")
        self.export_all_action.triggered.connect(lambda: self._export(all_chats=True))
        file_menu.addAction(self.export_all_action)
        file_menu.addSeparator()
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setObjectName("settingsAction")
        self.settings_action.setShortcuts(sequences("settings"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.settings_requested)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setObjectName("quitAction")
        self.quit_action.setShortcuts(sequences("quit"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        go_menu = menu_bar.addMenu(self.tr("&Go"))
        go_menu.setObjectName("goMenu")
        for index, text in enumerate((self.tr("&Chat"), self.tr("&Images"), self.tr("&Edit"))):
            action = QAction(text, self)
            action.setObjectName(f"goPage{index + 1}Action")
            action.setShortcuts(sequences(f"goPage{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self.navigation.select(i))
            go_menu.addAction(action)

        help_menu = menu_bar.addMenu(self.tr("&Help"))
        help_menu.setObjectName("helpMenu")
        shortcuts = QAction(self.tr("&Keyboard shortcuts"), self)
        shortcuts.setObjectName("shortcutsAction")
        shortcuts.setShortcuts(sequences("shortcuts"))
        shortcuts.triggered.connect(self._on_shortcuts_triggered)
        help_menu.addAction(shortcuts)
        about = QAction(self.tr("&About Studio"), self)
        about.setObjectName("aboutAction")
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)

    # -- slots ---------------------------------------------------------------------------

    def _on_navigation_page_selected(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        if index == 0:
            self.chat_page.composer.setFocus()
        else:
            # Keep the keyboard focus in the window (the composer just got hidden).
            self.navigation.buttons[index].setFocus()

    def _on_settings_changed(self, settings: Settings) -> None:
        self.chat_page.composer.send_on_enter = settings.send_key == "enter"

    def _on_relay_changed(self, relay: RelayInfo) -> None:
        live = self.studio.live
        self.set_connection(relay)
        self.chat_page.set_vision_models(live.vision_models)
        # Set again so the costs shown are redrawn at the new provider's prices.
        self.chat_page.set_price_lookup(live.price_of)
        self.images_page.set_price_lookup(live.price_of)

    def _on_settings_problem(self, problem: str) -> None:
        self.show_error_report(problem, problem)

    def _on_new_chat_triggered(self) -> None:
        self.navigation.select(0)
        self.chat_page.new_chat()

    def _on_images_use_in_chat_requested(self, path: str) -> None:
        self.navigation.select(0)
        self.chat_page.attach_image(path)

    def _on_edit_requested(self, path: str) -> None:
        self.navigation.select(2)
        self.edit_page.open_image(path)

    def _on_search_shortcut_activated(self) -> None:
        self.navigation.select(0)
        self.chat_page.focus_search()

    def _export(self, *, all_chats: bool) -> None:
        session = self.chat_page.session
        if not all_chats and session is None:
            self.show_notice(self.tr("Nothing to export yet: send a message first."))
            return
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Export chats") if all_chats else self.tr("Export this chat"),
            "studio-chats.md" if all_chats else "chat.md",
            self.tr("Markdown (*.md);;JSON (*.json)"),
        )
        if not path:
            return
        fmt: Literal["md", "json"] = (
            "json" if path.endswith(".json") or "json" in chosen.lower() else "md"
        )
        conversation = None if all_chats or session is None else session.conversation_id
        try:
            text = self.manager.export(conversation, fmt)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            self.chat_page.show_problem(
                self.tr("Could not write {path}: {error}").format(path=path, error=error.strerror),
                str(error),
            )
            return
        self.show_notice(self.tr("Exported to {path}").format(path=path))

    def _on_shortcuts_triggered(self) -> None:
        ShortcutsDialog(self, send_on_enter=self.chat_page.composer.send_on_enter).exec()

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Studio"),
            self.tr(
                "<b>Studio {version}</b><br>A desktop chat and image studio for "
                "OpenAI-compatible relays."
            ).format(version=__version__),
        )
