"""The demo relay's pace and the models that let a person try Stop, Continue and Cancel.

The pace is measured the way a user meets it: by when each chunk reaches a loopback client.
"""

from __future__ import annotations

import itertools
import json
import statistics
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from studio.demo import DemoRelay, env_token_rate
from studio.demo.catalog import (
    CUTOFF_MODEL,
    CUTOFF_TOKENS,
    LONG_MODEL,
    SLOW_IMAGE_MODEL,
    SLOW_IMAGE_SECONDS,
)
from studio.demo.long_answer import long_answer
from studio.demo.tokens import count_tokens


@pytest.fixture(scope="module")
def usual_relay() -> Iterator[DemoRelay]:
    """The demo relay as ``studio --demo`` starts it: no speed option given."""
    with DemoRelay() as running:
        yield running


def timed_stream(base_url: str, body: dict[str, Any]) -> tuple[float, list[float], str, str]:
    """Send ``body`` streamed; (seconds to the response head, arrival time of each content
    chunk, the text, the finish reason), times counted from just before the request."""
    times: list[float] = []
    text, finish = "", ""
    with httpx.Client(timeout=60) as client:
        start = time.monotonic()
        with client.stream(
            "POST", f"{base_url}/chat/completions", json={"stream": True, **body}
        ) as response:
            head = time.monotonic() - start
            for line in response.iter_lines():
                if not line.startswith("data: ") or line == "data: [DONE]":
                    continue
                for choice in json.loads(line[6:])["choices"]:
                    piece = choice["delta"].get("content")
                    if piece:
                        times.append(time.monotonic() - start)
                        text += piece
                    finish = choice["finish_reason"] or finish
    return head, times, text, finish


def _user(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


def test_the_usual_pace_reads_like_a_real_model(usual_relay: DemoRelay) -> None:
    body = {"model": "demo-chat", "demo_tokens": 60, "messages": _user("How fast are you?")}
    head, times, text, finish = timed_stream(usual_relay.base_url, body)
    assert finish == "stop" and count_tokens(text) == len(times) == 60
    # A short think before the first token, then a human-readable rate (30–80 tokens a second
    # like a real model, never the old 400), with small natural jitter between tokens.
    assert times[0] - head >= 0.3
    rate = (len(times) - 1) / (times[-1] - times[0])
    assert 25 <= rate <= 90, rate
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert statistics.pstdev(gaps) > 0.2 * statistics.mean(gaps)


def test_a_request_or_the_environment_can_choose_a_steady_or_the_fastest_pace(
    usual_relay: DemoRelay,
) -> None:
    body = {"model": "demo-chat", "demo_tokens": 400, "messages": _user("quick")}
    _head, times, text, _finish = timed_stream(usual_relay.base_url, {**body, "demo_token_rate": 0})
    assert count_tokens(text) == 400 and times[-1] < 2.0  # the tests' fast mode
    assert env_token_rate({"STUDIO_DEMO_TOKEN_RATE": "0"}) == 0.0
    assert env_token_rate({"STUDIO_DEMO_TOKEN_RATE": " 120 "}) == 120.0
    assert env_token_rate({}) is None and env_token_rate({"STUDIO_DEMO_TOKEN_RATE": "fast"}) is None


def test_the_model_list_names_what_to_try(usual_relay: DemoRelay) -> None:
    listed = httpx.get(f"{usual_relay.base_url}/models", timeout=10).json()["data"]
    described = {m["id"]: m.get("description", "") for m in listed}
    assert "Stop" in described[LONG_MODEL]
    assert "Continue" in described[CUTOFF_MODEL]
    assert "Cancel" in described[SLOW_IMAGE_MODEL]
    ids = [m["id"] for m in listed]
    assert ids.index(LONG_MODEL) < ids.index("gpt-4o")  # the demo's own models come first


def test_the_long_model_is_slow_enough_to_stop_and_shows_math_code_and_a_table(
    usual_relay: DemoRelay,
) -> None:
    prompt = "Explain moving averages"
    response = httpx.post(
        f"{usual_relay.base_url}/chat/completions",
        json={"model": LONG_MODEL, "messages": _user(prompt)},
        timeout=30,
    )
    text = response.json()["choices"][0]["message"]["content"]
    assert text == long_answer(prompt)
    # At most 80 tokens a second it takes well over ten seconds: time to press Stop.
    assert count_tokens(text) / 80 > 9
    assert "$x_t$" in text and "\n$$" in text and "$$\n" in text
    fences = [line for line in text.splitlines() if line.startswith("```")]
    assert len(fences) >= 8  # four code blocks, opened and closed
    assert "|:-------|:------:|" in text
    chinese = long_answer("解释一下移动平均")
    assert "## 六、如何选择" in chinese and "$$" in chinese


def test_the_cutoff_model_stops_at_a_max_tokens_cut(usual_relay: DemoRelay) -> None:
    body = {"model": CUTOFF_MODEL, "demo_token_rate": 0, "messages": _user("Go")}
    _head, _times, text, finish = timed_stream(usual_relay.base_url, body)
    assert finish == "length" and count_tokens(text) == CUTOFF_TOKENS
    # A smaller max_tokens still wins.
    _head, _times, text, finish = timed_stream(usual_relay.base_url, {**body, "max_tokens": 20})
    assert finish == "length" and count_tokens(text) == 20


def test_the_slow_image_model_takes_long_enough_to_cancel(usual_relay: DemoRelay) -> None:
    body = {
        "model": SLOW_IMAGE_MODEL,
        "prompt": "A slow sunrise",
        "size": "64x64",
        "stream": True,
        "partial_images": 2,
    }
    with httpx.Client(timeout=60) as client:
        start = time.monotonic()
        with client.stream("POST", f"{usual_relay.base_url}/images/generations", json=body) as r:
            assert r.status_code == 200
            for line in r.iter_lines():
                if line.startswith("event: "):
                    first = line[len("event: ") :], time.monotonic() - start
                    break
    # The first preview comes after a third of the time; the picture only at the end, so
    # the job can be cancelled while it runs (the test leaves after the first preview).
    assert first[0] == "image_generation.partial_image"
    assert first[1] >= SLOW_IMAGE_SECONDS / 3 - 0.3
    assert SLOW_IMAGE_SECONDS >= 6
