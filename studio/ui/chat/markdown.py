"""Markdown for a streaming answer: where the finished blocks end, and rendering to a fragment.

A streaming answer is split in two: finished blocks (rendered once, then frozen) and the
growing tail (re-rendered as text arrives). :func:`stable_length` finds the split without
ever cutting a code fence, a list or an indented continuation in half.
"""

from __future__ import annotations

import re

from PySide6.QtGui import (
    QColor,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
    QTextFrameFormat,
)

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_RE = re.compile(r"^(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)


def stable_length(text: str, start: int = 0) -> int:
    """Length of the prefix of ``text`` made of finished markdown blocks.

    ``start`` must itself be a stable boundary (such as an earlier result); scanning resumes
    there. A boundary is a closing code fence, or a blank line followed by a line that starts
    a new top-level block (not indented, not a list item that could continue a list).
    """
    boundary = start
    candidate = -1
    fence: str | None = None
    pos = start
    while True:
        newline = text.find("\n", pos)
        if newline < 0:
            # The last line is still being written; its first character may already show
            # that it starts a new top-level block (it cannot become indented or a list item).
            first = text[pos : pos + 1]
            if (
                fence is None
                and candidate >= 0
                and first
                and not (first.isspace() or first.isdigit() or first in "-*+")
            ):
                boundary = candidate
            break
        line = text[pos:newline]
        end = newline + 1
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
                boundary = end
                candidate = -1
        elif not line.strip():
            if candidate < 0:
                candidate = end
        else:
            if candidate >= 0 and not line[0].isspace() and not _LIST_RE.match(line):
                boundary = candidate
            candidate = -1
            match = _FENCE_RE.match(line)
            if match:
                fence = match.group(1)
        pos = end
    return boundary


def render_markdown(text: str, code_background: QColor) -> QTextDocumentFragment:
    """Render ``text`` (GitHub-flavoured markdown) into a fragment ready to insert.

    Code blocks and inline code get ``code_background`` so they stand out in both themes.
    Raw HTML is not interpreted, so nothing in an answer can load or run anything.
    """
    document = QTextDocument()
    document.setMarkdown(text, _FEATURES)
    _tint_code(document, code_background)
    return QTextDocumentFragment(document)


def _is_code(block: QTextBlock) -> bool:
    block_format = block.blockFormat()
    return block_format.hasProperty(QTextFormat.Property.BlockCodeFence) or (
        block_format.hasProperty(QTextFormat.Property.BlockCodeLanguage)
    )


def _tint_code(document: QTextDocument, background: QColor) -> None:
    """Put each code block in a padded, tinted frame and tint inline code."""
    runs: list[tuple[int, int]] = []
    spans: list[tuple[int, int]] = []
    language: object = None
    block = document.begin()
    while block.isValid():
        if _is_code(block):
            block_language = block.blockFormat().property(QTextFormat.Property.BlockCodeLanguage)
            end = block.position() + block.length() - 1
            if runs and runs[-1][1] == block.position() - 1 and block_language == language:
                runs[-1] = (runs[-1][0], end)
            else:
                runs.append((block.position(), end))
            language = block_language
        else:
            language = None
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                if fragment.isValid() and fragment.charFormat().fontFixedPitch():
                    spans.append((fragment.position(), fragment.position() + fragment.length()))
                iterator += 1
        block = block.next()
    cursor = QTextCursor(document)
    tint = QTextCharFormat()
    tint.setBackground(background)
    for begin, end in spans:
        cursor.setPosition(begin)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(tint)
    frame_format = QTextFrameFormat()
    frame_format.setBackground(background)
    frame_format.setPadding(10)
    frame_format.setBorder(0)
    frame_format.setTopMargin(4)
    frame_format.setBottomMargin(4)
    for begin, end in reversed(runs):
        cursor.setPosition(begin)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertFrame(frame_format)
