"""The relay's model list (``GET /v1/models``), fetched in the background."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from studio.api.errors import ApiError
from studio.api.models import ModelInfo

log = logging.getLogger(__name__)


class ModelBackend(Protocol):
    """What the session needs from :class:`studio.api.client.ApiClient`."""

    async def list_models(self) -> Sequence[ModelInfo]:
        """The models the relay offers."""
        ...


class ModelListSession(QObject):
    """Fetches the model ids once per :meth:`refresh`; keeps the task handle.

    Signals:
        loaded(list): the model ids, in the relay's order.
        failed(str): a one-line message saying why the list could not be read.
        busy_changed(bool): a fetch started (True) or ended (False).
    """

    loaded = Signal(list)
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, backend: ModelBackend, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._task: asyncio.Task[None] | None = None
        self._models: list[str] = []
        self._busy = False

    @property
    def models(self) -> list[str]:
        """The ids from the last successful fetch."""
        return list(self._models)

    @property
    def task(self) -> asyncio.Task[None] | None:
        """The running (or last) fetch."""
        return self._task

    @property
    def busy(self) -> bool:
        """True while a fetch is running."""
        return self._busy

    def refresh(self) -> None:
        """Fetch the list again (ignored while a fetch is running)."""
        if self.busy:
            return
        self._task = asyncio.get_running_loop().create_task(self._fetch())
        self._set_busy(True)

    def cancel(self) -> None:
        """Abandon a running fetch."""
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def _fetch(self) -> None:
        try:
            found = await self._backend.list_models()
        except asyncio.CancelledError:
            self._set_busy(False)
            raise
        except ApiError as error:
            self._set_busy(False)
            self.failed.emit(error.message)
            return
        except Exception as error:  # a bug: keep the app usable with the fallback names
            log.exception("listing models failed")
            self._set_busy(False)
            self.failed.emit(f"{type(error).__name__}: {error}")
            return
        self._models = [m.id for m in found if m.id]
        self._set_busy(False)
        self.loaded.emit(self.models)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)
