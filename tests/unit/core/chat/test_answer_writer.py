"""The save-while-streaming rule: an answer is written at least every quarter second while it
streams (so a crash loses at most that much) and not more often; then once, final."""

from __future__ import annotations

from studio.api import events as ev
from studio.core.chat.answer import SAVE_INTERVAL, AnswerBuffer, AnswerWriter
from studio.core.chat.conversation import ChatStores
from tests.unit.core.chat.conftest import new_conversation


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def _streaming_answer(stores: ChatStores) -> int:
    conversation = new_conversation(stores)
    user = conversation.add_message("user", "Count to three", parent_id=None)
    return conversation.start_answer(user.id).id


def _stored_text(stores: ChatStores, message_id: int) -> str:
    record = stores.messages.get(message_id)
    assert record is not None
    return record.text


def test_text_is_saved_once_the_interval_passed_and_not_before(stores: ChatStores) -> None:
    assert SAVE_INTERVAL == 0.25
    answer_id = _streaming_answer(stores)
    clock = Clock()
    buffer = AnswerBuffer(answer_id)
    writer = AnswerWriter(stores.messages, buffer, clock=clock)

    buffer.apply(ev.TextDelta("one "))
    writer.save_if_due()
    assert _stored_text(stores, answer_id) == ""

    clock.now += 0.249
    buffer.apply(ev.TextDelta("two "))
    writer.save_if_due()
    assert _stored_text(stores, answer_id) == "", "not before the interval"

    clock.now += 0.001
    writer.save_if_due()
    assert _stored_text(stores, answer_id) == "one two "

    # The interval counts from that save.
    buffer.apply(ev.TextDelta("three"))
    clock.now += 0.1
    writer.save_if_due()
    assert _stored_text(stores, answer_id) == "one two "
    clock.now += 0.15
    writer.save_if_due()
    assert _stored_text(stores, answer_id) == "one two three"

    # After a silence, the first new piece is written at once (the last save is old).
    clock.now += 5.0
    buffer.apply(ev.TextDelta("!"))
    writer.save_if_due()
    assert _stored_text(stores, answer_id) == "one two three!"


def test_the_final_save_writes_status_usage_and_finish(stores: ChatStores) -> None:
    answer_id = _streaming_answer(stores)
    buffer = AnswerBuffer(answer_id)
    writer = AnswerWriter(stores.messages, buffer, clock=Clock())
    for event in (ev.TextDelta("Done."), ev.Usage(3, 1, 4), ev.Finish("stop", "stop")):
        buffer.apply(event)

    writer.finish("complete", None, stores.messages.get(answer_id))

    record = stores.messages.get(answer_id)
    assert record is not None
    assert (record.status, record.text, record.finish_reason) == ("complete", "Done.", "stop")
    assert record.usage == ev.Usage(3, 1, 4).to_dict()
    assert not stores.messages.update_streaming(answer_id, "late"), "a finished answer stays"


def test_a_continued_answer_has_its_old_text_before_anything_new_arrives() -> None:
    buffer = AnswerBuffer(7, base_text="Once upon")
    assert buffer.text == "Once upon"
