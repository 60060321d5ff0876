"""Automatic conversation titles, taken from the first line of the first user message."""

from __future__ import annotations

TITLE_CHARS = 40


def make_title(text: str, limit: int = TITLE_CHARS) -> str:
    """The first non-empty line of ``text``, spaces collapsed, cut to about ``limit`` chars.

    A cut happens at a word boundary when one is near, and is marked with ``…``.
    """
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    line = " ".join(line.split())
    if len(line) <= limit:
        return line
    cut = line[:limit]
    space = cut.rfind(" ")
    if line[limit] != " " and space >= limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,.;:，。；：") + "…"
