"""The Images page in Simplified Chinese: controls, parameter labels and choice words."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLabel, QToolButton
from pytestqt.qtbot import QtBot

from studio.ui.images.param_editors import ChoiceEditor

from .conftest import WAIT_MS, Studio, wait_finished
from .helpers import cards, fill, press_generate


def test_the_page_speaks_chinese(
    chinese: None, make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    assert page.findChild(QToolButton, "generateButton").text() == "生成"
    page.findChild(QComboBox, "imageModelPicker").setCurrentText("gpt-image-1")
    assert page.findChild(QLabel, "param_quality_label").text() == "质量"
    assert page.findChild(QLabel, "param_background_label").text() == "背景"
    quality = page.form.editors["quality"]
    assert isinstance(quality, ChoiceEditor)
    assert [quality.itemText(i) for i in range(quality.count())] == ["低", "中", "高", "自动"]
    assert quality.value() == "auto"  # the wire value stays English

    fill(page, "demo-image", "湖面上的一盏灯笼", size="32x32")
    press_generate(page)
    [card] = cards(page)
    assert card.state_label.text() == "生成中…"
    assert card.findChild(QToolButton, "jobCancelButton").text() == "取消"
    wait_finished(qtbot, card.job)
    assert card.state_label.text() == "已完成"
    count = page.findChild(QLabel, "galleryCount")
    qtbot.waitUntil(lambda: count.text() == "1 张图片", timeout=WAIT_MS)


def test_the_demo_models_and_the_sent_parameters_read_in_chinese(
    chinese: None, make_studio: Callable[..., Studio], qtbot: QtBot
) -> None:
    studio = make_studio()
    page = studio.page
    fill(page, "demo-image", "一盏灯笼", size="32x32")
    assert page.findChild(QLabel, "modelNote").text() == "演示图像"
    press_generate(page)
    wait_finished(qtbot, cards(page)[0].job)
    model = page.gallery.model
    qtbot.waitUntil(lambda: model.item_count == 1, timeout=WAIT_MS)
    page.gallery.select_item(model.items()[0].id)
    params = page.gallery.details.metadata.text("params").splitlines()
    assert "尺寸 (size): 32x32" in params and "图片数量 (n): 1" in params
