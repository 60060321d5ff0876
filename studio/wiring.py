"""Composition helpers shared by the GUI root (app.py) and the command line.

Turns stored settings into service-layer objects; the only place besides app.py and the
CLI that knows about both ``config`` and ``api``.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping

from studio.api.provider import ProviderConfig, Timeouts
from studio.config.providers import ProviderSettings
from studio.config.resolve import ResolvedProvider


def settings_config(provider: ProviderSettings, api_key: str, base_url: str) -> ProviderConfig:
    """The service-layer view of a provider's settings, talking to ``base_url``."""
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


def provider_config(resolved: ResolvedProvider, *, base_url: str | None = None) -> ProviderConfig:
    """The service-layer view of a resolved provider (``base_url`` overrides, e.g. the demo)."""
    settings = resolved.settings
    url = base_url if base_url is not None else settings.base_url
    return settings_config(settings, resolved.api_key, url)


def ui_language(setting: str, environ: Mapping[str, str] | None = None) -> str:
    """``en`` or ``zh_CN`` from the language setting (``system`` follows the environment)."""
    if setting in ("en", "zh_CN"):
        return setting
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    try:
        current = locale.getlocale()[0] or ""
    except ValueError:
        current = ""
    return "zh_CN" if current.lower().startswith("zh") else "en"
