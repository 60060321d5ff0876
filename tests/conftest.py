"""Root test configuration.

Qt must not open windows during tests: ``QT_QPA_PLATFORM=offscreen`` is set here, before any
test module imports Qt. Every test under ``tests/qt`` fails on a Qt warning (pytest-qt
captures Qt messages through ``qInstallMessageHandler``; the ``qt_log_level_fail`` mark makes
warnings fatal) and on any exception that reaches the asyncio loop's exception handler
(collected by the ``qt_event_loop`` fixture in ``tests/qt/conftest.py`` and checked here).
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from studio.store.database import Database

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_ACCESSIBILITY", "0")

QT_TESTS = Path(__file__).parent / "qt"
LOOP_ERRORS = pytest.StashKey[list[dict[str, Any]]]()

# The offscreen platform reports, as warnings, window-manager requests it cannot honour.
OFFSCREEN_NOISE = (
    r"This plugin does not support propagateSizeHints\(\)",
    r"This plugin does not support raise\(\)",
    r"This plugin does not support grabbing the keyboard",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Make Qt warnings fatal in Qt tests."""
    for item in items:
        if QT_TESTS in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


def loop_errors(item: pytest.Item) -> list[dict[str, Any]]:
    """The asyncio loop errors recorded for ``item`` (the list is created on first use)."""
    if LOOP_ERRORS not in item.stash:
        item.stash[LOOP_ERRORS] = []
    return item.stash[LOOP_ERRORS]


@pytest.fixture
def loop_error_log(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    """Where an event-loop fixture records the contexts of unhandled loop exceptions.

    The test fails if anything is recorded during its body (see ``pytest_runtest_call``);
    the fixture that owns the loop checks again at teardown.
    """
    return loop_errors(request.node)


@pytest.fixture
def describe_loop_errors_fn() -> Any:
    """:func:`describe_loop_errors`, for fixtures in other conftest files."""
    return describe_loop_errors


def describe_loop_errors(errors: list[dict[str, Any]]) -> str:
    """One paragraph per unhandled loop error, for the failure message."""
    lines = []
    for context in errors:
        error = context.get("exception")
        lines.append(f"{context.get('message', '')}: {error!r}")
    return "unhandled exception(s) in the asyncio loop:\n" + "\n".join(lines)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    """Fail the test when its body left an exception in the loop's exception handler."""
    result = yield
    errors = loop_errors(item)
    if errors:
        pytest.fail(describe_loop_errors(errors), pytrace=False)
    return result


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A real history database file in the test's folder (closed after the test)."""
    database = Database(tmp_path / "studio.sqlite3")
    yield database
    database.close()
