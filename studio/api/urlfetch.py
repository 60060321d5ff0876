"""Fetch an image someone pasted or dropped as an http(s) address, with a size cap.

Relays often cannot reach the address a user has (intranet pages, signed links that expire,
sites that block data-centre IPs), so Studio fetches it itself by default and sends the
bytes inline. The download goes through the provider's pooled client (its proxy setting and
connection limits, see :class:`~studio.api.http.HttpSession`), never with the API key, and is
stopped at :data:`MAX_FETCH_BYTES` (:func:`studio.api.download.read_capped`).

A failure is a :class:`FetchError`: a ``code`` with its data (``url``, ``status``, ``limit``,
``reason``) and ``message``, one sentence in the chosen language (from
:mod:`studio.api.phrases`) that also says what to do instead. It is not an
:class:`~studio.api.errors.ApiError`: the address is not the relay's.
"""

from __future__ import annotations

import re
from typing import Final, Literal
from urllib.parse import unquote, urlsplit

import httpx

from studio.api import phrases
from studio.api.download import DownloadFailed, read_capped
from studio.api.http import HttpSession

__all__ = [
    "FETCH_TIMEOUT",
    "IMAGE_EXTENSIONS",
    "MAX_FETCH_BYTES",
    "FetchError",
    "FetchErrorCode",
    "fetch_image",
    "is_web_url",
    "looks_like_image_url",
    "url_file_name",
]

_MB: Final = 1024 * 1024
MAX_FETCH_BYTES: Final = 30 * _MB
"""Largest download accepted (a 12 MP phone photo is about 8 MB; HEIC much less)."""
FETCH_TIMEOUT: Final = 20.0
IMAGE_EXTENSIONS: Final = frozenset(
    {"png", "jpg", "jpeg", "jpe", "jfif", "webp", "gif", "bmp", "tif", "tiff", "heic", "heif"}
    | {"avif"}
)
_HEADERS: Final = {"User-Agent": "Studio (image attachment)", "Accept": "image/*,*/*;q=0.5"}
_NAME_RE = re.compile(r"[^\w.\-]+")

FetchErrorCode = Literal["not_web_url", "status", "too_big", "timeout", "network"]
Reason = Literal["redirects", "unreachable", "cut", "proxy", "other"]


class FetchError(Exception):
    """The address could not be fetched.

    ``code`` says why: ``not_web_url``, ``status`` (``status`` is the server's answer),
    ``too_big`` (over ``limit`` bytes), ``timeout`` or ``network`` (``reason`` names the
    kind of failure, ``error_name`` the exception). ``message`` is one sentence in the
    language asked for.
    """

    def __init__(
        self,
        code: FetchErrorCode,
        message: str,
        *,
        url: str,
        status: int | None = None,
        limit: int | None = None,
        reason: Reason | None = None,
        error_name: str = "",
    ) -> None:
        super().__init__(message)
        self.code: FetchErrorCode = code
        self.message = message
        self.url = url
        self.status = status
        self.limit = limit
        self.reason = reason
        self.error_name = error_name


def is_web_url(text: str) -> bool:
    """True for a single http(s) address with a host (no spaces)."""
    text = text.strip()
    if not text or any(c.isspace() for c in text):
        return False
    try:
        split = urlsplit(text)
        split.port  # noqa: B018 ("host:abc" raises here: not an address either)
    except ValueError:  # "http://[::1/a.png": an unclosed IPv6 bracket is just text
        return False
    return split.scheme in ("http", "https") and bool(split.netloc)


def looks_like_image_url(text: str) -> bool:
    """True for an http(s) address whose path ends in an image extension.

    Used for pasted text: an ordinary web link stays text, ``…/cat.png?x=1`` is an image.
    """
    if not is_web_url(text):
        return False
    path = urlsplit(text.strip()).path.lower()
    return path.rsplit(".", 1)[-1] in IMAGE_EXTENSIONS if "." in path else False


def url_file_name(url: str) -> str:
    """A short file-like name for an image address (``cat.png``, or the host)."""
    try:
        split = urlsplit(url.strip())
        host = split.hostname
    except ValueError:
        return "image"
    last = unquote(split.path.rstrip("/").rsplit("/", 1)[-1])
    name = _NAME_RE.sub("_", last).strip("_.")[:60]
    return name or host or "image"


def _shown(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "…"


async def fetch_image(
    url: str,
    *,
    http: HttpSession | None = None,
    language: str = "en",
    cap: int = MAX_FETCH_BYTES,
    timeout: float = FETCH_TIMEOUT,
    transport: httpx.AsyncBaseTransport | None = None,
) -> bytes:
    """The bytes at ``url`` (following redirects); :class:`FetchError` on any failure.

    ``http`` is the provider's session whose pooled client (proxy, limits) carries the
    request; without one (no provider yet, or the command line until it passes its
    client's session) a short-lived client with the system proxy settings is used, on
    ``transport`` if given. What the bytes are is decided later from the bytes themselves
    (``prepare_image``), not from the Content-Type, which servers often get wrong.
    """
    if not is_web_url(url):
        raise _error("not_web_url", language, url)
    if http is not None:
        return await _read(http.client, url, language, cap, timeout)
    async with httpx.AsyncClient(follow_redirects=True, transport=transport) as client:
        return await _read(client, url, language, cap, timeout)


async def _read(
    client: httpx.AsyncClient, url: str, language: str, cap: int, timeout: float
) -> bytes:
    try:
        return await read_capped(
            client,
            url.strip(),
            cap=cap,
            headers=dict(_HEADERS),
            timeout=httpx.Timeout(timeout),
            accepted=range(200, 201),  # an image, not a "204 No Content" or a partial body
        )
    except DownloadFailed as failed:
        raise _from_download(failed, language, url) from None


def _from_download(failed: DownloadFailed, language: str, url: str) -> FetchError:
    if failed.code == "status":
        return _error("status", language, url, status=failed.status)
    if failed.code == "too_big":
        return _error("too_big", language, url, limit=failed.cap)
    if failed.code == "timeout":
        return _error("timeout", language, url)
    cause = failed.cause or OSError()
    return _error("network", language, url, reason=_reason(cause), error_name=type(cause).__name__)


def _reason(error: Exception) -> Reason:
    """What kind of network failure ``error`` is (said in words, not as a class name)."""
    if isinstance(error, httpx.TooManyRedirects):
        return "redirects"
    if isinstance(error, httpx.ConnectError):
        return "unreachable"
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError):
        return "cut"
    if isinstance(error, httpx.ProxyError):
        return "proxy"
    return "other"


_KEYS: Final[dict[FetchErrorCode, str]] = {
    "not_web_url": "fetch_not_web",
    "status": "fetch_status",
    "too_big": "fetch_too_big",
    "timeout": "fetch_timeout",
    "network": "fetch_failed",
}


def _error(
    code: FetchErrorCode,
    language: str,
    url: str,
    *,
    status: int | None = None,
    limit: int | None = None,
    reason: Reason | None = None,
    error_name: str = "",
) -> FetchError:
    """The :class:`FetchError` of ``code``, its sentence filled in (the address verbatim)."""
    words = ""
    if reason is not None:
        words = phrases.template(f"fetch_reason_{reason}", language).format(name=error_name)
    message = phrases.template(_KEYS[code], language).format(
        url=_shown(url),
        status=status,
        limit=f"{(limit or 0) / _MB:.3g}",
        reason=words,
    )
    return FetchError(
        code,
        message,
        url=url,
        status=status,
        limit=limit,
        reason=reason,
        error_name=error_name,
    )
