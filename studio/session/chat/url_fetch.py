"""Temporary re-export of :mod:`studio.api.urlfetch`, for ``studio/cli/chat.py`` only.

Fetching image addresses moved into the service layer (``studio.api.urlfetch``), where it uses
the provider's pooled HTTP client. ``studio/cli/chat.py`` still imports these names from here;
once it imports them from ``studio.api.urlfetch`` (another change, by whoever reworks the
command line) this module is to be deleted. Nothing else may import it.
"""

from __future__ import annotations

from studio.api.urlfetch import (
    FETCH_TIMEOUT,
    IMAGE_EXTENSIONS,
    MAX_FETCH_BYTES,
    FetchError,
    fetch_image,
    is_web_url,
    looks_like_image_url,
    url_file_name,
)

__all__ = [
    "FETCH_TIMEOUT",
    "IMAGE_EXTENSIONS",
    "MAX_FETCH_BYTES",
    "FetchError",
    "fetch_image",
    "is_web_url",
    "looks_like_image_url",
    "url_file_name",
]
