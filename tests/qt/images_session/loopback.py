"""A tiny HTTP/1.1 relay on 127.0.0.1 for the image session tests, run on the test's loop.

Each path answers with scripted :class:`Answer` objects, in order (the last one repeats). An
answer can be held back by an :class:`asyncio.Event` (``gate``); while it waits, the server
watches the socket, so a test can tell that the client closed the connection
(``Seen.closed``). Every request is recorded, so a test can count them (no retry).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any


@dataclass
class Answer:
    """One scripted answer: ``body`` is bytes, text, or an object sent as JSON."""

    status: int = 200
    body: Any = b""
    content_type: str = "application/json"
    gate: asyncio.Event | None = None


@dataclass
class Seen:
    """A request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    """Set when the client closed the connection while the answer was held back."""

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


class Loopback:
    """The server; ``await start()``, point a client at :attr:`base_url`, ``await aclose()``."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self._answers: dict[str, list[Answer]] = {}
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._arrived = asyncio.Condition()
        self.port = 0

    @property
    def base_url(self) -> str:
        """The API root for ``ProviderConfig``."""
        return f"http://127.0.0.1:{self.port}/v1"

    def url(self, path: str) -> str:
        """An absolute URL on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, path: str, *answers: Answer) -> None:
        """Answer ``path`` with ``answers`` in order; the last one repeats."""
        self._answers[path] = list(answers)

    def to(self, path: str) -> list[Seen]:
        """The requests that reached ``path``."""
        return [seen for seen in self.requests if seen.path == path]

    async def wait_for_requests(self, count: int) -> None:
        """Wait until ``count`` requests have arrived."""
        async with self._arrived:
            await self._arrived.wait_for(lambda: len(self.requests) >= count)

    async def start(self) -> Loopback:
        """Listen on a random loopback port."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def aclose(self) -> None:
        """Stop listening and drop every open connection."""
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 5)
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            seen = await self._read(reader)
            if seen is None:
                return
            async with self._arrived:
                self.requests.append(seen)
                self._arrived.notify_all()
            answers = self._answers.get(seen.path) or [
                Answer(404, {"error": {"message": f"nothing scripted for {seen.path}"}})
            ]
            answer = answers.pop(0) if len(answers) > 1 else answers[0]
            if answer.gate is not None and not await self._hold(reader, answer.gate):
                seen.closed.set()
                return
            writer.write(_response(answer))
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._writers.discard(writer)
            writer.transport.abort()

    @staticmethod
    async def _read(reader: asyncio.StreamReader) -> Seen | None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            return None
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
        return Seen(method, target.split("?", 1)[0], headers, body)

    @staticmethod
    async def _hold(reader: asyncio.StreamReader, gate: asyncio.Event) -> bool:
        """Wait for ``gate``; False if the client hung up first."""
        opened = asyncio.ensure_future(gate.wait())
        eof = asyncio.ensure_future(reader.read(1))
        try:
            while not opened.done():
                await asyncio.wait({opened, eof}, return_when=asyncio.FIRST_COMPLETED)
                if eof.done():
                    try:
                        data = eof.result()
                    except (ConnectionError, OSError):
                        data = b""
                    if not data:
                        return False
                    eof = asyncio.ensure_future(reader.read(1))  # stray bytes: keep watching
            return True
        finally:
            for pending in (opened, eof):
                pending.cancel()
                with contextlib.suppress(BaseException):
                    await pending


def _response(answer: Answer) -> bytes:
    if isinstance(answer.body, bytes):
        body = answer.body
    elif isinstance(answer.body, str):
        body = answer.body.encode("utf-8")
    else:
        body = json.dumps(answer.body).encode("utf-8")
    reason = HTTPStatus(answer.status).phrase
    head = (
        f"HTTP/1.1 {answer.status} {reason}\r\n"
        f"Content-Type: {answer.content_type}\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body
