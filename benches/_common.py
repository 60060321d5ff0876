"""Shared bits of the benchmarks: result rows, percentiles, the summary table and the GUI
heartbeat that measures stalls."""

from __future__ import annotations

import math
import os
import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of the summary table.

    ``studio`` and ``baseline`` are in ``unit``; ``ratio`` is studio/baseline. ``lower_is_better``
    says which way the goal points (times: lower; rates: higher).
    """

    name: str
    unit: str
    studio: float
    baseline: float | None
    goal: float | None = None
    lower_is_better: bool = True

    @property
    def ratio(self) -> float | None:
        """studio / baseline, or None without a baseline."""
        if self.baseline is None or self.baseline == 0:
            return None
        return self.studio / self.baseline

    @property
    def goal_text(self) -> str:
        """The goal on the ratio and whether this run met it (information, not a verdict)."""
        if self.goal is None or self.ratio is None:
            return "-"
        sign = "<=" if self.lower_is_better else ">="
        met = self.ratio <= self.goal if self.lower_is_better else self.ratio >= self.goal
        return f"{sign} {self.goal:.2f} ({'met' if met else 'missed'})"


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of ``samples``."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def median(samples: Sequence[float]) -> float:
    """The median of ``samples``."""
    ordered = sorted(samples)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def fmt(value: float | None, unit: str = "") -> str:
    """A compact number with its unit."""
    if value is None:
        return "-"
    if unit == "events/s":
        return f"{value:,.0f} ev/s"
    if unit == "µs":
        return f"{value:,.0f} µs"
    if unit == "ms" and abs(value) >= 1000:
        return f"{value:,.0f} ms"
    return f"{value:.3g}{(' ' + unit) if unit else ''}"


def table(rows: Sequence[Row]) -> str:
    """The ``name | studio | baseline | ratio | goal`` table."""
    header = ("name", "studio", "baseline", "ratio", "goal")
    cells = [header] + [
        (
            r.name,
            fmt(r.studio, r.unit),
            fmt(r.baseline, r.unit),
            "-" if r.ratio is None else f"{r.ratio:.2f}",
            r.goal_text,
        )
        for r in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    lines = [" | ".join(c[i].ljust(widths[i]) for i in range(len(header))).rstrip() for c in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def machine() -> str:
    """One line describing where the figures come from."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {load}"
    )


class Heartbeat:
    """A timer every ``interval_ms`` on the GUI thread; records the longest gap between its
    ticks, and every gap over ``record_over`` seconds as ``(start, length)`` in :attr:`gaps`.

    Create it after the ``QApplication``; PySide6 is imported here only then.
    """

    def __init__(self, interval_ms: int = 1, record_over: float = math.inf) -> None:
        from PySide6.QtCore import Qt, QTimer

        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._record_over = record_over
        self._last = 0.0
        self.longest = 0.0
        self.gaps: list[tuple[float, float]] = []

    def start(self) -> None:
        self._last = time.perf_counter()
        self.longest = 0.0
        self.gaps = []
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._tick()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self._last
        self.longest = max(self.longest, gap)
        if gap > self._record_over:
            self.gaps.append((self._last, gap))
        self._last = now
