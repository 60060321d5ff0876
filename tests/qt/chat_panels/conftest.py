"""Fixtures for the chat side panels: real conversations (SQLite file, demo relay) and panels.

The database, stores, clients and ChatManager come from the chat-session tests' fixtures
(``tests/qt/session/conftest.py``), so the panels talk to exactly what the app uses.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from studio.session.chat import ChatManager, ConversationSession, ToolRegistry
from studio.ui.chat.params_panel import ParamsPanel
from studio.ui.chat.tools_panel import ToolsPanel
from tests.qt.session import conftest as chat_fixtures

# The chat-session fixtures, shared by name: its stores, clients, a manager (the database
# file is the root conftest's ``db``).
stores = chat_fixtures.stores
make_client = chat_fixtures.make_client
make_manager = chat_fixtures.make_manager
manager = chat_fixtures.manager
raw_server = chat_fixtures.raw_server
registry = chat_fixtures.registry

PANEL_WIDTH = 380


@pytest.fixture
def new_session(manager: ChatManager) -> Callable[..., ConversationSession]:
    """Open a new conversation (on the demo relay) and return its session."""

    def build(model: str = "demo-chat") -> ConversationSession:
        return manager.open(manager.new_conversation(model))

    return build


@pytest.fixture
def session(new_session: Callable[..., ConversationSession]) -> ConversationSession:
    """A fresh conversation with the default settings."""
    return new_session()


@pytest.fixture
def params_panel(qtbot: QtBot) -> ParamsPanel:
    """A shown parameters panel, bound to nothing yet."""
    panel = ParamsPanel()
    qtbot.addWidget(panel)
    panel.resize(PANEL_WIDTH, 900)
    with qtbot.waitExposed(panel):
        panel.show()
    return panel


@pytest.fixture
def tools_panel(qtbot: QtBot, registry: ToolRegistry) -> ToolsPanel:
    """A shown tools panel using the sessions' tool registry, bound to nothing yet."""
    panel = ToolsPanel(registry=registry)
    qtbot.addWidget(panel)
    panel.resize(PANEL_WIDTH, 900)
    with qtbot.waitExposed(panel):
        panel.show()
    return panel
