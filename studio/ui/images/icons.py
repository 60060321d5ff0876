"""Line icons the Images page needs beyond the shared set in ``resources/icons``.

Drawn in the same style (24×24, 1.8 px strokes, ``currentColor``); :func:`page_icon` looks in
the shared folder first, then here.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon

from studio.ui.common.resources import read_text, svg_pixmap

# Toolbar-sized icons only: rendering every size the shared helper offers costs a few
# milliseconds per icon, and the page has dozens. QIcon scales from the nearest size.
SIZES = (16, 24, 32)

_HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" '
    'fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" '
    'stroke-linejoin="round">'
)

SVG_BODIES = {
    "dice": '<rect x="4" y="4" width="16" height="16" rx="3"/>'
    '<circle cx="8.5" cy="8.5" r="0.9" fill="currentColor"/>'
    '<circle cx="15.5" cy="15.5" r="0.9" fill="currentColor"/>'
    '<circle cx="12" cy="12" r="0.9" fill="currentColor"/>'
    '<circle cx="15.5" cy="8.5" r="0.9" fill="currentColor"/>'
    '<circle cx="8.5" cy="15.5" r="0.9" fill="currentColor"/>',
    "zoom_in": '<circle cx="10.5" cy="10.5" r="6.5"/><path d="M20 20l-4.8-4.8"/>'
    '<path d="M10.5 7.5v6M7.5 10.5h6"/>',
    "zoom_out": '<circle cx="10.5" cy="10.5" r="6.5"/><path d="M20 20l-4.8-4.8"/>'
    '<path d="M7.5 10.5h6"/>',
    "fit": '<path d="M4 9V5.5A1.5 1.5 0 0 1 5.5 4H9"/><path d="M15 4h3.5A1.5 1.5 0 0 1 20 5.5V9"/>'
    '<path d="M20 15v3.5a1.5 1.5 0 0 1-1.5 1.5H15"/><path d="M9 20H5.5A1.5 1.5 0 0 1 4 18.5V15"/>',
    "actual": '<rect x="4" y="4" width="16" height="16" rx="2.5"/>'
    '<path d="M8 9.5l1.5-1v7"/><path d="M14 9.5l1.5-1v7"/><path d="M12 10.5v.01M12 14v.01"/>',
    "folder": '<path d="M3.5 7.5A1.5 1.5 0 0 1 5 6h4l2 2h8a1.5 1.5 0 0 1 1.5 1.5v8A1.5 1.5 0 0 1 '
    '19 19H5a1.5 1.5 0 0 1-1.5-1.5z"/>',
    "trash": '<path d="M4.5 7h15"/><path d="M9.5 7V4.5h5V7"/>'
    '<path d="M6.5 7l1 12.5h9l1-12.5"/><path d="M10.5 11v5M13.5 11v5"/>',
    "save": '<path d="M12 4v11"/><path d="M7.5 10.5L12 15l4.5-4.5"/><path d="M4.5 19.5h15"/>',
    "prev": '<path d="M14.5 5.5L8 12l6.5 6.5"/>',
    "next": '<path d="M9.5 5.5L16 12l-6.5 6.5"/>',
    "reuse": '<path d="M4 12a8 8 0 0 1 13.7-5.6"/><path d="M18 3v4h-4"/>'
    '<path d="M8.5 12.5l2.5 2.5 4.5-5"/>',
    "open": '<path d="M14 4h6v6"/><path d="M20 4l-8 8"/>'
    '<path d="M18 14v4.5a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 4 18.5v-11'
    'A1.5 1.5 0 0 1 5.5 6H10"/>',
    "search": '<circle cx="10.5" cy="10.5" r="6.5"/><path d="M20 20l-4.8-4.8"/>',
}


def page_icon(name: str, color: QColor) -> QIcon:
    """The icon ``name`` in ``color``: one of ours, else the shared ``resources/icons`` one."""
    body = SVG_BODIES.get(name)
    svg = _HEAD + body + "</svg>" if body is not None else read_text("icons", f"{name}.svg")
    if not svg:
        return QIcon()
    svg = svg.replace("currentColor", color.name(QColor.NameFormat.HexRgb))
    result = QIcon()
    for size in SIZES:
        result.addPixmap(svg_pixmap(svg, size))
    return result
