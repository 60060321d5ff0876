"""Driving shown widgets offscreen with real mouse events, for the edit benchmarks.

Each event is timed from sending it to the moment the event queue is empty again, so the
handler *and* the repaint it asked for (``update()`` → paint into the backing store) count.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any


def app() -> Any:
    """The QApplication (offscreen unless QT_QPA_PLATFORM says otherwise)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def settle() -> None:
    """Run the event loop until nothing is pending (posted events and repaints included)."""
    from PySide6.QtCore import QCoreApplication

    for _ in range(3):
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()


def picture(side: int, seed: int = 0) -> Any:
    """A ``side``×``side`` QImage: two gradients and a grid of discs (no Pillow needed)."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

    image = QImage(side, side, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(side, side))
    gradient.setColorAt(0, QColor(40 + seed * 60, 90, 200))
    gradient.setColorAt(1, QColor(230, 160 - seed * 60, 60))
    painter.fillRect(image.rect(), gradient)
    painter.setPen(Qt.PenStyle.NoPen)
    step = max(8, side // 16)
    for y in range(0, side, step):
        for x in range(0, side, step):
            painter.setBrush(QColor((x * 7 + seed * 50) % 255, (y * 3) % 255, 128, 120))
            painter.drawEllipse(QPointF(x + step / 2, y + step / 2), step / 3, step / 3)
    painter.end()
    return image


CPU_TIMES: list[float] = []  # main-thread CPU seconds of every timed() call, in order


def timed(action: Callable[[], None]) -> float:
    """Wall seconds for ``action`` plus everything it left in the event queue. The main
    thread's CPU time for the same span goes to :data:`CPU_TIMES` (on a busy machine the OS
    may pause the process mid-frame; the CPU time is the application's own work)."""
    cpu = time.thread_time()
    started = time.perf_counter()
    action()
    settle()
    elapsed = time.perf_counter() - started
    CPU_TIMES.append(time.thread_time() - cpu)
    return elapsed


def cpu_of(count: int) -> list[float]:
    """The CPU times of the last ``count`` timed() calls."""
    return CPU_TIMES[-count:] if count else []


class PaintCounter:
    """Counts paint events a widget receives (proof that the repaints happened)."""

    def __init__(self, widget: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        counter = self

        class _Filter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:
                if event.type() == QEvent.Type.Paint:
                    counter.count += 1
                return False

        self.count = 0
        self._filter = _Filter()
        widget.installEventFilter(self._filter)
