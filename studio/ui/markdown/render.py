"""Markdown to a list of blocks of Qt rich text (pure: no Qt, safe in a worker thread).

:func:`render_markdown` parses CommonMark with tables and strikethrough (markdown-it-py, raw
HTML off) and groups the top-level elements into :class:`Block` values: consecutive prose
(paragraphs, headings, lists, quotes) makes one ``text`` block; each fenced or indented code
block, table and thematic break is a block of its own, so the view can give code a header with
a copy button. The blocks' ``source`` fields partition the input: joined, they give it back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from studio.ui.markdown._html import HtmlWriter
from studio.ui.markdown.highlight import colors, highlight_code, will_highlight

BlockKind = Literal["text", "code", "table", "rule", "blank"]

_NEWLINE_RE = re.compile(r"\r\n?|\n")


@dataclass(frozen=True, slots=True)
class Block:
    """One rendered block of a message.

    ``kind`` is ``text`` (prose), ``code``, ``table``, ``rule`` or ``blank`` (whitespace only,
    shown as nothing). ``html`` is Qt rich text; ``source`` the markdown it came from;
    ``language`` and ``code`` (the raw code, for copying) are set for code blocks only.
    ``highlighted`` says whether the code was syntax-highlighted; ``lead`` is the extra
    space (pixels) the block wants above it, beyond the view's usual gap (before a heading).
    """

    kind: BlockKind
    html: str
    source: str
    language: str | None = None
    code: str | None = None
    highlighted: bool = False
    lead: int = 0


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    # Every link is parsed as a link, so a forbidden one shows its text rather than its raw
    # markdown; the writer decides which links become clickable.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def _line_offsets(text: str) -> list[int]:
    """Character offset of the start of each line, as markdown-it numbers lines."""
    offsets = [0]
    offsets.extend(match.end() for match in _NEWLINE_RE.finditer(text))
    return offsets


def _elements(tokens: list[Token]) -> list[tuple[BlockKind, int, int, int]]:
    """Top-level elements as ``(kind, first token, end token, first source line)``."""
    elements: list[tuple[BlockKind, int, int, int]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        j = i + 1
        if token.nesting == 1:
            depth = 1
            while j < len(tokens) and depth:
                depth += tokens[j].nesting
                j += 1
        kind: BlockKind = "text"
        if token.type in ("fence", "code_block"):
            kind = "code"
        elif token.type == "table_open":
            kind = "table"
        elif token.type == "hr":
            kind = "rule"
        line = token.map[0] if token.map else (elements[-1][3] if elements else 0)
        elements.append((kind, i, j, line))
        i = j
    return elements


def _code_parts(token: Token) -> tuple[str | None, str]:
    language = token.info.split()[0] if token.info.strip() else None
    code = token.content[:-1] if token.content.endswith("\n") else token.content
    return language, code


def render_markdown(text: str, *, dark: bool = False, highlight: bool = True) -> list[Block]:
    """Render ``text`` to blocks of Qt rich text for a light (or ``dark``) background.

    Raw HTML is shown as text; only http(s) and mailto links are clickable; images are never
    loaded. ``highlight=False`` skips syntax highlighting (for a fast preview of a growing
    code block). The blocks' sources joined give ``text`` back exactly.
    """
    if not text:
        return []
    if not text.strip(" \t\r\n"):
        return [Block("blank", "", text)]
    theme = colors(dark)
    tokens = _parser().parse(text)
    groups: list[tuple[BlockKind, int, int, int]] = []
    for kind, start, end, line in _elements(tokens):
        if kind == "text" and groups and groups[-1][0] == "text":
            groups[-1] = ("text", groups[-1][1], end, groups[-1][3])
        else:
            groups.append((kind, start, end, line))
    if not groups:  # only link reference definitions, for example
        return [Block("text", "", text)]
    offsets = _line_offsets(text)
    bounds = [0] + [offsets[min(line, len(offsets) - 1)] for _, _, _, line in groups[1:]]
    bounds.append(len(text))
    blocks: list[Block] = []
    for index, (kind, start, end, _) in enumerate(groups):
        source = text[bounds[index] : bounds[index + 1]]
        if kind == "code":
            language, code = _code_parts(tokens[start])
            blocks.append(code_block(code, language, source, dark=dark, highlight=highlight))
        else:
            writer = HtmlWriter(theme, dark=dark, highlight=highlight)
            body = writer.write(tokens[start:end])
            blocks.append(Block(kind, body, source, lead=writer.lead))
    return blocks


def code_block(
    code: str, language: str | None, source: str, *, dark: bool = False, highlight: bool = True
) -> Block:
    """A ``code`` block for ``code`` without parsing markdown (used for a growing fence)."""
    body = highlight_code(code, language, dark=dark, highlight=highlight)
    highlighted = will_highlight(code, language, highlight=highlight)
    return Block("code", body, source, language, code, highlighted=highlighted)
