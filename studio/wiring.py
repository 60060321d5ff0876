"""Composition helpers shared by the GUI root (app.py) and the command line.

Turns stored settings into service-layer objects; the only place besides app.py and the
CLI that knows about both ``config`` and ``api``.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping

from studio.api.provider import ProviderConfig, Timeouts
from studio.config.resolve import ResolvedProvider


def provider_config(resolved: ResolvedProvider, *, base_url: str | None = None) -> ProviderConfig:
    """The service-layer view of a resolved provider (``base_url`` overrides, e.g. the demo)."""
    s = resolved.settings
    return ProviderConfig(
        base_url=base_url if base_url is not None else s.base_url,
        api_key=resolved.api_key,
        name=s.name,
        extra_headers=dict(s.extra_headers),
        image_field=s.image_field,
        timeouts=Timeouts(connect=s.connect_timeout, read=s.read_timeout, image=s.image_timeout),
        proxy_mode=s.proxy_mode,
        proxy_url=s.proxy_url,
    )


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
