"""Time to first token: Studio's service layer against a raw httpx read of the same stream.

Both sides talk to the same loopback server in the same run, with the same request body and
headers, and alternate request by request so that drift hits both equally.

* raw: ``httpx.AsyncClient.stream("POST", …)`` → the first ``aiter_raw`` piece holding
  ``"content"`` (no decoding, no JSON: the floor any client pays);
* studio: ``ApiClient.chat(ChatRequest(…))`` → the first ``events.TextDelta``.

The clock starts before the request is built and stops at the first token; each answer is then
read to the end (untimed) so the connection can go back to the pool. Three variants:

* warm: one long-lived client per side (connections are reused when the client allows it);
* new-conn: the same long-lived clients, but every request sends ``Connection: close`` so each
  one opens a fresh TCP connection (isolates connect cost from client construction);
* cold: a new client for every request, built inside the timed span. ``httpx.AsyncClient()``
  loads the system CA bundle into an SSL context even for plain http, so on a slow machine
  this variant mostly measures that (both sides pay it).

The server writes the head and first event at once (no artificial delay), so the figures are
client overhead. Run alone: ``.venv/bin/python benches/bench_ttft.py [--reps 200]``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from _common import Row, machine, median, percentile, table
from _server import LoopbackServer, ServerMode, StreamSpec, expected_text

from studio.api import events as ev
from studio.api.chat import ChatRequest
from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig

API_KEY = "sk-bench"
GOAL_WARM = 1.25
GOAL_NEW_CONN = 1.25
GOAL_COLD = 1.25
CLOSE = {"Connection": "close"}

Probe = Callable[[], Awaitable[tuple[int, int]]]


def _request() -> ChatRequest:
    return ChatRequest(model="m", messages=[{"role": "user", "content": "hi"}])


class RawSide:
    """The baseline: bytes off the socket through httpx, nothing parsed."""

    def __init__(self, server: LoopbackServer, chunks: int) -> None:
        self.url = server.chat_url
        self.body = _request().to_body()
        self.headers = {"Authorization": f"Bearer {API_KEY}", "Accept": "text/event-stream"}
        self.client = httpx.AsyncClient()
        self.size = len(expected_text(chunks).encode())

    async def _once(
        self, client: httpx.AsyncClient, t0: int, extra: dict[str, str] | None = None
    ) -> tuple[int, int]:
        first = 0
        tail = b""
        headers = {**self.headers, **extra} if extra else self.headers
        async with client.stream("POST", self.url, json=self.body, headers=headers) as r:
            async for piece in r.aiter_raw():
                if not first:
                    if b'"content"' in tail + piece:
                        first = time.perf_counter_ns()
                    tail = piece[-16:]
        end = time.perf_counter_ns()
        if not first:
            raise RuntimeError("raw: no content in the stream")
        return first - t0, end - t0

    async def warm(self) -> tuple[int, int]:
        """One request on the long-lived client: (ns to first token, ns to end)."""
        return await self._once(self.client, time.perf_counter_ns())

    async def new_conn(self) -> tuple[int, int]:
        """One request on the long-lived client over a fresh connection."""
        return await self._once(self.client, time.perf_counter_ns(), CLOSE)

    async def cold(self) -> tuple[int, int]:
        """One request on a brand-new client (built inside the timed span)."""
        t0 = time.perf_counter_ns()
        async with httpx.AsyncClient() as client:
            return await self._once(client, t0)

    async def aclose(self) -> None:
        """Close the long-lived client."""
        await self.client.aclose()


class StudioSide:
    """Studio's service layer: typed events from ``ApiClient.chat``."""

    def __init__(self, server: LoopbackServer, chunks: int) -> None:
        self.config = ProviderConfig(base_url=server.base_url, api_key=API_KEY)
        self.client = ApiClient(self.config)
        self.closing = ApiClient(
            ProviderConfig(base_url=server.base_url, api_key=API_KEY, extra_headers=CLOSE)
        )
        self.request = _request()
        self.text = expected_text(chunks)

    async def _once(self, client: ApiClient, t0: int) -> tuple[int, int]:
        first = 0
        parts: list[str] = []
        async for event in client.chat(self.request):
            if type(event) is ev.TextDelta:
                if not first:
                    first = time.perf_counter_ns()
                parts.append(event.text)
        end = time.perf_counter_ns()
        if "".join(parts) != self.text:
            raise RuntimeError("studio: the assembled answer differs from the stream")
        return first - t0, end - t0

    async def warm(self) -> tuple[int, int]:
        """One request on the long-lived client: (ns to first token, ns to end)."""
        return await self._once(self.client, time.perf_counter_ns())

    async def new_conn(self) -> tuple[int, int]:
        """One request on a long-lived client that sends ``Connection: close``."""
        return await self._once(self.closing, time.perf_counter_ns())

    async def cold(self) -> tuple[int, int]:
        """One request on a brand-new ``ApiClient`` (built inside the timed span)."""
        t0 = time.perf_counter_ns()
        client = ApiClient(self.config)
        try:
            return await self._once(client, t0)
        finally:
            await client.aclose()

    async def aclose(self) -> None:
        """Close the long-lived clients."""
        await self.client.aclose()
        await self.closing.aclose()


async def _stats(port: int) -> dict[str, int]:
    async with httpx.AsyncClient() as client:
        r = await client.get(f"http://127.0.0.1:{port}/stats")
        data: dict[str, int] = r.json()
        return data


async def _connections_per_request(port: int, probe: Probe, n: int) -> float:
    """Run ``probe`` n times; new server connections per request (1.0 = no reuse)."""
    before = await _stats(port)
    for _ in range(n):
        await probe()
    after = await _stats(port)
    return (after["connections"] - before["connections"] - 1) / n


async def _paired(raw: Probe, studio: Probe, reps: int) -> dict[str, list[int]]:
    """Alternate the two sides (raw first on even reps, studio first on odd ones)."""
    out: dict[str, list[int]] = {"raw": [], "studio": [], "raw_end": [], "studio_end": []}
    gc.collect()
    for i in range(reps):
        order = (("raw", raw), ("studio", studio))
        for name, probe in order if i % 2 == 0 else order[::-1]:
            first, end = await probe()
            out[name].append(first)
            out[f"{name}_end"].append(end)
    return out


def _us(samples: list[int]) -> tuple[float, float]:
    return median(samples) / 1000, percentile(samples, 95) / 1000


async def measure(
    reps: int,
    cold_reps: int,
    warmup: int,
    spec: StreamSpec,
    mode: ServerMode,
) -> tuple[list[Row], dict[str, Any]]:
    """Run the benchmark; return table rows and the detailed figures."""
    chunks = spec.chunks
    with LoopbackServer(spec, mode=mode) as server:
        raw, studio = RawSide(server, chunks), StudioSide(server, chunks)
        try:
            reuse = {
                "raw": await _connections_per_request(server.port, raw.warm, warmup),
                "studio": await _connections_per_request(server.port, studio.warm, warmup),
            }
            warm = await _paired(raw.warm, studio.warm, reps)
            for _ in range(warmup):
                await raw.new_conn()
                await studio.new_conn()
            new_conn = await _paired(raw.new_conn, studio.new_conn, reps)
            for _ in range(min(warmup, 10)):
                await raw.cold()
                await studio.cold()
            cold = await _paired(raw.cold, studio.cold, cold_reps)
        finally:
            await raw.aclose()
            await studio.aclose()
    detail: dict[str, Any] = {"reuse": reuse, "warm": warm, "new-conn": new_conn, "cold": cold}
    rows: list[Row] = []
    for label, goal in (("warm", GOAL_WARM), ("new-conn", GOAL_NEW_CONN), ("cold", GOAL_COLD)):
        data = detail[label]
        s_med, s_p95 = _us(data["studio"])
        r_med, r_p95 = _us(data["raw"])
        rows.append(Row(f"ttft {label} median", "µs", s_med, r_med, goal))
        rows.append(Row(f"ttft {label} p95", "µs", s_p95, r_p95, None))
    return rows, detail


def report(rows: list[Row], detail: dict[str, Any]) -> str:
    """Human-readable figures of one run."""
    lines = ["time to first token (studio = ApiClient.chat, baseline = raw httpx bytes)"]
    for label in ("warm", "new-conn", "cold"):
        data = detail[label]
        for side in ("raw", "studio"):
            med, p95 = _us(data[side])
            end_med, _ = _us(data[f"{side}_end"])
            lines.append(
                f"  {label:8} {side:6} n={len(data[side]):4}  first token median {med:8.1f} µs"
                f"  p95 {p95:8.1f} µs   whole answer median {end_med:8.1f} µs"
            )
    reuse = detail["reuse"]
    lines.append(
        "  new connections per warm request: "
        f"raw {reuse['raw']:.2f}, studio {reuse['studio']:.2f} (0 = connection reused)"
    )
    lines.append("")
    lines.append(table(rows))
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of this benchmark (shared with run.py)."""
    parser.add_argument(
        "--reps", type=int, default=200, help="timed warm and new-conn requests per side"
    )
    parser.add_argument("--cold-reps", type=int, default=50, help="timed cold requests per side")
    parser.add_argument("--warmup", type=int, default=30, help="untimed requests per side first")
    parser.add_argument("--ttft-chunks", type=int, default=64, help="content chunks per answer")
    parser.add_argument("--first-delay-ms", type=float, default=0.0)
    parser.add_argument("--server", choices=("process", "thread"), default="process")
    parser.add_argument(
        "--write-size", type=int, default=4096, help="server write size in bytes (0: one write)"
    )


def run(args: argparse.Namespace) -> tuple[list[Row], str]:
    """Run with parsed ``args``; return the rows and the printed report."""
    rows, detail = asyncio.run(
        measure(
            args.reps,
            args.cold_reps,
            args.warmup,
            StreamSpec(args.ttft_chunks, args.write_size, args.first_delay_ms),
            args.server,
        )
    )
    return rows, report(rows, detail)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    print(machine())
    _, text = run(args)
    print(text)


if __name__ == "__main__":
    main()
