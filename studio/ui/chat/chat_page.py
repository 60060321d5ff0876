"""The chat page: wires a :class:`ChatSession` and a :class:`ModelListSession` to the widgets.

Widgets never await: they call session methods and react to session signals.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from studio.session.connection import ConnectionInfo
from studio.session.models import ModelListSession
from studio.session.quick_chat import ChatSession
from studio.ui.chat.composer_bar import ComposerBar
from studio.ui.chat.empty_state import EmptyState
from studio.ui.chat.error_banner import ErrorBanner
from studio.ui.chat.header import ChatHeader
from studio.ui.chat.thinking import ThinkingPanel
from studio.ui.chat.transcript import TranscriptView

MODEL_SETTING = "chat/model"


class ChatPage(QWidget):
    """One conversation on screen.

    Signals:
        notice(str): a passing message for the status bar.
    """

    notice = Signal(str)

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
        self.setObjectName("chatPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._chat = chat
        self._models = models
        self._settings = settings
        self.header = ChatHeader(self)
        self.banner = ErrorBanner(self)
        self.transcript = TranscriptView(self)
        self.empty_state = EmptyState(self)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("transcriptStack")
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.transcript)
        self.thinking = ThinkingPanel(self)
        self.composer_bar = ComposerBar(self, send_on_enter=send_on_enter)
        self.composer = self.composer_bar.composer
        self.send_button = self.composer_bar.send_button
        self.stop_button = self.composer_bar.stop_button
        self.model_picker = self.header.model_picker
        self.new_chat_button = self.header.new_chat_button

        remembered = str(settings.value(MODEL_SETTING, "") or "")
        self.header.set_models(connection.fallback_models, remembered or connection.default_model)

        body = QVBoxLayout()
        body.setContentsMargins(16, 8, 16, 12)
        body.setSpacing(8)
        body.addWidget(self.banner)
        body.addWidget(self.stack, 1)
        body.addWidget(self.thinking)
        body.addWidget(self.composer_bar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)
        self.setFocusProxy(self.composer)

        self.composer.submitted.connect(self.send)
        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.stop)
        self.new_chat_button.clicked.connect(self.new_chat)
        self.header.refresh_button.clicked.connect(models.refresh)
        self.banner.retry_requested.connect(self.retry)
        self.banner.details_copied.connect(self._on_banner_details_copied)

        chat.message_sent.connect(self._on_chat_message_sent)
        chat.answer_started.connect(self._on_chat_answer_started)
        chat.text_appended.connect(self._on_chat_text_appended)
        chat.reasoning_appended.connect(self.thinking.append)
        chat.failed.connect(self._on_chat_failed)
        chat.finished.connect(self.transcript.end_answer)
        chat.busy_changed.connect(self.composer_bar.set_busy)
        chat.retrying.connect(self._on_chat_retrying)
        chat.cleared.connect(self._on_chat_cleared)
        models.loaded.connect(self._on_models_loaded)
        models.failed.connect(self._on_models_failed)
        models.busy_changed.connect(self.header.refresh_button.setDisabled)

    # -- actions -------------------------------------------------------------------------

    def send(self) -> None:
        """Send the composer's text to the chosen model."""
        text = self.composer.toPlainText()
        if not text.strip() or self._chat.busy:
            return
        model = self.header.model
        if not model:
            self.banner.show_error(
                self.tr("Choose a model first: pick one from the list or type its name."),
                can_retry=False,
            )
            self.model_picker.setFocus()
            return
        if self._chat.send(text, model):
            self._settings.setValue(MODEL_SETTING, model)
            self.composer.clear()

    def stop(self) -> None:
        """Stop the answer being written; the text so far stays."""
        self._chat.cancel()

    def retry(self) -> None:
        """Ask the failed question again."""
        if not self._chat.can_retry:
            return
        self.banner.hide()
        self.transcript.discard_answer()
        self._chat.retry(self.header.model)

    def new_chat(self) -> None:
        """Forget the conversation and start over."""
        self._chat.clear()
        self.composer.setFocus()

    def show_problem(self, message: str, details: str) -> None:
        """Show an error that is not about an answer (no Retry)."""
        self.banner.show_error(message, details, can_retry=False)

    # -- session signals -----------------------------------------------------------------

    def _on_chat_message_sent(self, text: str) -> None:
        self.banner.hide()
        self.stack.setCurrentWidget(self.transcript)
        self.transcript.add_user_message(text)

    def _on_chat_answer_started(self, model: str) -> None:
        self.thinking.reset()
        self.stack.setCurrentWidget(self.transcript)
        self.transcript.begin_answer(model)

    def _on_chat_text_appended(self, text: str) -> None:
        self.thinking.answer_started()
        self.transcript.append_answer(text)

    def _on_chat_failed(self, message: str, details: str) -> None:
        self.banner.show_error(message, details, can_retry=True)

    def _on_chat_retrying(self, attempt: int, delay: float) -> None:
        self.notice.emit(
            self.tr("The request failed; trying again in {seconds} s (attempt {n})…").format(
                seconds=max(1, round(delay)), n=attempt
            )
        )

    def _on_chat_cleared(self) -> None:
        self.transcript.clear_conversation()
        self.thinking.reset()
        self.banner.hide()
        self.stack.setCurrentWidget(self.empty_state)

    def _on_models_loaded(self, names: list[str]) -> None:
        if names:
            self.header.set_models(names)
            self.notice.emit(self.tr("Models available: {count}").format(count=len(names)))

    def _on_models_failed(self, message: str) -> None:
        self.notice.emit(self.tr("Could not load the model list: {error}").format(error=message))

    def _on_banner_details_copied(self) -> None:
        self.notice.emit(self.tr("Error details copied to the clipboard"))
