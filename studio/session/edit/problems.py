"""The edit workflow's problems (:mod:`studio.core.edit`) in the UI language.

The core reports a problem as a code with data; this puts it into words with Qt's
translation (context ``EditProblems``, written out in every call so that
``pyside6-lupdate`` finds them; the Chinese is in ``studio/i18n/zh_CN/edit.json``).
:func:`studio.core.edit.english` is the same in English for the command line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from studio.core.edit import (
    API_ERROR,
    CANNOT_EDIT,
    COMPOSITE_FAILED,
    EMPTY_PROMPT,
    FIELD_REJECTED,
    INPUT_MISSING,
    INPUT_UNREADABLE,
    NO_BASE,
    SAVE_FAILED,
    TOO_LARGE,
    TOO_MANY_IMAGES,
    Problem,
)


def edit_problem_text(problem: Problem) -> str:
    """``problem`` in the UI language, one line."""
    data = problem.data
    code = problem.code
    if code == API_ERROR:
        return str(data.get("message", ""))  # the API layer words it in the UI language
    if code == FIELD_REJECTED:
        fields = QCoreApplication.translate("EditProblems", " and ").join(
            f"“{name}”" for name in data.get("fields", ())
        )
        return QCoreApplication.translate(
            "EditProblems", "The relay refused the image field as {fields}: {message}"
        ).format(fields=fields, message=data.get("message", ""))
    if code == TOO_LARGE:
        return QCoreApplication.translate(
            "EditProblems",
            "The relay refused the pictures as too large, also when made smaller: {message}",
        ).format(message=data.get("message", ""))
    if code == INPUT_MISSING:
        return QCoreApplication.translate(
            "EditProblems", "The {which} is no longer in the image folder."
        ).format(which=_which(data))
    if code == INPUT_UNREADABLE:
        return QCoreApplication.translate(
            "EditProblems", "The {which} could not be read: {reason}"
        ).format(which=_which(data), reason=data.get("reason", ""))
    if code == SAVE_FAILED:
        return QCoreApplication.translate(
            "EditProblems", "The result arrived but could not be saved: {reason}"
        ).format(reason=data.get("reason", ""))
    if code == COMPOSITE_FAILED:
        text = QCoreApplication.translate(
            "EditProblems",
            "The outside could not be kept; the unblended result was saved: {reason}",
        )
        return text.format(reason=data.get("reason", ""))
    if code == TOO_MANY_IMAGES:
        return QCoreApplication.translate(
            "EditProblems", "{model} takes at most {limit} pictures; the tray holds {count}."
        ).format(
            model=data.get("model", ""), limit=data.get("limit", 0), count=data.get("count", 0)
        )
    if code == EMPTY_PROMPT:
        return QCoreApplication.translate("EditProblems", "Write what to change first.")
    if code == CANNOT_EDIT:
        return QCoreApplication.translate("EditProblems", "{model} cannot edit pictures.").format(
            model=data.get("model", "")
        )
    if code == NO_BASE:
        return QCoreApplication.translate("EditProblems", "The session has no picture to edit.")
    return QCoreApplication.translate("EditProblems", "Unexpected error: {reason}").format(
        reason=data.get("reason", code)
    )


def _which(data: Mapping[str, Any]) -> str:
    which = data.get("which")
    if which == "mask":
        return QCoreApplication.translate("EditProblems", "mask")
    if which == "base":
        return QCoreApplication.translate("EditProblems", "base picture")
    return QCoreApplication.translate("EditProblems", "reference in slot {slot}").format(
        slot=data.get("slot", 0)
    )
