"""Fixtures for the config tests; none of them touches the real keyring."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.config.secrets import SecretStore


@pytest.fixture
def file_secrets(tmp_path: Path) -> SecretStore:
    """A secret store that uses only the fallback file (no keyring at all)."""
    return SecretStore(tmp_path / "secrets.json", use_system_keyring=False)
