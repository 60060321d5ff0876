"""Stream parse throughput: Studio's service layer against the official ``openai`` package.

Both clients read the SAME prepared stream (``--chunks`` content chunks of mixed English and
Chinese, a finish chunk, a usage chunk, ``[DONE]``) in the same run, alternating repetition by
repetition. An "event" is one JSON data event of the stream (content chunks + finish + usage),
so both sides count the same number: Studio yields one ``TextDelta`` per content chunk plus a
``Usage`` and a ``Finish``; ``openai`` yields one ``ChatCompletionChunk`` per data event. Each
side also rebuilds the answer text, and the run stops if either gets it wrong.

Figures:

* loopback: a real HTTP request to the loopback server, timed from the request to the end of
  the stream (Studio on httpx, ``openai`` on its own HTTP stack);
* no socket: the same clients over an in-memory transport (``httpx.MockTransport`` /
  ``httpx2.MockTransport``) that hands over the prepared bytes in 4 KB pieces;
* pure parse (Studio only): ``SseParser`` + ``json.loads`` + ``ChunkAssembler`` over the
  prepared bytes, no HTTP at all;
* floor: a raw ``httpx`` read of the loopback stream (bytes only, nothing parsed).

Run alone: ``.venv/bin/python benches/bench_parse.py [--chunks 20000 --parse-reps 5]``.
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import gc
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import openai
from _common import Row, machine, median, table
from _server import LoopbackServer, ServerMode, StreamSpec, data_events, expected_text, stream_body
from openai.types.chat import ChatCompletionMessageParam

from studio.api import events as ev
from studio.api.assemble import ChunkAssembler
from studio.api.chat import ChatRequest
from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.api.sse import SseEvent, SseParser

API_KEY = "sk-bench"
MESSAGES: list[ChatCompletionMessageParam] = [{"role": "user", "content": "hi"}]
PIECE = 4096
GOAL_LOOPBACK = 1.0
GOAL_NO_SOCKET = 1.0

Probe = Callable[[], Awaitable[int]]


def _pieces(body: bytes) -> list[bytes]:
    return [body[i : i + PIECE] for i in range(0, len(body), PIECE)]


class StudioReader:
    """Drains ``ApiClient.chat`` and checks the answer."""

    def __init__(self, client: ApiClient, text: str) -> None:
        self.client = client
        self.text = text
        self.request = ChatRequest(model="m", messages=MESSAGES)

    async def __call__(self) -> int:
        """Read one answer; return the number of events."""
        count = 0
        parts: list[str] = []
        async for event in self.client.chat(self.request):
            count += 1
            if type(event) is ev.TextDelta:
                parts.append(event.text)
        if "".join(parts) != self.text:
            raise RuntimeError("studio: the assembled answer differs from the stream")
        return count


class OpenAIReader:
    """Drains ``chat.completions.create(stream=True)`` and checks the answer."""

    def __init__(self, client: openai.AsyncOpenAI, text: str) -> None:
        self.client = client
        self.text = text

    async def __call__(self) -> int:
        """Read one answer; return the number of chunks."""
        count = 0
        parts: list[str] = []
        stream = await self.client.chat.completions.create(
            model="m", messages=MESSAGES, stream=True, stream_options={"include_usage": True}
        )
        async with stream:
            async for chunk in stream:
                count += 1
                if chunk.choices:
                    content = chunk.choices[0].delta.content
                    if content:
                        parts.append(content)
        if "".join(parts) != self.text:
            raise RuntimeError("openai: the assembled answer differs from the stream")
        return count


class RawReader:
    """The floor: all bytes of the answer through httpx, nothing parsed."""

    def __init__(self, client: httpx.AsyncClient, url: str, size: int) -> None:
        self.client = client
        self.url = url
        self.size = size
        self.body = ChatRequest(model="m", messages=MESSAGES).to_body()
        self.headers = {"Authorization": f"Bearer {API_KEY}", "Accept": "text/event-stream"}

    async def __call__(self) -> int:
        """Read one answer; return the number of bytes (checked against the stream)."""
        size = 0
        async with self.client.stream("POST", self.url, json=self.body, headers=self.headers) as r:
            async for piece in r.aiter_raw():
                size += len(piece)
        if size != self.size:
            raise RuntimeError(f"raw: read {size} bytes, expected {self.size}")
        return size


def pure_parse(pieces: list[bytes]) -> int:
    """Studio's parse path with no HTTP: decode, SSE, JSON, assemble. Returns events."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    parser = SseParser()
    assembler = ChunkAssembler()
    count = 0
    done = False
    for piece in pieces:
        for item in parser.feed(decoder.decode(piece)):
            if not isinstance(item, SseEvent):
                continue
            if item.data.startswith("[DONE]"):
                done = True
                break
            count += len(assembler.feed_chunk(json.loads(item.data)))
        if done:
            break
    closing, complete = assembler.finish()
    if not complete:
        raise RuntimeError("pure parse: the stream did not finish")
    return count + len(closing)


def _studio_mock(pieces: list[bytes]) -> httpx.MockTransport:
    async def body() -> AsyncIterator[bytes]:
        for piece in pieces:
            yield piece

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body())

    return httpx.MockTransport(handler)


def _openai_mock(pieces: list[bytes]) -> Any:
    import httpx2

    async def body() -> AsyncIterator[bytes]:
        for piece in pieces:
            yield piece

    def handler(request: Any) -> Any:
        return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=body())

    return httpx2.AsyncClient(transport=httpx2.MockTransport(handler))


async def _paired(sides: dict[str, Probe], reps: int, warmup: int) -> dict[str, list[float]]:
    """Seconds per answer for each side, alternating the order every repetition."""
    for _ in range(warmup):
        for probe in sides.values():
            await probe()
    times: dict[str, list[float]] = {name: [] for name in sides}
    names = list(sides)
    for i in range(reps):
        gc.collect()
        for name in names if i % 2 == 0 else names[::-1]:
            t0 = time.perf_counter_ns()
            await sides[name]()
            times[name].append((time.perf_counter_ns() - t0) / 1e9)
    return times


async def measure(
    chunks: int, reps: int, warmup: int, mode: ServerMode, write_size: int = 4096
) -> tuple[list[Row], dict[str, Any]]:
    """Run the benchmark; return table rows and the detailed figures."""
    text = expected_text(chunks)
    events = data_events(chunks)
    body = stream_body(chunks)
    pieces = _pieces(body)

    with LoopbackServer(StreamSpec(chunks, write_size), mode=mode) as server:
        studio_client = ApiClient(ProviderConfig(base_url=server.base_url, api_key=API_KEY))
        openai_client = openai.AsyncOpenAI(base_url=server.base_url, api_key=API_KEY, max_retries=0)
        raw_client = httpx.AsyncClient()
        try:
            loop_times = await _paired(
                {
                    "studio": StudioReader(studio_client, text),
                    "openai": OpenAIReader(openai_client, text),
                    "floor": RawReader(raw_client, server.chat_url, len(body)),
                },
                reps,
                warmup,
            )
        finally:
            await studio_client.aclose()
            await openai_client.close()
            await raw_client.aclose()

    mock_url = "http://bench.invalid/v1"
    studio_mock = ApiClient(
        ProviderConfig(base_url=mock_url, api_key=API_KEY), transport=_studio_mock(pieces)
    )
    openai_mock = openai.AsyncOpenAI(
        base_url=mock_url, api_key=API_KEY, max_retries=0, http_client=_openai_mock(pieces)
    )
    try:
        mock_times = await _paired(
            {"studio": StudioReader(studio_mock, text), "openai": OpenAIReader(openai_mock, text)},
            reps,
            warmup,
        )
    finally:
        await studio_mock.aclose()
        await openai_mock.close()

    pure: list[float] = []
    for _ in range(warmup + reps):
        gc.collect()
        t0 = time.perf_counter_ns()
        got = pure_parse(pieces)
        pure.append((time.perf_counter_ns() - t0) / 1e9)
        if got != events:
            raise RuntimeError(f"pure parse: {got} events, expected {events}")
    pure = pure[warmup:]

    def rate(samples: list[float]) -> float:
        return events / median(samples)

    rows = [
        Row(
            "parse loopback (vs openai)",
            "events/s",
            rate(loop_times["studio"]),
            rate(loop_times["openai"]),
            GOAL_LOOPBACK,
            lower_is_better=False,
        ),
        Row(
            "parse no socket (vs openai)",
            "events/s",
            rate(mock_times["studio"]),
            rate(mock_times["openai"]),
            GOAL_NO_SOCKET,
            lower_is_better=False,
        ),
        Row("parse pure, studio only", "events/s", rate(pure), None, lower_is_better=False),
    ]
    detail: dict[str, Any] = {
        "chunks": chunks,
        "events": events,
        "bytes": len(body),
        "loopback": loop_times,
        "mock": mock_times,
        "pure": pure,
        "openai": openai.__version__,
    }
    return rows, detail


def report(rows: list[Row], detail: dict[str, Any]) -> str:
    """Human-readable figures of one run."""
    events = detail["events"]
    lines = [
        f"parse throughput: {detail['chunks']:,} content chunks = {events:,} data events, "
        f"{detail['bytes'] / 1e6:.2f} MB; openai {detail['openai']}, httpx {httpx.__version__}"
    ]
    for label in ("loopback", "mock"):
        for side, samples in detail[label].items():
            med = median(samples)
            unit = "MB/s of bytes" if side == "floor" else "events/s"
            value = detail["bytes"] / med / 1e6 if side == "floor" else events / med
            lines.append(
                f"  {label:8} {side:6} n={len(samples)}  median {med * 1000:8.1f} ms"
                f"  (min {min(samples) * 1000:8.1f} ms)  {value:,.0f} {unit}"
            )
    pure = detail["pure"]
    lines.append(
        f"  pure     studio n={len(pure)}  median {median(pure) * 1000:8.1f} ms"
        f"  (min {min(pure) * 1000:8.1f} ms)  {events / median(pure):,.0f} events/s"
    )
    lines.append("")
    lines.append(table(rows))
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser, *, server: bool = True) -> None:
    """The flags of this benchmark (run.py adds ``--server`` once for all)."""
    parser.add_argument("--chunks", type=int, default=20_000, help="content chunks per answer")
    parser.add_argument("--parse-reps", type=int, default=3, help="timed answers per side")
    parser.add_argument("--parse-warmup", type=int, default=1, help="untimed answers per side")
    if server:
        parser.add_argument("--server", choices=("process", "thread"), default="process")
        parser.add_argument(
            "--write-size", type=int, default=4096, help="server write size (0: one write)"
        )


def run(args: argparse.Namespace) -> tuple[list[Row], str]:
    """Run with parsed ``args``; return the rows and the printed report."""
    rows, detail = asyncio.run(
        measure(args.chunks, args.parse_reps, args.parse_warmup, args.server, args.write_size)
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
