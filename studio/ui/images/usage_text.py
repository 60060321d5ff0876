"""The tokens (and, with a price, the cost) an image job's answer reported, as one line.

Relays bill image models by tokens (images.md §1.8: show the ``usage`` of the answer rather
than guessing). Both usage shapes are read: the Images API's ``input_tokens`` /
``output_tokens`` and the chat-style ``prompt_tokens`` / ``completion_tokens``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from studio.ui.common.prices import PriceLookup


def _count(usage: Mapping[str, Any], *names: str) -> int:
    for name in names:
        value = usage.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return int(value)
    return 0


def usage_tokens(usage: Mapping[str, Any] | None) -> tuple[int, int, int] | None:
    """``(total, in, out)`` tokens of ``usage``; None when it reports none."""
    if not usage:
        return None
    tokens_in = _count(usage, "input_tokens", "prompt_tokens")
    tokens_out = _count(usage, "output_tokens", "completion_tokens")
    total = _count(usage, "total_tokens") or tokens_in + tokens_out
    return (total, tokens_in, tokens_out) if total else None


def usage_cost(usage: Mapping[str, Any] | None, model: str, lookup: PriceLookup) -> float | None:
    """What the answer cost at the model's price (None without usage or price)."""
    tokens = usage_tokens(usage)
    price = lookup(model) if tokens is not None else None
    if tokens is None or price is None or not (tokens[1] or tokens[2]):
        return None  # (a relay that reports only a total gives no split to price)
    return price.cost(tokens[1], tokens[2])


def short_usage(usage: Mapping[str, Any] | None, model: str, lookup: PriceLookup) -> str:
    """``4,160 tokens`` (``· ≈ 0.1664`` with a price), or "" without usage."""
    tokens = usage_tokens(usage)
    if tokens is None:
        return ""
    text = QCoreApplication.translate("ImageUsage", "{total} tokens").format(total=f"{tokens[0]:,}")
    cost = usage_cost(usage, model, lookup)
    if cost is not None:
        text += " · " + QCoreApplication.translate("ImageUsage", "≈ {cost}").format(
            cost=f"{cost:.4f}"
        )
    return text


def long_usage(usage: Mapping[str, Any] | None, model: str, lookup: PriceLookup) -> str:
    """``4,160 tokens (160 in, 4,000 out)`` (and the cost with a price), or ""."""
    tokens = usage_tokens(usage)
    if tokens is None:
        return ""
    total, tokens_in, tokens_out = tokens
    if not (tokens_in or tokens_out):
        return short_usage(usage, model, lookup)
    text = QCoreApplication.translate(
        "ImageUsage", "{total} tokens ({tokens_in} in, {tokens_out} out)"
    )
    text = text.format(total=f"{total:,}", tokens_in=f"{tokens_in:,}", tokens_out=f"{tokens_out:,}")
    cost = usage_cost(usage, model, lookup)
    if cost is not None:
        text += " · " + QCoreApplication.translate("ImageUsage", "≈ {cost}").format(
            cost=f"{cost:.4f}"
        )
    return text
