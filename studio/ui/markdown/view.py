"""A message rendered as markdown: a vertical stack of block widgets plus a live tail.

A static message is rendered at once (:meth:`MarkdownView.set_markdown`, or
:meth:`MarkdownView.set_blocks` with blocks rendered in a worker thread). A long one (more
than :data:`FILL_FROM` characters) fills in over several event-loop turns instead, top to
bottom, each turn rendering and placing what fits in :data:`FILL_SLICE_S`: it is cut into
blocks exactly as a stream of it would be, so the window stays responsive while an
80,000-character answer appears (opening a conversation, switching versions). A streaming message
grows through :meth:`MarkdownView.append`: blocks that are finished are rendered once and their
widgets are never touched again (nor moved, nor re-measured: see :mod:`.layout`); the
unfinished tail is re-rendered once per ``append`` call into the same widget, so the caller's
batching (about 30 per second) is the rendering rate. When a tail block freezes, the widget
that showed it stays where it is and becomes a frozen block: nothing is built or laid out again.

Links open only when clicked and only for http(s) and mailto, through an injectable opener.
Colours follow the widget palette (dark when the window colour is dark) and everything is
re-rendered when the palette changes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette, QShowEvent
from PySide6.QtWidgets import QWidget

from studio.ui.markdown._html import LAYOUT_GAP, SAFE_SCHEMES, is_safe_link
from studio.ui.markdown.blocks import TailBlocks, create_block_widget, update_block_widget
from studio.ui.markdown.code_view import CodeBlockView
from studio.ui.markdown.layout import StackLayout
from studio.ui.markdown.render import Block, code_block, render_markdown
from studio.ui.markdown.stream import StreamingMarkdown

TAIL_HIGHLIGHT_LIMIT = 3000
"""Longest growing code (characters) highlighted on every update; longer code is shown plain
until its block is finished, then highlighted once."""

FILL_FROM = 4000
"""Longer static text (characters) fills in over several event-loop turns."""
FILL_SLICE_S = 0.008
"""Work per turn while filling in (the layout and paint of what was added come after it)."""
FILL_PIECE = 1500
"""Characters fed to the block splitter at a time while filling in."""

UrlOpener = Callable[[QUrl], object]


def palette_is_dark(palette: QPalette) -> bool:
    """True when ``palette``'s window colour is dark."""
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


@dataclass
class _Fill:
    """A long static text being filled in: how far the splitter has read."""

    text: str
    stream: StreamingMarkdown
    position: int = 0


@dataclass
class _Unit:
    """Blocks rendered together (a static message, or what one ``append`` froze)."""

    source: str
    blocks: list[Block]
    widgets: list[QWidget | None] = field(default_factory=list)


class MarkdownView(QWidget):
    """Shows one message's markdown; static or streaming.

    ``open_url`` opens a clicked link (default: the system browser); it is only ever called
    with http, https or mailto URLs.
    """

    link_opened = Signal(QUrl)
    filled = Signal()
    """A long static text has been filled in completely."""

    def __init__(self, parent: QWidget | None = None, *, open_url: UrlOpener | None = None) -> None:
        super().__init__(parent)
        self._dark = palette_is_dark(self.palette())
        self.setObjectName("markdownView")
        self._open_url: UrlOpener = open_url or QDesktopServices.openUrl
        self._units: list[_Unit] = []
        self._stream: StreamingMarkdown | None = None
        self._fill: _Fill | None = None
        self._fill_timer = QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self._fill_some)
        self._layout = StackLayout(self, spacing=LAYOUT_GAP, volatile=0)
        self._tail = TailBlocks(self, self._layout, self._on_link_activated)

    # -- state -------------------------------------------------------------------------------

    @property
    def dark(self) -> bool:
        """True when rendering for a dark background (pass it to :func:`render_markdown`)."""
        return self._dark

    @property
    def is_streaming(self) -> bool:
        """True between the first :meth:`append` and :meth:`finish`."""
        return self._stream is not None

    @property
    def is_filling(self) -> bool:
        """True while a long static text is still being filled in."""
        return self._fill is not None

    def tail_widgets(self) -> list[QWidget]:
        """The widgets showing the unfinished tail, after the frozen ones."""
        return self._tail.widgets()

    def markdown(self) -> str:
        """The markdown shown (everything appended so far while streaming; all of a text
        still being filled in)."""
        if self._fill is not None:
            return self._fill.text
        done = "".join(unit.source for unit in self._units)
        return done + (self._stream.tail if self._stream is not None else "")

    def block_widgets(self) -> list[QWidget]:
        """The widgets of the frozen blocks, in order (the tail's are not included)."""
        return [w for unit in self._units for w in unit.widgets if w is not None]

    # -- content -----------------------------------------------------------------------------

    def clear(self) -> None:
        """Show nothing (and stop streaming or filling in)."""
        self._fill = None
        self._fill_timer.stop()
        for unit in self._units:
            for widget in unit.widgets:
                if widget is not None:
                    self._drop(widget)
        self._units = []
        self._stream = None
        self._tail.show_blocks([], dark=self._dark)

    def set_markdown(self, text: str) -> None:
        """Show ``text``, a complete message (a long one fills in over a few turns)."""
        if len(text) <= FILL_FROM:
            self.set_blocks(render_markdown(text, dark=self._dark))
            return
        self.clear()
        self._fill = _Fill(text, StreamingMarkdown(dark=self._dark))
        self._fill_some()

    def finish_filling(self) -> None:
        """Fill in the rest of a long static text now (no-op when there is none)."""
        if self._fill is not None:
            self._fill_some(deadline=None)

    def set_blocks(self, blocks: list[Block]) -> None:
        """Show blocks rendered elsewhere (e.g. ``render_markdown`` in a worker thread).

        Render them with ``dark=view.dark``; a later palette change re-renders them anyway.
        """
        self.clear()
        self._add_unit(blocks)

    def append(self, delta: str) -> None:
        """Add streamed text: freeze what is finished, re-render the tail once."""
        stream = self._stream
        if stream is None:
            self.finish_filling()
            stream = self._start_stream()
        frozen, _ = stream.feed(delta)
        if frozen:
            self._add_unit(frozen, adopt=True)
        self._render_tail(stream)

    def finish(self) -> None:
        """The stream ended: render the tail once more, as finished blocks."""
        stream = self._stream
        if stream is None:
            return
        self._stream = None
        rest = stream.finish()
        if rest:
            self._add_unit(rest, adopt=True)
        self._tail.show_blocks([], dark=self._dark)

    # -- internals ---------------------------------------------------------------------------

    def _fill_some(self, deadline: float | None = 0.0) -> None:
        """Render and place the next blocks of the text being filled in, for one slice of
        time (all of it with ``deadline=None``); come back on the next turn if any is left."""
        fill = self._fill
        if fill is None:
            return
        end = None if deadline is None else time.perf_counter() + FILL_SLICE_S
        text = fill.text
        while fill.position < len(text):
            piece = text[fill.position : fill.position + FILL_PIECE]
            fill.position += len(piece)
            frozen, _ = fill.stream.feed(piece)
            if frozen:
                self._add_unit(frozen)
            if end is not None and time.perf_counter() >= end:
                break
        if fill.position < len(text):
            self._fill_timer.start()
            return
        rest = fill.stream.finish()
        self._fill = None
        if rest:
            self._add_unit(rest)
        self.filled.emit()

    def _start_stream(self) -> StreamingMarkdown:
        """A new stream; text already shown (a message being continued) is fed to it first."""
        previous = self.markdown()
        self.clear()
        stream = self._stream = StreamingMarkdown(dark=self._dark)
        if previous:
            frozen, _ = stream.feed(previous)
            if frozen:
                self._add_unit(frozen)
        return stream

    def _add_unit(self, blocks: list[Block], *, adopt: bool = False) -> None:
        """Show newly frozen ``blocks`` after the others.

        With ``adopt``, the tail's widgets that already show these blocks (same kind, in
        order) become frozen where they are instead of being built again: their text is laid
        out already, so freezing costs next to nothing.
        """
        unit = _Unit("".join(block.source for block in blocks), blocks)
        adopted = self._tail.take_leading(blocks) if adopt else [None] * len(blocks)
        for block, existing in zip(blocks, adopted, strict=True):
            widget = existing
            if widget is not None:
                update_block_widget(widget, block, dark=self._dark)
            else:
                widget = create_block_widget(
                    block, dark=self._dark, on_link=self._on_link_activated, parent=self
                )
            if widget is not None and existing is None:
                self._place(widget, self._layout.count() - len(self._tail.widgets()))
            elif isinstance(widget, CodeBlockView):
                widget.height_changed.connect(self._on_block_height_changed)
            unit.widgets.append(widget)
        self._units.append(unit)

    def _render_tail(self, stream: StreamingMarkdown) -> None:
        tail = stream.tail
        fence = stream.open_fence
        blocks: list[Block]
        if not tail.strip():
            blocks = []
        elif fence is not None and fence.top_level:
            # Everything after the opening line is code: no need to parse it as markdown.
            head = tail[: fence.start]
            blocks = render_markdown(head, dark=self._dark) if head.strip() else []
            code = tail[fence.body_start :]
            if "\r" in code:
                code = code.replace("\r\n", "\n").replace("\r", "\n")
            code = code.removesuffix("\n")
            blocks.append(
                code_block(
                    code,
                    fence.language,
                    tail[fence.start :],
                    dark=self._dark,
                    highlight=len(code) <= TAIL_HIGHLIGHT_LIMIT,
                )
            )
        else:
            highlight = len(tail) <= TAIL_HIGHLIGHT_LIMIT
            blocks = render_markdown(tail, dark=self._dark, highlight=highlight)
        self._tail.show_blocks(blocks, dark=self._dark)

    def _rerender(self) -> None:
        """Render every block again (the theme changed)."""
        position = 0
        for unit in self._units:
            blocks = render_markdown(unit.source, dark=self._dark)
            same_shape = len(blocks) == len(unit.blocks) and all(
                new.kind == old.kind for new, old in zip(blocks, unit.blocks, strict=True)
            )
            if same_shape:
                for widget, block in zip(unit.widgets, blocks, strict=True):
                    if widget is not None:
                        update_block_widget(widget, block, dark=self._dark)
                        position += 1
                unit.blocks = blocks
                continue
            for widget in unit.widgets:
                if widget is not None:
                    self._drop(widget)
            unit.blocks, unit.widgets = blocks, []
            for block in blocks:
                widget = create_block_widget(
                    block, dark=self._dark, on_link=self._on_link_activated, parent=self
                )
                if widget is not None:
                    self._place(widget, position)
                    position += 1
                unit.widgets.append(widget)
        self._layout.mark_dirty()
        if self._stream is not None:
            self._stream.dark = self._dark
            self._render_tail(self._stream)
        if self._fill is not None:
            self._fill.stream.dark = self._dark

    def _place(self, widget: QWidget, index: int) -> None:
        """Put a new frozen block's widget at ``index`` of the stack."""
        self._layout.insert_widget(index, widget)  # Qt shows it on the next loop pass
        if isinstance(widget, CodeBlockView):
            widget.height_changed.connect(self._on_block_height_changed)

    def _on_block_height_changed(self) -> None:
        sender = self.sender()
        if isinstance(sender, QWidget):
            self._layout.mark_dirty(sender)

    def _drop(self, widget: QWidget) -> None:
        self._layout.removeWidget(widget)
        widget.hide()
        widget.deleteLater()

    def _on_link_activated(self, href: str) -> None:
        """Open a clicked link, if it is http(s) or mailto; anything else does nothing."""
        url = QUrl(href)
        if not (is_safe_link(href) and url.isValid() and url.scheme().lower() in SAFE_SCHEMES):
            return
        self._open_url(url)
        self.link_opened.emit(url)

    def showEvent(self, event: QShowEvent) -> None:
        """Measure every block again: polishing on first show may have changed their fonts."""
        super().showEvent(event)
        self._layout.mark_dirty()

    def changeEvent(self, event: QEvent) -> None:
        """Follow the palette (re-render when light/dark flips) and font or style changes."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._layout.mark_dirty()
        if event.type() == QEvent.Type.PaletteChange:
            dark = palette_is_dark(self.palette())
            if dark != self._dark:
                self._dark = dark
                self._rerender()
