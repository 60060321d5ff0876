"""Which relay a Studio process talks to, and the service-layer view of a provider.

One owner for the rule the window and the command line both follow: the built-in demo relay
is used when asked for (``--demo``), when the demo provider is active, when no base URL is
set, or when the chosen relay needs a key and has none (a relay on this machine needs none,
nor does an address given explicitly with ``--base-url``).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from studio.api.provider import ProviderConfig, Timeouts
from studio.config.providers import IMAGE_FIELDS, ProviderSettings
from studio.config.resolve import ResolvedProvider
from studio.config.settings import Settings

DEMO_MODELS = (
    "demo-chat",
    "demo-long-try-stop",
    "demo-cutoff-try-continue",
    "demo-reasoner",
    "demo-think",
)
"""The demo relay's chat models, the first one the default (``demo-long-try-stop`` and
``demo-cutoff-try-continue`` are there to try Stop and Continue)."""


@dataclass(frozen=True)
class RelayChoice:
    """The relay to use and why: ``use_demo`` means "start the demo relay and use it"; then
    ``api_key`` is empty. ``missing_key``: the demo was chosen because the key is missing."""

    provider: ProviderSettings
    api_key: str
    use_demo: bool
    missing_key: bool = False

    def __repr__(self) -> str:
        """Everything except the key."""
        return (
            f"RelayChoice(provider={self.provider.id!r}, use_demo={self.use_demo}, "
            f"missing_key={self.missing_key})"
        )

    @property
    def default_model(self) -> str:
        """The chat model used when none is named."""
        if self.use_demo:
            return DEMO_MODELS[0]
        return self.provider.default_model or "gpt-4o-mini"


def choose_relay(resolved: ResolvedProvider, *, demo: bool, base_url: str | None) -> RelayChoice:
    """The relay for ``resolved`` (``demo``: ``--demo`` was given; ``base_url``: the
    ``--base-url`` given, if any). See the module docstring for the rule."""
    settings = resolved.settings
    explicit = bool((base_url or "").strip())
    needs_key = not is_local(settings.base_url) and not explicit
    missing_key = needs_key and not resolved.api_key
    asked = demo or resolved.is_demo or not settings.base_url
    use_demo = asked or missing_key
    return RelayChoice(
        settings, "" if use_demo else resolved.api_key, use_demo, missing_key and not asked
    )


def is_local(url: str) -> bool:
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


def settings_config(provider: ProviderSettings, api_key: str, base_url: str) -> ProviderConfig:
    """The service-layer view of a provider's settings, talking to ``base_url``."""
    return ProviderConfig(
        base_url=base_url,
        api_key=api_key,
        name=provider.name,
        extra_headers=dict(provider.extra_headers),
        image_field=provider.image_field,
        chat_image_models=tuple(provider.chat_image_models),
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


def choice_config(choice: RelayChoice, demo_url: str | None) -> ProviderConfig:
    """The service-layer view of ``choice`` (``demo_url``: the running demo relay's URL,
    needed when ``choice.use_demo``)."""
    url = demo_url if choice.use_demo and demo_url else choice.provider.base_url
    return settings_config(choice.provider, choice.api_key, url)


def remember_image_field(settings: Settings, provider_id: str, field: str) -> bool:
    """Keep ``field`` (``image`` or ``image[]``) as the form ``provider_id`` takes for several
    edit images, after a relay refused the other one; True when ``settings`` changed (save
    them). The one rule the window and the command line follow for it."""
    provider = settings.provider(provider_id)
    if provider is None or field not in IMAGE_FIELDS or provider.image_field == field:
        return False
    provider.image_field = field  # type: ignore[assignment]
    return True
