"""The style sheet, filled in from the current palette so it suits light and dark themes.

``resources/style.qss`` uses Qt's ``palette(role)`` where a palette colour fits as is, and
``$token`` placeholders for tints (a colour mixed with the background), which Qt style sheets
cannot express. The tokens are computed here from whatever palette the system provides.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path
from string import Template

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from studio.ui.common.resources import read_text

DANGER = QColor(214, 57, 57)


def mix(color: QColor, background: QColor, amount: float) -> QColor:
    """``amount`` of ``color`` over ``background`` (0 gives the background)."""
    amount = max(0.0, min(1.0, amount))
    return QColor(
        round(color.red() * amount + background.red() * (1 - amount)),
        round(color.green() * amount + background.green() * (1 - amount)),
        round(color.blue() * amount + background.blue() * (1 - amount)),
    )


def is_dark(palette: QPalette) -> bool:
    """True when the palette's window colour is dark."""
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def theme_tokens(palette: QPalette) -> dict[str, str]:
    """The ``$token`` values for ``palette``."""
    base = palette.color(QPalette.ColorRole.Base)
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.Text)
    accent = palette.color(QPalette.ColorRole.Highlight)
    dark = is_dark(palette)
    return {
        "accent": accent.name(),
        "accent_hover": (accent.lighter(115) if dark else accent.darker(110)).name(),
        "accent_text": palette.color(QPalette.ColorRole.HighlightedText).name(),
        "accent_soft": mix(accent, base, 0.22 if dark else 0.12).name(),
        "accent_softer": mix(accent, base, 0.12 if dark else 0.06).name(),
        "border": mix(text, base, 0.16).name(),
        "border_strong": mix(text, base, 0.28).name(),
        "hover": mix(text, window, 0.08).name(),
        "sidebar": mix(text, window, 0.03).name(),
        "muted": mix(text, base, 0.58).name(),
        "danger_soft": mix(DANGER, base, 0.2 if dark else 0.09).name(),
        "danger_border": mix(DANGER, base, 0.6).name(),
        "danger": (DANGER.lighter(135) if dark else DANGER).name(),
        # Check boxes and radio buttons: a frame that stands out from the page (3:1 or more).
        "control_border": mix(text, base, 0.6 if dark else 0.55).name(),
        "control_disabled": mix(text, base, 0.3).name(),
        "check_mark": _tinted_icon("check_mark", palette.color(QPalette.ColorRole.HighlightedText)),
        "dash_mark": _tinted_icon("dash_mark", palette.color(QPalette.ColorRole.HighlightedText)),
    }


def _tinted_icon(name: str, color: QColor) -> str:
    """The path of ``resources/icons/<name>.svg`` drawn in ``color`` (a style sheet's
    ``image: url(…)`` cannot tint), written once to a folder of the user's own."""
    return _tinted_icon_file(name, color.name())


@functools.cache
def _tinted_icon_file(name: str, color: str) -> str:
    svg = read_text("icons", f"{name}.svg").replace("currentColor", color)
    user = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"studio-icons-{user}"
    path = folder / f"{name}-{color.lstrip('#')}.svg"
    try:
        if not path.exists():
            folder.mkdir(mode=0o700, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(svg, encoding="utf-8")
            partial.replace(path)
    except OSError:
        return ""  # no mark drawn, the box still fills with the accent colour
    return path.as_posix()


def build_stylesheet(palette: QPalette) -> str:
    """The application style sheet for ``palette``."""
    return Template(read_text("style.qss")).safe_substitute(theme_tokens(palette))


def dark_palette() -> QPalette:
    """A dark palette for when the user forces the dark theme on a system that has none."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#1f1f23",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#26262b",
        QPalette.ColorRole.AlternateBase: "#2c2c31",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#2c2c31",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#4c7dff",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7aa2ff",
        QPalette.ColorRole.PlaceholderText: "#8a8a90",
        QPalette.ColorRole.ToolTipBase: "#2c2c31",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Light: "#3a3a40",
        QPalette.ColorRole.Midlight: "#333338",
        QPalette.ColorRole.Mid: "#4a4a50",
        QPalette.ColorRole.Dark: "#151518",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    disabled = QColor("#6e6e74")
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(app: QApplication, scheme: str = "system") -> None:
    """Follow the system colour scheme (or force ``light``/``dark``) and set the style sheet.

    Fusion is used everywhere: it honours the system palette (dark on Windows and macOS) and
    draws style sheets the same way on every platform.
    """
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    hints = app.styleHints()
    if scheme == "dark":
        hints.setColorScheme(Qt.ColorScheme.Dark)
        if not is_dark(app.palette()):  # the platform could not switch: do it ourselves
            app.setPalette(dark_palette())
    elif scheme == "light":
        hints.setColorScheme(Qt.ColorScheme.Light)
        if is_dark(app.palette()):
            app.setPalette(app.style().standardPalette())
    elif hints.colorScheme() != Qt.ColorScheme.Unknown:
        hints.unsetColorScheme()
    app.setStyleSheet(build_stylesheet(app.palette()))
