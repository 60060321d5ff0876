"""The workflows the window and the command line share, as plain async code without Qt.

``chat`` (a conversation and its turns), ``images`` (an image job), ``relay`` (which relay
a process talks to) and ``language`` (which language it speaks). They take the stores and an
API client through their constructors, yield typed events and return problems as codes or
error objects; the layers above put them into words.

The names below and those of ``chat`` and ``images`` (each package has its ``__all__``) are
its public surface (checked by ``tests/unit/test_public_names.py``).
"""

from studio.core import chat, images
from studio.core.language import choose_language
from studio.core.relay import (
    DEMO_MODELS,
    RelayChoice,
    choice_config,
    choose_relay,
    provider_config,
    remember_image_field,
    settings_config,
)

__all__ = [
    "DEMO_MODELS",
    "RelayChoice",
    "chat",
    "choice_config",
    "choose_language",
    "choose_relay",
    "images",
    "provider_config",
    "remember_image_field",
    "settings_config",
]
