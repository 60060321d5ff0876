"""Data paths: platformdirs by default, STUDIO_DATA_DIR when set."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

from studio.config.paths import DataPaths


def test_data_dir_comes_from_studio_data_dir(tmp_path: Path) -> None:
    paths = DataPaths.from_env({"STUDIO_DATA_DIR": str(tmp_path / "moved")})
    root = tmp_path / "moved"
    assert paths.root == root
    assert paths.database == root / "studio.sqlite3"
    assert paths.images == root / "images"
    assert paths.settings_file == root / "settings.json"
    assert paths.logs == root / "logs"
    assert paths.secrets_file == root / "secrets.json"


def test_default_data_dir_is_platformdirs() -> None:
    expected = Path(platformdirs.user_data_dir("Studio", "Studio")).absolute()
    assert DataPaths.from_env({}).root == expected
    assert DataPaths.from_env({"STUDIO_DATA_DIR": "  "}).root == expected


def test_ensure_creates_the_folders(tmp_path: Path) -> None:
    paths = DataPaths.from_env({"STUDIO_DATA_DIR": str(tmp_path / "a" / "b")}).ensure()
    assert paths.root.is_dir() and paths.images.is_dir() and paths.logs.is_dir()
    if os.name == "posix":
        assert stat.S_IMODE(paths.root.stat().st_mode) == 0o700
    paths.ensure()  # a second time is fine


def test_paths_are_immutable(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    try:
        paths.root = Path("/elsewhere")  # type: ignore[misc]
    except AttributeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("DataPaths must be frozen")
    assert paths.root == tmp_path
