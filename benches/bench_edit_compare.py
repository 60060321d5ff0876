"""Dragging the compare slider over two 4096×4096 versions, against the same on 1024×1024.

The real ``CompareView`` (studio/ui/edit/compare.py) is shown offscreen in a 1000×800 window
with two different pictures. Real mouse events drag the divider (objectName
``compareSlider``) across the window and back, 6 screen pixels per event; each frame is
timed from sending the move to the moment the event queue is empty again (the handle moved,
the strip it crossed repainted). Views: *fitted* (the pictures drawn from pixmaps scaled to
the zoom, cached per zoom level) and *100 %* (drawn from the full pictures). A third figure
pans side by side at 4096² (both panes repainted whole every frame).

Baseline: the 1024² pictures in the same run. Goal (issue 9): no frame over 16 ms on 4096².
Nothing is asserted.

Run alone: ``.venv/bin/python benches/bench_edit_compare.py [--frames 300 --compare-reps 2]``.
"""

from __future__ import annotations

import argparse
from typing import Any

from _common import Row, machine, median, percentile
from _qtdrive import PaintCounter, app, cpu_of, picture, settle, timed

GOAL_MS = 16.0
WINDOW = (1000, 800)
SIDES = (1024, 4096)
STEP = 6


def _view(side: int, view: str) -> Any:
    from studio.ui.edit.compare import CompareView

    app()
    compare = CompareView()
    compare.resize(*WINDOW)
    compare.set_images(picture(side, 0), picture(side, 1))
    compare.show()
    settle()
    if view == "100%":
        compare.actual_size()
    settle()
    return compare


def drag(side: int, view: str, frames: int) -> dict[str, Any]:
    """Per-frame times (s) of a divider drag, and the paints the canvas got."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    compare = _view(side, view)
    canvas, handle = compare.canvas, compare.slider
    counter = PaintCounter(canvas)
    y = canvas.height() // 2
    xs, x, direction = [], canvas.divider_x(), -1
    for _ in range(frames):
        x += STEP * direction
        if x < 20 or x > canvas.width() - 20:
            direction = -direction
        xs.append(x)
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    times: list[float] = []
    for label in ("warm-up", "timed"):
        start = handle.mapFrom(canvas, QPoint(canvas.divider_x(), y))
        timed(lambda s=start: QTest.mousePress(handle, left, none, s))
        counter.count = 0
        times = [
            timed(lambda v=v: QTest.mouseMove(handle, handle.mapFrom(canvas, QPoint(v, y))))
            for v in xs
        ]
        cpu = cpu_of(len(times))
        end = handle.mapFrom(canvas, QPoint(xs[-1], y))
        timed(lambda e=end: QTest.mouseRelease(handle, left, none, e))
        del label
    paints = counter.count
    compare.close()
    compare.deleteLater()
    settle()
    return {"frames": times, "cpu": cpu, "paints": paints}


def pan_side_by_side(side: int, frames: int) -> list[float]:
    """Per-frame times (s) of a pan in side-by-side mode at 100 %."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from studio.ui.edit.compare_canvas import CompareMode

    compare = _view(side, "100%")
    compare.set_mode(CompareMode.SIDE_BY_SIDE)
    settle()
    canvas = compare.canvas
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    point = QPoint(canvas.width() // 4, canvas.height() // 2)
    timed(lambda: QTest.mousePress(canvas, left, none, point))
    times = []
    for i in range(frames):
        dx = 3 if (i // 50) % 2 == 0 else -3
        point = QPoint(point.x() + dx, point.y())
        times.append(timed(lambda p=point: QTest.mouseMove(canvas, p)))
    timed(lambda: QTest.mouseRelease(canvas, left, none, point))
    compare.close()
    compare.deleteLater()
    settle()
    return times


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """This benchmark's flags."""
    parser.add_argument("--frames", type=int, default=300, help="mouse moves per drag")
    parser.add_argument("--compare-reps", type=int, default=2, help="drags per size and view")


def run(args: argparse.Namespace) -> tuple[list[Row], str]:
    """The summary rows and a text report."""
    frames = getattr(args, "frames", 300)
    reps = getattr(args, "compare_reps", 2)
    found: dict[tuple[int, str], dict[str, Any]] = {}
    for _ in range(reps):
        for view in ("fitted", "100%"):
            for side in SIDES:
                result = drag(side, view, frames)
                entry = found.setdefault((side, view), {"frames": [], "cpu": [], "paints": 0})
                entry["frames"] += result["frames"]
                entry["cpu"] += result["cpu"]
                entry["paints"] += result["paints"]
    pans = {side: pan_side_by_side(side, frames) for side in SIDES}
    ms = 1e3
    rows: list[Row] = []
    lines = [f"{frames} frames per drag, {reps} timed drags per size and view (after a warm-up)"]
    for view in ("fitted", "100%"):
        big, small = found[(4096, view)], found[(1024, view)]
        rows.append(
            Row(
                f"compare {view}: ms/frame 4096² vs 1024²",
                "ms",
                median(big["frames"]) * ms,
                median(small["frames"]) * ms,
            )
        )
        rows.append(
            Row(
                f"compare {view}: max frame 4096² vs goal",
                "ms",
                max(big["frames"]) * ms,
                GOAL_MS,
                1.0,
            )
        )
        for side in SIDES:
            entry = found[(side, view)]
            lines.append(
                f"  slider {view:6} {side}²: median {median(entry['frames']) * ms:.2f} ms, "
                f"p95 {percentile(entry['frames'], 95) * ms:.2f} ms, "
                f"max {max(entry['frames']) * ms:.2f} ms per frame "
                f"(max main-thread CPU {max(entry['cpu']) * ms:.2f} ms); {entry['paints']} paints"
            )
    rows.append(
        Row(
            "compare side-by-side pan: ms/frame 4096² vs 1024²",
            "ms",
            median(pans[4096]) * ms,
            median(pans[1024]) * ms,
        )
    )
    for side in SIDES:
        lines.append(
            f"  side-by-side pan 100% {side}²: median {median(pans[side]) * ms:.2f} ms, "
            f"max {max(pans[side]) * ms:.2f} ms per frame"
        )
    return rows, "\n".join(lines)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    print(machine())
    _rows, text = run(args)
    print(text)


if __name__ == "__main__":
    main()
