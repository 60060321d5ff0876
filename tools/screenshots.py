"""Render README screenshots of the chat window against the built-in demo relay.

Usage::

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [--out resources/screenshots]

Produces chat-light-en.png, chat-dark-en.png, chat-light-zh_CN.png and chat-dark-zh_CN.png
(and the same four of edit-*.png and of settings-*.png, the Providers page), plus
vision-light-en.png and vision-dark-zh_CN.png (a photo sent and described, two more waiting
in the composer) and images-light-en.png and images-dark-zh_CN.png (the image studio
after three jobs), assistants-*.png (a new chat's assistant picker, an assistant picked and
its settings in the drawer) and assistant-settings-*.png (Settings → Assistants). Install a
CJK font such as fonts-noto-cjk for the Chinese ones. ``--width 900`` renders narrow windows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.demo.server import DemoRelay
from studio.i18n import install_translators, remove_translators
from studio.session.event_loop import create_event_loop
from studio.session.images import ImageStudioSession
from studio.session.relay_info import RelayInfo
from studio.session.studio import build_studio
from studio.store.database import Database
from studio.ui.main_window import MainWindow
from studio.ui.theme import apply_theme

PROMPTS = {"en": "Compare the demo models in a table", "zh_CN": "用表格比较一下演示模型"}
IMAGE_JOBS = {
    "en": [
        ("A lighthouse on a cliff at dusk, oil painting", "1024x1024", 2),
        ("Paper boats on a quiet pond, watercolor", "1536x1024", 2),
        ("A red fox in fresh snow, soft morning light", "1024x1024", 3),
    ],
    "zh_CN": [
        ("黄昏时悬崖上的灯塔，油画风格", "1024x1024", 2),
        ("平静池塘上的纸船，水彩画", "1536x1024", 2),
        ("新雪中的赤狐，柔和的晨光", "1024x1024", 3),
    ],
}
VISION_PROMPTS = {"en": "What is in this photo?", "zh_CN": "这张照片里有什么？"}
# name, model, system prompt, temperature, output mode
ASSISTANTS = {
    "en": [
        (
            "Translator",
            "demo-chat",
            "Translate what the user writes into natural English, keeping the tone. Reply "
            "with the translation only.",
            0.3,
            "off",
        ),
        (
            "Code reviewer",
            "demo-reasoner",
            "Review the code for bugs, unclear names and missing tests. Be brief.",
            0.2,
            "off",
        ),
        ("JSON extractor", "", "Extract the people, places and dates as JSON.", 0.0, "json_object"),
        (
            "Writing coach",
            "demo-chat",
            "Suggest clearer wording, one change at a time.",
            0.7,
            "off",
        ),
    ],
    "zh_CN": [
        ("翻译", "demo-chat", "把用户写的内容翻译成自然的中文，保留语气。只回复译文。", 0.3, "off"),
        (
            "代码审查",
            "demo-reasoner",
            "检查代码中的错误、不清楚的命名和缺少的测试。简明扼要。",
            0.2,
            "off",
        ),
        ("JSON 提取", "", "以 JSON 提取其中的人物、地点和日期。", 0.0, "json_object"),
        ("写作教练", "demo-chat", "建议更清楚的措辞，一次只改一处。", 0.7, "off"),
    ],
}
WIDTH = 1280


def photo(path: Path, size: tuple[int, int], hue: int) -> Path:
    """A photo-like picture (a sky gradient over hills) saved as JPEG at ``path``."""
    from PIL import Image, ImageDraw, ImageFilter

    width, height = size
    sky = Image.linear_gradient("L").resize(size).convert("RGB")
    tint = Image.new("RGB", size, ((hue * 3) % 256, (120 + hue) % 256, 230))
    image = Image.blend(sky, tint, 0.6)
    draw = ImageDraw.Draw(image)
    for i in range(3):
        top = height * (0.55 + 0.12 * i)
        color = (40 + 30 * i, 110 + hue % 60 - 20 * i, 60 + 10 * i)
        points = [(0, height), (0, top)]
        points += [
            (x, top - height * 0.08 * ((x * (i + 2) // width) % 2))
            for x in range(0, width + 1, width // 6)
        ]
        points += [(width, height)]
        draw.polygon(points, fill=color)
    draw.ellipse((width * 0.7, height * 0.12, width * 0.82, height * 0.28), fill=(255, 236, 170))
    image.filter(ImageFilter.GaussianBlur(2)).save(path, "JPEG", quality=90)
    return path


@asynccontextmanager
async def studio_window(
    app: QApplication, relay: DemoRelay, theme: str, lang: str, model: str
) -> AsyncIterator[tuple[MainWindow, ImageStudioSession, Path]]:
    """A fresh window on the demo relay, with an image store and the image studio, in
    ``theme`` and ``lang``; everything is closed afterwards."""
    translators = install_translators(app, lang)
    apply_theme(app, theme)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        models = ("demo-chat", "demo-reasoner", "demo-vision")
        connection = RelayInfo("Demo relay", relay.base_url, True, model, models)
        studio = build_studio(
            Database(folder / "studio.sqlite3"),
            folder / "images",
            ApiClient(ProviderConfig(base_url=relay.base_url, name="Demo relay"), language=lang),
            connection,
        )
        images = studio.image_studio
        settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
        window = MainWindow(studio, settings)
        window.resize(WIDTH, 820)
        window.show()
        window.chat_page.model_picker.setCurrentText(model)
        try:
            yield window, images, folder
        finally:
            images.cancel_all()
            window.shutdown()
            window.close()
            await studio.aclose()
            studio.database.close()
            remove_translators(app, translators)


async def until(done: Callable[[], bool]) -> None:
    """Let the loop run until ``done()``."""
    while not done():
        await asyncio.sleep(0.05)


async def grab(window: MainWindow, path: Path, *, settle: float = 0.3) -> Path:
    """Save the window to ``path`` once late paints (thumbnails, layout) are in."""
    await asyncio.sleep(settle)
    window.grab().save(str(path))
    return path


async def shoot(app: QApplication, relay: DemoRelay, out: Path, theme: str, lang: str) -> Path:
    """The chat after one exchange with the reasoning model."""
    async with studio_window(app, relay, theme, lang, "demo-reasoner") as (window, _, _):
        page = window.chat_page
        page.composer.setPlainText(PROMPTS[lang])
        page.send()
        session = page.session
        assert session is not None
        await until(lambda: not session.busy)
        await asyncio.sleep(0.3)
        page.transcript.follow_bottom()
        return await grab(window, out / f"chat-{theme}-{lang}.png", settle=0.2)


async def shoot_vision(
    app: QApplication, relay: DemoRelay, out: Path, theme: str, lang: str
) -> Path:
    """The chat with a described photo in the transcript and two more in the composer."""
    async with studio_window(app, relay, theme, lang, "demo-vision") as (window, _, folder):
        page = window.chat_page
        page.set_vision_models(["demo-vision"])
        draft = page.attachments
        assert draft is not None
        page.attach_image(str(photo(folder / "IMG_2041.jpg", (4032, 3024), 10)))
        await until(lambda: not draft.busy)
        page.composer.setPlainText(VISION_PROMPTS[lang])
        page.send()
        session = page.session
        assert session is not None
        await until(lambda: not session.busy)
        page.attach_image(str(photo(folder / "IMG_2042.jpg", (3024, 4032), 70)))
        page.attach_image(str(photo(folder / "screenshot.png", (1920, 1080), 140)))
        await until(lambda: not draft.busy)
        await asyncio.sleep(0.3)
        page.transcript.follow_bottom()
        return await grab(window, out / f"vision-{theme}-{lang}.png", settle=0.2)


async def shoot_images(
    app: QApplication, relay: DemoRelay, out: Path, theme: str, lang: str
) -> Path:
    """The image studio after three jobs: job cards, the gallery grouped by job, details."""
    async with studio_window(app, relay, theme, lang, "demo-chat") as (window, images, _):
        window.navigation.select(1)
        jobs = [
            images.generate("demo-image", prompt, {"size": size, "n": n, "seed": 7 + i})
            for i, (prompt, size, n) in enumerate(IMAGE_JOBS[lang])
        ]
        await until(lambda: all(job.is_finished for job in jobs))
        page = window.images_page
        page.model_picker.setCurrentText("demo-image")  # type: ignore[attr-defined]
        page.prompt.setPlainText(IMAGE_JOBS[lang][-1][0])  # type: ignore[attr-defined]
        page.gallery.select_item(jobs[-1].items[0].id)  # type: ignore[attr-defined]
        # Thumbnails are decoded in worker threads.
        return await grab(window, out / f"images-{theme}-{lang}.png", settle=0.8)


EDIT_PROMPTS = {
    "en": ("a hot-air balloon in the sky", "make the balloon blue"),
    "zh_CN": ("天空中加一个热气球", "把热气球改成蓝色"),
}


async def shoot_edit(app: QApplication, relay: DemoRelay, out: Path, theme: str, lang: str) -> Path:
    """The Edit page after two rounds on a photo: a mask, the tray, the version tree."""
    from PySide6.QtCore import QPointF

    async with studio_window(app, relay, theme, lang, "demo-chat") as (window, _images, folder):
        window.navigation.select(2)
        page = window.edit_page
        page.open_image(str(photo(folder / "harbour.jpg", (1600, 1000), 30)))
        await until(lambda: page.document is not None and not page.canvas.image.isNull())
        document = page.document
        assert document is not None
        page.round.model_picker.setCurrentIndex(
            page.round.model_picker.findData("demo-image-remix")
        )
        mask = page.canvas.document
        mask.begin_stroke(QPointF(1100, 260), 160, 90, erase=False)
        for x in range(1100, 1400, 20):
            mask.stroke_to(QPointF(x, 260 + (x - 1100) // 4))
        mask.end_stroke()
        for prompt in EDIT_PROMPTS[lang]:
            page.round.prompt.setPlainText(prompt)
            page.apply()
            await until(lambda: document.busy)
            await until(lambda: not document.busy)
        page.show_canvas()
        return await grab(window, out / f"edit-{theme}-{lang}.png", settle=0.8)


def add_assistants(window: MainWindow, lang: str) -> None:
    """Save the example assistants of ``lang`` (as Settings → Assistants would)."""
    from studio.core.chat.assistants import Assistant
    from studio.core.chat.options import ChatSettings, OutputSettings

    chats = window.studio.chats
    examples = [
        Assistant(
            None,
            name,
            ChatSettings(
                model=model,
                system_prompt=prompt,
                params={"temperature": temperature},
                output=OutputSettings(mode),  # type: ignore[arg-type]
            ),
        )
        for name, model, prompt, temperature, mode in ASSISTANTS[lang]
    ]
    chats.assistants.book.save(examples)
    chats.assistants.announce()


async def shoot_assistants(
    app: QApplication, relay: DemoRelay, out: Path, theme: str, lang: str
) -> Path:
    """A new chat (Ctrl+N) with the assistant picker, the first assistant picked and its
    settings in the open Parameters drawer."""
    async with studio_window(app, relay, theme, lang, "demo-chat") as (window, _, _):
        add_assistants(window, lang)
        page = window.chat_page
        page.new_chat()
        page.use_assistant(page.assistant_picker.current_id or 1)
        page.header.panel_button.setChecked(True)
        page.new_chat(assistant_id=1)  # the picker keeps the keyboard, the pick is shown
        return await grab(window, out / f"assistants-{theme}-{lang}.png")


async def shoot_assistant_settings(
    app: QApplication, relay: DemoRelay, out: Path, theme: str, lang: str
) -> Path:
    """Settings → Assistants with the example assistants, the first one selected."""
    from studio.config.secrets import SecretStore
    from studio.config.settings import SettingsStore
    from studio.session.settings_editor import SettingsSession
    from studio.ui.settings import SettingsDialog

    async with studio_window(app, relay, theme, lang, "demo-chat") as (window, _, folder):
        add_assistants(window, lang)
        session = SettingsSession(
            SettingsStore(folder / "settings.json"),
            SecretStore(folder / "secrets.json", use_system_keyring=False),
            window.studio.live.settings,
            language=lang,
        )
        dialog = SettingsDialog(
            session,
            window,
            assistants=window.studio.chats.assistants.editor(session),
            models=("demo-chat", "demo-reasoner", "demo-vision"),
        )
        dialog.resize(min(WIDTH - 80, 1080), 700)
        dialog.show()
        dialog.show_page(3)
        await asyncio.sleep(0.4)
        path = out / f"assistant-settings-{theme}-{lang}.png"
        dialog.grab().save(str(path))
        dialog.reject()
        return path


async def shoot_settings(
    app: QApplication, relay: DemoRelay, out: Path, theme: str, lang: str
) -> Path:
    """The Settings dialog's Providers page with every preset listed."""
    from studio.config.secrets import SecretStore
    from studio.config.settings import SettingsStore
    from studio.session.settings_editor import SettingsSession
    from studio.ui.settings import SettingsDialog

    translators = install_translators(app, lang)
    apply_theme(app, theme)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            session = SettingsSession(
                SettingsStore(folder / "settings.json"),
                SecretStore(folder / "secrets.json", use_system_keyring=False),
                language=lang,
                demo_base_url=relay.base_url,
            )
            dialog = SettingsDialog(session)
            dialog.show()
            await asyncio.sleep(0.3)
            path = out / f"settings-{theme}-{lang}.png"
            dialog.grab().save(str(path))
            dialog.close()
            dialog.deleteLater()
            return path
    finally:
        remove_translators(app, translators)


def main() -> int:
    """Render all the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="resources/screenshots")
    pages = ("chat", "vision", "images", "edit", "assistants", "settings")
    parser.add_argument("--only", choices=pages, help="render one page's shots")
    parser.add_argument("--width", type=int, default=WIDTH, help="window width in pixels")
    args = parser.parse_args()
    globals()["WIDTH"] = args.width
    wanted = {args.only} if args.only else set(pages)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    app.setQuitOnLastWindowClosed(False)
    loop = create_event_loop(app)
    with DemoRelay(token_rate=0) as relay, loop:
        for lang in ("en", "zh_CN"):
            for theme in ("light", "dark"):
                if "chat" in wanted:
                    print(loop.run_until_complete(shoot(app, relay, out, theme, lang)))
                if "edit" in wanted:
                    print(loop.run_until_complete(shoot_edit(app, relay, out, theme, lang)))
                if "settings" in wanted:
                    print(loop.run_until_complete(shoot_settings(app, relay, out, theme, lang)))
                if "assistants" in wanted:
                    for shot in (shoot_assistants, shoot_assistant_settings):
                        print(loop.run_until_complete(shot(app, relay, out, theme, lang)))
        for theme, lang in (("light", "en"), ("dark", "zh_CN")):
            if "vision" in wanted:
                print(loop.run_until_complete(shoot_vision(app, relay, out, theme, lang)))
            if "images" in wanted:
                print(loop.run_until_complete(shoot_images(app, relay, out, theme, lang)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
