"""MarkdownView: streaming builds each finished block once; code copies; links are safe."""

from __future__ import annotations

import base64
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import shiboken6
from PIL import Image
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTranslator, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette, QTextDocument, QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from studio.ui.markdown.blocks import TextBlockView
from studio.ui.markdown.code_view import CodeBlockView
from studio.ui.markdown.render import render_markdown
from studio.ui.markdown.stream import StreamingMarkdown
from studio.ui.markdown.view import MarkdownView
from tests.unit.markdown.sample import long_answer

I18N = Path(__file__).resolve().parents[3] / "studio" / "i18n"


class ChildCounter(QObject):
    """Records each widget created as a child of the object it watches (by address: nothing
    is deleted while the test streams, since no event loop runs between appends)."""

    def __init__(self) -> None:
        super().__init__()
        self.added: Counter[int] = Counter()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        child = event.child() if event.type() == QEvent.Type.ChildAdded else None  # type: ignore[attr-defined]
        if child is not None and child.isWidgetType():
            self.added[shiboken6.getCppPointer(child)[0]] += 1
        return False


@pytest.fixture
def opened() -> list[QUrl]:
    return []


@pytest.fixture
def view(qtbot: QtBot, opened: list[QUrl]) -> MarkdownView:
    widget = MarkdownView(open_url=opened.append)
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    return widget


def deltas(text: str, size: int = 7) -> Iterator[str]:
    for i in range(0, len(text), size):
        yield text[i : i + size]


def test_streaming_creates_each_frozen_block_widget_once(view: MarkdownView) -> None:
    text = long_answer(5)
    counter = ChildCounter()
    view.installEventFilter(counter)
    kept: list[QWidget] = []
    for delta in deltas(text):
        view.append(delta)
        widgets = view.block_widgets()
        assert widgets[: len(kept)] == kept  # frozen widgets are never replaced
        kept = widgets
        assert not set(view.tail_widgets()) & set(widgets)
    view.finish()
    expected = StreamingMarkdown()
    blocks = [b for d in deltas(text) for b in expected.feed(d)[0]] + expected.finish()
    visible = [block for block in blocks if block.kind != "blank"]
    frozen = view.block_widgets()
    assert len(frozen) == len(visible)
    # Each frozen block's widget was created once (the tail's widget becomes it in place).
    assert [counter.added[shiboken6.getCppPointer(w)[0]] for w in frozen] == [1] * len(frozen)
    assert view.markdown() == text
    assert view.tail_widgets() == []
    for widget, block in zip(frozen, visible, strict=True):
        assert getattr(widget, "block_kind", None) == block.kind
        if isinstance(widget, CodeBlockView):
            assert widget.code == block.code
            assert widget.text_browser.toPlainText() == block.code
        elif isinstance(widget, QLabel):
            assert widget.text() == block.html  # what a fresh render would show


def test_tail_reuses_its_widget_while_a_paragraph_grows(view: MarkdownView) -> None:
    view.append("Intro.\n\nA long paragraph")
    first = view.tail_widgets()
    for word in ["", "that", "keeps", "growing", "一直在增长"]:
        view.append(" " + word)
        assert view.tail_widgets() == first
    label = first[0]
    assert isinstance(label, QLabel)
    assert "一直在增长" in label.text()
    assert len(view.block_widgets()) == 1  # "Intro." frozen


class GeometryCounter(QObject):
    """Counts the moves and resizes of the widgets it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.events = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            self.events += 1
        return False


def test_growing_tail_never_moves_or_resizes_finished_blocks(
    view: MarkdownView, qapp: QApplication
) -> None:
    for delta in deltas(long_answer(2) + "The last paragraph", 50):
        view.append(delta)
    qapp.processEvents()
    frozen = view.block_widgets()
    counter = GeometryCounter()
    for widget in frozen:
        widget.installEventFilter(counter)
    tail = view.tail_widgets()[0]
    heights = [tail.height()]
    for _ in range(30):
        view.append(" keeps growing, 一直在增长，")
        qapp.processEvents()
        heights.append(tail.height())
    assert counter.events == 0
    assert heights[-1] > heights[0]  # the tail did grow (it wraps onto more lines)
    assert tail.geometry().top() > frozen[-1].geometry().bottom()
    assert view.heightForWidth(view.width()) >= tail.geometry().bottom()


def test_growing_code_block_shows_every_line_as_it_arrives(view: MarkdownView) -> None:
    view.append("```python\n")
    lines = [f"value_{i} = {i}  # 第 {i} 行\n" for i in range(400)]  # past the highlight limit
    for line in lines:
        view.append(line)
    code_view = view.tail_widgets()[0]
    assert isinstance(code_view, CodeBlockView)
    assert code_view.text_browser.toPlainText() == "".join(lines).removesuffix("\n")
    view.append("```\n")
    view.finish()
    frozen = view.block_widgets()[0]
    assert isinstance(frozen, CodeBlockView)
    assert frozen.code == "".join(lines).removesuffix("\n")
    assert frozen.text_browser.toPlainText() == frozen.code


def test_copy_button_copies_the_raw_code(view: MarkdownView, qtbot: QtBot) -> None:
    code = 'print("<你好>")\n\n\tindented = True'
    view.set_markdown(f"Some code:\n\n```python\n{code}\n```\n")
    block = view.findChild(CodeBlockView)
    assert block is not None
    button = block.findChild(QWidget, "copyCodeButton")
    assert button is not None and button.accessibleName() == "Copy code"
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == code
    assert block.copy_button.text() == "Copied"
    qtbot.waitUntil(lambda: block.copy_button.text() == "Copy", timeout=5000)


def label_with(view: MarkdownView, text: str) -> TextBlockView:
    labels = [w for w in view.block_widgets() if isinstance(w, TextBlockView)]
    matching = [label for label in labels if text in label.text()]
    assert matching, [label.text() for label in labels]
    return matching[0]


def click_start_of(label: QLabel, qtbot: QtBot) -> None:
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(4, label.height() // 2))


def test_clicking_an_https_link_calls_the_opener(
    view: MarkdownView, qtbot: QtBot, opened: list[QUrl]
) -> None:
    view.set_markdown("[Open the documentation site](https://example.com/docs?x=1)\n")
    label = label_with(view, "documentation")
    with qtbot.waitSignal(view.link_opened, timeout=2000):
        click_start_of(label, qtbot)
    assert opened == [QUrl("https://example.com/docs?x=1")]


def test_clicking_a_javascript_link_does_nothing(
    view: MarkdownView, qtbot: QtBot, opened: list[QUrl]
) -> None:
    view.set_markdown("[Click this harmless looking text](javascript:alert(document.cookie))\n")
    label = label_with(view, "harmless")
    assert "<a" not in label.text()
    click_start_of(label, qtbot)
    # Even a forged activation (a label emitting any href) opens nothing unsafe.
    for href in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "foo"):
        label.linkActivated.emit(href)
    assert opened == []
    label.linkActivated.emit("mailto:someone@example.com")
    assert opened == [QUrl("mailto:someone@example.com")]


@pytest.fixture
def loopback() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1 that records every request it gets."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_nothing_is_ever_loaded(
    view: MarkdownView, qtbot: QtBot, tmp_path: Path, loopback: tuple[str, list[str]]
) -> None:
    base, hits = loopback
    picture = tmp_path / "secret.png"
    Image.new("RGB", (400, 300), "red").save(picture)
    text = (
        f"![remote]({base}/remote.png) ![local](file://{picture})\n\n"
        f'<img src="{base}/raw.png"> <img src="file://{picture}">\n\n'
        f'<link rel="stylesheet" href="{base}/style.css">\n\n'
        f"```html\n<img src=\"{base}/in-code.png\">\n<img src='file://{picture}'>\n```\n"
    )
    for delta in deltas(text, 5):
        view.append(delta)
    view.finish()
    view.set_markdown(text)
    qtbot.wait(50)  # let any (wrong) request reach the server
    assert hits == []
    for label in view.findChildren(QLabel):
        assert "<img" not in label.text()
    browsers = [block.text_browser for block in view.findChildren(CodeBlockView)]
    assert browsers and all(browser.resource_requests == [] for browser in browsers)
    # Even HTML with an image put in directly is refused by the code browser itself.
    browser = browsers[0]
    data_png = "data:image/png;base64," + base64.b64encode(picture.read_bytes()).decode()
    browser.setHtml(
        f'<img src="{base}/direct.png"><img src="file://{picture}"><img src="{data_png}">'
        f'<img src="{picture}"><table background="{picture}"><tr><td>x</td></tr></table>'
    )
    assert len({url.toString() for url in browser.resource_requests}) == 4  # asked, refused:
    assert browser.document().size().height() < 100  # no 300-pixel picture came in
    refused = browser.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(base))
    assert isinstance(refused, QImage) and refused.isNull()
    assert hits == []


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#1e1e1e"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#181818"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def test_palette_change_re_renders_in_the_dark_theme(view: MarkdownView) -> None:
    text = "Read [the docs](https://example.com).\n\n```python\nimport os\n```\n\nstreaming"
    view.set_markdown(text)
    assert not view.dark
    before = [w for w in view.block_widgets()]
    view.setPalette(dark_palette())
    assert view.dark
    assert view.block_widgets() == before  # updated in place
    link = label_with(view, "the docs")
    assert "#4493f8" in link.text()  # the dark theme's link colour
    code = view.findChild(CodeBlockView)
    assert code is not None
    assert code.text_browser.toHtml() != ""
    dark_code = render_markdown("```python\nimport os\n```\n", dark=True)[0]
    assert code.code == dark_code.code
    view.setPalette(QApplication.palette())
    assert not view.dark
    assert "#0969da" in label_with(view, "the docs").text()


def test_blocks_rendered_in_a_worker_thread_are_shown(view: MarkdownView) -> None:
    text = long_answer(3)
    with ThreadPoolExecutor(max_workers=1) as pool:
        blocks = pool.submit(render_markdown, text, dark=view.dark).result()
    view.set_blocks(blocks)
    assert view.markdown() == text
    assert len(view.block_widgets()) == len([b for b in blocks if b.kind != "blank"])


def test_append_after_finish_continues_the_same_message(view: MarkdownView) -> None:
    view.set_markdown("Part one.\n\n```python\nx = 1\n")
    for delta in deltas("y = 2\n```\n\nPart two."):
        view.append(delta)
    view.finish()
    assert view.markdown() == "Part one.\n\n```python\nx = 1\ny = 2\n```\n\nPart two."
    codes = [w for w in view.block_widgets() if isinstance(w, CodeBlockView)]
    assert [c.code for c in codes] == ["x = 1\ny = 2"]


def test_code_block_speaks_chinese(qtbot: QtBot, qapp: QApplication) -> None:
    shown_before = CodeBlockView(render_markdown("```\nx\n```\n")[0], dark=False)
    qtbot.addWidget(shown_before)
    assert shown_before.copy_button.text() == "Copy"
    translator = QTranslator()
    assert translator.load(str(I18N / "studio_zh_CN.qm"))
    qapp.installTranslator(translator)
    try:
        # A block already on screen follows the language switch (Qt posts LanguageChange)...
        qtbot.waitUntil(lambda: shown_before.copy_button.text() == "复制", timeout=2000)
        assert shown_before.findChild(QLabel, "codeLanguage").text() == "代码"
        # ...and a new one starts in Chinese.
        block = CodeBlockView(render_markdown("```python\nx\n```\n")[0], dark=False)
        qtbot.addWidget(block)
        assert block.copy_button.text() == "复制"
        assert block.copy_button.accessibleName() == "复制代码"
        qtbot.mouseClick(block.copy_button, Qt.MouseButton.LeftButton)
        assert block.copy_button.text() == "已复制"
    finally:
        qapp.removeTranslator(translator)
    qtbot.waitUntil(lambda: shown_before.copy_button.text() == "Copy", timeout=2000)


def wheel(widget: QWidget, dx: int, dy: int) -> None:
    position = QPointF(20, 10)
    event = QWheelEvent(
        position,
        widget.mapToGlobal(position),
        QPoint(0, 0),
        QPoint(dx, dy),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_wheel_over_code_scrolls_the_conversation_and_sideways_the_code(
    qtbot: QtBot, qapp: QApplication
) -> None:
    area = QScrollArea()
    area.setWidgetResizable(True)
    view = MarkdownView(open_url=lambda url: None)
    long_line = "x = [" + ", ".join(str(i) for i in range(200)) + "]"
    view.set_markdown("para\n\n" * 30 + f"```python\n{long_line}\ny = 2\n```\n\n" + "end\n\n" * 30)
    area.setWidget(view)
    qtbot.addWidget(area)
    area.resize(600, 400)
    area.show()
    qapp.processEvents()
    code = view.findChild(CodeBlockView)
    assert code is not None
    area.ensureWidgetVisible(code)
    qapp.processEvents()
    outer, inner = area.verticalScrollBar(), code.text_browser.horizontalScrollBar()
    assert inner.maximum() > 0  # the long line scrolls sideways instead of wrapping
    before = outer.value()
    wheel(code.text_browser.viewport(), 0, -120)
    assert outer.value() > before
    before = outer.value()
    wheel(code.text_browser.viewport(), -120, 0)
    assert inner.value() > 0 and outer.value() == before
