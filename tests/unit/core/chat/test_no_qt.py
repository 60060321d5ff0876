"""The chat workflow tests run without Qt.

pytest-qt imports PySide6 into every pytest process, so ``"PySide6" in sys.modules`` cannot be
asserted here. Instead the other tests of this folder run again in a fresh interpreter with the
pytest-qt plugin disabled; after they pass, that interpreter must hold no Qt module.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
QT = ("PySide6", "shiboken6", "qasync", "pytestqt")

_PROBE = """
import json, sys
{action}
leaked = sorted({{m.split(".")[0] for m in sys.modules}} & {qt!r})
print("PROBE " + json.dumps({{"code": int(code), "leaked": leaked}}))
"""


def probe(action: str) -> tuple[int, list[str], str]:
    """Run ``action`` (which sets ``code``) in a fresh interpreter; its exit code, the Qt
    packages it had loaded afterwards, and its output."""
    script = _PROBE.format(action=action, qt=set(QT))
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("PROBE ")]
    assert lines, result.stdout + result.stderr
    found = json.loads(lines[-1].removeprefix("PROBE "))
    return found["code"], found["leaked"], result.stdout + result.stderr


def test_the_workflow_tests_pass_without_loading_qt() -> None:
    args = [
        "-q",
        "-p",
        "no:pytest-qt",
        "-p",
        "no:cacheprovider",
        "-W",
        "ignore::pytest.PytestConfigWarning",  # the qt_api ini option of the absent plugin
        f"--ignore={Path(__file__).relative_to(ROOT)}",
        str(HERE.relative_to(ROOT)),
    ]
    code, leaked, output = probe(f"import pytest\ncode = pytest.main({args!r})")
    assert code == 0, output
    assert "passed" in output
    assert leaked == [], output


def test_the_probe_does_see_qt() -> None:
    """The check can fail: the window's conversation session brings Qt in."""
    code, leaked, _output = probe("import studio.session.chat.conversation\ncode = 0")
    assert code == 0 and "PySide6" in leaked
