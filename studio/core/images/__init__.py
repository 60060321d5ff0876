"""The image workflows without Qt: one job (generate or edit), its events, request building.

:class:`ImageJobRun` runs one job and yields the events of :mod:`.events`; :class:`JobRow`
is the job's gallery row; :func:`build_request` turns form values into a request.
"""

from studio.core.images.events import (
    API_ERROR,
    CANCELLED,
    DONE,
    FAILED,
    FINISHED_STATES,
    IMAGES_UNREADABLE,
    NOT_RECORDED,
    QUEUED,
    RUNNING,
    SAVE_FAILED,
    UNEXPECTED,
    GalleryUnavailable,
    ImageArrived,
    ImageJobEvent,
    ItemSaved,
    JobFailed,
    JobFinished,
    JobStarted,
    PreviewArrived,
    Problem,
    UsageReported,
    english,
)
from studio.core.images.job import Describe, ImageJobRun, ImageRequest
from studio.core.images.request import (
    PARTIAL_IMAGES,
    REQUEST_FIELDS,
    ExtraJsonError,
    build_request,
    parse_extra_json,
    request_from_stored,
    stored_params,
)
from studio.core.images.row import JobRow

__all__ = [
    "API_ERROR",
    "CANCELLED",
    "DONE",
    "FAILED",
    "FINISHED_STATES",
    "IMAGES_UNREADABLE",
    "NOT_RECORDED",
    "PARTIAL_IMAGES",
    "QUEUED",
    "REQUEST_FIELDS",
    "RUNNING",
    "SAVE_FAILED",
    "UNEXPECTED",
    "Describe",
    "ExtraJsonError",
    "GalleryUnavailable",
    "ImageArrived",
    "ImageJobEvent",
    "ImageJobRun",
    "ImageRequest",
    "ItemSaved",
    "JobFailed",
    "JobFinished",
    "JobRow",
    "JobStarted",
    "PreviewArrived",
    "Problem",
    "UsageReported",
    "build_request",
    "english",
    "parse_extra_json",
    "request_from_stored",
    "stored_params",
]
