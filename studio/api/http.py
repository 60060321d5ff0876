"""The one long-lived httpx client of a provider, and request sending with retries.

Retries follow ARCHITECTURE.md: only before the first byte of an answer is shown, at most
two, for connection errors, timeouts while connecting, and 408/409/429/5xx; never for quota
errors, 400/401/403/404/413/422, or requests marked non-idempotent (image POSTs).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx

from studio import __version__
from studio.api import errors as E
from studio.api import phrases
from studio.api.classify import MAX_ERROR_BODY, classify
from studio.api.jsonbody import encode_body, needs_worker
from studio.api.provider import InvalidBaseUrl, ProviderConfig

MAX_RETRIES = 2
INITIAL_DELAY = 0.5
MAX_DELAY = 8.0
MAX_SERVER_DELAY = 60.0
RETRY_STATUSES = frozenset({408, 409, 429})
NEVER_RETRY = frozenset({400, 401, 402, 403, 404, 413, 422})

RetryNotice = Callable[[int, float, str], Awaitable[None] | None]


def build_client(
    config: ProviderConfig,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """One pooled AsyncClient for ``config`` (timeouts, proxy, headers)."""
    timeout = httpx.Timeout(
        connect=config.timeouts.connect,
        read=config.timeouts.read,
        write=config.timeouts.read,
        pool=config.timeouts.connect,
    )
    kwargs: dict[str, Any] = {
        "timeout": timeout,
        "headers": {"User-Agent": f"Studio/{__version__}"},
        "follow_redirects": True,
        "limits": httpx.Limits(max_connections=20, max_keepalive_connections=10),
    }
    if transport is not None:
        kwargs["transport"] = transport
    elif config.proxy_mode == "none":
        kwargs["trust_env"] = False
    elif config.proxy_mode == "explicit" and config.proxy_url:
        kwargs["proxy"] = config.proxy_url
        kwargs["trust_env"] = False
    return httpx.AsyncClient(**kwargs)


def backoff_delay(attempt: int) -> float:
    """OpenAI-style jittered backoff for retry number ``attempt`` (0-based)."""
    base: float = min(INITIAL_DELAY * (2**attempt), MAX_DELAY)
    return base * (1 - 0.25 * random.random())


class HttpSession:
    """Sends requests for one provider and turns every failure into an :class:`ApiError`."""

    def __init__(
        self,
        config: ProviderConfig,
        *,
        language: str = "en",
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.config = config
        self.language = language
        self._client = build_client(config, transport)
        self._sleep = sleep

    @property
    def client(self) -> httpx.AsyncClient:
        """The underlying pooled httpx client (for downloads of result URLs)."""
        return self._client

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self._client.aclose()

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """Auth plus the provider's extra headers."""
        out: dict[str, str] = {}
        if self.config.api_key:
            out["Authorization"] = f"Bearer {self.config.api_key}"
        out.update(self.config.extra_headers)
        if extra:
            out.update(extra)
        return out

    def url(self, path: str) -> str:
        """Resolve ``path`` against the provider root, as an :class:`ApiError` if invalid."""
        try:
            return self.config.endpoint(path)
        except InvalidBaseUrl as exc:
            raise E.ApiConnectionError(
                phrases.text("bad_url", self.language, url=str(exc) or self.config.base_url)
            ) from None

    def _host(self) -> str:
        try:
            return urlsplit(self.config.api_root).netloc
        except InvalidBaseUrl:
            return self.config.base_url

    def transport_error(self, exc: Exception, *, read_timeout: float | None = None) -> E.ApiError:
        """Map an httpx exception to the service-layer hierarchy."""
        host = self._host()
        detail = E.redact(f"{type(exc).__name__}: {exc}", self.config.api_key)
        if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
            timeout_error = E.ApiTimeoutError(
                phrases.text(
                    "timeout_connect",
                    self.language,
                    host=host,
                    seconds=f"{self.config.timeouts.connect:g}",
                ),
                details=detail,
            )
            timeout_error.during_connect = True
            return timeout_error
        if isinstance(exc, httpx.TimeoutException):
            seconds = read_timeout if read_timeout is not None else self.config.timeouts.read
            return E.ApiTimeoutError(
                phrases.text("timeout_read", self.language, seconds=f"{seconds:g}"), details=detail
            )
        if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
            return E.ApiConnectionError(
                phrases.text("bad_url", self.language, url=self.config.base_url), details=detail
            )
        return E.ApiConnectionError(
            phrases.text("connect", self.language, host=host), details=detail
        )

    def status_error(self, status: int, body: bytes, headers: httpx.Headers | None) -> E.ApiError:
        """Classify an error answer (see :mod:`studio.api.classify`)."""
        text = body[:MAX_ERROR_BODY].decode("utf-8", errors="replace")
        return classify(
            status,
            text,
            headers=headers,
            language=self.language,
            base_url_hint=self._hint(),
            secrets=(self.config.api_key,),
        )

    def _hint(self) -> str:
        try:
            parts = urlsplit(self.config.api_root)
            return f"{parts.scheme}://{parts.netloc}/v1"
        except InvalidBaseUrl:
            return "https://host/v1"

    @staticmethod
    def retry_delay(error: E.ApiError, attempt: int, limit: int = MAX_RETRIES) -> float | None:
        """Seconds to wait before retrying after ``error``, or None when it must not be retried.

        ``attempt`` counts the retries already made; ``limit`` caps them (the error itself
        may cap lower, e.g. gateway pages; the server's ``x-should-retry`` decides first).
        """
        if error.max_retries is not None:
            limit = min(limit, error.max_retries)
        if attempt >= limit or error.should_retry is False:
            return None
        if error.should_retry is True:
            return backoff_delay(attempt)
        if isinstance(
            error,
            E.QuotaExceededError
            | E.AuthenticationError
            | E.PermissionDeniedError
            | E.ModelNotFoundError
            | E.BaseUrlError
            | E.BadRequestError
            | E.RequestTooLargeError
            | E.NotSupportedError,
        ):
            return None
        if isinstance(error, E.ApiConnectionError) and error.details == "":
            return None  # an unusable base URL, not a network failure
        if isinstance(error, E.ApiTimeoutError) and not error.during_connect:
            return None
        status = error.status
        if status is not None and (
            status in NEVER_RETRY or not (status in RETRY_STATUSES or status >= 500)
        ):
            return None
        if isinstance(error, E.ApiStatusError | E.ApiConnectionError | E.ApiTimeoutError):
            server = error.retry_after
            if server is not None:
                if server > MAX_SERVER_DELAY:
                    return None
                if server > 0:
                    return server
            return backoff_delay(attempt)
        return None

    @asynccontextmanager
    async def open(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        files: Any = None,
        data: Any = None,
        retry: bool = True,
        timeout: httpx.Timeout | None = None,
        on_retry: RetryNotice | None = None,
        accept: str | None = None,
    ) -> AsyncIterator[httpx.Response]:
        """Send a request and yield the open 2xx response; close it on exit.

        Error statuses are read (up to 64 KB) and raised as :class:`ApiError`. Retries
        happen here, before the caller has seen any byte of the answer.
        """
        url = self.url(path)
        extra: dict[str, str] = {"Accept": accept} if accept else {}
        content: bytes | None = None
        if json_body is not None:
            # Encoded once for every attempt; a body full of images in a worker thread, in
            # short calls (see studio.api.jsonbody), so the event loop never waits on it.
            if needs_worker(json_body):
                content = await asyncio.to_thread(encode_body, json_body)
            else:
                content = encode_body(json_body)
            if not any(name.lower() == "content-type" for name in self.config.extra_headers):
                extra["Content-Type"] = "application/json"  # (a provider's own one wins)
        attempt = 0
        while True:
            request = self._client.build_request(
                method,
                url,
                content=content,
                files=files,
                data=data,
                headers=self.headers(extra or None),
                timeout=timeout or httpx.USE_CLIENT_DEFAULT,
            )
            response: httpx.Response | None = None
            try:
                try:
                    response = await self._client.send(request, stream=True)
                except httpx.HTTPError as exc:
                    raise self.transport_error(exc) from None
                if response.status_code >= 400:
                    body = await _read_capped(response, MAX_ERROR_BODY)
                    raise self.status_error(response.status_code, body, response.headers)
            except E.ApiError as error:
                if response is not None:
                    await response.aclose()
                delay = self.retry_delay(error, attempt) if retry else None
                if delay is None:
                    raise  # (a long Retry-After is in the message: "try again in 10 min")
                attempt += 1
                if on_retry is not None:
                    result = on_retry(attempt, delay, error.message)
                    if result is not None:
                        await result
                await self._sleep(delay)
                continue
            try:
                yield response
            finally:
                await response.aclose()
            return


async def _read_capped(response: httpx.Response, limit: int) -> bytes:
    """Read at most ``limit`` bytes of an error body (a hostile relay can send gigabytes)."""
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in response.aiter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size >= limit:
                break
    except httpx.HTTPError:
        pass
    return b"".join(chunks)[:limit]
