"""Reading one HTTP GET into memory with a byte cap: the loop every download shares.

Both the Images API's result URLs (:mod:`studio.api.imagefetch`) and image addresses a person
pastes (:mod:`studio.api.urlfetch`) are read here, on the provider's pooled client (its proxy
setting and connection limits). The body is streamed and dropped as soon as it passes the cap
(a declared ``Content-Length`` over the cap is refused before reading). Failures come back as
:class:`DownloadFailed` with a code; each caller puts that into its own words.
"""

from __future__ import annotations

from typing import Final, Literal

import httpx

__all__ = ["OK_STATUSES", "DownloadFailed", "FailureCode", "read_capped"]

FailureCode = Literal["status", "too_big", "timeout", "network"]
OK_STATUSES: Final = range(400)
"""Statuses whose body is read by default: anything below 400 (redirects are followed)."""


class DownloadFailed(Exception):
    """A download that gave no body.

    ``code`` is ``status`` (the server answered ``status``), ``too_big`` (more than ``cap``
    bytes, declared or counted), ``timeout`` or ``network`` (``cause`` is the httpx or OS
    error).
    """

    def __init__(
        self,
        code: FailureCode,
        *,
        status: int | None = None,
        cap: int = 0,
        cause: Exception | None = None,
    ) -> None:
        super().__init__(code if cause is None else f"{code}: {type(cause).__name__}: {cause}")
        self.code: FailureCode = code
        self.status = status
        self.cap = cap
        self.cause = cause


async def read_capped(
    client: httpx.AsyncClient,
    url: str,
    *,
    cap: int,
    headers: dict[str, str] | None = None,
    timeout: httpx.Timeout | None = None,
    accepted: range = OK_STATUSES,
) -> bytes:
    """The body of ``GET url`` on ``client``, at most ``cap`` bytes; :class:`DownloadFailed`.

    ``headers`` and ``timeout`` apply to this request only (the client's defaults otherwise);
    a status outside ``accepted`` fails with code ``status``.
    """
    chunks: list[bytes] = []
    try:
        async with client.stream(
            "GET", url, headers=headers, timeout=timeout or httpx.USE_CLIENT_DEFAULT
        ) as response:
            if response.status_code not in accepted:
                raise DownloadFailed("status", status=response.status_code)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise DownloadFailed("too_big", cap=cap)
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > cap:
                    raise DownloadFailed("too_big", cap=cap)
                chunks.append(chunk)
    except httpx.TimeoutException as error:
        raise DownloadFailed("timeout", cause=error) from None
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:
        raise DownloadFailed("network", cause=error) from None
    return b"".join(chunks)
