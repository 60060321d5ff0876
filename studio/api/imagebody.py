"""Read a big Images API answer without one long ``json.loads`` and decode its images on the way.

An answer is mostly one or more huge base64 string literals (36 MB for a 4096² PNG) inside a
small JSON skeleton. :class:`ImageBodyParser` is fed the raw bytes as they arrive. It copies
the skeleton, and lifts every string literal longer than :data:`LIFT_AT` out of it, leaving a
short placeholder in its place. The literal's bytes go straight into a
:class:`~studio.api.b64stream.Base64Decoder`, so the image is decoded while the answer is
still downloading, in calls that each take well under a millisecond. :meth:`close` parses
the small skeleton with ``json`` and puts the literals back: a literal under an image key
(``b64_json``, ``url``, ``partial_image_b64``) that decoded cleanly becomes an
:class:`~studio.api.imagedata.InlineImage`; every other literal becomes its ``str``, decoded
by ``json`` exactly as ``json.loads`` of the whole answer would have, so any shape the fast
path does not know (odd escapes, invalid base64, a huge revised prompt) behaves as before.

The parser is pure and synchronous; one parser belongs to one caller, fed from one thread at
a time. :func:`read_image_body` drives it from an async byte stream, feeding it in a worker
thread while the next bytes arrive.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterable, Iterable
from typing import Any

from studio.api.b64stream import Base64Decoder, Base64Error, NotPlainBase64
from studio.api.imagedata import DATA_URL_PREFIX, InlineImage

LIFT_AT = 32 * 1024
"""String literals longer than this (in raw bytes) are lifted out of the skeleton."""

IMAGE_KEYS = frozenset({"b64_json", "url", "partial_image_b64"})
"""Keys whose long string values may be kept as decoded :class:`InlineImage` objects."""

_BASE64_KEYS = frozenset({b"b64_json", b"partial_image_b64"})
# Under these keys a decoded literal's text is never needed again: its raw bytes are dropped
# as soon as it is decoded, so that they are not kept in memory while the image is saved.

HEAD_SIZE = 1024
"""How much of the start of an answer :attr:`ImageBodyParser.head` keeps."""

FEED_SLICE = 256 * 1024
"""Bytes handed to the scanner at a time by :func:`parse_image_body` (short C calls)."""

FEED_BATCH = 256 * 1024
"""Bytes :func:`read_image_body` collects before handing them to a worker thread (about a
millisecond of work: the longer a worker holds the GIL, the longer the GUI thread waits)."""

_HEAD_RAW = 4096  # raw bytes of a literal read before its data-URL prefix is looked for
_BACKSLASH = 0x5C
_BLANK = frozenset(b" \t\n\r\x0b\x0c")  # what bytes.lstrip() removes


class _Literal:
    """One lifted string literal: its raw bytes, and their base64 decoding so far."""

    def __init__(self, key: bytes | None) -> None:
        self.key = key  # the raw key this literal is the value of, when the scanner knows it
        self.raw: list[bytes | memoryview] | None = []
        self.head = ""
        self.is_data_url = False
        self.data: bytes | None = None
        self._decoder: Base64Decoder | None = Base64Decoder()
        self._head_raw: bytearray | None = bytearray()

    def feed(self, piece: bytes | memoryview) -> None:
        if self.raw is not None:
            self.raw.append(piece)
        if self._decoder is None:
            return
        if self._head_raw is not None:
            self._head_raw += piece
            if len(self._head_raw) >= _HEAD_RAW:
                self._start()
            return
        try:
            self._decoder.feed_json(piece)
        except (Base64Error, NotPlainBase64):
            self._decoder = None  # the exact, slow way decides (see text())

    def close(self) -> None:
        if self._head_raw is not None:
            self._start()
        if self._decoder is None:
            return
        try:
            self.data = self._decoder.finish()
        except (Base64Error, NotPlainBase64):
            self.data = None
        self._decoder = None
        if self.data is not None and self.key in _BASE64_KEYS:
            self.raw = None

    def _start(self) -> None:
        """Read the head exactly (data-URL prefix and all), then decode on from there."""
        raw, self._head_raw = bytes(self._head_raw or b""), None
        found = _literal_prefix(raw[:_HEAD_RAW])
        if found is None or self._decoder is None:
            self._decoder = None
            return
        text, used = found
        self.head = text
        if not text.isascii():
            self._decoder = None  # not base64; the slow way gives the right error
            return
        # The same test as decode_base64: the prefix must end within the first 512 characters.
        match = DATA_URL_PREFIX.match(text[:512].encode("ascii"))
        self.is_data_url = match is not None
        try:
            self._decoder.feed_text(text[match.end() if match else 0 :].encode("ascii"))
            if used < len(raw):
                self._decoder.feed_json(raw[used:])
        except (Base64Error, NotPlainBase64):
            self._decoder = None

    def text(self) -> str:
        """The literal's string, decoded by ``json`` (``ValueError`` when it is invalid)."""
        if self.raw is None:  # cannot happen: see value()
            raise ValueError("the literal's text was not kept")
        return _json_string(b"".join(self.raw))

    def value(self, key: str | None) -> str | InlineImage:
        if self.data is not None and (key in IMAGE_KEYS or self.raw is None):
            raw = tuple(self.raw) if self.raw is not None else None
            return InlineImage(self.data, self.head, self.is_data_url, raw)
        return self.text()


class ImageBodyParser:
    """Feed an answer's bytes in order (:meth:`feed`), then :meth:`close` to get the JSON.

    Until the answer's first non-blank byte is ``{`` nothing is parsed; an answer that is not
    a JSON object is only kept (:meth:`raw_text`), for the error message.
    """

    def __init__(self, *, lift_at: int = LIFT_AT) -> None:
        self._lift_at = lift_at
        self._skeleton = bytearray()
        self._head = bytearray()
        self._object: bool | None = None
        self._scan = False  # a UTF-8 JSON object: lift long literals out
        self._in_string = False
        self._start = 0  # where the current literal's content begins in the skeleton
        self._run = 0  # backslashes at the end of the current literal so far
        self._literal: _Literal | None = None
        self._last = (0, 0)  # where the last short string's content is in the skeleton
        self._literals: list[_Literal] = []
        self._mark = "\x00" + secrets.token_hex(8) + ":"

    @property
    def head(self) -> bytes:
        """The first :data:`HEAD_SIZE` bytes of the answer."""
        return bytes(self._head)

    @property
    def is_object(self) -> bool | None:
        """True when the answer is a JSON object, False when not, None if still blank."""
        return self._object

    @property
    def lifted(self) -> int:
        """How many long string literals were lifted out so far."""
        return len(self._literals)

    def raw_text(self) -> bytes:
        """The answer itself (long literals replaced by placeholders when it is an object)."""
        return bytes(self._skeleton)

    def feed(self, chunk: bytes) -> None:
        """Take the next bytes of the answer."""
        self.feed_range(chunk, 0, len(chunk))

    def feed_range(self, data: bytes, pos: int, end: int) -> None:
        """Take ``data[pos:end]`` (without copying it first)."""
        if len(self._head) < HEAD_SIZE:
            self._head += data[pos : min(end, pos + HEAD_SIZE - len(self._head))]
        if self._object is None:
            first = pos
            while first < end and data[first] in _BLANK:
                first += 1
            if first < end:
                # Only UTF-8 is scanned; json.loads detects UTF-16/32 by their zero bytes.
                self._object = data[first] == ord("{") and b"\x00" not in data[first : first + 4]
                self._scan = self._object
        view = memoryview(data)
        if not self._scan:
            self._skeleton += view[pos:end]
            return
        while pos < end:
            if not self._in_string:
                quote = data.find(b'"', pos, end)
                if quote < 0:
                    self._skeleton += view[pos:end]
                    return
                self._skeleton += view[pos : quote + 1]
                self._in_string = True
                self._start = len(self._skeleton)
                self._run = 0
                pos = quote + 1
                continue
            quote = self._closing_quote(data, pos, end)
            stop = end if quote < 0 else quote
            if self._literal is not None:
                if stop > pos:
                    self._literal.feed(view[pos:stop])
            else:
                self._skeleton += view[pos:stop]
                if len(self._skeleton) - self._start > self._lift_at:
                    self._lift()
            if quote < 0:
                return
            if self._literal is not None:
                self._literal.close()
                self._literal = None
            else:
                self._last = (self._start, len(self._skeleton))
            self._skeleton += b'"'
            self._in_string = False
            pos = quote + 1

    def close(self) -> Any:
        """The parsed answer; ``ValueError`` (or ``RecursionError``) when it is not JSON."""
        if self._in_string:
            raise ValueError("the answer ends inside a string")
        value = json.loads(self._skeleton)
        if self._literals:
            value = self._restore(value, None)
        return value

    # -- internals ----------------------------------------------------------------------

    def _closing_quote(self, data: bytes, pos: int, end: int) -> int:
        """The index of the quote that ends the current literal, or -1 (then ``_run`` is
        the number of backslashes the piece ends with, for the next piece)."""
        while True:
            quote = data.find(b'"', pos, end)
            stop = end if quote < 0 else quote
            i = stop
            while i > pos and data[i - 1] == _BACKSLASH:
                i -= 1
            run = stop - i + (self._run if i == pos else 0)
            if quote < 0:
                self._run = run
                return -1
            if run % 2 == 0:
                return quote
            pos = quote + 1  # an escaped quote: keep looking
            self._run = 0

    def _lift(self) -> None:
        content = bytes(self._skeleton[self._start :])
        del self._skeleton[self._start :]
        self._skeleton += json.dumps(f"{self._mark}{len(self._literals)}")[1:-1].encode()
        # The key is the last string when only a colon (and blanks) comes between.
        begin, end = self._last
        between = bytes(self._skeleton[end + 1 : self._start - 1])
        key = bytes(self._skeleton[begin:end]) if end and between.strip() == b":" else None
        literal = _Literal(key)
        literal.feed(content)
        self._literal = literal
        self._literals.append(literal)

    def _restore(self, value: Any, key: str | None) -> Any:
        if isinstance(value, str):
            if value.startswith(self._mark):
                literal = self._literals[int(value[len(self._mark) :])]
                return literal.value(key)
            return value
        if isinstance(value, list):
            return [self._restore(item, None) for item in value]
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for name, item in value.items():
                real = self._restore(name, None)  # a lifted key comes back as its str
                out[real] = self._restore(item, real)
            return out
        return value


def parse_image_body(raw: bytes | str) -> ImageBodyParser:
    """A parser fed all of ``raw`` (a ``str`` is taken as its UTF-8 bytes) in
    :data:`FEED_SLICE` pieces, so that no C call runs long; call ``close()`` next."""
    parser = ImageBodyParser()
    if isinstance(raw, str):
        for start in range(0, len(raw), FEED_SLICE):
            parser.feed(raw[start : start + FEED_SLICE].encode("utf-8", "surrogatepass"))
        return parser
    for start in range(0, len(raw), FEED_SLICE):
        parser.feed_range(raw, start, min(len(raw), start + FEED_SLICE))
    return parser


def parse_image_text(text: str) -> Any:
    """``json.loads(text)`` for an answer (or event) that may hold huge base64 strings.

    Long literals under image keys come back as :class:`InlineImage`. Raises ``ValueError``
    (or ``RecursionError``) for invalid JSON, like ``json.loads``.
    """
    return parse_image_body(text).close()


async def read_image_body(chunks: AsyncIterable[bytes]) -> ImageBodyParser:
    """Read an answer into a parser (call ``close()`` next, in a worker thread).

    The bytes are handed to a worker thread (``asyncio.to_thread``) in batches of about
    :data:`FEED_BATCH` while the next ones arrive, so the images are decoded during the
    download and the event loop only collects chunks. Errors of ``chunks`` propagate.
    """
    parser = ImageBodyParser()
    batch: list[bytes] = []
    size = 0
    feeding: asyncio.Future[None] | None = None
    try:
        async for chunk in chunks:
            batch.append(chunk)
            size += len(chunk)
            if size >= FEED_BATCH:
                if feeding is not None:
                    await feeding
                feeding = asyncio.ensure_future(asyncio.to_thread(_feed_all, parser, batch))
                batch, size = [], 0
        if feeding is not None:
            await feeding
        if batch:
            await asyncio.to_thread(_feed_all, parser, batch)
    finally:
        if feeding is not None and not feeding.done():
            # The worker finishes on its own; its outcome no longer matters.
            feeding.add_done_callback(_forget)
    return parser


def _feed_all(parser: ImageBodyParser, chunks: Iterable[bytes]) -> None:
    for chunk in chunks:
        for start in range(0, len(chunk), FEED_SLICE):
            parser.feed_range(chunk, start, min(len(chunk), start + FEED_SLICE))


def _forget(future: asyncio.Future[None]) -> None:
    if not future.cancelled():
        future.exception()


def _literal_prefix(raw: bytes) -> tuple[str, int] | None:
    """The text of the longest prefix of a literal's raw bytes that ends between escapes,
    and its length in raw bytes; None when the prefix is not valid JSON."""
    for cut in range(len(raw), max(len(raw) - 12, 0) - 1, -1):
        try:
            return _json_string(raw[:cut]), cut
        except ValueError:
            continue
    return None


def _json_string(raw: bytes) -> str:
    # Decoded as json.loads decodes a UTF-8 answer (the parser scans nothing else).
    value = json.loads((b'"' + raw + b'"').decode("utf-8", "surrogatepass"))
    if not isinstance(value, str):  # cannot happen with the quotes around it
        raise ValueError("not a JSON string")
    return value
