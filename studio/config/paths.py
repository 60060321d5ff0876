"""Where Studio keeps its data: one folder from platformdirs, movable with ``STUDIO_DATA_DIR``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Studio"
APP_AUTHOR = "Studio"
DATA_DIR_ENV = "STUDIO_DATA_DIR"


@dataclass(frozen=True)
class DataPaths:
    """The files and folders under one data root.

    Every other location is derived from ``root``, so moving the root (``STUDIO_DATA_DIR``)
    moves the history, the images, the settings and the logs together.
    """

    root: Path

    @property
    def database(self) -> Path:
        """The SQLite history database."""
        return self.root / "studio.sqlite3"

    @property
    def images(self) -> Path:
        """The content-addressed image folder."""
        return self.root / "images"

    @property
    def settings_file(self) -> Path:
        """The JSON settings file (never holds API keys)."""
        return self.root / "settings.json"

    @property
    def logs(self) -> Path:
        """The log folder."""
        return self.root / "logs"

    @property
    def secrets_file(self) -> Path:
        """The user-only key file used when no keyring backend is available."""
        return self.root / "secrets.json"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> DataPaths:
        """Build the paths from ``STUDIO_DATA_DIR`` if set (and not empty), else platformdirs.

        ``environ`` defaults to ``os.environ``; tests pass their own mapping.
        """
        env = os.environ if environ is None else environ
        override = env.get(DATA_DIR_ENV, "").strip()
        if override:
            root = Path(override).expanduser()
        else:
            root = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
        return cls(root=root.absolute())

    def ensure(self) -> DataPaths:
        """Create the root, image and log folders if missing; return ``self``.

        A newly created root is private to the user (mode 0700 on POSIX) since it holds
        chat history.
        """
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.images.mkdir(exist_ok=True)
        self.logs.mkdir(exist_ok=True)
        return self
