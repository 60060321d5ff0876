"""Request bodies are encoded byte for byte as httpx encodes ``json=``, big images or not."""

from __future__ import annotations

import base64
import math
import os
from typing import Any

import httpx
import pytest

from studio.api.jsonbody import LIFT_AT, encode_body, needs_worker


def httpx_bytes(value: Any) -> bytes:
    return httpx.Request("POST", "http://127.0.0.1/v1/chat/completions", json=value).content


def data_url(size: int) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(os.urandom(size)).decode()


BODIES: list[Any] = [
    {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "stream": True},
    {
        "model": "gpt-4o",
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": '这两张图有什么不同？ "quoted"\n'},
                    {
                        "type": "image_url",
                        "image_url": {"url": data_url(300_000), "detail": "high"},
                    },
                    {"type": "image_url", "image_url": {"url": data_url(40_000), "detail": "low"}},
                ],
            }
        ],
        "temperature": 0.7,
        "seed": 12,
        "tools": (),
        "stop": None,
    },
    # Long strings that do need escapes, or are not ASCII, go through json as before.
    {"text": "长" * (LIFT_AT + 10), "quote": 'a"b\\c' * LIFT_AT, "ctl": "x\x01" * LIFT_AT},
    {"exactly": "a" * LIFT_AT, "below": "b" * (LIFT_AT - 1), "nested": [[["c" * LIFT_AT]]]},
    {1: "int key", "list": [1, 2.5, True, None, {"k": "v"}], "uni": "\u2028\u2029é"},
    ["top-level list", "z" * LIFT_AT],
]


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_bytes_equal_what_httpx_sends(body: Any) -> None:
    assert encode_body(body) == httpx_bytes(body)


def test_a_string_that_looks_like_the_splice_marker_is_left_alone() -> None:
    body = {"a": "\x00splice-0000000000000000-0", "b": "q" * LIFT_AT}
    assert encode_body(body) == httpx_bytes(body)


def test_nan_is_refused_as_httpx_refuses_it() -> None:
    with pytest.raises(ValueError):
        encode_body({"temperature": math.nan, "image": "x" * LIFT_AT})


def test_only_bodies_with_big_strings_go_to_a_worker() -> None:
    assert not needs_worker({"messages": [{"content": "hello"}] * 50})
    assert needs_worker({"messages": [{"content": "hello"}] * 500})  # a long conversation
    assert needs_worker({"messages": [{"url": data_url(200_000)}]})


def test_a_long_conversation_is_encoded_message_by_message_with_the_same_bytes() -> None:
    messages: list[Any] = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": f'第 {i} 句 "quoted" \n'}
        for i in range(300)
    ]
    messages[7] = {
        "role": "user",
        "content": [
            {"type": "text", "text": "look"},
            {"type": "image_url", "image_url": {"url": data_url(60_000)}},
        ],
    }
    body = {"model": "gpt-4o", "messages": messages, "stream": True, "stop": ["\n\n"], 1: 2}
    assert needs_worker(body)
    assert encode_body(body) == httpx_bytes(body)
    del body[1]  # only string keys: the message-by-message path
    assert encode_body(body) == httpx_bytes(body)
    assert encode_body({"messages": []}) == httpx_bytes({"messages": []})
