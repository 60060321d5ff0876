"""One message of the transcript: who wrote it, its text, and what can be done with it.

User messages show their images (thumbnails that open a viewer) and their text (editable to
start a new branch). Answers show the thinking
box, the markdown body (streamed through :class:`MarkdownView`), a refusal, tool calls, the
JSON check, a notice for interrupted / cut-off / failed answers, the version switcher
(‹ 2/3 ›) and the actions: copy, copy as markdown, regenerate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studio.session.chat import MessageRecord, judge_answer
from studio.ui.chat.message_images import MessageImages
from studio.ui.chat.message_parts import (
    JsonCard,
    NoticeRow,
    ThinkingBox,
    ToolCallCard,
    ToolResultCard,
    flat_button,
    plain_label,
)
from studio.ui.markdown.view import MarkdownView


class MessageView(QFrame):
    """A message card.

    Signals:
        action_requested(str, int): "regenerate", "continue", "retry", "schema_fallback".
        edit_submitted(int, str): resend this user message with new text (a new branch).
        version_requested(int, int): show version ``index`` (1-based) of this message's turn.
        tool_result_submitted(str, str): the user's result for a tool call id.
    """

    action_requested = Signal(str, int)
    edit_submitted = Signal(int, str)
    version_requested = Signal(int, int)
    tool_result_submitted = Signal(str, str)

    def __init__(self, record: MessageRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = record
        self.message_id = record.id
        self.setObjectName("messageView")
        self.setProperty("role", record.role)
        self._streaming = False
        self._versions = (1, 1)

        self.role_label = QLabel(self)
        self.role_label.setObjectName("messageRole")
        self.usage_label = QLabel(self)
        self.usage_label.setObjectName("messageUsage")
        self.status_label = QLabel(self)
        self.status_label.setObjectName("messageStatus")
        self.prev_button = flat_button(self, "prevVersionButton", "‹")
        self.prev_button.setAccessibleName(self.tr("Previous version"))
        self.next_button = flat_button(self, "nextVersionButton", "›")
        self.next_button.setAccessibleName(self.tr("Next version"))
        self.version_label = QLabel(self)
        self.version_label.setObjectName("versionLabel")
        self.prev_button.clicked.connect(lambda: self._step_version(-1))
        self.next_button.clicked.connect(lambda: self._step_version(+1))
        self.copy_button = flat_button(self, "copyMessageButton", self.tr("Copy"), "copy")
        self.copy_button.setToolTip(self.tr("Copy the text"))
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.copy_md_button = flat_button(self, "copyMarkdownButton", self.tr("MD"))
        self.copy_md_button.setToolTip(self.tr("Copy as Markdown"))
        self.copy_md_button.setAccessibleName(self.tr("Copy as Markdown"))
        self.copy_md_button.clicked.connect(self._on_copy_markdown_clicked)
        self.edit_button = flat_button(self, "editMessageButton", self.tr("Edit"), "edit")
        self.edit_button.setToolTip(self.tr("Edit and send again (keeps the old branch)"))
        self.edit_button.clicked.connect(self._begin_edit)
        self.regenerate_button = flat_button(
            self, "regenerateButton", self.tr("Regenerate"), "retry"
        )
        self.regenerate_button.setToolTip(self.tr("Answer again (keeps this answer as a version)"))
        self.regenerate_button.clicked.connect(
            lambda: self.action_requested.emit("regenerate", self.message_id)
        )

        for button in (self.copy_button, self.edit_button, self.regenerate_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        # Its full width when there is room; down to 60 px (clipped) beside long usage text.
        self.role_label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.role_label.setMinimumWidth(60)
        head = QHBoxLayout()
        head.setSpacing(4)
        head.addWidget(self.role_label)
        head.addWidget(self.status_label)
        head.addWidget(self.usage_label)
        head.addStretch(1)
        for widget in (self.prev_button, self.version_label, self.next_button):
            head.addWidget(widget)
        for widget in (
            self.copy_button,
            self.copy_md_button,
            self.edit_button,
            self.regenerate_button,
        ):
            head.addWidget(widget)

        self.thinking = ThinkingBox(self)
        self.images = MessageImages(self)
        self.body = MarkdownView(self)
        self.body.setObjectName("messageBody")
        self.user_text = plain_label(self, "", "userText")
        self.refusal = plain_label(self, "", "refusalText")
        self.refusal.hide()
        self.extras = QVBoxLayout()
        self.extras.setSpacing(6)
        self.notice = NoticeRow(self)
        self.notice.action_clicked.connect(self._on_notice_action_clicked)
        self.editor: QWidget | None = None

        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(14, 10, 14, 10)
        self._layout.setSpacing(6)
        self._layout.addLayout(head)
        self._layout.addWidget(self.thinking)
        self._layout.addWidget(self.images)
        self._layout.addWidget(self.user_text)
        self._layout.addWidget(self.body)
        self._layout.addWidget(self.refusal)
        self._layout.addLayout(self.extras)
        self._layout.addWidget(self.notice)
        self.update_record(record)

    # ---- public ------------------------------------------------------------------------

    def update_record(
        self,
        record: MessageRecord,
        *,
        versions: tuple[int, int] = (1, 1),
        pending_calls: Sequence[Mapping[str, Any]] = (),
        tool_names: Mapping[str, str] | None = None,
        cost: float | None = None,
    ) -> None:
        """Show ``record`` as stored (not streaming); ``cost`` when a price is known."""
        self.record = record
        self._show_usage(record, cost)
        self.message_id = record.id
        self._streaming = record.status == "streaming"
        self._versions = versions
        role = record.role
        if role == "user":
            self.role_label.setText(self.tr("You"))
        elif role == "tool":
            self.role_label.setText(self.tr("Tool"))
        else:
            self.role_label.setText(record.model or self.tr("Assistant"))
        # A user's attachments, or the images a model put in its answer.
        self.images.set_refs(record.attachments if role in ("user", "assistant") else [])
        self.user_text.setVisible(role == "user" and bool(record.text or not record.attachments))
        self.body.setVisible(role == "assistant")
        self.edit_button.setVisible(role == "user")
        self.regenerate_button.setVisible(role == "assistant")
        self.copy_md_button.setVisible(role == "assistant")
        self._show_versions()
        if role == "user":
            self.user_text.setText(record.text)
        elif role == "assistant":
            self.thinking.set_reasoning(record.reasoning or "", live=self._streaming)
            self._show_body(record)
        self.refusal.setText(record.refusal or "")
        self.refusal.setVisible(bool(record.refusal))
        self._rebuild_extras(record, pending_calls, tool_names or {})
        self._show_status()

    def begin_stream(self) -> None:
        """The answer (new or continued) is streaming from now on."""
        self._streaming = True
        self.notice.hide()
        self._show_status()

    def append(self, text: str, reasoning: str) -> None:
        """Show newly arrived text (already batched by the session)."""
        if reasoning:
            self.thinking.append(reasoning)
        if text:
            self.thinking.answer_started()
            self.body.append(text)

    @property
    def text(self) -> str:
        """The message text as shown."""
        return self.user_text.text() if self.record.role == "user" else self.body.markdown()

    # ---- building ----------------------------------------------------------------------

    def _show_body(self, record: MessageRecord) -> None:
        """Show an answer's text, keeping what streaming already put on screen.

        When an answer ends, the streamed widgets already show its text: the stream is
        finished in place (its tail frozen, nothing built again). Only a different text (an
        other version, an edit, a record read from the store) is rendered anew.
        """
        body = self.body
        if body.is_streaming:
            if record.status == "streaming":
                return  # still arriving: the view is ahead of the stored text
            body.finish()
        if body.markdown() != record.text:
            body.set_markdown(record.text)

    def _show_usage(self, record: MessageRecord, cost: float | None) -> None:
        usage = record.usage or {}
        total = int(usage.get("total_tokens") or 0)
        if record.role != "assistant" or not total:
            self.usage_label.clear()
            self.usage_label.setToolTip("")
            return
        text = self.tr("{total} tokens").format(total=f"{total:,}")
        if cost is not None:
            text += " · " + self.tr("≈ {cost}").format(cost=f"{cost:.4f}")
        self.usage_label.setText(text)
        self.usage_label.setToolTip(
            self.tr("{prompt} in, {completion} out, {cached} cached, {reasoning} reasoning").format(
                prompt=f"{int(usage.get('prompt_tokens') or 0):,}",
                completion=f"{int(usage.get('completion_tokens') or 0):,}",
                cached=f"{int(usage.get('cached_tokens') or 0):,}",
                reasoning=f"{int(usage.get('reasoning_tokens') or 0):,}",
            )
        )

    def _show_versions(self) -> None:
        index, count = self._versions
        many = count > 1
        for widget in (self.prev_button, self.version_label, self.next_button):
            widget.setVisible(many)
        self.version_label.setText(f"{index}/{count}")
        self.prev_button.setEnabled(index > 1)
        self.next_button.setEnabled(index < count)

    def _step_version(self, step: int) -> None:
        index, count = self._versions
        target = index + step
        if 1 <= target <= count:
            self.version_requested.emit(self.message_id, target)

    def _show_status(self) -> None:
        record = self.record
        texts = {
            "streaming": self.tr("writing…"),
            "interrupted": self.tr("interrupted"),
            "failed": self.tr("failed"),
        }
        status = "streaming" if self._streaming else record.status
        self.status_label.setText(texts.get(status, ""))
        self.status_label.setProperty("status", status)
        if self._streaming or record.role != "assistant":
            self.notice.hide()
            return
        if record.status == "failed":
            self.notice.show_notice(
                "error",
                record.error or self.tr("The answer failed."),
                [
                    ("retry", self.tr("Retry"), "retry"),
                    ("copyDetails", self.tr("Copy details"), "copy"),
                ],
            )
        elif record.status == "interrupted":
            self.notice.show_notice(
                "warning",
                self.tr("The answer was interrupted; what arrived is kept."),
                [("continue", self.tr("Continue"), "send")],
            )
        elif record.finish_reason == "length":
            self.notice.show_notice(
                "warning",
                self.tr("Cut off at the max tokens limit."),
                [("continue", self.tr("Continue"), "send")],
            )
        elif record.finish_reason == "content_filter":
            self.notice.show_notice(
                "warning", self.tr("Blocked by the provider's content filter."), []
            )
        else:
            self.notice.hide()

    def _rebuild_extras(
        self,
        record: MessageRecord,
        pending_calls: Sequence[Mapping[str, Any]],
        tool_names: Mapping[str, str],
    ) -> None:
        while self.extras.count():
            item = self.extras.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if record.role == "tool":
            name = tool_names.get(record.tool_call_id or "", "")
            self.extras.addWidget(ToolResultCard(name, record.text, self))
            return
        pending_ids = {str(c.get("id")) for c in pending_calls}
        for call in record.tool_calls or []:
            card = ToolCallCard(call, pending=str(call.get("id")) in pending_ids, parent=self)
            card.result_submitted.connect(self.tool_result_submitted)
            self.extras.addWidget(card)
        # Judged by the output settings the answer was requested with (stored with it).
        verdict = judge_answer(record)
        if verdict is not None:
            self.extras.addWidget(JsonCard(verdict, self))

    # ---- actions -----------------------------------------------------------------------

    def _on_copy_clicked(self) -> None:
        if self.record.role == "assistant":
            document = QTextDocument()
            document.setMarkdown(self.body.markdown())
            QGuiApplication.clipboard().setText(document.toPlainText())
        else:
            QGuiApplication.clipboard().setText(self.text)

    def _on_copy_markdown_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.text)

    def _on_notice_action_clicked(self, name: str) -> None:
        if name == "copyDetails":
            QGuiApplication.clipboard().setText(self.record.error or "")
            return
        self.action_requested.emit(name, self.message_id)

    def _begin_edit(self) -> None:
        if self.editor is not None:
            return
        editor = QFrame(self)
        editor.setObjectName("messageEditor")
        box = QPlainTextEdit(editor)
        box.setObjectName("editMessageEdit")
        box.setAccessibleName(self.tr("Edited message"))
        box.setPlainText(self.record.text)
        send = QPushButton(self.tr("Send as new branch"), editor)
        send.setObjectName("sendEditButton")
        send.setAccessibleName(self.tr("Send as new branch"))
        cancel = QPushButton(self.tr("Cancel"), editor)
        cancel.setObjectName("cancelEditButton")
        cancel.setAccessibleName(self.tr("Cancel editing"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(send)
        layout = QVBoxLayout(editor)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        layout.addLayout(row)
        self._layout.insertWidget(self._layout.indexOf(self.user_text) + 1, editor)
        self.user_text.hide()
        self.editor = editor
        box.setFocus()

        def finish(submit: bool) -> None:
            text = box.toPlainText()
            editor.deleteLater()
            self.editor = None
            self.user_text.setVisible(bool(self.record.text or not self.record.attachments))
            if submit and text.strip() and text != self.record.text:
                self.edit_submitted.emit(self.message_id, text)

        send.clicked.connect(lambda: finish(True))
        cancel.clicked.connect(lambda: finish(False))
