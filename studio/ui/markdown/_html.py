"""markdown-it tokens to the subset of HTML that Qt's rich text engine understands.

Qt renders a small HTML 4 subset: no CSS classes, few properties, tables through attributes.
So this writer emits plain tags with inline styles, and decides the vertical rhythm itself:
a top-level element's top margin is the gap to the element before it, minus the gap the view's
layout already puts between block widgets, so a message looks the same whether its blocks were
rendered together or one by one while streaming.

Safety: text is always escaped; links become ``<a href>`` only for http(s) and mailto; images
are never embedded (a link or text stands in for them); raw HTML never reaches this writer
(the parser runs with ``html=False``), and if it did it would be escaped like text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from markdown_it.token import Token

from studio.ui.markdown.highlight import MONOSPACE, MarkdownColors, highlight_code

LAYOUT_GAP = 10
"""Pixels the view leaves between two block widgets."""
PARAGRAPH_GAP = 10
HEADING_GAP = {1: 22, 2: 20, 3: 16, 4: 14, 5: 12, 6: 12}
HEADING_SIZE = {1: "x-large", 2: "large", 3: "large", 4: "medium", 5: "medium", 6: "medium"}
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_MARK = "🖼"

_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def link_scheme(href: str) -> str:
    """The lower-case scheme of ``href`` ('' for a relative reference)."""
    match = _SCHEME_RE.match(href.strip())
    return match.group(1).lower() if match else ""


def is_safe_link(href: str) -> bool:
    """True when ``href`` may become a clickable link (http, https or mailto)."""
    return link_scheme(href) in SAFE_SCHEMES


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


class HtmlWriter:
    """Writes one run of block tokens as Qt rich text (one writer per render call)."""

    def __init__(self, theme: MarkdownColors, *, dark: bool, highlight: bool) -> None:
        self.theme = theme
        self.dark = dark
        self.highlight = highlight
        self._out: list[str] = []
        self._first = True
        self.lead = 0
        """Extra pixels wanted above the first element (beyond the view's gap)."""
        self._links: list[bool] = []

    # -- blocks ------------------------------------------------------------------------------

    def write(self, tokens: Sequence[Token]) -> str:
        """The HTML of ``tokens`` (a slice of top-level elements and their children)."""
        self._out = []
        self._first = True
        self.lead = 0
        for token in tokens:
            self._block(token)
        return "".join(self._out)

    def _top_margin(self, token: Token, gap: int) -> str:
        """``margin-top`` for an element: the gap to its predecessor at top level, else 0."""
        if token.level != 0:
            return "margin-top:0px;"
        if self._first:
            # Qt ignores the top margin of a document's first block: the view adds it instead.
            self._first = False
            self.lead = max(0, gap - LAYOUT_GAP)
            return "margin-top:0px;"
        return f"margin-top:{gap}px;"

    def _block(self, token: Token) -> None:
        out = self._out
        kind = token.type
        if kind == "inline":
            out.append(self.inline(token.children or []))
        elif kind == "paragraph_open":
            if not token.hidden:
                bottom = 6 if token.level else 0
                margin = self._top_margin(token, PARAGRAPH_GAP)
                out.append(f'<p style="{margin} margin-bottom:{bottom}px;">')
        elif kind == "paragraph_close":
            if not token.hidden:
                out.append("</p>")
        elif kind == "heading_open":
            level = int(token.tag[1])
            margin = self._top_margin(token, HEADING_GAP[level])
            out.append(
                f'<{token.tag} style="{margin} margin-bottom:0px; '
                f'font-size:{HEADING_SIZE[level]}; font-weight:600;">'
            )
        elif kind == "heading_close":
            out.append(f"</{token.tag}>")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            margin = self._top_margin(token, PARAGRAPH_GAP)
            start = token.attrs.get("start")
            start_attr = f' start="{int(start)}"' if start is not None else ""
            out.append(f'<{token.tag}{start_attr} style="{margin} margin-bottom:0px;">')
        elif kind in ("bullet_list_close", "ordered_list_close"):
            out.append(f"</{token.tag}>")
        elif kind == "list_item_open":
            out.append('<li style="margin-top:2px;">')
        elif kind == "list_item_close":
            out.append("</li>")
        elif kind == "blockquote_open":
            margin = self._top_margin(token, PARAGRAPH_GAP)
            out.append(
                f'<table cellspacing="0" cellpadding="0" style="{margin} margin-bottom:0px;">'
                f'<tr><td width="3" bgcolor="{self.theme.quote_bar}"></td>'
                f'<td style="padding-left:12px; color:{self.theme.quote_text};">'
            )
        elif kind == "blockquote_close":
            out.append("</td></tr></table>")
        elif kind in ("fence", "code_block"):
            self._code(token)
        elif kind == "hr":
            margin = self._top_margin(token, PARAGRAPH_GAP)
            out.append(f'<hr style="{margin}"/>')
        elif kind.startswith(("table_", "thead_", "tbody_", "tr_", "th_", "td_")):
            self._table(token)
        else:
            # Anything unexpected is shown as its text, never interpreted.
            if token.content:
                out.append(f"<p>{_esc(token.content)}</p>")

    def _code(self, token: Token) -> None:
        margin = self._top_margin(token, PARAGRAPH_GAP)
        language = token.info.split()[0] if token.info.strip() else None
        code = token.content[:-1] if token.content.endswith("\n") else token.content
        body = highlight_code(code, language, dark=self.dark, highlight=self.highlight)
        self._out.append(
            f'<table width="100%" cellspacing="0" cellpadding="8" '
            f'bgcolor="{self.theme.code_background}" style="{margin} margin-bottom:4px;">'
            f"<tr><td>{body}</td></tr></table>"
        )

    def _table(self, token: Token) -> None:
        theme = self.theme
        kind = token.type
        if kind == "table_open":
            margin = self._top_margin(token, PARAGRAPH_GAP)
            self._out.append(
                f'<table border="1" cellspacing="0" cellpadding="6" '
                f'style="{margin} margin-bottom:0px; border-collapse:collapse; '
                f'border-color:{theme.table_border}; border-style:solid;">'
            )
        elif kind in ("th_open", "td_open"):
            style = str(token.attrs.get("style", ""))
            align = style.removeprefix("text-align:") if style.startswith("text-align:") else ""
            align = align if align in ("center", "right") else "left"  # Qt centres <th>
            align_attr = f' align="{align}"'
            shade = f' bgcolor="{theme.table_header_background}"' if kind == "th_open" else ""
            self._out.append(f"<{token.tag}{align_attr}{shade}>")
        elif kind.endswith("_open"):
            if token.tag in ("table", "tr"):
                self._out.append(f"<{token.tag}>")
        elif token.tag in ("table", "tr", "th", "td"):
            self._out.append(f"</{token.tag}>")

    # -- inline ------------------------------------------------------------------------------

    def inline(self, children: Sequence[Token]) -> str:
        """The HTML of an inline token's children."""
        parts: list[str] = []
        for child in children:
            kind = child.type
            if kind in ("text", "text_special", "html_inline"):
                parts.append(_esc(child.content))
            elif kind in ("softbreak", "hardbreak"):
                # Chat answers mean their line breaks (and a space would split Chinese).
                parts.append("<br/>")
            elif kind == "code_inline":
                parts.append(
                    f'<code style="font-family:{MONOSPACE}; '
                    f'background-color:{self.theme.inline_code_background};">'
                    f"{_esc(child.content)}</code>"
                )
            elif kind == "em_open":
                parts.append("<i>")
            elif kind == "em_close":
                parts.append("</i>")
            elif kind == "strong_open":
                parts.append("<b>")
            elif kind == "strong_close":
                parts.append("</b>")
            elif kind == "s_open":
                parts.append("<s>")
            elif kind == "s_close":
                parts.append("</s>")
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
                safe = is_safe_link(href)
                self._links.append(safe)
                if safe:
                    parts.append(f'<a href="{_attr(href)}" style="color:{self.theme.link};">')
            elif kind == "link_close":
                if self._links and self._links.pop():
                    parts.append("</a>")
            elif kind == "image":
                parts.append(self._image(child))
        return "".join(parts)

    def _image(self, token: Token) -> str:
        """An image is never loaded: a link to it (http/https) or its description as text."""
        alt = "".join(c.content for c in token.children or [] if c.content) or token.content
        src = str(token.attrs.get("src", ""))
        label = f"{IMAGE_MARK} {alt or src}".rstrip()
        if link_scheme(src) in ("http", "https"):
            if self._links and self._links[-1]:
                return _esc(label)  # already inside a link: no nested anchors
            return f'<a href="{_attr(src)}" style="color:{self.theme.link};">{_esc(label)}</a>'
        return _esc(label)
