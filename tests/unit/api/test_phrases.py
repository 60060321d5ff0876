"""Every service-layer sentence exists in English and Simplified Chinese and formats cleanly."""

from __future__ import annotations

import re

import pytest

from studio.api import phrases

PARAMS = {
    "host": "relay.example",
    "url": "relay.example",
    "seconds": "10",
    "server": "Invalid token.",
    "hint": "https://relay.example/v1",
    "status": 401,
    "wait": "10 min",
    "limit": 64,
    "reason": "too many redirects",
    "name": "ReadError",
    "field": "image[]",
}


@pytest.mark.parametrize("key", phrases.keys())
def test_both_languages_format(key: str) -> None:
    english = phrases.text(key, "en", **PARAMS)
    chinese = phrases.text(key, "zh_CN", **PARAMS)
    assert english and chinese and english != chinese
    assert re.search(r"[\u4e00-\u9fff]", chinese), chinese
    assert "{" not in english and "{" not in chinese
    assert "\n" not in english
    assert ".." not in english


def test_double_full_stop_is_collapsed() -> None:
    text = phrases.text("auth", "en", server="Invalid token.")
    assert "token.." not in text and "Invalid token. Check" in text
