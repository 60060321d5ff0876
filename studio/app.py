"""The window's composition root: builds the application, its services and the window.

:func:`run_gui` creates the ``QApplication`` and one qasync event loop (the asyncio loop
*is* the Qt loop), installs the error reporter, loads the translations, decides which relay
to use (starting the built-in demo relay when asked to, or when nothing usable is
configured), builds the API client, the stores and sessions (with
:func:`studio.session.studio.build_studio`, the one factory the tests, ``tools/`` and
``benches/`` use too) and the main window, and runs until the window closes. A saved
settings change becomes one ``Studio.use(...)`` call; the window follows its signals.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QLocale, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from studio.api import phrases
from studio.api.client import ApiClient
from studio.api.provider import InvalidBaseUrl, ProviderConfig
from studio.config.image_models import load_image_models, user_models_file
from studio.config.paths import DataPaths
from studio.config.resolve import resolve_provider
from studio.config.secrets import SecretStore
from studio.config.settings import Settings, SettingsStore
from studio.core.language import choose_language
from studio.core.relay import (
    DEMO_MODELS,
    RelayChoice,
    choose_relay,
    remember_image_field,
    settings_config,
)
from studio.demo import DemoRelay, env_token_rate
from studio.i18n import install_translators
from studio.session.error_reporter import ErrorReporter, configure_logging
from studio.session.event_loop import (
    async_generator_hooks,
    close_async_generators,
    create_event_loop,
)
from studio.session.relay_info import RelayInfo
from studio.session.settings_editor import SettingsSession
from studio.session.studio import build_studio
from studio.store.cleanup import StartupCleanup
from studio.store.database import Database
from studio.store.presence import Presence, others_present
from studio.ui.main_window import MainWindow
from studio.ui.settings import SettingsDialog
from studio.ui.theme import apply_theme

log = logging.getLogger("studio.app")

ORGANIZATION = "Studio"
APPLICATION = "Studio"
DEMO_NAME = "Demo relay"


class DemoRelays:
    """Starts the built-in demo relay the first time it is needed; stops it at exit.

    It streams at its realistic pace unless ``STUDIO_DEMO_TOKEN_RATE`` asks for another rate.
    """

    def __init__(self) -> None:
        self.relay: DemoRelay | None = None

    def url(self) -> str:
        """The demo relay's base URL (starting it if needed)."""
        if self.relay is None:
            self.relay = DemoRelay(token_rate=env_token_rate(os.environ))
            self.relay.start()
        return self.relay.base_url

    def stop(self) -> None:
        """Stop the relay if it was started."""
        if self.relay is not None:
            self.relay.stop()
            self.relay = None


def run_gui(
    *, demo: bool = False, base_url: str | None = None, argv: list[str] | None = None
) -> int:
    """Run the desktop app until its window closes; returns the exit status."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(sys.argv if argv is None else argv))
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setQuitOnLastWindowClosed(False)  # the loop below decides when to stop

    paths = DataPaths.from_env().ensure()
    settings = SettingsStore(paths.settings_file).load()
    secrets = SecretStore(paths.secrets_file)
    resolved = resolve_provider(settings, secrets, os.environ, base_url)
    choice = choose_relay(resolved, demo=demo, base_url=base_url)
    handler = configure_logging(paths.logs, (resolved.api_key,) if resolved.api_key else ())

    language = choose_language(settings.language, os.environ, QLocale.system().name())
    translators = install_translators(app, language)
    apply_theme(app, settings.theme)

    loop = create_event_loop(app)
    reporter = ErrorReporter((resolved.api_key,) if resolved.api_key else ())
    reporter.install(loop)
    relays = DemoRelays()
    try:
        relay_url = relays.url() if choice.use_demo else choice.provider.base_url
        context = _Context(app, paths, secrets, relays, language, reporter, demo, base_url)
        with loop, async_generator_hooks(loop) as live_generators:
            status = loop.run_until_complete(_serve(context, settings, choice, relay_url))
            loop.run_until_complete(close_async_generators(live_generators))
        return int(status)
    finally:
        reporter.uninstall()
        relays.stop()
        for translator in translators:
            app.removeTranslator(translator)
        logging.getLogger("studio").removeHandler(handler)
        handler.close()


@dataclass
class _Context:
    """What the running app keeps between start-up and a settings change."""

    app: QApplication
    paths: DataPaths
    secrets: SecretStore
    relays: DemoRelays
    language: str
    reporter: ErrorReporter
    demo: bool
    base_url: str | None


def _connection(choice: RelayChoice, endpoint: str) -> RelayInfo:
    provider = choice.provider
    fallback = DEMO_MODELS if choice.use_demo else tuple(provider.models)
    return RelayInfo(
        provider_name=DEMO_NAME if choice.use_demo else provider.name,
        endpoint=endpoint,
        is_demo=choice.use_demo,
        default_model=(fallback[0] if choice.use_demo else provider.default_model),
        fallback_models=fallback,
    )


def _endpoint(config: ProviderConfig, relay_url: str, language: str) -> tuple[str, str]:
    """The resolved endpoint, and an error sentence when the base URL is unusable."""
    try:
        return config.api_root, ""
    except InvalidBaseUrl as error:
        return relay_url, phrases.text("bad_url", language, url=str(error) or relay_url)


async def _serve(ctx: _Context, settings: Settings, choice: RelayChoice, relay_url: str) -> int:
    app, language = ctx.app, ctx.language
    config = settings_config(choice.provider, choice.api_key, relay_url)
    endpoint, bad_url = _endpoint(config, relay_url, language)
    database = Database(ctx.paths.database)
    # What another window or a `studio chat` in a terminal is streaming is not a crash's.
    presence = Presence(ctx.paths.root, "app")
    alone = not others_present(ctx.paths.root, presence)
    if not alone:
        log.info("another Studio process uses this data folder: running answers left alone")
    connection = _connection(choice, endpoint)
    studio = build_studio(
        database,
        ctx.paths.images,
        ApiClient(config, language=language),
        connection,
        settings=settings,
        provider_id=choice.provider.id,
        vision_models=choice.provider.vision_models,
        image_models=load_image_models(user_models_file(ctx.paths.root)),
        image_jobs=choice.provider.image_jobs,
        recover_interrupted=alone,
    )
    window_settings = QSettings(str(ctx.paths.root / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(studio, window_settings)
    ctx.reporter.reported.connect(window.show_error_report)
    studio.live.settings_changed.connect(lambda saved: apply_theme(app, saved.theme))
    if settings.theme == "system":
        # Re-tint the style sheet when the system switches between light and dark.
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))

    def on_saved(saved: Settings) -> None:
        resolved = resolve_provider(saved, ctx.secrets, os.environ, ctx.base_url)
        new_choice = choose_relay(resolved, demo=ctx.demo, base_url=ctx.base_url)
        url = ctx.relays.url() if new_choice.use_demo else new_choice.provider.base_url
        new_config = settings_config(new_choice.provider, new_choice.api_key, url)
        new_endpoint, problem = _endpoint(new_config, url, language)
        studio.use(
            ApiClient(new_config, language=language),
            saved,
            _connection(new_choice, new_endpoint),
            provider_id=new_choice.provider.id,
            vision_models=new_choice.provider.vision_models,
            image_jobs=new_choice.provider.image_jobs,
            problem=problem,
        )

    def on_field_learned(field: str) -> None:
        # A relay took the other image field form: keep it for the provider in use.
        store = SettingsStore(ctx.paths.settings_file)
        saved = store.load()
        if remember_image_field(saved, studio.live.provider_id, field):
            store.save(saved)
            on_saved(saved)

    studio.edits.field_learned.connect(on_field_learned)

    def open_settings() -> None:
        session = SettingsSession(
            SettingsStore(ctx.paths.settings_file),
            ctx.secrets,
            studio.live.settings,
            language=language,
            demo_base_url=ctx.relays.url() if ctx.relays.relay is not None else None,
            parent=window,
        )
        session.saved.connect(on_saved)
        relay = studio.live.relay
        models = [*studio.models.models, relay.default_model, *relay.fallback_models]
        assistants = studio.chats.assistants.editor()
        dialog = SettingsDialog(session, window, assistants=assistants, models=models)
        assistants.setParent(dialog)  # the working copy goes with the dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    window.settings_requested.connect(open_settings)
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    # The CLI never runs it; with another Studio running, its unsent drafts are kept.
    cleanup = StartupCleanup(ctx.paths.database, ctx.paths.images, orphans=alone)
    with _close_on_interrupt(window.close):
        window.show()
        window.raise_()
        window.activateWindow()
        if bad_url:
            window.show_error_report(bad_url, bad_url)
        else:
            studio.models.refresh()
        log.info(
            "started: %s at %s (demo: %s)", connection.provider_name, endpoint, choice.use_demo
        )
        cleanup.start()  # a second later, images nothing refers to go (a worker thread)
        await closed.wait()
    await studio.image_studio.aclose()  # a picture being saved is finished first
    await cleanup.aclose()
    window.shutdown()  # stops thumbnail decoding
    await studio.aclose()  # stops streams; what arrived is saved as interrupted
    database.close()
    presence.close()
    return 0


@contextlib.contextmanager
def _close_on_interrupt(close: Callable[[], object]) -> Iterator[None]:
    """Ctrl+C in the terminal closes the window (and so quits cleanly).

    Python only runs signal handlers between bytecodes, which never happens while Qt waits
    in C++; a do-nothing timer gives it the chance every half second.
    """
    previous = signal.getsignal(signal.SIGINT)
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(500)
    signal.signal(signal.SIGINT, lambda _signum, _frame: close())
    try:
        yield
    finally:
        heartbeat.stop()
        signal.signal(signal.SIGINT, previous)
