"""Encode a request body as JSON without one long C call for a body full of images.

A chat request that re-sends twenty images is a 7 MB JSON document that is mostly base64 data
URLs. ``json.dumps`` scans every character of them for escapes in a single C call that holds
the GIL for ~17 ms, which would stall the GUI even from a worker thread. :func:`encode_body`
produces the same bytes as httpx's ``json=`` (``ensure_ascii=False``, compact separators, no
NaN) but lifts every long string that needs no escaping out of the document first: the small
skeleton goes through ``json.dumps`` and the long strings are spliced back in as bytes, in
short calls. :func:`needs_worker` tells the caller when the encoding is worth a worker thread.

A long conversation is the other long call: 5,000 messages are 1.4 MB of JSON and ~10 ms of
``json.dumps``. A top-level list longer than :data:`SPLIT_AT` (``messages``) is therefore
encoded in runs of :data:`SPLIT_AT` items and joined, so a worker thread encoding it lets go
of the GIL between runs.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

LIFT_AT = 16 * 1024
"""Strings at least this long (characters) are spliced in rather than encoded by ``json``."""

WORKER_AT = 256 * 1024
"""Bodies holding at least this many characters of long strings are encoded in a worker."""

SPLIT_AT = 64
"""Top-level lists longer than this are encoded in runs this long (and in a worker thread)."""

_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')
_SEARCH_PIECE = 64 * 1024


def _plain(text: str) -> bool:
    """True when ``json.dumps(text)`` is ``text`` in quotes (ASCII, nothing to escape).

    Searched in pieces: ``re`` holds the GIL for a whole search (30 ms for a 7 MB string).
    """
    if not text.isascii():
        return False
    return all(
        _NEEDS_ESCAPE.search(text, start, start + _SEARCH_PIECE) is None
        for start in range(0, len(text), _SEARCH_PIECE)
    )


def long_string_chars(value: Any, stop_at: int = WORKER_AT) -> int:
    """Characters in the long strings of ``value`` (counting stops once ``stop_at`` is met)."""
    total = 0
    stack = [value]
    while stack and total < stop_at:
        item = stack.pop()
        if isinstance(item, str):
            if len(item) >= LIFT_AT:
                total += len(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return total


def _long_list(value: Any) -> bool:
    return isinstance(value, dict) and any(
        isinstance(item, list) and len(item) > SPLIT_AT for item in value.values()
    )


def needs_worker(value: Any) -> bool:
    """True when encoding ``value`` is long enough to belong in a worker thread."""
    return _long_list(value) or long_string_chars(value) >= WORKER_AT


def encode_body(value: Any) -> bytes:
    """``value`` as UTF-8 JSON, byte for byte what httpx sends for ``json=value``."""
    if not (_long_list(value) and all(isinstance(key, str) for key in value)):
        return _encode(value)
    members = []
    for key, item in value.items():
        if isinstance(item, list) and len(item) > SPLIT_AT:
            # In runs of SPLIT_AT items: each a short call, their brackets taken off.
            runs = (item[start : start + SPLIT_AT] for start in range(0, len(item), SPLIT_AT))
            encoded = b"[" + b",".join(_encode(run)[1:-1] for run in runs) + b"]"
        else:
            encoded = _encode(item)
        members.append(_dumps(key).encode("utf-8") + b":" + encoded)
    return b"{" + b",".join(members) + b"}"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _encode(value: Any) -> bytes:
    """One value as JSON bytes, its long plain strings spliced in (see the module doc)."""
    if not long_string_chars(value, stop_at=1):
        return _dumps(value).encode("utf-8")
    lifted: list[str] = []
    marker = f"\x00splice-{secrets.token_hex(8)}-"

    def lift(item: Any) -> Any:
        if isinstance(item, str):
            if len(item) >= LIFT_AT and _plain(item):
                lifted.append(item)
                return f"{marker}{len(lifted) - 1}"
            return item
        if isinstance(item, dict):
            return {key: lift(inner) for key, inner in item.items()}
        if isinstance(item, list | tuple):
            return [lift(inner) for inner in item]
        return item

    skeleton = _dumps(lift(value))
    if not lifted:
        return skeleton.encode("utf-8")
    # The marker starts with NUL, which json writes as \u0000: it cannot occur otherwise.
    quoted = json.dumps(marker, ensure_ascii=False)[:-1]  # '"\u0000splice-…-'
    parts: list[bytes] = []
    pieces = skeleton.split(quoted)
    parts.append(pieces[0].encode("utf-8"))
    for piece in pieces[1:]:
        index, _, rest = piece.partition('"')
        parts.append(b'"')
        parts.append(lifted[int(index)].encode("ascii"))
        parts.append(b'"')
        parts.append(rest.encode("utf-8"))
    return b"".join(parts)
