"""Provider settings and presets."""

from __future__ import annotations

import json

from studio.config.providers import PRESETS, ProviderSettings, preset


def test_presets_cover_the_relay_and_common_servers() -> None:
    by_id = {p.id: p for p in PRESETS}
    relay = by_id["whatai"]
    assert relay.name == "WhatAI relay"
    assert relay.base_url == "https://api.whatai.cc/v1"
    assert relay.default_model == "gpt-4o-mini"
    assert relay.image_field == "image"
    for model in ("gpt-4o", "claude-sonnet-4-20250514", "gemini-2.5-flash", "o1"):
        assert model in relay.models
    assert "doubao-1.5-vision-pro-250328" in relay.vision_models
    assert {"gpt-image-1", "seedream-3.0", "nano-banana"} <= set(relay.image_models)

    assert by_id["openai"].base_url == "https://api.openai.com/v1"
    assert by_id["openai"].image_field == "image[]"
    assert by_id["deepseek"].default_model == "deepseek-chat"
    assert by_id["siliconflow"].default_model == "Qwen/Qwen2.5-7B-Instruct"
    assert by_id["ollama"].base_url == "http://127.0.0.1:11434/v1"
    assert by_id["lmstudio"].base_url == "http://127.0.0.1:1234/v1"
    assert by_id["llamacpp"].base_url == "http://127.0.0.1:8080/v1"
    demo = by_id["demo"]
    assert (demo.name, demo.base_url, demo.default_model) == (
        "Demo relay (offline)",
        "",
        "demo-chat",
    )
    assert demo.is_demo_preset
    assert len(by_id) == len(PRESETS)  # ids are unique


def test_preset_returns_an_independent_copy() -> None:
    mine = preset("whatai")
    mine.models.append("my-model")
    mine.base_url = "https://changed.example/v1"
    original = next(p for p in PRESETS if p.id == "whatai")
    assert "my-model" not in original.models
    assert original.base_url == "https://api.whatai.cc/v1"
    assert isinstance(PRESETS, tuple)


def test_round_trip_and_tolerance() -> None:
    item = ProviderSettings(
        id="mine",
        name="Mine",
        base_url="https://relay.example/v1",
        default_model="gpt-4o",
        extra_headers={"X-Tenant": "42"},
        proxy_mode="explicit",
        proxy_url="http://127.0.0.1:7890",
        read_timeout=120.0,
        models=["gpt-4o"],
    )
    data = json.loads(json.dumps(item.to_dict()))
    assert ProviderSettings.from_dict(data) == item

    loose = ProviderSettings.from_dict(
        {
            "name": "Only a name",
            "image_field": "files",
            "proxy_mode": "sometimes",
            "read_timeout": "fast",
            "connect_timeout": -1,
            "models": ["a", 3, "a", "b"],
            "future_option": True,
            "api_key": "sk-should-be-ignored",
        }
    )
    assert loose.id == "only-a-name"
    assert loose.image_field == "image[]"
    assert loose.proxy_mode == "system"
    assert (loose.read_timeout, loose.connect_timeout) == (300.0, 10.0)
    assert loose.models == ["a", "b"]
    assert "sk-should-be-ignored" not in json.dumps(loose.to_dict())


def test_credentials_are_not_saved_or_shown() -> None:
    item = ProviderSettings(
        id="x",
        name="X",
        base_url="https://x.example",
        extra_headers={"Authorization": "Bearer sk-secret-header", "X-Trace": "visible-ok"},
        proxy_url="http://user:proxy-pass@10.0.0.1:8080",
    )
    saved = json.dumps(item.to_dict())
    assert "sk-secret-header" not in saved
    assert "visible-ok" in saved
    text = repr(item)
    assert "sk-secret-header" not in text and "proxy-pass" not in text
    assert "10.0.0.1:8080" in text
