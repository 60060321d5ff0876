"""Continuing a cut answer: the demo relay goes on with the SAME text from where it stopped.

A request asks for a continuation in one of two ways:

- **prefill**: the last message is an assistant message with text (the answer so far), as
  relays serving Claude accept;
- **an instruction**: the last message is a user message such as "Continue exactly where your
  previous message stopped…" (what Studio sends) or "请从中断处继续", right after an
  assistant message with text.

The demo relay then answers the conversation *before* that assistant message again (its
answers are deterministic), checks that the text so far is the beginning of that answer and
streams only the rest, so the two join without a duplicated or missing character. Text the
demo relay did not write cannot be continued: a short note in italics says so instead of a
new answer glued onto the cut sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from studio.demo.content import text_of
from studio.demo.tokens import has_cjk

_INSTRUCTION = re.compile(
    r"^\s*(?:please\s+)?(?:continue|resume|keep\s+going|go\s+on)\b.{0,60}?\b(?:where|from)\b"
    r"|^\s*(?:请)?(?:从.{0,12})?继续",
    re.IGNORECASE | re.DOTALL,
)

NOTE_EN = (
    "_(The demo relay did not write the text above, so it cannot continue it. "
    "Send a new message to get a demo answer.)_"
)
NOTE_ZH = "_（上面的文字不是演示中继写的，所以它无法接着写。发送一条新消息即可得到演示回答。）_"


def asks_to_continue(text: str) -> bool:
    """Whether a user message asks the model to go on with its previous message."""
    return _INSTRUCTION.search(text) is not None


@dataclass(frozen=True)
class Continuation:
    """A request to go on with ``partial``, the answer so far to the ``context`` messages."""

    context: list[Mapping[str, Any]]
    partial: str

    def rest_of(self, full: str | None) -> str:
        """What follows :attr:`partial` in ``full`` (the demo's own whole answer), or the
        note saying it cannot be continued when ``partial`` is not its beginning."""
        if full is not None and full.startswith(self.partial):
            return full[len(self.partial) :]
        prompt = "".join(text_of(m.get("content")) for m in self.context if m.get("role") == "user")
        note = NOTE_ZH if has_cjk(prompt or self.partial) else NOTE_EN
        return f"\n\n{note}"


def find_continuation(messages: Sequence[Mapping[str, Any]]) -> Continuation | None:
    """The continuation ``messages`` ask for (prefill or an instruction), if any."""
    if not messages:
        return None
    last = messages[-1]
    if last.get("role") == "assistant" and not last.get("tool_calls"):
        partial = text_of(last.get("content"))
        if partial:
            return Continuation(list(messages[:-1]), partial)
        return None
    if len(messages) < 2 or last.get("role") != "user":
        return None
    if not asks_to_continue(text_of(last.get("content"))):
        return None
    previous = messages[-2]
    partial = text_of(previous.get("content"))
    if previous.get("role") != "assistant" or previous.get("tool_calls") or not partial:
        return None
    return Continuation(list(messages[:-2]), partial)
