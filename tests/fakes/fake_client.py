"""A scriptable stand-in for :class:`studio.api.client.ApiClient` (krita-ai-diffusion's MockClient).

For workflow, session and window tests that are about what Studio does with an answer, not
about how the answer travels over HTTP (that is what ``raw_server.py`` is for). The fake has
the same public surface as the real client (``tests/unit/core/chat/test_fake_client.py``
compares the two with :mod:`inspect`, so it cannot drift) and yields the real
:mod:`studio.api.events`; its errors are the real :mod:`studio.api.errors`, built the way the
real client builds them (:func:`status_error`, :func:`incomplete_error`, :func:`stream_error`).

Each :meth:`FakeClient.chat` call plays the next scripted answer, a list of steps:

* a :mod:`studio.api.events` object: yielded as it is;
* an exception instance: raised at that point (after the events before it);
* a :class:`Hold` (or a bare :class:`asyncio.Event`): wait until the test releases it, so a
  test can keep a stream open and cancel it at a known point, with no sleeps.

Every call is recorded as a :class:`ChatCall` (the :class:`ChatRequest`, and whether the
stream was closed or cancelled). An answer asked for beyond the script raises
:class:`ScriptExhausted`, so a test never gets an answer it did not write.

``images`` (and ``chat_image_edit``, which goes through it) is the real
:class:`~studio.api.images.ImagesClient` on the fake's ``http`` session;
point ``base_url`` at ``tests/fakes/image_server.py`` to script images (by default it reaches a
closed loopback port: a connection error, never the network).
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from studio.api import errors as E
from studio.api import events as ev
from studio.api import phrases
from studio.api.assemble import FINISH_MAP
from studio.api.chat import ChatRequest
from studio.api.classify import classify
from studio.api.http import HttpSession
from studio.api.images import ImageResult, ImagesClient, InputImage
from studio.api.models import ModelInfo
from studio.api.provider import ProviderConfig

__all__ = [
    "ChatCall",
    "FakeClient",
    "Hold",
    "ScriptExhausted",
    "Step",
    "answer",
    "incomplete_error",
    "status_error",
    "stream_error",
    "tool_answer",
    "tool_call",
]


@dataclass(eq=False)
class Hold:
    """A point in a scripted answer where the fake waits until :meth:`release`.

    ``reached`` is set when the fake arrives here, so a test can await that and then act
    (cancel the task, look at the store) while the stream is known to be open.
    """

    released: asyncio.Event = field(default_factory=asyncio.Event)
    reached: asyncio.Event = field(default_factory=asyncio.Event)

    def release(self) -> None:
        """Let the answer go on past this point."""
        self.released.set()


Step = ev.ChatEvent | BaseException | Hold | asyncio.Event
"""One step of a scripted answer."""


class ScriptExhausted(AssertionError):
    """``chat()`` was called more often than the test scripted answers."""


@dataclass
class ChatCall:
    """One ``chat()`` call: what was asked, and how the stream ended.

    ``closed``: the fake's stream ran its ``finally`` (the real client closes the response
    there); ``cancelled``: a cancellation passed through it (the real client drops the socket).
    """

    request: ChatRequest
    closed: bool = False
    cancelled: bool = False


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


class FakeClient:
    """Chat, models and images for one pretend provider, answering from a script."""

    def __init__(
        self,
        *answers: Sequence[Step],
        models: Sequence[ModelInfo] | BaseException = (),
        language: str = "en",
        name: str = "fake",
        base_url: str | None = None,
    ) -> None:
        url = base_url or f"http://127.0.0.1:{_closed_port()}/v1"
        self.config = ProviderConfig(base_url=url, name=name, proxy_mode="none")
        self.language = language
        self._http: HttpSession | None = None  # made on first use: most tests never need it
        self._images: ImagesClient | None = None
        self._answers: list[list[Step]] = [list(a) for a in answers]
        self.models: Sequence[ModelInfo] | BaseException = models
        self.calls: list[ChatCall] = []
        self.model_requests = 0
        self.closed = False

    # ---- scripting ---------------------------------------------------------------------

    def script(self, *answers: Sequence[Step]) -> None:
        """Answer the next calls with ``answers``, in order (replacing what was left)."""
        self._answers = [list(a) for a in answers]

    def add(self, *answers: Sequence[Step]) -> None:
        """Append answers to the script."""
        self._answers.extend(list(a) for a in answers)

    @property
    def requests(self) -> list[ChatRequest]:
        """Every request given to :meth:`chat`, in order."""
        return [call.request for call in self.calls]

    @property
    def unplayed(self) -> int:
        """How many scripted answers were not asked for (yet)."""
        return len(self._answers)

    # ---- the ApiClient surface ---------------------------------------------------------

    @property
    def http(self) -> HttpSession:
        """The shared request session (used by the images client)."""
        if self._http is None:
            self._http = HttpSession(self.config, language=self.language)
        return self._http

    @property
    def images(self) -> ImagesClient:
        """The real images client on :attr:`http` (see the module docstring)."""
        if self._images is None:
            self._images = ImagesClient(self.http)
        return self._images

    @property
    def endpoint(self) -> str:
        """The API root shown to users."""
        return self.config.api_root

    async def aclose(self) -> None:
        """Close the (unused) connection pool; ``closed`` becomes True."""
        self.closed = True
        if self._http is not None:
            await self._http.aclose()

    async def __aenter__(self) -> FakeClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def list_models(self) -> list[ModelInfo]:
        """The scripted model list (or its exception)."""
        self.model_requests += 1
        if isinstance(self.models, BaseException):
            raise self.models
        return list(self.models)

    async def chat_image_edit(
        self,
        model: str,
        prompt: str,
        images: Sequence[InputImage],
        params: Mapping[str, Any],
    ) -> ImageResult:
        """The real chat-route edit on :attr:`images` (script it on an image server)."""
        return await self.images.chat_image_edit(model, prompt, images, params)

    async def chat(self, request: ChatRequest) -> AsyncIterator[ev.ChatEvent]:
        """Play the next scripted answer to ``request``."""
        call = ChatCall(request)
        self.calls.append(call)
        try:
            if not self._answers:
                raise ScriptExhausted(f"chat() call {len(self.calls)} has no scripted answer")
            steps = self._answers.pop(0)
            for step in steps:
                if isinstance(step, Hold):
                    step.reached.set()
                    await step.released.wait()
                elif isinstance(step, asyncio.Event):
                    await step.wait()
                elif isinstance(step, BaseException):
                    raise step
                else:
                    yield step
        except asyncio.CancelledError:
            call.cancelled = True
            raise
        finally:
            call.closed = True


# ---- answers as the real client yields them --------------------------------------------------


def answer(
    *texts: str,
    reasoning: Iterable[str] = (),
    usage: ev.Usage | None = None,
    finish: str | None = "stop",
) -> list[Step]:
    """A plain answer: reasoning deltas, text deltas, then usage and the finish, in the order
    the real client yields them. ``finish`` is the raw reason the relay sent (None: none)."""
    steps: list[Step] = [ev.ReasoningDelta(r) for r in reasoning]
    steps.extend(ev.TextDelta(t) for t in texts)
    if usage is not None:
        steps.append(usage)
    if finish is not None:
        steps.append(ev.Finish(FINISH_MAP.get(finish.lower(), "stop"), finish))
    return steps


def tool_call(name: str, arguments: str = "{}", call_id: str = "call_1") -> ev.ToolCall:
    """An assembled call, as the real client yields it at the end of the stream."""
    return ev.ToolCall(call_id, name, arguments, E.parse_json_object(arguments) is not None)


def tool_answer(*calls: ev.ToolCall, text: str = "", usage: ev.Usage | None = None) -> list[Step]:
    """An answer asking for ``calls`` (finish reason ``tool_calls``)."""
    steps: list[Step] = [ev.TextDelta(text)] if text else []
    steps.extend(calls)
    if usage is not None:
        steps.append(usage)
    steps.append(ev.Finish("tool_calls", "tool_calls"))
    return steps


def status_error(
    status: int, body: str | dict[str, Any], *, language: str = "en", headers: Any = None
) -> E.ApiError:
    """The error the real client raises for an HTTP ``status`` answer with ``body``."""
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return classify(status, text, headers=headers, language=language)


def incomplete_error(language: str = "en") -> E.IncompleteAnswerError:
    """The error of a stream cut after some output (no finish reason, no ``[DONE]``)."""
    return E.IncompleteAnswerError(phrases.text("incomplete", language))


def stream_error(server: str, *, language: str = "en", code: str | None = None) -> E.StreamError:
    """The error of an error event inside a 200 stream (``server``: the relay's words)."""
    shown, request_id = E.split_request_id(server)
    return E.StreamError(
        phrases.text("stream_error", language, server=shown),
        server_message=shown,
        request_id=request_id,
        code=code,
    )
