"""An image model's label in the user's language: the demo models' labels are words, the
others are product names and read the same everywhere."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from studio.config.image_models import ImageModelSpec


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` (pyside6-lupdate finds these calls)."""
    return text


WORDS = (
    QT_TRANSLATE_NOOP("ImageModels", "Demo image"),
    QT_TRANSLATE_NOOP("ImageModels", "Demo image edit"),
    QT_TRANSLATE_NOOP("ImageModels", "Demo image remix"),
    QT_TRANSLATE_NOOP("ImageModels", "Demo banana"),
)


def model_label(spec: ImageModelSpec) -> str:
    """``spec``'s label as shown (its id when it has none)."""
    label = spec.label or spec.id
    return QCoreApplication.translate("ImageModels", label) if label in WORDS else label
