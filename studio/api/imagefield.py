"""Which multipart name the edit images go under, and telling a relay's "wrong image field"
answer apart from other 400s (images.md §1.3).

Relays disagree on the name of several image parts: the official SDK sends ``image[]``, many
relays want ``image`` repeated (chatgpt2api #18, new-api #1159). A relay that wants the other
form answers 400 or 422 with words about the field, such as OpenAI's ``Unknown parameter:
'image[]'.`` or ``Missing required parameter: 'image'.``, FastAPI's ``{"detail": [{"type":
"missing", "loc": ["body", "image"], …}]}``, ``image file is required`` or a Go validator's
``Field validation for 'Image' failed on the 'required' tag``. :func:`complains_about_field`
recognises those (and never a complaint about the image's content, size or mask, or a
moderation refusal), so the caller may retry once with :func:`other_field`.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from studio.api import errors as E
from studio.api import phrases

ImageField = Literal["image", "image[]"]

_Q = r"""\\?['"`‘’“”]?"""
_F = rf"{_Q}image(?:\[\])?{_Q}"
_WORDS = re.compile(
    "|".join(
        (
            rf"unknown\s+(?:parameter|field|argument|key)s?\s*:?\s*{_F}",
            rf"missing\s+required\s+(?:parameter|field|argument)s?\s*:?\s*{_F}",
            rf"invalid\s+type\s+for\s*{_F}",
            rf"(?<![\w.-]){_F}\s+(?:files?\s+|field\s+|parameter\s+)?(?:is|are)\s+required",
            rf"\b(?:no|missing)\s+{_F}\s+(?:files?|parts?|fields?)\b",
            rf"field\s+validation\s+for\s*{_F}",
            rf"缺少\s*{_F}",
            rf"{_F}\s*(?:字段|参数)?\s*(?:不能为空|为必填|是必填)",
        )
    ),
    re.IGNORECASE,
)
_FIELD_CODES = frozenset(
    {
        "unknown_parameter",
        "missing_required_parameter",
        "invalid_type",
        "missing",
        "required",
        "unknown_field",
    }
)
_NAMES = ("image", "image[]")


def part_name(count: int, provider_field: str, override: str | None = None) -> str:
    """The name of the image parts of an edit with ``count`` images.

    ``override`` (a per-call form) names every part, even a single one. Without it one image
    goes in ``image`` and several in the provider's form ``provider_field``.
    """
    if override is not None:
        return override
    return "image" if count == 1 else provider_field


def other_field(field: str) -> ImageField:
    """The form to try after ``field`` was refused: ``image`` ↔ ``image[]``."""
    return "image" if field == "image[]" else "image[]"


def complains_about_field(error: E.ApiError) -> bool:
    """True when a 400/422 answer says the image parts were sent under the wrong name."""
    if not isinstance(error, E.BadRequestError) or error.status not in (400, 422):
        return False
    if error.code in ("moderation_blocked", "content_policy_violation"):
        return False
    words = " ".join(filter(None, (error.server_message, error.details)))
    if _WORDS.search(words):
        return True
    return _structured(error.details)


def _structured(details: str) -> bool:
    """The error JSON names the field: OpenAI's ``param`` or FastAPI's ``loc``."""
    _, _, body = details.partition("\n")
    obj = E.parse_json_object(body.strip())
    if obj is None:
        return False
    err = obj.get("error")
    if isinstance(err, dict) and err.get("param") in _NAMES:
        code = err.get("code")
        if isinstance(code, str) and code.lower() in _FIELD_CODES:
            return True
    detail = obj.get("detail")
    if isinstance(detail, list):
        return any(_fastapi_missing(item) for item in detail)
    return False


def _fastapi_missing(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    loc = item.get("loc")
    if not isinstance(loc, list) or not loc or loc[-1] not in _NAMES:
        return False
    kind = str(item.get("type") or "").lower()
    message = str(item.get("msg") or "").lower()
    return kind in ("missing", "value_error.missing") or "required" in message


def rejected(error: E.ApiError, field: str, language: str) -> E.ImageFieldRejectedError:
    """``error`` as an :class:`~studio.api.errors.ImageFieldRejectedError` for ``field``."""
    server = error.server_message or _short(error.details)
    message = phrases.text("image_field_rejected", language, field=field, server=server)
    return E.ImageFieldRejectedError(
        message,
        field=field,
        status=error.status,
        server_message=error.server_message,
        request_id=error.request_id,
        code=error.code,
        error_type=error.error_type,
        details=error.details,
    )


def _short(details: str) -> str:
    _, _, body = details.partition("\n")
    text = " ".join(body.split())
    try:
        text = json.dumps(json.loads(body), ensure_ascii=False)
    except (ValueError, RecursionError):
        pass
    return text[:200] or "HTTP 400"
