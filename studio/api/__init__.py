"""The async service layer: chat, models and images over httpx. No Qt, no SQLite.

The names below are its public surface; the modules behind them are private to it (other
packages import these names, from here or from the module that defines them, and nothing
else: ``tests/unit/test_public_names.py`` checks it against ``ARCHITECTURE.md``).
"""

from typing import TYPE_CHECKING

from studio._lazy import lazy_names

if TYPE_CHECKING:
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

__getattr__ = lazy_names(
    __name__,
    {
        "ApiClient": "studio.api.client",
        "ApiError": "studio.api.errors",
        "BadRequestError": "studio.api.errors",
        "ChatRequest": "studio.api.chat",
        "Detail": "studio.api.chat",
        "FetchError": "studio.api.urlfetch",
        "GeneratedImage": "studio.api.images",
        "HttpSession": "studio.api.http",
        "ImageEditRequest": "studio.api.images",
        "ImageFieldRejectedError": "studio.api.errors",
        "ImageGenerationRequest": "studio.api.images",
        "ImageResult": "studio.api.images",
        "IncompleteAnswerError": "studio.api.errors",
        "InputImage": "studio.api.images",
        "InvalidBaseUrl": "studio.api.provider",
        "ModelInfo": "studio.api.models",
        "PartialImage": "studio.api.images",
        "ProviderConfig": "studio.api.provider",
        "RequestTooLargeError": "studio.api.errors",
        "Timeouts": "studio.api.provider",
        "events": "studio.api",
        "fetch_image": "studio.api.urlfetch",
        "image_part": "studio.api.chat",
        "is_web_url": "studio.api.urlfetch",
        "json_schema_format": "studio.api.chat",
        "looks_like_image_url": "studio.api.urlfetch",
        "normalize_base_url": "studio.api.provider",
        "phrases": "studio.api",
        "redact": "studio.api.errors",
        "text_part": "studio.api.chat",
        "url_file_name": "studio.api.urlfetch",
        "user_message": "studio.api.chat",
    },
)
