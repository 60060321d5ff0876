"""Stable hashing for the demo relay, so the same request always gives the same answer.

Python's built-in ``hash`` changes between runs; these helpers use SHA-256 instead.
"""

from __future__ import annotations

import hashlib


def stable_int(*parts: object) -> int:
    """A non-negative 63-bit integer derived from the ``repr``-free string form of ``parts``."""
    text = "\x1f".join(str(part) for part in parts)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") >> 1


def pick(options: tuple[str, ...] | list[str], *parts: object) -> str:
    """Choose one of ``options`` deterministically from ``parts``."""
    return options[stable_int(*parts) % len(options)]


def short_echo(text: str, limit: int = 80) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat
