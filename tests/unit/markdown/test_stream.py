"""StreamingMarkdown: frozen blocks are final, independent of how the text was split."""

from __future__ import annotations

import random

import pytest

from studio.ui.markdown.render import Block, render_markdown
from studio.ui.markdown.stream import StreamingMarkdown
from tests.unit.markdown.sample import long_answer

TEXT = long_answer(6)


def split_randomly(text: str, seed: int, largest: int = 40) -> list[str]:
    rng = random.Random(seed)
    pieces, i = [], 0
    while i < len(text):
        size = rng.randint(1, largest)
        pieces.append(text[i : i + size])
        i += size
    return pieces


def stream(pieces: list[str]) -> tuple[list[Block], list[str]]:
    """Feed ``pieces``; return all blocks (frozen, then finish) and the tail after each."""
    markdown = StreamingMarkdown()
    blocks: list[Block] = []
    tails: list[str] = []
    fed = ""
    for piece in pieces:
        frozen, tail = markdown.feed(piece)
        fed += piece
        blocks.extend(frozen)
        tails.append(tail)
        # Nothing lost, nothing repeated: frozen sources + tail == everything fed so far.
        assert "".join(block.source for block in blocks) + tail == fed
        assert markdown.text == fed
    blocks.extend(markdown.finish())
    return blocks, tails


def test_one_shot_feed_freezes_all_but_the_last_chunk() -> None:
    blocks, tails = stream([TEXT])
    assert "".join(block.source for block in blocks) == TEXT
    assert tails[0] == "最后一段：谢谢阅读。 Final words.\n"


@pytest.mark.parametrize("seed", range(8))
def test_random_splits_give_the_same_blocks_as_one_shot(seed: int) -> None:
    expected, _ = stream([TEXT])
    blocks, _ = stream(split_randomly(TEXT, seed))
    assert blocks == expected


def test_character_by_character_gives_the_same_blocks() -> None:
    expected, _ = stream([TEXT])
    blocks, tails = stream(list(TEXT))
    assert blocks == expected
    # The tail never holds more than one section's worth of text: freezing keeps up.
    assert max(len(tail) for tail in tails) < len(TEXT) // 6


def test_frozen_blocks_read_like_the_whole_message() -> None:
    """Same kinds and the same code as rendering the text in one go."""
    blocks, _ = stream(split_randomly(TEXT, 99))
    whole = render_markdown(TEXT)
    visible = [block for block in blocks if block.kind != "blank"]
    assert [b.code for b in visible if b.kind == "code"] == [
        b.code for b in whole if b.kind == "code"
    ]
    assert sum(b.kind == "table" for b in visible) == sum(b.kind == "table" for b in whole)


def test_fences_with_blank_lines_inside_are_never_split() -> None:
    code = 'def f():\n\n    x = 1\n\n\nnot_indented = "after blank lines"\n\n    return x'
    text = f"intro\n\n```python\n{code}\n```\n\nafter\n"
    for seed in range(5):
        blocks, _ = stream(split_randomly(text, seed, largest=5))
        codes = [block for block in blocks if block.kind == "code"]
        assert len(codes) == 1
        assert codes[0].code == code
        assert codes[0].source.startswith("```python\n")


def test_fence_closed_only_by_a_matching_fence() -> None:
    text = "~~~~\nhas ``` inside\n\n```\nstill code\n~~~~\n\n````\nx\n```\n\nstill\n````\n\nend\n"
    blocks, _ = stream(list(text))
    codes = [block.code for block in blocks if block.kind == "code"]
    assert codes == ["has ``` inside\n\n```\nstill code", "x\n```\n\nstill"]


def test_frozen_blocks_are_never_emitted_twice() -> None:
    markdown = StreamingMarkdown()
    seen: list[str] = []
    for piece in split_randomly(TEXT, 7):
        frozen, _ = markdown.feed(piece)
        seen.extend(block.source for block in frozen)
    seen.extend(block.source for block in markdown.finish())
    assert "".join(seen) == TEXT


def test_indented_continuation_after_a_blank_line_stays_with_its_list_item() -> None:
    text = "1. first item\n\n    continued paragraph of the first item\n\n2. second\n"
    blocks, _ = stream(list(text))
    assert all(block.kind != "code" for block in blocks)  # never an indented code block
    assert "continued paragraph" in blocks[0].html
    assert '<ol start="2"' in "".join(block.html for block in blocks)


def test_only_spaces_and_tabs_make_a_blank_line() -> None:
    """A line of ideographic spaces continues the paragraph, as CommonMark says."""
    text = "第一行\n\u3000\u3000\n第三行\n"
    blocks, _ = stream(list(text))
    assert blocks == render_markdown(text)
    assert len(blocks) == 1


def test_split_numbered_list_keeps_its_numbers() -> None:
    blocks, _ = stream(list("1. one\n\n2. two\n\n3. three\n"))
    html = [block.html for block in blocks]
    assert len(html) == 3
    assert "<ol" in html[0] and '<ol start="2"' in html[1] and '<ol start="3"' in html[2]


def test_frozen_as_soon_as_the_next_block_starts() -> None:
    markdown = StreamingMarkdown()
    assert markdown.feed("First paragraph.\n\n") == ([], "First paragraph.\n\n")
    frozen, tail = markdown.feed("S")
    assert [block.source for block in frozen] == ["First paragraph.\n\n"]
    assert tail == "S"


def test_open_fence_is_reported_for_the_tail() -> None:
    markdown = StreamingMarkdown()
    markdown.feed("text\n\n```rust\nfn main() {\n")
    fence = markdown.open_fence
    assert fence is not None
    assert fence.language == "rust" and fence.top_level
    assert markdown.tail[fence.body_start :] == "fn main() {\n"
    markdown.feed("}\n```\n")
    assert markdown.open_fence is None


def test_crlf_text_streams_like_lf_text() -> None:
    text = TEXT.replace("\n", "\r\n")
    expected, _ = stream([text])
    blocks, _ = stream(split_randomly(text, 3))
    assert blocks == expected
    assert [b.code for b in blocks if b.kind == "code"] == [
        b.code for b in stream([TEXT])[0] if b.kind == "code"
    ]


def test_dark_blocks_after_switching() -> None:
    markdown = StreamingMarkdown(dark=True)
    frozen, _ = markdown.feed("```python\nimport os\n```\n\nnext")
    assert frozen == render_markdown("```python\nimport os\n```\n\n", dark=True)


def test_feed_after_finish_is_an_error() -> None:
    markdown = StreamingMarkdown()
    markdown.feed("x")
    assert [block.source for block in markdown.finish()] == ["x"]
    with pytest.raises(RuntimeError):
        markdown.feed("y")
