"""Which provider to talk to, with which URL and key, after env and CLI overrides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from studio.config.providers import ProviderSettings
from studio.config.secrets import SecretStore
from studio.config.settings import Settings

BASE_URL_ENV = "STUDIO_BASE_URL"
API_KEY_ENV = "STUDIO_API_KEY"


@dataclass(frozen=True)
class ResolvedProvider:
    """A provider ready to use: its settings (with the effective base URL) and its key.

    ``is_demo`` means "start the built-in demo relay and point at it". ``repr()`` hides the key.
    """

    settings: ProviderSettings
    api_key: str
    is_demo: bool

    def __repr__(self) -> str:
        """Show everything except the key."""
        key = "<set>" if self.api_key else "<empty>"
        return (
            f"ResolvedProvider(settings={self.settings!r}, api_key={key}, is_demo={self.is_demo})"
        )


def resolve_provider(
    settings: Settings,
    secrets: SecretStore,
    environ: Mapping[str, str],
    base_url_override: str | None = None,
    *,
    provider_id: str | None = None,
) -> ResolvedProvider:
    """Resolve the active provider (or ``provider_id``) against env vars and the CLI.

    Base URL: ``base_url_override`` (``--base-url``) beats ``STUDIO_BASE_URL``, which beats
    the saved one. Key: ``STUDIO_API_KEY`` beats the stored key. Empty values count as unset.
    The returned settings are a copy; the saved settings are not changed. An unknown
    ``provider_id`` raises ``KeyError``.
    """
    if provider_id:
        found = settings.provider(provider_id)
        if found is None:
            raise KeyError(f"no provider with id {provider_id!r}")
        chosen = found
    else:
        chosen = settings.active()
    base_url = chosen.base_url
    env_url = environ.get(BASE_URL_ENV, "").strip()
    if env_url:
        base_url = env_url
    if base_url_override is not None and base_url_override.strip():
        base_url = base_url_override.strip()
    api_key = environ.get(API_KEY_ENV, "").strip() or (secrets.get(chosen.id) or "")
    effective = replace(chosen.copy(), base_url=base_url)
    return ResolvedProvider(
        settings=effective,
        api_key=api_key,
        is_demo=not base_url and chosen.is_demo_preset,
    )
