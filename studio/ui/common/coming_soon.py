"""A tidy placeholder for a page that is not built yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from studio.ui.common.resources import icon


class ComingSoonPanel(QWidget):
    """A large icon, a title, a "Coming soon" badge and one sentence, centred."""

    def __init__(
        self, icon_name: str, title: str, sentence: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        picture = QLabel(self)
        picture.setObjectName("comingSoonIcon")
        picture.setPixmap(icon(icon_name, accent).pixmap(72, 72))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(title, self)
        self.title.setObjectName("comingSoonTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        badge = QLabel(self.tr("Coming soon"), self)
        badge.setObjectName("comingSoonBadge")
        self.sentence = QLabel(sentence, self)
        self.sentence.setObjectName("comingSoonText")
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sentence.setWordWrap(True)
        self.sentence.setFixedWidth(440)
        layout = QVBoxLayout(self)
        layout.addStretch(3)
        layout.addWidget(picture, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        layout.addWidget(self.title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(6)
        layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(10)
        layout.addWidget(self.sentence, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(4)
