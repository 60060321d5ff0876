"""The words a version row shows: its name, one-line prompt, details, status and tooltip."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt
from PySide6.QtGui import QFontMetrics

from studio.ui.edit.values import VersionNode

ELLIPSIS = "…"


def version_name(node: VersionNode, number: int) -> str:
    """``Original`` for the source, else ``v3``."""
    return (
        QCoreApplication.translate("VersionTree", "Original")
        if node.is_source
        else QCoreApplication.translate("VersionTree", "v{number}").format(number=number)
    )


def base_word() -> str:
    """The chip on the version being edited."""
    return QCoreApplication.translate("VersionTree", "base")


def status_text(status: str) -> str:
    """The status as shown ("" for a finished version; an unknown word as is)."""
    words = {
        "done": "",
        "running": QCoreApplication.translate("VersionTree", "running…"),
        "interrupted": QCoreApplication.translate("VersionTree", "interrupted"),
        "failed": QCoreApplication.translate("VersionTree", "failed"),
        "cancelled": QCoreApplication.translate("VersionTree", "cancelled"),
    }
    return words.get(status, status)


def one_line(text: str) -> str:
    """``text`` with every run of white space (line breaks too) made one space."""
    return " ".join(text.split())


def cost_text(cost: float | None) -> str:
    """``≈ 0.0400`` (the prices table's unit), or "" when unknown."""
    return (
        ""
        if cost is None
        else QCoreApplication.translate("VersionTree", "≈ {cost}").format(cost=f"{cost:.4f}")
    )


def _source_words() -> str:
    return QCoreApplication.translate("VersionTree", "The picture the session started from")


def prompt_line(node: VersionNode) -> str:
    """The prompt on one line, or a stand-in for the source (its size, short enough for the
    row's first line) and for an empty prompt."""
    if node.is_source:
        return f"{node.width}×{node.height}" if node.width and node.height else _source_words()
    return one_line(node.prompt) or QCoreApplication.translate("VersionTree", "(no prompt)")


def details_line(node: VersionNode) -> str:
    """``model · ≈ cost`` (whatever is known); what the source is, for the source."""
    if node.is_source and node.width and node.height:
        return _source_words()
    parts = [node.model, cost_text(node.cost)]
    return " · ".join(part for part in parts if part)


def elide(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` cut to ``width`` pixels at a character boundary, ending in "…" when cut."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, width))
    if not elided.endswith(ELLIPSIS):  # too narrow for any text: the ellipsis alone
        return ELLIPSIS
    return elided


def tooltip(node: VersionNode, name: str, parent_name: str | None) -> str:
    """Everything about the version, the prompt as plain text (escaped, line breaks kept)."""
    lines = [f"<b>{html.escape(name)}</b>"]
    if parent_name is not None:
        lines.append(
            html.escape(
                QCoreApplication.translate("VersionTree", "Made from {parent}").format(
                    parent=parent_name
                )
            )
        )
    if node.prompt and not node.is_source:
        lines.append(html.escape(node.prompt).replace("\n", "<br>"))
    details = details_line(node)
    if details:
        lines.append(html.escape(details))
    status = status_text(node.status)
    if status:
        lines.append(
            html.escape(
                QCoreApplication.translate("VersionTree", "Status: {status}").format(status=status)
            )
        )
    if node.created_at:
        moment = QDateTime.fromSecsSinceEpoch(int(node.created_at))
        when = QLocale().toString(moment, QLocale.FormatType.ShortFormat)
        lines.append(html.escape(when))
    return "<p style='white-space:pre-wrap'>" + "<br>".join(lines) + "</p>"
