"""The Images page: prompt and parameters, jobs, the gallery and the picture viewer.

:class:`ImagesPage` is the page; :class:`ImageViewerDialog` the viewer it opens. See
:mod:`studio.ui.images.page` for how to wire the page into the main window.
"""

from studio.ui.images.page import ImagesPage
from studio.ui.images.viewer import ImageViewerDialog

__all__ = ["ImageViewerDialog", "ImagesPage"]
