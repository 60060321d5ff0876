"""Turn an HTTP error answer (or a 200 carrying an error body) into an :class:`ApiError`.

Covers the shapes of protocol.md §2 and cases 44–54: OpenAI/new-api/one-api JSON envelopes,
bare strings, HTML pages from gateways (reduced to their title), empty bodies, and error
envelopes sent with status 200.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from studio.api import errors as E
from studio.api import phrases

_SAYS_WHEN = re.compile(
    r"(?:try again|retry)\s+(?:in|after)\s+\d|\d+\s*(?:秒|分钟)后", re.IGNORECASE
)

MAX_ERROR_BODY = 64 * 1024


def _request_id_from_headers(headers: Any) -> str | None:
    if headers is None:
        return None
    for name in E.REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return str(value)
    return None


@dataclass
class _Builder:
    """Builds errors for one answer; holds what every error of that answer shares."""

    http_status: int
    body: str
    language: str
    hint: str
    secrets: tuple[str, ...]
    request_id: str | None = None
    retry_after: float | None = None
    code: str | None = None
    etype: str | None = None

    def make(
        self, cls: type[E.ApiError], key: str, server: str | None, status: int | str | None = None
    ) -> E.ApiError:
        shown_status = status if status is not None else self.http_status
        text = phrases.text(
            key,
            self.language,
            server=server or f"HTTP {shown_status}",
            status=shown_status,
            hint=self.hint,
        )
        return cls(
            E.redact(text, *self.secrets),
            status=self.http_status if self.http_status != 200 else None,
            server_message=server,
            request_id=self.request_id,
            code=self.code,
            error_type=self.etype,
            retry_after=self.retry_after,
            details=f"HTTP {self.http_status}\n{self.body[:2000]}".strip(),
        )

    def rate_limited(self, server: str | None) -> E.ApiError:
        error = self.make(E.RateLimitError, "rate_limited_now", server)
        shown = f": {server}" if server else ""
        if server and _SAYS_WHEN.search(server):
            # "… Please try again in 20s." already says when: do not say it twice.
            error.message = phrases.text("rate_limited_said", self.language, server=shown)
        elif self.retry_after is not None and self.retry_after > 0:
            wait = E.format_wait(self.retry_after, self.language)
            error.message = phrases.text("rate_limited", self.language, server=shown, wait=wait)
        else:
            error.message = phrases.text("rate_limited_now", self.language, server=shown)
        error.args = (error.message,)
        return error


def classify(
    status: int,
    body: str,
    *,
    headers: Any = None,
    language: str = "en",
    base_url_hint: str = "https://host/v1",
    secrets: tuple[str, ...] = (),
) -> E.ApiError:
    """Build the right error for an HTTP answer with ``status`` and ``body``.

    ``status`` 200 is allowed: relays return error envelopes, HTML pages and
    ``{"success": false}`` with 200.
    """
    body = E.redact(body[:MAX_ERROR_BODY], *secrets)
    b = _Builder(status, body, language, base_url_hint, secrets)
    b.request_id = _request_id_from_headers(headers)
    b.retry_after = E.parse_retry_after(headers) if headers is not None else None
    stripped = body.strip()
    if not stripped:
        error = b.rate_limited(None) if status == 429 else _by_status(b, status, None)
    elif E.looks_like_html(stripped):
        error = _from_html(b, status, E.html_title(stripped))
    else:
        error = _from_text(b, status, stripped)
    flag = (headers.get("x-should-retry") or "") if headers is not None else ""
    if flag.strip().lower() in ("true", "false"):
        error.should_retry = flag.strip().lower() == "true"
    return error


def _from_html(b: _Builder, status: int, title: str) -> E.ApiError:
    if status == 200 or status == 404:
        return b.make(E.BaseUrlError, "wrong_base_url", title)
    if status == 413:
        return b.make(E.RequestTooLargeError, "too_large_said" if title else "too_large", title)
    if status == 429:
        return b.rate_limited(title)
    if status == 401:
        return b.make(E.AuthenticationError, "auth", title)
    if status in (408, 504, 522, 524):
        error = b.make(E.GatewayError, "gateway_timeout", title)
    elif status >= 500 or status == 403:
        error = b.make(E.GatewayError, "gateway", title)
    else:
        return b.make(E.ApiStatusError, "http_other", title)
    error.max_retries = 1  # protocol.md case 50: at most one retry before any output
    return error


def _from_text(b: _Builder, status: int, stripped: str) -> E.ApiError:
    obj = E.parse_json_object(stripped)
    server: str | None
    if obj is None:
        server = " ".join(stripped.split())[:300]
    else:
        server, b.code, b.etype = E.extract_error_fields(obj)
    if server:
        server, found_id = E.split_request_id(server)
        b.request_id = b.request_id or found_id
    if status == 200:
        status = _status_of_200_error(b.code, b.etype)
        if status == 200:
            return b.make(E.ApiStatusError, "relay_error", server)
    return _by_status(b, status, server)


def _status_of_200_error(code: str | None, etype: str | None) -> int:
    """The status a 200 error envelope really means (relays send errors with 200)."""
    if code and code.isdigit() and 400 <= int(code) <= 599:
        return int(code)
    low = f"{code or ''} {etype or ''}".lower()
    words = (
        "invalid_request",
        "model_not_found",
        "moderation",
        "content_policy",
        "user_error",
        "context_length",
    )
    if any(word in low for word in words):
        return 400
    if "quota" in low:
        return 402
    if "server_error" in low or "upstream" in low:
        return 500
    return 200


def _is_quota(status: int, code: str, etype: str, server: str) -> bool:
    low = server.lower()
    return (
        code in E.QUOTA_CODES
        or etype in E.QUOTA_CODES
        or status == 402
        or "insufficient balance" in low
        or "额度不足" in server
        or "额度已用尽" in server
    )


def _is_model_missing(code: str, server: str) -> bool:
    low = server.lower()
    return (
        code == "model_not_found"
        or "no available channel" in low
        or "无可用渠道" in server
        or "has no access to model" in low
        or ("does not exist" in low and "model" in low)
    )


def _by_status(b: _Builder, status: int, server: str | None) -> E.ApiError:
    code = (b.code or "").lower()
    etype = (b.etype or "").lower()
    text = server or ""
    low = text.lower()
    if status != 401 and _is_quota(status, code, etype, text):
        return b.make(E.QuotaExceededError, "quota", server)
    if status == 401:
        return b.make(E.AuthenticationError, "auth", server)
    if _is_model_missing(code, text):
        return b.make(E.ModelNotFoundError, "model_not_found", server)
    if status == 404 and "invalid url" in low:
        return b.make(E.BaseUrlError, "wrong_base_url", server)
    if code in ("moderation_blocked", "content_policy_violation") or "safety system" in low:
        return b.make(E.BadRequestError, "moderation", server)
    if code == "context_length_exceeded" or "maximum context length" in low:
        return b.make(E.BadRequestError, "context_length", server)
    if "response_format" in low and any(
        w in low for w in ("unavailable", "json_schema", "not support")
    ):
        return b.make(E.BadRequestError, "json_schema_unsupported", server)
    if status == 429:
        return b.rate_limited(server)
    if status == 403:
        return b.make(E.PermissionDeniedError, "forbidden", server)
    if status == 413:
        # The relay's own words stay in the line (protocol.md): its limit is often in them.
        return b.make(E.RequestTooLargeError, "too_large_said" if server else "too_large", server)
    if status == 501 or code == "api_not_implemented":
        return b.make(E.NotSupportedError, "not_supported", server)
    if code.startswith("bad_response_status_code:"):
        error = b.make(E.ServerError, "upstream", server, status=code.split(":", 1)[1])
        error.max_retries = 1  # one-api upstream error: retryable once (case 54c)
        return error
    if status in (400, 404, 405, 422):
        return b.make(E.BadRequestError, "bad_request", server)
    if status in (504, 522, 524):
        return b.make(E.GatewayError, "gateway_timeout", server)
    if status >= 500:
        return b.make(E.ServerError, "server", server)
    return b.make(E.ApiStatusError, "http_other", server)
