"""The gallery grouped by job: one header row per job (prompt, model, date, count) above its
pictures, each job on lines of its own; headers are never treated as pictures."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListView, QMenu, QToolButton
from pytestqt.qtbot import QtBot

from studio.store.database import Database
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore
from studio.ui.images.gallery_delegate import HEADER_HEIGHT
from studio.ui.images.gallery_groups import JobHeader
from studio.ui.images.gallery_model import GalleryModel, HeaderRole

from .conftest import WAIT_MS, Studio

START = 1_700_000_000.0
JOB_GAP = 3600.0

LIGHTHOUSE = "A lighthouse at dusk, long exposure"
CAT = "一只橘猫在雪地里奔跑，阳光透过松林洒在雪面上"
ROBOT = "A robot gardener tending tomatoes"
# Oldest first, as they were made; the gallery shows the newest first.
JOBS = [
    ("demo-image", LIGHTHOUSE, 3),
    ("demo-image-edit", CAT, 2),
    ("demo-image", ROBOT, 1),
]


# -- stored jobs: real Pillow pictures through the real store ---------------------------------


@dataclass(frozen=True)
class StoredJob:
    """One stored job: id, model, prompt, picture ids in order, its first picture's time."""

    id: int
    model: str
    prompt: str
    items: list[int]
    created_at: float


class StepClock:
    """A store clock that moves a second per call, and an hour per job."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def picture(number: int) -> bytes:
    """A small PNG unlike every other ``number``."""
    image = Image.new("RGB", (48, 48), (number * 37 % 256, number * 91 % 256, 120))
    ImageDraw.Draw(image).ellipse((6, 6, 42, 42), fill=(250, 250, 250))
    image.putpixel((0, 0), (number % 256, number // 256 % 256, 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def store_jobs(
    gallery: GalleryStore, clock: StepClock, jobs: list[tuple[str, str, int]]
) -> list[StoredJob]:
    """Store ``(model, prompt, pictures)`` jobs, oldest first, an hour apart."""
    stored: list[StoredJob] = []
    for model, prompt, count in jobs:
        clock.now += JOB_GAP
        job_id = gallery.add_job(model, prompt, {"n": count})
        items = []
        for index in range(count):
            data = picture(int(clock.now - START))  # the clock moves: every picture differs
            items.append(gallery.add_image(job_id, index, data, "image/png", "png", 48, 48, index))
        stored.append(
            StoredJob(job_id, model, prompt, [item.id for item in items], items[0].created_at)
        )
    return stored


def fill_data_dir(root: Path, jobs: list[tuple[str, str, int]]) -> list[StoredJob]:
    """Store ``jobs`` in the data folder ``root`` as an earlier run of Studio would have."""
    db = Database(root / "studio.sqlite3")
    clock = StepClock()
    try:
        return store_jobs(
            GalleryStore(db, ImageStore(root / "images", db), clock=clock), clock, jobs
        )
    finally:
        db.close()


# -- helpers -------------------------------------------------------------------------------------


@pytest.fixture
def grouped(make_studio: Callable[..., Studio], tmp_path: Path) -> tuple[Studio, list[StoredJob]]:
    """A page over a gallery of three stored jobs (3, 2 and 1 pictures)."""
    root = tmp_path / "profile"
    stored = fill_data_dir(root, JOBS)
    return make_studio(root), stored


def layout_done(view: QListView) -> bool:
    """True once the view placed every row (headers as wide as the viewport)."""
    model = view.model()
    width = view.viewport().width()
    return all(
        view.visualRect(model.index(row)).width() == width
        for row in range(model.rowCount())
        if model.index(row).data(HeaderRole) is not None
    )


def rect_of(view: QListView, item_id: int) -> QRect:
    model = view.model()
    assert isinstance(model, GalleryModel)
    return view.visualRect(model.index(model.row_of(item_id)))


def click(qtbot: QtBot, view: QListView, row: int, *, double: bool = False) -> None:
    center = view.visualRect(view.model().index(row)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)


def current_id(view: QListView) -> int | None:
    model = view.model()
    assert isinstance(model, GalleryModel)
    item = model.item(view.currentIndex().row())
    return item.id if item is not None else None


def header_rows(model: GalleryModel) -> list[int]:
    return [row for row in range(model.rowCount()) if model.header(row) is not None]


# -- tests ---------------------------------------------------------------------------------------


def test_one_header_per_job_with_prompt_model_date_and_count(
    grouped: tuple[Studio, list[StoredJob]],
) -> None:
    studio, (lighthouse, cat, robot) = grouped
    model = studio.page.gallery.model

    # Newest job first; each header right above its own pictures, in order.
    layout = [
        ("header", model.header(row).job_id)
        if model.header(row) is not None
        else ("picture", model.item(row).id)
        for row in range(model.rowCount())
    ]
    assert layout == [
        ("header", robot.id),
        *[("picture", i) for i in robot.items],
        ("header", cat.id),
        *[("picture", i) for i in cat.items],
        ("header", lighthouse.id),
        *[("picture", i) for i in lighthouse.items],
    ]
    assert [(h.prompt, h.model, h.count) for h in model.headers()] == [
        (ROBOT, "demo-image", 1),
        (CAT, "demo-image-edit", 2),
        (LIGHTHOUSE, "demo-image", 3),
    ]
    cat_header = model.headers()[1]
    when = datetime.datetime.fromtimestamp(cat.created_at).strftime("%Y-%m-%d %H:%M")
    assert cat_header.details == f"demo-image-edit · {when} · 2 pictures"
    assert model.headers()[0].count_text == "1 picture"
    row = model.row_of(cat.items[0]) - 1
    spoken = model.data(model.index(row), Qt.ItemDataRole.AccessibleTextRole)
    assert CAT in spoken and "demo-image-edit" in spoken and "2 pictures" in spoken
    assert CAT in model.data(model.index(row), Qt.ItemDataRole.ToolTipRole)
    # A header is no picture: not selectable, not draggable, no thumbnail.
    assert model.flags(model.index(row)) == Qt.ItemFlag.NoItemFlags
    assert model.item(row) is None
    assert model.data(model.index(row), Qt.ItemDataRole.DecorationRole) is None
    assert model.mimeData([model.index(row)]).urls() == []
    assert model.total == model.item_count == 6
    assert studio.page.findChild(QLabel, "galleryCount").text() == "6 pictures"


def test_each_job_starts_a_line_of_its_own(
    grouped: tuple[Studio, list[StoredJob]], qtbot: QtBot
) -> None:
    studio, (lighthouse, cat, robot) = grouped
    view = studio.page.findChild(QListView, "imageGallery")
    model = studio.page.gallery.model
    qtbot.waitUntil(lambda: layout_done(view), timeout=WAIT_MS)

    def check() -> None:
        width = view.viewport().width()
        for row in header_rows(model):
            header = view.visualRect(model.index(row))
            assert header.x() == 0 and header.width() == width
            assert header.height() == HEADER_HEIGHT
            below = view.visualRect(model.index(row + 1))  # the job's first picture
            assert below.x() == 0 and below.top() >= header.bottom()
        # One job's pictures share a line; the next job begins below its last one.
        assert len({rect_of(view, i).top() for i in lighthouse.items}) == 1
        assert rect_of(view, cat.items[0]).top() > rect_of(view, robot.items[-1]).bottom()
        assert rect_of(view, lighthouse.items[0]).top() > rect_of(view, cat.items[-1]).bottom()
        assert rect_of(view, cat.items[1]).top() == rect_of(view, cat.items[0]).top()

    check()
    studio.page.resize(1400, 760)  # wider, then narrower: the headers follow the width
    qtbot.waitUntil(lambda: view.viewport().width() > 500 and layout_done(view), timeout=WAIT_MS)
    check()
    studio.page.resize(1000, 700)
    qtbot.waitUntil(lambda: layout_done(view), timeout=WAIT_MS)
    check()


def test_keyboard_and_mouse_pass_headers_by(
    grouped: tuple[Studio, list[StoredJob]], qtbot: QtBot
) -> None:
    studio, (lighthouse, cat, robot) = grouped
    page = studio.page
    view = page.findChild(QListView, "imageGallery")
    model = page.gallery.model
    qtbot.waitUntil(lambda: layout_done(view), timeout=WAIT_MS)

    click(qtbot, view, model.row_of(robot.items[0]))
    assert current_id(view) == robot.items[0]
    walked = []
    for _ in range(5):  # → through every picture, over the headers
        qtbot.keyClick(view, Qt.Key.Key_Right)
        walked.append(current_id(view))
    assert walked == [*cat.items, *lighthouse.items]
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert current_id(view) == lighthouse.items[1]
    qtbot.keyClick(view, Qt.Key.Key_Up)  # up across the cat job's header
    assert model.item(view.currentIndex().row()) is not None
    assert current_id(view) in cat.items
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert current_id(view) in lighthouse.items
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert current_id(view) == robot.items[0]
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert current_id(view) == lighthouse.items[-1]
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert current_id(view) is not None
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert current_id(view) is not None
    assert all(model.item(index.row()) is not None for index in view.selectedIndexes())

    # A click, a double click or a right click on a header leaves the selection alone.
    click(qtbot, view, model.row_of(cat.items[0]))
    cat_header = model.row_of(cat.items[0]) - 1
    click(qtbot, view, cat_header, double=True)
    assert page.viewer is None
    assert current_id(view) == cat.items[0]
    assert page.gallery.current_item is not None and page.gallery.current_item.id == cat.items[0]
    view.customContextMenuRequested.emit(view.visualRect(model.index(cat_header)).center())
    assert page.findChild(QMenu, "galleryContextMenu") is None
    # On a picture the menu comes, for that picture.
    view.customContextMenuRequested.emit(rect_of(view, lighthouse.items[2]).center())
    menu = page.findChild(QMenu, "galleryContextMenu")
    assert menu is not None
    menu.close()
    assert current_id(view) == lighthouse.items[2]


def test_actions_act_on_the_selected_picture(
    grouped: tuple[Studio, list[StoredJob]], qtbot: QtBot
) -> None:
    studio, (lighthouse, cat, _robot) = grouped
    page = studio.page
    view = page.findChild(QListView, "imageGallery")
    model = page.gallery.model
    qtbot.waitUntil(lambda: layout_done(view), timeout=WAIT_MS)

    click(qtbot, view, model.row_of(cat.items[1]))
    assert page.findChild(QLabel, "details_prompt").text() == CAT
    assert page.findChild(QLabel, "details_model").text() == "demo-image-edit"
    page.findChild(QToolButton, "copyPromptButton").click()
    assert QGuiApplication.clipboard().text() == CAT
    selected = page.gallery.current_item
    assert selected is not None and selected.id == cat.items[1]
    [url] = model.mimeData(view.selectedIndexes()).urls()  # what a drag carries
    assert Path(url.toLocalFile()) == selected.path

    # Enter opens the viewer on that picture; → and ← walk the pictures, not the rows.
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    viewer = page.viewer
    assert viewer is not None and viewer.item is not None and viewer.item.id == cat.items[1]
    position = viewer.findChild(QLabel, "viewerPosition")
    assert position.text() == "3 of 6"
    viewer.findChild(QToolButton, "viewerNextButton").click()  # over the lighthouse header
    assert viewer.item.id == lighthouse.items[0] and position.text() == "4 of 6"
    viewer.show_previous()
    viewer.show_previous()
    assert viewer.item.id == cat.items[0] and position.text() == "2 of 6"
    viewer.show_previous()  # over the cat header
    assert viewer.item.prompt == ROBOT and position.text() == "1 of 6"
    assert not viewer.findChild(QToolButton, "viewerPrevButton").isEnabled()
    viewer.show_row(model.row_of(lighthouse.items[0]) - 1)  # a header row: its first picture
    assert viewer.item.id == lighthouse.items[0]
    viewer.close()

    # Delete takes the selected picture and selects the one that took its place.
    click(qtbot, view, model.row_of(cat.items[0]))
    page.findChild(QToolButton, "deleteImageButton").click()
    assert [item.id for item in model.items()] == [
        _robot.items[0],
        cat.items[1],
        *lighthouse.items,
    ]
    assert page.gallery.current_item is not None
    assert page.gallery.current_item.id == cat.items[1]


def test_filters_show_only_jobs_with_matches(
    grouped: tuple[Studio, list[StoredJob]], qtbot: QtBot
) -> None:
    studio, (lighthouse, cat, robot) = grouped
    page = studio.page
    model = page.gallery.model
    search = page.findChild(QLineEdit, "gallerySearch")
    models = page.findChild(QComboBox, "galleryModelFilter")

    search.setText("橘猫")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert [(h.job_id, h.count) for h in model.headers()] == [(cat.id, 2)]
    assert header_rows(model) == [0] and model.rowCount() == 3

    search.clear()
    qtbot.keyClick(search, Qt.Key.Key_Return)
    models.setCurrentIndex(models.findText("demo-image"))
    assert [(h.job_id, h.count) for h in model.headers()] == [(robot.id, 1), (lighthouse.id, 3)]
    assert model.rowCount() == 6

    qtbot.keyClicks(search, "gardener")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert [h.job_id for h in model.headers()] == [robot.id]
    models.setCurrentIndex(models.findText("demo-image-edit"))
    assert model.headers() == [] and model.rowCount() == 0
    assert page.findChild(QLabel, "galleryEmpty").isVisibleTo(page)


def test_delete_and_undo_keep_the_header_right(
    grouped: tuple[Studio, list[StoredJob]], qtbot: QtBot
) -> None:
    studio, (_lighthouse, cat, robot) = grouped
    page = studio.page
    view = page.findChild(QListView, "imageGallery")
    model = page.gallery.model
    qtbot.waitUntil(lambda: layout_done(view), timeout=WAIT_MS)

    def cat_header() -> JobHeader | None:
        return next((h for h in model.headers() if h.job_id == cat.id), None)

    click(qtbot, view, model.row_of(cat.items[0]))
    page.findChild(QToolButton, "deleteImageButton").click()
    header = cat_header()
    assert header is not None and header.count == 1 and header.count_text == "1 picture"
    assert model.header(model.row_of(cat.items[1]) - 1) is header

    page.gallery.select_item(cat.items[1])
    page.findChild(QToolButton, "deleteImageButton").click()  # the job's last picture
    assert cat_header() is None
    assert [h.job_id for h in model.headers()] == [robot.id, _lighthouse.id]
    assert len(header_rows(model)) == 2 and model.rowCount() == 6

    page.findChild(QToolButton, "undoDeleteButton").click()
    header = cat_header()
    assert header is not None and header.count == 1
    assert page.gallery.current_item is not None
    assert page.gallery.current_item.id == cat.items[1]
    assert model.item(view.currentIndex().row()).id == cat.items[1]
    qtbot.waitUntil(lambda: layout_done(view), timeout=WAIT_MS)
    assert rect_of(view, cat.items[1]).top() > rect_of(view, robot.items[0]).bottom()


def test_headers_come_back_after_a_restart(
    make_studio: Callable[..., Studio], tmp_path: Path, qtbot: QtBot
) -> None:
    root = tmp_path / "profile"
    stored = fill_data_dir(root, JOBS)
    first = make_studio(root)
    before = [
        (h.job_id, h.prompt, h.model, h.count, h.when) for h in first.page.gallery.model.headers()
    ]
    first.close()

    second = make_studio(root)
    after = [
        (h.job_id, h.prompt, h.model, h.count, h.when) for h in second.page.gallery.model.headers()
    ]
    assert after == before
    assert [job_id for job_id, *_ in after] == [job.id for job in reversed(stored)]


def test_no_header_row_for_an_invalid_index(grouped: tuple[Studio, list[StoredJob]]) -> None:
    studio, _stored = grouped
    model = studio.page.gallery.model
    assert model.data(QModelIndex(), HeaderRole) is None
    assert model.header(-1) is None and model.header(model.rowCount()) is None
    assert model.number_at(model.rowCount()) == -1
