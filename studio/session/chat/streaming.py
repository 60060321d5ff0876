"""The display side of streaming: batched updates about 30 times a second.

Deltas never reach the screen one token at a time. The core's
:class:`~studio.core.chat.answer.AnswerBuffer` collects them; :class:`StreamPump` hands the
new pieces to ``on_flush`` on a Qt timer and calls ``on_tick`` on each tick (the session
saves a stalled stream's text there; the save rule itself is the core's
:class:`~studio.core.chat.answer.AnswerWriter`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from studio.core.chat.answer import AnswerBuffer

FLUSH_INTERVAL_MS = 33


class StreamPump(QObject):
    """Drives one answer at a time: timed flushes of the pieces that arrived."""

    def __init__(
        self,
        on_flush: Callable[[AnswerBuffer, str, str], None],
        on_tick: Callable[[], None],
        *,
        flush_interval_ms: int = FLUSH_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_flush = on_flush
        self._on_tick = on_tick
        self._buffer: AnswerBuffer | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(flush_interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def buffer(self) -> AnswerBuffer | None:
        """The answer being pumped, if any."""
        return self._buffer

    def start(self, buffer: AnswerBuffer) -> None:
        """Begin pumping ``buffer``."""
        self._buffer = buffer
        self._timer.start()

    def flush(self) -> None:
        """Hand the pending pieces to ``on_flush`` now."""
        buffer = self._buffer
        if buffer is None:
            return
        pieces = buffer.take_pending()
        if pieces is not None:
            self._on_flush(buffer, *pieces)

    def stop(self) -> AnswerBuffer | None:
        """Flush what is pending, stop the timer and release the buffer."""
        self._timer.stop()
        self.flush()
        buffer, self._buffer = self._buffer, None
        return buffer

    def _on_timer_timeout(self) -> None:
        self.flush()
        if self._buffer is not None:
            self._on_tick()
