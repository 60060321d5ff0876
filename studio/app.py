"""The composition root: builds the application, its services and the window, and runs them.

Nothing else in Studio wires objects together. :func:`run_gui` creates the ``QApplication``
and one qasync event loop (the asyncio loop *is* the Qt loop), installs the error reporter,
loads the translations, decides which relay to use (starting the built-in demo relay when
asked to, or when nothing usable is configured), builds the API client, the sessions and the
main window, and runs until the window closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from PySide6.QtCore import QLocale, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from studio.api import messages
from studio.api.client import ApiClient
from studio.api.provider import InvalidBaseUrl, ProviderConfig, Timeouts
from studio.config.paths import DataPaths
from studio.config.providers import ProviderSettings
from studio.config.resolve import ResolvedProvider, resolve_provider
from studio.config.secrets import SecretStore
from studio.config.settings import Settings, SettingsStore
from studio.demo.server import DemoRelay
from studio.i18n import install_translators, resolve_language
from studio.session.connection import ConnectionInfo
from studio.session.error_reporter import ErrorReporter, configure_logging
from studio.session.event_loop import (
    async_generator_hooks,
    close_async_generators,
    create_event_loop,
)
from studio.session.models import ModelListSession
from studio.session.quick_chat import ChatSession
from studio.ui.main_window import MainWindow
from studio.ui.theme import apply_theme

log = logging.getLogger("studio.app")

ORGANIZATION = "Studio"
APPLICATION = "Studio"
DEMO_NAME = "Demo relay"
DEMO_MODELS = ("demo-chat", "demo-reasoner", "demo-think")


@dataclass(frozen=True)
class RelayChoice:
    """The relay the window will use and why."""

    provider: ProviderSettings
    api_key: str
    use_demo: bool


def choose_relay(resolved: ResolvedProvider, *, demo: bool, base_url: str | None) -> RelayChoice:
    """Use the demo relay when asked, when the demo provider is active, or when the chosen
    relay has no key (unless it is on this machine, or the URL was given explicitly)."""
    settings = resolved.settings
    needs_key = not _is_local(settings.base_url) and not (base_url or "").strip()
    use_demo = (
        demo or resolved.is_demo or not settings.base_url or (needs_key and not resolved.api_key)
    )
    return RelayChoice(settings, "" if use_demo else resolved.api_key, use_demo)


def provider_config(provider: ProviderSettings, api_key: str, base_url: str) -> ProviderConfig:
    """The service layer's view of a provider."""
    return ProviderConfig(
        base_url=base_url,
        api_key=api_key,
        name=provider.name,
        extra_headers=dict(provider.extra_headers),
        image_field=provider.image_field,
        timeouts=Timeouts(
            connect=provider.connect_timeout,
            read=provider.read_timeout,
            image=provider.image_timeout,
        ),
        proxy_mode=provider.proxy_mode,
        proxy_url=provider.proxy_url,
    )


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

    language = resolve_language(settings.language, QLocale.system().name())
    translators = install_translators(app, language)
    apply_theme(app, settings.theme)

    loop = create_event_loop(app)
    reporter = ErrorReporter((resolved.api_key,) if resolved.api_key else ())
    reporter.install(loop)
    relay = DemoRelay() if choice.use_demo else None
    try:
        relay_url = relay.start() if relay is not None else choice.provider.base_url
        with loop, async_generator_hooks(loop) as live_generators:
            status = loop.run_until_complete(
                _serve(app, settings, paths, choice, relay_url, language, reporter)
            )
            loop.run_until_complete(close_async_generators(live_generators))
        return int(status)
    finally:
        reporter.uninstall()
        if relay is not None:
            relay.stop()
        for translator in translators:
            app.removeTranslator(translator)
        logging.getLogger("studio").removeHandler(handler)
        handler.close()


async def _serve(
    app: QApplication,
    settings: Settings,
    paths: DataPaths,
    choice: RelayChoice,
    relay_url: str,
    language: str,
    reporter: ErrorReporter,
) -> int:
    config = provider_config(choice.provider, choice.api_key, relay_url)
    bad_url = ""
    try:
        endpoint = config.api_root
    except InvalidBaseUrl as error:
        endpoint = relay_url
        bad_url = messages.text("bad_url", language, url=str(error) or relay_url)
    client = ApiClient(config, language=language)
    chat = ChatSession(client)
    models = ModelListSession(client)
    provider = choice.provider
    fallback = DEMO_MODELS if choice.use_demo else tuple(provider.models)
    connection = ConnectionInfo(
        provider_name=DEMO_NAME if choice.use_demo else provider.name,
        endpoint=endpoint,
        is_demo=choice.use_demo,
        default_model=(fallback[0] if choice.use_demo else provider.default_model),
        fallback_models=fallback,
    )
    window_settings = QSettings(str(paths.root / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        chat, models, connection, window_settings, send_on_enter=settings.send_key == "enter"
    )
    reporter.reported.connect(window.show_error_report)
    if settings.theme == "system":
        # Re-tint the style sheet when the system switches between light and dark.
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    with _close_on_interrupt(window.close):
        window.show()
        window.raise_()
        window.activateWindow()
        if bad_url:
            window.show_error_report(bad_url, bad_url)
        else:
            models.refresh()
        log.info(
            "started: %s at %s (demo: %s)", connection.provider_name, endpoint, choice.use_demo
        )
        await closed.wait()
    chat.clear()
    models.cancel()
    for task in (chat.task, models.task):
        if task is not None and not task.done():
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
    await client.aclose()
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


def _is_local(url: str) -> bool:
    """True for a URL on this machine (a local model server usually needs no key)."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
