"""Fixtures for the demo relay tests: one relay on a random port, and an SSE reader."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from studio.demo import DemoRelay


@dataclass
class Streamed:
    """What a chat stream delivered, chunk by chunk."""

    status: int
    content_type: str
    chunks: list[dict[str, Any]] = field(default_factory=list)
    done: bool = False

    def text(self, index: int = 0, key: str = "content") -> str:
        """The concatenated ``delta[key]`` of choice ``index``."""
        return "".join(
            choice["delta"].get(key) or ""
            for chunk in self.chunks
            for choice in chunk["choices"]
            if choice["index"] == index
        )

    def finishes(self) -> dict[int, str]:
        """``choice index → finish_reason`` for every choice that finished."""
        return {
            choice["index"]: choice["finish_reason"]
            for chunk in self.chunks
            for choice in chunk["choices"]
            if choice["finish_reason"]
        }


@pytest.fixture(scope="session")
def relay() -> Iterator[DemoRelay]:
    """A demo relay streaming as fast as possible."""
    with DemoRelay(token_rate=0) as running:
        yield running


@pytest.fixture(scope="session")
def base_url(relay: DemoRelay) -> str:
    """The relay's ``…/v1`` URL."""
    return relay.base_url


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    """A plain httpx client with a generous timeout."""
    with httpx.Client(timeout=30.0) as http:
        yield http


@pytest.fixture
def stream_chat(base_url: str, client: httpx.Client) -> Callable[..., Streamed]:
    """POST a streaming chat request and parse every ``data:`` line."""

    def run(body: dict[str, Any], headers: dict[str, str] | None = None) -> Streamed:
        payload = {"stream": True, **body}
        with client.stream(
            "POST", f"{base_url}/chat/completions", json=payload, headers=headers
        ) as response:
            result = Streamed(response.status_code, response.headers.get("content-type", ""))
            for line in response.iter_lines():
                if not line.startswith("data: "):
                    continue
                data = line[len("data: ") :]
                if data == "[DONE]":
                    result.done = True
                    continue
                result.chunks.append(json.loads(data))
        return result

    return run
