"""The image studio's session objects: :class:`ImageStudioSession` and :class:`ImageJob`.

Widgets import everything they need from here (the store's records included), since the
ui layer may not import ``studio.store``.
"""

from studio.config.image_models import ImageModelSpec, ParamSpec, request_params, spec_for
from studio.session.images.job import CANCELLED, DONE, FAILED, QUEUED, RUNNING, ImageJob
from studio.session.images.session import ImageStudioSession
from studio.store.gallery import GalleryItem, JobRecord

__all__ = [
    "CANCELLED",
    "DONE",
    "FAILED",
    "QUEUED",
    "RUNNING",
    "GalleryItem",
    "ImageJob",
    "ImageModelSpec",
    "ImageStudioSession",
    "JobRecord",
    "ParamSpec",
    "request_params",
    "spec_for",
]
