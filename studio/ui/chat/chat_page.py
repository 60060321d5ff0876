"""The chat page: conversation sidebar, transcript, composer, and the parameters drawer.

It wires a :class:`ChatManager` and the open :class:`ConversationSession` to the widgets.
Widgets never await: they call session methods and react to session signals. A new chat is a
:class:`ChatDraft` until its first message: its system prompt, parameters, JSON mode and tools
can be set at once (the drawer edits the draft), and they are stored with the conversation
when that message is sent; a new chat that is never used leaves nothing in the sidebar.

When assistants exist, a new chat's empty state shows the assistant picker and Ctrl+N puts
the keyboard in it (type to filter, Enter picks, Esc for a plain chat); without assistants
Ctrl+N goes straight to the message box, as before.

Images dropped anywhere on the page, pasted into the message box, chosen with Attach or sent
here from the image studio (:meth:`ChatPage.attach_image`) go to an
:class:`~studio.session.chat.attachment_draft.AttachmentDraft`, which prepares them in the
background; the composer strip shows them, and Send passes their references on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal, SignalInstance
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from studio.session.chat import ChatDraft, ChatManager, ChatOptions, ConversationSession
from studio.session.models import ModelListSession
from studio.session.relay_info import RelayInfo
from studio.ui.chat.composer_bar import ComposerBar
from studio.ui.chat.conversation_list import ConversationSidebar
from studio.ui.chat.empty_state import EmptyState
from studio.ui.chat.error_banner import ErrorBanner
from studio.ui.chat.header import ChatHeader
from studio.ui.chat.image_transcript import ImageTranscriptView
from studio.ui.chat.mime_sources import Incoming
from studio.ui.chat.page_images import PageImages
from studio.ui.chat.params_panel import ParamsPanel
from studio.ui.chat.tools_panel import ToolsPanel
from studio.ui.chat.transcript_view import message_cost
from studio.ui.common.prices import PriceLookup

MODEL_SETTING = "chat/model"
RECENT_SETTING = "chat/recentModels"
SPLITTER_SETTING = "chat/splitter"
LAST_SETTING = "chat/lastConversation"
RECENT_LIMIT = 8


class ChatPage(QWidget):
    """Conversations on screen.

    Signals:
        notice(str): a passing message for the status bar.
        usage_changed(str): a one-line usage summary for the status bar.
    """

    notice = Signal(str)
    usage_changed = Signal(str)

    def __init__(
        self,
        manager: ChatManager,
        models: ModelListSession,
        connection: RelayInfo,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        send_on_enter: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chatPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._manager = manager
        self._models = models
        self._settings = settings
        self._connection = connection
        self._session: ConversationSession | None = None
        self._draft: ChatDraft | None = None
        self._fallback_for: int | None = None

        self.sidebar = ConversationSidebar(manager, self)
        self.header = ChatHeader(self)
        self.banner = ErrorBanner(self)
        self.transcript = ImageTranscriptView(self)
        self.empty_state = EmptyState(self)
        self.assistant_picker = self.empty_state.picker
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("transcriptStack")
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.transcript)
        self.composer_bar = ComposerBar(self, send_on_enter=send_on_enter)
        self.composer = self.composer_bar.composer
        self.send_button = self.composer_bar.send_button
        self.stop_button = self.composer_bar.stop_button
        self.attach_button = self.composer_bar.attach_button
        self.attachment_strip = self.composer_bar.strip
        self.images = PageImages(
            manager.attachments, self.composer_bar, self.transcript, lambda: self.header.model, self
        )
        self.attachments = self.images.draft
        self.image_shelf = self.images.shelf
        self.model_picker = self.header.model_picker
        self.new_chat_button = self.sidebar.new_button
        self.params_panel = ParamsPanel(self)
        self.tools_panel = ToolsPanel(self, registry=manager.tools)
        self.drawer = QTabWidget(self)
        self.drawer.setObjectName("chatDrawer")
        self.drawer.addTab(self.params_panel, self.tr("Parameters"))
        self.drawer.addTab(self.tools_panel, self.tr("Tools"))
        self.drawer.hide()

        center = QWidget(self)
        center.setObjectName("chatCenter")
        body = QVBoxLayout()
        body.setContentsMargins(16, 8, 16, 12)
        body.setSpacing(8)
        body.addWidget(self.banner)
        body.addWidget(self.stack, 1)
        body.addWidget(self.composer_bar)
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.setSpacing(0)
        center_layout.addWidget(self.header)
        center_layout.addLayout(body, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("chatSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.drawer)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 800, 320])
        state = settings.value(SPLITTER_SETTING)
        if state is not None:
            self.splitter.restoreState(state)  # type: ignore[arg-type]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.setFocusProxy(self.composer)

        remembered = str(settings.value(MODEL_SETTING, "") or "")
        self.header.set_models(self._model_choices(), remembered or connection.default_model)

        self.composer.submitted.connect(self.send)
        self.images.notice.connect(self.notice)
        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.stop)
        self.header.refresh_button.clicked.connect(models.refresh)
        self.header.panel_button.toggled.connect(self.drawer.setVisible)
        self.model_picker.currentTextChanged.connect(self._on_model_picker_text_changed)
        self.banner.retry_requested.connect(self._on_banner_retry_requested)
        self.banner.details_copied.connect(self._on_banner_details_copied)
        self.sidebar.conversation_selected.connect(self.open_conversation)
        self.sidebar.message_requested.connect(self.show_message)
        self.sidebar.new_chat_requested.connect(self.new_chat)
        self.transcript.action_requested.connect(self._on_transcript_action_requested)
        self.transcript.edit_submitted.connect(self._on_transcript_edit_submitted)
        self.transcript.version_requested.connect(self._on_transcript_version_requested)
        self.transcript.tool_result_submitted.connect(self._on_transcript_tool_result_submitted)
        models.loaded.connect(self._on_models_loaded)
        models.failed.connect(self._on_models_failed)
        models.busy_changed.connect(self.header.refresh_button.setDisabled)
        manager.conversation_deleted.connect(self._on_manager_conversation_deleted)
        manager.assistants.changed.connect(self._on_assistants_changed)
        self.assistant_picker.picked.connect(self._on_assistant_picker_picked)
        self.assistant_picker.passed_on.connect(self._on_assistant_picker_passed_on)

        last = settings.value(LAST_SETTING)
        start = int(last) if isinstance(last, int | str) and str(last).isdigit() else None
        if start is None or manager.get(start) is None or manager.get(start).is_deleted:  # type: ignore[union-attr]
            start = manager.latest()
        if start is not None:
            self.open_conversation(start)
        else:
            self.new_chat(pick=False)

    # ---- public ------------------------------------------------------------------------

    @property
    def session(self) -> ConversationSession | None:
        """The open conversation (None for a new chat not sent yet)."""
        return self._session

    @property
    def draft(self) -> ChatDraft | None:
        """The settings of the new chat shown (None while a stored conversation is)."""
        return self._draft

    def open_conversation(self, conversation_id: int) -> None:
        """Show a stored conversation (it may still be streaming)."""
        record = self._manager.get(conversation_id)
        if record is None:
            return
        self._bind(self._manager.open(conversation_id))
        self._settings.setValue(LAST_SETTING, conversation_id)
        if record.model:
            self.header.set_models(self._model_choices(), record.model)

    def new_chat(self, *, pick: bool = True, assistant_id: int | None = None) -> None:
        """Start a new chat (stored when the first message is sent) with the default
        settings, or those of assistant ``assistant_id``. With ``pick`` and assistants to
        choose from, the keyboard goes to the picker; else to the message box."""
        self._start_draft(assistant_id)
        if pick and self.assistant_picker.isVisibleTo(self.empty_state):
            self.assistant_picker.focus_filter()
        else:
            self.composer.setFocus()

    def use_assistant(self, assistant_id: int | None) -> None:
        """Give the new chat shown the settings of assistant ``assistant_id`` (None: the
        defaults); the keyboard goes to the message box."""
        if self._session is None:
            self._start_draft(assistant_id)
        self.composer.setFocus()

    def show_message(self, conversation_id: int, message_id: int) -> None:
        """Open a conversation at one message (a search hit)."""
        if self._session is None or self._session.conversation_id != conversation_id:
            self.open_conversation(conversation_id)
        session = self._session
        if session is not None and message_id not in {m.id for m in session.branch()}:
            self._select_branch_with(session, message_id)
        self.transcript.scroll_to_message(message_id)

    def send(self) -> None:
        """Send the composer's text and attached images to the chosen model.

        Nothing typed or attached is lost when sending is refused (no model, an answer is
        still streaming, images still being prepared or over the request limit).
        """
        text = self.composer.toPlainText()
        if not text.strip() and not self.images.count:
            return
        model = self.header.model
        if not model:
            self.banner.show_error(
                self.tr("Choose a model first: pick one from the list or type its name."),
                can_retry=False,
            )
            self.model_picker.setFocus()
            return
        session = self._session
        if session is not None and session.busy:
            self.notice.emit(self.tr("Wait for the answer to finish, or press Esc to stop it."))
            return
        refs = self.images.refs_to_send(model)
        if refs is None:
            return
        if session is None:
            session = self._store_draft(model)
        elif session.settings.model != model:
            session.set_model(model)
        self._remember_model(model)
        if session.send(text, refs or None) is not None:
            self.composer.clear()
            self.images.sent()
            self.banner.hide()
            self.transcript.follow_bottom()

    def attach_image(self, path: str) -> None:
        """Attach an image file to the next message ("Use in chat" in the image studio)."""
        self.images.attach_file(path)

    def attach_incoming(self, images: Sequence[Incoming]) -> None:
        """Attach what a drop or a paste offered (files, picture data, addresses)."""
        self.images.attach_incoming(images)

    def set_vision_models(self, names: Iterable[str]) -> None:
        """The provider's own list of models that accept images (relay aliases)."""
        self.images.set_vision_models(names)

    def stop(self) -> None:
        """Stop the answer being written; the text so far stays."""
        if self._session is not None:
            self._session.stop()

    def focus_search(self) -> None:
        """Ctrl+F."""
        self.sidebar.focus_search()

    def show_problem(self, message: str, details: str) -> None:
        """Show an error that is not about an answer (no Retry)."""
        self.banner.show_error(message, details, can_retry=False)

    def save_state(self) -> None:
        """Remember the splitter (the window calls this when closing)."""
        self._settings.setValue(SPLITTER_SETTING, self.splitter.saveState())

    # ---- a new chat --------------------------------------------------------------------

    def _start_draft(self, assistant_id: int | None) -> None:
        draft = self._manager.draft(self.header.model, assistant_id)
        if draft.settings.model and draft.settings.model != self.header.model:
            self.header.set_models(self._model_choices(), draft.settings.model)
        self._bind(None, draft)

    def _store_draft(self, model: str) -> ConversationSession:
        """Store the new chat with its settings (pending edits in the drawer first)."""
        draft = self._draft
        if draft is None:  # (never: a new chat always has a draft)
            draft = self._manager.draft(model)
        if self.params_panel.pending:
            self.params_panel.apply_now()
        if draft.settings.model != model:
            draft.set_model(model)
        conversation_id = self._manager.start(draft)
        self._bind(self._manager.open(conversation_id))
        self._settings.setValue(LAST_SETTING, conversation_id)
        session = self._session
        assert session is not None
        return session

    def _show_picker(self) -> None:
        assistants = self._manager.assistants.assistants() if self._session is None else []
        draft = self._draft
        current = draft.assistant.id if draft is not None and draft.assistant else None
        self.assistant_picker.set_assistants(assistants, current)
        self.assistant_picker.setVisible(bool(assistants))

    # ---- binding -----------------------------------------------------------------------

    def _bind(self, session: ConversationSession | None, draft: ChatDraft | None = None) -> None:
        old = self._session
        if old is not None:
            for signal, slot in self._connections(old):
                signal.disconnect(slot)
        self._session = session
        if session is not None:
            for signal, slot in self._connections(session):
                signal.connect(slot)
        old_draft, self._draft = self._draft, (draft if session is None else None)
        if session is None and self._draft is None:
            self._draft = self._manager.draft(self.header.model)
        if old_draft is not None and old_draft is not self._draft:
            old_draft.settings_changed.disconnect(self._on_draft_settings_changed)
            old_draft.deleteLater()
        if self._draft is not None and self._draft is not old_draft:
            self._draft.settings_changed.connect(self._on_draft_settings_changed)
        options: ChatOptions | None = session if session is not None else self._draft
        self.banner.hide()
        self.transcript.set_session(session)
        self.params_panel.bind(options)
        self.tools_panel.bind(options)
        self.sidebar.set_current(session.conversation_id if session is not None else None)
        self.composer_bar.set_busy(session.busy if session is not None else False)
        self.images.bind(options)
        self._show_title()
        self._show_picker()
        self._show_stack()
        self._emit_usage()

    def _connections(
        self, session: ConversationSession
    ) -> list[tuple[SignalInstance, Callable[..., Any]]]:
        return [
            (session.message_added, self._on_session_message_added),
            (session.message_removed, self._on_session_message_added),
            (session.answer_started, self._on_session_answer_started),
            (session.answer_delta, self.transcript.append),
            (session.answer_finished, self._on_session_answer_finished),
            (session.answer_failed, self._on_session_answer_failed),
            (session.branch_changed, self.transcript.refresh),
            (session.tool_calls_requested, self._on_session_tool_calls_requested),
            (session.json_checked, self._on_session_json_checked),
            (session.schema_fallback_offered, self._on_session_schema_fallback_offered),
            (session.busy_changed, self.composer_bar.set_busy),
            (session.retrying, self._on_session_retrying),
            (session.usage_changed, self._emit_usage),
            (session.title_changed, self._on_session_title_changed),
            (session.tool_rounds_capped, self._on_session_tool_rounds_capped),
            (session.settings_changed, self._on_session_settings_changed),
            (session.images_left_out, self._on_session_images_left_out),
            (session.send_refused, self.attachment_strip.show_error),
        ]

    def _show_title(self) -> None:
        record = (
            self._manager.get(self._session.conversation_id) if self._session is not None else None
        )
        title = record.title.strip() if record is not None else ""
        self.header.set_title(title or self.tr("New chat"))
        if record is not None:
            assistant = record.assistant or ""
        else:
            chosen = self._draft.assistant if self._draft is not None else None
            assistant = chosen.name if chosen is not None else ""
        self.header.set_assistant(assistant)

    def _show_stack(self) -> None:
        has_messages = self._session is not None and bool(self._session.branch())
        self.stack.setCurrentWidget(self.transcript if has_messages else self.empty_state)

    def set_price_lookup(self, lookup: PriceLookup) -> None:
        """Where model prices come from (settings); shows costs beside token counts."""
        self.transcript.price_lookup = lookup
        self.transcript.refresh()
        self._emit_usage()

    def emit_usage(self) -> None:
        """Announce the open conversation's token usage (``usage_changed``)."""
        self._emit_usage()

    def _emit_usage(self) -> None:
        if self._session is None:
            self.usage_changed.emit("")
            return
        totals = self._session.usage_totals()
        total = int(totals.get("total_tokens", 0))
        if not total:
            self.usage_changed.emit("")
            return
        text = self.tr("This chat: {total} tokens ({prompt} in, {completion} out)").format(
            total=f"{total:,}",
            prompt=f"{int(totals.get('prompt_tokens', 0)):,}",
            completion=f"{int(totals.get('completion_tokens', 0)):,}",
        )
        costs = [
            message_cost(record, self.transcript.price_lookup) for record in self._session.branch()
        ]
        known = [c for c in costs if c is not None]
        if known:
            text += " · " + self.tr("≈ {cost} for the answers shown").format(
                cost=f"{sum(known):.4f}"
            )
        self.usage_changed.emit(text)

    def _model_choices(self) -> list[str]:
        recent = self._settings.value(RECENT_SETTING) or []
        names = [str(n) for n in recent] if isinstance(recent, list) else []
        return list(dict.fromkeys(names + list(self._connection.fallback_models)))

    def _remember_model(self, model: str) -> None:
        self._settings.setValue(MODEL_SETTING, model)
        recent = [model] + [m for m in self._model_choices() if m != model]
        self._settings.setValue(RECENT_SETTING, recent[:RECENT_LIMIT])

    def _select_branch_with(self, session: ConversationSession, message_id: int) -> None:
        """Pick the versions that lead to ``message_id`` (a search hit on another branch)."""
        chain: list[int] = []
        record = session.message(message_id)
        while record is not None:
            chain.append(record.id)
            record = session.message(record.parent_id) if record.parent_id else None
        for node in reversed(chain):
            index, _count = session.versions(node)
            session.select_version(node, index)

    # ---- session signals ---------------------------------------------------------------

    def _on_session_message_added(self, _message_id: int) -> None:
        self.transcript.refresh()
        self._show_stack()

    def _on_session_answer_started(self, message_id: int) -> None:
        self.banner.hide()
        self._show_stack()
        self.transcript.begin_stream(message_id)

    def _on_session_answer_finished(self, message_id: int, _status: str) -> None:
        self.transcript.refresh_message(message_id)
        self.notice.emit("")

    def _on_session_answer_failed(self, _message_id: int, message: str, _details: str) -> None:
        self.notice.emit(message)

    def _on_session_tool_calls_requested(self, _assistant_id: int, calls: list[object]) -> None:
        self.transcript.refresh()
        self.notice.emit(
            self.tr("The model called {count} of your functions: enter the results below.").format(
                count=len(calls)
            )
        )

    def _on_session_json_checked(self, message_id: int, _ok: bool, _detail: str) -> None:
        self.transcript.refresh_message(message_id)

    def _on_session_schema_fallback_offered(self, message_id: int) -> None:
        self.banner.show_error(
            self.tr(
                "This relay does not accept a JSON schema. Retry in JSON mode with the schema "
                "in the prompt?"
            ),
            can_retry=True,
        )
        self._fallback_for = message_id

    def _on_session_retrying(self, attempt: int, delay: float) -> None:
        self.notice.emit(
            self.tr("The request failed; trying again in {seconds} s (attempt {n})…").format(
                seconds=max(1, round(delay)), n=attempt
            )
        )

    def _on_session_title_changed(self, title: str) -> None:
        self.header.set_title(title)

    def _on_session_tool_rounds_capped(self, rounds: int) -> None:
        self.notice.emit(
            self.tr(
                "Stopped after {rounds} automatic tool rounds; send a message to go on."
            ).format(rounds=rounds)
        )

    def _on_session_images_left_out(self, _count: int, message: str) -> None:
        self.attachment_strip.show_notice(message)

    def _on_session_settings_changed(self) -> None:
        self.transcript.refresh()
        self.images.show_policy()

    # ---- transcript requests -----------------------------------------------------------

    def _on_transcript_action_requested(self, action: str, message_id: int) -> None:
        session = self._session
        if session is None:
            return
        if session.busy:
            self.notice.emit(self.tr("Wait for the answer to finish, or press Esc to stop it."))
            return
        if action == "regenerate":
            session.regenerate(message_id)
        elif action == "continue":
            session.continue_answer(message_id)
        elif action == "retry":
            session.retry(message_id)
        elif action == "schema_fallback":
            session.use_schema_fallback(message_id)

    def _on_transcript_edit_submitted(self, message_id: int, text: str) -> None:
        if self._session is not None and not self._session.busy:
            self._session.edit_and_resend(message_id, text)

    def _on_transcript_version_requested(self, message_id: int, index: int) -> None:
        if self._session is not None:
            self._session.select_version(message_id, index)

    def _on_transcript_tool_result_submitted(self, call_id: str, content: str) -> None:
        if self._session is not None:
            self._session.submit_tool_result(call_id, content)

    # ---- other -------------------------------------------------------------------------

    def _on_banner_retry_requested(self) -> None:
        fallback = self._fallback_for
        if fallback is not None and self._session is not None:
            self._fallback_for = None
            self.banner.hide()
            self._session.use_schema_fallback(fallback)

    def _on_manager_conversation_deleted(self, conversation_id: int) -> None:
        if self._session is not None and self._session.conversation_id == conversation_id:
            self.new_chat(pick=False)

    def _on_model_picker_text_changed(self, model: str) -> None:
        model = model.strip()
        self.images.update_warning()
        session = self._session
        if session is not None and model and not session.busy and session.settings.model != model:
            session.set_model(model)
        draft = self._draft
        if session is None and draft is not None and model and draft.settings.model != model:
            draft.set_model(model)

    def _on_draft_settings_changed(self) -> None:
        self.images.show_policy()

    def _on_assistants_changed(self) -> None:
        self._show_picker()

    def _on_assistant_picker_picked(self, assistant_id: int | None) -> None:
        self.use_assistant(assistant_id)

    def _on_assistant_picker_passed_on(self, text: str) -> None:
        if not self.composer.toPlainText().strip():
            self.composer.setPlainText(text)
            self.composer.moveCursor(QTextCursor.MoveOperation.End)
        self.composer.setFocus()

    def _on_models_loaded(self, names: list[str]) -> None:
        if names:
            self.header.set_models(list(dict.fromkeys(self._model_choices() + names)))
            self.notice.emit(self.tr("Models available: {count}").format(count=len(names)))

    def _on_models_failed(self, message: str) -> None:
        self.notice.emit(self.tr("Could not load the model list: {error}").format(error=message))

    def _on_banner_details_copied(self) -> None:
        self.notice.emit(self.tr("Error details copied to the clipboard"))
