"""Structured answers in the window: each answer is judged by the output mode it was asked
with (stored with it), its JSON is shown as a sheet (lists, records, nested objects), and a
problem is told in the UI language. Real window, demo relay and SQLite file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from studio.core.chat.structured import judge_json
from studio.ui.chat.json_sheet import MAX_TEXT, JsonSheet
from studio.ui.chat.message_parts import JsonCard
from studio.ui.chat.message_view import MessageView
from tests.qt.chat_ui.test_chat_page import send, wait_answer

PRODUCT = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "price": {"type": "number"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "sizes": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"inches": {"type": "integer"}, "price": {"type": "number"}},
                "required": ["inches", "price"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["name", "price", "tags", "sizes"],
    "additionalProperties": False,
}


def json_card(view: MessageView) -> JsonCard | None:
    """The JSON card in the card's extras (not one already taken out to be deleted)."""
    items = (view.extras.itemAt(i) for i in range(view.extras.count()))
    cards = [w for w in (i.widget() for i in items if i is not None) if isinstance(w, JsonCard)]
    return cards[0] if cards else None


def marks(page: Any) -> list[tuple[str, bool | None]]:
    """Each message of the transcript: its role and its JSON mark (None: not judged)."""
    found = []
    for view in page.transcript.views:
        card = json_card(view)
        found.append((view.record.role, None if card is None else bool(card.property("valid"))))
    return found


def texts(widget: QWidget, name: str) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel, name)]


def test_answers_are_judged_by_the_output_mode_they_were_asked_with(
    make_studio: Callable[..., Any], qtbot: QtBot, tmp_path: Path
) -> None:
    first = make_studio()
    page = first.page
    send(qtbot, page, "hello")
    wait_answer(qtbot, page)

    page.session.set_output_mode("json_object")
    assert marks(page) == [("user", None), ("assistant", None)], "prose stays unjudged"

    send(qtbot, page, "Describe a 75-inch TV as JSON with product_name and price")
    wait_answer(qtbot, page)
    qtbot.waitUntil(lambda: marks(page)[-1] == ("assistant", True), timeout=20_000)

    page.session.set_output_mode("json_schema", PRODUCT, schema_name="product")
    # The json_object answer is not re-judged against the schema turned on after it.
    assert marks(page)[-1] == ("assistant", True)
    send(qtbot, page, "Describe a TV with its sizes")
    schema_answer = wait_answer(qtbot, page)
    qtbot.waitUntil(lambda: json_card(schema_answer) is not None, timeout=20_000)
    expected = [
        ("user", None),
        ("assistant", None),
        ("user", None),
        ("assistant", True),
        ("user", None),
        ("assistant", True),
    ]
    assert marks(page) == expected

    # The schema answer's lists are shown: the tags on one line, the sizes as a table.
    card = json_card(schema_answer)
    assert card is not None and card.sheet is not None
    headers = [
        label.text()
        for label in card.sheet.findChildren(QLabel, "jsonKey")
        if label.property("jsonHeader")
    ]
    assert headers == ["inches", "price"]
    assert len(card.sheet.findChildren(QLabel, "jsonList")) == 1  # tags

    page.session.set_output_mode("off")
    assert marks(page) == expected
    first.window.close()
    second = make_studio(db_path=tmp_path / "studio.sqlite3")
    qtbot.waitUntil(lambda: len(second.page.transcript.views) == 6, timeout=20_000)
    assert marks(second.page) == expected, "reopening gives the same marks"


def test_the_sheet_shows_lists_records_nested_objects_numbers_and_nulls(
    qtbot: QtBot,
) -> None:
    long_text = "word " * 200
    value = {
        "name": "TV",
        "price": 3999.5,
        "in_stock": True,
        "note": None,
        "tags": ["big", "4K", 3],
        "sizes": [{"inches": 55, "price": 2999}, {"inches": 75, "hdr": "yes"}],
        "maker": {"name": "ACME", "address": {"city": "北京"}},
        "empty": [],
        "blurb": long_text.strip(),
    }
    verdict = judge_json(json.dumps(value, ensure_ascii=False))
    assert verdict.ok
    host = QWidget()
    qtbot.addWidget(host)
    card = JsonCard(verdict, host)
    card.resize(420, 600)
    card.show()
    sheet = card.sheet
    assert isinstance(sheet, JsonSheet)

    keys = texts(sheet, "jsonKey")
    for field in ("name", "price", "in_stock", "note", "tags", "sizes", "maker", "city"):
        assert field in keys
    values = texts(sheet, "jsonValue")
    assert "TV" in values and "3999.5" in values and "true" in values and "北京" in values
    assert "[]" in values
    nulls = [label for label in sheet.findChildren(QLabel) if label.property("jsonNull")]
    assert {label.text() for label in nulls} == {"null", "—"}  # null, and a missing cell
    assert texts(sheet, "jsonList") == ["big, 4K, 3"]
    headers = [lbl.text() for lbl in sheet.findChildren(QLabel) if lbl.property("jsonHeader")]
    assert headers == ["inches", "price", "hdr"]
    (blurb,) = [label for label in sheet.findChildren(QLabel) if label.text().startswith("word")]
    assert len(blurb.text()) == MAX_TEXT and blurb.text().endswith("…")
    assert blurb.toolTip() == long_text.strip()
    assert blurb.textInteractionFlags() & blurb.textInteractionFlags().TextSelectableByMouse
    # Nothing asks for more width than the card has.
    qtbot.waitUntil(lambda: sheet.width() > 0)
    for child in sheet.findChildren(QWidget):
        if child.isVisible():
            right = child.mapTo(card, child.rect().topRight()).x()
            assert right <= card.width(), child.objectName()


def test_a_problem_is_told_in_chinese(chinese: None, qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    schema = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}
    cases = [
        (judge_json("Sure! The TV costs 3999."), "回答是普通文本，不是 JSON。"),
        (
            judge_json('{"name": "TV",\n "price": }'),
            "第 2 行第 11 列处不是有效的 JSON：此处应为一个值。",
        ),
        (
            judge_json('{"name": 3}', schema),
            "JSON 不符合 Schema（位置：$.name）：应为字符串，实际是整数。",
        ),
        (judge_json("{}", schema), "JSON 不符合 Schema（位置：顶层）：缺少必填字段“name”。"),
    ]
    for verdict, sentence in cases:
        card = JsonCard(verdict, host)
        assert card.property("valid") is False
        assert texts(card, "jsonError") == [sentence]
        assert "Expecting" not in card.detail and "is not of type" not in card.detail
