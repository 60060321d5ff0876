"""What the views need of a model's price (Settings › Prices): the chat's answers and the
image jobs show their cost with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Price(Protocol):
    """A model's price (see studio.session.settings_editor.ModelPrice)."""

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        """The cost of ``prompt_tokens`` in and ``completion_tokens`` out."""
        ...


PriceLookup = Callable[[str], Price | None]
"""The price of a model by its id (None: no price set)."""


def no_price(_model: str) -> Price | None:
    """The lookup used until one is set: no model has a price."""
    return None
