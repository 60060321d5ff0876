"""SettingsSession on its own: probes that replace each other, provider bookkeeping."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from studio.config.providers import ProviderSettings
from studio.config.secrets import SecretStore
from studio.config.settings import SettingsStore
from studio.demo.server import DemoRelay
from studio.session.settings_editor import SettingsSession
from tests.qt.settings.conftest import WAIT_MS


@pytest.fixture
def silent_url() -> Iterator[str]:
    """A relay that accepts connections and never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()


@pytest.fixture
def session(settings_store: SettingsStore, secret_store: SecretStore) -> SettingsSession:
    """A session over files in tmp_path."""
    return SettingsSession(settings_store, secret_store)


def test_a_new_probe_replaces_a_running_one(
    qtbot: QtBot, session: SettingsSession, relay: DemoRelay, silent_url: str
):
    results: list[tuple[str, bool]] = []
    session.connection_tested.connect(lambda pid, ok, _m, _ids: results.append((pid, ok)))
    stuck = ProviderSettings(id="stuck", name="Stuck", base_url=silent_url)
    session.test_connection(stuck, "")
    first = session.task
    assert first is not None and session.busy_provider == "stuck"
    demo = ProviderSettings(id="local", name="Local", base_url=relay.base_url)
    with qtbot.waitSignal(session.connection_tested, timeout=WAIT_MS):
        session.test_connection(demo, "")
    qtbot.waitUntil(first.done, timeout=WAIT_MS)
    assert first.cancelled()
    assert results == [("local", True)]
    assert not session.busy


def test_a_failed_probe_keeps_copyable_details_without_the_key(
    qtbot: QtBot, session: SettingsSession, relay: DemoRelay
):
    provider = ProviderSettings(id="local", name="Local", base_url=relay.base_url)
    with qtbot.waitSignal(session.connection_tested, timeout=WAIT_MS) as blocker:
        session.test_connection(provider, "sk-invalid")
    assert blocker.args[1] is False
    assert "401" in session.last_details
    assert "sk-invalid" not in session.last_details
    assert "sk-invalid" not in blocker.args[2]


def test_a_key_typed_for_a_removed_provider_is_not_saved(
    session: SettingsSession, secret_store: SecretStore
):
    added = session.add_provider(None, "Temporary")
    session.set_key(added.id, "sk-temporary-0001")
    session.remove_provider(added.id)
    session.save()
    assert secret_store.get(added.id) is None
    assert session.settings.provider(added.id) is None
