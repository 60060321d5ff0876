"""The bottom of the chat page: attached images, the message box, Attach, Send and Stop."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.chat.attachments import AttachmentStrip
from studio.ui.chat.composer import Composer
from studio.ui.chat.vision_style import vision_stylesheet
from studio.ui.common.elided_label import ElidedLabel
from studio.ui.common.resources import icon
from studio.ui.common.restyle import set_style_flag


class ComposerBar(QFrame):
    """A rounded frame around the composer; Send turns into Stop while an answer streams.

    Signals:
        attach_requested(): the Attach button was clicked (choose files).
        image_policy_chosen(str): which earlier images to send again: all, last or none.
        send_original_toggled(bool): the expert switch "Send original files".
    """

    attach_requested = Signal()
    image_policy_chosen = Signal(str)
    send_original_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, send_on_enter: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("composerFrame")
        palette = self.palette()
        self.composer = Composer(self, send_on_enter=send_on_enter)
        self.composer.setPlaceholderText(self.tr("Message the model…"))
        self.composer.focus_changed.connect(self._on_composer_focus_changed)
        send_keys = (
            self.tr("Enter to send · Shift+Enter for a new line")
            if send_on_enter
            else self.tr("Ctrl+Enter to send · Enter for a new line")
        )
        # Elided rather than widening the window when the drawer takes the room.
        self.hint = ElidedLabel(self)
        self.hint.set_full_text(send_keys)
        self.hint.setObjectName("hintLabel")
        self.send_button = QToolButton(self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setText(self.tr("Send"))
        self.send_button.setAccessibleName(self.tr("Send message"))
        self.send_button.setToolTip(self.tr("Send (Enter)"))
        self.send_button.setIcon(icon("send", palette.color(QPalette.ColorRole.HighlightedText)))
        self.stop_button = QToolButton(self)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop the answer"))
        self.stop_button.setToolTip(self.tr("Stop (Esc)"))
        self.stop_button.setIcon(icon("stop", palette.color(QPalette.ColorRole.Text)))
        for button in (self.send_button, self.stop_button):
            button.setIconSize(QSize(16, 16))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.stop_button.hide()
        self.strip = AttachmentStrip(self)
        self.attach_button = QToolButton(self)
        self.attach_button.setObjectName("attachButton")
        self.attach_button.setText(self.tr("Attach"))
        self.attach_button.setAccessibleName(self.tr("Attach images"))
        self.attach_button.setToolTip(
            self.tr("Attach images (you can also paste them with Ctrl+V or drop them here)")
        )
        self.attach_button.setIcon(icon("image", palette.color(QPalette.ColorRole.Text)))
        self.attach_button.setProperty("flatButton", True)
        self.attach_button.clicked.connect(self.attach_requested)
        self.options_button = QToolButton(self)
        self.options_button.setObjectName("imageOptionsButton")
        self.options_button.setText("⋯")
        self.options_button.setAccessibleName(self.tr("Image options"))
        self.options_button.setToolTip(self.tr("Image options: earlier images, originals"))
        self.options_button.setProperty("flatButton", True)
        self.options_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.options_menu = QMenu(self.options_button)
        self.options_menu.setObjectName("imageOptionsMenu")
        self.options_button.setMenu(self.options_menu)
        self.policy_actions = self._policy_actions()
        self.options_menu.addSeparator()
        self.original_action = QAction(self.tr("Send original files (expert)"), self)
        self.original_action.setObjectName("sendOriginalAction")
        self.original_action.setCheckable(True)
        self.original_action.setToolTip(
            self.tr(
                "Send files unchanged where the provider accepts them: more tokens and bytes, "
                "metadata kept"
            )
        )
        self.original_action.toggled.connect(self.send_original_toggled)
        self.options_menu.addAction(self.original_action)
        for button in (self.attach_button, self.options_button):
            button.setIconSize(QSize(16, 16))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.attach_button)
        row.addWidget(self.options_button)
        row.addWidget(self.hint, 1)
        row.addWidget(self.stop_button)
        row.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.strip)
        layout.addWidget(self.composer)
        layout.addLayout(row)
        self.set_attachments_enabled(False)
        self._apply_style()

    def changeEvent(self, event: QEvent) -> None:
        """Follow theme changes (the image widgets' rules use palette tints)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_style()

    def _apply_style(self) -> None:
        # Setting a style sheet repolishes (another PaletteChange): only act on a new theme.
        sheet = vision_stylesheet(QApplication.palette())
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)

    def _policy_actions(self) -> dict[str, QAction]:
        title = QAction(self.tr("Earlier images in this chat:"), self)
        title.setEnabled(False)
        self.options_menu.addAction(title)
        group = QActionGroup(self)
        group.setExclusive(True)
        actions: dict[str, QAction] = {}
        for policy, name, text in (
            ("all", "imagePolicyAllAction", self.tr("Send all of them again")),
            ("last", "imagePolicyLastAction", self.tr("Send only the last turn's images")),
            ("none", "imagePolicyNoneAction", self.tr("Send none (a short note instead)")),
        ):
            action = QAction(text, self)
            action.setObjectName(name)
            action.setCheckable(True)
            action.setData(policy)
            group.addAction(action)
            self.options_menu.addAction(action)
            action.triggered.connect(lambda _checked, p=policy: self.image_policy_chosen.emit(p))
            actions[policy] = action
        actions["last"].setChecked(True)
        return actions

    def set_attachments_enabled(self, enabled: bool) -> None:
        """Show the image controls (False: no image store, nothing can be attached)."""
        self.attach_button.setVisible(enabled)
        self.options_button.setVisible(enabled)
        self.composer.accepts_images = enabled

    def set_image_policy(self, policy: str) -> None:
        """Tick the earlier-images choice of the open conversation."""
        action = self.policy_actions.get(policy)
        if action is not None:
            action.setChecked(True)

    @property
    def image_policy(self) -> str:
        """The earlier-images choice ticked in the menu."""
        for policy, action in self.policy_actions.items():
            if action.isChecked():
                return policy
        return "last"

    def set_busy(self, busy: bool) -> None:
        """Show Stop while an answer streams, Send otherwise (keeping focus sensible)."""
        had_focus = self.stop_button.hasFocus() or self.send_button.hasFocus()
        self.stop_button.setVisible(busy)
        self.send_button.setVisible(not busy)
        if had_focus:
            self.composer.setFocus()

    def _on_composer_focus_changed(self, focused: bool) -> None:
        set_style_flag(self, "focused", focused)
