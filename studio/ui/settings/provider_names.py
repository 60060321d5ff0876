"""The presets' names in the user's language: a provider still called by its preset's English
name is shown by the translated one (the settings file keeps the English)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from studio.config.providers import PRESETS, ProviderSettings


def _translated(name: str) -> str:
    # The names that are words rather than brands; the others read the same in any language.
    words = {
        "WhatAI relay": QCoreApplication.translate("ProviderNames", "WhatAI relay"),
        "llama.cpp server": QCoreApplication.translate("ProviderNames", "llama.cpp server"),
        "Demo relay (offline)": QCoreApplication.translate("ProviderNames", "Demo relay (offline)"),
    }
    return words.get(name, name)


def shown_name(provider: ProviderSettings) -> str:
    """``provider``'s name as shown: a preset's own name translated, a name the user gave
    as it is."""
    for item in PRESETS:
        if item.id == provider.id and item.name == provider.name:
            return _translated(provider.name)
    return provider.name


def preset_name(preset: ProviderSettings) -> str:
    """A preset's name as shown in the Add menu."""
    return _translated(preset.name)
