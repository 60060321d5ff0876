"""The relay rules the window and the command line share (studio/core/relay.py)."""

from __future__ import annotations

from studio.config.settings import Settings
from studio.core.relay import remember_image_field


def test_a_learned_image_field_is_kept_for_that_provider_only() -> None:
    settings = Settings()
    provider = settings.active()
    other = next(p for p in settings.providers if p.id != provider.id)
    before = other.image_field
    wanted = "image" if provider.image_field == "image[]" else "image[]"
    assert remember_image_field(settings, provider.id, wanted)
    assert settings.active().image_field == wanted
    assert other.image_field == before
    assert not remember_image_field(settings, provider.id, wanted)  # nothing new to save
    assert not remember_image_field(settings, provider.id, "files[]")  # not a form
    assert not remember_image_field(settings, "no-such-provider", "image")
