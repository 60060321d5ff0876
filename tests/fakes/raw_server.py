"""A loopback HTTP/1.1 server that writes exactly the bytes a test scripts.

Relays misbehave at the byte level (CRLF split across TCP reads, UTF-8 split inside a code
point, events with no trailing blank line, cut connections), so the conformance tests need a
server that does not tidy anything up. :class:`RawServer` listens on ``127.0.0.1`` on a random
port, records every request (method, path, headers, body) and answers request number *i* with
script number *i* (the last script repeats when the client sends more requests than scripted).

A script is a list of steps:

* ``bytes``: written as one ``write`` + ``drain``; the server then yields to the event loop a
  few times so that the client (running on the same loop) reads it as a separate TCP read;
* :class:`Gate`: wait until the test opens it (to hold an answer, or cut it at a chosen moment);
* :class:`Delay`: wait a number of seconds (a slow trickle, never used to synchronise);
* :class:`Close`: close the socket cleanly (FIN);
* :class:`Reset`: abort the connection with a TCP RST;
* :class:`Hang`: never answer again.

While the server waits at a Gate, a Delay or a Hang it watches the socket, so a test can tell
that the client closed the connection (``RecordedRequest.client_closed``).

Helpers build response heads with ``Content-Length``, chunked transfer-encoding (each bytes
step becomes one chunk) or a close-delimited body, and the chunk shorthands of
``reference/protocol.md``: ``C(X)``, ``U(X)`` and ``D``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Literal

Framing = Literal["close", "length", "chunked"]

_EXTRA_REASONS = {
    520: "Unknown Error",
    521: "Web Server Is Down",
    522: "Connection Timed Out",
    524: "A Timeout Occurred",
}
_YIELDS_AFTER_WRITE = 8


@dataclass(eq=False)
class Gate:
    """A point in a script where the server waits until the test calls :meth:`open`.

    ``reached`` is set when the server arrives at the gate, so a test can wait for that.
    """

    opened: asyncio.Event = field(default_factory=asyncio.Event)
    reached: asyncio.Event = field(default_factory=asyncio.Event)

    def open(self) -> None:
        """Let the server continue past this gate."""
        self.opened.set()


@dataclass(frozen=True)
class Delay:
    """Wait ``seconds`` before the next step (a slow server, not a synchronisation)."""

    seconds: float


@dataclass(frozen=True)
class Close:
    """Close the connection cleanly (the client sees EOF)."""


@dataclass(frozen=True)
class Reset:
    """Abort the connection with a TCP RST (the client sees a connection reset)."""


@dataclass(frozen=True)
class Hang:
    """Stop answering; keep the connection open until the client or the test gives up."""


Step = bytes | Gate | Delay | Close | Reset | Hang
Script = Sequence[Step]


@dataclass
class RecordedRequest:
    """One request as the server received it."""

    method: str
    target: str
    headers: dict[str, str]
    raw_headers: list[tuple[str, str]]
    body: bytes
    connection: int
    client_closed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def path(self) -> str:
        """The request path without the query string."""
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> str:
        """The query string (without ``?``), or ``""``."""
        return self.target.split("?", 1)[1] if "?" in self.target else ""

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body.decode("utf-8"))

    def header(self, name: str) -> str | None:
        """A header value by case-insensitive name."""
        return self.headers.get(name.lower())

    def __repr__(self) -> str:
        return f"<{self.method} {self.target} conn={self.connection} body={len(self.body)}B>"


class _Conn:
    """A client connection with a small read buffer on top of the stream reader."""

    def __init__(
        self, number: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.number = number
        self.reader = reader
        self.writer = writer
        self.buffer = b""

    async def read_more(self) -> bool:
        try:
            data = await self.reader.read(65536)
        except (ConnectionError, OSError):
            return False
        if not data:
            return False
        self.buffer += data
        return True

    async def read_request(self) -> tuple[str, str, list[tuple[str, str]], bytes] | None:
        while b"\r\n\r\n" not in self.buffer:
            if not await self.read_more():
                return None
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = lines[0].split(" ", 2)
        raw_headers: list[tuple[str, str]] = []
        for line in lines[1:]:
            name, _, value = line.partition(":")
            raw_headers.append((name.strip(), value.strip()))
        headers = {name.lower(): value for name, value in raw_headers}
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._read_chunked()
        else:
            length = int(headers.get("content-length", "0") or 0)
            while len(self.buffer) < length:
                if not await self.read_more():
                    return None
            body, self.buffer = self.buffer[:length], self.buffer[length:]
        return method, target, raw_headers, body

    async def _read_chunked(self) -> bytes:
        body = b""
        while True:
            while b"\r\n" not in self.buffer:
                if not await self.read_more():
                    return body
            size_line, self.buffer = self.buffer.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            while len(self.buffer) < size + 2:
                if not await self.read_more():
                    return body
            body += self.buffer[:size]
            self.buffer = self.buffer[size + 2 :]
            if size == 0:
                return body


class RawServer:
    """A scriptable HTTP/1.1 server on 127.0.0.1 that writes exact bytes.

    Use :meth:`script` to set the answers (one script per request, in order), then point a
    client at :attr:`url`. ``requests`` lists what arrived; ``connections`` counts TCP
    connections accepted.
    """

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.connections = 0
        self._scripts: list[Script] = []
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0

    @property
    def root(self) -> str:
        """``http://127.0.0.1:PORT`` (no path)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The API base URL, ``http://127.0.0.1:PORT/v1``."""
        return f"{self.root}/v1"

    def script(self, *scripts: Script) -> None:
        """Answer request 1 with ``scripts[0]``, request 2 with ``scripts[1]`` and so on.

        Requests beyond the last script get the last script again.
        """
        self._scripts = [list(s) for s in scripts]

    def add(self, script: Script) -> None:
        """Append one more script."""
        self._scripts.append(list(script))

    async def start(self) -> RawServer:
        """Start listening on a random loopback port."""
        self._server = await asyncio.start_server(self._on_connect, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def aclose(self) -> None:
        """Stop the server and drop every connection still open."""
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(BaseException):
                await task
        for writer in list(self._writers):
            writer.transport.abort()
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 5)
            self._server = None

    async def __aenter__(self) -> RawServer:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def _script_for(self, index: int) -> Script:
        if not self._scripts:
            return json_response({"error": {"message": "no script"}}, status=500)
        return self._scripts[min(index, len(self._scripts) - 1)]

    async def _on_connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        self.connections += 1
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = _Conn(self.connections, reader, writer)
        try:
            while True:
                parsed = await conn.read_request()
                if parsed is None:
                    break
                method, target, raw_headers, body = parsed
                request = RecordedRequest(
                    method=method,
                    target=target,
                    headers={k.lower(): v for k, v in raw_headers},
                    raw_headers=raw_headers,
                    body=body,
                    connection=conn.number,
                )
                index = len(self.requests)
                self.requests.append(request)
                if not await self._play(conn, request, self._script_for(index)):
                    break
        except asyncio.CancelledError:
            pass
        finally:
            self._writers.discard(writer)
            if not writer.transport.is_closing():
                writer.transport.abort()
            self._tasks.discard(task)

    async def _play(self, conn: _Conn, request: RecordedRequest, script: Script) -> bool:
        """Play ``script``; return True when the connection can serve another request."""
        writer = conn.writer
        for step in script:
            if isinstance(step, bytes):
                if not step:
                    continue
                try:
                    writer.write(step)
                    await writer.drain()
                except (ConnectionError, OSError):
                    request.client_closed.set()
                    return False
                for _ in range(_YIELDS_AFTER_WRITE):
                    await asyncio.sleep(0)
            elif isinstance(step, Gate):
                step.reached.set()
                if not await self._wait_watching(conn, request, step.opened.wait()):
                    return False
            elif isinstance(step, Delay):
                if not await self._wait_watching(conn, request, asyncio.sleep(step.seconds)):
                    return False
            elif isinstance(step, Hang):
                await self._wait_watching(conn, request, asyncio.Event().wait())
                return False
            elif isinstance(step, Close):
                writer.close()
                with contextlib.suppress(Exception):
                    await writer.wait_closed()
                return False
            elif isinstance(step, Reset):
                sock = writer.get_extra_info("socket")
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.setsockopt(
                            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                        )
                writer.transport.abort()
                return False
            else:  # pragma: no cover - a typo in a test script
                raise TypeError(f"unknown step {step!r}")
        return True

    async def _wait_watching(self, conn: _Conn, request: RecordedRequest, waiter: Any) -> bool:
        """Await ``waiter`` while watching for the client closing the connection.

        Returns False (and sets ``request.client_closed``) when the client went away first.
        """
        wait_task = asyncio.ensure_future(waiter)
        read_task: asyncio.Future[bytes] | None = None
        try:
            while True:
                read_task = asyncio.ensure_future(conn.reader.read(65536))
                done, _ = await asyncio.wait(
                    {wait_task, read_task}, return_when=asyncio.FIRST_COMPLETED
                )
                if read_task not in done:
                    return True
                try:
                    data = read_task.result()
                except (ConnectionError, OSError):
                    data = b""
                read_task = None
                if not data:
                    request.client_closed.set()
                    return False
                conn.buffer += data  # the client sent more; keep it for the next request
                if wait_task.done():
                    return True
        finally:
            for pending in (wait_task, read_task):
                if pending is not None and not pending.done():
                    pending.cancel()
                    with contextlib.suppress(BaseException):
                        await pending


# ---------------------------------------------------------------------------------------------
# Response builders


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _EXTRA_REASONS.get(status, "Unknown")


def head(
    status: int = 200,
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    *,
    content_type: str | None = "text/event-stream",
    framing: Framing = "close",
    content_length: int | None = None,
) -> bytes:
    """An HTTP/1.1 status line and headers, ending with the blank line.

    ``framing`` adds ``Connection: close`` (close-delimited body), ``Content-Length``
    (``content_length`` bytes) or ``Transfer-Encoding: chunked``. Headers given explicitly
    win over the generated ones of the same name.
    """
    given = list(headers.items() if isinstance(headers, Mapping) else (headers or []))
    names = {name.lower() for name, _ in given}
    lines = [f"HTTP/1.1 {status} {_reason(status)}"]
    if content_type is not None and "content-type" not in names:
        lines.append(f"Content-Type: {content_type}")
    if framing == "close" and "connection" not in names:
        lines.append("Connection: close")
    elif framing == "length" and "content-length" not in names:
        lines.append(f"Content-Length: {content_length or 0}")
    elif framing == "chunked" and "transfer-encoding" not in names:
        lines.append("Transfer-Encoding: chunked")
    lines.extend(f"{name}: {value}" for name, value in given)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def chunk(data: bytes) -> bytes:
    """``data`` framed as one HTTP/1.1 chunk."""
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


LAST_CHUNK = b"0\r\n\r\n"


def response(
    *body: Step,
    status: int = 200,
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    content_type: str | None = "text/event-stream",
    framing: Framing = "close",
    end: bool = True,
) -> list[Step]:
    """A scripted response: the head, then ``body`` steps framed as ``framing``.

    With ``end`` the body is terminated properly (close the socket, or the last chunk);
    a script that already ends with Close/Reset/Hang is left alone.
    """
    payload = [s for s in body if isinstance(s, bytes)]
    steps: list[Step] = [
        head(
            status,
            headers,
            content_type=content_type,
            framing=framing,
            content_length=sum(len(p) for p in payload),
        )
    ]
    for step in body:
        if isinstance(step, bytes) and framing == "chunked":
            if step:
                steps.append(chunk(step))
        else:
            steps.append(step)
    terminal = bool(body) and isinstance(body[-1], Close | Reset | Hang)
    if end and not terminal:
        if framing == "close":
            steps.append(Close())
        elif framing == "chunked":
            steps.append(LAST_CHUNK)
    return steps


def sse(
    *events: Step,
    status: int = 200,
    framing: Framing = "close",
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    end: bool = True,
) -> list[Step]:
    """An event-stream response (``Content-Type: text/event-stream``)."""
    return response(*events, status=status, headers=headers, framing=framing, end=end)


def json_response(
    obj: Any,
    status: int = 200,
    *,
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    content_type: str = "application/json",
    framing: Framing = "length",
) -> list[Step]:
    """A whole JSON body (``obj`` may be pre-encoded ``bytes`` or ``str``)."""
    if isinstance(obj, bytes):
        data = obj
    elif isinstance(obj, str):
        data = obj.encode("utf-8")
    else:
        data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    return response(
        data, status=status, headers=headers, content_type=content_type, framing=framing
    )


def html_response(page: str, status: int, *, framing: Framing = "length") -> list[Step]:
    """An HTML page (a proxy's error page, or a relay's web UI)."""
    return response(
        page.encode("utf-8"),
        status=status,
        content_type="text/html; charset=utf-8",
        framing=framing,
    )


# ---------------------------------------------------------------------------------------------
# The protocol.md shorthands

_ENVELOPE = '{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m",'


def C(choice_json: str) -> bytes:
    """``data: {envelope,"choices":[X]}`` followed by a blank line."""
    return f'data: {_ENVELOPE}"choices":[{choice_json}]}}\n\n'.encode()


def U(usage_json: str) -> bytes:
    """The usage-only chunk: ``"choices":[]`` and ``"usage":X``."""
    return f'data: {_ENVELOPE}"choices":[],"usage":{usage_json}}}\n\n'.encode()


D = b"data: [DONE]\n\n"


def dumps(value: Any) -> str:
    """Compact JSON, UTF-8 kept as is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def role(index: int = 0) -> bytes:
    """``C({"index":i,"delta":{"role":"assistant","content":""},"finish_reason":null})``."""
    return C(
        f'{{"index":{index},"delta":{{"role":"assistant","content":""}},"finish_reason":null}}'
    )


def content(text: str, index: int = 0) -> bytes:
    """A content delta chunk."""
    return C(f'{{"index":{index},"delta":{{"content":{dumps(text)}}},"finish_reason":null}}')


def delta(fields: Mapping[str, Any], index: int = 0, finish: str | None = None) -> bytes:
    """A chunk whose delta holds ``fields``."""
    return C(dumps({"index": index, "delta": dict(fields), "finish_reason": finish}))


def finish(reason: str | None = "stop", index: int = 0) -> bytes:
    """``C({"index":i,"delta":{},"finish_reason":R})``."""
    return C(f'{{"index":{index},"delta":{{}},"finish_reason":{dumps(reason)}}}')


def canonical(*parts: str) -> list[bytes]:
    """Case 1: role chunk, content chunks (default "Hel", "lo"), finish stop, ``D``."""
    texts = parts or ("Hel", "lo")
    return [role(), *(content(t) for t in texts), finish("stop"), D]


def completion(
    message: Mapping[str, Any] | None = None,
    *,
    finish_reason: str | None = "stop",
    usage: Mapping[str, Any] | None = None,
    choices: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """A non-stream ``chat.completion`` body."""
    body: dict[str, Any] = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": list(choices)
        if choices is not None
        else [
            {
                "index": 0,
                "message": dict(message or {"role": "assistant", "content": "Hi"}),
                "finish_reason": finish_reason,
            }
        ],
    }
    if usage is not None:
        body["usage"] = dict(usage)
    return body


def error_body(
    message: str, *, type_: str = "new_api_error", code: Any = "", param: Any = None
) -> dict[str, Any]:
    """An OpenAI-shaped error envelope."""
    err: dict[str, Any] = {"message": message, "type": type_, "code": code}
    if param is not None:
        err["param"] = param
    return {"error": err}


def closed_port() -> int:
    """A loopback port with nothing listening (for connection-refused tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
