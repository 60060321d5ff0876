"""The transcript: the visible branch of one conversation as message cards.

Only the most recent messages get widgets at first (a long conversation opens at once); the
"Show earlier messages" button loads more. Cards are reused across refreshes and only
re-rendered when their message changed. While an answer streams, the view follows the
bottom unless the user has scrolled up.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QPushButton, QScrollArea, QVBoxLayout, QWidget

from studio.session.chat import ConversationSession, MessageRecord
from studio.ui.chat.message_view import MessageView
from studio.ui.common.prices import PriceLookup, no_price
from studio.ui.common.restyle import set_style_flag

PAGE_SIZE = 40
FIRST_PAINT = 4
GROW_STEP = 3
GROW_DELAY_MS = 30
"""Cards added per event-loop turn while the page fills up (keeps each turn short)."""
"""Cards built before a conversation first paints; the rest of the page follows at once
after, so a long conversation opens quickly."""
FOLLOW_SLACK = 48
HIGHLIGHT_MS = 1600


def message_cost(record: MessageRecord, lookup: PriceLookup) -> float | None:
    """What an answer cost, when its model has a price and the relay reported usage."""
    usage = record.usage or {}
    price = lookup(record.model or "") if record.role == "assistant" and usage else None
    if price is None:
        return None
    return price.cost(
        int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
    )


class TranscriptView(QScrollArea):
    """Shows a :class:`ConversationSession`'s branch; forwards the cards' requests.

    Signals mirror :class:`MessageView`'s: action_requested(str, int), edit_submitted(int,
    str), version_requested(int, int), tool_result_submitted(str, str).
    """

    action_requested = Signal(str, int)
    edit_submitted = Signal(int, str)
    version_requested = Signal(int, int)
    tool_result_submitted = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setAccessibleName(self.tr("Conversation"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._inner = QWidget(self)
        self._inner.setObjectName("transcriptInner")
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(24, 12, 24, 12)
        self._layout.setSpacing(10)
        self.load_more_button = QPushButton(self.tr("Show earlier messages"), self._inner)
        self.load_more_button.setObjectName("loadEarlierButton")
        self.load_more_button.setAccessibleName(self.tr("Show earlier messages"))
        self.load_more_button.clicked.connect(self._on_load_more_clicked)
        self._layout.addWidget(self.load_more_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._layout.addStretch(1)
        self.setWidget(self._inner)
        self._session: ConversationSession | None = None
        self.price_lookup: PriceLookup = no_price
        self._views: dict[int, MessageView] = {}
        self._signatures: dict[int, tuple[Any, ...]] = {}
        self._order: list[int] = []
        self._shown = PAGE_SIZE
        self._follow = True
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._on_scroll_range_changed)
        bar.valueChanged.connect(self._on_scroll_value_changed)

    # ---- public ------------------------------------------------------------------------

    @property
    def views(self) -> list[MessageView]:
        """The message cards in order (only those built so far)."""
        return [self._views[i] for i in self._order]

    def view(self, message_id: int) -> MessageView | None:
        """The card of ``message_id`` if it is built."""
        return self._views.get(message_id)

    def set_session(self, session: ConversationSession | None) -> None:
        """Show another conversation (None: nothing)."""
        self._session = session
        for view in self._views.values():
            view.deleteLater()
        self._views.clear()
        self._signatures.clear()
        self._order = []
        records = session.branch() if session is not None else []
        # A long conversation paints its newest cards first; a short or new one gets the
        # whole page at once (so later turns are never hidden behind "earlier messages").
        self._shown = FIRST_PAINT if len(records) > FIRST_PAINT else PAGE_SIZE
        self._follow = True
        self._show(records)
        # The rest of the page is built in short steps once the newest cards are on screen.
        # (A zero timer first, so the delay counts from when control returns to the loop.)
        if session is not None and self._shown < PAGE_SIZE:
            QTimer.singleShot(0, self, lambda: self._schedule_growth(session))

    def refresh(self) -> None:
        """Bring the cards in line with the session's visible branch."""
        self._show(self._session.branch() if self._session is not None else [])

    def _show(self, records: list[MessageRecord]) -> None:
        start = max(0, len(records) - self._shown)
        wanted = records[start:]
        self.load_more_button.setVisible(start > 0)
        context = self._context(records)
        keep = {r.id for r in wanted}
        for message_id in [i for i in self._views if i not in keep]:
            self._views.pop(message_id).deleteLater()
            self._signatures.pop(message_id, None)
        for position, record in enumerate(wanted):
            view = self._views.get(record.id)
            signature = self._signature(record, context)
            if view is None:
                view = MessageView(record, self._inner)
                self._connect(view)
                self._views[record.id] = view
            if self._signatures.get(record.id) != signature:
                self._update(view, record, context, versions=signature[3])
                self._signatures[record.id] = signature
            self._layout.insertWidget(1 + position, view)
        self._order = [r.id for r in wanted]

    def refresh_message(self, message_id: int) -> None:
        """Re-read one message (an answer finished) and refresh the rest if needed."""
        self._signatures.pop(message_id, None)
        self.refresh()

    def begin_stream(self, message_id: int) -> None:
        """An answer started streaming into ``message_id``."""
        view = self._views.get(message_id)
        if view is None:
            self.refresh()
            view = self._views.get(message_id)
        if view is not None:
            view.begin_stream()

    def append(self, message_id: int, text: str, reasoning: str) -> None:
        """Newly arrived text for a streaming answer."""
        view = self._views.get(message_id)
        if view is not None:
            view.append(text, reasoning)
            self._signatures.pop(message_id, None)

    def scroll_to_message(self, message_id: int) -> bool:
        """Load and reveal ``message_id`` with a brief highlight; False if not on the branch."""
        records = self._session.branch() if self._session is not None else []
        ids = [r.id for r in records]
        if message_id not in ids:
            return False
        needed = len(ids) - ids.index(message_id)
        if needed > self._shown:
            self._shown = needed + PAGE_SIZE // 2
            self.refresh()
        view = self._views.get(message_id)
        if view is None:
            return False
        self._follow = False
        set_style_flag(view, "highlight", True)
        QTimer.singleShot(0, self, lambda: self._reveal(view))
        QTimer.singleShot(HIGHLIGHT_MS, self, lambda: self._unhighlight(view))
        return True

    def follow_bottom(self) -> None:
        """Jump to the end and keep following new text."""
        self._follow = True
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    # ---- internals ---------------------------------------------------------------------

    def _context(self, records: list[MessageRecord]) -> dict[str, Any]:
        session = self._session
        names: dict[str, str] = {}
        for record in records:
            for call in record.tool_calls or []:
                function = call.get("function")
                if isinstance(function, Mapping):
                    names[str(call.get("id"))] = str(function.get("name") or "")
        return {
            "pending": session.pending_tool_calls() if session is not None else [],
            "names": names,
        }

    def _signature(self, record: MessageRecord, context: dict[str, Any]) -> tuple[Any, ...]:
        versions = self._session.versions(record.id) if self._session is not None else (1, 1)
        pending = tuple(sorted(str(c.get("id")) for c in context["pending"]))
        return (
            record.status,
            record.updated_at,
            len(record.text),
            versions,
            pending if record.tool_calls else (),
        )

    def _update(
        self,
        view: MessageView,
        record: MessageRecord,
        context: dict[str, Any],
        *,
        versions: tuple[int, int],
    ) -> None:
        view.update_record(
            record,
            versions=versions,
            pending_calls=context["pending"],
            tool_names=context["names"],
            cost=message_cost(record, self.price_lookup),
        )

    def _connect(self, view: MessageView) -> None:
        view.action_requested.connect(self.action_requested)
        view.edit_submitted.connect(self.edit_submitted)
        view.version_requested.connect(self.version_requested)
        view.tool_result_submitted.connect(self.tool_result_submitted)

    def _reveal(self, view: MessageView) -> None:
        if shiboken6.isValid(view):
            self.ensureWidgetVisible(view, 0, 40)

    def _unhighlight(self, view: MessageView) -> None:
        if shiboken6.isValid(view):
            set_style_flag(view, "highlight", False)

    def _schedule_growth(self, session: ConversationSession) -> None:
        QTimer.singleShot(GROW_DELAY_MS, self, lambda: self._grow_to_page(session))

    def _grow_to_page(self, session: ConversationSession) -> None:
        if self._session is not session or self._shown >= PAGE_SIZE:
            return
        before = len(self._order)
        self._shown = min(PAGE_SIZE, self._shown + GROW_STEP)
        self.refresh()
        if len(self._order) > before and self._shown < PAGE_SIZE:
            QTimer.singleShot(GROW_DELAY_MS, self, lambda: self._grow_to_page(session))

    def _on_load_more_clicked(self) -> None:
        self._follow = False
        self._shown += PAGE_SIZE
        self.refresh()

    def _on_scroll_range_changed(self, _low: int, high: int) -> None:
        if self._follow:
            self.verticalScrollBar().setValue(high)

    def _on_scroll_value_changed(self, value: int) -> None:
        self._follow = value >= self.verticalScrollBar().maximum() - FOLLOW_SLACK
