"""Which Studio processes are using a data folder right now (the app, ``studio chat`` …).

At start-up the app turns answers left ``streaming`` and image jobs left ``running`` into
interrupted ones: a crash left them. That is only true when no other Studio process is working
on the same folder; otherwise those rows are *its* live answers and paid-for jobs (a second
window, a ``studio image generate`` in a terminal). Each process therefore holds a
:class:`Presence`: a file in ``<data>/running/`` with an exclusive OS lock on it
(``fcntl.flock`` on Linux and macOS, ``msvcrt.locking`` on Windows) for as long as it runs.
The OS drops the lock when the process ends, however it ends, so :func:`others_present`
can tell a live process from a crashed one by trying to take its lock. Stale files are
removed on the way.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

FOLDER = "running"


def _lock(handle: IO[bytes]) -> bool:
    """Take an exclusive lock on ``handle`` without waiting; False when another has it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class Presence:
    """This process's mark in ``root/running`` (a context manager; :meth:`close` ends it).

    ``kind`` names the process in the file name (``app``, ``chat``, ``image``) for people
    looking at the folder. If the mark cannot be made (a read-only folder), the process runs
    on unmarked: :attr:`marked` is False.
    """

    def __init__(self, root: Path, kind: str) -> None:
        self.path = root / FOLDER / f"{kind}-{os.getpid()}-{secrets.token_hex(4)}.lock"
        self._handle: IO[bytes] | None = None
        # Locked under a name others ignore, then renamed: a mark is never seen unlocked
        # (and taken for a crashed process's) in between.
        # (Windows cannot rename a file that is open: there the mark is made in place.)
        draft = self.path if sys.platform == "win32" else self.path.with_suffix(".new")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(draft, "wb")  # noqa: SIM115 (held open until close())
        except OSError:
            return
        handle.write(f"{kind} {os.getpid()}\n".encode())
        handle.flush()
        try:
            if not _lock(handle):
                raise OSError("the new mark is locked")
            if draft != self.path:
                os.replace(draft, self.path)
        except OSError:
            handle.close()
            with contextlib.suppress(OSError):
                draft.unlink()
            return
        self._handle = handle

    @property
    def marked(self) -> bool:
        """True while this process holds its mark."""
        return self._handle is not None

    def close(self) -> None:
        """Remove the mark (also done by the OS, lock-wise, when the process ends)."""
        handle, self._handle = self._handle, None
        if handle is None:
            return
        _unlock(handle)
        handle.close()
        with contextlib.suppress(OSError):
            self.path.unlink()

    def __enter__(self) -> Presence:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def others_present(root: Path, own: Presence | None = None) -> bool:
    """True when another live Studio process holds a mark in ``root/running``.

    Marks whose process has ended (their lock is free) are deleted, and so are marks a
    process died while making (``*.new``).
    """
    folder = root / FOLDER
    try:
        entries = [*folder.glob("*.lock"), *folder.glob("*.new")]
    except OSError:
        return False
    alive = False
    for path in entries:
        if own is not None and path == own.path:
            continue
        try:
            handle = open(path, "rb+")  # noqa: SIM115 (closed below)
        except OSError:
            continue  # removed meanwhile, or unreadable: not a live process we can see
        try:
            if _lock(handle):
                _unlock(handle)
                handle.close()
                with contextlib.suppress(OSError):
                    path.unlink()  # its process is gone
                continue
            alive = alive or path.suffix == ".lock"  # (a locked .new is being made right now)
        finally:
            if not handle.closed:
                handle.close()
    return alive
