"""Which answers are checked as JSON, and against what: the output settings stored with each.

An answer is judged by the structured-output settings it was requested with (saved with it
when it started, ``MessageRecord.output``), never by the conversation's settings of the day:
turning JSON mode on later does not turn earlier prose answers into failures, and a reopened
conversation shows the same marks. Answers saved before Studio stored those settings are
never judged.
"""

from __future__ import annotations

from studio.core.chat.options import OutputSettings
from studio.core.chat.structured import JsonVerdict, judge_json
from studio.store.messages import MessageRecord


def requested_output(record: MessageRecord) -> OutputSettings | None:
    """The structured-output settings ``record`` was requested with (None: not stored)."""
    return OutputSettings.from_dict(record.output) if record.output is not None else None


def judge_answer(record: MessageRecord) -> JsonVerdict | None:
    """The JSON verdict on a finished answer, or None when it is not judged.

    Judged: a complete assistant answer requested in JSON mode (against its schema in
    ``json_schema`` mode) that neither called tools nor refused.
    """
    output = requested_output(record)
    if (
        output is None
        or output.mode == "off"
        or record.role != "assistant"
        or record.status != "complete"
        or record.tool_calls
        or record.refusal
    ):
        return None
    return judge_json(record.text, output.schema if output.mode == "json_schema" else None)
