"""The words of a sessions-list row: the prompt line and ``date · 3 versions``."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale

from studio.ui.edit.values import SessionRow
from studio.ui.edit.version_text import one_line


def relative_date(timestamp: float, now: float | None = None) -> str:
    """Today's time, "Yesterday", a weekday within the week, else the short date (locale's)."""
    if timestamp <= 0:
        return ""
    locale = QLocale()
    moment = QDateTime.fromSecsSinceEpoch(int(timestamp))
    today = QDateTime.fromSecsSinceEpoch(int(time.time() if now is None else now)).date()
    day: QDate = moment.date()
    days = day.daysTo(today)
    if days == 0:
        return locale.toString(moment.time(), QLocale.FormatType.ShortFormat)
    if days == 1:
        return QCoreApplication.translate("EditSessionList", "Yesterday")
    if 1 < days < 7:
        return locale.dayName(day.dayOfWeek(), QLocale.FormatType.LongFormat)
    return locale.toString(day, QLocale.FormatType.ShortFormat)


def versions_text(count: int) -> str:
    """``1 version`` / ``3 versions``."""
    if count == 1:
        return QCoreApplication.translate("EditSessionList", "1 version")
    return QCoreApplication.translate("EditSessionList", "{count} versions").format(
        count=f"{count:,}"
    )


def session_title(row: SessionRow) -> str:
    """The last prompt on one line (else the title, else a stand-in)."""
    return (
        one_line(row.last_prompt)
        or one_line(row.title)
        or QCoreApplication.translate("EditSessionList", "No edits yet")
    )


def session_details(row: SessionRow, now: float | None = None) -> str:
    """``Yesterday · 3 versions``."""
    parts = [relative_date(row.updated_at, now), versions_text(row.versions)]
    return " · ".join(part for part in parts if part)
