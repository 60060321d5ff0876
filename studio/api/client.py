"""``ApiClient``: the service layer's front door for one provider.

One client owns one pooled ``httpx.AsyncClient``. ``chat()`` is an async iterator of typed
events (see :mod:`studio.api.events`); cancelling the task that iterates it closes the
connection at once. Errors are :class:`studio.api.errors.ApiError` subclasses.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from studio.api import errors as E
from studio.api import events as ev
from studio.api import phrases
from studio.api.assemble import ChunkAssembler, StreamError
from studio.api.chat import ChatRequest
from studio.api.classify import classify
from studio.api.http import HttpSession
from studio.api.image_params import InputImage
from studio.api.models import ModelInfo, parse_models
from studio.api.provider import ProviderConfig
from studio.api.sse import RawBody, RawLine, SseComment, SseEvent, SseItem, SseParser

if TYPE_CHECKING:
    from studio.api.images import ImageResult, ImagesClient

log = logging.getLogger(__name__)
DRAIN_SECONDS = 0.25
DRAIN_BYTES = 1024 * 1024
_OUTPUT_EVENTS = (
    ev.TextDelta,
    ev.ReasoningDelta,
    ev.RefusalDelta,
    ev.ToolCallDelta,
    ev.ToolCall,
    ev.ImagesReceived,
)


class ApiClient:
    """Chat, models and images for one provider."""

    def __init__(
        self,
        config: ProviderConfig,
        *,
        language: str = "en",
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.config = config
        self.language = language
        self._http = HttpSession(config, language=language, transport=transport, sleep=sleep)
        self._sleep = sleep
        self._images: ImagesClient | None = None

    @property
    def http(self) -> HttpSession:
        """The shared request session (used by the images client)."""
        return self._http

    @property
    def images(self) -> ImagesClient:
        """Image generation and editing through the same connection pool."""
        if self._images is None:
            from studio.api.images import ImagesClient

            self._images = ImagesClient(self._http)
        return self._images

    @property
    def endpoint(self) -> str:
        """The resolved API root shown to users (e.g. ``https://host/relay/v1``)."""
        return self.config.api_root

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self._http.aclose()

    async def __aenter__(self) -> ApiClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # ---- models ------------------------------------------------------------------------

    async def list_models(self) -> list[ModelInfo]:
        """The relay's model list (ids in the order given, duplicates dropped)."""
        async with self._http.open("GET", "models", accept="application/json") as response:
            text = await self._read_text(response)
        obj = _loads(text)
        if obj is None:
            raise classify(200, text, language=self.language, secrets=(self.config.api_key,))
        if isinstance(obj, dict) and E.is_error_body(obj):
            raise classify(200, text, language=self.language, secrets=(self.config.api_key,))
        models = parse_models(obj)
        if models is None:
            raise E.BadResponseError(
                phrases.text("bad_response", self.language, server=text.strip()[:80])
            )
        return models

    # ---- images through chat -----------------------------------------------------------

    async def chat_image_edit(
        self,
        model: str,
        prompt: str,
        images: Sequence[InputImage],
        params: Mapping[str, Any],
    ) -> ImageResult:
        """Edit ``images`` (the base first) through ``chat/completions``, for relays that serve
        ``model`` as a chat model (``config.chat_image_models``); the same result type as
        ``images.edit``. See :meth:`ImagesClient.chat_image_edit`."""
        return await self.images.chat_image_edit(model, prompt, images, params)

    # ---- chat --------------------------------------------------------------------------

    async def chat(self, request: ChatRequest) -> AsyncIterator[ev.ChatEvent]:
        """Stream the answer to ``request`` as events, retrying only before any output."""
        attempt = 0
        while True:
            produced = False
            try:
                async for event in self._chat_once(request):
                    if isinstance(event, _OUTPUT_EVENTS):
                        produced = True
                    yield event
                return
            except E.ApiError as error:
                # A non-stream POST may already be billed: at most one retry on 5xx.
                limit = 2 if request.stream or not isinstance(error, E.ApiStatusError) else 1
                delay = None if produced else self._http.retry_delay(error, attempt, limit)
                if delay is None:
                    raise
                attempt += 1
                yield ev.Retrying(attempt, delay, error.message)
                await self._sleep(delay)

    async def _chat_once(self, request: ChatRequest) -> AsyncIterator[ev.ChatEvent]:
        accept = "text/event-stream" if request.stream else "application/json"
        assembler = ChunkAssembler(n=request.n or 1, parse_think_tags=request.parse_think_tags)
        async with self._http.open(
            "POST", "chat/completions", json_body=request.to_body(), retry=False, accept=accept
        ) as response:
            ctype = response.headers.get("content-type", "").lower()
            if not request.stream or ("json" in ctype and "event-stream" not in ctype):
                text = await self._read_text(response)
                for event in self._from_body(assembler, text):
                    yield event
            else:
                async for event in self._from_stream(assembler, response):
                    yield event
        async for event in self._finish(assembler):
            yield event

    async def _from_stream(
        self, assembler: ChunkAssembler, response: httpx.Response
    ) -> AsyncIterator[ev.ChatEvent]:
        parser = SseParser()
        done = False
        cut = False
        chunks = response.aiter_text()
        try:
            async for chunk in chunks:
                for item in parser.feed(chunk):
                    if self._is_done(item):
                        done = True
                        break
                    for event in self._item(assembler, item, final=False):
                        yield event
                if done:
                    await _drain(chunks)
                    return
        except httpx.HTTPError as exc:
            if not assembler.saw_output:
                raise self._http.transport_error(exc) from None
            log.info("stream cut after output: %s", type(exc).__name__)
            cut = True
        for item in parser.close():
            if self._is_done(item):
                return
            for event in self._item(assembler, item, final=cut):
                yield event

    @staticmethod
    def _is_done(item: SseItem) -> bool:
        return isinstance(item, SseEvent) and item.data.strip().startswith("[DONE]")

    def _item(self, assembler: ChunkAssembler, item: SseItem, *, final: bool) -> list[ev.ChatEvent]:
        if isinstance(item, SseComment):
            return [ev.KeepAlive()]
        if isinstance(item, SseEvent):
            obj = _loads(item.data)
            if not isinstance(obj, dict):
                if item.event == "error":
                    raise self._stream_error(item.data.strip()[:300], None)
                if not final:
                    log.warning("skipping a stream event that is not JSON: %.80s", item.data)
                return []
            if item.event == "error" and "error" not in obj:
                obj = {"error": obj}
            return self._feed(assembler, obj)
        if isinstance(item, RawLine):
            obj = _loads(item.text)
            if isinstance(obj, dict) and E.is_error_body(obj):
                return self._feed(assembler, obj)
            return []
        if isinstance(item, RawBody):
            return self._from_body(assembler, item.text)
        return []

    def _feed(self, assembler: ChunkAssembler, obj: dict[str, Any]) -> list[ev.ChatEvent]:
        try:
            if obj.get("object") == "chat.completion" or _has_messages(obj):
                return assembler.feed_completion(obj)
            return assembler.feed_chunk(obj)
        except StreamError as exc:
            raise self._stream_error(exc.message, exc.code) from None

    def _from_body(self, assembler: ChunkAssembler, text: str) -> list[ev.ChatEvent]:
        """A whole (non-stream) body: a completion, an error envelope, HTML or junk."""
        stripped = text.strip()
        if not stripped:
            return []
        obj = _loads(stripped)
        if not isinstance(obj, dict):
            raise classify(200, stripped, language=self.language, secrets=(self.config.api_key,))
        if E.is_error_body(obj):
            raise classify(200, stripped, language=self.language, secrets=(self.config.api_key,))
        if not isinstance(obj.get("choices"), list):
            raise E.BadResponseError(
                phrases.text("bad_response", self.language, server=stripped[:80])
            )
        return self._feed(assembler, obj)

    async def _finish(self, assembler: ChunkAssembler) -> AsyncIterator[ev.ChatEvent]:
        closing, complete = assembler.finish()
        if not complete:
            for event in closing:
                if isinstance(
                    event,
                    ev.TextDelta
                    | ev.ReasoningDelta
                    | ev.RefusalDelta
                    | ev.ImagesReceived
                    | ev.Usage,
                ):
                    yield event
            if not assembler.saw_output:
                raise E.EmptyResponseError(phrases.text("empty", self.language))
            raise E.IncompleteAnswerError(phrases.text("incomplete", self.language))
        if not assembler.saw_output and not (
            assembler.has_reason("content_filter") or assembler.has_reason("length")
        ):
            raise E.EmptyResponseError(phrases.text("empty", self.language))
        for event in closing:
            yield event

    def _stream_error(self, message: str, code: str | None) -> E.StreamError:
        message = E.redact(message, self.config.api_key)
        shown, request_id = E.split_request_id(message)
        return E.StreamError(
            phrases.text("stream_error", self.language, server=shown),
            server_message=shown,
            request_id=request_id,
            code=code,
        )

    async def _read_text(self, response: httpx.Response) -> str:
        try:
            raw = await response.aread()
        except httpx.HTTPError as exc:
            raise self._http.transport_error(exc) from None
        return raw.decode(response.encoding or "utf-8", errors="replace")


async def _drain(chunks: AsyncIterator[str]) -> None:
    """Read what follows ``[DONE]`` (usually just the end of the chunked body), briefly.

    A fully read response returns its connection to the pool, so the next message skips a
    new TCP/TLS handshake. A relay that keeps the body open after [DONE] costs at most a
    quarter of a second and a megabyte before the connection is dropped instead.
    """
    size = 0
    try:
        async with asyncio.timeout(DRAIN_SECONDS):
            async for rest in chunks:
                size += len(rest)
                if size > DRAIN_BYTES:
                    return
    except (TimeoutError, httpx.HTTPError):
        return


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _has_messages(obj: dict[str, Any]) -> bool:
    choices = obj.get("choices")
    return isinstance(choices, list) and any(
        isinstance(c, dict) and isinstance(c.get("message"), dict) for c in choices
    )
