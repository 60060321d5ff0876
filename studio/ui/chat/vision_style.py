"""Style rules of the chat's image widgets (composer strip, transcript thumbnails, viewer).

Filled in from the palette with the app's ``$tokens`` (see :func:`studio.ui.theme.theme_tokens`),
so they follow light and dark themes. They only name widgets of this feature.
"""

from __future__ import annotations

from string import Template

from PySide6.QtGui import QPalette

from studio.ui.theme import theme_tokens

RULES = """
QToolButton#imageOptionsButton::menu-indicator {
    image: none;
    width: 0px;
}

#attachmentStrip, #attachmentScroll, #attachmentRow {
    background: transparent;
    border: none;
}

#attachmentTile {
    background: $sidebar;
    border: 1px solid $border;
    border-radius: 10px;
}

#attachmentTile[dragging="true"] {
    border: 1px dashed $accent;
}

#attachmentThumb {
    background: $hover;
    border-radius: 6px;
}

#attachmentName {
    font-weight: 600;
}

#attachmentInfo, #attachmentSummary, #messageImageCaption {
    color: $muted;
}

#attachmentTile QToolButton {
    border: none;
    border-radius: 5px;
    padding: 1px 3px;
    background: transparent;
}

#attachmentTile QToolButton:hover {
    background: $hover;
}

#attachmentTile QToolButton:checked {
    background: $accent_soft;
}

QComboBox#attachmentDetailCombo {
    padding: 0px 4px;
    min-height: 20px;
}

#visionWarning {
    color: $muted;
    background: $accent_softer;
    border-radius: 6px;
    padding: 3px 8px;
}

#attachmentErrorBar {
    background: $danger_soft;
    border: 1px solid $danger_border;
    border-radius: 8px;
}

#attachmentErrorBar[notice="true"] {
    background: $accent_soft;
    border: 1px solid $border;
}

#attachmentError {
    color: palette(text);
}

#attachmentErrorBar QToolButton {
    border: none;
    background: transparent;
    padding: 2px 6px;
    border-radius: 5px;
}

#attachmentErrorBar QToolButton:hover {
    background: $hover;
}

#attachmentDropHint {
    color: $accent;
    border: 1px dashed $accent;
    border-radius: 8px;
    padding: 8px;
    background: $accent_softer;
}

QToolButton#messageImageButton {
    border: 1px solid $border;
    border-radius: 8px;
    background: $hover;
    padding: 0px;
}

QToolButton#messageImageButton:hover, QToolButton#messageImageButton:focus {
    border: 1px solid $accent;
}

QGraphicsView#chatImageCanvas {
    border: none;
    background: $hover;
}

#chatImageInfo, #chatImageZoom {
    color: $muted;
}
"""


def vision_stylesheet(palette: QPalette) -> str:
    """The image widgets' style rules for ``palette``."""
    return Template(RULES).safe_substitute(theme_tokens(palette))
