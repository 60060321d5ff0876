"""Version tree benchmark: a session of 100 versions, from the values to the first paint.

Drives the real :class:`~studio.ui.edit.version_tree.VersionTree` (offscreen Qt platform, the
qasync loop the app uses) with 100 versions whose thumbnails are PNG bytes (640×480, made
here), branched every ten versions. Measured per run, in a fresh widget each time:

* *first paint*: from building the widget and handing it the versions to the end of the tree
  view's first paint (rows drawn with placeholders; thumbnails decode in workers);
* *thumbnails on screen*: until every thumbnail of the rows on screen is decoded;
* baseline: a bare ``QTreeWidget`` given the same 100 prompts as plain text items, built,
  shown and painted the same way, alternating with the runs above.

The issue's goal is on Studio's own time: first paint ≤ 150 ms. Nothing is asserted.

Run alone: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benches/bench_version_tree.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from typing import Any

from _common import Row, machine, median, table

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

VERSIONS = 100
GOAL_MS = 150.0
WAIT_S = 30.0


def _pictures(count: int) -> list[bytes]:
    from PySide6.QtGui import QColor, QImage, QPainter

    from studio.ui.edit.panel_mime import png_bytes

    result = []
    for i in range(count):
        image = QImage(640, 480, QImage.Format.Format_RGB32)
        image.fill(QColor.fromHsv((i * 7) % 360, 150, 220))
        painter = QPainter(image)
        painter.fillRect(160, 120, 320, 240, QColor(255, 255, 255))
        painter.end()
        result.append(png_bytes(image))
    return result


def _nodes(pictures: list[bytes]) -> list[Any]:
    from studio.ui.edit.values import VersionNode

    nodes = []
    for i, data in enumerate(pictures, start=1):
        parent = None if i == 1 else (i - 1 if i % 10 else i - 5)
        nodes.append(
            VersionNode(
                i,
                parent,
                data,
                prompt=f"Edit {i}: make the lake calmer and the sky warmer, keep the boat",
                model="gpt-image-1",
                cost=0.04,
                created_at=1_700_000_000.0 + i,
                is_source=parent is None,
            )
        )
    return nodes


class _FirstPaint:
    """Records when a widget's first paint event has been handled."""

    def __init__(self, widget: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        outer = self

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and not outer.pending:
                    widget.removeEventFilter(self)
                    outer.pending = True
                return False

        self.pending = False  # a paint event arrived (handled once processEvents returns)
        self._filter = Filter()
        widget.installEventFilter(self._filter)


def _wait(app: Any, done: Any) -> None:
    deadline = time.perf_counter() + WAIT_S
    while not done() and time.perf_counter() < deadline:
        app.processEvents()


def _studio_run(app: Any, nodes: list[Any]) -> tuple[float, float]:
    from studio.ui.edit.version_tree import VersionTree

    started = time.perf_counter()
    tree = VersionTree()
    tree.resize(320, 720)
    tree.set_versions(nodes, current=nodes[-1].id)
    marker = _FirstPaint(tree.tree_view.viewport())
    tree.show()
    _wait(app, lambda: marker.pending)
    app.processEvents()  # the paint event that was seen is handled by now
    first = time.perf_counter() - started
    cache = tree.thumbnails.cache
    view = tree.tree_view
    visible = [
        node.id
        for node in nodes
        if (item := tree.tree_item(node.id)) is not None
        and view.visualItemRect(item).intersects(view.viewport().rect())
    ]
    _wait(app, lambda: all(cache.pixmap(f"version:{i}") is not None for i in visible))
    thumbs = time.perf_counter() - started
    tree.shutdown()
    tree.close()
    tree.deleteLater()
    app.processEvents()
    return first, thumbs


def _baseline_run(app: Any, nodes: list[Any]) -> float:
    from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

    started = time.perf_counter()
    tree = QTreeWidget()
    tree.resize(320, 720)
    tree.setHeaderHidden(True)
    for node in nodes:
        tree.addTopLevelItem(QTreeWidgetItem([node.prompt]))
    marker = _FirstPaint(tree.viewport())
    tree.show()
    _wait(app, lambda: marker.pending)
    app.processEvents()
    elapsed = time.perf_counter() - started
    tree.close()
    tree.deleteLater()
    app.processEvents()
    return elapsed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """This benchmark's flags."""
    parser.add_argument("--tree-runs", type=int, default=7, help="timed runs per side")


def run(args: argparse.Namespace) -> tuple[list[Row], str]:
    """Summary rows and a detailed text."""
    from PySide6.QtWidgets import QApplication

    from studio.session.event_loop import create_event_loop
    from studio.ui.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    loop = create_event_loop(app)
    asyncio.set_event_loop(loop)
    apply_theme(app)  # type: ignore[arg-type]
    nodes = _nodes(_pictures(VERSIONS))
    _studio_run(app, nodes)  # warm-up: imports, fonts, icons
    _baseline_run(app, nodes)
    firsts, thumbs, bases = [], [], []
    for _ in range(args.tree_runs):
        first, thumb = _studio_run(app, nodes)
        firsts.append(first * 1e3)
        thumbs.append(thumb * 1e3)
        bases.append(_baseline_run(app, nodes) * 1e3)
    rows = [
        Row("version tree (100): first paint", "ms", median(firsts), median(bases)),
        Row("version tree (100): thumbnails on screen", "ms", median(thumbs), median(bases)),
    ]
    met = "met" if median(firsts) <= GOAL_MS else "missed"
    text = (
        f"  first paint: median {median(firsts):.1f} ms (goal ≤ {GOAL_MS:.0f} ms: {met}); "
        f"bare QTreeWidget {median(bases):.1f} ms\n"
        f"  visible thumbnails decoded: median {median(thumbs):.1f} ms"
    )
    return rows, text


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    print(machine())
    rows, text = run(args)
    print(text)
    print(table(rows))


if __name__ == "__main__":
    main()
