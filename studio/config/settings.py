"""User settings (providers, language, theme, keys to send) in one JSON file.

The file never holds an API key. A file that cannot be read is set aside as
``settings.json.bad-<timestamp>`` (so nothing the user typed is lost) and defaults are used.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from studio.config.providers import DEMO_PROVIDER_ID, PRESETS, ProviderSettings

log = logging.getLogger(__name__)

Language = Literal["system", "en", "zh_CN"]
Theme = Literal["system", "light", "dark"]
SendKey = Literal["enter", "ctrl_enter"]

LANGUAGES: tuple[Language, ...] = ("system", "en", "zh_CN")
THEMES: tuple[Theme, ...] = ("system", "light", "dark")
SEND_KEYS: tuple[SendKey, ...] = ("enter", "ctrl_enter")
SETTINGS_VERSION = 1
_SECRET_WORDS = frozenset({"key", "apikey", "token", "secret", "password"})
_KNOWN_KEYS = frozenset(
    {"version", "providers", "active_provider", "language", "theme", "send_key"}
)


def _looks_secret(name: str) -> bool:
    # A hand-edited "api_key" at the top level must not be written back.
    parts = re.split(r"[^a-z0-9]+", name.lower())
    return any(part in _SECRET_WORDS for part in parts)


def default_providers() -> list[ProviderSettings]:
    """Editable copies of every preset (the demo among them)."""
    return [p.copy() for p in PRESETS]


@dataclass
class Settings:
    """Everything the user can set, except keys.

    ``extra`` keeps top-level entries this version does not know (written by a newer
    Studio) so that saving does not drop them; new features may also keep values there.
    """

    providers: list[ProviderSettings] = field(default_factory=default_providers)
    active_provider: str = DEMO_PROVIDER_ID
    language: Language = "system"
    theme: Theme = "system"
    send_key: SendKey = "enter"
    extra: dict[str, Any] = field(default_factory=dict)

    def provider(self, provider_id: str) -> ProviderSettings | None:
        """The provider with this id, or ``None``."""
        for item in self.providers:
            if item.id == provider_id:
                return item
        return None

    def active(self) -> ProviderSettings:
        """The active provider; the first one if the id is stale; a demo copy if none."""
        found = self.provider(self.active_provider)
        if found is not None:
            return found
        if self.providers:
            return self.providers[0]
        return next(p for p in PRESETS if p.id == DEMO_PROVIDER_ID).copy()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (unknown keys from ``extra`` first, known keys win).

        Entries of ``extra`` whose name suggests a credential (``api_key``, ``token`` …) are
        dropped: settings.json never holds a key.
        """
        data: dict[str, Any] = {
            k: v for k, v in self.extra.items() if k not in _KNOWN_KEYS and not _looks_secret(k)
        }
        data.update(
            {
                "version": SETTINGS_VERSION,
                "providers": [p.to_dict() for p in self.providers],
                "active_provider": self.active_provider,
                "language": self.language,
                "theme": self.theme,
                "send_key": self.send_key,
            }
        )
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """Build from a saved dict; bad or missing values take defaults."""
        providers: list[ProviderSettings] = []
        raw_providers = data.get("providers")
        if isinstance(raw_providers, list):
            seen: set[str] = set()
            for raw in raw_providers:
                if not isinstance(raw, Mapping):
                    continue
                item = ProviderSettings.from_dict(raw)
                if item.id not in seen:
                    seen.add(item.id)
                    providers.append(item)
        if not providers:
            providers = default_providers()
        active = data.get("active_provider")
        language = data.get("language")
        theme = data.get("theme")
        send_key = data.get("send_key")
        return cls(
            providers=providers,
            active_provider=active if isinstance(active, str) and active else DEMO_PROVIDER_ID,
            language=language if language in LANGUAGES else "system",
            theme=theme if theme in THEMES else "system",
            send_key=send_key if send_key in SEND_KEYS else "enter",
            extra={k: v for k, v in data.items() if k not in _KNOWN_KEYS},
        )


class SettingsStore:
    """Loads and saves :class:`Settings` at one path; saving is atomic."""

    def __init__(self, path: Path) -> None:
        """Use the JSON file at ``path`` (usually ``DataPaths.settings_file``)."""
        self._path = Path(path)

    @property
    def path(self) -> Path:
        """The settings file."""
        return self._path

    def load(self) -> Settings:
        """Read the settings; a missing file gives defaults, a corrupt one is set aside."""
        try:
            raw = self._path.read_bytes()
        except FileNotFoundError:
            return Settings()
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("settings file is not a JSON object")
        except (UnicodeDecodeError, ValueError) as exc:
            kept = self._set_aside()
            log.warning("Unreadable settings file (%s); kept as %s, using defaults", exc, kept)
            return Settings()
        return Settings.from_dict(data)

    def save(self, settings: Settings) -> None:
        """Write the settings atomically (temporary file + ``os.replace``)."""
        text = json.dumps(settings.to_dict(), ensure_ascii=False, indent=2) + "\n"
        self._path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(
            prefix=self._path.name + ".", suffix=".tmp", dir=self._path.parent
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, self._path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise

    def _set_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self._path.with_name(f"{self._path.name}.bad-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self._path.with_name(f"{self._path.name}.bad-{stamp}-{counter}")
        os.replace(self._path, target)
        return target
