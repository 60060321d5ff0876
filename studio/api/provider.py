"""Provider settings as the service layer needs them, and base-URL normalisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

ProxyMode = Literal["system", "none", "explicit"]
ImageField = Literal["image", "image[]"]


class InvalidBaseUrl(ValueError):
    """The base URL cannot be used (no scheme, no host, unsupported scheme)."""


def normalize_base_url(raw: str) -> str:
    """Return the API root ending in ``/v1`` (or the given versioned path), no trailing slash.

    Accepts ``https://host``, ``https://host/``, ``https://host/v1``, ``https://host/v1/``,
    ``https://host/relay/v1`` and keeps any path prefix. A URL already ending in a version
    segment (``/v1``, ``/v1beta``, ``/api/v3``) is kept as is; otherwise ``/v1`` is added.
    Full endpoint URLs pasted by mistake (``…/v1/chat/completions``) are cut back to the root.
    """
    text = (raw or "").strip()
    if not text:
        raise InvalidBaseUrl("empty")
    if "://" not in text:
        raise InvalidBaseUrl(text)
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidBaseUrl(text)
    path = parts.path.rstrip("/")
    for suffix in (
        "/chat/completions",
        "/completions",
        "/images/generations",
        "/images/edits",
        "/models",
    ):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    last = path.rsplit("/", 1)[-1].lower()
    is_versioned = len(last) >= 2 and last[0] == "v" and last[1].isdigit()
    if not is_versioned:
        path = path + "/v1"
    return urlunsplit((parts.scheme.lower(), parts.netloc, path, "", ""))


@dataclass(frozen=True)
class Timeouts:
    """Seconds. ``read`` is the idle gap allowed between two stream events."""

    connect: float = 10.0
    read: float = 300.0
    image: float = 600.0


@dataclass(frozen=True)
class ProviderConfig:
    """Everything needed to talk to one relay. The key is passed in, never stored here.

    ``image_field`` is the multipart name for several edit images (``image[]`` or ``image``
    repeated); ``chat_image_models`` are the image models this relay serves through
    ``chat/completions`` (:meth:`~studio.api.client.ApiClient.chat_image_edit`).
    """

    base_url: str
    api_key: str = field(default="", repr=False)
    name: str = "relay"
    extra_headers: dict[str, str] = field(default_factory=dict, repr=False)
    image_field: ImageField = "image[]"
    chat_image_models: tuple[str, ...] = ()
    timeouts: Timeouts = field(default_factory=Timeouts)
    proxy_mode: ProxyMode = "system"
    proxy_url: str = ""
    max_image_download: int = 64 * 1024 * 1024

    @property
    def api_root(self) -> str:
        """The resolved API root, e.g. ``https://host/relay/v1``."""
        return normalize_base_url(self.base_url)

    def endpoint(self, path: str) -> str:
        """The full URL of ``path`` (such as ``chat/completions``) under the API root."""
        return f"{self.api_root}/{path.lstrip('/')}"
