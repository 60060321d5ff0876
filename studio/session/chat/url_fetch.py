"""Fetch an image someone pasted or dropped as an http(s) address, with a size cap.

Relays often cannot reach the address a user has (intranet pages, signed links that expire,
sites that block data-centre IPs), so Studio fetches it itself by default and sends the
bytes inline. The download is streamed and stopped at :data:`MAX_FETCH_BYTES`; errors are one
sentence in the UI language that also says what to do instead.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import unquote, urlsplit

import httpx
from PySide6.QtCore import QCoreApplication

from studio.media.limits import MB

MAX_FETCH_BYTES: Final = 30 * MB
"""Largest download accepted (a 12 MP phone photo is about 8 MB; HEIC much less)."""
FETCH_TIMEOUT: Final = 20.0
IMAGE_EXTENSIONS: Final = frozenset(
    {"png", "jpg", "jpeg", "jpe", "jfif", "webp", "gif", "bmp", "tif", "tiff", "heic", "heif"}
    | {"avif"}
)
_USER_AGENT = "Studio (image attachment)"
_NAME_RE = re.compile(r"[^\w.\-]+")


class FetchError(Exception):
    """The address could not be fetched; ``message`` says why, in the UI language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
    cap: int = MAX_FETCH_BYTES,
    timeout: float = FETCH_TIMEOUT,
    transport: httpx.AsyncBaseTransport | None = None,
) -> bytes:
    """The bytes at ``url`` (following redirects); :class:`FetchError` on any failure.

    What the bytes are is decided later from the bytes themselves (``prepare_image``), not
    from the Content-Type, which servers often get wrong.
    """
    if not is_web_url(url):
        raise FetchError(
            QCoreApplication.translate(
                "ImageFetch", "“{url}” is not an http or https address."
            ).format(url=_shown(url))
        )
    try:
        async with (
            httpx.AsyncClient(
                timeout=timeout,
                follow_redirects=True,
                transport=transport,
                headers={"User-Agent": _USER_AGENT, "Accept": "image/*,*/*;q=0.5"},
            ) as client,
            client.stream("GET", url.strip()) as response,
        ):
            if response.status_code != 200:
                raise FetchError(
                    QCoreApplication.translate(
                        "ImageFetch",
                        "Could not fetch the image at {url}: the server answered HTTP {status}. "
                        "Check the address, or send the URL as is.",
                    ).format(url=_shown(url), status=response.status_code)
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise _too_big(url, cap)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > cap:
                    raise _too_big(url, cap)
                chunks.append(chunk)
            return b"".join(chunks)
    except FetchError:
        raise
    except httpx.TimeoutException:
        raise FetchError(
            QCoreApplication.translate(
                "ImageFetch",
                "Fetching the image at {url} took too long. Try again, download it and attach "
                "the file, or send the URL as is.",
            ).format(url=_shown(url))
        ) from None
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:
        raise FetchError(
            QCoreApplication.translate(
                "ImageFetch",
                "Could not fetch the image at {url} ({reason}). Check the address and your "
                "connection, or send the URL as is.",
            ).format(url=_shown(url), reason=_reason(error))
        ) from None


def _reason(error: Exception) -> str:
    """What went wrong, in words (not an exception's class name)."""
    if isinstance(error, httpx.TooManyRedirects):
        return QCoreApplication.translate("ImageFetch", "too many redirects")
    if isinstance(error, httpx.ConnectError):
        return QCoreApplication.translate("ImageFetch", "the server could not be reached")
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError):
        return QCoreApplication.translate("ImageFetch", "the connection broke off")
    if isinstance(error, httpx.ProxyError):
        return QCoreApplication.translate("ImageFetch", "the proxy refused the connection")
    return QCoreApplication.translate("ImageFetch", "network error: {name}").format(
        name=type(error).__name__
    )


def _too_big(url: str, cap: int) -> FetchError:
    return FetchError(
        QCoreApplication.translate(
            "ImageFetch",
            "The image at {url} is larger than {limit} MB. Download it and attach the file, "
            "or send the URL as is.",
        ).format(url=_shown(url), limit=f"{cap / MB:.3g}")
    )
