"""Dynamic style properties: the style sheet reads them (``#card[state="failed"]``), and Qt
only re-reads the sheet for a widget that is polished again."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def set_style_flag(widget: QWidget, name: str, value: bool | str) -> None:
    """Set a dynamic property the style sheet reads, and restyle when it changed."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        repolish(widget)
