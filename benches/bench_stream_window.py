"""A long answer streamed into the real chat window, end to end: Enter → last frame → idle.

The whole path a user lives through, in the real ``MainWindow`` (built by ``build_studio``,
on the qasync loop, shown offscreen at 1400×900): the prompt is typed into the composer and
Enter pressed; a loopback server in its own process (:mod:`_paced_server`) streams a
markdown answer of ~80,000 characters with 50 code blocks and 50 tables, cut into 20,000
chunks written 2,000 per second; the window streams it, finishes it (saves, renders the
final answer, refreshes the card) and goes idle. While that happens, a thread *outside* the
GUI thread, as a person typing would, posts a key press into the composer every 100 ms.

Measured from Enter until the window is idle (no frame and no busy stretch of the event loop
for a whole second after the answer ended):

* **last byte → final frame**: from the server's last byte (its own ``time.time()``) to the
  last frame the window painted (goal ≤ 100 ms);
* **longest gap**: the longest interval with neither a processed keystroke nor a repaint
  (goal ≤ 33 ms), and the longest busy stretch of the event loop (a 1 ms precise heartbeat);
* **keystroke latency**: from the probe thread posting a key to the composer handling it
  (median and worst);
* **CPU**: process CPU-seconds from Enter to idle (goal ≤ 2.5 s), less what the 1 ms
  heartbeat itself costs (measured over a quiet second just before).

The baseline, in the same run, is the raw loopback read of the same stream (``httpx``
``iter_raw``, no decoding): the floor for the CPU, and its last-byte delay. After the stream,
three more things a user does with the long answer are timed the same way (longest busy
stretch, time to settle): reopening the conversation, switching between two versions of the
answer, and dragging the window narrower and back.

Timings are never asserted. Run alone: ``.venv/bin/python benches/bench_stream_window.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import Row, machine
from _long_answer import long_answer
from _paced_server import WARM_UP, PacedServer
from _qtdrive import app as qt_app

GOAL_LAST_FRAME_MS = 100.0
GOAL_GAP_MS = 33.0
GOAL_CPU_S = 2.5
PROBE_S = 0.100
QUIET_S = 1.0
BUSY_S = 0.005  # an event-loop gap longer than this counts as work
WINDOW = (1400, 900)
PROMPT = "Write the order importer guide"


@dataclass
class Marks:
    """What happened, on the ``time.perf_counter`` clock."""

    frames: list[float] = field(default_factory=list)  # any repaint of the window
    answer_frames: list[float] = field(default_factory=list)  # repaints of the transcript
    keys: list[tuple[float, float]] = field(default_factory=list)  # (posted, handled)
    gaps: list[tuple[float, float, float]] = field(default_factory=list)  # start, end, cpu

    def last_activity(self) -> float:
        ends = [self.answer_frames[-1] if self.answer_frames else 0.0]
        ends += [end for start, end, _ in self.gaps if end - start > BUSY_S]
        return max(ends)

    def clear(self) -> None:
        self.frames.clear()
        self.answer_frames.clear()
        self.keys.clear()
        self.gaps.clear()


@dataclass
class StreamFigures:
    """One streamed answer in the window."""

    enter_to_idle: float = 0.0
    last_byte_to_frame: float = 0.0
    longest_gap: float = 0.0
    longest_busy: float = 0.0
    key_median: float = 0.0
    key_worst: float = 0.0
    keys: int = 0
    cpu: float = 0.0
    frames: int = 0
    heartbeat_rate: float = 0.0  # CPU-seconds per second the heartbeat costs (subtracted)
    finish_busy: float = 0.0  # longest busy stretch after the server's last byte


def _install_watchers(window: Any, composer: Any, transcript: Any, marks: Marks) -> list[Any]:
    """Event filters (frames of the window, keys reaching the composer) and the heartbeat."""
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer

    posted: list[float] = []

    class Watch(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:
            kind = event.type()
            if kind == QEvent.Type.Paint and obj is transcript:
                marks.answer_frames.append(time.perf_counter())
            elif kind == QEvent.Type.UpdateRequest:
                marks.frames.append(time.perf_counter())
            elif kind == QEvent.Type.KeyPress and obj is composer and posted:
                marks.keys.append((posted.pop(0), time.perf_counter()))
            return False

    watch = Watch()
    window.installEventFilter(watch)
    window.windowHandle().installEventFilter(watch)
    composer.installEventFilter(watch)
    transcript.installEventFilter(watch)

    beat = QTimer()
    beat.setTimerType(Qt.TimerType.PreciseTimer)
    beat.setInterval(1)
    last = [time.perf_counter(), time.thread_time()]

    def tick() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        if now - last[0] > 0.002:
            marks.gaps.append((last[0], now, cpu - last[1]))
        last[0], last[1] = now, cpu

    beat.timeout.connect(tick)
    beat.start()
    return [watch, beat, posted]


class Typist:
    """A thread that posts a key press (and release) into ``target`` every ``interval``."""

    def __init__(self, target: Any, posted: list[float], interval: float = PROBE_S) -> None:
        self.target, self.posted, self.interval = target, posted, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="typist", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent, Qt
        from PySide6.QtGui import QKeyEvent

        while not self._stop.wait(self.interval):
            self.posted.append(time.perf_counter())
            press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Period, Qt.KeyboardModifier(0), ".")
            release = QKeyEvent(
                QEvent.Type.KeyRelease, Qt.Key.Key_Period, Qt.KeyboardModifier(0), "."
            )
            QCoreApplication.postEvent(self.target, press)
            QCoreApplication.postEvent(self.target, release)


def _longest_gap(points: list[float], start: float, end: float) -> float:
    """The longest interval between consecutive points in [start, end] (ends included)."""
    inside = sorted(p for p in points if start <= p <= end)
    edges = [start, *inside, end]
    return max((b - a for a, b in itertools.pairwise(edges)), default=0.0)


async def _until(condition: Any, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not get there in time")
        await asyncio.sleep(0.005)


async def _until_idle(marks: Marks, since: float, timeout: float = 120.0) -> float:
    """Wait for a quiet second after ``since``; the time of the last activity."""
    deadline = time.perf_counter() + timeout
    while True:
        now = time.perf_counter()
        last = max(since, marks.last_activity())
        if now - last >= QUIET_S:
            return last
        if now > deadline:
            raise TimeoutError("the window never went idle")
        await asyncio.sleep(0.02)


def _server_times(base_url: str) -> tuple[float, float]:
    with urllib.request.urlopen(base_url.removesuffix("/v1") + "/last", timeout=10) as reply:
        data = json.loads(reply.read())
    return float(data["first"]), float(data["last"])


def raw_read(base_url: str) -> tuple[float, float, int]:
    """The baseline: CPU seconds, last-byte delay and bytes of a raw httpx read."""
    import httpx

    body = {"model": "m", "stream": True, "messages": [{"role": "user", "content": PROMPT}]}
    cpu0 = time.process_time()
    size = 0
    with httpx.Client(timeout=60) as client:
        with client.stream("POST", base_url + "/chat/completions", json=body) as reply:
            for piece in reply.iter_raw():
                size += len(piece)
        done = time.time()
    cpu = time.process_time() - cpu0
    _first, last = _server_times(base_url)
    return cpu, max(0.0, done - last), size


@dataclass
class Afterwards:
    """Longest busy stretch and time to settle for what a user does next (seconds)."""

    reopen: tuple[float, float] = (0.0, 0.0)
    versions: tuple[float, float] = (0.0, 0.0)
    resize: tuple[float, float] = (0.0, 0.0)


def _quiet_qt(_kind: Any, _context: Any, message: str) -> None:
    """Drop the offscreen plugin's "does not support propagateSizeHints()" lines."""
    if "propagateSizeHints" not in message:
        print(message)


def run_window(base_url: str, *, then: bool = True) -> tuple[StreamFigures, Afterwards, int]:
    """Stream the answer into the real window; then reopen, switch versions and resize."""
    app = qt_app()
    from PySide6.QtCore import QSettings, Qt, qInstallMessageHandler
    from PySide6.QtTest import QTest

    from studio.api.client import ApiClient
    from studio.api.provider import ProviderConfig
    from studio.session.event_loop import create_event_loop
    from studio.session.relay_info import RelayInfo
    from studio.session.studio import build_studio
    from studio.store.database import Database
    from studio.store.messages import MessageStore
    from studio.ui.main_window import MainWindow
    from studio.ui.theme import apply_theme

    apply_theme(app)
    # The composer's blinking cursor repaints twice a second for ever: without it, "idle"
    # (a second with no frame) is well defined.
    app.setCursorFlashTime(0)
    qInstallMessageHandler(_quiet_qt)
    loop = create_event_loop(app)
    figures = StreamFigures()
    after = Afterwards()
    shown_chars = 0
    with tempfile.TemporaryDirectory(prefix="bench-window-") as tmp:
        folder = Path(tmp)
        db = Database(folder / "studio.sqlite3")
        client = ApiClient(ProviderConfig(base_url=base_url, name="bench"))
        relay = RelayInfo("bench", base_url, False, "gpt-4o", ("gpt-4o",))
        studio = build_studio(db, folder / "images", client, relay)
        window = MainWindow(studio, QSettings(str(folder / "w.ini"), QSettings.Format.IniFormat))
        window.resize(*WINDOW)
        window.show()
        page = window.chat_page
        composer = page.composer
        marks = Marks()
        keep = _install_watchers(window, composer, page.transcript.viewport(), marks)
        posted: list[float] = keep[2]

        async def warm_up() -> None:
            # A short answer first, as after the app's first message of the day: the
            # modules of the send path are loaded and the connection is open.
            page.new_chat()
            QTest.keyClicks(composer, WARM_UP)
            QTest.keyClick(composer, Qt.Key.Key_Return)
            await _until(lambda: page.session is not None and page.session.busy, 30)
            session = page.session
            assert session is not None
            await _until(lambda: not session.busy, 60)

        async def heartbeat_cost() -> None:
            # The measuring itself (the 1 ms heartbeat) costs CPU: a quiet second of it.
            await asyncio.sleep(0.3)
            cpu, wall = time.process_time(), time.perf_counter()
            await asyncio.sleep(1.0)
            figures.heartbeat_rate = (time.process_time() - cpu) / (time.perf_counter() - wall)

        async def stream() -> None:
            nonlocal shown_chars
            page.new_chat()
            composer.setFocus()
            QTest.keyClicks(composer, PROMPT)
            await asyncio.sleep(0.3)
            typist = Typist(composer, posted)
            marks.clear()
            cpu0 = time.process_time()
            cpu_at: list[tuple[float, float]] = []
            enter = time.perf_counter()
            enter_wall = time.time()
            QTest.keyClick(composer, Qt.Key.Key_Return)
            typist.start()
            await _until(lambda: page.session is not None and page.session.busy, 30)
            session = page.session
            assert session is not None

            async def sample_cpu() -> None:
                while True:
                    cpu_at.append((time.perf_counter(), time.process_time()))
                    await asyncio.sleep(0.05)

            sampler = asyncio.ensure_future(sample_cpu())
            await _until(lambda: not session.busy, 120)
            idle = await _until_idle(marks, time.perf_counter())
            typist.stop()
            sampler.cancel()
            cpu_end = time.process_time()
            # CPU at the last activity: the sample just after it (the quiet second is not ours).
            after_idle = [cpu for at, cpu in cpu_at if at >= idle]
            gross = (after_idle[0] if after_idle else cpu_end) - cpu0
            figures.cpu = gross - figures.heartbeat_rate * (idle - enter)
            _first, last = _server_times(base_url)
            last_perf = enter + (last - enter_wall)
            figures.enter_to_idle = idle - enter
            frames = [f for f in marks.frames if enter <= f <= idle]
            answer_frames = [f for f in marks.answer_frames if enter <= f <= idle]
            figures.frames = len(answer_frames)
            final = answer_frames[-1] if answer_frames else idle
            figures.last_byte_to_frame = max(0.0, final - last_perf)
            handled = [h for _, h in marks.keys]
            figures.longest_gap = _longest_gap(frames + handled, enter, idle)
            busy = [(s, e) for s, e, _ in marks.gaps if e >= enter and s <= idle]
            figures.longest_busy = max((e - s for s, e in busy), default=0.0)
            figures.finish_busy = max((e - s for s, e in busy if e >= last_perf), default=0.0)
            latencies = [h - p for p, h in marks.keys if enter <= p <= idle]
            figures.keys = len(latencies)
            figures.key_median = statistics.median(latencies) if latencies else 0.0
            figures.key_worst = max(latencies, default=0.0)
            view = page.transcript.views[-1]
            shown_chars = len(view.text)

        async def timed(action: Any) -> tuple[float, float]:
            await asyncio.sleep(0.2)
            marks.clear()
            start = time.perf_counter()
            action()
            idle = await _until_idle(marks, start)
            busy = [e - s for s, e, _ in marks.gaps if e > start]
            return max(busy, default=0.0), idle - start

        async def afterwards() -> None:
            session = page.session
            assert session is not None
            conversation = session.conversation_id
            answer = page.transcript.views[-1].message_id
            page.new_chat()
            after.reopen = await timed(lambda: page.open_conversation(conversation))
            # A second, short version of the answer, written straight into the store.
            record = session.message(answer)
            assert record is not None
            MessageStore(db).add(
                conversation,
                "assistant",
                "A short second version.",
                model="gpt-4o",
                parent_id=record.parent_id,
            )
            page.new_chat()
            studio.chats.close(conversation)  # read it again from the store
            page.open_conversation(conversation)
            await asyncio.sleep(1.0)
            page.transcript.version_requested.emit(answer, 2)
            await asyncio.sleep(1.0)
            short = page.transcript.views[-1].message_id
            after.versions = await timed(lambda: page.transcript.version_requested.emit(short, 1))

            def drag() -> None:
                for width in range(WINDOW[0], 1000, -40):
                    window.resize(width, WINDOW[1])
                    app.processEvents()
                for width in range(1000, WINDOW[0] + 1, 40):
                    window.resize(width, WINDOW[1])
                    app.processEvents()

            after.resize = await timed(drag)

        async def main() -> None:
            await warm_up()
            await heartbeat_cost()
            await stream()
            try:
                if then:
                    await afterwards()
            finally:
                await studio.aclose()

        with loop:
            loop.run_until_complete(main())
        window.close()
        db.close()
        del keep
    return figures, after, shown_chars


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of this benchmark."""
    parser.add_argument("--chunks", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=2_000.0)


def run(args: argparse.Namespace) -> tuple[list[Row], str]:
    """Measure; return the summary rows and a detailed report."""
    with PacedServer(args.chunks, args.rate) as server:
        raw_cpu, raw_delay, size = raw_read(server.base_url)
        ours, after, chars = run_window(server.base_url)
    expected = len(long_answer())

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.0f} ms"

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.1f}×" if b > 0 else "—"

    rows = [
        Row(
            "window: last byte → final frame",
            ms(ours.last_byte_to_frame),
            ms(raw_delay),
            ratio(ours.last_byte_to_frame, raw_delay),
            f"≤ {GOAL_LAST_FRAME_MS:.0f} ms",
        ),
        Row(
            "window: longest gap (no key/frame)",
            ms(ours.longest_gap),
            "—",
            "—",
            f"≤ {GOAL_GAP_MS:.0f} ms",
        ),
        Row(
            "window: CPU Enter → idle",
            f"{ours.cpu:.2f} s",
            f"{raw_cpu:.2f} s",
            ratio(ours.cpu, raw_cpu),
            f"≤ {GOAL_CPU_S} s",
        ),
    ]
    lines = [
        f"Streaming into the real window ({args.chunks:,} chunks at {args.rate:,.0f}/s, "
        f"{expected:,} characters, {size:,} bytes on the wire) — {machine()}",
        f"  shown at the end: {chars:,} of {expected:,} characters",
        f"  Enter → idle: {ours.enter_to_idle:.2f} s; frames: {ours.frames}",
        f"  server's last byte → final frame: {ms(ours.last_byte_to_frame)}"
        f" (raw read: {ms(raw_delay)}; goal ≤ {GOAL_LAST_FRAME_MS:.0f} ms)",
        f"  longest interval without a processed key or a frame: {ms(ours.longest_gap)}"
        f" (goal ≤ {GOAL_GAP_MS:.0f} ms)",
        f"  longest busy stretch of the event loop: {ms(ours.longest_busy)};"
        f" after the last byte: {ms(ours.finish_busy)}",
        f"  keystrokes: {ours.keys}, latency median {ms(ours.key_median)},"
        f" worst {ms(ours.key_worst)}",
        f"  process CPU Enter → idle: {ours.cpu:.2f} s (raw read {raw_cpu:.2f} s,"
        f" {ratio(ours.cpu, raw_cpu)}; goal ≤ {GOAL_CPU_S} s);"
        f" heartbeat's own {ours.heartbeat_rate * ours.enter_to_idle:.2f} s subtracted",
        "  afterwards (longest busy stretch / until idle):",
        f"    reopen the conversation: {ms(after.reopen[0])} / {ms(after.reopen[1])}",
        f"    switch to the long version: {ms(after.versions[0])} / {ms(after.versions[1])}",
        f"    drag the window 1400 → 1000 → 1400 px: {ms(after.resize[0])} / {ms(after.resize[1])}",
    ]
    return rows, "\n".join(lines)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    _rows, report = run(parser.parse_args())
    print(report)


if __name__ == "__main__":
    main()
