"""``build_studio`` and ``Studio.use``: one object graph, and settings changes reach the window
through ``LiveSettings``' signals (what app.py does when the settings dialog saves)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.config.settings import Settings
from studio.session.relay_info import RelayInfo
from studio.session.settings_editor import ModelPrice, set_provider_prices
from studio.ui.images import ImagesPage


def _provider_settings() -> Settings:
    settings = Settings(send_key="ctrl_enter")
    set_provider_prices(settings, "second", {"demo-chat": ModelPrice(1.0, 2.0)})
    return settings


def test_the_window_always_has_the_real_pages(make_studio: Callable[..., Any]):
    studio = make_studio()
    assert isinstance(studio.window.images_page, ImagesPage)
    assert studio.window.studio.image_studio is studio.services.image_studio
    assert studio.window.manager is studio.manager


def test_a_settings_change_reaches_the_window_through_signals(
    make_studio: Callable[..., Any], qtbot: QtBot, run: Callable[..., Any]
):
    studio = make_studio()
    services = studio.services
    composer = studio.window.findChild(QPlainTextEdit, "composer")
    assert composer.send_on_enter
    old_client = services.client
    config = ProviderConfig(base_url="http://127.0.0.1:9/v1", name="Second relay")
    new_client = ApiClient(config)
    relay = RelayInfo("Second relay", config.api_root, False, "demo-chat", ("demo-chat",))
    settings = _provider_settings()

    with qtbot.waitSignals([services.live.settings_changed, services.live.relay_changed]):
        services.use(
            new_client,
            settings,
            relay,
            provider_id="second",
            vision_models=("demo-chat",),
            image_jobs=5,
            problem="The base URL cannot be used.",
        )

    assert services.client is new_client and services.client is not old_client
    assert not composer.send_on_enter
    assert studio.window.endpoint_label.text() == f"Second relay · {config.api_root}"
    assert not studio.window.demo_label.isVisible()
    assert services.image_studio.max_concurrent == 5
    price = services.live.price_of("demo-chat")
    assert price == ModelPrice(1.0, 2.0)
    banner = studio.window.chat_page.banner
    assert banner.isVisible() and banner.message == "The base URL cannot be used."
