"""A loopback SSE server that streams the long markdown answer at a set pace.

It answers ``POST …/chat/completions`` with :func:`_long_answer.long_answer` cut into
``--chunks`` content chunks, written ``--rate`` chunks per second (one write every 10 ms,
against the clock, so a slow reader does not slow the pace), then a finish chunk, a usage
chunk and ``data: [DONE]``. A request whose body holds ``warm-up`` gets the first 400
chunks at once instead (a short answer to warm the client up with). ``GET /last`` returns
``{"first": t, "last": t}``: the ``time.time()`` of the response's first and last byte,
for the client to compare with its own clock (same machine). It runs in its own process
so it never competes for the GIL.

Run: ``python benches/_paced_server.py --port 0 --chunks 20000 --rate 2000``; it prints
``port=N`` when listening.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path

from _long_answer import long_answer, split_chunks
from _server import _chunk, _event, _frame

TICK_S = 0.010
WARM_UP = "warm-up"
WARM_CHUNKS = 400


def answer_events(chunks: int) -> list[bytes]:
    """The SSE events: content chunks, the finish chunk, usage and [DONE]."""
    pieces = split_chunks(long_answer(), chunks)
    events = [
        _event(_chunk([{"index": 0, "delta": {"content": p}, "finish_reason": None}]))
        for p in pieces
    ]
    events.append(_event(_chunk([{"index": 0, "delta": {}, "finish_reason": "stop"}])))
    usage = {"prompt_tokens": 12, "completion_tokens": chunks, "total_tokens": chunks + 12}
    events.append(_event(_chunk([], usage=usage)))
    events.append(b"data: [DONE]\n\n")
    return events


class _Handler:
    def __init__(self, chunks: int, rate: float) -> None:
        self.events = answer_events(chunks)
        self.warm = [*self.events[:WARM_CHUNKS], *self.events[-3:]]
        self.per_tick = max(1, round(rate * TICK_S))
        self.first = 0.0
        self.last = 0.0

    async def __call__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while await self._one(reader, writer):
                pass
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = lines[0].split(" ", 2)
        length = 0
        body = b""
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip() or 0)
        if length:
            body = await reader.readexactly(length)
        if method == "GET" and path.startswith("/last"):
            body = json.dumps({"first": self.first, "last": self.last}).encode()
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
            )
            await writer.drain()
            return True
        if not (method == "POST" and path.rstrip("/").endswith("/chat/completions")):
            writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
            return True
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
            b"Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        await writer.drain()
        if WARM_UP.encode() in body:
            writer.write(_frame(b"".join(self.warm)) + b"0\r\n\r\n")
            await writer.drain()
            return True
        self.first = time.time()
        loop = asyncio.get_running_loop()
        start = loop.time()
        events = self.events
        for tick, at in enumerate(range(0, len(events), self.per_tick)):
            delay = start + tick * TICK_S - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            writer.write(_frame(b"".join(events[at : at + self.per_tick])))
            await writer.drain()
        writer.write(b"0\r\n\r\n")
        await writer.drain()
        self.last = time.time()
        return True


class PacedServer:
    """Context manager: the paced server in a child process on a random loopback port."""

    def __init__(self, chunks: int, rate: float) -> None:
        self.chunks, self.rate = chunks, rate
        self.port = 0
        self._proc: subprocess.Popen[str] | None = None

    @property
    def base_url(self) -> str:
        """The API root (``http://127.0.0.1:PORT/v1``)."""
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> PacedServer:
        args = [sys.executable, str(Path(__file__).resolve()), "--port", "0"]
        args += ["--chunks", str(self.chunks), "--rate", str(self.rate)]
        self._proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline().strip()
        if not line.startswith("port="):
            self._proc.kill()
            raise RuntimeError(f"paced server did not start: {line!r}")
        self.port = int(line.split("=", 1)[1])
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = None


async def _serve(port: int, chunks: int, rate: float) -> None:
    server = await asyncio.start_server(_Handler(chunks, rate), "127.0.0.1", port)
    async with server:
        print(f"port={server.sockets[0].getsockname()[1]}", flush=True)
        await server.serve_forever()


def main() -> None:
    """Serve until terminated."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--chunks", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=2_000.0)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.port, args.chunks, args.rate))


if __name__ == "__main__":
    main()
