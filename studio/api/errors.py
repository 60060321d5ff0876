"""The one error hierarchy of the service layer.

Every failure of a request surfaces as a subclass of :class:`ApiError`::

    ApiError
    ├── ApiConnectionError      the host cannot be reached (DNS, refused, TLS, proxy)
    ├── ApiTimeoutError         connect or idle-read timeout
    ├── ApiStatusError          the relay answered with an error (non-2xx, or 200 + error body)
    │   ├── AuthenticationError     401
    │   ├── QuotaExceededError      402, or any insufficient-quota code (never retried)
    │   ├── PermissionDeniedError   403
    │   ├── ModelNotFoundError      model_not_found / no channel / no access to model
    │   ├── BaseUrlError            the base URL points at a web page or doubles /v1
    │   ├── BadRequestError         400 / 422 (also moderation and unsupported json_schema)
    │   │   └── ImageFieldRejectedError  an edit's image parts under a name the relay refuses
    │   ├── RequestTooLargeError    413
    │   ├── RateLimitError          429 (``retry_after`` in seconds when known)
    │   ├── NotSupportedError       501
    │   ├── GatewayError            an HTML error page from a proxy (502/504/524 …)
    │   └── ServerError             other 5xx
    ├── StreamError             the relay reported an error inside a 200 stream
    ├── IncompleteAnswerError   the answer stopped before a finish (cut connection, fake end)
    └── BadResponseError        a body that is not what the protocol allows
        └── EmptyResponseError  a stream or body with no answer at all

Each carries ``message`` (one line a person can act on, in the chosen language),
``status``, ``server_message`` (the relay's own words, request id removed), ``request_id``,
``code`` and ``details`` (copyable, never the key).
"""

from __future__ import annotations

import email.utils
import html
import json
import re
import time
from typing import Any

_REQUEST_ID_RE = re.compile(r"\s*[(（]\s*request id[:：]\s*([^)）\s]+)\s*[)）]", re.IGNORECASE)
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_H1_RE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]+>")
_KEY_RE = re.compile(r"\b(sk|ak|key)-[A-Za-z0-9_\-*]{6,}")

QUOTA_CODES = frozenset(
    {
        "insufficient_quota",
        "insufficient_user_quota",
        "pre_consume_token_quota_failed",
        "insufficient_balance",
        "quota_exceeded",
    }
)
REQUEST_ID_HEADERS = ("x-request-id", "x-oneapi-request-id", "x-new-api-request-id", "request-id")


class ApiError(Exception):
    """Base of every service-layer error. ``str(error)`` is the one-line message."""

    kind = "bad_response"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        server_message: str | None = None,
        request_id: str | None = None,
        code: str | None = None,
        error_type: str | None = None,
        retry_after: float | None = None,
        details: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.server_message = server_message
        self.request_id = request_id
        self.code = code
        self.error_type = error_type
        self.retry_after = retry_after
        self.details = details
        # None: follow the usual policy; True/False: the server's x-should-retry header.
        self.should_retry: bool | None = None
        # At most this many automatic retries for this error (None: the global limit).
        self.max_retries: int | None = None

    def one_line(self) -> str:
        """A single line naming the HTTP status (if any) and the message, for stderr."""
        prefix = f"HTTP {self.status}: " if self.status else ""
        if self.status and f"HTTP {self.status}" in self.message:
            prefix = ""
        line = prefix + self.message
        if self.request_id:
            line += f" (request id: {self.request_id})"
        return " ".join(line.split())

    def copyable_details(self) -> str:
        """Everything useful for a bug report, keys redacted."""
        parts = [self.one_line()]
        if self.code:
            parts.append(f"code: {self.code}")
        if self.error_type:
            parts.append(f"type: {self.error_type}")
        if self.details:
            parts.append(self.details)
        return redact("\n".join(parts))


class ApiConnectionError(ApiError):
    """The host could not be reached."""

    kind = "connect"


class ApiTimeoutError(ApiError):
    """The server did not connect or went silent for longer than the timeout.

    ``during_connect`` is True for connect/pool timeouts (safe to retry); an idle read
    timeout is not retried, as the model already had the request for that long.
    """

    kind = "timeout"
    during_connect = False


class ApiStatusError(ApiError):
    """The relay answered with an error status or an error body."""

    kind = "http"


class AuthenticationError(ApiStatusError):
    """401: the key is wrong, missing, expired or used up."""

    kind = "auth"


class QuotaExceededError(ApiStatusError):
    """The account has no credit left; never retried."""

    kind = "quota"


class PermissionDeniedError(ApiStatusError):
    """403 for any other reason."""

    kind = "forbidden"


class ModelNotFoundError(ApiStatusError):
    """The relay has no channel for this model, or the key may not use it."""

    kind = "model_not_found"


class BaseUrlError(ApiStatusError):
    """The base URL reaches a web page or a doubled path, not the API."""

    kind = "wrong_base_url"


class BadRequestError(ApiStatusError):
    """400/422: the relay rejected the request's content."""

    kind = "bad_request"


class ImageFieldRejectedError(BadRequestError):
    """400/422 to ``images/edits``: the relay wants the image parts under the other name.

    ``field`` is the name that was sent (``image`` or ``image[]``); ``server_message`` keeps
    the relay's words. Retrying once with the other form is the caller's choice.
    """

    kind = "image_field_rejected"

    def __init__(self, message: str, *, field: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.field = field


class RequestTooLargeError(ApiStatusError):
    """413: the body (usually images) was too large."""

    kind = "too_large"


class RateLimitError(ApiStatusError):
    """429: too many requests; ``retry_after`` seconds when the server said."""

    kind = "rate_limited"


class NotSupportedError(ApiStatusError):
    """501: the relay does not implement this endpoint."""

    kind = "not_supported"


class GatewayError(ApiStatusError):
    """An HTML error page from a proxy or CDN in front of the relay."""

    kind = "gateway"


class ServerError(ApiStatusError):
    """A 5xx answer with a readable body."""

    kind = "server"


class StreamError(ApiError):
    """The relay reported an error inside a stream that had started with 200."""

    kind = "stream_error"


class IncompleteAnswerError(ApiError):
    """The answer stopped before the model finished; the text received so far is valid."""

    kind = "incomplete"


class BadResponseError(ApiError):
    """The body is not valid for the protocol."""

    kind = "bad_response"


class EmptyResponseError(BadResponseError):
    """The relay ended the answer without sending anything."""

    kind = "empty"


def redact(text: str, *secrets: str) -> str:
    """Remove API keys (known ones and anything shaped like ``sk-…``) from ``text``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "sk-***")
    return _KEY_RE.sub(lambda m: m.group(1) + "-***", text)


def html_title(body: str) -> str:
    """Reduce an HTML page to one line: its <title>, else its first <h1>, else its text."""
    for pattern in (_TITLE_RE, _H1_RE):
        match = pattern.search(body)
        if match:
            found = " ".join(html.unescape(_TAG_RE.sub(" ", match.group(1))).split())
            if found:
                return found[:200]
    plain = " ".join(html.unescape(_TAG_RE.sub(" ", body)).split())
    return plain[:120] or "HTML page"


def looks_like_html(body: str) -> bool:
    """True when ``body`` is an HTML document rather than JSON or text."""
    head = body.lstrip()[:200].lower()
    return head.startswith("<") and (
        "<html" in head
        or "<!doctype" in head
        or "<head" in head
        or "<title" in head
        or "<body" in head
        or "<center" in head
    )


def parse_json_object(body: str) -> dict[str, Any] | None:
    """Parse ``body`` as a JSON object, or return None."""
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)):
        return str(value)
    return None


def extract_error_fields(obj: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """Return (message, code, type) from any error shape relays use (protocol.md §2, case 54)."""
    message: str | None = None
    code: str | None = None
    etype: str | None = None
    err = obj.get("error")
    if isinstance(err, dict):
        message = _as_text(err.get("message")) or _as_text(err.get("msg"))
        code = _as_text(err.get("code"))
        etype = _as_text(err.get("type"))
        param = _as_text(err.get("param"))
        if code == "bad_response_status_code" and param and param.isdigit():
            code = f"{code}:{param}"
    elif isinstance(err, str):
        message = _as_text(err)
    if message is None:
        for key in ("message", "msg", "err", "error_msg", "detail"):
            candidate = obj.get(key)
            if isinstance(candidate, str) and candidate.strip():
                message = candidate.strip()
                break
            if isinstance(candidate, list) and candidate:
                message = json.dumps(candidate, ensure_ascii=False)[:300]
                break
            if isinstance(candidate, dict):  # FastAPI HTTPException(detail={"error": …})
                inner = [_as_text(candidate.get(k)) for k in ("message", "error", "msg")]
                message = next((text for text in inner if text), None)
                if message:
                    break
    if message is None:
        header = obj.get("header")
        if isinstance(header, dict):
            message = _as_text(header.get("message"))
    if message is None:
        response = obj.get("response")
        if isinstance(response, dict) and isinstance(response.get("error"), dict):
            message = _as_text(response["error"].get("message"))
    if code is None:
        code = _as_text(obj.get("code")) if not isinstance(obj.get("code"), bool) else None
    if etype is None and isinstance(obj.get("type"), str):
        etype = obj["type"]
    return message, code, etype


def is_error_body(obj: dict[str, Any]) -> bool:
    """True when a 200 JSON body is an error envelope rather than a result."""
    if obj.get("error") not in (None, "", {}, False):
        return True
    return obj.get("success") is False


def split_request_id(message: str) -> tuple[str, str | None]:
    """Strip a trailing "(request id: X)" from a relay message and return it separately."""
    match = _REQUEST_ID_RE.search(message)
    if not match:
        return message, None
    cleaned = (message[: match.start()] + message[match.end() :]).strip()
    return cleaned or message, match.group(1)


def parse_retry_after(headers: Any, now: float | None = None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or HTTP date)."""
    raw_ms = headers.get("retry-after-ms") if headers is not None else None
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000.0)
        except ValueError:
            pass
    raw = headers.get("retry-after") if headers is not None else None
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def format_wait(seconds: float, language: str = "en") -> str:
    """A human wait such as "10 min" or "45 s"."""
    zh = language.lower().startswith("zh")
    if seconds >= 3600:
        hours = round(seconds / 3600, 1)
        return f"{hours:g} 小时" if zh else f"{hours:g} h"
    if seconds >= 90:
        minutes = round(seconds / 60)
        return f"{minutes} 分钟" if zh else f"{minutes} min"
    secs = max(1, round(seconds))
    return f"{secs} 秒" if zh else f"{secs} s"
