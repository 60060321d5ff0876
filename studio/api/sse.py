"""Server-sent-event reading that survives what relays actually send.

httpx-sse's line and event decoders do the WHATWG parsing; this module adds what they lack
(protocol.md §1.8, §3.3): comments surface as keep-alives, the last unterminated event is
flushed at EOF, lines that are not SSE at all (raw JSON or HTML written into the stream) are
reported separately, and a body with no ``data:`` line at all is kept for JSON/HTML sniffing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from httpx_sse._decoders import SSEDecoder, SSELineDecoder

RAW_BODY_CAP = 256 * 1024


@dataclass(frozen=True, slots=True)
class SseEvent:
    """One dispatched event with non-empty data."""

    event: str
    data: str


@dataclass(frozen=True, slots=True)
class SseComment:
    """A comment line (``: PING``) — the server is alive."""


@dataclass(frozen=True, slots=True)
class RawLine:
    """A line that is not SSE (starts with ``{`` or ``<``), e.g. an error JSON written late."""

    text: str


@dataclass(frozen=True, slots=True)
class RawBody:
    """At EOF: the whole body, when it never contained a ``data:`` line (JSON or HTML)."""

    text: str


SseItem = SseEvent | SseComment | RawLine | RawBody


class SseParser:
    """Incremental parser: feed text chunks, get items; call :meth:`close` at EOF."""

    def __init__(self) -> None:
        self._lines = SSELineDecoder()
        self._events = SSEDecoder()
        self._saw_data = False
        self._raw: list[str] = []
        self._raw_size = 0

    def feed(self, text: str) -> list[SseItem]:
        """Parse one chunk of decoded text."""
        if not self._saw_data and self._raw_size < RAW_BODY_CAP:
            self._raw.append(text)
            self._raw_size += len(text)
        out: list[SseItem] = []
        for line in self._lines.decode(text):
            self._line(line, out)
        return out

    def close(self) -> list[SseItem]:
        """Flush the unterminated last line and event at EOF."""
        out: list[SseItem] = []
        for line in self._lines.flush():
            self._line(line, out)
        self._line("", out)
        if not self._saw_data:
            body = "".join(self._raw).strip()
            if body:
                out.append(RawBody(body))
        return out

    def _line(self, line: str, out: list[SseItem]) -> None:
        if line.startswith(":"):
            out.append(SseComment())
            return
        if line[:1] in ("{", "<", "[") and not line.startswith("[DONE]"):
            out.append(RawLine(line))
            return
        if line.startswith("data"):
            self._saw_data = True
        event = self._events.decode(line)
        if event is None:
            return
        if event.data.strip():
            out.append(SseEvent(event.event, event.data))
        else:
            out.append(SseComment())


async def iter_sse(chunks: AsyncIterator[str]) -> AsyncIterator[SseItem]:
    """Parse an async stream of text chunks into SSE items, flushing at EOF."""
    parser = SseParser()
    async for chunk in chunks:
        for item in parser.feed(chunk):
            yield item
    for item in parser.close():
        yield item
