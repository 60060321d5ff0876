"""Colours of rendered markdown and syntax highlighting of code with Pygments.

Everything here is pure (no Qt), so markdown can be rendered in a worker thread. Highlighted
code comes out as inline-styled spans (``noclasses``), the subset of HTML that Qt's rich text
understands; each theme has its own Pygments style and colours.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache, lru_cache

from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_all_lexers, get_lexer_by_name
from pygments.util import ClassNotFound

MONOSPACE = (
    "'JetBrains Mono', 'Cascadia Mono', 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', "
    "'Noto Sans Mono', monospace"
)
HIGHLIGHT_LIMIT = 200_000
"""Code longer than this (characters) is shown plain: highlighting it would take too long."""


@dataclass(frozen=True, slots=True)
class MarkdownColors:
    """The colours of one theme (``#rrggbb``)."""

    pygments_style: str
    code_background: str
    code_header: str
    code_text: str
    code_border: str
    inline_code_background: str
    table_border: str
    table_header_background: str
    quote_bar: str
    quote_text: str
    link: str
    rule: str
    muted: str


LIGHT = MarkdownColors(
    pygments_style="default",
    code_background="#f6f8fa",
    code_header="#eaeef2",
    code_text="#1f2328",
    code_border="#d0d7de",
    inline_code_background="#eaeef2",
    table_border="#d0d7de",
    table_header_background="#f6f8fa",
    quote_bar="#d0d7de",
    quote_text="#59636e",
    link="#0969da",
    rule="#d8dee4",
    muted="#59636e",
)
DARK = MarkdownColors(
    pygments_style="github-dark",
    code_background="#161b22",
    code_header="#21262d",
    code_text="#e6edf3",
    code_border="#3d444d",
    inline_code_background="#343942",
    table_border="#3d444d",
    table_header_background="#21262d",
    quote_bar="#3d444d",
    quote_text="#9198a1",
    link="#4493f8",
    rule="#3d444d",
    muted="#9198a1",
)


def colors(dark: bool) -> MarkdownColors:
    """The colours for a dark or a light background."""
    return DARK if dark else LIGHT


@cache
def _aliases() -> frozenset[str]:
    """Every language name Pygments knows without plugins (cheap: no lexer is imported)."""
    return frozenset(
        alias.lower() for _name, aliases, *_ in get_all_lexers(plugins=False) for alias in aliases
    )


@cache
def _lexer(language: str) -> Lexer | None:
    # Unknown names (including a half-written "```pyth") stop here: asking Pygments would
    # scan the installed plugins each time, tens of milliseconds.
    if language not in _aliases():
        return None
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except (ClassNotFound, ValueError):
        return None


@cache
def _formatter(style: str) -> HtmlFormatter[str]:
    return HtmlFormatter(noclasses=True, nowrap=True, style=style)


def will_highlight(code: str, language: str | None, *, highlight: bool = True) -> bool:
    """True when :func:`highlight_code` would colour ``code`` (known language, not too long)."""
    return (
        highlight
        and bool(code)
        and bool(language)
        and len(code) <= HIGHLIGHT_LIMIT
        and _lexer(str(language).lower()) is not None
    )


def highlight_code(code: str, language: str | None, *, dark: bool, highlight: bool = True) -> str:
    """``code`` as Qt rich text: coloured spans in a ``<pre>``, or escaped text if unknown.

    The result sets its own monospace font and text colour, so it reads the same in a label,
    a text browser or a table cell. Recent results are remembered: a streaming block is
    highlighted as the live tail and again, unchanged, when it is frozen.
    """
    return _highlight_cached(code, language, dark, highlight)


@lru_cache(maxsize=32)
def _highlight_cached(code: str, language: str | None, dark: bool, highlight: bool) -> str:
    theme = colors(dark)
    if will_highlight(code, language, highlight=highlight):
        lexer = _lexer(str(language).lower())
        body = pygments_highlight(code, lexer, _formatter(theme.pygments_style))
        if not code.endswith("\n") and body.endswith("\n"):
            body = body[:-1]
    else:
        body = html.escape(code, quote=False)
    return f'<pre style="margin:0; font-family:{MONOSPACE}; color:{theme.code_text}">{body}</pre>'
