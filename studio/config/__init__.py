"""Configuration: data paths, settings, providers and presets, keys (keyring or a user-only
file), provider resolution and the image model table with its size rules. No Qt, no httpx.

The names below are its public surface (checked by ``tests/unit/test_public_names.py``).
"""

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
