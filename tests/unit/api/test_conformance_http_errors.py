"""protocol.md conformance cases 44–54: HTTP-level errors and wrong endpoints.

Every error must be the right class (so the UI can offer the right fix), carry a one-line
message in the UI language, the relay's own words without the request id, the request id
separately, and never the API key or an HTML dump. Errors come before any answer event.
"""

from __future__ import annotations

import email.utils
import time

import pytest

from studio.api import errors as E
from studio.api import events as ev
from tests.fakes.raw_server import (
    canonical,
    error_body,
    html_response,
    json_response,
    response,
    sse,
)

RID = "20250101123456789abc"


def assert_http_error(out, cls, status: int | None, requests: int = 1) -> None:
    """``out`` ended with ``cls`` before any answer event, after ``requests`` requests."""
    assert isinstance(out.error, cls), repr(out.error)
    if status is not None:
        assert out.error.status == status
    assert out.answer_events() == [], out.answer_events()
    assert len(out.requests) == requests, [r.path for r in out.requests]
    assert out.result.error is out.error
    assert out.result.text == ""


@pytest.mark.parametrize(
    ("text", "server"),
    [
        (f"Invalid token (request id: {RID})", "Invalid token"),
        (f"无效的令牌 (request id: {RID})", "无效的令牌"),
    ],
    ids=["en", "zh"],
)
async def test_case_44_invalid_token(chat, text, server):
    """Case 44: 401 → "Authentication failed: Invalid token"; request id apart; no retry."""
    body = error_body(text, type_="new_api_error", code="")
    out = await chat.run(json_response(body, 401))
    assert_http_error(out, E.AuthenticationError, 401)
    assert out.error.server_message == server
    assert out.error.request_id == RID
    assert "Authentication failed" in out.error.message
    assert server in out.error.message
    assert RID not in out.error.message
    assert RID in out.error.copyable_details()
    assert out.sleeps == []


async def test_case_44_key_echoed_by_relay_is_redacted(chat):
    """Case 44: a relay that echoes the key ("Incorrect API key provided: sk-test") → redacted."""
    body = error_body(
        "Incorrect API key provided: sk-test", type_="invalid_request_error", code="invalid_api_key"
    )
    out = await chat.run(json_response(body, 401))
    assert_http_error(out, E.AuthenticationError, 401)
    # check_error_hygiene (conftest) already asserted "sk-test" is absent everywhere
    assert "sk-test" not in (out.error.server_message or "")


QUOTA_45 = {
    "a-403-new-api": (
        403,
        error_body(
            f"用户额度不足, 剩余额度: ＄0.012 (request id: {RID})",
            type_="new_api_error",
            code="insufficient_user_quota",
            param="",
        ),
    ),
    "b-429-openai": (
        429,
        error_body(
            "You exceeded your current quota, please check your plan and billing details.",
            type_="insufficient_quota",
            code="insufficient_quota",
            param=None,
        ),
    ),
    "c-402-deepseek": (
        402,
        {
            "error": {
                "message": "Insufficient Balance",
                "type": "unknown_error",
                "param": None,
                "code": "invalid_request_error",
            }
        },
    ),
}


@pytest.mark.parametrize("variant", list(QUOTA_45))
async def test_case_45_quota_exhausted(chat, variant):
    """Case 45: quota errors (even on 429) are a billing error and are never retried."""
    status, body = QUOTA_45[variant]
    out = await chat.run(json_response(body, status, headers={"Retry-After": "1"}))
    assert_http_error(out, E.QuotaExceededError, status)
    assert out.sleeps == []
    assert out.of(ev.Retrying) == []


MODEL_46 = {
    "503-no-channel": (
        503,
        error_body(
            "No available channel for model gpt-9 under group default (distributor) "
            f"(request id: {RID})",
            code="model_not_found",
        ),
        "No available channel for model gpt-9 under group default (distributor)",
    ),
    "503-no-channel-zh": (
        503,
        error_body(
            f"当前分组 default 下对于模型 gpt-9 无可用渠道 (request id: {RID})",
            code="model_not_found",
        ),
        "当前分组 default 下对于模型 gpt-9 无可用渠道",
    ),
    "403-no-access": (
        403,
        error_body("This token has no access to model gpt-9", code="access_denied"),
        "This token has no access to model gpt-9",
    ),
}


@pytest.mark.parametrize("variant", list(MODEL_46))
async def test_case_46_model_unavailable(chat, variant):
    """Case 46: "Model not available on this relay"; not retried even on 503."""
    status, body, server = MODEL_46[variant]
    out = await chat.run(json_response(body, status), model="gpt-9")
    assert_http_error(out, E.ModelNotFoundError, status)
    assert out.error.server_message == server
    assert "not available" in out.error.message.lower()
    assert out.sleeps == []


RATE_BODY = error_body(
    "You have reached the request limit", type_="new_api_error", code="rate_limit"
)


def _http_date(seconds_ahead: int) -> str:
    return email.utils.formatdate(time.time() + seconds_ahead, usegmt=True)


@pytest.mark.parametrize(
    ("headers", "low", "high"),
    [
        ({"Retry-After": "7"}, 7.0, 7.0),
        ({"retry-after-ms": "1500"}, 1.5, 1.5),
        ({"Retry-After": "HTTP-DATE"}, 20.0, 31.0),
    ],
    ids=["seconds", "ms", "http-date"],
)
async def test_case_47a_rate_limit_with_retry_after(chat, headers, low, high):
    """Case 47a: Retry-After ≤ 60 s is waited out (before any output), then the answer comes."""
    if headers.get("Retry-After") == "HTTP-DATE":
        headers = {"Retry-After": _http_date(30)}
    out = await chat.run(json_response(RATE_BODY, 429, headers=headers), sse(*canonical()))
    assert out.error is None, repr(out.error)
    assert out.text() == "Hello"
    assert len(out.requests) == 2
    assert len(out.sleeps) == 1
    assert low <= out.sleeps[0] <= high
    retries = out.of(ev.Retrying)
    assert len(retries) == 1 and retries[0].attempt == 1
    assert retries[0].delay == out.sleeps[0]
    assert out.events.index(retries[0]) == 0  # announced before the answer
    assert out.result.retries == retries


async def test_case_47b_retry_after_too_long(chat):
    """Case 47b: Retry-After 600 → no automatic wait; "retry in 10 min"."""
    out = await chat.run(json_response(RATE_BODY, 429, headers={"Retry-After": "600"}))
    assert_http_error(out, E.RateLimitError, 429)
    assert "10 min" in out.error.message
    assert out.error.retry_after == 600
    assert out.sleeps == []


async def test_case_47c_empty_body_429(chat):
    """Case 47c: 429 with Content-Length 0 → "Rate limited (HTTP 429)", backoff, no crash."""
    empty = response(
        status=429, content_type=None, framing="length", headers={"Content-Length": "0"}
    )
    out = await chat.run(empty)
    assert isinstance(out.error, E.RateLimitError), repr(out.error)
    assert out.error.status == 429
    assert "429" in out.error.message
    assert "rate limit" in out.error.message.lower()
    assert len(out.requests) == 3  # two automatic retries before any output
    assert len(out.sleeps) == 2
    assert 0.375 <= out.sleeps[0] <= 0.5
    assert 0.75 <= out.sleeps[1] <= 1.0
    assert out.answer_events() == []


async def test_case_48_context_length(chat):
    """Case 48: 400 context_length_exceeded → the message is shown, no retry."""
    body = {
        "error": {
            "message": "This model's maximum context length is 128000 tokens. "
            "However, your messages resulted in 130000 tokens.",
            "type": "invalid_request_error",
            "param": "messages",
            "code": "context_length_exceeded",
        }
    }
    out = await chat.run(json_response(body, 400))
    assert_http_error(out, E.BadRequestError, 400)
    assert "maximum context length is 128000 tokens" in out.error.message
    assert out.error.server_message.startswith("This model's maximum context length")
    assert out.sleeps == []


NGINX_413 = (
    "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n"
    "<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@pytest.mark.parametrize("variant", ["a-json", "b-nginx-html"])
async def test_case_49_request_too_large(chat, variant):
    """Case 49: 413 JSON or nginx HTML → "Request too large: reduce or compress images"."""
    if variant == "a-json":
        script = json_response(
            error_body(
                f"request body too large (request id: {RID})",
                code="read_request_body_failed",
                param="",
            ),
            413,
        )
    else:
        script = html_response(NGINX_413, 413)
    out = await chat.run(script)
    assert_http_error(out, E.RequestTooLargeError, 413)
    assert "too large" in out.error.message.lower()
    assert "<" not in out.error.message
    # The line carries the relay's own words, not only ours (protocol.md).
    said = "request body too large" if variant == "a-json" else "413 Request Entity Too Large"
    assert said in out.error.message
    assert out.sleeps == []


CLOUDFLARE_502 = (
    '<!DOCTYPE html>\n<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> '
    '<![endif]-->\n<html class="no-js" lang="en-US"><head>\n'
    '<title>relay.example.com | 502: Bad gateway</title>\n<meta charset="UTF-8" />\n'
    '<style>body{margin:0}</style></head><body><div id="cf-wrapper"><h1>Bad gateway</h1>'
    "<span>Error code 502</span></div></body></html>"
)
NGINX_504 = (
    "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n"
    "<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
CLOUDFLARE_524 = (
    '<!DOCTYPE html>\n<html class="no-js" lang="en-US"><head>\n'
    "<title>relay.example.com | 524: A timeout occurred</title>\n</head><body>"
    "<h1>A timeout occurred</h1><p>The origin web server timed out responding.</p></body></html>"
)


@pytest.mark.parametrize(
    ("status", "page", "title"),
    [
        (502, CLOUDFLARE_502, "relay.example.com | 502: Bad gateway"),
        (504, NGINX_504, "504 Gateway Time-out"),
        (524, CLOUDFLARE_524, "relay.example.com | 524: A timeout occurred"),
    ],
    ids=["cloudflare-502", "nginx-504", "cloudflare-524"],
)
async def test_case_50_html_gateway_pages(chat, status, page, title):
    """Case 50: an HTML gateway page → one line with the <title>; at most one auto retry."""
    out = await chat.run(html_response(page, status))
    assert isinstance(out.error, E.GatewayError), repr(out.error)
    assert out.error.status == status
    assert title in out.error.message
    assert str(status) in out.error.message
    assert "<" not in out.error.message
    assert out.answer_events() == []
    assert 1 <= len(out.requests) <= 2, f"{len(out.requests)} requests: at most one retry"


async def test_case_50_gateway_page_then_success(chat):
    """Case 50: a 502 page before any output is retried once; the answer then arrives."""
    out = await chat.run(html_response(CLOUDFLARE_502, 502), sse(*canonical()))
    assert out.error is None, repr(out.error)
    assert out.text() == "Hello"
    assert len(out.requests) == 2
    assert len(out.of(ev.Retrying)) == 1


BODY_51 = {
    "no-candidates": (
        {
            "error": {
                "message": "No candidates returned",
                "type": "server_error",
                "param": "",
                "code": 500,
            }
        },
        "No candidates returned",
    ),
    "success-false": (
        {"success": False, "message": "get user group failed"},
        "get user group failed",
    ),
}


@pytest.mark.parametrize("variant", list(BODY_51))
@pytest.mark.parametrize("stream", [False, True], ids=["non-stream", "stream-asked"])
async def test_case_51_http_200_with_error_body(chat, variant, stream):
    """Case 51: 200 + an error body is an error, never an empty completion."""
    body, server = BODY_51[variant]
    out = await chat.run(json_response(body, 200), stream=stream)
    assert isinstance(out.error, E.ApiError), repr(out.error)
    assert not isinstance(out.error, E.EmptyResponseError)
    assert out.error.server_message == server
    assert server in out.error.message
    assert out.answer_events() == []
    assert out.result.text == ""


@pytest.mark.parametrize("variant", ["model-not-found", "success-false"])
async def test_case_51_models_endpoint_200_error(chat, raw_server, variant):
    """Case 51: /v1/models answering 200 with an error body raises, never returns []."""
    body = (
        {
            "error": {
                "message": "The model 'foo' does not exist",
                "type": "invalid_request_error",
                "param": "model",
                "code": "model_not_found",
            }
        }
        if variant == "model-not-found"
        else {"success": False, "message": "get user group failed"}
    )
    raw_server.script(json_response(body, 200))
    client = chat.client()
    with pytest.raises(E.ApiError) as info:
        await client.list_models()
    assert info.value.server_message in ("The model 'foo' does not exist", "get user group failed")
    assert "\n" not in info.value.message


@pytest.mark.parametrize("status", [400, 200])
async def test_case_52_json_error_served_as_event_stream(chat, status):
    """Case 52: a JSON error body with Content-Type text/event-stream and no ``data:`` line."""
    raw = (
        b'{"error":{"message":"Invalid request","type":"invalid_request_error",'
        b'"param":"","code":null}}'
    )
    out = await chat.run(response(raw, status=status, framing="length"))
    assert isinstance(out.error, E.ApiError), repr(out.error)
    assert not isinstance(out.error, E.EmptyResponseError | E.IncompleteAnswerError)
    assert out.error.server_message == "Invalid request"
    if status == 400:
        assert isinstance(out.error, E.BadRequestError)
        assert out.error.status == 400
        assert len(out.requests) == 1
    assert out.answer_events() == []


async def test_case_53_stream_answered_with_plain_json(chat):
    """Case 53: stream requested, application/json completion received → rendered, complete."""
    from tests.fakes.raw_server import completion

    body = completion(
        {"role": "assistant", "content": "Hi"},
        finish_reason="stop",
        usage={"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
    )
    out = await chat.run(json_response(body))
    assert out.error is None, repr(out.error)
    assert out.text() == "Hi"
    assert out.result.finish.reason == "stop"
    assert out.result.usage.total_tokens == 4
    assert len(out.requests) == 1


async def test_case_53_plain_json_with_chunked_framing(chat):
    """Case 53: the same with chunked transfer-encoding and the JSON split over chunks."""
    from tests.fakes.raw_server import completion, dumps

    data = dumps(completion({"role": "assistant", "content": "Hi"})).encode()
    out = await chat.run(
        response(data[:20], data[20:], content_type="application/json", framing="chunked")
    )
    assert out.error is None, repr(out.error)
    assert out.result.text == "Hi"
    assert out.result.finish.reason == "stop"


WEB_UI = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"/>'
    '<title>New API</title><script type="module" src="/assets/index.js"></script></head>'
    '<body><div id="root"></div></body></html>'
)


@pytest.mark.parametrize("stream", [True, False], ids=["stream", "non-stream"])
async def test_case_54a_base_url_reaches_the_web_ui(chat, stream):
    """Case 54a: 200 text/html (the relay's web page) → "Base URL looks wrong, try …/v1"."""
    out = await chat.run(html_response(WEB_UI, 200), stream=stream)
    assert isinstance(out.error, E.BaseUrlError), repr(out.error)
    assert "base url" in out.error.message.lower()
    assert "/v1" in out.error.message
    assert "<" not in out.error.message
    assert out.answer_events() == []
    assert len(out.requests) == 1


async def test_case_54b_doubled_v1(chat):
    """Case 54b: 404 "Invalid URL (POST /v1/v1/chat/completions)" → BaseUrlError."""
    body = {
        "error": {
            "message": "Invalid URL (POST /v1/v1/chat/completions)",
            "type": "invalid_request_error",
            "param": "",
            "code": "",
        }
    }
    out = await chat.run(json_response(body, 404))
    assert_http_error(out, E.BaseUrlError, 404)
    assert "base url" in out.error.message.lower()
    assert "/v1" in out.error.message


SHAPES_54C = {
    "error.message": {"error": {"message": "boom"}},
    "error-string": {"error": "boom"},
    "message": {"message": "boom"},
    "msg": {"msg": "boom"},
    "err": {"err": "boom"},
    "error_msg": {"error_msg": "boom"},
    "detail": {"detail": "boom"},
    "header.message": {"header": {"code": 10000, "message": "boom"}},
    "response.error.message": {"response": {"error": {"message": "boom"}}},
    "int-code": {
        "error": {"message": "boom", "type": "invalid_request_error", "code": 400, "param": None}
    },
}


@pytest.mark.parametrize("shape", list(SHAPES_54C))
async def test_case_54c_error_message_shapes(chat, shape):
    """Case 54c: the message is found in every error-field shape relays use."""
    out = await chat.run(json_response(SHAPES_54C[shape], 400))
    assert_http_error(out, E.BadRequestError, 400)
    assert out.error.server_message == "boom"
    assert "boom" in out.error.message


UPSTREAM_502 = {
    "error": {
        "message": "bad response status code 502",
        "type": "upstream_error",
        "param": "502",
        "code": "bad_response_status_code",
    }
}


async def test_case_54c_one_api_upstream_error(chat):
    """Case 54c: one-api upstream_error with param "502" → "Upstream error (502)", retried once."""
    out = await chat.run(json_response(UPSTREAM_502, 500))
    assert isinstance(out.error, E.ServerError), repr(out.error)
    assert "Upstream error (502)" in out.error.message
    assert out.answer_events() == []
    assert len(out.requests) == 2, f"{len(out.requests)} requests: retryable once"


async def test_case_54c_one_api_upstream_error_then_success(chat):
    """Case 54c: after one retry the answer arrives."""
    out = await chat.run(json_response(UPSTREAM_502, 500), sse(*canonical()))
    assert out.error is None, repr(out.error)
    assert out.text() == "Hello"
    assert len(out.requests) == 2


async def test_case_54c_integer_code_5xx(chat):
    """Case 54c: Cloudflare-at-OpenAI JSON with an integer code → ServerError with the message."""
    body = {
        "error": {"code": 502, "message": "Bad gateway.", "param": None, "type": "cf_bad_gateway"}
    }
    out = await chat.run(json_response(body, 502))
    assert isinstance(out.error, E.ServerError | E.GatewayError), repr(out.error)
    assert out.error.server_message == "Bad gateway."
    assert out.answer_events() == []


async def test_a_429_that_says_when_is_not_told_twice(chat):
    """The server's own "try again in 20s" is kept; Studio does not add a second one."""
    said = error_body(
        "Rate limit reached for gpt-4o. Please try again in 20s.", type_="requests", code="rl"
    )
    out = await chat.run(json_response(said, 429, headers={"Retry-After": "600"}))
    assert_http_error(out, E.RateLimitError, 429)
    message = out.error.message
    assert message == (
        "Rate limited (HTTP 429): Rate limit reached for gpt-4o. Please try again in 20s."
    )
    assert message.lower().count("try again") == 1


async def test_a_vague_retry_hint_keeps_the_computed_wait(chat):
    """ "Please retry in a moment" says no time: Studio's own wait from Retry-After stays."""
    vague = error_body("Busy. Please retry in a moment.", type_="requests", code="rl")
    out = await chat.run(json_response(vague, 429, headers={"Retry-After": "600"}))
    assert out.error.message.endswith("Try again in 10 min.")
