"""protocol.md conformance cases 39–43: errors inside a 200 stream.

An answer that failed or stopped early must be marked so, keep the text already shown, and
never be presented as complete. Nothing here is retried automatically: output was shown.
"""

from __future__ import annotations

import pytest

from studio.api import errors as E
from studio.api import events as ev
from tests.fakes.raw_server import D, U, content, finish, role, sse


def assert_failed_keeping(out, text: str, server_message: str | None) -> None:
    """A StreamError with the relay's message; ``text`` kept; one request; no stop finish."""
    assert isinstance(out.error, E.StreamError), repr(out.error)
    assert out.text() == text
    assert out.result.text == text
    assert out.result.error is out.error
    if server_message is not None:
        assert out.error.server_message == server_message
        assert server_message in out.error.message
    assert not any(f.reason == "stop" for f in out.finishes(None))
    assert len(out.requests) == 1
    assert out.of(ev.Retrying) == []


async def test_case_39_openai_in_stream_error(chat):
    """Case 39: "Hi", then ``data: {"error":…}``, then [DONE] → "Hi" kept, failed, message."""
    out = await chat.run(
        sse(
            content("Hi"),
            b'data: {"error":{"message":"The server had an error processing your request.",'
            b'"type":"server_error","param":null,"code":null}}\n\n',
            D,
        )
    )
    assert_failed_keeping(out, "Hi", "The server had an error processing your request.")


ERROR_40 = {
    "a-openrouter-finish-error": (
        b'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,'
        b'"delta":{"content":""},"finish_reason":"error"}],"error":{"code":502,'
        b'"message":"Provider returned error","metadata":{"provider_name":"X"}}}\n\n',
        "Provider returned error",
    ),
    "b-event-error": (
        b"event: error\n"
        b'data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
        "Overloaded",
    ),
    "c-error-string": (b'data: {"error":"quota exceeded"}\n\n', "quota exceeded"),
    "d-top-level-message": (
        b'data: {"error":{"code":500},"message":"Internal failure"}\n\n',
        "Internal failure",
    ),
    "e-empty-choices-with-error": (
        b'data: {"id":"c1","object":"chat.completion.chunk","choices":[],'
        b'"error":{"code":429,"message":"Capacity limit reached"}}\n\n',
        "Capacity limit reached",
    ),
}


@pytest.mark.parametrize("variant", list(ERROR_40))
async def test_case_40_error_envelope_variants(chat, variant):
    """Case 40: every error envelope shows an error with the right message; text kept.

    Message precedence: ``error.message`` → ``error`` as a string → ``message`` → raw.
    """
    data, message = ERROR_40[variant]
    out = await chat.run(sse(role(), content("Par"), data, D))
    assert_failed_keeping(out, "Par", message)


async def test_case_40_error_before_any_text(chat):
    """Case 40: an in-stream error before any text is still an error, not an empty answer."""
    out = await chat.run(sse(role(), ERROR_40["b-event-error"][0], D))
    assert isinstance(out.error, E.StreamError), repr(out.error)
    assert out.error.server_message == "Overloaded"


async def test_case_41_raw_json_error_without_data_prefix(chat):
    """Case 41: raw ``{"error":…}`` appended without ``data:`` then EOF.

    Either the raw line is spotted (StreamError with its message, request id split off) or
    the stream is handled as truncated (IncompleteAnswerError). "Par" is kept either way and
    the answer is never complete.
    """
    raw = (
        b'{"error":{"message":"upstream error (request id: 20250101123456789abc)",'
        b'"type":"claude_error","code":"overloaded_error"}}\n'
    )
    out = await chat.run(sse(role(), content("Par"), raw))
    assert out.text() == "Par"
    assert out.result.text == "Par"
    assert isinstance(out.error, E.StreamError | E.IncompleteAnswerError), repr(out.error)
    if isinstance(out.error, E.StreamError):
        assert out.error.server_message == "upstream error"
        assert out.error.request_id == "20250101123456789abc"
    assert not any(f.reason == "stop" for f in out.finishes(None))
    assert len(out.requests) == 1


@pytest.mark.parametrize("with_usage", [True, False], ids=["usage-and-done", "done-only"])
async def test_case_42_fake_complete_truncated_stream(chat, with_usage):
    """Case 42: text, (usage,) [DONE] but never a finish_reason → flagged incomplete."""
    usage = [U('{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}')] if with_usage else []
    out = await chat.run(sse(role(), content("Half an ans"), *usage, D))
    assert out.text() == "Half an ans"
    assert out.result.text == "Half an ans"
    assert isinstance(out.error, E.IncompleteAnswerError), repr(out.error)
    assert not any(f.reason == "stop" for f in out.finishes(None))
    if with_usage:
        assert out.result.usage is not None and out.result.usage.total_tokens == 13
    assert len(out.requests) == 1


@pytest.mark.parametrize(
    "steps",
    [
        [role(), D],
        [b": PING\n\n", b": keep-alive\n\n", b": PING\n\n", D],
        [role(), finish("stop"), D],
        [role()],  # then EOF
        [],  # headers, then the relay closes without a byte of body
    ],
    ids=["role-done", "pings-done", "role-stop-done", "role-eof", "no-body"],
)
async def test_case_43_empty_answer(chat, steps):
    """Case 43: no output at all → "Empty response from server", never a blank bubble."""
    out = await chat.run(sse(*steps))
    assert isinstance(out.error, E.EmptyResponseError), repr(out.error)
    assert "empty" in out.error.message.lower()
    assert out.result.text == ""
    assert not any(f.reason == "stop" for f in out.finishes(None))


async def test_case_43_empty_answer_in_chinese(chat):
    """Case 43: the empty-answer message follows the UI language."""
    client = chat.client(language="zh_CN")
    out = await chat.run(sse(role(), D), client=client)
    assert isinstance(out.error, E.EmptyResponseError), repr(out.error)
    assert "空" in out.error.message
