"""Line icons of the edit tools, drawn like the shared set (24×24, 1.8 px, ``currentColor``)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon

from studio.ui.common.resources import svg_pixmap

SIZES = (16, 24, 32)

_HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" '
    'fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" '
    'stroke-linejoin="round">'
)

SVG_BODIES = {
    "brush": '<path d="M18.5 3.5l2 2-8.5 8.5-2.8.8.8-2.8z"/>'
    '<path d="M8 15c-2 0-3.5 1.5-3.5 3.5 0 .8-.5 1.5-1.5 1.5h4.5c2 0 3.5-1.5 3.5-3.5"/>',
    "eraser": '<path d="M14.5 4.5l5 5-9.5 9.5H6l-2.5-2.5a1.5 1.5 0 0 1 0-2.1z"/>'
    '<path d="M9 10l5 5"/><path d="M12 19h8"/>',
    "rect": '<rect x="4" y="5" width="16" height="14" rx="1" stroke-dasharray="3 2.6"/>',
    "lasso": '<ellipse cx="12" cy="10" rx="8" ry="5.5" stroke-dasharray="3 2.6"/>'
    '<path d="M8 14.6c-1.6 1-2.1 2.6-1.1 3.6s3 .4 3-1.2"/>',
    "fill": '<path d="M5 11l6-6 8 8-6 6a1.5 1.5 0 0 1-2.1 0L5 13.1a1.5 1.5 0 0 1 0-2.1z"/>'
    '<path d="M5 12h13"/><path d="M20.5 16c0 1.2.8 2 .8 3a.8.8 0 0 1-1.6 0c0-1 .8-1.8.8-3z"/>',
    "clear": '<rect x="4" y="4" width="16" height="16" rx="2"/><path d="M9 9l6 6M15 9l-6 6"/>',
    "invert": '<circle cx="12" cy="12" r="8"/>'
    '<path d="M12 4a8 8 0 0 1 0 16z" fill="currentColor"/>',
    "grow": '<rect x="9" y="9" width="6" height="6" rx="1"/>'
    '<path d="M4 8V4h4M16 4h4v4M20 16v4h-4M8 20H4v-4"/>',
    "shrink": '<rect x="9" y="9" width="6" height="6" rx="1"/>'
    '<path d="M4 4l3 3M20 4l-3 3M4 20l3-3M20 20l-3-3"/>',
    "feather": '<path d="M20 4c-7 0-12 4.5-12 11v5"/><path d="M20 4c0 7-4.5 12-12 12"/>'
    '<path d="M8 16l5-5"/>',
    "overlay": '<path d="M2.5 12s3.5-6.5 9.5-6.5 9.5 6.5 9.5 6.5-3.5 6.5-9.5 6.5S2.5 12 2.5 12z"/>'
    '<circle cx="12" cy="12" r="2.8"/>',
    "undo": '<path d="M9 14L4 9l5-5"/><path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11"/>',
    "redo": '<path d="M15 14l5-5-5-5"/><path d="M20 9H9.5a5.5 5.5 0 0 0 0 11H13"/>',
}


def edit_icon(name: str, color: QColor) -> QIcon:
    """The edit icon ``name`` in ``color`` (an empty icon for an unknown name)."""
    body = SVG_BODIES.get(name)
    if body is None:
        return QIcon()
    svg = (_HEAD + body + "</svg>").replace("currentColor", color.name(QColor.NameFormat.HexRgb))
    result = QIcon()
    for size in SIZES:
        result.addPixmap(svg_pixmap(svg, size))
    return result
