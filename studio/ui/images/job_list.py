"""The job strip: one card per job, newest on the left, with one 1 Hz clock for them all."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QWidget

from studio.session.images import ImageJob
from studio.ui.common.prices import PriceLookup, no_price
from studio.ui.images.inputs import GenerationInputs
from studio.ui.images.job_card import JobCard
from studio.ui.images.thumbnails import ThumbnailCache

TICK_MS = 1000


class JobList(QScrollArea):
    """A horizontal list of :class:`JobCard` (objectName ``jobList``).

    Signals:
        retry_requested(object): a card's Retry (carries :class:`GenerationInputs`).
        item_activated(int): a result thumbnail was clicked (gallery item id).
        details_copied(): a card's error details went to the clipboard.
        cards_changed(): a card came, went or changed state.
    """

    retry_requested = Signal(object)
    cards_changed = Signal()
    item_activated = Signal(int)
    details_copied = Signal()

    def __init__(
        self,
        thumbnails: ThumbnailCache,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("jobList")
        self.setAccessibleName(self.tr("Image jobs"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._thumbnails = thumbnails
        self._clock = clock
        self.price_lookup: PriceLookup = no_price  # prices per model, for the cards' costs
        self._cards: list[JobCard] = []
        content = QWidget(self)
        content.setObjectName("jobListContent")
        self._row = QHBoxLayout(content)
        self._row.setContentsMargins(16, 10, 16, 10)
        self._row.setSpacing(10)
        self.empty_label = QLabel(
            self.tr("Jobs you start appear here, with their time and state."), content
        )
        self.empty_label.setObjectName("jobsEmpty")
        self._row.addWidget(self.empty_label)
        self._row.addStretch(1)
        self._content = content
        self.setWidget(content)
        # A card grows after it was laid out (results, an error): grow the strip with it.
        content.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

    @property
    def cards(self) -> list[JobCard]:
        """The cards, newest first."""
        return list(self._cards)

    @property
    def has_finished(self) -> bool:
        """True when a card of an ended job is shown."""
        return any(not card.active for card in self._cards)

    def card_for(self, job_id: int) -> JobCard | None:
        """The card of job ``job_id``."""
        return next((card for card in self._cards if card.job.id == job_id), None)

    def sizeHint(self) -> QSize:
        """As tall as the tallest card (plus the scroll bar)."""
        content = self._content.sizeHint()
        bar = self.horizontalScrollBar().sizeHint().height()
        return QSize(content.width(), content.height() + bar)

    def minimumSizeHint(self) -> QSize:
        """Never shorter than the cards."""
        return QSize(0, self.sizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ask the page for a new height whenever the cards' layout changes."""
        if watched is self._content and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def set_price_lookup(self, lookup: PriceLookup) -> None:
        """Prices per model for the cards' costs; finished cards show the new ones at once."""
        self.price_lookup = lookup
        for card in self._cards:
            card.set_price_lookup(lookup)

    def add_job(self, job: ImageJob, inputs: GenerationInputs) -> JobCard:
        """Show ``job`` first in the list (once, however often it is added)."""
        existing = self.card_for(job.id)
        if existing is not None:
            return existing
        card = JobCard(
            job,
            inputs,
            self._thumbnails,
            self.widget(),
            clock=self._clock,
            price_lookup=self.price_lookup,
        )
        card.retry_requested.connect(self.retry_requested)
        card.item_activated.connect(self.item_activated)
        card.details_copied.connect(self.details_copied)
        card.dismissed.connect(lambda c=card: self.remove_card(c))
        job.state_changed.connect(self._on_job_state_changed)
        self._cards.insert(0, card)
        self._row.insertWidget(0, card)
        card.show()
        self.empty_label.hide()
        self.horizontalScrollBar().setValue(0)
        self._on_job_state_changed(job.state)
        self.updateGeometry()
        return card

    def remove_card(self, card: JobCard) -> None:
        """Take a card off the list (the job's pictures stay in the gallery)."""
        if card in self._cards:
            self._cards.remove(card)
            self._row.removeWidget(card)
            card.deleteLater()
        self.empty_label.setVisible(not self._cards)
        self.updateGeometry()
        self.cards_changed.emit()

    def clear_finished(self) -> None:
        """Remove the cards of jobs that ended."""
        for card in [c for c in self._cards if not c.active]:
            self.remove_card(card)

    def tick(self) -> None:
        """Refresh the running clocks (the 1 Hz timer calls this); stop when none run."""
        running = [card for card in self._cards if card.active]
        for card in running:
            card.refresh_elapsed()
        if not running:
            self._timer.stop()

    def _on_job_state_changed(self, _state: str) -> None:
        self.updateGeometry()
        self.cards_changed.emit()
        if any(card.active for card in self._cards):
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
