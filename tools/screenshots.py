"""Render README screenshots of the chat window against the built-in demo relay.

Usage::

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [--out resources/screenshots]

Produces chat-light-en.png, chat-dark-en.png, chat-light-zh_CN.png and chat-dark-zh_CN.png
(install a CJK font such as fonts-noto-cjk for the Chinese ones).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from studio.demo.server import DemoRelay
from studio.i18n import install_translators, remove_translators
from studio.session.chat import ChatManager, ToolRegistry
from studio.session.connection import ConnectionInfo
from studio.session.event_loop import create_event_loop
from studio.session.models import ModelListSession
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.messages import MessageStore
from studio.ui.main_window import MainWindow
from studio.ui.theme import apply_theme

PROMPTS = {"en": "Compare the demo models in a table", "zh_CN": "用表格比较一下演示模型"}


async def shoot(app: QApplication, relay: DemoRelay, out: Path, theme: str, lang: str) -> Path:
    """One screenshot: a fresh window, one exchange, grabbed to PNG."""
    translators = install_translators(app, lang)
    apply_theme(app, theme)
    with tempfile.TemporaryDirectory() as tmp:
        client = ApiClient(
            ProviderConfig(base_url=relay.base_url, name="Demo relay"), language=lang
        )
        database = Database(Path(tmp) / "studio.sqlite3")
        manager = ChatManager(
            ConversationStore(database), MessageStore(database), lambda: client, ToolRegistry()
        )
        connection = ConnectionInfo(
            "Demo relay", relay.base_url, True, "demo-reasoner", ("demo-chat", "demo-reasoner")
        )
        settings = QSettings(str(Path(tmp) / "window.ini"), QSettings.Format.IniFormat)
        window = MainWindow(manager, ModelListSession(client), connection, settings)
        window.resize(1280, 820)
        window.show()
        page = window.chat_page
        page.model_picker.setCurrentText("demo-reasoner")
        page.composer.setPlainText(PROMPTS[lang])
        page.send()
        session = page.session
        assert session is not None
        while session.busy:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
        page.transcript.follow_bottom()
        await asyncio.sleep(0.2)
        path = out / f"chat-{theme}-{lang}.png"
        window.grab().save(str(path))
        window.close()
        await manager.aclose()
        await client.aclose()
        database.close()
    remove_translators(app, translators)
    return path


def main() -> int:
    """Render all four screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="resources/screenshots")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    app.setQuitOnLastWindowClosed(False)
    loop = create_event_loop(app)
    with DemoRelay(token_rate=0) as relay, loop:
        for lang in ("en", "zh_CN"):
            for theme in ("light", "dark"):
                print(loop.run_until_complete(shoot(app, relay, out, theme, lang)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
