"""What one Generate press sends, kept so a failed job can be retried as it was."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class GenerationInputs:
    """The model, prompt and parameter values of one run (``extra_json`` as typed)."""

    model: str
    prompt: str
    values: Mapping[str, Any] = field(default_factory=dict)
    negative_prompt: str | None = None
    extra_json: str | None = None
