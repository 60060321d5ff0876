"""The demo relay server: a Starlette app and :class:`DemoRelay`, which runs it with uvicorn.

``token_rate`` sets how fast answers stream: ``None`` (the default) a realistic pace for
people, ``0`` as fast as possible (tests), any other number that many tokens a second
(:mod:`studio.demo.pace`).

``DemoRelay`` binds its own socket (a random free port when ``port=0``), so the base URL is
known before the server starts; :meth:`DemoRelay.start` runs uvicorn in a daemon thread and
returns once the server accepts connections::

    with DemoRelay(token_rate=0) as relay:
        httpx.get(f"{relay.base_url}/models")

The key ``sk-invalid`` is refused on every endpoint; any other key, or none, is accepted.
``edit_field`` (``"image"`` or ``"image[]"``; default ``None``: both) makes ``/v1/images/edits``
refuse the other multipart form, as some relays do (see :mod:`studio.demo.errors`).
"""

from __future__ import annotations

import logging
import socket
import threading
from types import TracebackType

import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from studio.demo.chat_api import chat_completions, model, models
from studio.demo.errors import (
    INVALID_KEY,
    DemoConnectionCut,
    RequestError,
    invalid_key_response,
    method_not_allowed_response,
    not_found_response,
    request_error_response,
)
from studio.demo.files import FileStore
from studio.demo.images_api import edits, generations, serve_file
from studio.demo.pace import pace_for

_START_TIMEOUT = 10.0
_STOP_TIMEOUT = 5.0


class _KeyCheck:
    """ASGI middleware answering 401 to ``Authorization: Bearer sk-invalid`` (or the bare key)."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            value = headers.get(b"authorization", b"").decode("latin-1").strip()
            key = value[7:].strip() if value.lower().startswith("bearer ") else value
            if key == INVALID_KEY:
                await invalid_key_response()(scope, receive, send)
                return
        await self._app(scope, receive, send)


async def _on_request_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestError)
    return request_error_response(exc)


async def _on_http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 405:
        return method_not_allowed_response(request.method, request.url.path)
    return not_found_response(request.method, request.url.path)


def create_app(token_rate: float | None = None, *, edit_field: str | None = None) -> Starlette:
    """The demo relay as an ASGI app; ``token_rate`` is streamed tokens per second (``None``:
    the realistic pace, ``<= 0``: as fast as possible; see :mod:`studio.demo.pace`),
    ``edit_field`` the only image field form its edits take (``None``: both)."""
    if edit_field not in (None, "image", "image[]"):
        raise ValueError(f"edit_field must be 'image', 'image[]' or None, not {edit_field!r}")
    routes = [
        Route("/v1/models", models, methods=["GET"]),
        Route("/v1/models/{model_id:path}", model, methods=["GET"]),
        Route("/v1/chat/completions", chat_completions, methods=["POST"]),
        Route("/v1/images/generations", generations, methods=["POST"]),
        Route("/v1/images/edits", edits, methods=["POST"]),
        Route("/files/{name:str}", serve_file, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(_KeyCheck)],
        exception_handlers={
            RequestError: _on_request_error,
            HTTPException: _on_http_error,
        },
    )
    app.state.pace = pace_for(token_rate)
    app.state.edit_field = edit_field
    app.state.files = FileStore()
    return app


class _QuietCuts(logging.Filter):
    """Drops uvicorn's error log for connections the demo relay cuts on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], DemoConnectionCut))


def _install_log_filter() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _QuietCuts) for f in logger.filters):
        logger.addFilter(_QuietCuts())


class _Server(uvicorn.Server):
    """A uvicorn server that signals an event once it listens (or has failed to)."""

    def __init__(self, config: uvicorn.Config, ready: threading.Event) -> None:
        super().__init__(config)
        self._ready = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets=sockets)
        finally:
            self._ready.set()


class DemoRelay:
    """Runs the demo relay on ``host:port`` in a background thread (see the module docstring)."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token_rate: float | None = None,
        edit_field: str | None = None,
    ) -> None:
        self._host = host
        self._port = port
        self._token_rate = token_rate
        if edit_field not in (None, "image", "image[]"):
            raise ValueError(f"edit_field must be 'image', 'image[]' or None, not {edit_field!r}")
        self._edit_field = edit_field
        self._socket: socket.socket | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def _bound_socket(self) -> socket.socket:
        if self._socket is None:
            family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind((self._host, self._port))
                sock.listen(128)
            except OSError:
                sock.close()
                raise
            self._socket = sock
        return self._socket

    @property
    def base_url(self) -> str:
        """``http://host:port/v1`` (binds the port on first use, before :meth:`start`)."""
        port = self._bound_socket().getsockname()[1]
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{port}/v1"

    @property
    def running(self) -> bool:
        """Whether the server thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> str:
        """Start serving in a daemon thread; returns :attr:`base_url` once connections work."""
        if self.running:
            return self.base_url
        sock = self._bound_socket()
        _install_log_filter()
        config = uvicorn.Config(
            create_app(self._token_rate, edit_field=self._edit_field),
            log_config=None,
            log_level=None,
            access_log=False,
            lifespan="off",
            http="h11",
            ws="none",
            timeout_graceful_shutdown=1,
        )
        ready = threading.Event()
        server = _Server(config, ready)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="demo-relay", daemon=True
        )
        self._server, self._thread = server, thread
        thread.start()
        ready.wait(_START_TIMEOUT)
        if not server.started:
            self.stop()
            raise RuntimeError("The demo relay did not start.")
        return self.base_url

    def stop(self) -> None:
        """Stop serving and release the port (waits a few seconds at most)."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(_STOP_TIMEOUT)
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def __enter__(self) -> DemoRelay:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
