"""The ``studio`` entry point: the window when no command is given, else the command line.

It sits above both (:mod:`studio.app` for the window, :mod:`studio.cli` for commands), so the
command line never imports the window's Qt code.
"""

from __future__ import annotations

from collections.abc import Sequence

from studio.cli import build_parser, run


def main(argv: Sequence[str] | None = None) -> int:
    """Run Studio with ``argv`` (default: the process's arguments); the exit code."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        from studio.app import run_gui

        code: int = run_gui(demo=args.demo, base_url=args.base_url)
        return code
    return run(args)
