"""How fast the demo relay writes: a believable pace for people, a fast one for tests.

A :class:`Pace` is a mean token rate, a short "think" before the first token, a jitter on
every token's interval and a small pause after a sentence or a line. The default,
:data:`REALISTIC`, reads like a real model (about 40 tokens a second, the first one after
about half a second). A number chooses a steady pace instead (no think, no jitter, no
pause); ``0`` or less means as fast as possible, which is what the tests and benchmarks use::

    DemoRelay()              # realistic, for people (``studio --demo``)
    DemoRelay(token_rate=0)  # as fast as possible (tests)
    DemoRelay(token_rate=40) # exactly 40 tokens a second

``STUDIO_DEMO_TOKEN_RATE`` chooses the rate of the demo relay ``studio`` starts itself
(:func:`env_token_rate`), and a request may carry ``demo_token_rate`` (see
:mod:`studio.demo.http_util`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

TOKEN_RATE_ENV = "STUDIO_DEMO_TOKEN_RATE"
"""The token rate of the demo relay ``studio`` starts (unset: realistic; ``0``: fastest)."""


@dataclass(frozen=True)
class Pace:
    """``rate`` mean tokens per second (``<= 0``: no waiting at all); ``think`` seconds
    before the first token; each interval varies by up to ``± jitter`` of itself; up to
    ``pause`` extra seconds after a token that ends a sentence or a line."""

    rate: float
    think: float = 0.0
    jitter: float = 0.0
    pause: float = 0.0

    @property
    def unpaced(self) -> bool:
        """Whether tokens go out as fast as possible."""
        return self.rate <= 0


REALISTIC = Pace(rate=55.0, think=0.5, jitter=0.6, pause=0.1)
"""The default: about 40 tokens a second with small natural jitter, like a real model."""


def pace_for(token_rate: float | None) -> Pace:
    """:data:`REALISTIC` for ``None``, else a steady pace at ``token_rate`` (``<= 0``: max)."""
    if token_rate is None:
        return REALISTIC
    return Pace(rate=float(token_rate))


def env_token_rate(environ: Mapping[str, str]) -> float | None:
    """The rate ``STUDIO_DEMO_TOKEN_RATE`` asks for (``None``: unset or not a number)."""
    raw = environ.get(TOKEN_RATE_ENV, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        log.warning("%s=%r is not a number; the demo relay keeps its pace", TOKEN_RATE_ENV, raw)
        return None
    return value
