"""Markdown for the chat transcript: rendered to Qt rich text blocks, streamed incrementally.

``render`` and ``stream`` are pure (no Qt) and can run in a worker thread; ``view``,
``blocks`` and ``code_view`` are the widgets. Import the widgets from their modules
(``from studio.ui.markdown.view import MarkdownView``) so the pure parts stay Qt-free.
"""

from studio.ui.markdown.render import Block, render_markdown
from studio.ui.markdown.stream import StreamingMarkdown

__all__ = ["Block", "StreamingMarkdown", "render_markdown"]
