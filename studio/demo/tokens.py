"""Token splitting for the demo relay: a token is a word (with its leading space) or a CJK char.

The demo relay streams answers token by token and reports usage in the same unit, so the
numbers it prints are easy to reason about in tests and benchmarks. Joining the tokens of a
text always gives the text back unchanged.
"""

from __future__ import annotations

import re

_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
# A run of spaces belongs to the token after it; long words are cut so no token is huge.
_TOKEN_RE = re.compile(rf"\s*(?:[{_CJK}]|[^\s{_CJK}]{{1,16}})|\s+")
_CJK_RE = re.compile(rf"[{_CJK}]")


def split_tokens(text: str) -> list[str]:
    """Split ``text`` into demo tokens; ``"".join(split_tokens(t)) == t``."""
    return _TOKEN_RE.findall(text)


def count_tokens(text: str) -> int:
    """Number of demo tokens in ``text``."""
    return len(_TOKEN_RE.findall(text))


def truncate_tokens(text: str, limit: int) -> str:
    """The first ``limit`` tokens of ``text`` joined back together."""
    return "".join(split_tokens(text)[: max(limit, 0)])


def has_cjk(text: str) -> bool:
    """Whether ``text`` contains at least one CJK character (used to answer in Chinese)."""
    return _CJK_RE.search(text) is not None
