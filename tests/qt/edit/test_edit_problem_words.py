"""The edit workflow's problems in the window's words: English by default, Chinese with the
catalogue the build makes from the phrasebook (``studio/i18n/zh_CN/edit.json``)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from studio.core.edit import FIELD_REJECTED, INPUT_MISSING, TOO_MANY_IMAGES, Problem, english
from studio.session.edit.problems import edit_problem_text

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "studio" / "session" / "edit" / "problems.py"


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """The sentences, translated from the phrasebook, compiled as the build does."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import update_translations as tool
    finally:
        sys.path.remove(str(ROOT / "tools"))
    ts_file = tmp_path / "edit_zh_CN.ts"
    lupdate = [tool.tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none"]
    subprocess.run(
        [*lupdate, str(SOURCE), "-target-language", "zh_CN", "-ts", str(ts_file)],
        check=True,
        capture_output=True,
    )
    tool.fill_from_phrasebook(ts_file, tool.phrasebook("zh_CN"))
    assert tool.unfinished(ts_file) == []
    qm_file = ts_file.with_suffix(".qm")
    subprocess.run(
        [tool.tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)],
        check=True,
        capture_output=True,
    )
    return qm_file


@pytest.fixture
def in_chinese(qapp: QApplication, catalogue: Path) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(catalogue))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


PROBLEMS = (
    Problem(FIELD_REJECTED, {"message": "Unknown parameter", "fields": ["image[]", "image"]}),
    Problem(TOO_MANY_IMAGES, {"model": "flux-kontext-pro", "count": 3, "limit": 1}),
    Problem(INPUT_MISSING, {"which": "reference", "slot": 3}),
)


@pytest.mark.parametrize("problem", PROBLEMS)
def test_the_window_says_what_the_command_line_says_in_english(
    qapp: QApplication, problem: Problem
) -> None:
    assert edit_problem_text(problem) == english(problem)


def test_the_window_says_it_in_chinese(in_chinese: None) -> None:
    assert edit_problem_text(PROBLEMS[1]) == "flux-kontext-pro 最多接受 1 张图片；参考栏中有 3 张。"
    assert edit_problem_text(PROBLEMS[2]) == "第 3 格的参考图已不在图片文件夹中。"
    assert "中转站不接受" in edit_problem_text(PROBLEMS[0])
