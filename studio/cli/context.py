"""Everything a CLI command needs: settings, the provider, the API client and the store.

The relay and the language are chosen by the same rules as the window's
(:mod:`studio.core.relay`, :mod:`studio.core.language`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from studio.api.client import ApiClient
from studio.config.paths import DataPaths
from studio.config.resolve import ResolvedProvider, resolve_provider
from studio.config.secrets import SecretStore
from studio.config.settings import SettingsStore
from studio.core.language import choose_language
from studio.core.relay import choice_config, choose_relay


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
    base_url = getattr(args, "base_url", None)
    resolved = resolve_provider(
        settings, secrets, os.environ, base_url, provider_id="demo" if demo_wanted else None
    )
    choice = choose_relay(resolved, demo=demo_wanted, base_url=base_url)
    language = choose_language(settings.language, os.environ)
    relay = None
    if choice.use_demo:
        from studio.demo import DemoRelay, env_token_rate

        relay = DemoRelay(token_rate=env_token_rate(os.environ))
        relay.start()
        if choice.missing_key:
            print(
                f"studio: no API key for {choice.provider.name}: using the offline demo relay "
                "(add a key in Settings or set STUDIO_API_KEY).",
                file=sys.stderr,
            )
    demo_url = relay.base_url if relay is not None else None
    client = ApiClient(choice_config(choice, demo_url), language=language)
    try:
        yield CliContext(paths, resolved, client, language, choice.default_model)
    finally:
        await client.aclose()
        if relay is not None:
            relay.stop()
