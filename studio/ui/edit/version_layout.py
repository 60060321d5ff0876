"""Where each version goes in the tree: pure functions over :class:`VersionNode` values.

A long run of edits would indent off the panel if every child sat under its parent, so the
tree is laid out like a history with branches: a version's *first* child (the oldest)
continues on the same level, right after it; each later child starts a **branch**, nested
under its parent and placed before the line continues. A source with two edits of its first
result reads::

    Original
    v1
      v3      (a branch from v1)
      v4      (v3's result, continuing the branch)
    v2        (v1's first result, continuing the main line)

Versions are numbered by creation (``v1``, ``v2``…; the source has no number). A version whose
parent is not in the list is a root, like the source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from studio.ui.edit.values import VersionNode


@dataclass
class Placed:
    """One version and the versions shown nested under it (its branches, in order)."""

    node: VersionNode
    nested: list[Placed] = field(default_factory=list)


def creation_order(nodes: Sequence[VersionNode]) -> list[VersionNode]:
    """``nodes`` oldest first (ties broken by id)."""
    return sorted(nodes, key=lambda node: (node.created_at, node.id))


def numbers(nodes: Sequence[VersionNode]) -> dict[int, int]:
    """Each version's number (1, 2… by creation); the sources get 0."""
    result: dict[int, int] = {}
    count = 0
    for node in creation_order(nodes):
        if node.is_source:
            result[node.id] = 0
        else:
            count += 1
            result[node.id] = count
    return result


def children(nodes: Sequence[VersionNode]) -> dict[int | None, list[VersionNode]]:
    """The versions made from each version (oldest first); roots under ``None``."""
    known = {node.id for node in nodes}
    result: dict[int | None, list[VersionNode]] = {}
    for node in creation_order(nodes):
        parent = node.parent_id if node.parent_id in known and node.parent_id != node.id else None
        result.setdefault(parent, []).append(node)
    return result


def layout(nodes: Sequence[VersionNode]) -> list[Placed]:
    """The top level of the tree (see the module docstring); every node appears once."""
    made = children(nodes)
    placed: set[int] = set()

    def line(start: VersionNode) -> list[Placed]:
        """``start`` and the chain of first children after it, each with its branches."""
        rows: list[Placed] = []
        current: VersionNode | None = start
        while current is not None and current.id not in placed:
            placed.add(current.id)
            row = Placed(current)
            rows.append(row)
            kids = [kid for kid in made.get(current.id, []) if kid.id not in placed]
            for branch in kids[1:]:
                row.nested.extend(line(branch))
            current = kids[0] if kids else None
        return rows

    top: list[Placed] = []
    for root in made.get(None, []):
        top.extend(line(root))
    for node in creation_order(nodes):  # a cycle in bad data: still show every node
        if node.id not in placed:
            top.extend(line(node))
    return top


def flatten(rows: Sequence[Placed]) -> list[tuple[VersionNode, int]]:
    """The tree's rows top to bottom, each with its nesting depth (the strip's order)."""
    result: list[tuple[VersionNode, int]] = []

    def walk(items: Sequence[Placed], depth: int) -> None:
        for item in items:
            result.append((item.node, depth))
            walk(item.nested, depth + 1)

    walk(rows, 0)
    return result
