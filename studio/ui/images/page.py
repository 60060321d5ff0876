"""The Images page: create on the left, jobs and the gallery on the right.

Wiring (in the composition root)::

    page = ImagesPage(image_session, parent)
    page.use_in_chat_requested.connect(chat_page.attach_image)   # str: the file path
    page.edit_requested.connect(edit_page.open_image)            # str: the file path
    page.notice.connect(main_window.show_notice)                 # str: a passing message

"Edit this image" stays disabled (with a tooltip saying it comes with the editing studio)
until something is connected to :attr:`ImagesPage.edit_requested`. Call
:meth:`ImagesPage.shutdown` before the loop stops, so no thumbnail work is left running.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMetaMethod, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.session.images import ImageJob, ImageStudioSession
from studio.ui.common.prices import PriceLookup, no_price
from studio.ui.images.create_panel import CreatePanel
from studio.ui.images.gallery_panel import GalleryPanel
from studio.ui.images.gallery_source import SessionGallery
from studio.ui.images.icons import page_icon
from studio.ui.images.inputs import GenerationInputs
from studio.ui.images.job_list import JobList
from studio.ui.images.style import page_stylesheet
from studio.ui.images.thumbnails import ThumbnailCache
from studio.ui.images.viewer import ImageViewerDialog

FORM_SETTING = "images/form"


def inputs_of(job: ImageJob) -> GenerationInputs:
    """What a job was started with, read back from the job (for jobs started elsewhere)."""
    params = dict(job.params)
    negative = params.pop("negative_prompt", None)
    extra = params.pop("extra", None)
    return GenerationInputs(
        model=job.model,
        prompt=job.prompt,
        values=params,
        negative_prompt=str(negative) if negative else None,
        extra_json=json.dumps(extra, ensure_ascii=False) if extra else None,
    )


class ImagesPage(QWidget):
    """Generate pictures, follow the jobs, browse and reuse the gallery.

    Signals:
        use_in_chat_requested(str): "Use in chat" on a picture (its file path).
        edit_requested(str): "Edit this image" on a picture (its file path).
        notice(str): a passing message for the status bar.
    """

    use_in_chat_requested = Signal(str)
    edit_requested = Signal(str)
    notice = Signal(str)

    def __init__(
        self,
        session: ImageStudioSession,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.time,
        settings: QSettings | None = None,
    ) -> None:
        """The page over ``session``; with ``settings``, the model and parameters last used
        come back at the next start."""
        super().__init__(parent)
        self.setObjectName("imagesPage")
        self._settings = settings
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._session = session
        self._pending: GenerationInputs | None = None
        self.viewer: ImageViewerDialog | None = None
        self._price_lookup: PriceLookup = no_price
        self._sheet = ""
        self.thumbnails = ThumbnailCache(self)

        self.create_panel = CreatePanel(session.specs, self)
        self.prompt = self.create_panel.prompt
        self.model_picker = self.create_panel.model_picker
        self.generate_button = self.create_panel.generate_button
        self.form = self.create_panel.form
        self.jobs = JobList(self.thumbnails, self, clock=clock)
        self.gallery = GalleryPanel(
            SessionGallery(session), self.thumbnails, self, editing_available=self.editing_available
        )

        strip = QFrame(self)
        strip.setObjectName("jobsStrip")
        strip.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        jobs_title = QLabel(self.tr("Jobs"), strip)
        jobs_title.setProperty("sectionTitle", True)
        self.clear_jobs_button = QToolButton(strip)
        self.clear_jobs_button.setObjectName("clearFinishedJobsButton")
        self.clear_jobs_button.setProperty("flatButton", True)
        self.clear_jobs_button.setText(self.tr("Clear finished"))
        self.clear_jobs_button.setAccessibleName(self.tr("Remove the cards of finished jobs"))
        self.clear_jobs_button.setToolTip(self.tr("Remove finished cards (the pictures stay)"))
        self.clear_jobs_button.setIcon(
            page_icon("close", self.palette().color(QPalette.ColorRole.Text))
        )
        self.clear_jobs_button.setIconSize(QSize(14, 14))
        self.clear_jobs_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        strip_head = QHBoxLayout()
        strip_head.setContentsMargins(16, 8, 12, 0)
        strip_head.addWidget(jobs_title)
        strip_head.addStretch(1)
        strip_head.addWidget(self.clear_jobs_button)
        strip_layout = QVBoxLayout(strip)
        strip_layout.setContentsMargins(0, 0, 0, 0)
        strip_layout.setSpacing(0)
        strip_layout.addLayout(strip_head)
        strip_layout.addWidget(self.jobs, 1)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(strip)
        right.addWidget(self.gallery, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.create_panel)
        layout.addLayout(right, 1)
        self.setFocusProxy(self.prompt)
        self._apply_style()

        self.prompt.set_history_source(session.prompt_history)
        self.create_panel.generate_requested.connect(self.generate)
        self.clear_jobs_button.clicked.connect(self.jobs.clear_finished)
        self.jobs.cards_changed.connect(self._on_jobs_cards_changed)
        self.jobs.retry_requested.connect(self._on_jobs_retry_requested)
        self.jobs.item_activated.connect(self.gallery.select_item)
        self.jobs.details_copied.connect(self._on_details_copied)
        actions = self.gallery.gallery_actions
        actions.open_requested.connect(self.open_viewer)
        actions.reuse_requested.connect(self.reuse)
        actions.edit_requested.connect(self.edit_requested)
        actions.use_in_chat_requested.connect(self.use_in_chat_requested)
        self.gallery.notice.connect(self.notice)
        session.job_added.connect(self._on_session_job_added)
        session.gallery_changed.connect(self.gallery.refresh)
        for job in session.jobs():
            self.jobs.add_job(job, inputs_of(job))
        self._on_jobs_cards_changed()
        self._restore_form()

    # -- public --------------------------------------------------------------------------

    def editing_available(self) -> bool:
        """True once something listens to :attr:`edit_requested` (the editing studio)."""
        return self.isSignalConnected(QMetaMethod.fromSignal(self.edit_requested))

    def generate(self) -> ImageJob | None:
        """Start a run with what the form shows (the prompt and parameters stay)."""
        return self._start(self.create_panel.inputs(resolve=True))

    def reuse(self, item_id: int) -> None:
        """Fill the form with everything a gallery picture was made with."""
        try:
            model, prompt, params = self._session.reuse(item_id)
        except KeyError:
            return
        self.create_panel.apply(model, prompt, params)
        self.prompt.setFocus()
        self.notice.emit(self.tr("Model, prompt and parameters filled in"))

    def open_viewer(self, item_id: int) -> ImageViewerDialog | None:
        """Show picture ``item_id`` in the viewer (one viewer at a time)."""
        row = self.gallery.model.row_of(item_id)
        if row < 0:
            return None
        if self.viewer is None:
            self.viewer = ImageViewerDialog(
                self.gallery.model, row, self.thumbnails, self, price_lookup=self._price_lookup
            )
            self.viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.viewer.destroyed.connect(self._on_viewer_destroyed)
        else:
            self.viewer.show_row(row)
        self.viewer.show()
        self.viewer.raise_()
        return self.viewer

    def set_price_lookup(self, lookup: PriceLookup) -> None:
        """Prices per model (from Settings), for the cost beside a job's tokens; what is shown
        follows at once (call again after the prices change)."""
        self._price_lookup = lookup
        self.jobs.set_price_lookup(lookup)
        self.gallery.details.metadata.set_price_lookup(lookup)
        if self.viewer is not None:
            self.viewer.metadata.set_price_lookup(lookup)

    def save_state(self) -> None:
        """Remember the model and the parameters shown (for the next start)."""
        if self._settings is not None:
            state = self.create_panel.remembered()
            self._settings.setValue(FORM_SETTING, json.dumps(state, ensure_ascii=False))

    def shutdown(self) -> None:
        """Stop background decoding (call when the app quits)."""
        self.thumbnails.close()

    def changeEvent(self, event: QEvent) -> None:
        """Follow theme changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_style()

    # -- internals -----------------------------------------------------------------------

    def _apply_style(self) -> None:
        # Setting a style sheet repolishes (another PaletteChange): only act on a new theme.
        palette = QApplication.palette()
        sheet = page_stylesheet(palette)
        if sheet == self._sheet:
            return
        self._sheet = sheet
        self.setStyleSheet(sheet)
        self.gallery.delegate.update_colors(palette)

    def _restore_form(self) -> None:
        if self._settings is None:
            return
        try:
            state = json.loads(str(self._settings.value(FORM_SETTING, "") or "{}"))
        except ValueError:
            return  # a hand-edited value: start from the defaults
        if isinstance(state, dict):
            self.create_panel.restore(state)

    def _start(self, inputs: GenerationInputs) -> ImageJob | None:
        self._pending = inputs
        try:
            job = self._session.generate(
                inputs.model,
                inputs.prompt,
                inputs.values,
                inputs.negative_prompt,
                inputs.extra_json,
            )
        except ValueError as exc:
            self.create_panel.show_problem(str(exc))
            return None
        finally:
            self._pending = None
        self.create_panel.show_problem("")
        self.save_state()
        self.jobs.add_job(job, inputs)
        self.prompt.reset_history_position()
        return job

    def _on_session_job_added(self, job: ImageJob) -> None:
        self.jobs.add_job(job, self._pending or inputs_of(job))

    def _on_jobs_retry_requested(self, inputs: GenerationInputs) -> None:
        self._start(inputs)

    def _on_jobs_cards_changed(self) -> None:
        self.clear_jobs_button.setVisible(self.jobs.has_finished)

    def _on_details_copied(self) -> None:
        self.notice.emit(self.tr("Error details copied to the clipboard"))

    def _on_viewer_destroyed(self) -> None:
        self.viewer = None
