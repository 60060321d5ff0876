"""The Settings dialog's own style rules, tinted from the current palette like the app's."""

from __future__ import annotations

from string import Template

from PySide6.QtGui import QColor, QPalette

from studio.ui.theme import is_dark, mix, theme_tokens

SUCCESS = QColor(26, 127, 55)

_RULES = Template(
    """
QListWidget#settingsPageList {
    background: $sidebar;
    border: none;
    border-right: 1px solid $border;
    padding: 10px 8px;
    outline: none;
}
QListWidget#settingsPageList::item {
    padding: 8px 10px;
    border-radius: 8px;
    margin: 1px 0;
    color: palette(window-text);
}
QListWidget#settingsPageList::item:hover {
    background: $hover;
}
QListWidget#settingsPageList::item:selected {
    background: $accent_soft;
    color: palette(window-text);
    font-weight: 600;
}
QLabel[role="pageTitle"] {
    font-size: 14pt;
    font-weight: 600;
}
QLabel[role="section"] {
    font-weight: 600;
    padding-top: 6px;
}
QLabel[role="hint"] {
    color: $muted;
}
QLabel[state="error"] {
    color: $danger;
}
QLabel[state="notice"] {
    color: $accent;
    font-weight: 600;
}
QLabel[state="ok"] {
    color: $success;
}
QLabel#resolvedEndpointLabel[state="ok"] {
    color: $muted;
}
QToolButton#showProblemButton {
    color: $accent;
    text-decoration: underline;
    border: none;
    background: transparent;
    padding: 2px 4px;
}
QLabel#settingsProblemLabel {
    color: $danger;
}
QListWidget#providerList, QListWidget#assistantsList {
    border: 1px solid $border;
    border-radius: 8px;
    background: palette(base);
    padding: 4px;
    outline: none;
}
QListWidget#providerList::item, QListWidget#assistantsList::item {
    padding: 6px 6px;
    border-radius: 6px;
}
QListWidget#providerList::item:selected, QListWidget#assistantsList::item:selected {
    background: $accent_soft;
    color: palette(text);
}
QLineEdit[invalid="true"] {
    border: 1px solid $danger;
    border-radius: 3px;
    padding: 2px;
}
"""
)


def settings_stylesheet(palette: QPalette) -> str:
    """The dialog's style sheet for ``palette`` (added to the app's own)."""
    tokens = theme_tokens(palette)
    base = palette.color(QPalette.ColorRole.Base)
    success = SUCCESS.lighter(160) if is_dark(palette) else SUCCESS
    tokens["success"] = mix(success, base, 1.0).name()
    return _RULES.safe_substitute(tokens)
