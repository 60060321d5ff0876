"""Downloading an Images API result given as a URL (images.md §1).

The URL is resolved against the API root; only http(s) is fetched. The API key goes only to
the API's own origin, never to a CDN or storage host. The body is capped at the provider's
``max_image_download`` (read by :func:`studio.api.download.read_capped`, the loop every
download shares) and must be an image (sniffed from its bytes).
"""

from __future__ import annotations

from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from studio.api import errors as E
from studio.api.download import DownloadFailed, read_capped
from studio.api.http import HttpSession
from studio.api.imagedata import same_origin, short_url, sniff_image

_MB = 1024 * 1024


class ErrorFactory(Protocol):
    """Makes a localized, redacted error (``ImagesClient._error``)."""

    def __call__(
        self, cls: type[E.ApiError], key: str, *, status: int | None = None, **params: Any
    ) -> E.ApiError: ...


async def download_image(
    session: HttpSession, url: str, error: ErrorFactory
) -> tuple[bytes, str, str]:
    """Download a result URL (resolved against the API root): ``(data, mime, ext)``.

    Raises the :class:`~studio.api.errors.ApiError` that ``error`` makes for a refused
    scheme, an HTTP error, a body over ``max_image_download`` or bytes that are no image.
    """
    target = urljoin(session.config.api_root + "/", url)
    shown = short_url(target)
    if urlsplit(target).scheme.lower() not in ("http", "https"):
        raise error(E.BadResponseError, "image_download", server=shown)
    cap = session.config.max_image_download
    # The key goes only to the API's own origin, never to a CDN or storage host.
    headers = session.headers() if same_origin(target, session.config.api_root) else {}
    t = session.config.timeouts
    timeout = httpx.Timeout(connect=t.connect, read=t.image, write=t.read, pool=t.connect)
    try:
        data = await read_capped(session.client, target, cap=cap, headers=headers, timeout=timeout)
    except DownloadFailed as failed:
        if failed.code == "status":
            raise error(
                E.BadResponseError, "image_download", server=f"HTTP {failed.status}", status=None
            ) from None
        if failed.code == "too_big":
            raise _too_big(error, shown, cap) from None
        cause = failed.cause
        raise error(
            E.ApiConnectionError,
            "image_download",
            server=shown,
            details=f"{type(cause).__name__}: {cause}",
        ) from None
    found = sniff_image(data)
    if found is None:
        raise error(E.BadResponseError, "invalid_image_data", server=f"{shown}: not an image")
    return data, found[0], found[1]


def _too_big(error: ErrorFactory, shown: str, cap: int) -> E.ApiError:
    return error(
        E.BadResponseError,
        "image_too_big",
        server=shown,
        limit=f"{cap / _MB:g}",
        code="image_too_big",
    )
