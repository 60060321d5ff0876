"""Markdown that arrives in pieces: finished blocks are rendered once, the tail stays live.

:class:`StreamingMarkdown` cuts the text at *boundaries*: a run of blank lines outside any
code fence, followed by a line that starts in the first column (so it cannot continue a list
item or an indented code block). Everything before a boundary is rendered once and frozen;
the rest, the tail, is for the view to re-render as it grows. Boundaries depend only on the
text, never on how it was split into deltas, so the frozen blocks are the same whatever the
delta sizes. Each delta is scanned once, line by line, with the fence state carried along:
feeding costs O(delta), not O(text so far).

What can differ from rendering the whole text at once, by design: a list interrupted by blank
lines becomes several lists (numbered ones keep their numbers), and a link reference
definition only applies inside its own chunk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.ui.markdown.render import Block, render_markdown

_FENCE_RE = re.compile(r"^([ \t]*)(`{3,}|~{3,})(.*)$")
_BLANK = " \t\r\n"


@dataclass(frozen=True, slots=True)
class OpenFence:
    """A code fence that is open at the end of the tail (offsets are into the tail).

    ``top_level`` is true when the fence starts in the first column, so everything after its
    opening line is code (the view can then skip parsing the tail as markdown).
    """

    start: int
    body_start: int
    language: str | None
    top_level: bool


@dataclass(slots=True)
class _Fence:
    char: str
    length: int
    indent: int
    start: int
    body_start: int
    language: str | None


class StreamingMarkdown:
    """Splits growing markdown into frozen blocks and a live tail.

    ``dark`` chooses the colours of blocks frozen from now on (the view re-renders older
    ones when the theme changes).
    """

    def __init__(self, *, dark: bool = False) -> None:
        self.dark = dark
        self._frozen: list[str] = []
        self._pending = ""
        self._scan = 0  # start of the first line of _pending not scanned yet
        self._search = 0  # where to look for that line's end (it has no newline before here)
        self._fence: _Fence | None = None
        self._candidate = -1  # end of a blank-line run that may become a boundary
        self._content = False  # _pending has a non-blank line before _scan
        self._finished = False

    @property
    def text(self) -> str:
        """Everything fed so far."""
        return "".join(self._frozen) + self._pending

    @property
    def tail(self) -> str:
        """The text after the last boundary (not frozen yet)."""
        return self._pending

    @property
    def open_fence(self) -> OpenFence | None:
        """The code fence open at the end of the tail, if any."""
        fence = self._fence
        if fence is None:
            return None
        return OpenFence(fence.start, fence.body_start, fence.language, fence.indent == 0)

    def feed(self, delta: str) -> tuple[list[Block], str]:
        """Add ``delta``; return the blocks frozen by it and the current tail."""
        if self._finished:
            raise RuntimeError("feed() after finish()")
        if not delta:
            return [], self._pending
        self._pending += delta
        frozen: list[Block] = []
        pending = self._pending
        while True:
            newline = pending.find("\n", max(self._scan, self._search))
            if newline < 0:
                break
            frozen.extend(self._line(self._scan, newline + 1))
            pending = self._pending
        self._search = len(pending)
        frozen.extend(self._partial_line())
        return frozen, self._pending

    def finish(self) -> list[Block]:
        """Freeze whatever is left; the stream takes no more text."""
        self._finished = True
        rest = self._pending
        self._pending = ""
        self._scan = self._search = 0
        self._fence = None
        if not rest:
            return []
        self._frozen.append(rest)
        return render_markdown(rest, dark=self.dark)

    # -- scanning ----------------------------------------------------------------------------

    def _line(self, start: int, end: int) -> list[Block]:
        """Scan the complete line ``_pending[start:end]``; return blocks frozen before it."""
        line = self._pending[start:end]
        self._scan = end
        fence = self._fence
        if fence is not None:
            stripped = line.strip(_BLANK)
            indent = len(line) - len(line.lstrip(" \t"))
            if (
                len(stripped) >= fence.length
                and stripped == fence.char * len(stripped)
                and indent <= fence.indent + 3
            ):
                self._fence = None
            return []
        if not line.strip(_BLANK):  # as CommonMark: only spaces and tabs make a blank line
            if self._content:
                self._candidate = end
            return []
        frozen: list[Block] = []
        if self._candidate >= 0 and line[0] not in " \t":
            frozen = self._freeze(self._candidate)
            start -= len(self._frozen[-1])
            end -= len(self._frozen[-1])
        self._candidate = -1
        self._content = True
        match = _FENCE_RE.match(line.rstrip("\r\n"))
        if match is not None:
            lead, marker, info = match.groups()
            if not (marker[0] == "`" and "`" in info):
                words = info.split()
                self._fence = _Fence(
                    marker[0], len(marker), len(lead), start, end, words[0] if words else None
                )
        return frozen

    def _partial_line(self) -> list[Block]:
        """Freeze early when the unfinished last line already starts a new top-level block."""
        if self._fence is not None or self._candidate < 0 or self._scan >= len(self._pending):
            return []
        if self._pending[self._scan] in " \t\r":
            return []
        frozen = self._freeze(self._candidate)
        self._candidate = -1
        return frozen

    def _freeze(self, end: int) -> list[Block]:
        """Render ``_pending[:end]`` once and drop it from the tail."""
        chunk = self._pending[:end]
        self._frozen.append(chunk)
        self._pending = self._pending[end:]
        self._scan -= end
        self._search = max(0, self._search - end)
        self._content = False
        return render_markdown(chunk, dark=self.dark)
