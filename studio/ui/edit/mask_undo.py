"""Undo commands for the mask: each stores only the rectangles it changed, before and after.

A stroke on a 4096×4096 mask keeps the 64×64 tiles it touched (compressed), not the 16 MB
mask; a fill keeps one rectangle, which compresses to almost nothing.
"""

from __future__ import annotations

import weakref
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QUndoCommand

from studio.ui.edit.mask_pixels import write_rect


class PatchTarget(Protocol):
    """What the commands change: the document (held weakly: the undo stack is its child, and
    a command holding it strongly would make a cycle through C++ that the collector breaks
    in the wrong order)."""

    @property
    def image(self) -> QImage:
        """The mask to write into."""
        ...

    def patched(self, rect: QRect, gained: int) -> None:
        """Pixels in ``rect`` were written; ``gained`` more are painted than before."""

    def install(self, image: QImage) -> None:
        """Use ``image`` as the mask."""


@dataclass(frozen=True)
class Patch:
    """One rectangle of the mask before and after a change (zlib-compressed bytes)."""

    rect: QRect
    before: bytes
    after: bytes
    gained: int  # painted (non-zero) pixels after minus before

    @classmethod
    def of(cls, rect: QRect, before: bytes, after: bytes) -> Patch:
        """A patch from raw bytes (compressed here)."""
        gained = before.count(0) - after.count(0)
        return cls(QRect(rect), zlib.compress(before, 1), zlib.compress(after, 1), gained)

    @property
    def stored_bytes(self) -> int:
        """What the patch keeps in memory."""
        return len(self.before) + len(self.after)


class PatchCommand(QUndoCommand):
    """A mask change made of patches; ``applied`` says it is already on the mask."""

    def __init__(
        self, text: str, target: PatchTarget, patches: Sequence[Patch], *, applied: bool = False
    ) -> None:
        super().__init__(text)
        self._target = weakref.ref(target)
        self.patches = tuple(patches)
        self._skip_redo = applied

    @property
    def stored_bytes(self) -> int:
        """Memory held for undo and redo."""
        return sum(patch.stored_bytes for patch in self.patches)

    def redo(self) -> None:
        """Put the after bytes in place (skipped the first time when already applied)."""
        if self._skip_redo:
            self._skip_redo = False
            return
        self._write(after=True)

    def undo(self) -> None:
        """Put the before bytes back."""
        self._write(after=False)

    def _write(self, *, after: bool) -> None:
        target = self._target()
        if target is None:
            return
        image = target.image
        changed = QRect()
        for patch in self.patches:
            write_rect(image, patch.rect, zlib.decompress(patch.after if after else patch.before))
            changed = changed.united(patch.rect)
        gained = sum(patch.gained for patch in self.patches)
        target.patched(changed, gained if after else -gained)


class ResizeCommand(QUndoCommand):
    """The mask replaced by one of another size (outpaint); keeps both images."""

    def __init__(self, text: str, target: PatchTarget, before: QImage, after: QImage) -> None:
        super().__init__(text)
        self._target = weakref.ref(target)
        self._before = before
        self._after = after

    def redo(self) -> None:
        """Use the new mask."""
        target = self._target()
        if target is not None:
            target.install(self._after)

    def undo(self) -> None:
        """Go back to the old one."""
        target = self._target()
        if target is not None:
            target.install(self._before)
