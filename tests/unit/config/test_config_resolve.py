"""Resolving the provider to use: saved settings, env overrides, --base-url, demo."""

from __future__ import annotations

import pytest

from studio.config.providers import ProviderSettings, preset
from studio.config.resolve import resolve_provider
from studio.config.secrets import SecretStore
from studio.config.settings import Settings


def _settings(active: str) -> Settings:
    return Settings(
        providers=[preset("demo"), preset("whatai"), ProviderSettings("home", "Home", "")],
        active_provider=active,
    )


def test_saved_provider_and_key(file_secrets: SecretStore) -> None:
    file_secrets.set("whatai", "sk-stored")
    resolved = resolve_provider(_settings("whatai"), file_secrets, {})
    assert resolved.settings.base_url == "https://api.whatai.cc/v1"
    assert resolved.api_key == "sk-stored"
    assert not resolved.is_demo
    assert "sk-stored" not in repr(resolved)


def test_env_overrides_url_and_key(file_secrets: SecretStore) -> None:
    file_secrets.set("whatai", "sk-stored")
    settings = _settings("whatai")
    env = {"STUDIO_BASE_URL": "http://127.0.0.1:9999/v1", "STUDIO_API_KEY": "sk-from-env"}
    resolved = resolve_provider(settings, file_secrets, env)
    assert resolved.settings.base_url == "http://127.0.0.1:9999/v1"
    assert resolved.api_key == "sk-from-env"
    assert resolved.settings.default_model == "gpt-4o-mini"
    # The saved settings are untouched.
    assert settings.active().base_url == "https://api.whatai.cc/v1"


def test_cli_base_url_beats_env(file_secrets: SecretStore) -> None:
    env = {"STUDIO_BASE_URL": "http://127.0.0.1:9999/v1"}
    resolved = resolve_provider(_settings("whatai"), file_secrets, env, "http://127.0.0.1:7/v1")
    assert resolved.settings.base_url == "http://127.0.0.1:7/v1"
    blank = resolve_provider(_settings("whatai"), file_secrets, {"STUDIO_BASE_URL": " "}, "")
    assert blank.settings.base_url == "https://api.whatai.cc/v1"


def test_demo_only_when_demo_preset_has_no_url(file_secrets: SecretStore) -> None:
    demo = resolve_provider(_settings("demo"), file_secrets, {})
    assert demo.is_demo and demo.api_key == ""
    pointed = resolve_provider(_settings("demo"), file_secrets, {"STUDIO_BASE_URL": "http://x/v1"})
    assert not pointed.is_demo
    # Another provider with no URL is not the demo (the caller reports a missing URL).
    assert not resolve_provider(_settings("home"), file_secrets, {}).is_demo


def test_explicit_provider_id(file_secrets: SecretStore) -> None:
    resolved = resolve_provider(_settings("demo"), file_secrets, {}, provider_id="whatai")
    assert resolved.settings.id == "whatai"
    with pytest.raises(KeyError):
        resolve_provider(_settings("demo"), file_secrets, {}, provider_id="nope")
