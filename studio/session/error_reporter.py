"""The one place unexpected errors go: logged (keys redacted) and announced by a signal.

:class:`ErrorReporter` is installed as the asyncio loop's exception handler and as
``sys.excepthook`` (which is also where PySide6 sends exceptions raised inside slots). It writes
the traceback to the log and emits :attr:`ErrorReporter.reported` so the window can show a
non-blocking message.
"""

from __future__ import annotations

import asyncio
import logging
import logging.handlers
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from studio.api.errors import redact

log = logging.getLogger("studio")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


class RedactingFormatter(logging.Formatter):
    """A formatter that removes API keys from the whole formatted record (traceback included)."""

    def __init__(self, fmt: str, secrets: tuple[str, ...] = ()) -> None:
        super().__init__(fmt)
        self._secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        """Format ``record`` and redact keys from the result."""
        return redact(super().format(record), *self._secrets)


def configure_logging(log_dir: Path, secrets: tuple[str, ...] = ()) -> logging.Handler:
    """Send the ``studio`` loggers to a rotating ``studio.log`` in ``log_dir``."""
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_dir / "studio.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    root = logging.getLogger("studio")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return handler


class ErrorReporter(QObject):
    """Logs every unhandled exception and emits ``reported(message, details)``.

    ``message`` is one translated line; ``details`` is the redacted traceback for copying.
    """

    reported = Signal(str, str)

    def __init__(self, secrets: tuple[str, ...] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._secrets = secrets
        self._previous_hook: ExceptHook | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        """Become ``loop``'s exception handler and ``sys.excepthook``."""
        self._loop = loop
        loop.set_exception_handler(self._on_loop_exception)
        self._previous_hook = sys.excepthook
        sys.excepthook = self._on_excepthook

    def uninstall(self) -> None:
        """Restore the previous handlers."""
        if self._loop is not None:
            self._loop.set_exception_handler(None)
            self._loop = None
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
            self._previous_hook = None

    def report(self, error: BaseException, context: str = "") -> None:
        """Log ``error`` with its traceback and announce it."""
        details = redact(
            "".join(traceback.format_exception(type(error), error, error.__traceback__)),
            *self._secrets,
        )
        if context:
            details = f"{context}\n{details}"
        log.error("unhandled error%s\n%s", f" ({context})" if context else "", details)
        summary = redact(f"{type(error).__name__}: {error}", *self._secrets)
        summary = " ".join(summary.split())[:200]
        message = QCoreApplication.translate(
            "ErrorReporter", "Something went wrong: {error}. The details were saved to the log."
        ).format(error=summary)
        self.reported.emit(message, details)

    def _on_loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        text = str(context.get("message", ""))
        if isinstance(error, BaseException):
            self.report(error, text)
        else:
            self.report(RuntimeError(text or "asyncio error"))

    def _on_excepthook(
        self,
        kind: type[BaseException],
        error: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            if self._previous_hook is not None:
                self._previous_hook(kind, error, tb)
            return
        if error.__traceback__ is None:
            error = error.with_traceback(tb)
        self.report(error)
