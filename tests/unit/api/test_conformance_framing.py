"""protocol.md conformance cases 1–12: SSE framing.

Each test writes the case's exact bytes from a raw loopback server and checks what the
service layer yields: the text a person would see, the finish, and whether the answer is
complete, interrupted or failed.
"""

from __future__ import annotations

import pytest

from studio.api import errors as E
from studio.api import events as ev
from tests.fakes.raw_server import (
    C,
    Close,
    D,
    Gate,
    Reset,
    canonical,
    content,
    finish,
    role,
    sse,
)

FRAMINGS = ["close", "length", "chunked"]


def assert_complete(out, text: str = "Hello") -> None:
    """The answer is ``text``, finished with stop, and no error."""
    assert out.error is None, f"unexpected error: {out.error!r}"
    assert out.text() == text
    assert out.result.text == text
    assert out.finish is not None
    assert out.finish.reason == "stop"
    assert out.result.finish is not None and out.result.finish.reason == "stop"


@pytest.mark.parametrize("framing", FRAMINGS)
async def test_case_01_canonical_stream(chat, framing):
    """Case 1: role chunk, "Hel", "lo", finish stop, [DONE] → "Hello", stop, complete."""
    out = await chat.run(sse(*canonical("Hel", "lo"), framing=framing))
    assert_complete(out)
    assert [e.text for e in out.of(ev.TextDelta) if e.text] == ["Hel", "lo"]
    assert len(out.finishes(None)) == 1
    assert out.of(ev.Retrying) == []
    # What went over the wire: exactly one streaming request, authenticated with a Bearer key.
    assert len(out.requests) == 1
    sent = out.requests[0]
    assert sent.method == "POST"
    assert sent.path == "/v1/chat/completions"
    assert sent.header("authorization") == "Bearer sk-test"
    assert "text/event-stream" in (sent.header("accept") or "")
    assert (sent.header("content-type") or "").startswith("application/json")
    body = sent.json()
    assert body["model"] == "m"
    assert body["messages"] == [{"role": "user", "content": "hi"}]
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}


async def test_case_01_request_fields_are_sent(chat):
    """Case 1 (request side): optional sampling fields and extra_body reach the relay."""
    out = await chat.run(
        sse(*canonical()),
        temperature=0.5,
        top_p=0.9,
        max_tokens=64,
        seed=7,
        stop=["END"],
        extra_body={"enable_thinking": True},
    )
    assert_complete(out)
    body = out.requests[0].json()
    assert body["temperature"] == 0.5
    assert body["top_p"] == 0.9
    assert body["max_tokens"] == 64
    assert body["seed"] == 7
    assert body["stop"] == ["END"]
    assert body["enable_thinking"] is True
    assert "presence_penalty" not in body  # unset fields are not sent as null


def _nospace(choice: str) -> bytes:
    return C(choice).replace(b"data: ", b"data:", 1)


async def test_case_02_no_space_after_colon(chat):
    """Case 2: ``data:{…}`` and ``data:[DONE]`` parse; two leading spaces lose exactly one."""
    two_spaces = C('{"index":0,"delta":{"content":"B"},"finish_reason":null}').replace(
        b"data: ", b"data:  ", 1
    )
    out = await chat.run(
        sse(
            _nospace('{"index":0,"delta":{"content":"A"}}'),
            two_spaces,
            _nospace('{"index":0,"delta":{},"finish_reason":"stop"}'),
            b"data:[DONE]\n\n",
        )
    )
    assert_complete(out, "AB")


async def test_case_02_literal_bytes_without_finish(chat):
    """Case 2 as written (no finish_reason at all): "A" is shown and nothing crashes.

    The literal case has no finish chunk; by case 42 the user-protective reading may flag the
    answer as incomplete, so both "complete" and IncompleteAnswerError are accepted here.
    """
    out = await chat.run(sse(_nospace('{"index":0,"delta":{"content":"A"}}'), b"data:[DONE]\n\n"))
    assert out.text() == "A"
    assert out.result.text == "A"
    assert out.error is None or isinstance(out.error, E.IncompleteAnswerError)


def _crlf(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r\n")


def _cr(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r")


@pytest.mark.parametrize("framing", FRAMINGS)
async def test_case_03_crlf_split_mid_terminator(chat, framing):
    """Case 3: CRLF everywhere; read 1 ends in ``}]}␍``, read 2 starts ``⏎␍⏎`` → one "Hi"."""
    hi = _crlf(content("Hi"))  # …}]}\r\n\r\n
    cut = hi.index(b"\r\n\r\n") + 1
    out = await chat.run(
        sse(
            _crlf(role()),
            hi[:cut],
            hi[cut:],
            _crlf(finish("stop")),
            _crlf(D),
            framing=framing,
        )
    )
    assert_complete(out, "Hi")
    assert [e.text for e in out.of(ev.TextDelta) if e.text] == ["Hi"]


@pytest.mark.parametrize("framing", FRAMINGS)
async def test_case_03_lone_cr_separators(chat, framing):
    """Case 3 variant: lone ``␍`` line endings (also split between the two CRs) → "Hi"."""
    hi = _cr(content("Hi"))  # …}]}\r\r
    out = await chat.run(
        sse(_cr(role()), hi[:-1], hi[-1:], _cr(finish("stop")), _cr(D), framing=framing)
    )
    assert_complete(out, "Hi")
    assert [e.text for e in out.of(ev.TextDelta) if e.text] == ["Hi"]


async def test_case_03_mixed_line_endings(chat):
    """Case 3 variant: LF, CRLF and CR mixed in one stream still give one event each."""
    out = await chat.run(
        sse(role(), _crlf(content("Hel")), _cr(content("lo")), _crlf(finish("stop")), D)
    )
    assert_complete(out)


PINGS = [b": PING\n\n", b": OPENROUTER PROCESSING\n\n", b": keep-alive\n\n"]


async def test_case_04_keep_alive_comments(chat):
    """Case 4: 40 comment pings before and between chunks render nothing; the answer completes."""
    pings = [PINGS[i % 3] for i in range(40)]
    steps = [*pings[:20], role(), *pings[20:30], content("Hel"), *pings[30:], content("lo")]
    out = await chat.run(sse(*steps, finish("stop"), D))
    assert_complete(out)
    assert out.of(ev.ReasoningDelta) == []
    assert out.of(ev.RefusalDelta) == []
    assert "PING" not in out.text() and "keep-alive" not in out.text()


async def test_case_04_pings_keep_the_read_timer_alive(chat, raw_server):
    """Case 4: a relay that pings more slowly than nothing-at-all must not trip the idle timeout.

    The idle (read) timeout is 1 s; the server sends a ping every 0.3 s for 1.5 s before the
    first token. Pings prove the server is alive, so the answer must arrive, not a timeout.
    """
    from studio.api.provider import Timeouts
    from tests.fakes.raw_server import Delay

    client = chat.client(timeouts=Timeouts(connect=5.0, read=1.0))
    trickle = []
    for _ in range(5):
        trickle += [Delay(0.3), b": PING\n\n"]
    out = await chat.run(sse(role(), *trickle, *canonical()[1:]), client=client)
    assert_complete(out)
    assert len(out.requests) == 1


async def test_case_05a_id_then_comment_empty_dispatch(chat):
    """Case 5a: ``id: 1`` then a ``: ping`` comment dispatches data=="" → skipped silently."""
    x_event = b"id: 1\n" + content("x")
    out = await chat.run(sse(role(), x_event, b": ping\n\n", b": ping\n\n", finish("stop"), D))
    assert_complete(out, "x")


@pytest.mark.parametrize("keepalive", [b"data:\n\n", b"data: \n\n", b"data:  \n\n"])
async def test_case_05b_empty_data_keepalives(chat, keepalive):
    """Case 5b: bare ``data:`` / ``data: `` keep-alives are skipped; the stream continues."""
    out = await chat.run(
        sse(role(), keepalive, content("Hel"), keepalive, content("lo"), finish("stop"), D)
    )
    assert_complete(out)


async def test_case_06_event_and_meta_only_lines(chat):
    """Case 6: ``event: message`` data is processed; ping/retry/id/unknown fields do nothing."""
    out = await chat.run(
        sse(
            role(),
            b"event: message\n" + content("ok"),
            b"event: ping\ndata: {}\n\n",
            b"event: ping\n\n",
            b"retry: 3000\n\n",
            b"id: 7\n\n",
            b"foo: bar\n\n",
            finish("stop"),
            D,
        )
    )
    assert_complete(out, "ok")


async def test_case_07_multi_line_data(chat):
    """Case 7: one event split over two ``data:`` lines is joined with ``\\n`` and parsed."""
    event = (
        b'data: {"id":"c1","object":"chat.completion.chunk",\n'
        b'data: "created":1,"model":"m","choices":[{"index":0,"delta":{"content":"ok"}}]}\n\n'
    )
    out = await chat.run(sse(role(), event, finish("stop"), D))
    assert_complete(out, "ok")


@pytest.mark.parametrize("cut_inside", [1, 2, 4, 5])
@pytest.mark.parametrize("framing", FRAMINGS)
async def test_case_08a_utf8_split_inside_code_point(chat, framing, cut_inside):
    """Case 8a: the UTF-8 bytes of 你好 split inside a code point → "你好", no U+FFFD."""
    data = content("你好")
    start = data.index("你".encode())
    cut = start + cut_inside  # 1, 2: inside 你; 4, 5: inside 好
    out = await chat.run(sse(role(), data[:cut], data[cut:], finish("stop"), D, framing=framing))
    assert_complete(out, "你好")
    assert "\ufffd" not in out.text()


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
async def test_case_08b_unicode_separators_are_not_line_breaks(chat, separator):
    """Case 8b: raw U+2028 (and U+2029, U+0085) inside a JSON string is content, not a newline."""
    text = f"a{separator}b"
    data = content(text)
    assert separator.encode() in data  # sent raw, not as a \\u escape
    out = await chat.run(sse(role(), data, finish("stop"), D))
    assert_complete(out, text)
    assert [e.text for e in out.of(ev.TextDelta) if e.text] == [text]


@pytest.mark.parametrize(
    "ending",
    [
        [b"data:[DONE]\n\n"],
        [b"data: [DONE]\r\n\r\n"],
        [b"data: [DONE] \n\n"],
        [],  # clean TCP close right after the finish chunk, no [DONE] at all
    ],
    ids=["done-nospace", "done-crlf", "done-trailing-space", "close-without-done"],
)
@pytest.mark.parametrize("framing", ["close", "chunked"])
async def test_case_09_termination_variants(chat, ending, framing):
    """Case 9: every termination variant counts as complete."""
    out = await chat.run(
        sse(role(), content("Hel"), content("lo"), finish("stop"), *ending, framing=framing)
    )
    assert_complete(out)


@pytest.mark.parametrize("tail", [b"", b"\n", b"\r\n"], ids=["no-newline", "lf", "crlf"])
@pytest.mark.parametrize("framing", FRAMINGS)
async def test_case_10_last_event_not_terminated(chat, tail, framing):
    """Case 10: the last event has no blank line before EOF → flushed: "AB", finish stop."""
    last = C('{"index":0,"delta":{"content":"B"},"finish_reason":"stop"}').rstrip(b"\n") + tail
    out = await chat.run(sse(role(), content("A"), last, framing=framing))
    assert_complete(out, "AB")


@pytest.mark.parametrize(
    ("framing", "cut"),
    [
        ("close", Close()),
        ("chunked", Close()),
        ("length", Close()),
        ("close", Reset()),
        ("chunked", Reset()),
    ],
    ids=["eof", "chunked-cut", "length-cut", "reset", "chunked-reset"],
)
async def test_case_11_truncated_stream(chat, framing, cut):
    """Case 11: "Partial" then the connection closes or resets, no finish, no [DONE].

    The text is shown, then IncompleteAnswerError: never presented as complete, never retried
    (output was already shown).
    """
    body = [role(), content("Partial"), cut]
    if framing == "length":  # announce more bytes than are sent
        steps = sse(role(), content("Partial"), finish("stop"), D, framing="length")
        steps = [*steps[:3], cut]
    else:
        steps = sse(*body, framing=framing)
    out = await chat.run(steps)
    assert out.text() == "Partial"
    assert out.result.text == "Partial"
    assert isinstance(out.error, E.IncompleteAnswerError), repr(out.error)
    assert not any(f.reason == "stop" for f in out.finishes(None))
    assert out.result.finish is None or out.result.finish.reason != "stop"
    assert len(out.requests) == 1
    # every text event came before the error
    assert out.of(ev.TextDelta)


@pytest.mark.parametrize(
    "after",
    [[D], [content(" x"), finish("stop")], [D, content(" x")], [b"garbage that is not SSE\n\n"]],
    ids=["double-done", "chunk-after-done", "done-then-chunk", "junk-after-done"],
)
async def test_case_12_events_after_done_are_ignored(chat, after):
    """Case 12: stop at the first [DONE]; anything after it is ignored."""
    out = await chat.run(sse(*canonical(), *after))
    assert_complete(out)
    assert "x" not in out.text()


async def test_case_12_done_while_connection_stays_open(chat):
    """Case 12: a relay that keeps the connection open after [DONE] must not hang the client.

    "Stop at the first [DONE]": the answer completes although the server never closes and
    would only send more (to be ignored) after a gate the test never opens.
    """
    never = Gate()
    out = await chat.run(sse(*canonical(), never, content(" x"), finish("stop"), D))
    assert_complete(out)
    assert not never.opened.is_set()
