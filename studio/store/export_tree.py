"""The shape of a conversation for its Markdown export: the branch shown, then the rest.

Messages link to their parent; the children of one parent are the versions of a turn
(regenerated answers, edited messages). The *visible branch* is the one the window shows: the
path to the conversation's ``leaf_id`` and, below it, the newest reply at each step (the same
rule as ``studio.core.chat.tree``, which the store cannot import). Every other version starts
a *thread*: that message and the newest replies below it; threads are listed in the order
their turns appear, each version of a turn in its own thread, nested ones after their parent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from studio.store.messages import MessageRecord


@dataclass(frozen=True)
class Thread:
    """Messages shown together: ``messages[0]`` is version ``index`` of ``count`` of its
    turn (the replies to ``parent``, None for the first message of the conversation)."""

    messages: list[MessageRecord]
    index: int
    count: int
    parent: MessageRecord | None


class ExportTree:
    """An index of one conversation's messages by id and by parent."""

    def __init__(self, records: Sequence[MessageRecord]) -> None:
        self._by_id = {r.id: r for r in records}
        self._children: dict[int | None, list[MessageRecord]] = {}
        for record in sorted(records, key=lambda r: r.id):
            # A reply whose parent is gone is shown as a first message, as the window does.
            parent = record.parent_id if record.parent_id in self._by_id else None
            self._children.setdefault(parent, []).append(record)

    def _parent_of(self, record: MessageRecord) -> int | None:
        return record.parent_id if record.parent_id in self._by_id else None

    def siblings(self, record: MessageRecord) -> list[MessageRecord]:
        """``record`` and the other versions of its turn, oldest first."""
        return self._children.get(self._parent_of(record), [])

    def visible_branch(self, leaf_id: int | None) -> list[MessageRecord]:
        """The branch shown: the path to ``leaf_id``, then the newest reply at each step."""
        chosen: dict[int | None, int] = {}
        current = self._by_id.get(leaf_id) if leaf_id is not None else None
        seen: set[int] = set()
        while current is not None and current.id not in seen:
            seen.add(current.id)
            chosen[self._parent_of(current)] = current.id
            parent = self._parent_of(current)
            current = self._by_id.get(parent) if parent is not None else None
        return self._follow(None, chosen)

    def _follow(self, parent: int | None, chosen: dict[int | None, int]) -> list[MessageRecord]:
        branch: list[MessageRecord] = []
        seen: set[int] = set()
        while True:
            children = self._children.get(parent, [])
            if not children:
                return branch
            pick = next((c for c in children if c.id == chosen.get(parent)), children[-1])
            if pick.id in seen:
                return branch
            seen.add(pick.id)
            branch.append(pick)
            parent = pick.id

    def other_threads(self, main: Sequence[MessageRecord]) -> list[Thread]:
        """Every message not on ``main``, as threads (see the module's description)."""
        covered = {r.id for r in main}
        threads: list[Thread] = []
        # The turns to look at: the first messages, and the replies to each message shown.
        queue: list[list[int | None]] = [[None, *(r.id for r in main)]]
        while queue:
            parents = queue.pop(0)
            for parent in parents:
                children = self._children.get(parent, [])
                for index, child in enumerate(children, start=1):
                    if child.id in covered:
                        continue
                    messages = [child, *self._follow(child.id, {})]
                    messages = [m for m in messages if m.id not in covered]
                    covered.update(m.id for m in messages)
                    thread = Thread(
                        messages,
                        index,
                        len(children),
                        self._by_id.get(parent) if parent is not None else None,
                    )
                    threads.append(thread)
                    queue.append([m.id for m in messages])
        return threads
