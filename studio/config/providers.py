"""Provider (relay) settings as saved in settings.json, and the built-in presets.

A :class:`ProviderSettings` never holds an API key: keys live in the
:class:`~studio.config.secrets.SecretStore`, keyed by the provider's ``id``.

``chat_image_models`` lists the image models this provider serves through
``POST /v1/chat/completions`` (image parts in, ``message.images`` or a data URL out) rather
than ``/v1/images/edits``; :func:`studio.config.image_models.edit_route` reads it. Saved like
the other lists; a saved provider without the key gets those of its ``image_models`` whose
model-table entry says ``route: chat`` (:func:`~studio.config.image_models.table_chat_models`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from studio.config.image_models import builtin_models, table_chat_models

ImageField = Literal["image", "image[]"]
ProxyMode = Literal["system", "none", "explicit"]

IMAGE_FIELDS: tuple[ImageField, ...] = ("image", "image[]")
PROXY_MODES: tuple[ProxyMode, ...] = ("system", "none", "explicit")
DEMO_PROVIDER_ID = "demo"
DEFAULT_IMAGE_JOBS = 2
"""Image jobs run at the same time per provider by default (relays often limit this)."""
MAX_IMAGE_JOBS = 8

# Header names whose values are credentials. They are masked in repr() and never saved:
# the key belongs in the key field (keyring), not in extra headers.
SENSITIVE_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "x-api-key", "api-key", "cookie", "x-goog-api-key"}
)


def _str(value: object, default: str) -> str:
    return value if isinstance(value, str) else default


def _float(value: object, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    number = float(value)
    return number if number > 0 else default


def _jobs(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        return DEFAULT_IMAGE_JOBS
    return min(MAX_IMAGE_JOBS, max(1, value))


def _str_list(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    seen: list[str] = []
    for item in value:
        if isinstance(item, str) and item and item not in seen:
            seen.append(item)
    return seen


def _headers(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(k, str) and k.strip()}


def _mask_url(url: str) -> str:
    """Hide a password in ``scheme://user:password@host`` (proxy URLs may carry one)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid url>"
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username}:***@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def slugify(text: str) -> str:
    """A provider id made from a display name: lowercase ASCII letters, digits and dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "provider"


@dataclass
class ProviderSettings:
    """One relay the user can talk to. Holds no API key (see ``SecretStore``).

    ``base_url`` is what the user typed (normalised later by the API layer); an empty
    ``base_url`` on the ``demo`` provider means "start the built-in demo relay".
    ``models`` are the known or fetched chat model ids, ``vision_models`` those that accept
    images, ``image_models`` those for the image studio, ``chat_image_models`` those of them
    reached through chat completions (see the module docstring). ``image_jobs`` is how many
    image generations may run at the same time (1–8); more wait in the queue.
    """

    id: str
    name: str
    base_url: str
    default_model: str = ""
    extra_headers: dict[str, str] = field(default_factory=dict)
    image_field: ImageField = "image[]"
    proxy_mode: ProxyMode = "system"
    proxy_url: str = ""
    connect_timeout: float = 10.0
    read_timeout: float = 300.0
    image_timeout: float = 600.0
    image_jobs: int = DEFAULT_IMAGE_JOBS
    models: list[str] = field(default_factory=list)
    vision_models: list[str] = field(default_factory=list)
    image_models: list[str] = field(default_factory=list)
    chat_image_models: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        """Show the settings with header values and proxy passwords masked."""
        headers = {name: "***" for name in self.extra_headers}
        return (
            f"ProviderSettings(id={self.id!r}, name={self.name!r}, base_url={self.base_url!r}, "
            f"default_model={self.default_model!r}, extra_headers={headers!r}, "
            f"image_field={self.image_field!r}, proxy_mode={self.proxy_mode!r}, "
            f"proxy_url={_mask_url(self.proxy_url)!r}, connect_timeout={self.connect_timeout!r}, "
            f"read_timeout={self.read_timeout!r}, image_timeout={self.image_timeout!r}, "
            f"image_jobs={self.image_jobs!r}, models={self.models!r}, "
            f"vision_models={self.vision_models!r}, image_models={self.image_models!r}, "
            f"chat_image_models={self.chat_image_models!r})"
        )

    @property
    def is_demo_preset(self) -> bool:
        """True for the built-in offline demo provider."""
        return self.id == DEMO_PROVIDER_ID

    def copy(self) -> ProviderSettings:
        """A deep copy, safe to edit without touching the original (e.g. a preset)."""
        return copy.deepcopy(self)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict. Credential headers (``Authorization`` …) are left out."""
        return {
            "id": self.id,
            "name": self.name,
            "base_url": self.base_url,
            "default_model": self.default_model,
            "extra_headers": {
                k: v for k, v in self.extra_headers.items() if k.lower() not in SENSITIVE_HEADERS
            },
            "image_field": self.image_field,
            "proxy_mode": self.proxy_mode,
            "proxy_url": self.proxy_url,
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "image_timeout": self.image_timeout,
            "image_jobs": self.image_jobs,
            "models": list(self.models),
            "vision_models": list(self.vision_models),
            "image_models": list(self.image_models),
            "chat_image_models": list(self.chat_image_models),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProviderSettings:
        """Build from a saved dict; missing or ill-typed values take defaults, unknown keys
        (including any stray ``api_key``) are ignored."""
        name = _str(data.get("name"), "").strip()
        ident = _str(data.get("id"), "").strip() or slugify(name)
        image_field = data.get("image_field")
        proxy_mode = data.get("proxy_mode")
        image_models = _str_list(data.get("image_models"))
        if "chat_image_models" in data:
            chat_image_models = _str_list(data.get("chat_image_models"))
        else:
            chat_image_models = table_chat_models(builtin_models(), image_models)
        return cls(
            id=ident,
            name=name or ident,
            base_url=_str(data.get("base_url"), "").strip(),
            default_model=_str(data.get("default_model"), "").strip(),
            extra_headers=_headers(data.get("extra_headers")),
            image_field=image_field if image_field in IMAGE_FIELDS else "image[]",
            proxy_mode=proxy_mode if proxy_mode in PROXY_MODES else "system",
            proxy_url=_str(data.get("proxy_url"), "").strip(),
            connect_timeout=_float(data.get("connect_timeout"), 10.0),
            read_timeout=_float(data.get("read_timeout"), 300.0),
            image_timeout=_float(data.get("image_timeout"), 600.0),
            image_jobs=_jobs(data.get("image_jobs")),
            models=_str_list(data.get("models")),
            vision_models=_str_list(data.get("vision_models")),
            image_models=image_models,
            chat_image_models=chat_image_models,
        )


_WHATAI_CHAT = [
    "gpt-4o-mini",
    "gpt-4o",
    "gpt-4o-2024-08-06",
    "o1",
    "claude",
    "claude-sonnet-4-20250514",
    "gemini-2.5-flash",
    "gemini-2.0-flash-thinking-exp-1219",
    "doubao-1.5-vision-pro-250328",
]
_WHATAI_VISION = [
    "gpt-4o",
    "gpt-4o-mini",
    "gemini-2.5-flash",
    "claude-sonnet-4-20250514",
    "doubao-1.5-vision-pro-250328",
]
_WHATAI_IMAGE = [
    "gpt-image-1",
    "seedream-3.0",
    "imagen4",
    "flux-kontext-pro",
    "flux-kontext-max",
    "dall-e-3",
    "nano-banana",
    "nano-banana-hd",
    "nano-banana-2",
]

PRESETS: tuple[ProviderSettings, ...] = (
    ProviderSettings(
        id="whatai",
        name="WhatAI relay",
        base_url="https://api.whatai.cc/v1",
        default_model="gpt-4o-mini",
        image_field="image",
        models=_WHATAI_CHAT,
        vision_models=_WHATAI_VISION,
        image_models=_WHATAI_IMAGE,
    ),
    ProviderSettings(
        id="openai",
        name="OpenAI",
        base_url="https://api.openai.com/v1",
        default_model="gpt-4o-mini",
        image_field="image[]",
        models=["gpt-4o-mini", "gpt-4o", "o1"],
        vision_models=["gpt-4o-mini", "gpt-4o"],
        image_models=["gpt-image-1", "dall-e-3"],
    ),
    ProviderSettings(
        id="deepseek",
        name="DeepSeek",
        base_url="https://api.deepseek.com/v1",
        default_model="deepseek-chat",
        models=["deepseek-chat", "deepseek-reasoner"],
    ),
    ProviderSettings(
        id="siliconflow",
        name="SiliconFlow",
        base_url="https://api.siliconflow.cn/v1",
        default_model="Qwen/Qwen2.5-7B-Instruct",
        models=["Qwen/Qwen2.5-7B-Instruct"],
    ),
    ProviderSettings(
        id="ollama",
        name="Ollama",
        base_url="http://127.0.0.1:11434/v1",
        default_model="llama3.2",
        models=["llama3.2"],
        proxy_mode="none",
    ),
    ProviderSettings(
        id="lmstudio",
        name="LM Studio",
        base_url="http://127.0.0.1:1234/v1",
        proxy_mode="none",
    ),
    ProviderSettings(
        id="llamacpp",
        name="llama.cpp server",
        base_url="http://127.0.0.1:8080/v1",
        proxy_mode="none",
    ),
    ProviderSettings(
        id=DEMO_PROVIDER_ID,
        name="Demo relay (offline)",
        base_url="",
        default_model="demo-chat",
        models=["demo-chat"],
        chat_image_models=["demo-banana"],
        proxy_mode="none",
    ),
)
"""Built-in providers. Treat as read-only: use :func:`preset` (a copy) to start from one."""


def preset(provider_id: str) -> ProviderSettings:
    """A fresh, editable copy of the preset with this id (``KeyError`` if none)."""
    for item in PRESETS:
        if item.id == provider_id:
            return item.copy()
    raise KeyError(provider_id)
