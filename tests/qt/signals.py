"""Waiting for and recording Qt signals in asyncio tests (no sleeps)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SignalInstance


def expect(
    signal: SignalInstance, where: Callable[..., bool] | None = None
) -> asyncio.Future[tuple[Any, ...]]:
    """A future for the arguments of the next emission of ``signal`` matching ``where``.

    Create it before the action that emits, then await it.
    """
    future: asyncio.Future[tuple[Any, ...]] = asyncio.get_running_loop().create_future()

    def slot(*args: Any) -> None:
        if not future.done() and (where is None or where(*args)):
            future.set_result(args)

    signal.connect(slot)
    future.add_done_callback(lambda _f: signal.disconnect(slot))
    return future


class Recorder:
    """Collects every emission of some signals, as (name, args) pairs, in order."""

    def __init__(self, **signals: SignalInstance) -> None:
        self.events: list[tuple[str, tuple[Any, ...]]] = []
        for name, signal in signals.items():
            signal.connect(lambda *args, _name=name: self.events.append((_name, args)))

    def of(self, name: str) -> list[tuple[Any, ...]]:
        """The arguments of every emission of ``name``."""
        return [args for n, args in self.events if n == name]
