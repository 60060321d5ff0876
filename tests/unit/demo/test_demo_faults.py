"""Fault injection on the demo relay: cut streams, 500, HTML 502, 429 and the invalid key."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from studio.demo import DemoRelay

MESSAGES = [{"role": "user", "content": "Hello"}]


def test_cut_model_drops_the_stream_without_finish_or_done(
    base_url: str, client: httpx.Client
) -> None:
    body = {"model": "demo-fault-cut", "stream": True, "messages": MESSAGES}
    chunks: list[dict[str, Any]] = []
    lines: list[str] = []
    with (
        pytest.raises(httpx.RemoteProtocolError),
        client.stream("POST", f"{base_url}/chat/completions", json=body) as response,
    ):
        assert response.status_code == 200
        for line in response.iter_lines():
            lines.append(line)
            if line.startswith("data: {"):
                chunks.append(json.loads(line[6:]))
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks)
    assert text.strip()
    assert all(c["choices"][0]["finish_reason"] is None for c in chunks)
    assert "data: [DONE]" not in lines


def test_cut_model_truncates_a_non_streaming_body(base_url: str, client: httpx.Client) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(
            f"{base_url}/chat/completions", json={"model": "demo-fault-cut", "messages": MESSAGES}
        )


def test_fault_500(base_url: str, client: httpx.Client) -> None:
    response = client.post(
        f"{base_url}/chat/completions",
        json={"model": "demo-fault-500", "stream": True, "messages": MESSAGES},
    )
    assert response.status_code == 500
    assert response.json() == {
        "error": {
            "message": "The demo relay failed on purpose.",
            "type": "server_error",
            "code": "demo_fault",
        }
    }


def test_fault_html_is_a_502_page(base_url: str, client: httpx.Client) -> None:
    response = client.post(
        f"{base_url}/chat/completions", json={"model": "demo-fault-html", "messages": MESSAGES}
    )
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.startswith(
        "<html><head><title>demo relay | 502: Bad gateway</title></head><body>"
    )
    assert response.text.endswith("</body></html>")
    assert len(response.text) > 2000


def test_fault_429_has_retry_after(base_url: str, client: httpx.Client) -> None:
    response = client.post(
        f"{base_url}/images/generations", json={"model": "demo-fault-429", "prompt": "x"}
    )
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"
    assert response.json()["error"]["code"] == "rate_limit_exceeded"


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("GET", "/models", {}),
        ("POST", "/chat/completions", {"json": {"model": "demo-chat", "messages": MESSAGES}}),
        ("POST", "/images/generations", {"json": {"prompt": "x"}}),
        ("POST", "/images/edits", {"data": {"prompt": "x"}}),
        ("POST", "/nowhere", {}),
    ],
)
def test_invalid_key_is_refused_everywhere(
    base_url: str, client: httpx.Client, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    headers = {"Authorization": "Bearer sk-invalid"}
    response = client.request(method, f"{base_url}{path}", headers=headers, **kwargs)
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "message": "Invalid token (request id: demo123)",
            "type": "new_api_error",
            "code": "",
        }
    }


def test_other_keys_and_no_key_are_accepted(base_url: str, client: httpx.Client) -> None:
    assert client.get(f"{base_url}/models").status_code == 200
    headers = {"Authorization": "Bearer sk-anything-else"}
    assert client.get(f"{base_url}/models", headers=headers).status_code == 200


def test_relay_url_is_known_before_start_and_freed_after_stop() -> None:
    relay = DemoRelay(token_rate=0)
    url = relay.base_url
    assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
    with relay:
        assert relay.base_url == url
        assert httpx.get(f"{url}/models").status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/models")
