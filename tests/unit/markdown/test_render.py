"""render_markdown: what a reader sees (tables, code, links, images, raw HTML, Chinese)."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pytest

from studio.ui.markdown.render import Block, render_markdown
from tests.unit.markdown.sample import long_answer

ROOT = Path(__file__).resolve().parents[3]


class Tags(HTMLParser):
    """Collects the tags of an HTML fragment with their attribute names."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, [name for name, _ in attrs]))


def one(text: str, **kwargs: bool) -> Block:
    blocks = render_markdown(text, **kwargs)
    assert len(blocks) == 1, blocks
    return blocks[0]


def test_table_becomes_a_bordered_table_with_header_and_alignment() -> None:
    block = one("| 名称 | Price |\n|:--|--:|\n| 苹果 | 1.5 |\n")
    assert block.kind == "table"
    assert "<table" in block.html and 'border="1"' in block.html and "cellpadding" in block.html
    assert "<th" in block.html and "名称" in block.html
    assert '<td align="right">1.5</td>' in block.html


def test_fenced_code_is_highlighted_with_inline_styles_and_keeps_raw_code() -> None:
    source = '```python\ndef f(x):\n    return "<b>" + x\n```\n'
    block = one(source)
    assert block.kind == "code"
    assert block.language == "python"
    assert block.code == 'def f(x):\n    return "<b>" + x'
    assert block.highlighted
    assert '<span style="color:' in block.html
    assert "&lt;b&gt;" in block.html and "<b>" not in block.html
    assert "class=" not in block.html  # Qt knows no CSS classes


def test_unknown_language_and_no_language_are_plain_code() -> None:
    for fence in ("```nosuchlang\n", "```\n"):
        block = one(fence + "x = 1 < 2\n```\n")
        assert block.kind == "code"
        assert not block.highlighted
        assert "<span" not in block.html
        assert "x = 1 &lt; 2" in block.html


def test_light_and_dark_code_use_different_colours() -> None:
    source = "```python\nimport os\n```\n"
    light, dark = one(source).html, one(source, dark=True).html
    assert light != dark
    assert "#e6edf3" in dark  # the dark theme's text colour


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "file:///etc/passwd",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox",
        "/relative/path",
        "ftp://example.com/x",
    ],
)
def test_links_other_than_http_and_mailto_are_plain_text(href: str) -> None:
    block = one(f"see [the docs]({href}) now\n")
    assert "<a" not in block.html
    assert "the docs" in block.html
    assert "javascript" not in block.html.lower()


@pytest.mark.parametrize(
    "href", ["https://example.com/a?b=1&c=2", "http://example.com/", "mailto:me@example.com"]
)
def test_http_and_mailto_links_are_clickable(href: str) -> None:
    block = one(f"see [the docs]({href})\n")
    assert "<a href=" in block.html
    assert ">the docs</a>" in block.html


@pytest.mark.parametrize(
    "text",
    [
        '[x](https://example.com/"onclick="evil)\n',
        '[x](<https://example.com/" onclick="evil>)\n',
        '<https://example.com/"onclick="evil>\n',
        '<https://example.com/"><img src=x>>\n',
    ],
)
def test_link_href_cannot_break_out_of_its_attribute(text: str) -> None:
    tags = Tags()
    tags.feed(one(text).html)
    assert "img" not in [tag for tag, _ in tags.seen]
    for tag, attrs in tags.seen:
        if tag == "a":
            assert set(attrs) == {"href", "style"}, attrs


def test_autolink_with_javascript_is_not_clickable() -> None:
    block = one("<javascript:alert(1)>\n")
    assert "<a" not in block.html


def test_raw_html_is_shown_as_text() -> None:
    text = '<script>alert("x")</script>\n\n<img src="http://example.com/t.png">\n\nok <b>bold</b>\n'
    html = "".join(block.html for block in render_markdown(text))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;img src=" in html


def test_images_are_never_embedded() -> None:
    remote = one("![a cat](https://example.com/cat.png)\n")
    assert "<img" not in remote.html
    assert 'href="https://example.com/cat.png"' in remote.html
    assert "🖼 a cat" in remote.html
    local = one("![secret](file:///etc/passwd) ![inline](data:image/png;base64,iVBOR)\n")
    assert "<img" not in local.html and "<a" not in local.html
    assert "🖼 secret" in local.html and "🖼 inline" in local.html


def test_image_inside_a_link_gives_no_nested_anchor() -> None:
    block = one("[![logo](https://example.com/l.png)](https://example.com/)\n")
    assert block.html.count("<a ") == 1
    assert "🖼 logo" in block.html


def test_chinese_text_is_preserved_without_added_spaces() -> None:
    text = "第一行中文\n第二行中文，**加粗**和`代码`。\n"
    block = one(text)
    assert "第一行中文<br/>第二行中文，<b>加粗</b>和" in block.html
    assert ">代码</code>。" in block.html


def test_headings_lists_quotes_inline_code_and_rules() -> None:
    blocks = render_markdown(
        "# Title\n\n- a\n  - nested\n\n> quoted\n\nuse `x`\n\n---\n\n~~gone~~\n"
    )
    assert [block.kind for block in blocks] == ["text", "rule", "text"]
    prose = blocks[0].html
    assert "<h1" in prose and "Title</h1>" in prose
    assert prose.count("<ul") == 2  # nested list
    assert "quoted" in prose and "bgcolor" in prose  # the quote's bar
    assert "<code" in prose and "background-color" in prose
    assert "<s>gone</s>" in blocks[2].html


def test_numbered_list_keeps_its_start_number() -> None:
    block = one("3. three\n4. four\n")
    assert '<ol start="3"' in block.html


def test_code_nested_in_a_list_is_highlighted_inside_the_text() -> None:
    block = one("1. Run:\n\n   ```python\n   print('hi')\n   ```\n")
    assert block.kind == "text"
    assert "<span style=" in block.html and "print" in block.html


@pytest.mark.parametrize(
    "text",
    [
        long_answer(3),
        "\n\n  \nlead blank lines\n",
        "trailing\n\n\n",
        "crlf line\r\n\r\n```py\r\nx = 1\r\n```\r\n\r\n| a |\r\n|---|\r\n| 1 |\r\n",
        "[ref]: https://example.com\n",
        "no newline at end",
        "   \n\t\n",
    ],
)
def test_block_sources_give_the_text_back(text: str) -> None:
    assert "".join(block.source for block in render_markdown(text)) == text


def test_empty_and_blank_text() -> None:
    assert render_markdown("") == []
    assert [block.kind for block in render_markdown(" \n\n")] == ["blank"]


def test_headings_ask_for_extra_space_above() -> None:
    assert one("## Heading\n").lead > 0
    assert one("plain paragraph\n").lead == 0


def test_render_runs_in_a_worker_thread_with_the_same_result() -> None:
    text = long_answer(4)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda dark: render_markdown(text, dark=dark), [False, True]))
    assert results[0] == render_markdown(text)
    assert results[1] == render_markdown(text, dark=True)


def test_pure_modules_do_not_import_qt() -> None:
    code = (
        "import sys\n"
        "import studio.ui.markdown.render, studio.ui.markdown.stream\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
