"""The one error reporter: loop exceptions and sys.excepthook are logged, redacted and shown."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from studio.session.error_reporter import ErrorReporter, configure_logging

KEY = "sk-live-abcdefghijklmnop1234"


@pytest.fixture
def log_dir(tmp_path: Path):
    handler = configure_logging(tmp_path / "logs", (KEY,))
    yield tmp_path / "logs"
    logging.getLogger("studio").removeHandler(handler)
    handler.close()


def test_loop_exceptions_are_logged_without_the_key_and_announced(log_dir: Path, qtbot: QtBot):
    loop = asyncio.new_event_loop()
    reporter = ErrorReporter((KEY,))
    reporter.install(loop)
    try:
        with qtbot.waitSignal(reporter.reported, timeout=5000) as reported:
            loop.call_exception_handler(
                {
                    "message": "Task exception was never retrieved",
                    "exception": RuntimeError(f"relay rejected key {KEY}"),
                }
            )
    finally:
        reporter.uninstall()
        loop.close()
    message, details = reported.args
    assert "RuntimeError" in message and "\n" not in message
    assert KEY not in message and KEY not in details
    assert "Task exception was never retrieved" in details
    logged = (log_dir / "studio.log").read_text(encoding="utf-8")
    assert "relay rejected key" in logged
    assert KEY not in logged


def test_excepthook_reports_slot_errors(log_dir: Path, qtbot: QtBot):
    loop = asyncio.new_event_loop()
    reporter = ErrorReporter()
    before = sys.excepthook
    reporter.install(loop)
    try:
        assert sys.excepthook != before
        try:
            raise ValueError("boom in a slot")
        except ValueError as error:
            with qtbot.waitSignal(reporter.reported, timeout=5000) as reported:
                sys.excepthook(type(error), error, error.__traceback__)
    finally:
        reporter.uninstall()
        loop.close()
    assert sys.excepthook == before
    assert "boom in a slot" in reported.args[0]
    assert "test_excepthook_reports_slot_errors" in reported.args[1]
