"""An answer is judged by the output settings it was requested with, stored with it.

Turning JSON mode on (or a schema) later never re-judges earlier answers, a reopened
conversation gives the same verdicts, answers from before the setting was stored are never
judged, and a continued answer is asked for (and judged) as its start was. Real SQLite file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from studio.api import events as ev
from studio.core.chat.conversation import ChatStores, Conversation
from studio.core.chat.events import JsonChecked
from studio.core.chat.judging import judge_answer, requested_output
from studio.core.chat.options import ChatSettings, OutputSettings
from studio.core.chat.structured import judge_json, schema_from_fields
from studio.core.chat.tools import ToolRegistry
from studio.core.chat.turn import ChatTurn
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.images import ImageStore
from studio.store.messages import MessageStore
from studio.store.schema import MIGRATIONS
from tests.fakes.fake_client import FakeClient, answer, incomplete_error
from tests.unit.core.chat.conftest import ask, new_conversation, run_turn

PRODUCT = schema_from_fields([("name", "string", True, ""), ("tags", "array", True, "")])


async def test_turning_json_mode_on_later_does_not_judge_earlier_answers(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    fake = FakeClient(answer("Hello! How can I help?"), answer('{"name": "TV", "tags": []}'))
    conversation = new_conversation(stores)
    turn = ChatTurn(conversation, lambda: fake, registry)
    prose_id = ask(conversation, "hello", turn)[0].message_id
    assert not [e for e in await run_turn(turn) if isinstance(e, JsonChecked)]

    conversation.update(output=OutputSettings("json_schema", PRODUCT, "product"))
    turn = ChatTurn(conversation, lambda: fake, registry)
    json_id = ask(conversation, "Describe a TV", turn)[0].message_id
    checked = [e for e in await run_turn(turn) if isinstance(e, JsonChecked)]
    assert [(e.message_id, e.ok) for e in checked] == [(json_id, True)]

    prose, structured = conversation.get(prose_id), conversation.get(json_id)
    assert prose is not None and structured is not None
    assert requested_output(prose) == OutputSettings()
    assert judge_answer(prose) is None, "asked for prose: never judged as JSON"
    assert requested_output(structured) == OutputSettings("json_schema", PRODUCT, "product")
    verdict = judge_answer(structured)
    assert verdict is not None and verdict.ok

    # Switching JSON mode off again changes nothing either; nor does reopening.
    conversation.update(output=OutputSettings())
    reopened = Conversation(conversation.id, stores)
    again = reopened.get(json_id)
    assert again is not None and judge_answer(again) == verdict
    assert judge_answer(reopened.get(prose_id)) is None  # type: ignore[arg-type]


async def test_a_schema_answer_is_judged_against_its_own_schema(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    fake = FakeClient(answer('{"name": "TV"}'))
    conversation = new_conversation(
        stores, ChatSettings("gpt-4o", output=OutputSettings("json_schema", PRODUCT))
    )
    turn = ChatTurn(conversation, lambda: fake, registry)
    answer_id = ask(conversation, "Describe a TV", turn)[0].message_id
    await run_turn(turn)
    # A later schema without "tags" does not make the old answer valid.
    conversation.update(output=OutputSettings("json_schema", {"type": "object"}))
    record = conversation.get(answer_id)
    assert record is not None
    verdict = judge_answer(record)
    assert verdict is not None and verdict.problem is not None
    assert (verdict.problem.code, verdict.problem.rule) == ("mismatch", "required")
    assert verdict.problem.facts == {"name": "tags"}


async def test_a_continued_answer_is_asked_for_and_judged_as_it_started(
    stores: ChatStores, registry: ToolRegistry
) -> None:
    fake = FakeClient(
        [ev.TextDelta('{"name": "T'), incomplete_error()],
        answer('V", "tags": ["big"]}'),
    )
    conversation = new_conversation(
        stores, ChatSettings("gpt-4o", output=OutputSettings("json_object"))
    )
    turn = ChatTurn(conversation, lambda: fake, registry)
    answer_id = ask(conversation, "Describe a TV as JSON", turn)[0].message_id
    await run_turn(turn)
    conversation.update(output=OutputSettings())  # JSON mode off before Continue
    cut = conversation.get(answer_id)
    assert cut is not None and stores.messages.reopen(answer_id)

    again = ChatTurn(conversation, lambda: fake, registry)
    again.begin(cut.parent_id, resume=cut)
    events = await run_turn(again)

    assert fake.requests[1].response_format == {"type": "json_object"}
    assert [(e.message_id, e.ok) for e in events if isinstance(e, JsonChecked)] == [
        (answer_id, True)
    ]
    done = stores.messages.get(answer_id)
    assert done is not None and done.output == OutputSettings("json_object").to_dict()


def test_answers_saved_before_the_setting_was_stored_are_never_judged(tmp_path: Path) -> None:
    path = tmp_path / "studio.sqlite3"
    with Database(path, migrations=MIGRATIONS[:5]) as old:  # a file of the previous Studio
        conversation_id = ConversationStore(old).create(
            "old", "gpt-4o", params={"output": {"mode": "json_object"}}
        )
    with sqlite3.connect(path) as raw:
        columns = {row[1] for row in raw.execute("PRAGMA table_info(messages)")}
        assert "output_json" not in columns
        insert = (
            "INSERT INTO messages (conversation_id, parent_id, role, text, model, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, 1, 1)"
        )
        question = raw.execute(insert, (conversation_id, None, "user", "hi", None)).lastrowid
        old_answer = raw.execute(
            insert, (conversation_id, question, "assistant", "Hello there!", "gpt-4o")
        ).lastrowid
    raw.close()
    assert old_answer is not None

    with Database(path) as db:
        stores = ChatStores(ConversationStore(db), MessageStore(db), ImageStore(tmp_path, db))
        conversation = Conversation(conversation_id, stores)
        assert conversation.settings.output.mode == "json_object"
        record = conversation.get(old_answer)
        assert record is not None and record.output is None
        assert judge_answer(record) is None


def test_json_problems_are_facts_to_put_into_words() -> None:
    prose = judge_json("Sure, here it is.")
    assert prose.problem is not None
    assert (prose.problem.code, prose.problem.rule) == ("syntax", "text")
    cut = judge_json('{"name": "TV",\n "price": }')
    assert cut.problem is not None
    assert (cut.problem.rule, dict(cut.problem.facts)) == (
        "expected_value",
        {"line": 2, "column": 11},
    )
    wrong = judge_json('{"name": 3, "tags": []}', PRODUCT)
    assert wrong.problem is not None
    assert (wrong.problem.code, wrong.problem.path) == ("mismatch", "$.name")
    assert wrong.problem.facts == {"expected": ["string"], "actual": "integer"}
    extra = judge_json('{"name": "a", "tags": [], "colour": 1}', PRODUCT)
    assert extra.problem is not None and extra.problem.facts == {"names": ["colour"]}
    assert judge_json("").problem is not None
    assert judge_json("", None).problem.code == "empty"  # type: ignore[union-attr]
