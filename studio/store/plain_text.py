"""Markdown as plain readable text, for search excerpts: the words without the markup.

Not a Markdown renderer: code fences and inline code keep their code, links and images keep
their text, headings, emphasis, quotes, list bullets, table bars and rules lose their marks.
What is left is text to show as text (never as HTML: a ``<b>`` stays the four characters).
"""

from __future__ import annotations

import re

_FENCED = re.compile(
    r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n(.*?)(?:^[ ]{0,3}\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL
)
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)", re.MULTILINE)
_CLOSING_HASHES = re.compile(r"\s+#+\s*$", re.MULTILINE)
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+", re.MULTILINE)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?", re.MULTILINE)
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$", re.MULTILINE)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$", re.MULTILINE)
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~", re.DOTALL)
_EM_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_EM_UNDER = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_CODE_TOKEN = "\x00{}\x00"


def markdown_to_plain(text: str, *, keep_urls: bool = False) -> str:
    """``text`` without its Markdown marks (line breaks kept). With ``keep_urls``, a link
    reads ``text (url)`` so that an address stays findable."""
    codes: list[str] = []

    def keep_code(match: re.Match[str]) -> str:
        codes.append(match.group(2).strip())
        return _CODE_TOKEN.format(len(codes) - 1)

    def keep_escaped(match: re.Match[str]) -> str:
        codes.append(match.group(1))
        return _CODE_TOKEN.format(len(codes) - 1)

    def keep_block(match: re.Match[str]) -> str:
        codes.append(match.group(2).rstrip("\n"))
        return _CODE_TOKEN.format(len(codes) - 1)

    text = _FENCED.sub(keep_block, text)  # a code block keeps its lines, not its fences
    text = _INLINE_CODE.sub(keep_code, text)  # code keeps its stars and brackets
    text = _ESCAPE.sub(keep_escaped, text)  # so does an escaped mark
    text = _IMAGE.sub(lambda m: m.group(1), text)

    def link(match: re.Match[str]) -> str:
        url = match.group(2)
        return f"{match.group(1)} ({url})" if keep_urls and url else match.group(1)

    text = _LINK.sub(link, text)
    text = _REF_LINK.sub(lambda m: m.group(1), text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _TABLE_RULE.sub("", text)
    text = _RULE.sub("", text)
    text = _HEADING.sub("", text)
    text = _CLOSING_HASHES.sub("", text)
    text = _QUOTE.sub("", text)
    text = _BULLET.sub("", text)
    text = "\n".join(_table_row(line) for line in text.split("\n"))
    for pattern in (_STRONG, _STRIKE):
        text = pattern.sub(lambda m: m.group(m.lastindex or 0), text)
    text = _EM_STAR.sub(lambda m: m.group(1), text)
    text = _EM_UNDER.sub(lambda m: m.group(1), text)
    return re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], text)


def _table_row(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        cells = [cell.strip() for cell in stripped[1:-1].split("|")]
        return "  ".join(cell for cell in cells if cell)
    return line
