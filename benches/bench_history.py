"""Long history: opening a 5,000-message conversation, and searching 100,000 messages.

Both parts build their data once, deterministically, in a temporary directory, through the
real store (``Database`` with its schema, so the FTS5 triggers index every message).

**open:** one conversation of ``--open-messages`` messages (alternating user / assistant, each
a reply to the previous one; answers have a paragraph, a list and a fenced code block, about
150-400 words) written with ``MessageStore.add`` in one transaction. Each run builds a new
``Database`` connection, ``ChatManager`` and ``MainWindow`` (offscreen, with the app's style
sheet) showing a small conversation, untimed. The clock then starts, ``chat_page
.open_conversation(id)`` runs (read the rows, build the message tree, build the cards of the
last ``PAGE_SIZE`` messages) and Qt events are processed until the card of the last message
has received its paint event: that is the first paint, what the user sees. The baseline,
alternating run by run, is ``MessageStore.list(id)`` on a fresh connection: reading the same
rows from SQLite into records. A third side times the session alone (``ChatManager.open(id)``
then ``branch()``, fresh connection and manager, no widgets). Memory is the growth of the
resident set (``/proc/self/statm``) across the open and across the read, each measured in a
fresh child process whose window already shows the small conversation: freed memory is not
given back to the OS, so later growth would be hidden in a process that did it before.

**search:** ``--search-messages`` messages of mixed English and Chinese in 200 conversations,
inserted with ``executemany`` inside one transaction (the FTS triggers fire per row). Each
query runs through ``ConversationStore.search(q, limit=50)`` (FTS5 trigram for words of 3+
characters, a ``LIKE`` scan otherwise; snippets built) and, alternating repetition by
repetition, through the baseline ``SELECT id, conversation_id, role, text FROM messages WHERE
text LIKE '%q%' LIMIT 50`` (one ``LIKE`` per word) on the same connection. The run stops
unless both return ``min(50, n)`` rows, ``n`` being the number of messages that match.

The goals (first paint under 150 ms, search under 50 ms) are on Studio's own time, not on the
ratio; timings are never asserted. Run alone:
``.venv/bin/python benches/bench_history.py [--open-runs 7 --search-reps 9]``.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _common import Row, machine, median

from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.messages import MessageStore

GOAL_PAINT_MS = 150.0
GOAL_SEARCH_MS = 50.0
WINDOW = (1180, 760)
SEED = 20240611
SEARCH_CONVERSATIONS = 200
RARE_WORD = "xylophonist"
RARE_EVERY = 20_000  # one message in this many holds the rare word

# ---- the summary rows ------------------------------------------------------------------


@dataclass(frozen=True)
class GoalRow(Row):
    """A row whose goal is on Studio's own figure (a time), not on the ratio."""

    target: float | None = None

    @property
    def goal_text(self) -> str:
        """``studio <= target`` and whether this run met it (information, not a verdict)."""
        if self.target is None:
            return "-"
        met = self.studio <= self.target
        return f"studio <= {self.target:g} {self.unit} ({'met' if met else 'missed'})"


# ---- deterministic text ----------------------------------------------------------------

_WORD_TEXT = (
    "the a of to and in is for that with on as it be are this by from or an can we at "
    "value data file read write each row list record result error check table query index "
    "server client request answer message model token stream buffer cache memory thread "
    "window widget layout paint event loop timer signal slot callback function method class "
    "module package import return yield await async batch chunk parse format encode decode "
    "test case assert fixture report figure ratio median sample budget latency throughput "
    "python database schema migration transaction commit rollback cursor connection lock"
)
WORDS = _WORD_TEXT.split()
CHINESE = (
    "数据库",
    "模型",
    "请求",
    "响应",
    "编码问题",
    "所有文件都应该使用",
    "处理过程中",
    "注意",
    "性能",
    "内存",
    "线程",
    "窗口",
    "搜索结果",
    "中文",
    "测试",
    "配置文件",
    "网络连接",
    "用户界面",
    "流式输出",
    "会话记录",
)
LANGUAGES = (
    (
        "python",
        "def load_{n}(path):\n    rows = []\n    with open(path, encoding='utf-8') as f:\n"
        "        for line in f:\n            rows.append(line.split(','))\n    return rows\n",
    ),
    (
        "javascript",
        "const total{n} = rows.reduce((sum, row) => sum + Number(row.amount), 0);\n"
        "console.log(`batch {n}: ${{total{n}.toFixed(2)}}`);\n",
    ),
    (
        "sql",
        "SELECT id, name, amount\nFROM orders_{n}\nWHERE amount > 100\n"
        "ORDER BY created_at DESC\nLIMIT 50;\n",
    ),
    ("bash", 'for f in data/*.csv; do\n  wc -l "$f" >> report_{n}.txt\ndone\n'),
)


# Zipf-like frequencies: "the" is in almost every message, the last words are rare.
_CUMULATIVE = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(WORDS))))


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, cum_weights=_CUMULATIVE, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, words: int) -> str:
    parts: list[str] = []
    count = 0
    while count < words:
        sentence = _sentence(rng, 6, 16)
        parts.append(sentence)
        count += sentence.count(" ") + 1
    return " ".join(parts)


def history_texts(count: int, seed: int = SEED) -> list[tuple[str, str]]:
    """``count`` (role, text) pairs: user questions and markdown answers, alternating.

    Answers hold a paragraph, a bullet list, a fenced code block and a closing paragraph,
    about 150-400 words in all.
    """
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for n in range(count):
        if n % 2 == 0:
            out.append(("user", f"Question {n}: {_sentence(rng, 8, 30)} {rng.choice(CHINESE)}?"))
            continue
        language, code = LANGUAGES[n // 2 % len(LANGUAGES)]
        target = rng.randint(150, 400)
        intro = _paragraph(rng, target // 2)
        items = "\n".join(f"- `{rng.choice(WORDS)}`: {_sentence(rng, 4, 10)}" for _ in range(4))
        outro = _paragraph(rng, max(10, target - target // 2 - 60))
        body = f"```{language}\n{code.format(n=n)}```"
        out.append(("assistant", f"{intro}\n\n{items}\n\n{body}\n\n{outro}"))
    return out


def search_text(rng: random.Random, index: int) -> str:
    """One search-corpus message: English sentences with Chinese phrases mixed in."""
    parts: list[str] = []
    for _ in range(rng.randint(2, 4)):
        parts.append(_sentence(rng, 5, 14))
        if rng.random() < 0.6:
            parts.append(rng.choice(CHINESE) + "，" + rng.choice(CHINESE) + "。")
    if index % RARE_EVERY == 7:
        parts.insert(1, f"The {RARE_WORD} played on.")
    return " ".join(parts)


# ---- building the databases ------------------------------------------------------------


def build_history(path: Path, messages: int) -> tuple[int, int]:
    """A database with a small conversation and a long one; returns (small_id, long_id).

    The small one has an answer with code in each language, so that showing it loads what
    the long one needs (lexers, fonts), as any earlier conversation would have.
    """
    db = Database(path)
    conversations, store = ConversationStore(db), MessageStore(db)
    small = conversations.create("small", "demo-chat")
    parent = None
    for role, text in history_texts(2 * len(LANGUAGES), seed=SEED + 1):
        parent = store.add(small, role, text, parent_id=parent)  # type: ignore[arg-type]
    big = conversations.create("long", "demo-chat")
    parent = None
    with db.transaction():
        for role, text in history_texts(messages):
            parent = store.add(big, role, text, parent_id=parent)  # type: ignore[arg-type]
    db.close()
    return small, big


def build_search(path: Path, messages: int) -> float:
    """A database of ``messages`` mixed messages in 200 conversations; returns build seconds."""
    t0 = time.perf_counter()
    db = Database(path)
    conversations = ConversationStore(db)
    ids = [conversations.create(f"chat {i}", "demo-chat") for i in range(SEARCH_CONVERSATIONS)]
    rng = random.Random(SEED)
    now = time.time()
    per = -(-messages // len(ids))
    rows: list[tuple[Any, ...]] = []
    for index in range(messages):
        conversation = ids[index // per]
        role = "user" if index % 2 == 0 else "assistant"
        parent = index if index % per else None  # ids start at 1: the previous message
        text = search_text(rng, index)
        rows.append((conversation, parent, role, text, None, None, "complete", None, None, None))
        rows[-1] += (now, now)
    with db.transaction() as conn:
        conn.executemany(
            "INSERT INTO messages (conversation_id, parent_id, role, text, reasoning, model, "
            "status, tool_calls_json, tool_call_id, attachments_json, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    db.close()
    return time.perf_counter() - t0


# ---- Qt helpers ------------------------------------------------------------------------


def _qt() -> tuple[Any, Any, Any]:
    """QtCore, QtWidgets and the application (offscreen, with the app's theme)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import QtCore, QtWidgets

    app = QtWidgets.QApplication.instance()
    if app is None:
        from studio.ui.theme import apply_theme

        QtCore.qInstallMessageHandler(_quiet_qt)
        app = QtWidgets.QApplication([])
        apply_theme(app)
    return QtCore, QtWidgets, app


def _quiet_qt(_mode: Any, _context: Any, message: str) -> None:
    """Print Qt's messages except the offscreen plugin's note about size hints."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def _no_client() -> Any:
    raise RuntimeError("the benchmark never sends a message")


@dataclass
class Studio:
    """One window over one database connection."""

    db: Database
    window: Any
    settings_dir: tempfile.TemporaryDirectory[str]

    def close(self) -> None:
        """Close and delete the window, then the database."""
        qtcore, _, app = _qt()
        self.window.close()
        self.window.deleteLater()
        app.processEvents()
        app.sendPostedEvents(None, qtcore.QEvent.Type.DeferredDelete.value)
        self.db.close()
        self.settings_dir.cleanup()
        gc.collect()


def open_window(path: Path, start_id: int) -> Studio:
    """A shown, painted main window whose chat page shows conversation ``start_id``."""
    qtcore, _, app = _qt()
    from studio.api.client import ApiClient
    from studio.api.provider import ProviderConfig
    from studio.session.relay_info import RelayInfo
    from studio.session.studio import build_studio
    from studio.ui.chat.chat_page import LAST_SETTING
    from studio.ui.main_window import MainWindow

    db = Database(path)
    folder = tempfile.TemporaryDirectory(prefix="studio-bench-")
    settings = qtcore.QSettings(
        str(Path(folder.name) / "window.ini"), qtcore.QSettings.Format.IniFormat
    )
    settings.setValue(LAST_SETTING, start_id)
    connection = RelayInfo(
        provider_name="Bench",
        endpoint="http://127.0.0.1:9/v1",
        default_model="demo-chat",
        fallback_models=("demo-chat",),
    )
    # The benchmark never sends a message or asks for the model list: the port is closed.
    client = ApiClient(ProviderConfig(base_url="http://127.0.0.1:9/v1", name="bench"))
    studio = build_studio(db, Path(folder.name) / "images", client, connection)
    window = MainWindow(studio, settings)
    window.resize(*WINDOW)
    window.show()
    for _ in range(5):
        app.processEvents()
    return Studio(db, window, folder)


def _paint_watcher(qtcore: Any) -> Any:
    """An event filter that records when its widget gets a paint event."""

    class Watcher(qtcore.QObject):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.painted_at = 0

        def eventFilter(self, obj: Any, event: Any) -> bool:
            if event.type() == qtcore.QEvent.Type.Paint and not self.painted_at:
                self.painted_at = time.perf_counter_ns()
            return False

    return Watcher()


@dataclass
class OpenRun:
    """One timed open: total to first paint, and its synchronous part."""

    paint_ns: int
    call_ns: int
    cards: int
    rounds: int
    forced: bool
    at_bottom: bool


def open_and_paint(studio: Studio, conversation_id: int) -> OpenRun:
    """Open ``conversation_id`` in the window and wait for the last card's first paint."""
    qtcore, _, app = _qt()
    page = studio.window.chat_page
    watcher = _paint_watcher(qtcore)
    t0 = time.perf_counter_ns()
    page.open_conversation(conversation_id)
    t1 = time.perf_counter_ns()
    views = page.transcript.views
    last = views[-1]
    last.installEventFilter(watcher)
    rounds = 0
    while not watcher.painted_at and rounds < 50:
        app.processEvents()
        rounds += 1
    forced = not watcher.painted_at
    if forced:  # no paint came through the event loop: force one
        studio.window.repaint()
        watcher.painted_at = watcher.painted_at or time.perf_counter_ns()
    last.removeEventFilter(watcher)
    bar = page.transcript.verticalScrollBar()
    at_bottom = bar.value() == bar.maximum()
    session = page.session
    if session is None or session.conversation_id != conversation_id:
        raise RuntimeError("open: the conversation was not opened")
    if last.message_id != session.branch()[-1].id:
        raise RuntimeError("open: the last card is not the last message")
    return OpenRun(watcher.painted_at - t0, t1 - t0, len(views), rounds, forced, at_bottom)


def read_rows(path: Path, conversation_id: int, expected: int) -> int:
    """The baseline: ``MessageStore.list`` on a fresh connection; returns nanoseconds."""
    db = Database(path)
    store = MessageStore(db)
    t0 = time.perf_counter_ns()
    records = store.list(conversation_id)
    elapsed = time.perf_counter_ns() - t0
    db.close()
    if len(records) != expected:
        raise RuntimeError(f"baseline: read {len(records)} rows, expected {expected}")
    return elapsed


def load_session(path: Path, conversation_id: int, expected: int) -> int:
    """The session part of opening: ``ChatManager.open(id)`` and ``branch()``, in ns.

    A fresh connection and manager, as in a timed open; no widgets.
    """
    from studio.session.chat import ChatManager, ToolRegistry

    db = Database(path)
    manager = ChatManager(ConversationStore(db), MessageStore(db), _no_client, ToolRegistry())
    t0 = time.perf_counter_ns()
    branch = manager.open(conversation_id).branch()
    elapsed = time.perf_counter_ns() - t0
    db.close()
    if len(branch) != expected:
        raise RuntimeError(f"session: a branch of {len(branch)} messages, expected {expected}")
    return elapsed


def _rss_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def memory_child(mode: str, path: Path, small_id: int, big_id: int) -> dict[str, float]:
    """In a fresh process: RSS growth of opening (``studio``) or reading (``baseline``).

    Both start from the same window showing the small conversation (so Qt, the style sheet,
    the fonts and the lexers are loaded) and nothing of the long one has been read yet.
    """
    studio = open_window(path, small_id)  # the same warm-up on both sides
    _, _, app = _qt()
    for _ in range(3):
        app.processEvents()
    gc.collect()
    before = _rss_bytes()
    held: Any
    if mode == "studio":
        held = open_and_paint(studio, big_id)
    else:
        held = MessageStore(studio.db).list(big_id)
    gc.collect()
    after = _rss_bytes()
    del held
    return {"delta": after - before, "rss": after}


def measure_memory(path: Path, small_id: int, big_id: int, runs: int) -> dict[str, list[float]]:
    """RSS deltas (bytes) from ``runs`` child processes per side, alternating."""
    out: dict[str, list[float]] = {"studio": [], "baseline": []}
    for _ in range(runs):
        for mode in ("studio", "baseline"):
            result = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--memory-child",
                    mode,
                    str(path),
                    str(small_id),
                    str(big_id),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise RuntimeError(f"memory child ({mode}) failed:\n{result.stderr}")
            out[mode].append(json.loads(result.stdout.splitlines()[-1])["delta"])
    return out


@dataclass
class OpenFigures:
    """Everything measured by the open part."""

    messages: int
    runs: list[OpenRun]
    baseline_ns: list[int]
    session_ns: list[int]
    memory: dict[str, list[float]]
    build_s: float


def measure_open(folder: Path, messages: int, runs: int, memory_runs: int) -> OpenFigures:
    """Build the history, warm up, then alternate timed opens and baseline reads."""
    path = folder / "history.sqlite3"
    t0 = time.perf_counter()
    small, big = build_history(path, messages)
    build_s = time.perf_counter() - t0
    # Warm-up: the style sheet, fonts, lexers and the first-use cost of every card part.
    studio = open_window(path, small)
    open_and_paint(studio, big)
    studio.close()
    read_rows(path, big, messages)
    load_session(path, big, messages)
    timed: list[OpenRun] = []
    baseline: list[int] = []
    session: list[int] = []
    for index in range(runs):
        sides: list[Callable[[], None]] = [
            lambda: baseline.append(read_rows(path, big, messages)),
            lambda: session.append(load_session(path, big, messages)),
            lambda: timed.append(_one_open(path, small, big)),
        ]
        for side in sides if index % 2 else reversed(sides):
            side()
    memory = measure_memory(path, small, big, memory_runs) if memory_runs else {}
    return OpenFigures(messages, timed, baseline, session, memory, build_s)


def _one_open(path: Path, small: int, big: int) -> OpenRun:
    studio = open_window(path, small)
    gc.collect()
    try:
        return open_and_paint(studio, big)
    finally:
        studio.close()


# ---- search ----------------------------------------------------------------------------

QUERIES = (
    ("English word", "database"),
    ("Chinese, 3 chars", "数据库"),
    ("Chinese, 2 chars (LIKE)", "模型"),
    ("rare word", RARE_WORD),
    ("common word", "the"),
    ("two words", "python 编码问题"),
    ("no match", "qqqzzz"),
)


@dataclass
class QueryFigures:
    """One query: Studio's and the baseline's times (ns), hits, and how many messages match."""

    label: str
    query: str
    ours_ns: list[int]
    base_ns: list[int]
    hits: int
    matching: int


@dataclass
class SearchFigures:
    """Everything measured by the search part."""

    messages: int
    build_s: float
    db_bytes: int
    queries: list[QueryFigures]


def _like(words: list[str]) -> tuple[str, tuple[str, ...]]:
    return " AND ".join("text LIKE ?" for _ in words), tuple(f"%{w}%" for w in words)


def like_baseline(db: Database, query: str) -> int:
    """``SELECT … WHERE text LIKE '%q%' LIMIT 50`` (one LIKE per word); returns the row count."""
    where, params = _like(query.split())
    rows = db.query(
        f"SELECT id, conversation_id, role, text FROM messages WHERE {where} LIMIT 50", params
    )
    return len(rows)


def measure_search(folder: Path, messages: int, reps: int) -> SearchFigures:
    """Build the corpus once, then time each query on both sides, alternating."""
    path = folder / "search.sqlite3"
    build_s = build_search(path, messages)
    db_bytes = sum(p.stat().st_size for p in folder.glob("search.sqlite3*"))
    db = Database(path)
    store = ConversationStore(db)
    total = db.query_one("SELECT count(*) FROM messages")
    if total is None or total[0] != messages:
        raise RuntimeError("search: the corpus is incomplete")
    results: list[QueryFigures] = []
    for label, query in QUERIES:
        where, params = _like(query.split())
        row = db.query_one(f"SELECT count(*) FROM messages WHERE {where}", params)
        assert row is not None
        figures = QueryFigures(label, query, [], [], 0, int(row[0]))
        store.search(query, limit=50)  # warm the pages this query touches
        like_baseline(db, query)
        for index in range(reps):
            for side in (0, 1) if index % 2 else (1, 0):
                t0 = time.perf_counter_ns()
                if side == 0:
                    figures.hits = len(store.search(query, limit=50))
                    figures.ours_ns.append(time.perf_counter_ns() - t0)
                else:
                    base_hits = like_baseline(db, query)
                    figures.base_ns.append(time.perf_counter_ns() - t0)
        expected = min(50, figures.matching)
        if figures.hits != expected or base_hits != expected:
            raise RuntimeError(
                f"search {query!r}: studio {figures.hits} hits, baseline {base_hits}, "
                f"{figures.matching} matching messages"
            )
        results.append(figures)
    db.close()
    return SearchFigures(messages, build_s, db_bytes, results)


# ---- report ----------------------------------------------------------------------------


def _ms(ns: float) -> float:
    return ns / 1e6


def report(opened: OpenFigures, searched: SearchFigures) -> tuple[list[Row], str]:
    """The rows for run.py and the printed text."""
    rows: list[Row] = []
    paint = median([r.paint_ns for r in opened.runs])
    call = median([r.call_ns for r in opened.runs])
    read = median(opened.baseline_ns)
    lines = [
        f"open: {opened.messages:,} messages (built in {opened.build_s:.1f} s), "
        f"{len(opened.runs)} runs per side, a new window each run; "
        f"{opened.runs[0].cards} cards built",
    ]
    header = ("figure", "studio", "baseline", "ratio", "goal")
    table: list[tuple[str, ...]] = [header]
    paint_row = GoalRow(
        "history open: first paint", "ms", _ms(paint), _ms(read), target=GOAL_PAINT_MS
    )
    rows.append(paint_row)
    table.append(
        (
            "first paint (median)",
            f"{_ms(paint):.1f} ms",
            f"{_ms(read):.1f} ms",
            f"{paint / read:.2f}",
            paint_row.goal_text,
        )
    )
    table.append(
        (
            "  open_conversation() call alone",
            f"{_ms(call):.1f} ms",
            "-",
            f"{call / read:.2f}",
            "-",
        )
    )
    loaded = median(opened.session_ns)
    table.append(
        (
            "  of which ChatManager.open() + branch()",
            f"{_ms(loaded):.1f} ms",
            "-",
            f"{loaded / read:.2f}",
            "-",
        )
    )
    table.append(
        (
            "  min / max of first paint",
            f"{_ms(min(r.paint_ns for r in opened.runs)):.1f} / "
            f"{_ms(max(r.paint_ns for r in opened.runs)):.1f} ms",
            f"{_ms(min(opened.baseline_ns)):.1f} / {_ms(max(opened.baseline_ns)):.1f} ms",
            "-",
            "-",
        )
    )
    if opened.memory:
        mem_ours = median(opened.memory["studio"]) / 2**20
        mem_base = median(opened.memory["baseline"]) / 2**20
        rows.append(Row("history open: RSS growth", "MiB", mem_ours, mem_base))
        spread = {
            side: f"{min(v) / 2**20:.1f}-{max(v) / 2**20:.1f}" for side, v in opened.memory.items()
        }
        table.append(
            (
                f"RSS growth (median of {len(opened.memory['studio'])} processes)",
                f"{mem_ours:.1f} MiB ({spread['studio']})",
                f"{mem_base:.1f} MiB ({spread['baseline']})",
                f"{mem_ours / mem_base:.2f}" if mem_base else "-",
                "-",
            )
        )
    forced = sum(r.forced for r in opened.runs)
    off_bottom = sum(not r.at_bottom for r in opened.runs)
    rounds = median([r.rounds for r in opened.runs])
    lines += _aligned(table)
    lines.append(
        f"  baseline = MessageStore.list() of the same {opened.messages:,} rows; paint came "
        f"after {rounds:g} processEvents() rounds (median)"
        + (f"; {forced} runs needed a forced repaint" if forced else "")
        + (f"; {off_bottom} runs were not scrolled to the bottom" if off_bottom else "")
    )
    lines.append("")
    lines.append(
        f"search: {searched.messages:,} messages in {SEARCH_CONVERSATIONS} conversations "
        f"(built in {searched.build_s:.1f} s, {searched.db_bytes / 2**20:.0f} MiB on disk), "
        f"limit 50, median of {len(searched.queries[0].ours_ns)} repetitions per side"
    )
    table = [("query", "studio", "baseline LIKE", "ratio", "goal", "hits / matching")]
    for q in searched.queries:
        ours_ms, base_ms = _ms(median(q.ours_ns)), _ms(median(q.base_ns))
        row = GoalRow(f"search {q.label}", "ms", ours_ms, base_ms, target=GOAL_SEARCH_MS)
        rows.append(row)
        table.append(
            (
                f"{q.label}: {q.query}",
                f"{ours_ms:.2f} ms",
                f"{base_ms:.2f} ms",
                f"{ours_ms / base_ms:.2f}" if base_ms else "-",
                row.goal_text,
                f"{q.hits} / {q.matching:,}",
            )
        )
    lines += _aligned(table)
    return rows, "\n".join(lines)


def _width(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _aligned(cells: list[tuple[str, ...]]) -> list[str]:
    widths = [max(_width(row[i]) for row in cells) for i in range(len(cells[0]))]
    lines = [
        " | ".join(c + " " * (widths[i] - _width(c)) for i, c in enumerate(row)).rstrip()
        for row in cells
    ]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return lines


# ---- entry points ----------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of this benchmark."""
    parser.add_argument("--open-messages", type=int, default=5_000, help="long conversation")
    parser.add_argument("--open-runs", type=int, default=7, help="timed opens per side")
    parser.add_argument("--memory-runs", type=int, default=3, help="child processes per side")
    parser.add_argument("--search-messages", type=int, default=100_000, help="search corpus")
    parser.add_argument("--search-reps", type=int, default=9, help="timed queries per side")


def run(args: argparse.Namespace) -> tuple[list[Row], str]:
    """Run with parsed ``args`` (defaults for flags run.py does not define)."""
    with tempfile.TemporaryDirectory(prefix="studio-bench-history-") as name:
        folder = Path(name)
        opened = measure_open(
            folder,
            getattr(args, "open_messages", 5_000),
            getattr(args, "open_runs", 7),
            getattr(args, "memory_runs", 3),
        )
        searched = measure_search(
            folder, getattr(args, "search_messages", 100_000), getattr(args, "search_reps", 9)
        )
    return report(opened, searched)


def main() -> None:
    """Command-line entry point."""
    if len(sys.argv) == 6 and sys.argv[1] == "--memory-child":
        mode, path, small, big = sys.argv[2], Path(sys.argv[3]), sys.argv[4], sys.argv[5]
        print(json.dumps(memory_child(mode, path, int(small), int(big))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    print(machine())
    _rows, text = run(args)
    print(text)


if __name__ == "__main__":
    main()
