"""A scriptable loopback HTTP server for Images API tests.

A Starlette app served by uvicorn on the test's own event loop, listening on two loopback
hosts (``127.0.0.1`` = the API host, ``127.0.0.2`` = "another host", e.g. a CDN). Each path
answers with scripted :class:`Reply` objects; every request is recorded with its headers,
raw body, parsed JSON or parsed multipart parts (python-multipart via Starlette).

Because the server shares the test's loop, an :class:`asyncio.Event` can hold an answer
back until the test releases it: no sleeps needed.

    async with ImageServer() as server:
        server.script("/v1/images/generations", Reply(body={"data": [...]}))
        ... ProviderConfig(base_url=server.base_url) ...
        assert server.requests[0].json == {...}
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

API_HOST = "127.0.0.1"
OTHER_HOST = "127.0.0.2"


class Cut:
    """Put in ``Reply.chunks``: drop the connection there, without ending the answer."""


class _HideCuts(logging.Filter):
    """Keep uvicorn from printing a traceback for a connection a test cut on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        while exc is not None:
            if isinstance(exc, _CutError):
                return False
            exc = exc.__cause__ or exc.__context__
        return True


class _CutError(ConnectionAbortedError):
    """Raised inside the app to make uvicorn drop the connection."""


@dataclass
class Reply:
    """One scripted answer.

    ``body`` may be bytes, text, or a JSON-able object (sent as JSON). ``chunks`` streams the
    body piece by piece instead; an :class:`asyncio.Event` among the chunks pauses the
    answer until the test sets it (a chunked answer has no Content-Length); a :class:`Cut`
    drops the connection mid-answer. ``wait`` holds
    back the whole answer, headers too.
    """

    status: int = 200
    body: Any = b""
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    chunks: Sequence[bytes | asyncio.Event | Cut] | None = None
    wait: asyncio.Event | None = None


@dataclass(frozen=True)
class FilePart:
    """One file part of a multipart request."""

    name: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class Recorded:
    """A request as the server received it."""

    method: str
    path: str
    host: str
    headers: dict[str, str]
    body: bytes
    json: Any = None
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[FilePart] = field(default_factory=list)

    def field(self, name: str) -> str | None:
        """The first form field called ``name``."""
        return next((value for key, value in self.fields if key == name), None)

    def files_named(self, name: str) -> list[FilePart]:
        """Every file part called ``name``, in order."""
        return [part for part in self.files if part.name == name]


class ImageServer:
    """The scriptable server; use as ``async with ImageServer() as server``."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._scripts: dict[str, list[Reply]] = {}
        self._gates: list[asyncio.Event] = []
        self._arrived = asyncio.Condition()
        self._sockets: list[socket.socket] = []
        self._server: uvicorn.Server | None = None
        self.port = 0
        self.other_port = 0
        self._filter = _HideCuts()

    # -- scripting ----------------------------------------------------------------------

    def script(self, path: str, *replies: Reply) -> None:
        """Answer ``path`` with ``replies`` in order; the last one repeats."""
        self._scripts[path] = list(replies)

    def gate(self) -> asyncio.Event:
        """An event to hold an answer back; all gates are opened when the server stops."""
        event = asyncio.Event()
        self._gates.append(event)
        return event

    @property
    def base_url(self) -> str:
        """The API root to put in ProviderConfig."""
        return f"http://{API_HOST}:{self.port}/v1"

    def url(self, path: str) -> str:
        """A URL on the API host."""
        return f"http://{API_HOST}:{self.port}{path}"

    def other_url(self, path: str) -> str:
        """A URL on another host (127.0.0.2), served by the same app."""
        return f"http://{OTHER_HOST}:{self.other_port}{path}"

    def requests_to(self, path: str) -> list[Recorded]:
        """The recorded requests for ``path``."""
        return [request for request in self.requests if request.path == path]

    async def wait_for_requests(self, count: int) -> None:
        """Wait until ``count`` requests have arrived."""
        async with self._arrived:
            await self._arrived.wait_for(lambda: len(self.requests) >= count)

    # -- lifecycle ----------------------------------------------------------------------

    async def __aenter__(self) -> ImageServer:
        for host in (API_HOST, OTHER_HOST):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, 0))
            sock.listen(64)
            sock.setblocking(False)
            self._sockets.append(sock)
        self.port = self._sockets[0].getsockname()[1]
        self.other_port = self._sockets[1].getsockname()[1]
        app = Starlette(routes=[Route("/{path:path}", self._handle, methods=["GET", "POST"])])
        config = uvicorn.Config(
            app, lifespan="off", log_level="warning", access_log=False, timeout_graceful_shutdown=5
        )
        config.load()
        logging.getLogger("uvicorn.error").addFilter(self._filter)
        server = uvicorn.Server(config)
        server.lifespan = config.lifespan_class(config)
        # startup() rather than serve(): serve() would take over the process's signals.
        await server.startup(sockets=self._sockets)
        self._server = server
        return self

    async def __aexit__(self, *exc: object) -> None:
        for gate in self._gates:
            gate.set()
        if self._server is not None:
            await self._server.shutdown(sockets=self._sockets)
            self._server = None
        logging.getLogger("uvicorn.error").removeFilter(self._filter)

    # -- handling -----------------------------------------------------------------------

    async def _handle(self, request: Request) -> Response:
        recorded = await self._record(request)
        async with self._arrived:
            self.requests.append(recorded)
            self._arrived.notify_all()
        replies = self._scripts.get(recorded.path)
        if not replies:
            return Response(
                b'{"error":{"message":"not scripted"}}', 404, media_type="application/json"
            )
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        if reply.wait is not None:
            await reply.wait.wait()
        body, media_type = _encode(reply.body, reply.content_type)
        if reply.chunks is None:
            return Response(body, reply.status, headers=dict(reply.headers), media_type=media_type)
        return StreamingResponse(
            _pieces(reply.chunks), reply.status, headers=dict(reply.headers), media_type=media_type
        )

    async def _record(self, request: Request) -> Recorded:
        body = await request.body()
        server = request.scope.get("server") or ("", 0)
        recorded = Recorded(
            method=request.method,
            path=request.url.path,
            host=str(server[0]),
            headers={key.lower(): value for key, value in request.headers.items()},
            body=body,
        )
        ctype = request.headers.get("content-type", "")
        if ctype.startswith("application/json"):
            recorded.json = json.loads(body)
        elif ctype.startswith("multipart/form-data"):
            async with request.form(max_part_size=64 * 1024 * 1024) as form:
                for key, value in form.multi_items():
                    if isinstance(value, UploadFile):
                        data = await value.read()
                        recorded.files.append(
                            FilePart(key, value.filename, value.content_type, data)
                        )
                    else:
                        recorded.fields.append((key, value))
        return recorded


def _encode(body: Any, content_type: str | None) -> tuple[bytes, str]:
    if isinstance(body, bytes):
        return body, content_type or "application/json"
    if isinstance(body, str):
        return body.encode("utf-8"), content_type or "application/json"
    return json.dumps(body).encode("utf-8"), content_type or "application/json"


async def _pieces(chunks: Sequence[bytes | asyncio.Event | Cut]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        if isinstance(chunk, asyncio.Event):
            await chunk.wait()
        elif isinstance(chunk, Cut):
            # uvicorn closes the socket when the app fails after the headers went out.
            raise _CutError("cut by the test")
        else:
            yield chunk


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (8, 6), color: tuple[int, ...] = (200, 30, 30)
) -> bytes:
    """A real, small image made with Pillow in ``fmt`` (PNG, JPEG, WEBP, GIF, ...)."""
    import io

    from PIL import Image

    mode = "RGBA" if len(color) == 4 else "RGB"
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, format=fmt)
    return out.getvalue()


def b64(data: bytes) -> str:
    """Standard base64 text of ``data``."""
    import base64

    return base64.b64encode(data).decode("ascii")
