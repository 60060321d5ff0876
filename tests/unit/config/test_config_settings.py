"""Settings file: round trip, defaults, corrupt files kept aside, no keys written."""

from __future__ import annotations

import json
from pathlib import Path

from studio.config.providers import ProviderSettings, preset
from studio.config.secrets import SecretStore
from studio.config.settings import Settings, SettingsStore


def test_defaults_have_the_demo_active(tmp_path: Path) -> None:
    settings = SettingsStore(tmp_path / "settings.json").load()
    assert settings.active_provider == "demo"
    assert settings.active().is_demo_preset
    assert settings.active().base_url == ""
    assert (settings.language, settings.theme, settings.send_key) == ("system", "system", "enter")
    assert {p.id for p in settings.providers} >= {"demo", "whatai", "openai"}


def test_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    relay = preset("whatai")
    relay.default_model = "gpt-4o"
    custom = ProviderSettings(id="home", name="Home server", base_url="http://10.0.0.2:8000")
    settings = Settings(
        providers=[relay, custom],
        active_provider="home",
        language="zh_CN",
        theme="dark",
        send_key="ctrl_enter",
        extra={"window": {"width": 1200}, "keyboard_shortcuts": {"send": "Ctrl+Return"}},
    )
    store.save(settings)
    loaded = store.load()
    assert loaded == settings
    assert loaded.active().name == "Home server"
    assert [p.name for p in (tmp_path).iterdir()] == ["settings.json"]  # no temp files left


def test_unknown_keys_from_a_newer_version_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"language": "en", "future_feature": {"on": True}, "providers": []}),
        encoding="utf-8",
    )
    store = SettingsStore(path)
    loaded = store.load()
    assert loaded.language == "en"
    assert loaded.active().is_demo_preset  # no providers in the file: defaults come back
    store.save(loaded)
    again = json.loads(path.read_text(encoding="utf-8"))
    assert again["future_feature"] == {"on": True}


def test_corrupt_file_is_kept_aside_and_defaults_load(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    garbage = '{"language": "zh_CN", "providers": [ this is not json'
    path.write_text(garbage, encoding="utf-8")
    loaded = SettingsStore(path).load()
    assert loaded == Settings()
    kept = list(tmp_path.glob("settings.json.bad-*"))
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == garbage
    assert not path.exists()

    path.write_text("[1, 2, 3]", encoding="utf-8")  # valid JSON, wrong shape
    assert SettingsStore(path).load() == Settings()
    assert len(list(tmp_path.glob("settings.json.bad-*"))) == 2


def test_bad_values_fall_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"language": "klingon", "theme": 7, "send_key": None, "providers": "x"}),
        encoding="utf-8",
    )
    loaded = SettingsStore(path).load()
    assert (loaded.language, loaded.theme, loaded.send_key) == ("system", "system", "enter")
    assert loaded.providers == Settings().providers


def test_no_key_is_ever_written_to_settings(tmp_path: Path) -> None:
    secrets = SecretStore(tmp_path / "secrets.json", use_system_keyring=False)
    secrets.set("whatai", "sk-test-1234567890abcdef")
    settings = Settings(active_provider="whatai", extra={"api_key": "sk-test-1234567890abcdef"})
    settings.active().extra_headers["Authorization"] = "Bearer sk-test-1234567890abcdef"
    store = SettingsStore(tmp_path / "settings.json")
    store.save(settings)
    text = (tmp_path / "settings.json").read_text(encoding="utf-8")
    assert "sk-test-1234567890abcdef" not in text
    assert "api_key" not in text
    assert secrets.get("whatai") == "sk-test-1234567890abcdef"


def test_editing_defaults_does_not_change_presets(tmp_path: Path) -> None:
    first = Settings()
    first.active().default_model = "changed"
    assert Settings().active().default_model == "demo-chat"


def test_image_jobs_per_provider_are_kept_within_limits() -> None:
    from studio.config.providers import DEFAULT_IMAGE_JOBS, MAX_IMAGE_JOBS, ProviderSettings

    def jobs(value: object) -> int:
        return ProviderSettings.from_dict({"name": "R", "image_jobs": value}).image_jobs

    assert jobs(3) == 3
    assert jobs(0) == 1 and jobs(-5) == 1
    assert jobs(99) == MAX_IMAGE_JOBS
    assert jobs("4") == jobs(True) == jobs(None) == DEFAULT_IMAGE_JOBS
    item = ProviderSettings(id="r", name="R", base_url="http://x", image_jobs=5)
    assert ProviderSettings.from_dict(item.to_dict()).image_jobs == 5
