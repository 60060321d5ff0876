"""From the image form to a job ready to record: checks, stored parameters and the request.

:func:`prepare_generation` is what the Images page's Generate button does before anything is
recorded or sent. A form that cannot become a job raises :class:`FormRefused` with a
:class:`~studio.core.images.events.Problem` (codes below); the caller puts it into words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from studio.api.images import ImageGenerationRequest
from studio.config.image_models import ImageModelSpec, request_params, size_refused
from studio.core.images.events import Problem
from studio.core.images.request import (
    ExtraJsonError,
    build_request,
    parse_extra_json,
    stored_params,
)

EMPTY_PROMPT = "empty_prompt"
"""The prompt is empty. No data."""
BAD_EXTRA_JSON = "bad_extra_json"
"""The extra fields are not a JSON object. data: ``detail`` (where it went wrong)."""
SIZE_REFUSED = "size_refused"
"""The model's size rules refuse the size. data: ``model``, ``width``, ``height``,
``problem`` (a :class:`~studio.config.image_sizes.SizeProblem`) and ``rules``."""


class FormRefused(ValueError):
    """The form cannot become a job; :attr:`problem` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


@dataclass(frozen=True)
class PreparedJob:
    """A job ready to record and run: ``params`` are what the gallery keeps."""

    model: str
    prompt: str
    params: dict[str, Any]
    request: ImageGenerationRequest


def prepare_generation(
    spec: ImageModelSpec,
    model: str,
    prompt: str,
    values: Mapping[str, Any],
    negative_prompt: str | None = None,
    extra_json: str | None = None,
) -> PreparedJob:
    """The job for the form's ``values`` (by wire name) on the model ``spec`` describes.

    Only what the model takes is sent; the negative prompt only to models that take one;
    ``extra_json`` (a JSON object) is merged into the request last. Partial previews are
    asked for when the model streams them and one image is wanted. Raises
    :class:`FormRefused` (the prompt first, then the extra JSON, then the size).
    """
    text = prompt.strip()
    if not text:
        raise FormRefused(Problem(EMPTY_PROMPT))
    try:
        extra = parse_extra_json(extra_json)
    except ExtraJsonError as exc:
        raise FormRefused(Problem(BAD_EXTRA_JSON, {"detail": exc.detail})) from None
    model = model.strip()
    wire = request_params(spec, values)
    refused = size_refused(spec, wire)
    if refused is not None:
        problem, rules, width, height = refused
        data = {"model": model, "width": width, "height": height, "problem": problem}
        raise FormRefused(Problem(SIZE_REFUSED, {**data, "rules": rules}))
    negative = (negative_prompt or "").strip() if spec.takes_negative_prompt else ""
    stream = spec.streams_partials and int(wire.get("n", 1)) == 1
    request = build_request(
        model, text, wire, negative_prompt=negative or None, extra=extra, stream=stream
    )
    return PreparedJob(
        model, text, stored_params(wire, negative_prompt=negative, extra=extra), request
    )
