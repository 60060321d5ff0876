"""The side panel of the gallery: the selected picture, its actions and its metadata."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.images.gallery_actions import GalleryActions
from studio.ui.images.metadata_panel import MetadataPanel
from studio.ui.images.protocols import GalleryEntry, thumbnail_key
from studio.ui.images.thumbnails import ThumbnailCache, scaled_into

DETAILS_WIDTH = 256
PREVIEW_SIDE = 200


class DetailsPanel(QFrame):
    """Shows the selected picture with buttons for every action."""

    def __init__(
        self, actions: GalleryActions, thumbnails: ThumbnailCache, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("galleryDetails")
        self.setFixedWidth(DETAILS_WIDTH)
        self._thumbnails = thumbnails
        self._item: GalleryEntry | None = None
        self.preview = QLabel(self)
        self.preview.setObjectName("detailsPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedHeight(PREVIEW_SIDE)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.preview.setAccessibleName(self.tr("Selected picture"))
        self.empty = QLabel(self.tr("Select a picture to see how it was made."), self)
        self.empty.setObjectName("detailsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.metadata = MetadataPanel(self, prefix="details")
        self.buttons: dict[str, QToolButton] = {}
        grid = QGridLayout()
        grid.setSpacing(6)
        wide: list[tuple[QAction, str, str]] = [
            (actions.reuse_action, "reuseParametersButton", self.tr("Reuse all parameters")),
            (actions.open_action, "openImageButton", self.tr("Open the picture in the viewer")),
            (actions.chat_action, "useInChatButton", self.tr("Use the picture in chat")),
        ]
        compact: list[tuple[QAction, str, str]] = [
            (actions.copy_image_action, "copyImageButton", self.tr("Copy the picture")),
            (actions.copy_prompt_action, "copyPromptButton", self.tr("Copy the prompt")),
            (actions.save_action, "saveImageButton", self.tr("Save the picture as a file")),
            (actions.folder_action, "showInFolderButton", self.tr("Show the file in its folder")),
            (actions.edit_action, "editImageButton", self.tr("Edit this image")),
            (actions.delete_action, "deleteImageButton", self.tr("Delete the picture")),
        ]
        for number, (action, name, accessible) in enumerate(wide):
            button = self._button(action, name, accessible, with_text=True)
            if number == 0:  # the main action gets the whole row
                grid.addWidget(button, 0, 0, 1, 2)
            else:
                grid.addWidget(button, 1, number - 1)
        icons = QHBoxLayout()
        icons.setSpacing(4)
        for action, name, accessible in compact:
            icons.addWidget(self._button(action, name, accessible, with_text=False))
        icons.addStretch(1)
        grid.addLayout(icons, 2, 0, 1, 2)
        content = QWidget(self)
        content.setObjectName("detailsContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(10)
        column.addWidget(self.preview)
        column.addWidget(self.empty)
        column.addLayout(grid)
        column.addWidget(self.metadata)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("detailsScroll")
        scroll.setAccessibleName(self.tr("Picture details"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        scroll.setStyleSheet("QScrollArea, #detailsContent { background: transparent; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._grid_widgets = list(self.buttons.values())
        thumbnails.ready.connect(self._on_thumbnail_ready)
        self.set_item(None)

    def _button(
        self, action: QAction, name: str, accessible: str, *, with_text: bool
    ) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setProperty("cardButton", True)
        button.setIconSize(QSize(16 if not with_text else 14, 16 if not with_text else 14))
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        if with_text:
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        else:
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            button.setProperty("iconButton", True)
        self.buttons[name] = button
        return button

    @property
    def item(self) -> GalleryEntry | None:
        """The picture shown."""
        return self._item

    def set_item(self, item: GalleryEntry | None) -> None:
        """Show ``item`` (None: the hint)."""
        self._item = item
        self.metadata.set_item(item)
        self.empty.setVisible(item is None)
        self.preview.setVisible(item is not None)
        self.metadata.setVisible(item is not None)
        for button in self._grid_widgets:
            button.setVisible(item is not None)
        self._show_preview()

    def _show_preview(self) -> None:
        if self._item is None:
            self.preview.clear()
            return
        pixmap = self._thumbnails.request(thumbnail_key(self._item), self._item.path)
        if pixmap is None:
            self.preview.clear()
            return
        self.preview.setPixmap(scaled_into(pixmap, PREVIEW_SIDE, self))

    def _on_thumbnail_ready(self, key: str) -> None:
        if self._item is not None and key == thumbnail_key(self._item):
            self._show_preview()
