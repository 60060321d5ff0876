"""Where a streaming answer's finished markdown blocks end (rendered once, then frozen)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCursor, QTextDocument

from studio.ui.chat.markdown import render_markdown, stable_length


def test_paragraphs_before_a_blank_line_are_stable():
    text = "First paragraph.\n\nSecond para"
    assert text[: stable_length(text)] == "First paragraph.\n\n"


def test_an_open_code_fence_is_never_cut():
    text = "Intro\n\n```py\na = 1\n\nb = 2\n"
    assert text[: stable_length(text)] == "Intro\n\n"
    closed = text + "```\nafter"
    assert closed[: stable_length(closed)] == text + "```\n"


def test_a_list_split_by_blank_lines_stays_in_the_tail():
    text = "1. one\n\n2. two\n\n3. thr"
    assert stable_length(text) == 0


def test_an_indented_continuation_stays_with_its_block():
    text = "- item\n\n    more of the item\n"
    assert stable_length(text) == 0


def test_scanning_resumes_from_an_earlier_boundary():
    text = "A.\n\nB.\n\nC"
    first = stable_length("A.\n\nB")
    assert stable_length(text, first) == len("A.\n\nB.\n\n")


def test_frozen_blocks_render_like_the_whole_text():
    text = "# Title\n\nSome *text*.\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    whole = QTextDocument()
    whole.setMarkdown(text)
    split = stable_length(text[:-3])
    pieces = QTextDocument()
    cursor = QTextCursor(pieces)
    cursor.insertFragment(render_markdown(text[:split], QColor("#eeeeee")))
    cursor.insertBlock()
    cursor.insertFragment(render_markdown(text[split:], QColor("#eeeeee")))

    def words(document: QTextDocument) -> list[str]:
        return document.toPlainText().split()

    assert words(pieces) == words(whole)


def test_code_is_shown_on_a_tinted_background():
    fragment = render_markdown("Use `x` here:\n\n```\nprint(1)\n```\n", QColor("#123456"))
    html = fragment.toHtml()
    assert "#123456" in html
    assert "print(1)" in fragment.toPlainText()
