"""Search excerpts read as plain text: Markdown marks left out, the words kept."""

from __future__ import annotations

from pathlib import Path

from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.messages import MessageStore
from studio.store.plain_text import markdown_to_plain

ANSWER = """## Setting up

Use **pip install** `studio-app` and read [the guide](https://example.com/guide).

> A *quoted* note with __strong__ and ~~old~~ words.

- first item
1. numbered item

| name | value |
|------|-------|
| size | 1024  |

```python
print("**not bold** in code")
```

<b>tags stay text</b> and snake_case_names stay. An escaped \\*star\\*.
---
"""


def test_markdown_becomes_plain_words() -> None:
    plain = markdown_to_plain(ANSWER)
    prose = plain.replace('print("**not bold** in code")', "")
    for mark in ("##", "**", "`", "](", "\n>", "~~", "__", "|", "```", "- first", "---"):
        assert mark not in prose, mark
    for words in (
        "Setting up",
        "Use pip install studio-app and read the guide.",
        "A quoted note with strong and old words.",
        "first item",
        "numbered item",
        "name  value",
        "size  1024",
        'print("**not bold** in code")',  # code keeps its characters
        "<b>tags stay text</b>",  # shown as text, never as HTML
        "snake_case_names",
        "An escaped *star*.",
    ):
        assert words in plain, words
    assert "python" not in plain  # the fence's language is not text
    assert markdown_to_plain("[the guide](https://example.com/guide)", keep_urls=True) == (
        "the guide (https://example.com/guide)"
    )


def test_search_snippets_are_plain_text(tmp_path: Path) -> None:
    db = Database(tmp_path / "s.sqlite3")
    conversations = ConversationStore(db)
    messages = MessageStore(db)
    chat = conversations.create("Setup", "demo-chat")
    messages.add(chat, "assistant", ANSWER)
    [hit] = conversations.search("install")
    assert hit.snippet.startswith("Setting up Use pip [install] studio-app and read the guide.")
    assert "**" not in hit.snippet and "`" not in hit.snippet and "##" not in hit.snippet
    # A match in a link's address keeps the address, readable.
    [by_url] = conversations.search("example.com")
    assert "the guide (https://[example.com]/guide)" in by_url.snippet
    db.close()
