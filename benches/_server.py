"""A loopback SSE server for the benchmarks: the same prepared chat stream, served fast.

The server is a bare asyncio HTTP/1.1 server (keep-alive, chunked transfer-encoding) so the
baseline is as stable and cheap as it can be: every answer is built once, framed once and then
written as pre-made byte strings. It answers

* ``POST …/chat/completions``: the prepared stream (any body; it is read and ignored);
* ``GET /stats``: ``{"connections": n, "requests": m}`` so a benchmark can tell whether a
  client reused its connection.

The stream is the canonical OpenAI chunk shape: ``chunks`` content chunks of mixed English and
Chinese tokens, a finish chunk, a usage chunk and ``data: [DONE]``. The head and the first
content event go out in one write; the rest follows in writes of ``write_size`` bytes (0: one
write). ``first_delay_ms`` holds the first event back after the head (0: no pause at all, so
the figures measure client overhead, not the server).

By default the server runs in a child process (``mode="process"``) so it never competes with
the client for the GIL; ``mode="thread"`` runs it on a background thread instead.
Run this file directly to serve on a port of your choice (``--port 0`` picks one).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ServerMode = Literal["process", "thread"]

TOKENS = (
    "Hello",
    " world",
    "，",
    "你好",
    "世界",
    "。",
    " The",
    " quick",
    " brown",
    " fox",
    " 模型",
    "正在",
    "生成",
    "回答",
    " jumps",
    " over",
    "😀",
    " lazy",
    " dog",
    "！\n",
)
PROMPT_TOKENS = 9


@dataclass(frozen=True)
class StreamSpec:
    """What the server answers with."""

    chunks: int = 64
    write_size: int = 4096
    first_delay_ms: float = 0.0


def token(i: int) -> str:
    """The content of content chunk number ``i``."""
    return TOKENS[i % len(TOKENS)]


def expected_text(chunks: int) -> str:
    """The answer text a client must assemble from a ``chunks``-chunk stream."""
    return "".join(token(i) for i in range(chunks))


def _event(obj: dict[str, object]) -> bytes:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return b"data: " + text.encode() + b"\n\n"


def _chunk(choices: list[dict[str, object]], **extra: object) -> dict[str, object]:
    head: dict[str, object] = {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": "m",
        "choices": choices,
    }
    head.update(extra)
    return head


def stream_events(chunks: int) -> list[bytes]:
    """The SSE events of the stream, one byte string each (``data: …\\n\\n``)."""
    events = [
        _event(_chunk([{"index": 0, "delta": {"content": token(i)}, "finish_reason": None}]))
        for i in range(chunks)
    ]
    events.append(_event(_chunk([{"index": 0, "delta": {}, "finish_reason": "stop"}])))
    usage = {
        "prompt_tokens": PROMPT_TOKENS,
        "completion_tokens": chunks,
        "total_tokens": PROMPT_TOKENS + chunks,
    }
    events.append(_event(_chunk([], usage=usage)))
    events.append(b"data: [DONE]\n\n")
    return events


def stream_body(chunks: int) -> bytes:
    """The whole SSE body of a ``chunks``-chunk stream."""
    return b"".join(stream_events(chunks))


def data_events(chunks: int) -> int:
    """JSON data events in the stream (content chunks + finish + usage; not ``[DONE]``)."""
    return chunks + 2


def _frame(payload: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(payload), payload)


def response_writes(spec: StreamSpec) -> tuple[bytes, list[bytes]]:
    """The first write (head + first event) and the remaining writes, chunk-framed."""
    events = stream_events(spec.chunks)
    head = (
        b"HTTP/1.1 200 OK\r\n"
        b"Content-Type: text/event-stream; charset=utf-8\r\n"
        b"Cache-Control: no-cache\r\n"
        b"Transfer-Encoding: chunked\r\n"
        b"\r\n"
    )
    rest = b"".join(events[1:])
    size = spec.write_size if spec.write_size > 0 else max(len(rest), 1)
    tail = [_frame(rest[i : i + size]) for i in range(0, len(rest), size)]
    tail.append(b"0\r\n\r\n")
    if spec.first_delay_ms > 0:
        return head, [_frame(events[0]), *tail]
    if spec.write_size <= 0:
        return head + _frame(events[0]) + b"".join(tail), []
    return head + _frame(events[0]), tail


class _Handler:
    """Serves one :class:`StreamSpec` and counts connections and requests."""

    def __init__(self, spec: StreamSpec) -> None:
        self.spec = spec
        self.first, self.rest = response_writes(spec)
        self.connections = 0
        self.requests = 0

    async def __call__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while await self._one(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:
            pass  # the server is shutting down (thread mode); end this connection quietly
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await writer.wait_closed()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return False
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or 0)
        if length:
            await reader.readexactly(length)
        self.requests += 1
        keep = headers.get("connection", "").lower() != "close"
        if method == "GET" and path.startswith("/stats"):
            body = json.dumps({"connections": self.connections, "requests": self.requests})
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(body), body.encode())
            )
        elif method == "POST" and path.rstrip("/").endswith("/chat/completions"):
            writer.write(self.first)
            if self.spec.first_delay_ms > 0:
                await writer.drain()
                await asyncio.sleep(self.spec.first_delay_ms / 1000)
            for piece in self.rest:
                writer.write(piece)
                await writer.drain()
        else:
            writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        return keep


async def serve(spec: StreamSpec, port: int, on_ready: Callable[[int], None]) -> None:
    """Serve ``spec`` on ``127.0.0.1:port`` until cancelled; report the bound port."""
    handler = _Handler(spec)
    server = await asyncio.start_server(handler, "127.0.0.1", port, backlog=256)
    async with server:
        on_ready(server.sockets[0].getsockname()[1])
        await server.serve_forever()


class LoopbackServer:
    """Context manager: the bench server on a random loopback port (process or thread)."""

    def __init__(self, spec: StreamSpec, mode: ServerMode = "process") -> None:
        self.spec = spec
        self.mode = mode
        self.port = 0
        self._proc: subprocess.Popen[str] | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def base_url(self) -> str:
        """The API root to give clients (``http://127.0.0.1:PORT/v1``)."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def chat_url(self) -> str:
        """The full chat completions URL."""
        return f"{self.base_url}/chat/completions"

    def __enter__(self) -> LoopbackServer:
        if self.mode == "process":
            self._start_process()
        else:
            self._start_thread()
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
        if self._loop is not None and self._task is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._task.cancel)
            self._thread.join(timeout=5)
            self._loop = self._task = self._thread = None

    def _start_process(self) -> None:
        spec = self.spec
        args = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--port",
            "0",
            "--chunks",
            str(spec.chunks),
            "--write-size",
            str(spec.write_size),
            "--first-delay-ms",
            str(spec.first_delay_ms),
        ]
        self._proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline().strip()
        if not line.startswith("port="):
            self._proc.kill()
            raise RuntimeError(f"bench server did not start: {line!r}")
        self.port = int(line.split("=", 1)[1])

    def _start_thread(self) -> None:
        ready = threading.Event()
        loop = asyncio.new_event_loop()

        def listening(port: int) -> None:
            self.port = port
            ready.set()

        def run() -> None:
            self._task = loop.create_task(serve(self.spec, 0, listening))
            with contextlib.suppress(asyncio.CancelledError):
                loop.run_until_complete(self._task)
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

        self._loop = loop
        self._thread = threading.Thread(target=run, name="bench-server", daemon=True)
        self._thread.start()
        if not ready.wait(timeout=10):
            raise RuntimeError("bench server thread did not start")


def main(argv: list[str] | None = None) -> None:
    """Serve from the command line (used by ``LoopbackServer(mode="process")``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--chunks", type=int, default=StreamSpec.chunks)
    parser.add_argument("--write-size", type=int, default=StreamSpec.write_size)
    parser.add_argument("--first-delay-ms", type=float, default=StreamSpec.first_delay_ms)
    args = parser.parse_args(argv)
    spec = StreamSpec(args.chunks, args.write_size, args.first_delay_ms)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(spec, args.port, lambda port: print(f"port={port}", flush=True)))


if __name__ == "__main__":
    main()
