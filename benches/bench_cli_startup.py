"""Command-line start-up: ``studio chat`` to its first byte and to its exit, before and after
issue 11 (the command line no longer imports Qt).

* after: this tree's ``python -m studio chat -m demo-chat "…"``;
* before: the same command from commit ``3ec7c3c`` (the last one before issue 11's change),
  checked out in a detached git worktree in a temporary folder and imported from there
  (``PYTHONPATH`` and the working directory are that folder);
* floor: ``python -c "import sys; sys.stdout.write('x')"``, Python's own start-up.

Every side runs ``sys.executable`` as a fresh process with the same environment, except that
``PYTHONPATH`` and the working directory point at its own tree. Both ``studio chat`` sides
talk to ONE demo relay (``DemoRelay(token_rate=0)``, in a thread of this process) started once
before anything is timed, through ``STUDIO_BASE_URL``, so the relay's start-up is not in the
figures. Each side keeps its own ``STUDIO_DATA_DIR`` (a temporary folder) for the whole run,
so the database is created by the warm-up runs and every timed run opens an existing one, as a
user's would be; the two trees never share a database.

The clock starts just before the process is spawned. "First byte" is the first byte read from
its stdout (a pipe): for ``studio chat`` the first streamed token of the answer, which it
writes and flushes at once. "Exit" is after stdout is closed and the process is reaped: the
whole run a user lives through (answer streamed, saved, the process gone). The three sides
alternate run by run (the order rotates), after untimed warm-up runs that also write the
bytecode caches of the old tree. The benchmark checks, before timing, that each side imports
``studio`` from its own tree, and prints which Qt modules each side loads and whether it
started a demo relay of its own (one extra ``-X importtime`` run per side, untimed).

Without ``git`` or the old commit, it prints one line saying so and gives no row. Every
process has a timeout; the worktree and the temporary folders are removed at the end.
Run alone: ``.venv/bin/python benches/bench_cli_startup.py [--cli-runs 15]``.
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from _common import Row, machine, median, percentile, table

from studio.demo.server import DemoRelay

REPO = Path(__file__).resolve().parents[1]
BEFORE_COMMIT = "3ec7c3c"
PROMPT = "Say hello and describe the demo relay."
MODEL = "demo-chat"
FLOOR_CODE = "import sys; sys.stdout.write('x')"
GOAL_RATIO = 1.00  # "its start-up gets faster": after / before below 1
GIT_TIMEOUT = 60.0
# Variables that would make the two trees behave differently from a user's run.
DROPPED_ENV = ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "PYTHONSTARTUP", "PYTHONHOME")


class Skip(Exception):
    """The benchmark cannot run here; the message says why (one line)."""


@dataclass
class Side:
    """One command to time: its argv, environment and working directory, and its samples."""

    name: str
    argv: list[str]
    env: dict[str, str]
    cwd: Path
    first: list[float] = field(default_factory=list)
    exit: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Sample:
    """One run: seconds to the first stdout byte and to the exit, and what it printed."""

    first: float
    exit: float
    stdout: bytes


def _run_once(side: Side, timeout: float, extra: tuple[str, ...] = ()) -> tuple[Sample, bytes]:
    """Spawn ``side`` once and time it; returns the sample and its stderr.

    Raises :class:`RuntimeError` on a timeout (the process is killed), a non-zero exit or an
    empty stdout.
    """
    argv = [side.argv[0], *extra, *side.argv[1:]]
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
            env=side.env,
            cwd=side.cwd,
        )
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        deadline = t0 + timeout
        first = 0.0
        chunks: list[bytes] = []
        try:
            while True:
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise RuntimeError(f"{side.name}: no exit after {timeout:g} s")
                ready, _, _ = select.select([fd], [], [], left)
                if not ready:
                    continue
                piece = os.read(fd, 65536)
                if not piece:
                    break
                if not first:
                    first = time.perf_counter()
                chunks.append(piece)
            try:
                code = proc.wait(max(0.1, deadline - time.perf_counter()))
            except subprocess.TimeoutExpired as exc:
                raise RuntimeError(f"{side.name}: no exit after {timeout:g} s") from exc
            end = time.perf_counter()
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        finally:
            proc.stdout.close()
        err.seek(0)
        stderr = err.read()
    if code != 0:
        tail = stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise RuntimeError(f"{side.name}: exit code {code}: {' / '.join(tail)}")
    if not first:
        raise RuntimeError(f"{side.name}: nothing on stdout")
    return Sample(first - t0, end - t0, b"".join(chunks)), stderr


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(REPO), *args],
        capture_output=True,
        text=True,
        timeout=GIT_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


@contextmanager
def old_tree(commit: str) -> Iterator[Path]:
    """A detached worktree of ``commit`` in a temporary folder, removed on exit."""
    if shutil.which("git") is None:
        raise Skip("git is not installed")
    try:
        found = _git("rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}")
    except (OSError, subprocess.SubprocessError) as exc:
        raise Skip(f"git failed: {exc}") from exc
    if found.returncode != 0:
        raise Skip(f"commit {commit} is not in the repository at {REPO}")
    holder = Path(tempfile.mkdtemp(prefix="bench-cli-before-"))
    path = holder / "tree"
    try:
        added = _git("worktree", "add", "--detach", str(path), commit)
        if added.returncode != 0:
            raise Skip(f"git worktree add failed: {added.stderr.strip().splitlines()[-1:]}")
        yield path
    finally:
        try:
            if path.exists():
                _git("worktree", "remove", "--force", str(path))
            _git("worktree", "prune")
        except (OSError, subprocess.SubprocessError):
            pass
        shutil.rmtree(holder, ignore_errors=True)


def _base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env.pop("STUDIO_API_KEY", None)  # a loopback relay needs no key
    return env


def _studio_side(name: str, tree: Path, data_dir: Path, base_url: str) -> Side:
    env = _base_env()
    env.update(PYTHONPATH=str(tree), STUDIO_DATA_DIR=str(data_dir), STUDIO_BASE_URL=base_url)
    argv = [sys.executable, "-m", "studio", "chat", "-m", MODEL, PROMPT]
    return Side(name, argv, env, tree)


def _imported_from(side: Side, timeout: float) -> Path:
    code = "import studio, sys; sys.stdout.write(studio.__file__)"
    probe = Side(side.name, [sys.executable, "-c", code], side.env, side.cwd)
    sample, _ = _run_once(probe, timeout)
    return Path(sample.stdout.decode()).resolve()


def _check_package(side: Side, timeout: float) -> None:
    """Stop unless ``side`` imports ``studio`` from its own tree."""
    found = _imported_from(side, timeout)
    wanted = (side.cwd / "studio" / "__init__.py").resolve()
    if found != wanted:
        raise RuntimeError(f"{side.name}: imports studio from {found}, not {wanted}")


@dataclass(frozen=True)
class Imports:
    """What one untimed ``-X importtime`` run of a side loaded."""

    qt: list[str]
    qt_ms: float  # the Qt modules' own import time (the "self" column), summed
    modules: int
    own_relay: bool  # imported studio.demo.server: started a relay of its own
    stdout: bytes


def _imports(side: Side, timeout: float) -> Imports:
    sample, stderr = _run_once(side, timeout, ("-X", "importtime"))
    qt: list[str] = []
    qt_us = 0
    names: set[str] = set()
    for line in stderr.decode(errors="replace").splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line.split("|")
        name = parts[-1].strip()
        if len(parts) != 3 or not parts[0].split(":")[-1].strip().isdigit():
            continue  # the header line
        names.add(name)
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            qt.append(name)
            qt_us += int(parts[0].split(":")[-1])
    return Imports(qt, qt_us / 1000, len(names), "studio.demo.server" in names, sample.stdout)


def _answers_saved(data_dir: Path) -> int:
    """Assistant messages in a side's database (one per ``studio chat`` run)."""
    with sqlite3.connect(data_dir / "studio.sqlite3", timeout=5) as db:
        row = db.execute("SELECT count(*) FROM messages WHERE role = 'assistant'").fetchone()
    return int(row[0])


def _ms(samples: list[float]) -> tuple[float, float]:
    return median(samples) * 1000, percentile(samples, 90) * 1000


def measure(runs: int, warmup: int, timeout: float, commit: str) -> tuple[list[Row], str]:
    """Run the benchmark; the rows and the printed report (raises :class:`Skip`)."""
    runs = max(1, runs)
    lines = [
        f"studio chat start-up (after = this tree, before = {commit}; "
        f"{runs} timed runs per side after {warmup} warm-up runs)"
    ]
    with (
        old_tree(commit) as before_tree,
        tempfile.TemporaryDirectory(prefix="bench-cli-data-") as data,
        DemoRelay(token_rate=0) as relay,
    ):
        base_url = relay.base_url
        after = _studio_side("after", REPO, Path(data) / "after", base_url)
        before = _studio_side("before", before_tree, Path(data) / "before", base_url)
        floor_env = _base_env()
        floor = Side("floor", [sys.executable, "-c", FLOOR_CODE], floor_env, Path(data))
        for side in (after, before):
            _check_package(side, timeout)
        lines.append(f"  relay {base_url} (one DemoRelay for the whole run, token rate: max)")
        lines.append(f"  after  imports {after.cwd / 'studio'}")
        lines.append(f"  before imports {before.cwd / 'studio'} (git worktree of {commit})")
        sides = [after, before, floor]
        for _ in range(warmup):
            for side in sides:
                _run_once(side, timeout)
        imports = {side.name: _imports(side, timeout) for side in (after, before)}
        for i in range(runs):
            shift = i % len(sides)
            for side in sides[shift:] + sides[:shift]:
                sample, _ = _run_once(side, timeout)
                side.first.append(sample.first)
                side.exit.append(sample.exit)
        saved = {side.name: _answers_saved(Path(side.env["STUDIO_DATA_DIR"])) for side in sides[:2]}
    same = imports["after"].stdout == imports["before"].stdout
    for name, info in imports.items():
        qt = ", ".join(info.qt) if info.qt else "none"
        lines.append(
            f"  {name:6} loads {info.modules} modules; Qt: {qt}"
            + (f" ({info.qt_ms:.1f} ms of their own import time)" if info.qt else "")
        )
        if info.own_relay:
            lines.append(f"  {name:6} WARNING: started a demo relay of its own")
    if imports["after"].qt:
        lines.append("  WARNING: the current command line imports Qt")
    if not imports["before"].qt:
        lines.append(f"  note: {commit}'s command line does not import Qt")
    lines.append(
        f"  answers saved: after {saved['after']}, before {saved['before']} "
        f"(expected {warmup + 1 + runs} each); same answer text: {'yes' if same else 'NO'}"
    )
    a_first, a_first90 = _ms(after.first)
    b_first, b_first90 = _ms(before.first)
    a_exit, a_exit90 = _ms(after.exit)
    b_exit, b_exit90 = _ms(before.exit)
    f_first, f_first90 = _ms(floor.first)
    for side in sides:
        med, p90 = _ms(side.first)
        end, end90 = _ms(side.exit)
        lines.append(
            f"  {side.name:6} n={len(side.first):3}  first byte median {med:7.1f} ms  "
            f"p90 {p90:7.1f} ms   exit median {end:7.1f} ms  p90 {end90:7.1f} ms"
        )
    lines.append(
        f"  above the Python floor (first byte medians): after {a_first - f_first:.1f} ms, "
        f"before {b_first - f_first:.1f} ms"
    )
    rows = [
        Row("CLI chat to first byte (after vs before)", "ms", a_first, b_first, GOAL_RATIO),
        Row("CLI chat to first byte p90 (after vs before)", "ms", a_first90, b_first90),
        Row("CLI chat to exit (after vs before)", "ms", a_exit, b_exit, GOAL_RATIO),
        Row("CLI chat to exit p90 (after vs before)", "ms", a_exit90, b_exit90),
        Row(
            "CLI chat first byte above the Python floor",
            "ms",
            a_first - f_first,
            b_first - f_first,
        ),
        Row("Python start-up to first byte (floor)", "ms", f_first, None),
        Row("Python start-up to first byte p90 (floor)", "ms", f_first90, None),
    ]
    lines.append("")
    lines.append(table(rows))
    return rows, "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of this benchmark (shared with run.py)."""
    parser.add_argument("--cli-runs", type=int, default=15, help="timed runs per side (CLI)")
    parser.add_argument(
        "--cli-warmup", type=int, default=2, help="untimed runs per side first (CLI)"
    )
    parser.add_argument(
        "--cli-timeout", type=float, default=60.0, help="seconds before a run is killed (CLI)"
    )
    parser.add_argument(
        "--cli-before", default=BEFORE_COMMIT, help="the commit of the 'before' tree (CLI)"
    )


def run(args: argparse.Namespace) -> tuple[list[Row], str]:
    """Run with parsed ``args``; return the rows and the printed report."""
    try:
        return measure(args.cli_runs, args.cli_warmup, args.cli_timeout, args.cli_before)
    except Skip as exc:
        return [], f"skipped: {exc}"
    except RuntimeError as exc:  # a run failed or timed out: say so, give no row
        return [], f"stopped: {exc}"


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    print(machine())
    _, text = run(args)
    print(text)


if __name__ == "__main__":
    main()
