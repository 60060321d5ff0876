"""When an edit round sends again, and when it never does: the image field refused (400/422)
→ once with the other form; 413 → once with smaller inputs; never more than two POSTs,
never after a 2xx or a 5xx."""

from __future__ import annotations

from studio.api.client import ApiClient
from studio.core.edit import (
    API_ERROR,
    FIELD_REJECTED,
    TOO_LARGE,
    EditRound,
    EditSessions,
    FieldLearned,
    InputsPrepared,
    Retrying,
    RoundFinished,
)
from studio.store.edits import EditStore
from tests.fakes.image_server import ImageServer, Reply
from tests.unit.core.edit.conftest import (
    EDITS,
    answer,
    collect,
    decoded,
    kinds,
    new_session,
    picture,
    spec,
)

RED, GREEN, GREY = (200, 30, 30), (30, 200, 30), (90, 90, 90)
FIELD_400 = Reply(
    status=400,
    body={
        "error": {
            "message": "Unknown parameter: 'image[]'.",
            "type": "invalid_request_error",
            "param": "image[]",
            "code": "unknown_parameter",
        }
    },
)
FIELD_422 = Reply(
    status=422,
    body={"detail": [{"type": "missing", "loc": ["body", "image"], "msg": "Field required"}]},
)
TOO_BIG = Reply(
    status=413, body=b"<html>413 Request Entity Too Large</html>", content_type="text/html"
)


async def test_a_refused_field_is_sent_once_more_in_the_other_form_and_learned(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, FIELD_400, answer(picture((64, 48), GREY)))
    session = await new_session(
        sessions, picture((64, 48), RED), references=(picture((8, 8), GREEN),)
    )
    run = EditRound(edits, client, spec("gpt-image-1"), session)

    events = await collect(run)

    assert kinds(events) == [
        "RoundStarted",
        "InputsPrepared",
        "Retrying",
        "InputsPrepared",
        "FieldLearned",
        "VersionSaved",
        "RoundFinished",
    ]
    first, second = server.requests_to(EDITS)
    assert {p.name for p in first.files} == {"image[]"}
    assert {p.name for p in second.files} == {"image"}
    retry = events[2]
    assert isinstance(retry, Retrying) and (retry.reason, retry.field) == ("field", "image")
    learned = events[4]
    assert isinstance(learned, FieldLearned) and learned.field == "image"
    again = edits.session(session.id)
    assert again is not None and again.field == "image"
    assert edits.rounds(session.id)[0].sent is not None
    assert edits.rounds(session.id)[0].sent["field"] == "image"  # type: ignore[index]


async def test_a_field_refused_in_both_forms_fails_after_two_posts(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, FIELD_400, FIELD_422, answer(picture((64, 48), GREY)))
    session = await new_session(
        sessions, picture((64, 48), RED), references=(picture((8, 8), GREEN),)
    )
    events = await collect(EditRound(edits, client, spec("gpt-image-1"), session))

    assert len(server.requests_to(EDITS)) == 2
    finished = events[-1]
    assert isinstance(finished, RoundFinished) and finished.status == "failed"
    assert finished.problem is not None and finished.problem.code == FIELD_REJECTED
    assert finished.problem.data["fields"] == ["image[]", "image"]
    (stored,) = edits.rounds(session.id)
    assert stored.status == "failed" and stored.error
    assert stored.references == session.references  # every input kept


async def test_a_server_error_is_never_sent_again(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(
        EDITS,
        Reply(status=500, body={"error": {"message": "image field broke: 'image'"}}),
        answer(picture((64, 48), GREY)),
    )
    session = await new_session(sessions, picture((64, 48), RED))
    events = await collect(EditRound(edits, client, spec("gpt-image-1"), session))

    assert len(server.requests_to(EDITS)) == 1
    finished = events[-1]
    assert isinstance(finished, RoundFinished) and finished.status == "failed"
    assert finished.problem is not None and finished.problem.code == API_ERROR
    assert "Retrying" not in kinds(events)


async def test_a_2xx_that_is_no_answer_is_never_sent_again(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, Reply(body={"data": []}), answer(picture((64, 48), GREY)))
    session = await new_session(sessions, picture((64, 48), RED))
    events = await collect(EditRound(edits, client, spec("gpt-image-1"), session))

    assert len(server.requests_to(EDITS)) == 1
    finished = events[-1]
    assert isinstance(finished, RoundFinished) and finished.status == "failed"
    assert edits.versions(session.id)[1:] == []


async def test_a_413_prepares_smaller_inputs_and_sends_once_more(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, TOO_BIG, answer(picture((64, 48), GREY)))
    session = await new_session(sessions, picture((400, 300), RED))
    events = await collect(EditRound(edits, client, spec("gpt-image-1"), session))

    assert kinds(events) == [
        "RoundStarted",
        "InputsPrepared",
        "Retrying",
        "InputsPrepared",
        "VersionSaved",
        "RoundFinished",
    ]
    first, second = server.requests_to(EDITS)
    big = decoded(first.files_named("image")[0].data).size
    small = decoded(second.files_named("image")[0].data).size
    assert big == (400, 300) and small[0] < big[0] and small[1] < big[1]
    retry, prepared = events[2], events[3]
    assert isinstance(retry, Retrying) and retry.reason == "too_large" and retry.scale < 1
    assert isinstance(prepared, InputsPrepared) and prepared.sent.scale == retry.scale
    assert prepared.sent.images[0].width == small[0]


async def test_a_second_413_fails_after_two_posts(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, TOO_BIG, TOO_BIG, answer(picture((64, 48), GREY)))
    session = await new_session(sessions, picture((200, 100), RED))
    events = await collect(EditRound(edits, client, spec("gpt-image-1"), session))

    assert len(server.requests_to(EDITS)) == 2
    finished = events[-1]
    assert isinstance(finished, RoundFinished) and finished.problem is not None
    assert finished.problem.code == TOO_LARGE


async def test_a_field_retry_then_a_413_stops_at_two_posts(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    server.script(EDITS, FIELD_400, TOO_BIG, answer(picture((64, 48), GREY)))
    session = await new_session(
        sessions, picture((64, 48), RED), references=(picture((8, 8), GREEN),)
    )
    events = await collect(EditRound(edits, client, spec("gpt-image-1"), session))

    assert len(server.requests_to(EDITS)) == 2
    finished = events[-1]
    assert isinstance(finished, RoundFinished) and finished.status == "failed"
    assert finished.problem is not None and finished.problem.code == TOO_LARGE


async def test_a_forced_field_is_not_retried_in_the_other_form(
    server: ImageServer, client: ApiClient, sessions: EditSessions, edits: EditStore
) -> None:
    """``field_retry=False`` (the command line's ``--field``): one POST, then failed; a 413
    is still sent once more, smaller, in the same form."""
    server.script(EDITS, FIELD_400, answer(picture((64, 48), GREY)))
    session = await new_session(sessions, picture((64, 48), RED))
    run = EditRound(
        edits, client, spec("gpt-image-1"), session, image_field="image[]", field_retry=False
    )

    events = await collect(run)

    assert kinds(events) == ["RoundStarted", "InputsPrepared", "RoundFinished"]
    (only,) = server.requests_to(EDITS)
    assert {p.name for p in only.files} == {"image[]"}
    finished = events[-1]
    assert isinstance(finished, RoundFinished) and finished.status == "failed"
    assert finished.problem is not None and finished.problem.code == FIELD_REJECTED
    assert list(finished.problem.data["fields"]) == ["image[]"]

    server.script(EDITS, TOO_BIG, answer(picture((64, 48), GREY)))
    again = EditRound(
        edits, client, spec("gpt-image-1"), session, image_field="image[]", field_retry=False
    )
    events = await collect(again)
    assert events[-1].status == "done"  # type: ignore[union-attr]
    first, second = server.requests_to(EDITS)[1:]
    assert {p.name for p in first.files} == {p.name for p in second.files} == {"image[]"}
