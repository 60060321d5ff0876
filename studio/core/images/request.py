"""From the image form's values to an :class:`ImageGenerationRequest` (pure functions).

The wire parameters come from :func:`studio.config.image_models.request_params`; a parameter
the request dataclass has no field for (one a user added to the model table) travels in
``extra``, as does the free-form extra JSON, which is merged last.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from studio.api.images import ImageGenerationRequest

PARTIAL_IMAGES = 2
"""Previews asked for when a model streams partial images (each costs about 100 tokens)."""

_NOT_PARAMS = frozenset(
    {"model", "prompt", "extra", "stream", "partial_images", "user", "negative_prompt"}
)
REQUEST_FIELDS = frozenset(f.name for f in dataclasses.fields(ImageGenerationRequest)) - _NOT_PARAMS
"""Wire parameters that :class:`ImageGenerationRequest` has a field for."""

_INT_FIELDS = frozenset({"n", "seed", "output_compression"})


class ExtraJsonError(ValueError):
    """The extra-fields text is not a JSON object; ``detail`` says where it went wrong."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def parse_extra_json(text: str | None) -> dict[str, Any]:
    """The extra fields as a dict ({} for empty text); raises :class:`ExtraJsonError`."""
    if text is None or not text.strip():
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ExtraJsonError(str(exc)) from None
    if not isinstance(value, dict):
        raise ExtraJsonError('expected an object such as {"steps": 30}')
    return value


def build_request(
    model: str,
    prompt: str,
    params: Mapping[str, Any],
    *,
    negative_prompt: str | None = None,
    extra: Mapping[str, Any] | None = None,
    stream: bool = False,
) -> ImageGenerationRequest:
    """The request for ``params`` (wire names); streaming asks for :data:`PARTIAL_IMAGES`."""
    known: dict[str, Any] = {}
    others: dict[str, Any] = {}
    for name, value in params.items():
        if name in REQUEST_FIELDS:
            known[name] = _typed(name, value)
        else:
            others[name] = value
    others.update(extra or {})
    return ImageGenerationRequest(
        model=model,
        prompt=prompt,
        negative_prompt=negative_prompt or None,
        stream=stream,
        partial_images=PARTIAL_IMAGES if stream else None,
        extra=others,
        **known,
    )


def stored_params(
    wire: Mapping[str, Any],
    *,
    negative_prompt: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """What a job keeps (and Reuse fills in again): the wire parameters, plus
    ``negative_prompt`` and ``extra`` when given."""
    stored: dict[str, Any] = dict(wire)
    if negative_prompt:
        stored["negative_prompt"] = negative_prompt
    if extra:
        stored["extra"] = dict(extra)
    return stored


def request_from_stored(
    model: str, prompt: str, stored: Mapping[str, Any], *, stream: bool = False
) -> ImageGenerationRequest:
    """The request of a job from what it kept (:func:`stored_params`), e.g. to retry it."""
    params = dict(stored)
    negative = params.pop("negative_prompt", None)
    extra = params.pop("extra", None)
    return build_request(
        model,
        prompt,
        params,
        negative_prompt=negative if isinstance(negative, str) else None,
        extra=extra if isinstance(extra, dict) else None,
        stream=stream,
    )


def _typed(name: str, value: Any) -> Any:
    if name in _INT_FIELDS and isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return int(value)
    return value
