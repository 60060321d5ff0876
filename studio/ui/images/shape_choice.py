"""Size or aspect ratio: for a model that takes either, the user picks which one to set.

A relay reads the shape of the picture from ``size`` *or* from ``aspect_ratio``; sent
together they contradict each other (and a relay picks one without saying which). The form
shows the editor of the chosen one only, and only that one is sent.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QSizePolicy, QToolButton, QWidget

from studio.config.image_models import ImageModelSpec

Shape = Literal["size", "aspect_ratio"]
SHAPES: tuple[Shape, Shape] = ("size", "aspect_ratio")


def takes_both(spec: ImageModelSpec) -> bool:
    """True when ``spec`` has a ``size`` and an ``aspect_ratio`` parameter."""
    return set(SHAPES) <= set(spec.param_names)


class ShapeChoice(QWidget):
    """Two chips, "Exact size" and "Aspect ratio"; one is always chosen.

    Signals:
        chosen(str): the user (or :meth:`set_shape`) chose ``size`` or ``aspect_ratio``.
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shapeChoice")
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[Shape, QToolButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        texts = {
            "size": (self.tr("Exact size"), self.tr("Set the picture's size in pixels")),
            "aspect_ratio": (
                self.tr("Aspect ratio"),
                self.tr("Set only the aspect ratio; the relay picks the pixels"),
            ),
        }
        for shape in SHAPES:
            text, tip = texts[shape]
            button = QToolButton(self)
            button.setObjectName(f"shape_{shape}")
            button.setProperty("chip", True)
            button.setCheckable(True)
            button.setText(text)
            button.setAccessibleName(text)
            button.setToolTip(tip)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, s=shape: self.set_shape(s))
            self._group.addButton(button)
            row.addWidget(button, 1)
            self.buttons[shape] = button
        self._shape: Shape = "size"
        self.buttons["size"].setChecked(True)

    @property
    def shape(self) -> Shape:
        """What the user sets: ``size`` or ``aspect_ratio``."""
        return self._shape

    def set_shape(self, shape: Shape) -> None:
        """Choose ``shape`` (announced even when it was already chosen)."""
        self._shape = shape
        self.buttons[shape].setChecked(True)
        self.chosen.emit(shape)
