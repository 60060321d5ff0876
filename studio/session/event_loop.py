"""The one asyncio event loop of the app, which is also the Qt event loop (qasync).

qasync runs Qt's loop instead of asyncio's ``run_forever``, so the hooks asyncio installs there
for async generators are missing: a generator dropped before its end (an HTTP stream left
early) would be finalised without a loop and complain "async generator ignored
GeneratorExit". :func:`async_generator_hooks` restores asyncio's behaviour: such generators are
closed by a task on the loop, and any still open are closed when the app shuts down.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import weakref
from collections.abc import AsyncGenerator, Iterator
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication


def create_event_loop(app: QCoreApplication, *, already_running: bool = False) -> Any:
    """A qasync loop for ``app``, set as the current asyncio loop.

    ``already_running=True`` is for a Qt event loop someone else runs (pytest-qt).
    """
    loop = qasync.QEventLoop(app, already_running=already_running)
    asyncio.set_event_loop(loop)
    return loop


@contextlib.contextmanager
def async_generator_hooks(
    loop: asyncio.AbstractEventLoop,
) -> Iterator[weakref.WeakSet[AsyncGenerator[Any, Any]]]:
    """Close abandoned async generators on ``loop``, as asyncio's own loop does.

    Yields the set of live generators (weakly held); :func:`close_async_generators` closes
    them at shutdown.
    """
    live: weakref.WeakSet[AsyncGenerator[Any, Any]] = weakref.WeakSet()

    def first_iteration(generator: AsyncGenerator[Any, Any]) -> None:
        live.add(generator)

    def finalize(generator: AsyncGenerator[Any, Any]) -> None:
        if not loop.is_closed():
            loop.call_soon_threadsafe(loop.create_task, generator.aclose())

    previous = sys.get_asyncgen_hooks()
    sys.set_asyncgen_hooks(firstiter=first_iteration, finalizer=finalize)
    try:
        yield live
    finally:
        sys.set_asyncgen_hooks(*previous)


async def close_async_generators(live: weakref.WeakSet[AsyncGenerator[Any, Any]]) -> None:
    """Close the async generators still open (call before the loop stops)."""
    generators = list(live)
    live.clear()
    if generators:
        await asyncio.gather(*(g.aclose() for g in generators), return_exceptions=True)
