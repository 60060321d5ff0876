"""Every sentence the session puts the edit problems into has its Chinese in the phrasebook,
and every problem code of the core has a sentence there (read from the source: no Qt)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import studio.core.edit.events as events

ROOT = Path(__file__).resolve().parents[4]
WORDS = ROOT / "studio" / "session" / "edit" / "problems.py"
PHRASEBOOK = ROOT / "studio" / "i18n" / "zh_CN" / "edit.json"


def _sources() -> list[str]:
    tree = ast.parse(WORDS.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "translate"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            context = node.args[0]
            assert isinstance(context, ast.Constant) and context.value == "EditProblems"
            found.append(node.args[1].value)
    return found


def test_every_sentence_has_its_chinese() -> None:
    book = json.loads(PHRASEBOOK.read_text(encoding="utf-8"))["EditProblems"]
    sources = _sources()
    assert sources
    missing = [text for text in sources if not book.get(text)]
    assert missing == []
    for text in sources:  # the same placeholders on both sides
        assert sorted(_fields(text)) == sorted(_fields(book[text])), text


def test_every_problem_code_has_a_sentence() -> None:
    text = WORDS.read_text(encoding="utf-8")
    codes = [
        name
        for name, value in vars(events).items()
        if name.isupper() and isinstance(value, str) and value.islower() and "_" in value
    ]
    assert "FIELD_REJECTED" in codes
    for name in codes:
        if name == "UNEXPECTED":
            continue
        assert f"code == {name}" in text, name


def _fields(text: str) -> list[str]:
    import string

    return [field for _, field, _, _ in string.Formatter().parse(text) if field]
