"""Streaming a long markdown answer into the transcript: Studio's MarkdownView against naive.

A ~20,000-token answer (a sample with headings, lists, tables, Python/JS code and Chinese,
repeated) arrives at 2,000 tokens/s. As the session layer does, tokens accumulate and a 30 Hz
timer flushes them: each flush is one ``MarkdownView.append(batch)`` (finished blocks are
frozen, only the tail is re-rendered) in a scroll area that follows the bottom as the content
grows, as the transcript does. The baseline, in the same run, is the naive widget: a
``QTextBrowser`` whose ``setMarkdown(full_text)`` runs on every token, also following the
bottom. It is run on the first ``--naive-tokens`` tokens only (the whole answer would take
minutes); Studio's figures are also given over that same prefix.

Both run offscreen in a plain Qt event loop, shown in a 900×700 window, so layout and painting
happen as they would on screen. Both sides are warmed up first (one sample section shown by
each, so the parser, lexers and fonts are loaded, as after the app's first message). Figures:

* main-thread CPU per token (``time.thread_time``) inside the handlers (flush, or per token
  for naive), and for the whole loop (layout and painting included; the heartbeat's own idle
  cost, measured beforehand, is subtracted);
* the longest event-loop stall: a 1 ms precise timer records the gaps between its ticks; a
  stall is the longest gap minus 1 ms. Input and scrolling wait that long at worst. On a busy
  machine the OS may also pause the process, so the main thread's CPU time within each gap
  is recorded too: that part is the application's own work.

Timings are never asserted. Run alone:
``.venv/bin/python benches/bench_stream_render.py [--tokens 20000 --naive-tokens 2000]``.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from _common import Row, machine

GOAL_RATIO = 50.0  # naive / ours, main-thread time per token
GOAL_STALL_MS = 16.0
FLUSH_HZ = 30
WINDOW = (900, 700)

SAMPLE = """## 第 {n} 节：数据处理 (section {n})

Here is how to process the records. We read the file, **validate** each row, and write the
result with `write_rows()`. 处理过程中请注意编码问题，所有文件都应该使用 UTF-8 编码保存。

1. Read the input
2. Validate each row:
   - the `id` must be unique
   - 金额必须是正数
3. Write the output

```python
import csv
from pathlib import Path


def load(path: Path) -> list[dict[str, str]]:
    \"\"\"Read every row of a CSV file (第 {n} 版).\"\"\"
    with path.open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row.get("id")]
```

| 字段 | Type | Required | Note |
|:-----|:----:|:--------:|-----:|
| id | int | yes | {n} |
| name | str | yes | 名称 |
| amount | float | no | 0.00 |

```javascript
const total = rows.reduce((sum, row) => sum + Number(row.amount), 0);
console.log(`section {n}: ${{total.toFixed(2)}}`);
```

> 提示：如果数据量很大，可以分批处理，每批一千行。
> Batches keep memory flat.

That is all for section {n}; 接下来我们看下一节。

"""

_TOKEN_RE = re.compile(r"\s*(?:[\u3000-\u9fff\uff00-\uffef]|[A-Za-z]{1,4}|\d{1,3}|[^\sA-Za-z\d])")


def tokenize(text: str) -> list[str]:
    """Split ``text`` into model-like tokens (≈4 Latin letters, one CJK character, a digit run
    or a symbol, with the whitespace before it)."""
    tokens = _TOKEN_RE.findall(text)
    rest = len(text) - sum(map(len, tokens))
    if rest:
        tokens.append(text[-rest:])  # trailing whitespace
    if "".join(tokens) != text:
        raise RuntimeError("tokenizer lost text")
    return tokens


def make_answer(target_tokens: int) -> list[str]:
    """Tokens of an answer made of numbered sample sections, at least ``target_tokens``."""
    tokens: list[str] = []
    n = 1
    while len(tokens) < target_tokens:
        tokens.extend(tokenize(SAMPLE.format(n=n)))
        n += 1
    return tokens


@dataclass
class Run:
    """Figures of one streamed run."""

    tokens: int = 0
    handler_cpu: float = 0.0  # seconds of main-thread CPU inside handlers
    handler_wall: float = 0.0
    loop_cpu: float = 0.0  # main-thread CPU of the whole run (heartbeat cost subtracted)
    wall: float = 0.0
    stall: float = 0.0  # longest heartbeat gap minus the interval, seconds
    busy_stall: float = 0.0  # most main-thread CPU time within one gap
    over_goal: tuple[int, int] = (0, 0)  # gaps over the goal: wall, CPU
    ticks: int = 0
    flushes: int = 0
    prefix_cpu: dict[int, float] = field(default_factory=dict)  # tokens -> handler CPU so far
    prefix_stall: dict[int, float] = field(default_factory=dict)
    prefix_loop_cpu: dict[int, float] = field(default_factory=dict)


class Heartbeat:
    """A 1 ms precise timer that records the gaps between its ticks (wall and CPU time).

    A wall gap also grows when the OS runs another process instead of this one (the machine
    may be busy); the main thread's CPU time within the gap is the part that is our work.
    """

    def __init__(self, qtcore: Any) -> None:
        self.timer = qtcore.QTimer()
        self.timer.setTimerType(qtcore.Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.last = self.last_cpu = 0.0
        self.gaps: list[tuple[float, float]] = []  # (wall, cpu) seconds, gaps over 2 ms

    def start(self) -> None:
        self.last, self.last_cpu = time.perf_counter(), time.thread_time()
        self.gaps = []
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        if now - self.last > 0.002:
            self.gaps.append((now - self.last, cpu - self.last_cpu))
        self.last, self.last_cpu = now, cpu

    @property
    def stall(self) -> float:
        """The longest gap minus the 1 ms interval (wall time)."""
        return max((wall for wall, _ in self.gaps), default=0.001) - 0.001

    @property
    def busy_stall(self) -> float:
        """The most main-thread CPU time spent within one gap."""
        return max((cpu for _, cpu in self.gaps), default=0.0)

    def over(self, limit: float) -> tuple[int, int]:
        """How many gaps exceed ``limit`` seconds: in wall time, and in CPU time."""
        limit += 0.001
        return (
            sum(wall > limit for wall, _ in self.gaps),
            sum(cpu > limit for _, cpu in self.gaps),
        )


def _qt() -> tuple[Any, Any, Any]:
    """QtCore, QtWidgets and the application (created offscreen on first use)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import QtCore, QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    return QtCore, QtWidgets, app


def idle_heartbeat_cost(seconds: float = 1.0) -> float:
    """Main-thread CPU per second spent by the heartbeat alone (to subtract)."""
    qtcore, _, _ = _qt()
    beat = Heartbeat(qtcore)
    loop = qtcore.QEventLoop()
    qtcore.QTimer.singleShot(int(seconds * 1000), loop.quit)
    cpu0, wall0 = time.thread_time(), time.perf_counter()
    beat.start()
    loop.exec()
    beat.stop()
    return (time.thread_time() - cpu0) / (time.perf_counter() - wall0)


def _drive(
    tokens: list[str],
    rate: float,
    interval_ms: int,
    handle: Callable[[list[str]], None],
    done: Callable[[], None],
    marks: tuple[int, ...],
    idle_cost: float,
) -> Run:
    """Deliver ``tokens`` at ``rate``; every ``interval_ms`` hand the due ones to ``handle``."""
    qtcore, _, _ = _qt()
    run = Run(tokens=len(tokens))
    loop = qtcore.QEventLoop()
    beat = Heartbeat(qtcore)
    timer = qtcore.QTimer()
    timer.setTimerType(qtcore.Qt.TimerType.PreciseTimer)
    timer.setInterval(interval_ms)
    sent = 0
    start = cpu_start = 0.0
    pending_marks = sorted(marks)

    def flush() -> None:
        nonlocal sent
        if sent >= len(tokens):
            return
        due = min(len(tokens), int((time.perf_counter() - start) * rate) + 1)
        if due > sent:
            cpu0, wall0 = time.thread_time(), time.perf_counter()
            handle(tokens[sent:due])
            if due == len(tokens):
                done()
            run.handler_cpu += time.thread_time() - cpu0
            run.handler_wall += time.perf_counter() - wall0
            run.flushes += 1
            sent = due
            while pending_marks and sent >= pending_marks[0]:
                mark = pending_marks.pop(0)
                run.prefix_cpu[mark] = run.handler_cpu / sent * mark
                run.prefix_stall[mark] = beat.stall
                elapsed = time.perf_counter() - start
                loop_cpu = time.thread_time() - cpu_start - idle_cost * elapsed
                run.prefix_loop_cpu[mark] = max(0.0, loop_cpu) / sent * mark
        if sent >= len(tokens):
            timer.stop()
            qtcore.QTimer.singleShot(50, loop.quit)  # let the last layout and paint happen

    timer.timeout.connect(flush)
    cpu_start = time.thread_time()
    start = time.perf_counter()
    beat.start()
    timer.start()
    loop.exec()
    beat.stop()
    run.wall = time.perf_counter() - start
    run.loop_cpu = max(0.0, time.thread_time() - cpu_start - idle_cost * run.wall)
    run.stall = beat.stall
    run.busy_stall = beat.busy_stall
    run.over_goal = beat.over(GOAL_STALL_MS / 1000)
    return run


def follow_bottom(bar: Any) -> None:
    """Keep the view at the bottom as the content grows, as the transcript does."""
    bar.rangeChanged.connect(lambda _low, high: bar.setValue(high))


def run_ours(tokens: list[str], rate: float, marks: tuple[int, ...], idle_cost: float) -> Run:
    """Studio: MarkdownView in a scroll area, a 30 Hz flush of the tokens that arrived."""
    _, qtwidgets, app = _qt()
    from studio.ui.markdown.view import MarkdownView

    area = qtwidgets.QScrollArea()
    area.setWidgetResizable(True)
    page = qtwidgets.QWidget()
    column = qtwidgets.QVBoxLayout(page)
    view = MarkdownView(open_url=lambda url: None)
    column.addWidget(view)
    column.addStretch(1)
    area.setWidget(page)
    area.resize(*WINDOW)
    area.show()
    app.processEvents()
    follow_bottom(area.verticalScrollBar())

    def handle(batch: list[str]) -> None:
        view.append("".join(batch))

    result = _drive(tokens, rate, 1000 // FLUSH_HZ, handle, view.finish, marks, idle_cost)
    if view.markdown() != "".join(tokens):
        raise RuntimeError("ours: the view lost text")
    area.close()
    area.deleteLater()
    app.processEvents()
    return result


def run_naive(tokens: list[str], rate: float, idle_cost: float) -> Run:
    """Naive: a QTextBrowser re-rendering the whole markdown on every token."""
    _, qtwidgets, app = _qt()
    browser = qtwidgets.QTextBrowser()
    browser.resize(*WINDOW)
    browser.show()
    app.processEvents()
    follow_bottom(browser.verticalScrollBar())
    text = ""

    def handle(batch: list[str]) -> None:
        nonlocal text
        for token in batch:
            text += token
            browser.setMarkdown(text)

    result = _drive(tokens, rate, 1, handle, lambda: None, (), idle_cost)
    browser.close()
    browser.deleteLater()
    app.processEvents()
    return result


def warm_up() -> None:
    """Load the parser, the lexers and the fonts once, as showing any earlier message does.

    Both sides get the same warm-up (a view and a text browser showing one sample section).
    """
    _, qtwidgets, app = _qt()
    from studio.ui.markdown.view import MarkdownView

    sample = SAMPLE.format(n=0)
    view = MarkdownView(open_url=lambda url: None)
    browser = qtwidgets.QTextBrowser()
    for widget in (view, browser):
        widget.resize(*WINDOW)
        widget.show()
    view.set_markdown(sample)
    browser.setMarkdown(sample)
    app.processEvents()
    for widget in (view, browser):
        widget.close()
        widget.deleteLater()
    app.processEvents()


def measure(total: int, naive_tokens: int, rate: float) -> tuple[Run, Run, list[str]]:
    """Run both sides; return (ours, naive, tokens)."""
    tokens = make_answer(total)
    prefix = min(naive_tokens, len(tokens))
    warm_up()
    idle = idle_heartbeat_cost()
    ours = run_ours(tokens, rate, (prefix,), idle)
    naive = run_naive(tokens[:prefix], rate, idle)
    return ours, naive, tokens


def report(ours: Run, naive: Run, tokens: list[str], rate: float) -> tuple[list[Row], str]:
    """The rows for run.py and the printed table."""
    prefix = naive.tokens
    ms = 1000.0
    ours_prefix = ours.prefix_cpu[prefix] / prefix * ms
    naive_prefix = naive.handler_cpu / prefix * ms
    ours_all = ours.handler_cpu / ours.tokens * ms
    ours_loop = ours.prefix_loop_cpu[prefix] / prefix * ms
    ours_loop_all = ours.loop_cpu / ours.tokens * ms
    naive_loop = naive.loop_cpu / prefix * ms

    def ratio(a: float, b: float) -> str:
        return f"{b / a:,.0f}×" if a > 0 else "-"

    lines = [
        f"stream render: {len(tokens):,} tokens ({len(''.join(tokens)):,} chars) at "
        f"{rate:,.0f} tokens/s, flushes at {FLUSH_HZ} Hz; naive on the first {prefix:,} tokens",
        f"  ours: {ours.flushes} flushes in {ours.wall:.1f} s; naive: {naive.flushes} handler "
        f"calls in {naive.wall:.1f} s (it cannot keep up: {prefix / naive.wall:,.0f} tokens/s)",
        "",
    ]
    rows_text = [
        ("figure", "ours", "naive", "naive/ours", "goal"),
        (
            f"main-thread ms/token, handlers, first {prefix:,}",
            f"{ours_prefix:.4f}",
            f"{naive_prefix:.3f}",
            ratio(ours_prefix, naive_prefix),
            f">= {GOAL_RATIO:.0f}×",
        ),
        (
            f"main-thread ms/token, whole loop, first {prefix:,}",
            f"{ours_loop:.4f}",
            f"{naive_loop:.3f}",
            ratio(ours_loop, naive_loop),
            "-",
        ),
        (
            f"main-thread ms/token, handlers, all {ours.tokens:,}",
            f"{ours_all:.4f}",
            "-",
            "-",
            "-",
        ),
        (
            f"main-thread ms/token, whole loop, all {ours.tokens:,}",
            f"{ours_loop_all:.4f}",
            "-",
            "-",
            "-",
        ),
        (
            "longest event-loop stall, ms (naive: its prefix)",
            f"{ours.stall * ms:.1f}",
            f"{naive.stall * ms:.1f}",
            ratio(ours.stall, naive.stall),
            f"ours <= {GOAL_STALL_MS:.0f}",
        ),
        (
            "  main-thread CPU within the longest-busy gap, ms",
            f"{ours.busy_stall * ms:.1f}",
            f"{naive.busy_stall * ms:.1f}",
            ratio(ours.busy_stall, naive.busy_stall),
            f"ours <= {GOAL_STALL_MS:.0f}",
        ),
        (
            f"  gaps over {GOAL_STALL_MS:.0f} ms: wall / CPU-busy",
            f"{ours.over_goal[0]} / {ours.over_goal[1]}",
            f"{naive.over_goal[0]} / {naive.over_goal[1]}",
            "-",
            "-",
        ),
        (
            f"longest stall in the first {prefix:,} tokens, ms",
            f"{ours.prefix_stall[prefix] * ms:.1f}",
            f"{naive.stall * ms:.1f}",
            "-",
            "-",
        ),
    ]
    widths = [max(len(row[i]) for row in rows_text) for i in range(5)]
    for index, row in enumerate(rows_text):
        lines.append(" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("-+-".join("-" * w for w in widths))
    lines.append("")
    lines.append(
        f"  ours per flush: {ours.handler_wall / max(1, ours.flushes) * ms:.2f} ms wall on average"
    )
    rows = [
        Row(
            f"stream render ms/token (first {prefix:,})",
            "ms",
            ours_prefix,
            naive_prefix,
            1 / GOAL_RATIO,
        ),
        Row("stream render longest stall", "ms", ours.stall * ms, naive.stall * ms),
    ]
    return rows, "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of this benchmark."""
    parser.add_argument("--tokens", type=int, default=20_000, help="tokens in the answer")
    parser.add_argument("--naive-tokens", type=int, default=2_000, help="naive run prefix")
    parser.add_argument("--rate", type=float, default=2_000.0, help="tokens per second")


def run(args: argparse.Namespace) -> tuple[list[Row], str]:
    """Run with parsed ``args`` (defaults for flags run.py does not define)."""
    total = getattr(args, "tokens", 20_000)
    naive_tokens = getattr(args, "naive_tokens", 2_000)
    rate = getattr(args, "rate", 2_000.0)
    ours, naive, tokens = measure(total, naive_tokens, rate)
    return report(ours, naive, tokens, rate)


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
