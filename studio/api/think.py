"""Split ``<think>…</think>`` reasoning out of streamed content (protocol.md case 25).

Tags may arrive split across deltas (``"<thi"``, ``"nk>\\n"``). Only a tag at the very start
of the answer (after optional whitespace) opens a thinking block, so answers that merely
*mention* ``<think>`` are left alone.
"""

from __future__ import annotations

OPEN = "<think>"
CLOSE = "</think>"


class ThinkSplitter:
    """Feed content deltas; get ``(answer_text, reasoning_text)`` pieces back."""

    def __init__(self, enabled: bool = True) -> None:
        self._mode = "detect" if enabled else "answer"
        self._pending = ""
        self._reasoning_started = False

    def feed(self, text: str) -> tuple[str, str]:
        """Consume one delta; return the answer and reasoning text that is now certain."""
        self._pending += text
        answer, reasoning = "", ""
        while True:
            if self._mode == "detect":
                stripped = self._pending.lstrip()
                if not stripped:
                    return answer, reasoning
                if stripped.startswith(OPEN):
                    self._pending = stripped[len(OPEN) :].lstrip("\r\n")
                    self._mode = "think"
                    continue
                if OPEN.startswith(stripped):
                    return answer, reasoning
                self._mode = "answer"
                continue
            if self._mode == "think":
                end = self._pending.find(CLOSE)
                if end >= 0:
                    piece = self._pending[:end].rstrip()
                    reasoning += piece if self._reasoning_started else piece.lstrip()
                    self._pending = self._pending[end + len(CLOSE) :]
                    self._mode = "after"
                    continue
                emit, hold = _hold_back(self._pending)
                if not self._reasoning_started:
                    emit = emit.lstrip()
                    self._reasoning_started = bool(emit)
                reasoning += emit
                self._pending = hold
                return answer, reasoning
            if self._mode == "after":
                stripped = self._pending.lstrip()
                if not stripped:
                    self._pending = ""
                    return answer, reasoning
                self._pending = stripped
                self._mode = "answer"
                continue
            answer += self._pending
            self._pending = ""
            return answer, reasoning

    def flush(self) -> tuple[str, str]:
        """At the end of the stream: whatever is still held back."""
        pending, self._pending = self._pending, ""
        if self._mode == "think":
            return "", pending.rstrip()
        if self._mode == "detect":
            return pending, ""
        if self._mode == "after":
            return pending.lstrip(), ""
        return pending, ""


def _hold_back(text: str) -> tuple[str, str]:
    """Split ``text`` into what can be emitted and a tail that may start the closing tag."""
    hold_from = len(text)
    for j in range(max(0, len(text) - len(CLOSE) + 1), len(text)):
        if CLOSE.startswith(text[j:]):
            hold_from = j
            break
    k = hold_from
    while k > 0 and text[k - 1] in " \t\r\n":
        k -= 1
    return text[:k], text[k:]
