"""The tokens and the cost of an edit round's answer.

Relays bill image models by tokens (images.md §1.8): the answer's ``usage`` is read in both
shapes — the Images API's ``input_tokens``/``output_tokens`` and the chat-style
``prompt_tokens``/``completion_tokens`` — and priced with the user's prices table
(Settings › Prices, amounts per million tokens) when a price is set for the model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol


class Price(Protocol):
    """A model's price (``studio.session.settings_editor.ModelPrice`` is one)."""

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        """The cost of ``prompt_tokens`` in and ``completion_tokens`` out."""
        ...


PriceLookup = Callable[[str], Price | None]
"""The price of a model by its id (None: no price set)."""


def no_price(_model: str) -> Price | None:
    """The lookup used when there is no prices table: no model has a price."""
    return None


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
    """What the answer cost at the model's price (None without usage, split or price)."""
    tokens = usage_tokens(usage)
    if tokens is None or not (tokens[1] or tokens[2]):
        return None  # a relay that reports only a total gives no split to price
    price = lookup(model)
    return price.cost(tokens[1], tokens[2]) if price is not None else None
