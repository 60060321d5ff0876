"""studio.core.images exports what its docstrings describe, and its events are frozen."""

from __future__ import annotations

import dataclasses

import pytest

import studio.core.images as core_images

EVENTS = (
    "JobStarted",
    "PreviewArrived",
    "ImageArrived",
    "ItemSaved",
    "UsageReported",
    "GalleryUnavailable",
    "JobFailed",
    "JobFinished",
)
CODES = (
    "API_ERROR",
    "SAVE_FAILED",
    "UNEXPECTED",
    "IMAGES_UNREADABLE",
    "NOT_RECORDED",
    "EMPTY_PROMPT",
    "BAD_EXTRA_JSON",
    "SIZE_REFUSED",
)
STATES = ("QUEUED", "RUNNING", "DONE", "FAILED", "CANCELLED", "FINISHED_STATES")
OTHERS = (
    "ImageJobRun",
    "JobRow",
    "ImageJobEvent",
    "ImageRequest",
    "Describe",
    "Problem",
    "english",
    "build_request",
    "parse_extra_json",
    "ExtraJsonError",
    "stored_params",
    "request_from_stored",
    "prepare_generation",
    "PreparedJob",
    "FormRefused",
    "PARTIAL_IMAGES",
    "REQUEST_FIELDS",
)


def test_the_public_names_are_the_documented_ones() -> None:
    assert sorted(core_images.__all__) == sorted((*EVENTS, *CODES, *STATES, *OTHERS))
    for name in core_images.__all__:
        assert hasattr(core_images, name), name


@pytest.mark.parametrize("name", (*EVENTS, "Problem", "PreparedJob"))
def test_events_are_frozen_dataclasses(name: str) -> None:
    kind = getattr(core_images, name)
    assert dataclasses.is_dataclass(kind)
    assert kind.__dataclass_params__.frozen  # type: ignore[attr-defined]
