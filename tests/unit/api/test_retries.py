"""Automatic retries (protocol.md TL;DR 7, §3.1, §3.3.6; cases 45–50).

Retries happen only before the first token, at most twice, for connection errors and
408/409/429/5xx, honouring Retry-After / retry-after-ms up to 60 s. Quota errors and
400/401/403/404/413/422 are never retried, and neither is a stream that already showed text.
The client's ``sleep`` is replaced by a recorder, so the delays are checked without waiting.
"""

from __future__ import annotations

import pytest

from studio.api import errors as E
from studio.api import events as ev
from studio.api.provider import Timeouts
from tests.fakes.raw_server import (
    Close,
    Hang,
    Reset,
    canonical,
    closed_port,
    completion,
    content,
    error_body,
    json_response,
    response,
    role,
    sse,
)

RATE = error_body("You have reached the request limit", code="rate_limit")
EMPTY_429 = response(status=429, content_type=None, framing="length")
OVERLOADED = error_body("Server overloaded", type_="server_error", code="server_overloaded")


def assert_retried_then_answered(out, requests: int) -> None:
    """The answer "Hello" arrived after ``requests - 1`` announced retries."""
    assert out.error is None, repr(out.error)
    assert out.text() == "Hello"
    assert len(out.requests) == requests
    retries = out.of(ev.Retrying)
    assert [r.attempt for r in retries] == list(range(1, requests))
    assert [r.delay for r in retries] == out.sleeps
    first_text = next(i for i, e in enumerate(out.events) if isinstance(e, ev.TextDelta))
    assert all(out.events.index(r) < first_text for r in retries)
    assert out.result.retries == retries
    bodies = {r.body for r in out.requests}
    assert len(bodies) == 1, "a retry must send the same request"


async def test_retry_after_and_retry_after_ms_are_honoured(chat):
    """429 Retry-After: 1, then 429 retry-after-ms: 1500, then the answer: waits 1.0 and 1.5."""
    out = await chat.run(
        json_response(RATE, 429, headers={"Retry-After": "1"}),
        json_response(RATE, 429, headers={"retry-after-ms": "1500"}),
        sse(*canonical()),
    )
    assert_retried_then_answered(out, 3)
    assert out.sleeps == [pytest.approx(1.0), pytest.approx(1.5)]
    assert all(isinstance(r.reason, str) and r.reason for r in out.of(ev.Retrying))


async def test_retry_after_ms_wins_over_retry_after(chat):
    """Both headers: ``retry-after-ms`` is read first (as openai-python does)."""
    headers = {"retry-after-ms": "1500", "Retry-After": "7"}
    out = await chat.run(json_response(RATE, 429, headers=headers), sse(*canonical()))
    assert_retried_then_answered(out, 2)
    assert out.sleeps == [pytest.approx(1.5)]


async def test_backoff_without_header(chat):
    """No Retry-After: jittered backoff 0.5·2^n·(1 − 0.25·rand) → [0.375, 0.5] then [0.75, 1]."""
    out = await chat.run(EMPTY_429, EMPTY_429, sse(*canonical()))
    assert_retried_then_answered(out, 3)
    assert 0.375 <= out.sleeps[0] <= 0.5
    assert 0.75 <= out.sleeps[1] <= 1.0


async def test_at_most_two_retries(chat):
    """A relay that keeps answering 503 gets three requests in all, then the error shows."""
    out = await chat.run(json_response(OVERLOADED, 503))
    assert isinstance(out.error, E.ServerError), repr(out.error)
    assert out.error.status == 503
    assert out.error.server_message == "Server overloaded"
    assert len(out.requests) == 3
    assert len(out.sleeps) == 2
    assert [r.attempt for r in out.of(ev.Retrying)] == [1, 2]
    assert out.answer_events() == []


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503])
async def test_retryable_statuses(chat, status):
    """408, 409, 429 and 5xx (JSON bodies) before any output are retried."""
    body = error_body(f"transient {status}", type_="server_error", code="")
    out = await chat.run(json_response(body, status), sse(*canonical()))
    assert_retried_then_answered(out, 2)


async def test_retry_after_too_long_fails_at_once(chat):
    """Retry-After: 600 is not waited out: RateLimitError "… 10 min" after one request."""
    out = await chat.run(
        json_response(RATE, 429, headers={"Retry-After": "600"}), sse(*canonical())
    )
    assert isinstance(out.error, E.RateLimitError), repr(out.error)
    assert "10 min" in out.error.message
    assert out.error.retry_after == pytest.approx(600)
    assert len(out.requests) == 1
    assert out.sleeps == []
    assert out.of(ev.Retrying) == []


NEVER = {
    "400": (400, error_body("bad", type_="invalid_request_error"), E.BadRequestError),
    "401": (401, error_body("Invalid token"), E.AuthenticationError),
    "403": (403, error_body("forbidden"), E.PermissionDeniedError),
    "404": (404, error_body("not found", type_="invalid_request_error"), E.ApiStatusError),
    "413": (413, error_body("too large", code="read_request_body_failed"), E.RequestTooLargeError),
    "422": (422, error_body("unprocessable", type_="invalid_request_error"), E.BadRequestError),
    "429-insufficient_quota": (
        429,
        error_body(
            "You exceeded your current quota, please check your plan and billing details.",
            type_="insufficient_quota",
            code="insufficient_quota",
        ),
        E.QuotaExceededError,
    ),
    "403-insufficient_user_quota": (
        403,
        error_body("用户额度不足, 剩余额度: ＄0.00", code="insufficient_user_quota"),
        E.QuotaExceededError,
    ),
    "403-pre_consume_token_quota_failed": (
        403,
        error_body("预扣费额度失败", code="pre_consume_token_quota_failed"),
        E.QuotaExceededError,
    ),
    "402": (
        402,
        error_body("Insufficient Balance", type_="unknown_error", code="invalid_request_error"),
        E.QuotaExceededError,
    ),
}


@pytest.mark.parametrize("case", list(NEVER))
async def test_never_retried(chat, case):
    """Client errors and quota errors are shown at once: one request, no wait."""
    status, body, cls = NEVER[case]
    out = await chat.run(
        json_response(body, status, headers={"Retry-After": "1"}), sse(*canonical())
    )
    assert isinstance(out.error, cls), repr(out.error)
    assert out.error.status == status
    assert len(out.requests) == 1
    assert out.sleeps == []
    assert out.of(ev.Retrying) == []


async def test_x_should_retry_false_is_honoured(chat):
    """``x-should-retry: false`` forbids a retry even on 503 (protocol.md §3.1, §3.3.6)."""
    out = await chat.run(
        json_response(OVERLOADED, 503, headers={"x-should-retry": "false"}), sse(*canonical())
    )
    assert isinstance(out.error, E.ServerError), repr(out.error)
    assert len(out.requests) == 1
    assert out.sleeps == []


async def test_non_stream_5xx_is_retried_at_most_once(chat):
    """A non-stream request may already be billed: at most one automatic retry on 5xx (§3.3.6)."""
    out = await chat.run(json_response(OVERLOADED, 500), json_response(completion()), stream=False)
    assert out.error is None, repr(out.error)
    assert out.result.text == "Hi"
    out = await chat.run(json_response(OVERLOADED, 500), stream=False)
    assert isinstance(out.error, E.ServerError), repr(out.error)
    assert len(out.requests) <= 2, f"{len(out.requests)} billed-maybe requests"


@pytest.mark.parametrize("cut", [Reset(), Close()], ids=["reset", "close"])
async def test_connection_dropped_before_the_answer_is_retried(chat, cut):
    """The relay drops the connection before any response byte → retried, answer arrives."""
    out = await chat.run([cut], sse(*canonical()))
    assert_retried_then_answered(out, 2)


async def test_connection_refused(chat):
    """Nothing listening → ApiConnectionError after the automatic retries."""
    client = chat.client(base_url=f"http://127.0.0.1:{closed_port()}/v1")
    out = await chat.run(client=client)
    assert isinstance(out.error, E.ApiConnectionError), repr(out.error)
    assert out.error.status is None
    assert len(out.sleeps) == 2
    assert [r.attempt for r in out.of(ev.Retrying)] == [1, 2]
    assert out.answer_events() == []


async def test_idle_read_timeout(chat):
    """A relay that accepts the request and never answers → ApiTimeoutError."""
    client = chat.client(timeouts=Timeouts(connect=5.0, read=0.5))
    out = await chat.run([Hang()], client=client)
    assert isinstance(out.error, E.ApiTimeoutError), repr(out.error)
    assert 1 <= len(out.requests) <= 3
    assert out.answer_events() == []


async def test_idle_timeout_after_first_token_is_not_retried(chat):
    """Silence after "Hi" → a timeout or incomplete error, "Hi" kept, no second request."""
    client = chat.client(timeouts=Timeouts(connect=5.0, read=0.5))
    out = await chat.run(sse(role(), content("Hi"), Hang()), client=client)
    assert isinstance(out.error, E.ApiTimeoutError | E.IncompleteAnswerError), repr(out.error)
    assert out.result.text == "Hi"
    assert len(out.requests) == 1
    assert out.of(ev.Retrying) == []


@pytest.mark.parametrize("cut", [Reset(), Close()], ids=["reset", "close"])
async def test_stream_failing_after_first_token_is_not_retried(chat, cut):
    """Once text was shown, a cut stream is not repeated (it would duplicate the answer)."""
    out = await chat.run(sse(role(), content("Hi"), cut), sse(*canonical()))
    assert isinstance(out.error, E.IncompleteAnswerError), repr(out.error)
    assert out.result.text == "Hi"
    assert len(out.requests) == 1
    assert out.sleeps == []
    assert out.of(ev.Retrying) == []


async def test_in_stream_error_after_first_token_is_not_retried(chat):
    """An in-stream error after text is shown as is; retrying is the user's call (case 39)."""
    error = b'data: {"error":{"message":"boom","type":"server_error"}}\n\n'
    out = await chat.run(sse(role(), content("Hi"), error), sse(*canonical()))
    assert isinstance(out.error, E.StreamError), repr(out.error)
    assert out.result.text == "Hi"
    assert len(out.requests) == 1
