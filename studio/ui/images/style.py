"""The Images page's own style rules, filled in from the palette like the app's style sheet.

The shared ``resources/style.qss`` belongs to the shell; these rules only name widgets of this
page, and use the same ``$tokens`` (see :func:`studio.ui.theme.theme_tokens`).
"""

from __future__ import annotations

from string import Template

from PySide6.QtGui import QPalette

from studio.ui.theme import theme_tokens

RULES = """
#imagesHeader {
    background: palette(base);
    border-bottom: 1px solid $border;
}

#createPanel {
    background: $sidebar;
    border-right: 1px solid $border;
}

#createPanel QScrollArea, #createScroll, #createContent {
    background: transparent;
    border: none;
}

QLabel[sectionTitle="true"] {
    color: $muted;
    font-weight: 600;
}

QLabel[hint="true"], #galleryCount, #jobsEmpty, #galleryEmpty, #detailsEmpty {
    color: $muted;
}

QPlainTextEdit#imagePrompt, QPlainTextEdit#negativePrompt, QPlainTextEdit#extraJson {
    border: 1px solid $border_strong;
    border-radius: 10px;
    padding: 4px 6px;
    background: palette(base);
}

QPlainTextEdit#imagePrompt:focus, QPlainTextEdit#negativePrompt:focus,
QPlainTextEdit#extraJson:focus {
    border: 1px solid $accent;
}

QPlainTextEdit#extraJson[invalid="true"] {
    border: 1px solid $danger;
}

#extraJsonHint, #jobError, #generateProblem {
    color: $danger;
}

QComboBox#imageModelPicker, QComboBox#galleryModelFilter {
    padding: 5px 10px;
    border: 1px solid $border_strong;
    border-radius: 8px;
    background: palette(base);
}

QComboBox#imageModelPicker:focus, QComboBox#galleryModelFilter:focus {
    border: 1px solid $accent;
}

QComboBox#imageModelPicker::drop-down, QComboBox#galleryModelFilter::drop-down {
    border: none;
    width: 22px;
}

QLineEdit#gallerySearch {
    padding: 5px 10px;
    border: 1px solid $border_strong;
    border-radius: 8px;
    background: palette(base);
}

QLineEdit#gallerySearch:focus {
    border: 1px solid $accent;
}

QToolButton#generateButton {
    border: none;
    border-radius: 9px;
    padding: 8px 18px;
    font-weight: 600;
    background: $accent;
    color: $accent_text;
}

QToolButton#generateButton:hover {
    background: $accent_hover;
}

QToolButton#generateButton:disabled {
    background: $border;
    color: $muted;
}

QToolButton[chip="true"] {
    border: 1px solid $border;
    border-radius: 10px;
    padding: 2px 5px;
    background: palette(base);
}

QToolButton[chip="true"]:hover {
    background: $hover;
}

QToolButton[chip="true"]:checked {
    background: $accent_soft;
    border-color: $accent;
}

QToolButton[cardButton="true"] {
    border: 1px solid $border;
    border-radius: 7px;
    padding: 3px 8px;
    background: palette(base);
}

QToolButton[cardButton="true"]:hover {
    background: $hover;
}

QToolButton[iconButton="true"] {
    padding: 4px;
}

QToolButton[cardButton="true"]:focus, QToolButton[chip="true"]:focus {
    border-color: $accent;
}

#jobCard {
    background: palette(base);
    border: 1px solid $border;
    border-radius: 12px;
}

#jobCard[state="failed"] {
    border: 1px solid $danger_border;
    background: $danger_soft;
}

#jobCard[state="running"] {
    border: 1px solid $accent_soft;
}

QToolButton#jobPreview {
    background: $accent_softer;
    border: 1px solid transparent;
    border-radius: 8px;
}

QToolButton#jobPreview:hover {
    border-color: $accent_soft;
}

#jobState {
    font-weight: 600;
}

#jobMeta, #jobElapsed {
    color: $muted;
}

#jobConfirm {
    background: $accent_softer;
    border-radius: 8px;
}

#jobList, #jobListContent {
    background: transparent;
    border: none;
}

#jobsStrip {
    background: palette(base);
    border-bottom: 1px solid $border;
}

QListView#imageGallery {
    border: none;
    background: palette(base);
}

#galleryDetails {
    background: $sidebar;
    border-left: 1px solid $border;
}

#detailsPrompt {
    padding: 2px 0;
}

#undoBar {
    background: $accent_softer;
    border: 1px solid $accent_soft;
    border-radius: 10px;
}

#viewerSide {
    background: $sidebar;
    border-left: 1px solid $border;
}

QGraphicsView#viewerCanvas {
    border: none;
    background: $hover;
}

#zoomLabel {
    color: $muted;
    min-width: 48px;
}
"""


def page_stylesheet(palette: QPalette) -> str:
    """The page's style rules for ``palette``."""
    return Template(RULES).safe_substitute(theme_tokens(palette))
