"""API keys: the operating system's keyring, or a user-only JSON file where there is none.

Keys are stored under service ``"Studio"`` with the provider id as user name. When the keyring
has no usable backend (``keyring.backends.fail`` / ``null``) or any keyring call fails, keys go
to a JSON file created with mode 0600; :attr:`SecretStore.uses_keyring` then turns ``False`` so
the settings page can tell the user where the key is.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets as _random
import stat
import threading
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

SERVICE_NAME = "Studio"
FILE_BACKEND_NAME = "file"


class KeyringLike(Protocol):
    """The part of a ``keyring`` backend that Studio uses."""

    def get_password(self, service: str, username: str) -> str | None:
        """Return the stored secret or ``None``."""

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store a secret."""

    def delete_password(self, service: str, username: str) -> None:
        """Remove a secret (may raise if it does not exist)."""


def _default_keyring() -> KeyringLike | None:
    """The system keyring backend, or ``None`` when keyring has nothing usable."""
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring | null.Keyring):
            return None
        return backend
    except Exception as exc:  # a broken keyring install must not stop the app
        log.warning("keyring unavailable: %s", type(exc).__name__)
        return None


def _is_unusable(backend: object) -> bool:
    try:
        from keyring.backends import fail, null
    except Exception:
        return False
    return isinstance(backend, fail.Keyring | null.Keyring)


class SecretStore:
    """Stores one API key per provider id; never logs or shows a key."""

    def __init__(
        self,
        fallback_path: Path,
        keyring_backend: KeyringLike | None = None,
        *,
        use_system_keyring: bool = True,
    ) -> None:
        """Use ``keyring_backend`` (tests inject one) or the system keyring; fall back to
        ``fallback_path`` (usually ``DataPaths.secrets_file``).

        ``use_system_keyring=False`` skips the system keyring when no backend is injected,
        so only the file is used.
        """
        self._path = Path(fallback_path)
        self._lock = threading.RLock()
        backend: KeyringLike | None = keyring_backend
        if backend is None and use_system_keyring:
            backend = _default_keyring()
        if backend is not None and _is_unusable(backend):
            backend = None
        self._keyring = backend

    def __repr__(self) -> str:
        """Name the backend only, never a key."""
        return f"SecretStore(backend={self.backend_name!r})"

    @property
    def uses_keyring(self) -> bool:
        """True while keys go to the operating system's keyring."""
        return self._keyring is not None

    @property
    def backend_name(self) -> str:
        """A short name of where keys are kept, e.g. ``"SecretService Keyring"`` or ``"file"``."""
        backend = self._keyring
        if backend is None:
            return FILE_BACKEND_NAME
        name = getattr(backend, "name", None)
        return name if isinstance(name, str) and name else type(backend).__name__

    @property
    def fallback_path(self) -> Path:
        """The key file used without a keyring."""
        return self._path

    def get(self, provider_id: str) -> str | None:
        """The key for ``provider_id``, or ``None`` if none is stored."""
        with self._lock:
            backend = self._keyring
            if backend is not None:
                try:
                    value = backend.get_password(SERVICE_NAME, provider_id)
                except Exception as exc:
                    self._give_up_keyring(exc)
                else:
                    if value:
                        return value
            return self._read_file().get(provider_id) or None

    def set(self, provider_id: str, key: str) -> None:
        """Store ``key`` (surrounding whitespace removed); an empty key deletes."""
        key = key.strip()
        if not key:
            self.delete(provider_id)
            return
        with self._lock:
            backend = self._keyring
            if backend is not None:
                try:
                    backend.set_password(SERVICE_NAME, provider_id, key)
                except Exception as exc:
                    self._give_up_keyring(exc)
                else:
                    self._remove_from_file(provider_id)
                    return
            data = self._read_file()
            data[provider_id] = key
            self._write_file(data)

    def delete(self, provider_id: str) -> None:
        """Forget the key for ``provider_id`` (no error if there was none)."""
        with self._lock:
            backend = self._keyring
            if backend is not None:
                try:
                    if backend.get_password(SERVICE_NAME, provider_id) is not None:
                        backend.delete_password(SERVICE_NAME, provider_id)
                except Exception as exc:
                    self._give_up_keyring(exc)
            self._remove_from_file(provider_id)

    def _give_up_keyring(self, exc: BaseException) -> None:
        # The message of a keyring error never contains the key, but keep only the type to
        # be safe; from now on the file is used.
        log.warning("keyring failed (%s); keys now go to %s", type(exc).__name__, self._path)
        self._keyring = None

    def _remove_from_file(self, provider_id: str) -> None:
        data = self._read_file()
        if provider_id in data:
            del data[provider_id]
            self._write_file(data)

    def _read_file(self) -> dict[str, str]:
        try:
            raw = self._path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            log.warning("cannot read key file %s: %s", self._path, type(exc).__name__)
            return {}
        if os.name == "posix":
            with contextlib.suppress(OSError):
                if stat.S_IMODE(self._path.stat().st_mode) & 0o077:
                    os.chmod(self._path, 0o600)
        try:
            data = json.loads(raw)
        except ValueError:
            log.warning("key file %s is not valid JSON; ignoring it", self._path)
            return {}
        keys = data.get("keys") if isinstance(data, dict) else None
        if not isinstance(keys, dict):
            return {}
        return {k: v for k, v in keys.items() if isinstance(k, str) and isinstance(v, str)}

    def _write_file(self, keys: dict[str, str]) -> None:
        self._path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        text = json.dumps({"version": 1, "keys": keys}, ensure_ascii=False, indent=2)
        tmp = self._path.with_name(f".{self._path.name}.{_random.token_hex(6)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            if os.name == "posix":
                os.chmod(tmp, 0o600)
            os.replace(tmp, self._path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
