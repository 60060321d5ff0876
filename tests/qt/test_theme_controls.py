"""Check boxes and radio buttons stand out in the dark theme and in the light one: the frame
of an empty box, and the fill of a checked one, differ from the page by 3:1 or more (the
contrast WCAG asks of a control's boundary), measured on the rendered pixels."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from studio.ui.theme import apply_theme

NEEDED = 3.0


def luminance(color: QColor) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(params=["dark", "light"])
def themed(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The app in the dark and then the light theme (the system palette back afterwards)."""
    before = QPalette(qapp.palette())
    apply_theme(qapp, request.param)
    try:
        yield request.param
    finally:
        qapp.setPalette(before)
        apply_theme(qapp)


def _indicator_contrast(qtbot: QtBot, button: QCheckBox | QRadioButton) -> float:
    """The strongest contrast between a pixel of the indicator and the page behind it."""
    page = QWidget()
    page.setAutoFillBackground(True)
    layout = QHBoxLayout(page)
    layout.addWidget(button)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    image = page.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    option = QStyleOptionButton()
    button.initStyleOption(option)
    element = (
        QStyle.SubElement.SE_CheckBoxIndicator
        if isinstance(button, QCheckBox)
        else QStyle.SubElement.SE_RadioButtonIndicator
    )
    rect = button.style().subElementRect(element, option, button).translated(button.pos())
    assert rect.width() >= 12 and rect.height() >= 12
    background = image.pixelColor(1, 1)
    return max(
        contrast(image.pixelColor(x, y), background)
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    )


@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
@pytest.mark.parametrize("checked", [False, True])
def test_boxes_and_radio_buttons_stand_out_from_the_page(
    qtbot: QtBot, themed: str, kind: type[QCheckBox] | type[QRadioButton], checked: bool
) -> None:
    button = kind("Random")
    button.setChecked(checked)
    assert _indicator_contrast(qtbot, button) >= NEEDED, (themed, kind.__name__, checked)
