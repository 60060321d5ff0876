"""The offline demo relay: a real OpenAI-compatible HTTP server on 127.0.0.1.

It answers chat (streamed markdown, reasoning, tool calls, structured output, vision), image
generation and image editing deterministically and without network access, and offers fault
models for tests. Used by ``studio --demo``, the tests and the benchmarks::

    from studio.demo import DemoRelay

    with DemoRelay(token_rate=0) as relay:
        print(relay.base_url)  # http://127.0.0.1:<port>/v1

``DemoRelay()`` streams at a realistic pace (about 40 tokens a second, see
:mod:`studio.demo.pace`); ``token_rate=0`` as fast as possible. Run it alone with
``python -m studio.demo [--port N] [--token-rate R]``.
"""

from studio.demo.pace import env_token_rate
from studio.demo.server import DemoRelay, create_app

__all__ = ["DemoRelay", "create_app", "env_token_rate"]
