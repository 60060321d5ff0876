"""Incremental base64 decoding with the tolerance relays need, in short C calls.

:class:`Base64Decoder` takes the text piece by piece and decodes every complete 4-character
group as it comes, so a 36 MB answer is never handled by one long call that holds the GIL
(a C call keeps it until it returns, whatever ``sys.getswitchinterval()`` says). It accepts
what :func:`studio.api.imagedata.decode_base64` accepts: whitespace anywhere, the URL-safe
alphabet, missing or extra trailing ``=``. Padding anywhere but at the very end is an error.

Two ways in: :meth:`Base64Decoder.feed_text` for the text itself (ASCII bytes), and
:meth:`Base64Decoder.feed_json` for the raw bytes of a JSON string literal, where ``\\/``,
``\\n``, ``\\r``, ``\\t`` and ``\\f`` escapes are undone on the way. Anything else in a JSON
literal (another escape, a raw control character, non-ASCII) raises :class:`NotPlainBase64`:
the caller then decodes the literal with ``json`` and starts over with :meth:`feed_text`.

Pure and not thread-safe: one decoder belongs to one caller at a time.
"""

from __future__ import annotations

import binascii
import re

_WHITESPACE = b" \t\r\n\f\v"
_URLSAFE = bytes.maketrans(b"-_", b"+/")
_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_EQUALS = ord("=")
# A JSON string may not hold raw control characters; base64 holds no non-ASCII either.
_NOT_PLAIN_JSON = re.compile(rb"[\x00-\x1f\x7f-\xff]")
_JSON_WHITESPACE_ESCAPES = (b"\\n", b"\\r", b"\\t", b"\\f")


class Base64Error(ValueError):
    """The text is not base64 that the tolerant rules accept; the message says why."""


class NotPlainBase64(ValueError):
    """A JSON literal uses escapes the fast path does not undo (decode it with ``json``)."""


class Base64Decoder:
    """Decode base64 fed in pieces; :meth:`finish` returns the bytes.

    ``feed_*`` raises :class:`Base64Error` as soon as the text cannot be valid (a character
    outside the alphabet, data after the padding) and :class:`NotPlainBase64` for a JSON
    literal it cannot read on its own. After an error the decoder must be dropped.
    """

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._carry = b""  # clean characters of an incomplete group, or the padded tail
        self._escape = b""  # a JSON literal piece ended with a lone backslash: kept for later
        self._padded = False  # "=" was seen: only more "=" (or whitespace) may follow
        self._chars = 0  # base64 characters decoded so far (the carry excluded)

    def feed_text(self, chunk: bytes | memoryview) -> None:
        """Decode the next piece of the base64 text (ASCII bytes)."""
        if self._fast(chunk):
            return
        self._slow(bytes(chunk))

    def feed_json(self, chunk: bytes | memoryview) -> None:
        """Decode the next piece of a JSON string literal's raw bytes (no quotes)."""
        if not self._escape and self._fast(chunk):
            return
        raw = self._escape + chunk if self._escape else bytes(chunk)
        self._escape = b""
        if raw.endswith(b"\\"):
            run = len(raw) - len(raw.rstrip(b"\\"))
            if run % 2:
                self._escape, raw = b"\\", raw[:-1]
        self._slow(_unescape(raw))

    def finish(self) -> bytes:
        """Decode what is left and return all the bytes; raises :class:`Base64Error`."""
        if self._escape:
            raise NotPlainBase64("the literal ends inside an escape")
        tail = self._carry.rstrip(b"=")
        self._carry = b""
        if b"=" in tail:
            raise Base64Error("invalid base64")
        if not tail and not self._chars:
            raise Base64Error("empty base64")
        missing = -len(tail) % 4
        if missing == 3:
            raise Base64Error("invalid base64 (truncated)")
        if tail:
            self._decode(tail + b"=" * missing)
        parts, self._parts = self._parts, []
        if len(parts) == 1:
            return parts[0]
        # One copy, with the GIL released (join does that above 1 MB). Growing one buffer
        # instead would copy it with the GIL held whenever realloc cannot grow in place.
        return b"".join(parts)

    # -- internals ----------------------------------------------------------------------

    def _fast(self, chunk: bytes | memoryview) -> bool:
        """Decode plain base64 (no padding, whitespace or escapes); False: take the slow way.

        Nothing changes unless it returns True.
        """
        if self._padded:
            return False
        view = memoryview(chunk)
        first = b""
        if self._carry:  # complete the pending group on its own: no copy of the chunk
            need = 4 - len(self._carry)
            if len(view) < need:
                return self._fast_small(self._carry + bytes(view))
            first = self._carry + bytes(view[:need])
            view = view[need:]
        whole = len(view) - len(view) % 4
        rest = bytes(view[whole:])
        if rest.translate(None, _ALPHABET):
            return False  # whitespace, an escape, padding...: the careful path
        if b"=" in first or (whole and view[whole - 1] == _EQUALS):
            return False  # padding: only valid at the very end, which is not known yet
        try:
            head = binascii.a2b_base64(first, strict_mode=True) if first else b""
            body = binascii.a2b_base64(view[:whole], strict_mode=True) if whole else b""
        except binascii.Error:
            return False
        for piece in (head, body):
            if piece:
                self._parts.append(piece)
        self._chars += len(first) + whole
        self._carry = rest
        return True

    def _fast_small(self, data: bytes) -> bool:
        if data.translate(None, _ALPHABET):
            return False
        self._carry = data
        return True

    def _slow(self, data: bytes) -> None:
        """Whitespace, URL-safe characters and padding; then the complete groups."""
        data = data.translate(None, _WHITESPACE)
        if self._padded:
            if data.strip(b"="):
                raise Base64Error("invalid base64")
            self._carry += data
            return
        if b"-" in data or b"_" in data:
            data = data.translate(_URLSAFE)
        data, self._carry = self._carry + data, b""
        pad = data.find(b"=")
        if pad >= 0:
            if data[pad:].strip(b"="):
                raise Base64Error("invalid base64")
            self._padded = True
            body = data[:pad]
            whole = len(body) - len(body) % 4
            self._carry = data[whole:]
        else:
            whole = len(data) - len(data) % 4
            self._carry = data[whole:]
        if whole:
            self._decode(data[:whole])

    def _decode(self, data: bytes) -> None:
        try:
            self._parts.append(binascii.a2b_base64(data, strict_mode=True))
        except binascii.Error:
            raise Base64Error("invalid base64") from None
        self._chars += len(data)


def _unescape(data: bytes) -> bytes:
    """The base64 characters of a JSON literal piece; whitespace escapes are dropped."""
    if _NOT_PLAIN_JSON.search(data):
        raise NotPlainBase64("control or non-ASCII characters in the literal")
    if b"\\" not in data:
        return data
    if b"\\\\" in data:
        raise NotPlainBase64("an escaped backslash")
    # No two backslashes touch, so each one starts an escape and no replacement below can
    # make a new one.
    data = data.replace(b"\\/", b"/")
    for escape in _JSON_WHITESPACE_ESCAPES:
        if b"\\" not in data:
            return data
        data = data.replace(escape, b"")
    if b"\\" in data:
        raise NotPlainBase64("an escape other than \\/ or whitespace")
    return data
