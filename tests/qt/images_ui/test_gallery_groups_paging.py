"""Job headers while the gallery loads page by page: a job cut by a page boundary keeps one
header with its whole count, and a view scrolled to the end shows every job once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from studio.store.database import Database
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore
from studio.ui.images.gallery_delegate import ThumbnailDelegate
from studio.ui.images.gallery_groups import GalleryRows
from studio.ui.images.gallery_model import TAIL_SIZE, GalleryModel
from studio.ui.images.gallery_panel import GalleryView
from studio.ui.images.thumbnails import ThumbnailCache

from .conftest import WAIT_MS
from .test_gallery_groups import StepClock, StoredJob, store_jobs

# Oldest first. With pages of 4 the boundaries fall inside the 3-picture jobs, and the big
# job needs more than one extra read to finish.
SIZES = [2, 3, TAIL_SIZE + 5, 1, 3, 3, 3]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[GalleryStore, list[StoredJob]]]:
    """A real gallery store holding jobs of SIZES pictures."""
    db = Database(tmp_path / "studio.sqlite3")
    clock = StepClock()
    gallery = GalleryStore(db, ImageStore(tmp_path / "images", db), clock=clock)
    jobs = [("demo-image", f"job number {n}", size) for n, size in enumerate(SIZES)]
    yield gallery, store_jobs(gallery, clock, jobs)
    db.close()


def check_groups(model: GalleryModel, stored: list[StoredJob]) -> None:
    """Each loaded job: one header, then all of its pictures, in order."""
    by_id = {job.id: job for job in stored}
    seen: list[int] = []
    row = 0
    while row < model.rowCount():
        header = model.header(row)
        assert header is not None, f"row {row} should be a header"
        job = by_id[header.job_id]
        assert header.count == len(job.items)
        assert header.prompt == job.prompt and header.created_at == job.created_at
        ids = [model.item(row + 1 + n).id for n in range(header.count)]
        assert ids == job.items
        seen.append(job.id)
        row += 1 + header.count
    assert len(seen) == len(set(seen))
    assert seen == [job.id for job in reversed(stored)][: len(seen)]


def test_pages_end_with_whole_jobs(
    store: tuple[GalleryStore, list[StoredJob]], qtmodeltester: ModelTester, qtbot: QtBot
) -> None:
    gallery, stored = store
    holder = QWidget()
    qtbot.addWidget(holder)
    model = GalleryModel(gallery, ThumbnailCache(holder), holder, page_size=4)
    # The first page cut the second job after one picture: it was read whole.
    assert [h.count for h in model.headers()] == [3, 3]
    check_groups(model, stored)
    model.fetchMore()  # 3 + 1 pictures: a full page that ends with a whole job
    assert [h.count for h in model.headers()] == [3, 3, 3, 1]
    model.fetchMore()  # 4 pictures of the big job, then more than one extra read
    assert [h.count for h in model.headers()] == [3, 3, 3, 1, TAIL_SIZE + 5]
    check_groups(model, stored)
    qtmodeltester.check(model)  # the model's own consistency, then every later change too
    while model.canFetchMore():
        model.fetchMore()
        check_groups(model, stored)
    assert model.item_count == model.total == sum(SIZES)
    assert model.rowCount() == sum(SIZES) + len(SIZES)
    assert [h.count for h in model.headers()] == list(reversed(SIZES))

    # A reload keeps as many pictures as were loaded, still in whole jobs.
    model.reload()
    check_groups(model, stored)
    assert model.item_count == sum(SIZES)


def test_a_view_scrolled_to_the_end_shows_every_job_once(
    store: tuple[GalleryStore, list[StoredJob]], qtbot: QtBot
) -> None:
    gallery, stored = store
    view = GalleryView()
    qtbot.addWidget(view)
    model = GalleryModel(gallery, ThumbnailCache(view), view, page_size=4)
    view.setItemDelegate(ThumbnailDelegate(view))
    view.setModel(model)
    view.resize(700, 300)
    view.show()
    qtbot.waitExposed(view)

    def at_the_end() -> bool:
        view.scrollToBottom()  # the view fetches the next page when it reaches the end
        return not model.canFetchMore()

    qtbot.waitUntil(at_the_end, timeout=WAIT_MS)
    check_groups(model, stored)
    assert len(model.headers()) == len(SIZES)
    width = view.viewport().width()
    qtbot.waitUntil(
        lambda: all(
            view.visualRect(model.index(row)).width() == width
            for row in range(model.rowCount())
            if model.header(row) is not None
        ),
        timeout=WAIT_MS,
    )
    for row in range(model.rowCount()):
        if model.header(row) is not None and row > 0:
            above = view.visualRect(model.index(row - 1))  # the previous job's last picture
            assert view.visualRect(model.index(row)).top() >= above.bottom()


@dataclass(frozen=True)
class Entry:
    """Just enough of a gallery item for :class:`GalleryRows`."""

    id: int
    job_id: int
    image_hash: str = "0"
    path: Path = Path("/nowhere.png")
    index: int = 0
    width: int = 1
    height: int = 1
    mime: str = "image/png"
    model: str = "m"
    prompt: str = "p"
    params: dict[str, object] | None = None
    seed: int | None = None
    created_at: float = 0.0
    revised_prompt: str | None = None


def test_a_job_split_between_two_pages_keeps_one_header() -> None:
    rows = GalleryRows()
    first = rows.extend([Entry(1, 10), Entry(2, 10), Entry(3, 20)])
    assert (first.first, first.last, first.grown) == (0, 4, ())
    # The next page goes on with job 20 (and repeats picture 3): no new header, its count grows.
    second = rows.extend([Entry(3, 20), Entry(4, 20, created_at=-1.0), Entry(5, 30)])
    assert (second.first, second.last, second.grown) == (5, 7, (3,))
    header = rows.header(3)
    assert header is not None and header.job_id == 20 and header.count == 2
    assert header.created_at == -1.0  # the job's earliest picture
    assert [rows.header(r) is not None for r in range(len(rows))] == [
        True, False, False, True, False, False, True, False,
    ]  # fmt: skip
    assert rows.item_count == 5
    assert [rows.number_at(r) for r in range(len(rows))] == [0, 0, 1, 2, 2, 3, 4, 4]
    assert [rows.row_at(n) for n in range(5)] == [1, 2, 4, 5, 7]
    assert rows.row_of(4) == 5 and rows.number_of(4) == 3 and rows.row_of(99) == -1
    assert rows.item(3) is None and rows.item_at(5) is None and rows.row_at(-1) == -1
