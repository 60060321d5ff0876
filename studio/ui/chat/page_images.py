"""The chat page's images: attaching them, the vision warning and the earlier-images choice.

One object per :class:`~studio.ui.chat.chat_page.ChatPage` gathers what images add to it, so
the page keeps to its conversations: it owns the composer's
:class:`~studio.session.chat.attachment_draft.AttachmentDraft` and the transcript's
:class:`~studio.ui.chat.image_shelf.ImageShelf`, turns drops, pastes, the Attach button and
"Use in chat" into attachments, warns when the model is not marked as accepting images, and
keeps the "earlier images" choice of a chat that is not stored yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QWidget

from studio.session.chat import ChatOptions
from studio.session.chat.attachment_draft import AttachmentDraft
from studio.session.chat.attachments import AttachmentService, is_vision_model
from studio.ui.chat.composer_bar import ComposerBar
from studio.ui.chat.image_shelf import ImageShelf
from studio.ui.chat.image_transcript import ImageTranscriptView
from studio.ui.chat.mime_sources import Incoming, incoming_images, offers_images

DEFAULT_POLICY = "last"
_DRAG_EVENTS = frozenset(
    {QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.DragLeave, QEvent.Type.Drop}
)


class PageImages(QObject):
    """Images on the chat page (nothing works without an ``AttachmentService``).

    Signals:
        notice(str): a passing message for the status bar.
    """

    notice = Signal(str)

    def __init__(
        self,
        service: AttachmentService | None,
        bar: ComposerBar,
        transcript: ImageTranscriptView,
        model: Callable[[], str],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._page = parent
        self._bar = bar
        self._model = model
        self.draft: AttachmentDraft | None = AttachmentDraft(service, self) if service else None
        self.shelf: ImageShelf | None = ImageShelf(service, self) if service else None
        self._vision_models: tuple[str, ...] = ()
        self._session: ChatOptions | None = None
        self._pending_policy = DEFAULT_POLICY
        transcript.set_image_shelf(self.shelf)
        bar.set_attachments_enabled(self.draft is not None)
        bar.strip.bind(self.draft)
        bar.composer.images_offered.connect(self._on_composer_images_offered)
        bar.attach_requested.connect(self._on_bar_attach_requested)
        bar.image_policy_chosen.connect(self._on_bar_image_policy_chosen)
        bar.strip.send_url_requested.connect(self._on_strip_send_url_requested)
        if self.draft is not None:
            bar.send_original_toggled.connect(self.draft.set_send_original)
            self.draft.changed.connect(self.update_warning)
            # Images dragged anywhere over the page can be dropped on it.
            parent.setAcceptDrops(True)
            parent.installEventFilter(self)

    @property
    def enabled(self) -> bool:
        """True when images can be attached."""
        return self.draft is not None

    # ---- attaching ---------------------------------------------------------------------

    def attach_file(self, path: str | Path) -> None:
        """Attach an image file to the next message."""
        if self.draft is None:
            self.notice.emit(self.tr("Images cannot be attached here."))
            return
        self.draft.set_model(self._model())
        self.draft.add_file(Path(path))
        self._bar.composer.setFocus()

    def attach_incoming(self, images: Sequence[Incoming]) -> None:
        """Attach what a drop or a paste offered (files, picture data, addresses)."""
        draft = self.draft
        if draft is None:
            return
        draft.set_model(self._model())
        for image in images:
            if image.kind == "file" and image.path is not None:
                draft.add_file(image.path)
            elif image.kind == "data":
                draft.add_data(image.data, image.name)
            elif image.kind == "pixels" and image.pixels is not None:
                draft.add_pixels(image.pixels, image.name)
            elif image.kind == "url":
                draft.add_url(image.url)
        self._bar.composer.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Drops on the page: accept drags that carry images and attach what is dropped."""
        kind = event.type()
        if watched is not self._page or kind not in _DRAG_EVENTS:
            return False
        if kind == QEvent.Type.DragLeave:
            self._bar.strip.set_drop_hint(False)
            return False
        assert isinstance(event, QDropEvent)  # DragEnter and DragMove are drop events too
        if kind == QEvent.Type.Drop:
            self._bar.strip.set_drop_hint(False)
            images = incoming_images(event.mimeData())
            self.attach_incoming(images)
            wanted = bool(images)
        else:
            wanted = offers_images(event.mimeData())
            self._bar.strip.set_drop_hint(wanted)
        if wanted:
            event.acceptProposedAction()
        else:
            event.ignore()
        return True

    # ---- sending -----------------------------------------------------------------------

    @property
    def count(self) -> int:
        """Images waiting in the composer."""
        return len(self.draft) if self.draft is not None else 0

    def refs_to_send(self, model: str) -> list[dict[str, Any]] | None:
        """The references to send with the message, or None (after showing why) when the
        images cannot be sent yet: still being prepared, or over the request limit."""
        draft = self.draft
        if draft is None:
            return []
        if len(draft):
            draft.set_model(model)
            problem = draft.problem()
            if problem:
                self._bar.strip.show_error(problem)
                return None
        return draft.refs()

    def sent(self) -> None:
        """The message went out: empty the strip."""
        if self.draft is not None:
            self.draft.clear()
        self._bar.strip.clear_error()

    # ---- the conversation's settings ---------------------------------------------------

    def bind(self, session: ChatOptions | None, *, created: bool = False) -> None:
        """Follow another conversation (or a new chat's settings). ``created``: it was just
        made from a new chat, and takes the earlier-images choice made before it existed."""
        self._session = session
        if created and session is not None:
            if self._pending_policy != session.settings.image_policy:
                session.set_image_policy(self._pending_policy)
        elif session is None:
            self._pending_policy = DEFAULT_POLICY
        self.show_policy()

    def show_policy(self) -> None:
        """Tick the open conversation's earlier-images choice in the menu."""
        session = self._session
        policy = session.settings.image_policy if session is not None else self._pending_policy
        self._bar.set_image_policy(policy)

    def set_vision_models(self, names: Iterable[str]) -> None:
        """The provider's own list of models that accept images (relay aliases)."""
        self._vision_models = tuple(names)
        self.update_warning()

    def update_warning(self) -> None:
        """Warn (never block) when the chosen model is not marked as accepting images."""
        draft = self.draft
        if draft is None:
            return
        model = self._model()
        draft.set_model(model)
        if not model or is_vision_model(model, self._vision_models):
            self._bar.strip.set_warning("")
            return
        self._bar.strip.set_warning(
            self.tr(
                "{model} is not marked as accepting images: it may ignore or refuse them. "
                "Send anyway, pick a vision model, or mark it in Settings → Models."
            ).format(model=model)
        )

    # ---- signals -----------------------------------------------------------------------

    def _on_composer_images_offered(self, images: list[Incoming]) -> None:
        self.attach_incoming(images)

    def _on_bar_attach_requested(self) -> None:
        paths, _chosen = QFileDialog.getOpenFileNames(
            self._page,
            self.tr("Attach images"),
            "",
            self.tr(
                "Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff *.heic *.heif "
                "*.avif);;All files (*)"
            ),
        )
        for path in paths:
            self.attach_file(path)

    def _on_bar_image_policy_chosen(self, policy: str) -> None:
        if self._session is not None:
            self._session.set_image_policy(policy)
        else:
            self._pending_policy = policy

    def _on_strip_send_url_requested(self, url: str) -> None:
        if self.draft is not None:
            self.draft.add_url(url, send_as_is=True)
