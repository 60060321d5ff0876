"""``GET /v1/models`` in every shape relays use (protocol.md case 57)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ModelInfo:
    """One model the relay offers."""

    id: str
    owned_by: str = ""
    endpoint_types: tuple[str, ...] = field(default_factory=tuple)


def parse_models(body: Any) -> list[ModelInfo] | None:
    """Model ids from a list body; None when the body is not a model list."""
    items: Any
    if isinstance(body, list):
        items = body
    elif isinstance(body, dict):
        items = body.get("data")
        if items is None:
            items = body.get("models")
    else:
        return None
    if not isinstance(items, list):
        return None
    out: list[ModelInfo] = []
    seen: set[str] = set()
    for item in items:
        types: tuple[str, ...] = ()
        if isinstance(item, str):
            model_id, owner = item, ""
        elif isinstance(item, dict):
            raw = item.get("id") or item.get("name") or item.get("model")
            if not isinstance(raw, str):
                continue
            model_id = raw.removeprefix("models/")
            owner = str(item.get("owned_by") or "")
            endpoint_types = item.get("supported_endpoint_types")
            types = (
                tuple(str(t) for t in endpoint_types) if isinstance(endpoint_types, list) else ()
            )
        else:
            continue
        if model_id and model_id not in seen:
            seen.add(model_id)
            out.append(ModelInfo(model_id, owner, types))
    return out
