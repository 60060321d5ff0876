"""Jobs on screen: a card at once, live elapsed time, two at a time, cancel, failure, retry."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QScrollArea, QToolButton
from pytestqt.qtbot import QtBot

from .conftest import WAIT_MS, Studio, thumbnails_loaded, wait_finished
from .helpers import cards, fill, press_generate


def test_generate_shows_a_card_at_once_and_the_results_in_the_gallery(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    fill(page, "demo-image", "Two paper boats on a pond", size="96x64", n=2)
    press_generate(page)

    # Before the loop has run once: the card is there, with the prompt, model and state.
    job_list = page.findChild(QScrollArea, "jobList")
    [card] = cards(page)
    assert card.parent() is not None and job_list.isAncestorOf(card) and card.isVisibleTo(page)
    assert "Two paper boats" in card.prompt_label.text()
    assert card.meta_label.text() == "demo-image"
    assert card.state_label.text() in ("Generating…", "Queued")
    assert card.findChild(QToolButton, "jobCancelButton").isVisibleTo(card)

    wait_finished(qtbot, card.job)
    assert card.state_label.text() == "Done"
    assert len(card.items) == 2
    assert not card.findChild(QToolButton, "jobCancelButton").isVisibleTo(card)
    model = page.gallery.model
    qtbot.waitUntil(lambda: model.item_count == 2, timeout=WAIT_MS)
    assert {item.prompt for item in model.items()} == {"Two paper boats on a pond"}
    assert {(item.width, item.height) for item in model.items()} == {(96, 64)}
    assert all(item.path.is_file() for item in model.items())
    qtbot.waitUntil(lambda: thumbnails_loaded(page), timeout=WAIT_MS)
    results = [b for b in card.findChildren(QToolButton) if b.objectName().startswith("jobResult")]
    qtbot.waitUntil(lambda: all(not b.icon().isNull() for b in results), timeout=WAIT_MS)
    assert len(results) == 2
    # The prompt and the parameters stay for the next run.
    assert (
        page.findChild(QPlainTextEdit, "imagePrompt").toPlainText() == "Two paper boats on a pond"
    )
    assert page.form.editors["n"].value() == 2


def test_the_elapsed_time_follows_the_clock(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    fill(page, "demo-image", "A slow sunrise", size="32x32")
    press_generate(page)
    [card] = cards(page)
    assert card.job.state == "running"
    studio.clock.now += 65
    page.jobs.tick()  # what the 1 Hz timer does
    assert card.elapsed_label.text() == "1:05"
    wait_finished(qtbot, card.job)
    studio.clock.now += 100
    page.jobs.tick()
    assert card.elapsed_label.text() == "1:05"  # frozen once the job ended


def test_two_jobs_run_side_by_side(make_studio: Callable[..., Studio], qtbot: QtBot) -> None:
    studio = make_studio()
    page = studio.page
    fill(page, "demo-image", "A red fox in the snow", size="48x48")
    press_generate(page)
    page.findChild(QPlainTextEdit, "imagePrompt").setPlainText("A blue whale at night")
    press_generate(page)

    newest, oldest = cards(page)
    assert "blue whale" in newest.prompt_label.text() and "red fox" in oldest.prompt_label.text()
    assert newest.job.state == oldest.job.state == "running"
    assert {newest.state_label.text(), oldest.state_label.text()} == {"Generating…"}
    # A third waits for a free slot, visibly.
    page.findChild(QPlainTextEdit, "imagePrompt").setPlainText("A green parrot")
    press_generate(page)
    third = cards(page)[0]
    assert third.job.state == "queued" and third.state_label.text() == "Queued"
    assert third.elapsed_label.text() == ""
    wait_finished(qtbot, newest.job, oldest.job, third.job)
    assert newest.state_label.text() == oldest.state_label.text() == "Done"
    assert third.state_label.text() == "Done"
    model = page.gallery.model
    qtbot.waitUntil(lambda: model.item_count == 3, timeout=WAIT_MS)
    assert {item.prompt for item in model.items()} == {
        "A red fox in the snow",
        "A blue whale at night",
        "A green parrot",
    }


def test_cancel_warns_about_billing_then_stops_the_job(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    fill(page, "demo-image", "A castle made of glass", size="64x64")
    press_generate(page)
    [card] = cards(page)
    card.findChild(QToolButton, "jobCancelButton").click()
    warning = card.findChild(QLabel, "jobConfirmText")
    assert warning.isVisibleTo(card) and "may still bill" in warning.text()
    card.findChild(QToolButton, "jobKeepWaitingButton").click()
    assert not warning.isVisibleTo(card) and card.job.state == "running"

    card.findChild(QToolButton, "jobCancelButton").click()
    card.findChild(QToolButton, "jobConfirmCancelButton").click()
    assert card.job.state == "cancelled"
    assert card.state_label.text() == "Cancelled"
    assert not card.findChild(QToolButton, "jobCancelButton").isVisibleTo(card)
    assert card.findChild(QToolButton, "jobRetryButton").isVisibleTo(card)
    assert page.findChild(QPlainTextEdit, "imagePrompt").toPlainText() == "A castle made of glass"
    page.jobs.tick()
    assert not page.jobs._timer.isActive()  # no clock left running


def test_a_failure_shows_on_its_card_and_keeps_the_prompt(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    fill(page, "demo-fault-500", "This picture will not come")
    extra = page.findChild(QPlainTextEdit, "extraJson")
    extra.setPlainText('{"steps": 12}')
    press_generate(page)
    [card] = cards(page)
    wait_finished(qtbot, card.job)

    assert card.state_label.text() == "Failed"
    assert card.error_label.isVisibleTo(card) and "500" in card.message
    assert "\n" not in card.message
    card.findChild(QToolButton, "jobCopyDetailsButton").click()
    assert "500" in QGuiApplication.clipboard().text()
    # Nothing is lost and nothing else complains.
    assert (
        page.findChild(QPlainTextEdit, "imagePrompt").toPlainText() == "This picture will not come"
    )
    assert page.findChild(QComboBox, "imageModelPicker").currentText() == "demo-fault-500"
    assert extra.toPlainText() == '{"steps": 12}'
    assert not page.findChild(QLabel, "generateProblem").isVisibleTo(page)
    assert page.gallery.model.total == 0

    # Retry runs the same inputs again, as a new card.
    page.findChild(QPlainTextEdit, "imagePrompt").setPlainText("something else")
    card.findChild(QToolButton, "jobRetryButton").click()
    retried, first = cards(page)
    assert first is card
    assert retried.inputs == card.inputs
    assert retried.job.prompt == "This picture will not come"
    assert retried.job.params.get("extra") == {"steps": 12}
    wait_finished(qtbot, retried.job)
    assert retried.state_label.text() == "Failed"


def test_clear_finished_removes_only_ended_cards(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    clear = page.findChild(QToolButton, "clearFinishedJobsButton")
    assert not clear.isVisibleTo(page)  # nothing to clear yet
    fill(page, "demo-fault-500", "fails")
    press_generate(page)
    wait_finished(qtbot, cards(page)[0].job)
    fill(page, "demo-image", "runs", size="32x32")
    press_generate(page)
    assert clear.isVisibleTo(page)
    clear.click()
    [left] = cards(page)
    assert left.job.prompt == "runs"
    assert not clear.isVisibleTo(page)
    wait_finished(qtbot, left.job)
    assert clear.isVisibleTo(page)


def test_partial_previews_show_on_the_card(
    make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    fill(page, "demo-image", "A paper lantern", size="64x64", n=1)  # n = 1 streams previews
    press_generate(page)
    [card] = cards(page)
    previews: list[bytes] = []
    card.job.partial_image.connect(previews.append)
    wait_finished(qtbot, card.job)
    assert card.job.state == "done"
    assert previews and card.partial_count == len(previews)
    qtbot.waitUntil(lambda: not card.preview.icon().isNull(), timeout=WAIT_MS)
