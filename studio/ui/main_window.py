"""The main window: navigation on the left, the pages, the menus and the status bar."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from studio import __version__
from studio.session.connection import ConnectionInfo
from studio.session.models import ModelListSession
from studio.session.quick_chat import ChatSession
from studio.ui.chat.chat_page import ChatPage
from studio.ui.common.coming_soon import ComingSoonPanel
from studio.ui.common.navigation import NavigationBar
from studio.ui.common.resources import icon
from studio.ui.common.shortcuts_dialog import ShortcutsDialog

GEOMETRY_SETTING = "window/geometry"
STATE_SETTING = "window/state"
NOTICE_TIMEOUT_MS = 6000


class MainWindow(QMainWindow):
    """Studio's one window.

    Signals:
        closed(): the window was closed (the app quits when this happens).
    """

    closed = Signal()

    def __init__(
        self,
        chat: ChatSession,
        models: ModelListSession,
        connection: ConnectionInfo,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        send_on_enter: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Studio"))
        self.setWindowIcon(icon("studio"))
        self._settings = settings
        self._connection = connection
        self._models = models
        text_color = self.palette().color(QPalette.ColorRole.WindowText)

        self.navigation = NavigationBar(
            self.tr("Studio"), self.tr("Chat and image studio"), icon("studio"), self
        )
        self.chat_page = ChatPage(
            chat, models, connection, settings, self, send_on_enter=send_on_enter
        )
        self.images_page = ComingSoonPanel(
            "image",
            self.tr("Images"),
            self.tr("Create pictures from a description with the image models of your relay."),
            self,
        )
        self.images_page.setObjectName("imagesPage")
        self.edit_page = ComingSoonPanel(
            "edit",
            self.tr("Edit"),
            self.tr("Change parts of a picture: paint a mask and describe what should be there."),
            self,
        )
        self.edit_page.setObjectName("editPage")
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
        self._stop_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self._stop_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self._stop_shortcut.activated.connect(self.chat_page.stop)
        self.chat_page.notice.connect(self.show_notice)
        chat.usage_reported.connect(self._on_chat_usage_reported)
        chat.answer_started.connect(self._on_chat_answer_started)
        chat.finished.connect(self._on_chat_finished)
        self._usage_seen = False

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

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the geometry, then announce the close."""
        self._settings.setValue(GEOMETRY_SETTING, self.saveGeometry())
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
        self.new_chat_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_chat_action.triggered.connect(self._on_new_chat_triggered)
        file_menu.addAction(self.new_chat_action)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setObjectName("quitAction")
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        go_menu = menu_bar.addMenu(self.tr("&Go"))
        go_menu.setObjectName("goMenu")
        for index, text in enumerate((self.tr("&Chat"), self.tr("&Images"), self.tr("&Edit"))):
            action = QAction(text, self)
            action.setObjectName(f"goPage{index + 1}Action")
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self.navigation.select(i))
            go_menu.addAction(action)

        help_menu = menu_bar.addMenu(self.tr("&Help"))
        help_menu.setObjectName("helpMenu")
        shortcuts = QAction(self.tr("&Keyboard shortcuts"), self)
        shortcuts.setObjectName("shortcutsAction")
        shortcuts.setShortcut(QKeySequence.StandardKey.HelpContents)
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

    def _on_new_chat_triggered(self) -> None:
        self.navigation.select(0)
        self.chat_page.new_chat()

    def _on_chat_answer_started(self, _model: str) -> None:
        self._usage_seen = False
        self.usage_label.setText(self.tr("Answering…"))

    def _on_chat_finished(self, _status: str) -> None:
        self.notice_label.clear()  # a "retrying…" notice is stale once the answer ended
        if not self._usage_seen:
            self.usage_label.setText("")

    def _on_chat_usage_reported(self, prompt: int, completion: int, total: int) -> None:
        self._usage_seen = True
        self.usage_label.setText(
            self.tr("Last answer: {total} tokens ({prompt} in, {completion} out)").format(
                total=f"{total:,}", prompt=f"{prompt:,}", completion=f"{completion:,}"
            )
        )

    def _on_shortcuts_triggered(self) -> None:
        ShortcutsDialog(self).exec()

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Studio"),
            self.tr(
                "<b>Studio {version}</b><br>A desktop chat and image studio for "
                "OpenAI-compatible relays."
            ).format(version=__version__),
        )
