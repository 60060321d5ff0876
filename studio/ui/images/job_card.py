"""One job on screen: prompt, model, elapsed time, state, previews, Cancel / Retry.

The card listens to its :class:`ImageJob`; it never awaits. The elapsed time is worked out
from a clock (injected for tests) and refreshed by the job list's 1 Hz timer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.session.images import ImageJob
from studio.ui.common.prices import PriceLookup, no_price
from studio.ui.common.restyle import set_style_flag
from studio.ui.images.icons import page_icon
from studio.ui.images.inputs import GenerationInputs
from studio.ui.images.protocols import GalleryEntry, thumbnail_key
from studio.ui.images.thumbnails import ThumbnailCache, scaled_into
from studio.ui.images.usage_text import long_usage, short_usage

CARD_WIDTH = 320
PREVIEW_SIDE = 84
RESULT_SIDE = 34
ACTIVE_STATES = frozenset({"queued", "running"})


def format_elapsed(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``) for a duration in seconds."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class JobCard(QFrame):
    """A job's card in the job list.

    Signals:
        retry_requested(object): Retry was pressed; carries the :class:`GenerationInputs`.
        item_activated(int): a result thumbnail was clicked (the gallery item id).
        dismissed(): the × of a finished card was pressed.
        details_copied(): the error details went to the clipboard.
    """

    retry_requested = Signal(object)
    item_activated = Signal(int)
    dismissed = Signal()
    details_copied = Signal()

    def __init__(
        self,
        job: ImageJob,
        inputs: GenerationInputs,
        thumbnails: ThumbnailCache,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.time,
        price_lookup: PriceLookup = no_price,
    ) -> None:
        super().__init__(parent)
        self._price_lookup = price_lookup
        self.setObjectName("jobCard")
        self.setAccessibleName(self.tr("Image job"))
        self.setFixedWidth(CARD_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.job = job
        self.inputs = inputs
        self._thumbnails = thumbnails
        self._clock = clock
        self._ended_at: float | None = None
        self._details = ""
        self._message = ""
        self._items: list[GalleryEntry] = []
        self._partial_key = ""
        self._partials = 0
        text_color = self.palette().color(QPalette.ColorRole.Text)

        self.preview = QToolButton(self)
        self.preview.setObjectName("jobPreview")
        self.preview.setFixedSize(PREVIEW_SIDE, PREVIEW_SIDE)
        self.preview.setAccessibleName(self.tr("Preview"))
        self.preview.setIcon(page_icon("image", self.palette().color(QPalette.ColorRole.Mid)))
        self.preview.setIconSize(QSize(36, 36))
        self.preview.clicked.connect(self._on_preview_clicked)

        self.prompt_label = QLabel(self)
        self.prompt_label.setObjectName("jobPrompt")
        self.prompt_label.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt_label.setToolTip(inputs.prompt)
        self.meta_label = QLabel(self)
        self.meta_label.setObjectName("jobMeta")
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("jobState")
        self.elapsed_label = QLabel(self)
        self.elapsed_label.setObjectName("jobElapsed")
        self.elapsed_label.setAccessibleName(self.tr("Time elapsed"))
        self.dismiss_button = self._button("jobDismissButton", "", "close", text_color)
        self.dismiss_button.setAccessibleName(self.tr("Remove this card"))
        self.dismiss_button.setToolTip(self.tr("Remove this card (the pictures stay)"))
        self.dismiss_button.setProperty("cardButton", False)
        self.dismiss_button.setProperty("flatButton", True)
        self.dismiss_button.clicked.connect(self.dismissed)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("jobError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.warning_label = QLabel(self)
        self.warning_label.setObjectName("jobWarning")
        self.warning_label.setProperty("hint", True)
        self.warning_label.setWordWrap(True)
        self.warning_label.setTextFormat(Qt.TextFormat.PlainText)
        self.warning_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning_label.hide()

        self.cancel_button = self._button("jobCancelButton", self.tr("Cancel"), "stop", text_color)
        self.cancel_button.setAccessibleName(self.tr("Cancel this job"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.copy_button = self._button(
            "jobCopyDetailsButton", self.tr("Copy details"), "copy", text_color
        )
        self.copy_button.setAccessibleName(self.tr("Copy error details"))
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.retry_button = self._button("jobRetryButton", self.tr("Retry"), "retry", text_color)
        self.retry_button.setAccessibleName(self.tr("Run this job again"))
        self.retry_button.setToolTip(self.tr("Start the same job again (a new run is billed)"))
        self.retry_button.clicked.connect(self._on_retry_clicked)

        self.confirm = QFrame(self)
        self.confirm.setObjectName("jobConfirm")
        confirm_text = QLabel(
            self.tr("The relay may still bill for this picture. Stop waiting for it?"), self
        )
        confirm_text.setObjectName("jobConfirmText")
        confirm_text.setWordWrap(True)
        self.confirm_stop = self._button(
            "jobConfirmCancelButton", self.tr("Stop waiting"), "", text_color
        )
        self.confirm_stop.setAccessibleName(self.tr("Confirm: cancel this job"))
        self.confirm_keep = self._button(
            "jobKeepWaitingButton", self.tr("Keep waiting"), "", text_color
        )
        self.confirm_keep.setAccessibleName(self.tr("Keep waiting for this job"))
        self.confirm_stop.clicked.connect(self._on_confirm_stop)
        self.confirm_keep.clicked.connect(self._on_confirm_keep)
        confirm_buttons = QHBoxLayout()
        confirm_buttons.setSpacing(6)
        confirm_buttons.addStretch(1)
        confirm_buttons.addWidget(self.confirm_keep)
        confirm_buttons.addWidget(self.confirm_stop)
        confirm_layout = QVBoxLayout(self.confirm)
        confirm_layout.setContentsMargins(8, 6, 8, 6)
        confirm_layout.setSpacing(4)
        confirm_layout.addWidget(confirm_text)
        confirm_layout.addLayout(confirm_buttons)
        self.confirm.hide()

        self.results = QHBoxLayout()
        self.results.setSpacing(4)
        self._result_buttons: list[QToolButton] = []

        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.state_label)
        top.addWidget(self.elapsed_label)
        top.addStretch(1)
        top.addWidget(self.dismiss_button)
        self.button_row = QWidget(self)
        self.button_row.setObjectName("jobButtons")
        buttons = QHBoxLayout(self.button_row)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(6)
        buttons.addLayout(self.results)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.cancel_button)
        text_column = QVBoxLayout()
        text_column.setSpacing(3)
        text_column.addLayout(top)
        text_column.addWidget(self.prompt_label)
        text_column.addWidget(self.meta_label)
        text_column.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text_column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.confirm)
        layout.addWidget(self.button_row)

        self._set_prompt_text()
        self.meta_label.setText(inputs.model)
        self.meta_label.setToolTip(inputs.model)
        job.state_changed.connect(self._on_job_state_changed)
        job.partial_image.connect(self._on_job_partial_image)
        job.image_arrived.connect(self._on_job_image_arrived)
        job.item_saved.connect(self._on_job_item_saved)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        thumbnails.ready.connect(self._on_thumbnail_ready)
        self._show_state(job.state)
        if job.state == "done" and job.items:
            self._on_job_finished(list(job.items))
        elif job.state == "cancelled" and job.items:
            self._show_items(list(job.items))
        elif job.state == "failed" and job.error:
            self._on_job_failed(job.error, job.error)
        self.refresh_elapsed()

    def _button(self, name: str, text: str, icon_name: str, color: Any) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setProperty("cardButton", True)
        button.setText(text)
        if icon_name:
            button.setIcon(page_icon(icon_name, color))
            button.setIconSize(QSize(14, 14))
        button.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if text
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    # -- public --------------------------------------------------------------------------

    @property
    def state(self) -> str:
        """The job's state as last shown."""
        return str(self.property("state") or "")

    @property
    def active(self) -> bool:
        """True while the job is queued or running (its clock ticks)."""
        return self.state in ACTIVE_STATES

    @property
    def message(self) -> str:
        """The error message shown (empty unless failed)."""
        return self._message if self.state == "failed" else ""

    @property
    def details(self) -> str:
        """What "Copy details" puts on the clipboard."""
        return self._details

    @property
    def partial_count(self) -> int:
        """How many partial previews arrived (streaming models)."""
        return self._partials

    @property
    def items(self) -> list[GalleryEntry]:
        """The pictures the job produced."""
        return list(self._items)

    def refresh_elapsed(self) -> None:
        """Show the time since the job started (frozen once it ended)."""
        started = self.job.started_at
        if started is None:
            self.elapsed_label.setText("")
            return
        end = self._ended_at if self._ended_at is not None else self._clock()
        self.elapsed_label.setText(format_elapsed(end - started))

    # -- job signals ---------------------------------------------------------------------

    def _on_job_state_changed(self, state: str) -> None:
        self._show_state(state)
        if state == "cancelled" and self.job.items:  # pictures saved before the cancel stay
            self._show_items(list(self.job.items))

    def _on_job_partial_image(self, data: bytes) -> None:
        self._partials += 1
        self._partial_key = f"partial:{self.job.id}:{self._partials}"
        pixmap = self._thumbnails.request(self._partial_key, bytes(data))
        if pixmap is not None:
            self._show_preview(pixmap)

    def _on_job_image_arrived(self, index: int, data: object) -> None:
        # The thumbnail is made while the picture is being saved (see ThumbnailCache.alias).
        if isinstance(data, bytes):
            self._thumbnails.prefetch(self._arrived_key(index), data)

    def _on_job_item_saved(self, item: GalleryEntry) -> None:
        self._thumbnails.alias(thumbnail_key(item), self._arrived_key(item.index))
        if self.job.state == "cancelled":
            # Cancelled while this picture was being written: it is kept (and may be
            # billed), so show it rather than an empty card.
            self._show_items(list(self.job.items))

    def _arrived_key(self, index: int) -> str:
        return f"arrived:{self.job.id}:{index}"

    def set_price_lookup(self, lookup: PriceLookup) -> None:
        """Prices per model; a finished card shows its cost at the new price."""
        self._price_lookup = lookup
        if self.job.usage:
            self._show_usage()

    def _show_usage(self) -> None:
        """The model and, once the answer reported them, its tokens (and cost)."""
        model = self.job.model
        usage = short_usage(self.job.usage, model, self._price_lookup)
        shown = f"{model} · {usage}" if usage else model
        self.meta_label.setText(shown)
        detail = long_usage(self.job.usage, model, self._price_lookup)
        self.meta_label.setToolTip(f"{model}\n{detail}" if detail else model)

    def _on_job_finished(self, items: Sequence[Any]) -> None:
        self._show_items(items)
        self._show_usage()
        warning = self.job.warning
        if warning:  # some pictures of the answer could not be read: say so
            self._details = warning
            self.warning_label.setText(self._elided(self.warning_label, warning))
            self.warning_label.setToolTip(warning)
        self._show_state("done")

    def _show_items(self, items: Sequence[Any]) -> None:
        self._items = list(items)
        self._partial_key = ""
        for button in self._result_buttons:
            self.results.removeWidget(button)
            button.hide()
            button.deleteLater()
        self._result_buttons.clear()
        for number, item in enumerate(self._items):
            button = QToolButton(self)
            button.setObjectName(f"jobResult{number}")
            button.setProperty("flatButton", True)
            button.setAccessibleName(self.tr("Picture {n} of this job").format(n=number + 1))
            button.setToolTip(self.tr("Show it in the gallery"))
            button.setIconSize(QSize(RESULT_SIDE, RESULT_SIDE))
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, i=item.id: self.item_activated.emit(i))
            self.results.addWidget(button)
            button.show()
            self._result_buttons.append(button)
        self._refresh_results()
        self._sync_button_row()

    def _on_job_failed(self, message: str, details: str) -> None:
        self._message = message
        self._details = details or message
        self.error_label.setText(self._elided(self.error_label, message))
        self.error_label.setToolTip(message)
        self._show_state("failed")

    @staticmethod
    def _elided(label: QLabel, text: str) -> str:
        """``text`` cut to about two lines of the card."""
        metrics = label.fontMetrics()
        room = (CARD_WIDTH - 24) * 2 - metrics.averageCharWidth() * 6
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)

    def _on_thumbnail_ready(self, key: str) -> None:
        if key == self._partial_key:
            pixmap = self._thumbnails.pixmap(key)
            if pixmap is not None:
                self._show_preview(pixmap)
        elif any(thumbnail_key(item) == key for item in self._items):
            self._refresh_results()

    # -- buttons -------------------------------------------------------------------------

    def _on_cancel_clicked(self) -> None:
        self.confirm.show()
        self.cancel_button.hide()
        self._sync_button_row()
        self.confirm_keep.setFocus()

    def _on_confirm_stop(self) -> None:
        self.confirm.hide()
        self.job.cancel()

    def _on_confirm_keep(self) -> None:
        self.confirm.hide()
        self.cancel_button.setVisible(self.active)
        self._sync_button_row()

    def _on_preview_clicked(self) -> None:
        if self._items:
            self.item_activated.emit(self._items[0].id)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self._details)
        self.details_copied.emit()

    def _on_retry_clicked(self) -> None:
        self.retry_requested.emit(self.inputs)

    # -- drawing -------------------------------------------------------------------------

    def _set_prompt_text(self) -> None:
        metrics = self.prompt_label.fontMetrics()
        width = CARD_WIDTH - PREVIEW_SIDE - 40
        one_line = " ".join(self.inputs.prompt.split())
        self.prompt_label.setText(
            metrics.elidedText(one_line, Qt.TextElideMode.ElideRight, width * 2 - 20)
        )
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setMaximumHeight(metrics.lineSpacing() * 2 + 2)

    def _show_state(self, state: str) -> None:
        texts = {
            "queued": self.tr("Queued"),
            "running": self.tr("Generating…"),
            "done": self.tr("Done"),
            "failed": self.tr("Failed"),
            "cancelled": self.tr("Cancelled"),
        }
        if state not in ACTIVE_STATES and self._ended_at is None and self.job.started_at:
            self._ended_at = self._clock()
        set_style_flag(self, "state", state)
        self.state_label.setText(texts.get(state, state))
        active = state in ACTIVE_STATES
        self.cancel_button.setVisible(active and not self.confirm.isVisible())
        if not active:
            self.confirm.hide()
        failed = state == "failed"
        warned = state == "done" and bool(self.warning_label.text())
        self.error_label.setVisible(failed)
        self.warning_label.setVisible(warned)
        self.copy_button.setVisible(failed or warned)
        self.retry_button.setVisible(failed or state == "cancelled")
        self.dismiss_button.setVisible(not active)
        self._sync_button_row()
        self.refresh_elapsed()

    def _sync_button_row(self) -> None:
        shown = [
            not self.cancel_button.isHidden(),
            not self.copy_button.isHidden(),
            not self.retry_button.isHidden(),
            len(self._result_buttons) > 1,
        ]
        self.button_row.setVisible(any(shown))

    def _show_preview(self, pixmap: QPixmap) -> None:
        shown = scaled_into(pixmap, PREVIEW_SIDE - 4, self)
        self.preview.setIcon(shown)
        self.preview.setIconSize(shown.deviceIndependentSize().toSize())

    def _refresh_results(self) -> None:
        for button, item in zip(self._result_buttons, self._items, strict=False):
            pixmap = self._thumbnails.request(thumbnail_key(item), item.path)
            if pixmap is not None:
                button.setIcon(scaled_into(pixmap, RESULT_SIDE, self))
        if self._items:
            first = self._thumbnails.pixmap(thumbnail_key(self._items[0]))
            if first is not None:
                self._show_preview(first)
        if len(self._items) <= 1:
            for button in self._result_buttons:
                button.hide()
        if self._items:
            self.preview.setToolTip(self.tr("Show it in the gallery"))
            self.preview.setCursor(Qt.CursorShape.PointingHandCursor)
