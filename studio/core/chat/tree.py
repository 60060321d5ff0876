"""The message tree of one conversation: versions, branches and the visible path.

Messages link to their parent (``parent_id``). Siblings (children of the same parent) are
the *versions* of a turn: regenerating an answer adds an assistant sibling, editing a user
message adds a user sibling. The visible branch starts at a root and, at every node, follows
the selected child (by default the newest).
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Mapping

from studio.store.messages import MessageRecord

Selection = Mapping[int | None, int]


class MessageTree:
    """An in-memory index of a conversation's messages by id and by parent."""

    def __init__(self, records: Iterable[MessageRecord] = ()) -> None:
        self._by_id: dict[int, MessageRecord] = {}
        self._children: dict[int | None, list[int]] = {}
        for record in records:
            self.put(record)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, message_id: object) -> bool:
        return message_id in self._by_id

    def get(self, message_id: int) -> MessageRecord | None:
        """The message, or None."""
        return self._by_id.get(message_id)

    def records(self) -> list[MessageRecord]:
        """Every message, in id order."""
        return [self._by_id[i] for i in sorted(self._by_id)]

    def put(self, record: MessageRecord) -> None:
        """Add a message, or replace it by its newer state."""
        old = self._by_id.get(record.id)
        if old is not None and old.parent_id != record.parent_id:
            self._children[old.parent_id].remove(record.id)
            old = None
        self._by_id[record.id] = record
        if old is None:
            bisect.insort(self._children.setdefault(self._parent_key(record), []), record.id)

    def remove(self, message_id: int) -> None:
        """Forget a message (its children, if any, become roots, as in the store)."""
        record = self._by_id.pop(message_id, None)
        if record is None:
            return
        self._children[self._parent_key(record)].remove(message_id)
        for child_id in self._children.pop(message_id, []):
            child = self._by_id[child_id]
            self._by_id[child_id] = _with_parent(child, None)
            bisect.insort(self._children.setdefault(None, []), child_id)

    def children(self, parent_id: int | None) -> list[MessageRecord]:
        """The replies to ``parent_id`` (roots for None), oldest first."""
        return [self._by_id[i] for i in self._children.get(parent_id, [])]

    def siblings(self, message_id: int) -> list[MessageRecord]:
        """``message_id`` and the other versions of its turn, oldest first."""
        record = self._by_id[message_id]
        return self.children(self._parent_key(record))

    def path_to(self, message_id: int) -> list[MessageRecord]:
        """The messages from the root down to ``message_id`` (included)."""
        path: list[MessageRecord] = []
        current: int | None = message_id
        seen: set[int] = set()
        while current is not None and current in self._by_id and current not in seen:
            seen.add(current)
            record = self._by_id[current]
            path.append(record)
            current = record.parent_id
        path.reverse()
        return path

    def visible_branch(self, selection: Selection) -> list[MessageRecord]:
        """From a root, follow the selected child at each node (the newest by default)."""
        branch: list[MessageRecord] = []
        parent: int | None = None
        seen: set[int] = set()
        while True:
            ids = self._children.get(parent, [])
            if not ids:
                return branch
            chosen = selection.get(parent)
            child_id = chosen if chosen in ids else ids[-1]
            if child_id in seen:
                return branch
            seen.add(child_id)
            branch.append(self._by_id[child_id])
            parent = child_id

    @staticmethod
    def _parent_key(record: MessageRecord) -> int | None:
        return record.parent_id


def _with_parent(record: MessageRecord, parent_id: int | None) -> MessageRecord:
    return dataclasses.replace(record, parent_id=parent_id)
