"""Exit codes and small helpers shared by the CLI commands."""

from __future__ import annotations

import sys

from studio.api.errors import ApiError

EXIT_OK = 0
EXIT_API = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """Bad command-line input (exit code 2)."""


def prepare_stdio() -> None:
    """Make sure any answer text (Chinese included) can be printed, whatever the locale."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", "") or "").lower()
        if reconfigure is not None and encoding.replace("-", "") not in ("utf8",):
            reconfigure(encoding="utf-8", errors="replace")


def report(error: ApiError) -> int:
    """Print one clean line for ``error`` on stderr and return exit code 1."""
    print(f"studio: {error.one_line()}", file=sys.stderr)
    return EXIT_API
