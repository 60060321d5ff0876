"""Everything a CLI command needs: settings, the provider, the API client and the store."""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from studio.api.client import ApiClient
from studio.config.paths import DataPaths
from studio.config.resolve import ResolvedProvider, resolve_provider
from studio.config.secrets import SecretStore
from studio.config.settings import SettingsStore
from studio.wiring import provider_config, ui_language


@dataclass
class CliContext:
    """The objects one command works with."""

    paths: DataPaths
    provider: ResolvedProvider
    client: ApiClient
    language: str
    default_model: str


@asynccontextmanager
async def open_context(args: argparse.Namespace) -> AsyncIterator[CliContext]:
    """Resolve the provider (starting the demo relay when needed) and open a client."""
    paths = DataPaths.from_env().ensure()
    settings = SettingsStore(paths.settings_file).load()
    secrets = SecretStore(paths.secrets_file)
    demo_wanted = bool(getattr(args, "demo", False))
    resolved = resolve_provider(
        settings,
        secrets,
        os.environ,
        getattr(args, "base_url", None),
        provider_id="demo" if demo_wanted else None,
    )
    language = ui_language(settings.language)
    relay = None
    base_url: str | None = None
    if resolved.is_demo or (demo_wanted and not getattr(args, "base_url", None)):
        from studio.demo.server import DemoRelay

        relay = DemoRelay()
        base_url = relay.start()
    client = ApiClient(provider_config(resolved, base_url=base_url), language=language)
    default_model = resolved.settings.default_model or ("demo-chat" if relay else "gpt-4o-mini")
    try:
        yield CliContext(paths, resolved, client, language, default_model)
    finally:
        await client.aclose()
        if relay is not None:
            relay.stop()
