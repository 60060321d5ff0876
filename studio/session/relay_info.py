"""What the window shows about the relay in use (name, endpoint, demo or not)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RelayInfo:
    """The relay a window talks to, as the user should see it.

    ``endpoint`` is the resolved API root (``…/v1``), shown so that base-URL mistakes are
    visible; ``fallback_models`` fill the model picker until ``/v1/models`` answers.
    """

    provider_name: str
    endpoint: str
    is_demo: bool = False
    default_model: str = ""
    fallback_models: tuple[str, ...] = field(default_factory=tuple)
