"""Run every benchmark and print one summary table: ``name | studio | baseline | ratio | goal``.

Each benchmark measures Studio and its baseline in the same run against the same loopback
server, so the ratio is the figure to read; absolute numbers depend on the machine and on
whatever else it is doing. Goals are targets for the ratio, printed for information only:
benchmarks never fail.

    .venv/bin/python benches/run.py                 # everything (~35-50 s on 2 cores)
    .venv/bin/python benches/run.py --only ttft     # one benchmark
    .venv/bin/python benches/run.py --reps 50 --chunks 5000 --parse-reps 3   # quicker
"""

from __future__ import annotations

import argparse
import time

import bench_cli_startup
import bench_edit_brush
import bench_edit_compare
import bench_edit_composite
import bench_edit_open
import bench_gallery
import bench_history
import bench_parse
import bench_stream_render
import bench_stream_window
import bench_ttft
import bench_version_tree
import bench_vision
from _common import Row, machine, table

BENCHES = {
    "ttft": bench_ttft,
    "parse": bench_parse,
    "stream_window": bench_stream_window,
    "stream_render": bench_stream_render,
    "history": bench_history,
    "vision": bench_vision,
    "gallery": bench_gallery,
    "cli_startup": bench_cli_startup,
    "edit_brush": bench_edit_brush,
    "edit_compare": bench_edit_compare,
    "edit_composite": bench_edit_composite,
    "edit_open": bench_edit_open,
    "version_tree": bench_version_tree,
}
# Benchmarks whose flag names overlap with the others run with their own defaults here
# (run them alone to change those: `python benches/bench_vision.py --help`).
OWN_DEFAULTS = {"vision", "gallery", "edit_brush", "edit_compare", "stream_window"}


def _own_args(name: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    BENCHES[name].add_arguments(parser)
    return parser.parse_args([])


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(BENCHES), action="append", help="repeatable")
    bench_ttft.add_arguments(parser)
    bench_parse.add_arguments(parser, server=False)
    bench_history.add_arguments(parser)
    bench_cli_startup.add_arguments(parser)
    bench_edit_composite.add_arguments(parser)
    bench_edit_open.add_arguments(parser)
    bench_version_tree.add_arguments(parser)
    args = parser.parse_args()

    print(machine())
    rows: list[Row] = []
    started = time.perf_counter()
    for name in args.only or list(BENCHES):
        t0 = time.perf_counter()
        bench_rows, text = BENCHES[name].run(_own_args(name) if name in OWN_DEFAULTS else args)
        rows.extend(bench_rows)
        print(f"\n== {name} ({time.perf_counter() - t0:.1f} s)")
        print(text)
    print(f"\n== summary ({time.perf_counter() - started:.1f} s; ratio = studio / baseline)")
    print(table(rows))


if __name__ == "__main__":
    main()
