"""Secrets: keyring when usable, a 0600 file otherwise; keys never shown."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from keyring.backends import fail
from keyring.errors import KeyringError

from studio.config.secrets import SecretStore


class MemoryKeyring:
    """A keyring backend that keeps passwords in a dict (duck-typed, not registered)."""

    name = "Memory keyring"

    def __init__(self) -> None:
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.passwords[(service, username)]


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


def test_fallback_file_round_trips_with_mode_0600(
    tmp_path: Path, file_secrets: SecretStore
) -> None:
    assert not file_secrets.uses_keyring
    assert file_secrets.backend_name == "file"
    assert file_secrets.get("whatai") is None
    file_secrets.set("whatai", "  sk-abc123  \n")
    file_secrets.set("openai", "sk-openai")
    path = tmp_path / "secrets.json"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert file_secrets.get("whatai") == "sk-abc123"

    reopened = SecretStore(path, use_system_keyring=False)
    assert reopened.get("whatai") == "sk-abc123"
    assert reopened.get("openai") == "sk-openai"
    reopened.delete("whatai")
    reopened.delete("never-set")
    assert SecretStore(path, use_system_keyring=False).get("whatai") is None
    assert json.loads(path.read_text())["keys"] == {"openai": "sk-openai"}
    assert [p.name for p in tmp_path.iterdir()] == ["secrets.json"]  # no temp files


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_loose_permissions_are_tightened(tmp_path: Path, file_secrets: SecretStore) -> None:
    file_secrets.set("p", "sk-1")
    path = tmp_path / "secrets.json"
    os.chmod(path, 0o644)
    assert file_secrets.get("p") == "sk-1"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_keyring_is_used_when_available(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    store = SecretStore(tmp_path / "secrets.json", memory_keyring)
    assert store.uses_keyring
    assert store.backend_name == "Memory keyring"
    store.set("whatai", "sk-in-keyring")
    assert memory_keyring.passwords == {("Studio", "whatai"): "sk-in-keyring"}
    assert store.get("whatai") == "sk-in-keyring"
    assert not (tmp_path / "secrets.json").exists()  # nothing on disk
    store.delete("whatai")
    assert memory_keyring.passwords == {}
    store.set("whatai", "")  # empty means delete
    assert store.get("whatai") is None


def test_fail_backend_means_file(tmp_path: Path) -> None:
    store = SecretStore(tmp_path / "secrets.json", fail.Keyring())  # type: ignore[no-untyped-call]
    assert not store.uses_keyring
    store.set("p", "sk-file")
    assert (tmp_path / "secrets.json").exists()
    assert store.get("p") == "sk-file"


class BrokenKeyring(MemoryKeyring):
    """A keyring that fails on use, like a locked Secret Service."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("collection is locked")


def test_keyring_error_falls_back_to_file(tmp_path: Path) -> None:
    store = SecretStore(tmp_path / "secrets.json", BrokenKeyring())
    assert store.uses_keyring
    store.set("p", "sk-fallback")
    assert not store.uses_keyring  # the settings page can now say so
    assert store.backend_name == "file"
    assert store.get("p") == "sk-fallback"
    assert SecretStore(tmp_path / "secrets.json", use_system_keyring=False).get("p") == (
        "sk-fallback"
    )


def test_key_saved_in_file_is_found_and_moved_once_keyring_works(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    SecretStore(tmp_path / "secrets.json", use_system_keyring=False).set("p", "sk-old")
    store = SecretStore(tmp_path / "secrets.json", memory_keyring)
    assert store.get("p") == "sk-old"
    store.set("p", "sk-new")
    assert memory_keyring.passwords[("Studio", "p")] == "sk-new"
    assert "sk-old" not in (tmp_path / "secrets.json").read_text()


def test_repr_never_shows_a_key(file_secrets: SecretStore) -> None:
    file_secrets.set("p", "sk-very-secret")
    assert "sk-very-secret" not in repr(file_secrets)
