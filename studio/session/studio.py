"""The object graph below the window, built in one place: :func:`build_studio`.

The app, the tests, ``tools/`` and ``benches/`` all call :func:`build_studio` with a database
and an API client and get a :class:`Studio`: the stores, the client in use, the sessions and
the live settings. Nothing else constructs these objects together, so a new session (the
editing studio, say) is added here once and every window built anywhere has it.

Settings changes reach the objects that care through :class:`LiveSettings`' signals:
``Studio.use(...)`` swaps the client and the relay, and the window, the pages and the app
connect to ``settings_changed``, ``relay_changed`` and ``problem`` (no closures over dicts).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from studio.api.client import ApiClient
from studio.api.models import ModelInfo
from studio.config.image_models import ImageModelSpec, load_image_models
from studio.config.settings import Settings
from studio.core.edit import EditSessions
from studio.session.chat import ChatManager, ToolRegistry
from studio.session.edit import EditLibrary
from studio.session.images import ImageStudioSession
from studio.session.models import ModelListSession
from studio.session.relay_info import RelayInfo
from studio.session.settings_editor import ModelPrice, model_price
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.edits import EditStore
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore
from studio.store.messages import MessageStore

__all__ = ["ClientHolder", "LiveSettings", "Studio", "build_studio"]


class ClientHolder:
    """The API client in use; replaced when the settings change (old ones closed at exit).

    Sessions ask for the client on every request (``current``), and the model list uses the
    holder itself as its backend, so a provider change takes effect on the next request.
    """

    def __init__(self, client: ApiClient) -> None:
        self.current = client
        self._retired: list[ApiClient] = []

    def replace(self, client: ApiClient) -> None:
        """Use ``client`` from now on; the old one may still finish a running answer."""
        if client is self.current:
            return
        self._retired.append(self.current)
        self.current = client

    async def list_models(self) -> list[ModelInfo]:
        """The model list of the relay in use."""
        return await self.current.list_models()

    async def aclose(self) -> None:
        """Close every client made."""
        for client in [*self._retired, self.current]:
            with contextlib.suppress(Exception):
                await client.aclose()


class LiveSettings(QObject):
    """The settings in use and the relay they chose; says when either changes.

    Signals:
        settings_changed(Settings): saved settings are now in use (theme, send key, prices).
        relay_changed(RelayInfo): the relay in use changed (name, endpoint, models); prices
            and vision models may have changed with it.
        problem(str): the new settings cannot be used as they are (one sentence to show).
    """

    settings_changed = Signal(object)
    relay_changed = Signal(object)
    problem = Signal(str)

    def __init__(
        self,
        settings: Settings,
        relay: RelayInfo,
        *,
        provider_id: str = "",
        vision_models: Sequence[str] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._relay = relay
        self._provider_id = provider_id
        self._vision_models = tuple(vision_models)

    @property
    def settings(self) -> Settings:
        """The settings in use."""
        return self._settings

    @property
    def relay(self) -> RelayInfo:
        """The relay in use, as the status bar and the model pickers show it."""
        return self._relay

    @property
    def provider_id(self) -> str:
        """The id of the provider in use ('' for a relay given on the command line)."""
        return self._provider_id

    @property
    def vision_models(self) -> tuple[str, ...]:
        """Models the provider says read images (beyond the built-in guesses)."""
        return self._vision_models

    @property
    def send_on_enter(self) -> bool:
        """Whether Enter sends (else Ctrl+Enter)."""
        return self._settings.send_key == "enter"

    def price_of(self, model: str) -> ModelPrice | None:
        """The price the user set for ``model`` on the provider in use, if any."""
        return model_price(self._settings, self._provider_id, model)

    def apply(
        self,
        settings: Settings,
        relay: RelayInfo,
        *,
        provider_id: str,
        vision_models: Sequence[str],
        problem: str = "",
    ) -> None:
        """Use new settings and relay; emits the signals in the order listed above."""
        self._settings = settings
        self._relay = relay
        self._provider_id = provider_id
        self._vision_models = tuple(vision_models)
        self.settings_changed.emit(settings)
        self.relay_changed.emit(relay)
        if problem:
            self.problem.emit(problem)


class Studio:
    """Everything below the window: stores, the client in use, sessions, live settings.

    Built by :func:`build_studio`; the caller owns the database (closes it after
    :meth:`aclose`).
    """

    def __init__(
        self,
        database: Database,
        images: ImageStore,
        holder: ClientHolder,
        live: LiveSettings,
        chats: ChatManager,
        models: ModelListSession,
        image_studio: ImageStudioSession,
        edits: EditLibrary,
    ) -> None:
        self.database = database
        self.images = images
        self.holder = holder
        self.live = live
        self.chats = chats
        self.models = models
        self.image_studio = image_studio
        self.edits = edits

    @property
    def client(self) -> ApiClient:
        """The API client in use."""
        return self.holder.current

    def use(
        self,
        client: ApiClient,
        settings: Settings,
        relay: RelayInfo,
        *,
        provider_id: str,
        vision_models: Sequence[str] = (),
        image_jobs: int | None = None,
        problem: str = "",
    ) -> None:
        """Switch to new settings: the next request uses ``client``; the model list is
        fetched again unless ``problem`` says the relay cannot be used."""
        self.holder.replace(client)
        if image_jobs is not None:
            self.image_studio.set_max_concurrent(image_jobs)
        self.live.apply(
            settings, relay, provider_id=provider_id, vision_models=vision_models, problem=problem
        )
        if not problem:
            self.models.refresh()

    async def aclose(self) -> None:
        """Stop everything running (pictures being saved are finished, streams saved as
        interrupted) and close the clients; the database stays open for the caller."""
        await self.image_studio.aclose()
        await self.edits.aclose()
        self.models.cancel()
        with contextlib.suppress(Exception):
            await self.chats.aclose()
        task = self.models.task
        if task is not None and not task.done():
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.holder.aclose()


def build_studio(
    database: Database,
    images_root: Path,
    client: ApiClient,
    relay: RelayInfo,
    *,
    settings: Settings | None = None,
    provider_id: str = "",
    vision_models: Sequence[str] = (),
    image_models: Sequence[ImageModelSpec] | None = None,
    image_jobs: int = 2,
    tools: ToolRegistry | None = None,
    recover_interrupted: bool = True,
    clock: Callable[[], float] = time.time,
) -> Studio:
    """Build the stores and sessions on ``database`` (pictures under ``images_root``).

    ``recover_interrupted`` is false when another Studio process uses the same data folder
    (its running answers and jobs are not a crash's). ``clock`` (wall time) is for tests of
    the image studio's dates.
    """
    holder = ClientHolder(client)
    images = ImageStore(images_root, database)
    gallery = GalleryStore(database, images)
    specs = image_models if image_models is not None else load_image_models()
    chats = ChatManager(
        ConversationStore(database),
        MessageStore(database),
        lambda: holder.current,
        tools if tools is not None else ToolRegistry(),
        images=images,
        recover_interrupted=recover_interrupted,
    )
    image_studio = ImageStudioSession(
        gallery,
        lambda: holder.current,
        specs,
        max_concurrent=image_jobs,
        recover_interrupted=recover_interrupted,
        clock=clock,
    )
    live = LiveSettings(
        settings if settings is not None else Settings(),
        relay,
        provider_id=provider_id,
        vision_models=vision_models,
    )
    edits = EditLibrary(
        EditSessions(EditStore(database, images, clock=clock), gallery),
        specs,
        lambda: holder.current,
        prices=live.price_of,
        recover_interrupted=recover_interrupted,
    )
    edits.gallery_changed.connect(image_studio.gallery_changed)
    return Studio(
        database, images, holder, live, chats, ModelListSession(holder), image_studio, edits
    )
