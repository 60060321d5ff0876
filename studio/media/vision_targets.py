"""Which preparation target a model gets, and which model names are known to accept images.

Pure and Qt-free so that the GUI (through ``studio.session.chat.attachments``) and the
command line choose exactly the same target for the same model name.

Relays rename models freely (``gpt4-all``, ``my-claude``), so the name patterns are only a
preset: the provider settings add their own list of vision models (``vision_models``), and
a model that matches neither is warned about, never blocked (peers.md pain point 8).
"""

from __future__ import annotations

import dataclasses
import fnmatch
from collections.abc import Iterable
from typing import Final

from studio.media.prepare import PRESET_TARGETS, Detail, VisionTarget

VISION_PATTERNS: Final = (
    "gpt-4o*",
    "chatgpt-4o*",
    "gpt-4.1*",
    "gpt-4.5*",
    "gpt-4-turbo*",
    "gpt-5*",
    "o1*",
    "o3*",
    "o4*",
    "claude*",
    "gemini*",
    "*vision*",
    "*vl*",
    "*-4v*",
    "doubao*vision*",
    "qwen*vl*",
    "llava*",
    "pixtral*",
    "grok*vision*",
    "demo-vision",
)
"""Model names (lower case, ``fnmatch`` patterns) known to accept images."""


def provider_kind(model: str) -> str:
    """The :data:`PRESET_TARGETS` key for ``model``: ``claude``, ``gemini`` or ``openai``."""
    name = model.lower()
    if "claude" in name:
        return "claude"
    if "gemini" in name:
        return "gemini"
    return "openai"


def target_for_model(
    model: str, detail: Detail = "auto", *, send_original: bool = False
) -> VisionTarget:
    """How images for ``model`` are prepared at ``detail`` (the provider's preset)."""
    target = PRESET_TARGETS[provider_kind(model)].with_detail(detail)
    if send_original:
        target = dataclasses.replace(target, send_original=True)
    return target


def is_vision_model(model: str, extra: Iterable[str] = ()) -> bool:
    """True when ``model`` is a known vision model or listed in ``extra`` (case-insensitive).

    ``extra`` entries may be exact names or ``fnmatch`` patterns (``my-relay-*``).
    """
    name = model.strip().lower()
    if not name:
        return False
    patterns = (*VISION_PATTERNS, *(e.strip().lower() for e in extra if e.strip()))
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)
