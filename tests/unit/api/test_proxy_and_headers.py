"""Proxy modes, auth and extra headers reach the wire as configured (real loopback sockets)."""

from __future__ import annotations

import pytest

from studio.api.chat import ChatRequest, collect_chat
from studio.api.client import ApiClient
from studio.api.provider import ProviderConfig
from tests.fakes.raw_server import RawServer, canonical, sse

REQUEST = ChatRequest(model="m", messages=[{"role": "user", "content": "hi"}])


async def test_explicit_http_proxy_receives_the_request_in_absolute_form(
    raw_server: RawServer,
) -> None:
    """With an explicit proxy, the request goes to the proxy, naming the real relay URL."""
    raw_server.script(sse(*canonical("Hel", "lo")))
    config = ProviderConfig(
        base_url="http://relay.invalid/relay/v1",
        api_key="sk-proxy",
        proxy_mode="explicit",
        proxy_url=raw_server.root,
    )
    async with ApiClient(config) as client:
        result = await collect_chat(client.chat(REQUEST))
    assert result.error is None, result.error
    assert result.text == "Hello"
    [request] = raw_server.requests
    assert request.target == "http://relay.invalid/relay/v1/chat/completions"
    assert request.header("authorization") == "Bearer sk-proxy"


async def test_proxy_mode_none_ignores_proxy_environment(
    raw_server: RawServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``none`` talks to the relay directly even when HTTP(S)_PROXY point elsewhere."""
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    raw_server.script(sse(*canonical("ok")))
    config = ProviderConfig(base_url=raw_server.url, proxy_mode="none")
    async with ApiClient(config) as client:
        result = await collect_chat(client.chat(REQUEST))
    assert result.error is None, result.error
    assert result.text == "ok"
    assert raw_server.requests[0].path == "/v1/chat/completions"


async def test_extra_headers_and_path_prefix_are_sent(raw_server: RawServer) -> None:
    """Per-provider headers go on every request; a path prefix before /v1 is kept."""
    raw_server.script(sse(*canonical("ok")))
    config = ProviderConfig(
        base_url=f"{raw_server.root}/relay/v1/",
        api_key="sk-h",
        extra_headers={"X-Team": "studio", "HTTP-Referer": "https://studio.invalid"},
    )
    async with ApiClient(config) as client:
        assert client.endpoint == f"{raw_server.root}/relay/v1"
        result = await collect_chat(client.chat(REQUEST))
    assert result.text == "ok"
    [request] = raw_server.requests
    assert request.path == "/relay/v1/chat/completions"
    assert request.header("x-team") == "studio"
    assert request.header("http-referer") == "https://studio.invalid"
    assert request.header("authorization") == "Bearer sk-h"


def test_provider_repr_never_shows_the_key() -> None:
    config = ProviderConfig(base_url="https://h/v1", api_key="sk-secret-123456")
    assert "sk-secret" not in repr(config)


async def test_connection_is_reused_across_messages(raw_server: RawServer) -> None:
    """After [DONE] the body is read to its end, so the next message reuses the socket."""
    raw_server.script(
        *(sse(*canonical(word), framing="chunked") for word in ("one", "two", "three"))
    )
    async with ApiClient(ProviderConfig(base_url=raw_server.url)) as client:
        texts = [(await collect_chat(client.chat(REQUEST))).text for _ in range(3)]
    assert texts == ["one", "two", "three"]
    assert raw_server.connections == 1


async def test_a_providers_own_content_type_is_sent_once(raw_server: RawServer) -> None:
    """A relay that wants its own Content-Type gets exactly that one, not two."""
    raw_server.script(sse(*canonical("ok")), sse(*canonical("ok")))
    own = ProviderConfig(
        base_url=raw_server.url, extra_headers={"content-type": "application/json; charset=utf-8"}
    )
    async with ApiClient(own) as client:
        assert (await collect_chat(client.chat(REQUEST))).text == "ok"
    async with ApiClient(ProviderConfig(base_url=raw_server.url)) as client:
        assert (await collect_chat(client.chat(REQUEST))).text == "ok"
    first, second = raw_server.requests
    assert [v for n, v in first.raw_headers if n.lower() == "content-type"] == [
        "application/json; charset=utf-8"
    ]
    assert [v for n, v in second.raw_headers if n.lower() == "content-type"] == ["application/json"]
