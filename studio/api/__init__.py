"""The async service layer: chat, models and images over httpx. No Qt, no SQLite.

The names below are its public surface; the modules behind them are private to it (other
packages import these names, from here or from the module that defines them, and nothing
else: ``tests/unit/test_public_names.py`` checks it against ``ARCHITECTURE.md``).
"""

from studio.api import events, phrases
from studio.api.chat import (
    ChatRequest,
    Detail,
    image_part,
    json_schema_format,
    text_part,
    user_message,
)
from studio.api.client import ApiClient
from studio.api.errors import (
    ApiError,
    BadRequestError,
    ImageFieldRejectedError,
    IncompleteAnswerError,
    RequestTooLargeError,
    redact,
)
from studio.api.http import HttpSession
from studio.api.images import (
    GeneratedImage,
    ImageEditRequest,
    ImageGenerationRequest,
    ImageResult,
    InputImage,
    PartialImage,
)
from studio.api.models import ModelInfo
from studio.api.provider import InvalidBaseUrl, ProviderConfig, Timeouts, normalize_base_url
from studio.api.urlfetch import (
    FetchError,
    fetch_image,
    is_web_url,
    looks_like_image_url,
    url_file_name,
)

__all__ = [
    "ApiClient",
    "ApiError",
    "BadRequestError",
    "ChatRequest",
    "Detail",
    "FetchError",
    "GeneratedImage",
    "HttpSession",
    "ImageEditRequest",
    "ImageFieldRejectedError",
    "ImageGenerationRequest",
    "ImageResult",
    "IncompleteAnswerError",
    "InputImage",
    "InvalidBaseUrl",
    "ModelInfo",
    "PartialImage",
    "ProviderConfig",
    "RequestTooLargeError",
    "Timeouts",
    "events",
    "fetch_image",
    "image_part",
    "is_web_url",
    "json_schema_format",
    "looks_like_image_url",
    "normalize_base_url",
    "phrases",
    "redact",
    "text_part",
    "url_file_name",
    "user_message",
]
