"""Style rules for the canvas, the mask tool bar and the compare view, filled in from the
palette like the Images page's (see :func:`studio.ui.theme.theme_tokens`). The Edit page adds
them to its own sheet."""

from __future__ import annotations

from string import Template

from PySide6.QtGui import QPalette

from studio.ui.theme import theme_tokens

RULES = """
#maskToolBar {
    background: palette(base);
    border-bottom: 1px solid $border;
}

#maskToolBar QToolButton {
    border: 1px solid transparent;
    border-radius: 7px;
    padding: 4px;
}

#maskToolBar QToolButton:hover {
    background: $hover;
}

#maskToolBar QToolButton:checked {
    background: $accent_soft;
    border-color: $accent;
}

#maskToolBar QToolButton:focus {
    border-color: $accent;
}

#maskToolSeparator {
    color: $border;
    margin: 4px 4px;
}

#maskSizeLabel {
    color: $muted;
}

#compareView {
    background: palette(base);
}

#compareView QToolButton {
    border: 1px solid $border;
    border-radius: 10px;
    padding: 2px 10px;
    background: palette(base);
}

#compareView QToolButton:hover {
    background: $hover;
}

#compareView QToolButton:checked {
    background: $accent_soft;
    border-color: $accent;
}

#compareBeforeLabel, #compareAfterLabel {
    color: $muted;
    font-weight: 600;
}
"""


def edit_stylesheet(palette: QPalette) -> str:
    """The edit widgets' style rules for ``palette``."""
    return Template(RULES).safe_substitute(theme_tokens(palette))
