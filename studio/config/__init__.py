"""Configuration: data paths, settings, providers and presets, keys (keyring or a user-only
file), provider resolution and the image model table with its size rules. No Qt, no httpx.

The names below are its public surface (checked by ``tests/unit/test_public_names.py``).
"""

from typing import TYPE_CHECKING

from studio._lazy import lazy_names

if TYPE_CHECKING:
    from studio.config.image_models import (
        EditCapability,
        ImageModelSpec,
        ParamSpec,
        edit_request_params,
        edit_route,
        generic_spec,
        load_image_models,
        request_params,
        size_refused,
        spec_for,
        user_models_file,
    )
    from studio.config.image_sizes import SizeProblem, SizeRules, parse_size, size_text
    from studio.config.paths import DataPaths
    from studio.config.providers import (
        IMAGE_FIELDS,
        MAX_IMAGE_JOBS,
        PRESETS,
        PROXY_MODES,
        SENSITIVE_HEADERS,
        ProviderSettings,
        preset,
        slugify,
    )
    from studio.config.resolve import ResolvedProvider, resolve_provider
    from studio.config.secrets import SecretStore
    from studio.config.settings import LANGUAGES, SEND_KEYS, THEMES, Settings, SettingsStore

__all__ = [
    "IMAGE_FIELDS",
    "LANGUAGES",
    "MAX_IMAGE_JOBS",
    "PRESETS",
    "PROXY_MODES",
    "SEND_KEYS",
    "SENSITIVE_HEADERS",
    "THEMES",
    "DataPaths",
    "EditCapability",
    "ImageModelSpec",
    "ParamSpec",
    "ProviderSettings",
    "ResolvedProvider",
    "SecretStore",
    "Settings",
    "SettingsStore",
    "SizeProblem",
    "SizeRules",
    "edit_request_params",
    "edit_route",
    "generic_spec",
    "load_image_models",
    "parse_size",
    "preset",
    "request_params",
    "resolve_provider",
    "size_refused",
    "size_text",
    "slugify",
    "spec_for",
    "user_models_file",
]

__getattr__ = lazy_names(
    __name__,
    {
        "DataPaths": "studio.config.paths",
        "EditCapability": "studio.config.image_models",
        "IMAGE_FIELDS": "studio.config.providers",
        "ImageModelSpec": "studio.config.image_models",
        "LANGUAGES": "studio.config.settings",
        "MAX_IMAGE_JOBS": "studio.config.providers",
        "PRESETS": "studio.config.providers",
        "PROXY_MODES": "studio.config.providers",
        "ParamSpec": "studio.config.image_models",
        "ProviderSettings": "studio.config.providers",
        "ResolvedProvider": "studio.config.resolve",
        "SEND_KEYS": "studio.config.settings",
        "SENSITIVE_HEADERS": "studio.config.providers",
        "SecretStore": "studio.config.secrets",
        "Settings": "studio.config.settings",
        "SettingsStore": "studio.config.settings",
        "SizeProblem": "studio.config.image_sizes",
        "SizeRules": "studio.config.image_sizes",
        "THEMES": "studio.config.settings",
        "edit_request_params": "studio.config.image_models",
        "edit_route": "studio.config.image_models",
        "generic_spec": "studio.config.image_models",
        "load_image_models": "studio.config.image_models",
        "parse_size": "studio.config.image_sizes",
        "preset": "studio.config.providers",
        "request_params": "studio.config.image_models",
        "resolve_provider": "studio.config.resolve",
        "size_refused": "studio.config.image_models",
        "size_text": "studio.config.image_sizes",
        "slugify": "studio.config.providers",
        "spec_for": "studio.config.image_models",
        "user_models_file": "studio.config.image_models",
    },
)
