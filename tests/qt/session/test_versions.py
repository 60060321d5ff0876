"""Versions (regenerate, ‹ 1/2 ›) and branches (edit and resend) of a conversation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from studio.session.chat import ChatManager, ConversationSession
from studio.store.messages import MessageStore
from tests.qt.signals import Recorder, expect

Run = Callable[[Awaitable[Any]], Any]


def _answer(run: Run, session: ConversationSession, action: Callable[[], object]) -> int:
    async def scenario() -> int:
        finished = expect(session.answer_finished)
        action()
        answer_id, status = await finished
        assert status == "complete"
        return int(answer_id)

    return int(run(scenario()))


def test_regenerate_keeps_the_old_answer_as_a_version(
    run: Run, manager: ChatManager, stores: Any
) -> None:
    messages: MessageStore = stores[1]
    session = manager.open(manager.new_conversation("demo-chat"))
    session.set_params({"max_tokens": 8})
    first = _answer(run, session, lambda: session.send("Compare the demo models"))
    first_text = session.branch()[-1].text
    assert session.versions(first) == (1, 1)
    cut = messages.get(first)
    assert cut is not None and cut.finish_reason == "length"

    session.set_params({})
    changes = Recorder(branch=session.branch_changed)
    second = _answer(run, session, lambda: session.regenerate(first))
    second_text = session.branch()[-1].text
    assert second != first and len(second_text) > len(first_text)
    assert changes.of("branch"), "the view must learn that the turn has a new version"
    assert session.versions(second) == (2, 2)
    assert session.versions(first) == (1, 2)
    assert [m.id for m in session.branch()][-1] == second

    session.select_version(second, 1)
    assert session.branch()[-1].id == first
    assert session.branch()[-1].text == first_text
    session.select_version(first, 2)
    assert session.branch()[-1].text == second_text
    # Both versions answer the same user message.
    record_1, record_2 = messages.get(first), messages.get(second)
    assert record_1 is not None and record_2 is not None
    assert record_1.parent_id == record_2.parent_id == session.branch()[0].id

    # Reopening the conversation (a new session) shows the newest version by default.
    assert manager.close(session.conversation_id)
    reopened = manager.open(session.conversation_id)
    assert reopened is not session
    assert reopened.branch()[-1].id == second and reopened.versions(first) == (1, 2)


def test_edit_and_resend_starts_a_branch_and_keeps_the_old_one(
    run: Run, manager: ChatManager
) -> None:
    session = manager.open(manager.new_conversation("demo-chat"))
    _answer(run, session, lambda: session.send("Tell me about cats"))
    _answer(run, session, lambda: session.send("And their history"))
    old_branch = session.branch()
    assert [m.role for m in old_branch] == ["user", "assistant", "user", "assistant"]
    first_user = old_branch[0]

    edited: list[int] = []

    def edit() -> None:
        new_id = session.edit_and_resend(first_user.id, "Tell me about dogs")
        assert new_id is not None
        edited.append(new_id)

    answer_id = _answer(run, session, edit)
    branch = session.branch()
    assert [m.id for m in branch] == [edited[0], answer_id]
    assert branch[0].text == "Tell me about dogs"
    # The answer was asked with the edited message only, not the old branch.
    assert branch[1].text.startswith("> **You asked:** Tell me about dogs")
    assert session.versions(edited[0]) == (2, 2)

    session.select_version(edited[0], 1)
    assert [m.id for m in session.branch()] == [m.id for m in old_branch]
    assert session.branch()[-1].text.startswith("> **You asked:** And their history")

    # Sending now continues the old branch.
    _answer(run, session, lambda: session.send("One more"))
    roles = [m.role for m in session.branch()]
    assert roles == ["user", "assistant"] * 3
    assert session.branch()[0].id == first_user.id


def test_reopening_shows_the_versions_and_branch_picked_last(
    run: Run, manager: ChatManager, stores: Any
) -> None:
    conversations = stores[0]
    session = manager.open(manager.new_conversation("demo-chat"))
    _answer(run, session, lambda: session.send("Tell me about cats"))
    _answer(run, session, lambda: session.send("And their history"))
    old_branch = [m.id for m in session.branch()]
    first_user = old_branch[0]
    edited: list[int] = []
    _answer(run, session, lambda: edited.append(session.edit_and_resend(first_user, "Dogs?") or 0))
    newest = session.branch()[-1].id
    regenerated = _answer(run, session, lambda: session.regenerate(newest))
    conversation_id = session.conversation_id
    order = conversations.get(conversation_id).updated_at

    # The old branch, and on it the first answer to the last question.
    session.select_version(edited[0], 1)
    assert [m.id for m in session.branch()] == old_branch
    assert conversations.get(conversation_id).updated_at == order  # the list does not move

    assert manager.close(conversation_id)
    reopened = manager.open(conversation_id)
    assert [m.id for m in reopened.branch()] == old_branch
    assert reopened.versions(first_user) == (1, 2)

    # On the new branch, the first of the two answers.
    reopened.select_version(edited[0], 2)
    reopened.select_version(regenerated, 1)
    picked = [m.id for m in reopened.branch()]
    assert picked == [edited[0], newest]
    assert manager.close(conversation_id)
    assert [m.id for m in manager.open(conversation_id).branch()] == picked


def test_an_answer_another_window_is_continuing_is_not_continued_twice(
    run: Run, manager: ChatManager, stores: Any
) -> None:
    messages: MessageStore = stores[1]
    session = manager.open(manager.new_conversation("demo-chat"))
    session.set_params({"max_tokens": 8})
    cut = _answer(run, session, lambda: session.send("Compare the demo models"))
    assert messages.reopen(cut)  # another window pressed Continue first
    assert not session.continue_answer(cut)
    assert not session.busy
    stored = messages.get(cut)
    assert stored is not None and stored.status == "streaming"  # still the other's
