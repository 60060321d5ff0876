"""Does every visible text fit its widget? Measured with the widget's own QFontMetrics.

``clipped_texts(root)`` lists, for the visible widgets under ``root``: one-line labels whose
text is wider than the label, wrapped labels taller than their height, buttons narrower than
their text needs (a tool button's menu arrow included), and spin boxes whose value is wider
than their edit field. An :class:`ElidedLabel` elides on purpose and is left out.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionFrame,
    QToolButton,
    QWidget,
)

from studio.ui.common.elided_label import ElidedLabel

SLACK = 1  # rounding of fractional font metrics


def _label(label: QLabel) -> str | None:
    text = label.text()
    if not text or isinstance(label, ElidedLabel) or "<" in text:
        return None
    width = label.contentsRect().width() - 2 * label.margin()
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + SLACK:
            return f"label {label.objectName()!r} {text!r}: {need} px high in {label.height()}"
        return None
    need = max(label.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
    if need > width + SLACK:
        return f"label {label.objectName()!r} {text!r}: {need} px wide in {width}"
    return None


def _arrow_hidden(button: QToolButton) -> bool:
    """True when a style sheet removes the button's menu arrow (a "⋯" button)."""
    widget: QWidget | None = button
    while widget is not None:
        if "menu-indicator" in widget.styleSheet():
            return True
        widget = widget.parentWidget()
    sheet = QApplication.instance().styleSheet()  # type: ignore[union-attr]
    return f"#{button.objectName()}::menu-indicator" in sheet


def _button(button: QAbstractButton) -> str | None:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text:
        return None
    need = button.sizeHint().width()
    if (
        isinstance(button, QToolButton)
        and button.menu() is not None
        and button.popupMode() == QToolButton.ToolButtonPopupMode.InstantPopup
        and not _arrow_hidden(button)
    ):
        # The arrow is drawn in the bottom right corner, over a centred text.
        arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)
        need = max(need, button.fontMetrics().horizontalAdvance(text) + 2 * arrow + 8)
    if need > button.width() + SLACK:
        return f"button {button.objectName()!r} {text!r}: needs {need} px, has {button.width()}"
    return None


def _spin(box: QAbstractSpinBox) -> str | None:
    edit = box.findChild(QLineEdit)
    if edit is None or not box.text():
        return None
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    room = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    width = room.width() - margins.left() - margins.right() - 4  # QLineEdit's own margin
    need = edit.fontMetrics().horizontalAdvance(box.text())
    if need > width + SLACK:
        return f"spin box {box.objectName()!r} {box.text()!r}: {need} px wide in {width}"
    return None


def clipped_texts(root: QWidget) -> list[str]:
    """What does not fit under ``root`` (visible widgets only); empty when all fits.

    The layouts waiting to run (a text just set) run first, as they would before a paint."""
    for _ in range(4):  # a layout that resizes a child posts the child's own request
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    found: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0:
            continue
        problem = None
        if isinstance(widget, QLabel):
            problem = _label(widget)
        elif isinstance(widget, QAbstractButton):
            problem = _button(widget)
        elif isinstance(widget, QAbstractSpinBox):
            problem = _spin(widget)
        if problem:
            found.append(problem)
    return found
