"""Everything known about one picture, each field with a copy button."""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.common.prices import PriceLookup, no_price
from studio.ui.images.icons import page_icon
from studio.ui.images.protocols import GalleryEntry
from studio.ui.images.usage_text import long_usage

ZWSP = "\u200b"
FIELDS = (
    "prompt",
    "revised_prompt",
    "model",
    "size",
    "seed",
    "params",
    "usage",
    "created",
    "file",
)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` (pyside6-lupdate finds these calls)."""
    return text


# The parameter names a relay is sent, in words: another language shows its word beside the
# wire name (which stays, for copying into a request).
PARAM_WORDS = (
    QT_TRANSLATE_NOOP("ParamNames", "size"),
    QT_TRANSLATE_NOOP("ParamNames", "n"),
    QT_TRANSLATE_NOOP("ParamNames", "seed"),
    QT_TRANSLATE_NOOP("ParamNames", "quality"),
    QT_TRANSLATE_NOOP("ParamNames", "style"),
    QT_TRANSLATE_NOOP("ParamNames", "background"),
    QT_TRANSLATE_NOOP("ParamNames", "output_format"),
    QT_TRANSLATE_NOOP("ParamNames", "output_compression"),
    QT_TRANSLATE_NOOP("ParamNames", "moderation"),
    QT_TRANSLATE_NOOP("ParamNames", "aspect_ratio"),
    QT_TRANSLATE_NOOP("ParamNames", "image_size"),
    QT_TRANSLATE_NOOP("ParamNames", "response_format"),
    QT_TRANSLATE_NOOP("ParamNames", "negative_prompt"),
    QT_TRANSLATE_NOOP("ParamNames", "extra"),
)


def params_text(params: Mapping[str, Any]) -> str:
    """Parameters as ``name: value`` lines (JSON for anything nested); in another language
    ``word (name): value``."""
    lines = []
    for name, value in params.items():
        shown = value if isinstance(value, str | int | float) else json.dumps(value)
        word = QCoreApplication.translate("ParamNames", name)
        lines.append(f"{word} ({name}): {shown}" if word != name else f"{name}: {shown}")
    return "\n".join(lines)


def breakable(text: str, run: int = 24) -> str:
    """``text`` with invisible break points in long words, so that a label can wrap it."""
    out: list[str] = []
    for word in text.split(" "):
        if len(word) <= run:
            out.append(word)
            continue
        pieces = []
        length = 0
        for ch in word:
            pieces.append(ch)
            length += 1
            if ch in "/\\_-." or length >= run:
                pieces.append(ZWSP)
                length = 0
        out.append("".join(pieces))
    return " ".join(out)


class MetadataPanel(QWidget):
    """Labels for prompt, revised prompt, model, size, seed, parameters, usage, date and file.

    Signals:
        copied(str): a field went to the clipboard (its title, for a notice).
    """

    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, prefix: str = "meta") -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}Panel")
        titles = {
            "prompt": self.tr("Prompt"),
            "revised_prompt": self.tr("Revised prompt"),
            "model": self.tr("Model"),
            "size": self.tr("Size"),
            "seed": self.tr("Seed"),
            "params": self.tr("Parameters"),
            "usage": self.tr("Usage"),
            "created": self.tr("Created"),
            "file": self.tr("File"),
        }
        self._titles = titles
        self.price_lookup: PriceLookup = no_price  # prices per model, for the job's cost
        self._item: GalleryEntry | None = None
        self._texts: dict[str, str] = dict.fromkeys(FIELDS, "")
        self.values: dict[str, QLabel] = {}
        self.copy_buttons: dict[str, QToolButton] = {}
        self._rows: dict[str, tuple[QLabel, QLabel, QToolButton]] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        copy_icon = page_icon("copy", self.palette().color(QPalette.ColorRole.Text))
        row = 0
        for name in FIELDS:
            title = QLabel(titles[name], self)
            title.setProperty("sectionTitle", True)
            value = QLabel(self)
            value.setObjectName(f"{prefix}_{name}")
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(titles[name])
            # Long words (paths, hashes) must not widen the panel: wrap them anywhere.
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            value.setMinimumWidth(40)
            copy = QToolButton(self)
            copy.setObjectName(f"{prefix}_{name}_copy")
            copy.setProperty("flatButton", True)
            copy.setIcon(copy_icon)
            copy.setIconSize(QSize(14, 14))
            copy.setAccessibleName(self.tr("Copy {field}").format(field=titles[name]))
            copy.setToolTip(self.tr("Copy {field}").format(field=titles[name]))
            copy.setCursor(Qt.CursorShape.PointingHandCursor)
            copy.clicked.connect(lambda _=False, n=name: self.copy_field(n))
            head = QHBoxLayout()
            head.setSpacing(4)
            head.addWidget(title)
            head.addStretch(1)
            head.addWidget(copy)
            grid.addLayout(head, row, 0)
            grid.addWidget(value, row + 1, 0)
            row += 2
            self.values[name] = value
            self.copy_buttons[name] = copy
            self._rows[name] = (title, value, copy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.set_item(None)

    def set_price_lookup(self, lookup: PriceLookup) -> None:
        """Prices per model for the usage line; the shown picture's cost follows at once."""
        self.price_lookup = lookup
        self.set_item(self._item)

    def set_item(self, item: GalleryEntry | None) -> None:
        """Show ``item`` (None: empty)."""
        self._item = item
        texts: dict[str, str] = dict.fromkeys(FIELDS, "")
        if item is not None:
            params = {k: v for k, v in item.params.items() if k != "seed"}
            texts.update(
                prompt=item.prompt,
                revised_prompt=item.revised_prompt or "",
                model=item.model,
                size=f"{item.width} × {item.height}",
                seed="" if item.seed is None else str(item.seed),
                params=params_text(params),
                usage=long_usage(item.usage, item.model, self.price_lookup),
                created=datetime.datetime.fromtimestamp(item.created_at).strftime(
                    "%Y-%m-%d %H:%M:%S"
                ),
                file=str(item.path),
            )
        self._texts = texts
        for name, (title, value, copy) in self._rows.items():
            value.setText(breakable(texts[name]))
            shown = bool(texts[name])
            for widget in (title, value, copy):
                widget.setVisible(shown)

    def text(self, name: str) -> str:
        """The text of field ``name``."""
        return self._texts[name]

    def copy_field(self, name: str) -> None:
        """Put field ``name`` on the clipboard."""
        QGuiApplication.clipboard().setText(self._texts[name])
        self.copied.emit(self._titles[name])
