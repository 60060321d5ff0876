"""From a session's draft to the wire: the parameters an edit takes and its request.

Only the parameters the model's edit capability names are sent
(:func:`studio.config.image_models.edit_request_params`, the one owner of that rule); a
parameter :class:`ImageEditRequest` has no field for travels in ``extra``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from studio.api.images import ImageEditRequest, InputImage
from studio.config.image_models import ImageModelSpec, edit_request_params
from studio.core.images.request import PARTIAL_IMAGES

_NOT_PARAMS = frozenset(
    {"model", "prompt", "images", "mask", "extra", "stream", "partial_images", "user"}
)
EDIT_FIELDS = frozenset(f.name for f in dataclasses.fields(ImageEditRequest)) - _NOT_PARAMS
"""Wire parameters that :class:`ImageEditRequest` has a field for."""

_INT_FIELDS = frozenset({"n", "seed"})


def wire_params(spec: ImageModelSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters to send for ``values`` (the session's draft): the edit's only."""
    return edit_request_params(spec, values)


def edit_request(
    model: str,
    prompt: str,
    images: Sequence[InputImage],
    mask: InputImage | None,
    params: Mapping[str, Any],
    *,
    stream: bool = False,
) -> ImageEditRequest:
    """The multipart request: ``images`` in tray order, ``mask`` (None: no part), ``params``
    (wire names); streaming asks for previews."""
    known: dict[str, Any] = {}
    others: dict[str, Any] = {}
    for name, value in params.items():
        if name in EDIT_FIELDS:
            known[name] = _typed(name, value)
        else:
            others[name] = value
    # ``n`` only when the edit takes it: None is not sent (the field's type says int only).
    count: Any = known.pop("n", None)
    return ImageEditRequest(
        model=model,
        prompt=prompt,
        images=tuple(images),
        mask=mask,
        n=count,
        stream=stream,
        partial_images=PARTIAL_IMAGES if stream else None,
        extra=others,
        **known,
    )


def _typed(name: str, value: Any) -> Any:
    if name in _INT_FIELDS and isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return int(value)
    return value
