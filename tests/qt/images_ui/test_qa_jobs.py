"""QA regressions on the job strip: cards that grow, partial results, cancels while saving,
and jobs that the end of the previous run interrupted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QToolButton
from pytestqt.qtbot import QtBot

from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.config.image_models import load_image_models
from studio.session.images import ImageStudioSession
from studio.store.database import Database
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore
from studio.ui.images import ImagesPage
from tests.qt.images_session.conftest import b64, picture
from tests.qt.images_session.loopback import Answer, Loopback

from .conftest import WAIT_MS, Studio, thumbnails_loaded, wait_finished
from .helpers import cards, fill, press_generate

GENERATIONS = "/v1/images/generations"


@pytest.fixture
def loopback(run: Callable[..., Any]) -> Iterator[Loopback]:
    """A scripted relay on 127.0.0.1."""
    server: Loopback = run(Loopback().start())
    yield server
    run(server.aclose())


@pytest.fixture
def loopback_page(
    qtbot: QtBot, loopback: Loopback, tmp_path: Path, run: Callable[..., Any]
) -> Iterator[ImagesPage]:
    """The Images page on a session talking to the scripted relay."""
    db = Database(tmp_path / "data" / "studio.sqlite3")
    gallery = GalleryStore(db, ImageStore(tmp_path / "data" / "images", db))
    client = ApiClient(ProviderConfig(base_url=loopback.base_url, name="loopback"))
    session = ImageStudioSession(gallery, lambda: client, load_image_models())
    page = ImagesPage(session)
    qtbot.addWidget(page)
    page.resize(1180, 760)
    page.show()
    yield page
    session.cancel_all()
    page.shutdown()
    page.close()
    run(client.aclose())
    db.close()


def test_the_job_strip_grows_so_a_finished_cards_results_are_not_cut_off(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    fill(page, "demo-image", "Two kites", size="48x48", n=2)
    press_generate(page)
    [card] = cards(page)
    wait_finished(qtbot, card.job)
    qtbot.waitUntil(lambda: thumbnails_loaded(page), timeout=WAIT_MS)
    first_result = card.findChild(QToolButton, "jobResult0")
    assert first_result is not None and first_result.isVisibleTo(card)
    # The row of result thumbnails appears after the card was first laid out; the strip
    # must follow, or the thumbnails are cut in half.
    qtbot.waitUntil(
        lambda: page.jobs.viewport().height() >= page.jobs.widget().sizeHint().height(),
        timeout=WAIT_MS,
    )
    bottom = first_result.mapTo(page.jobs.viewport(), first_result.rect().bottomLeft()).y()
    assert bottom < page.jobs.viewport().height()


def test_a_done_card_says_that_some_pictures_could_not_be_read(
    loopback_page: ImagesPage, loopback: Loopback, qtbot: QtBot
) -> None:
    good = [{"b64_json": b64(picture(seed=seed))} for seed in range(3)]
    loopback.answer(GENERATIONS, Answer(body={"data": [*good, {"b64_json": "%% broken %%"}]}))
    page = loopback_page
    fill(page, "gpt-image-1", "Four lanterns", n=4)
    press_generate(page)
    [card] = cards(page)
    wait_finished(qtbot, card.job)

    assert card.state_label.text() == "Done" and len(card.items) == 3
    warning = card.findChild(QLabel, "jobWarning")
    assert warning.isVisibleTo(card)
    assert warning.toolTip().startswith("1 of 4 images could not be read")
    copy = card.findChild(QToolButton, "jobCopyDetailsButton")
    assert copy.isVisibleTo(card)
    copy.click()
    assert QGuiApplication.clipboard().text() == card.job.warning
    assert not card.findChild(QLabel, "jobError").isVisibleTo(card)


def test_a_plain_done_card_shows_no_warning(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    page = make_studio().page
    fill(page, "demo-image", "One kite", size="32x32", n=2)
    press_generate(page)
    [card] = cards(page)
    wait_finished(qtbot, card.job)
    assert not card.findChild(QLabel, "jobWarning").isVisibleTo(card)
    assert not card.findChild(QToolButton, "jobCopyDetailsButton").isVisibleTo(card)


def test_pictures_saved_while_the_job_was_cancelled_show_on_its_card(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    fill(page, "demo-image", "Cancelled while saving", size="48x48", n=3)
    press_generate(page)
    [card] = cards(page)
    job = card.job
    # Cancel exactly while the second picture is being written.
    job.image_arrived.connect(lambda index, _data: job.cancel() if index == 1 else None)
    wait_finished(qtbot, job)
    qtbot.waitUntil(lambda: len(job.items) == 2, timeout=WAIT_MS)

    assert card.state_label.text() == "Cancelled"
    assert [item.id for item in card.items] == [item.id for item in job.items]
    assert page.gallery.model.total == 2
    qtbot.waitUntil(lambda: not card.preview.icon().isNull(), timeout=WAIT_MS)
    card.preview.click()
    assert page.gallery.current_item is not None
    assert page.gallery.current_item.id == job.items[0].id


def _record_unfinished(data_dir: Path) -> tuple[int, int]:
    """What a killed app leaves behind: one job running and one queued."""
    with Database(data_dir / "studio.sqlite3") as db:
        gallery = GalleryStore(db, ImageStore(data_dir / "images", db))
        running = gallery.add_job("demo-image", "Killed mid-run", {"size": "32x32", "seed": 4})
        gallery.set_job_status(running, "running")
        queued = gallery.add_job(
            "demo-image", "Never started", {"size": "32x32", "negative_prompt": "rain"}
        )
        return running, queued


def test_jobs_a_quit_interrupted_show_as_failed_after_a_restart_and_can_be_retried(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    first = make_studio()
    data_dir = first.data_dir
    first.close()
    running, queued = _record_unfinished(data_dir)

    studio = make_studio(data_dir)
    page = studio.page
    newest, oldest = cards(page)
    assert (newest.job.id, oldest.job.id) == (queued, running)
    for card in (newest, oldest):
        assert card.state_label.text() == "Failed"
        assert card.findChild(QToolButton, "jobRetryButton").isVisibleTo(card)
        assert not card.findChild(QToolButton, "jobCancelButton").isVisibleTo(card)
    assert "before this job finished" in oldest.message and "billed" in oldest.message
    assert "before this job started" in newest.message
    assert {r.status for r in studio.session.job_history()} == {"failed"}

    newest.findChild(QToolButton, "jobRetryButton").click()
    retried = cards(page)[0]
    assert retried.job.prompt == "Never started"
    assert retried.job.params == {"size": "32x32", "negative_prompt": "rain"}
    wait_finished(qtbot, retried.job)
    assert retried.job.state == "done"


def test_only_the_latest_interrupted_jobs_come_back_as_cards(
    make_studio: Callable[..., Studio],
) -> None:
    from studio.session.images.session import MAX_RECOVERED_CARDS

    first = make_studio()
    data_dir = first.data_dir
    first.close()
    with Database(data_dir / "studio.sqlite3") as db:
        gallery = GalleryStore(db, ImageStore(data_dir / "images", db))
        ids = [gallery.add_job("demo-image", f"Left {i}", {}) for i in range(30)]

    studio = make_studio(data_dir)
    shown = [card.job.id for card in cards(studio.page)]
    assert shown == ids[::-1][:MAX_RECOVERED_CARDS]  # the newest, newest first
    # All of them are failed in the history, not only those shown.
    history = studio.session.job_history()
    assert len(history) == 30 and {r.status for r in history} == {"failed"}


def test_jobs_of_another_running_studio_are_left_alone(
    make_studio: Callable[..., Studio],
) -> None:
    from studio.config.image_models import load_image_models
    from studio.session.images import ImageStudioSession

    first = make_studio()
    data_dir = first.data_dir
    first.close()
    running, queued = _record_unfinished(data_dir)
    with Database(data_dir / "studio.sqlite3") as db:
        gallery = GalleryStore(db, ImageStore(data_dir / "images", db))
        session = ImageStudioSession(
            gallery, _no_client, load_image_models(), recover_interrupted=False
        )
        assert session.jobs() == [] and session.recovered_at_startup == 0
        statuses = {r.id: r.status for r in gallery.jobs()}
        assert statuses == {running: "running", queued: "queued"}  # still the other's


def _no_client() -> Any:
    raise AssertionError("no request is made")


def test_an_interrupted_cli_edit_is_not_offered_for_retry(
    make_studio: Callable[..., Studio],
) -> None:
    first = make_studio()
    data_dir = first.data_dir
    first.close()
    with Database(data_dir / "studio.sqlite3") as db:
        gallery = GalleryStore(db, ImageStore(data_dir / "images", db))
        edit = gallery.add_job("demo-image-edit", "Make it blue", {"operation": "edit"})
        gallery.set_job_status(edit, "running")
    studio = make_studio(data_dir)
    # Its input images were never stored: a Retry could only generate (and bill) a new picture.
    assert cards(studio.page) == []
    assert [(r.id, r.status) for r in studio.session.job_history()] == [(edit, "failed")]
