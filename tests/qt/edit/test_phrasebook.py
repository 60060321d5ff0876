"""Every string of the canvas, mask tools and compare view has a Chinese phrase with the same
placeholders (tools/update_translations.py fills the Qt catalogue from it)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

STUDIO = Path(__file__).resolve().parents[3] / "studio"
MODULES = ("canvas", "mask_document", "mask_tools", "compare", "compare_canvas")


def strings() -> list[tuple[str, str]]:
    found = []
    for name in MODULES:
        tree = ast.parse((STUDIO / "ui" / "edit" / f"{name}.py").read_text(encoding="utf-8"))
        for klass in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for call in ast.walk(klass):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "tr"
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                    and isinstance(call.args[0].value, str)
                ):
                    found.append((klass.name, call.args[0].value))
    return found


def test_every_string_has_a_chinese_phrase_with_the_same_placeholders() -> None:
    book: dict[tuple[str, str], str] = {}
    for path in (STUDIO / "i18n" / "zh_CN").glob("*.json"):
        for context, entries in json.loads(path.read_text(encoding="utf-8")).items():
            for source, translation in entries.items():
                book[(context, source)] = translation
    found = strings()
    assert len(found) > 50
    missing = [key for key in found if not book.get(key, "").strip()]
    assert not missing
    for key in found:
        assert set(re.findall(r"\{\w+\}", book[key])) == set(re.findall(r"\{\w+\}", key[1])), key
