"""Base URL normalisation: what people paste into the Base URL field, and where requests go.

Relays are entered as ``https://host``, ``https://host/v1``, with a trailing slash, under a
path prefix, or as the full ``…/v1/chat/completions`` endpoint copied from docs. All of these
must reach ``<root>/v1/chat/completions`` exactly once (a doubled ``/v1`` gets new-api's 404
"Invalid URL (POST /v1/v1/chat/completions)", protocol.md case 54b; a missing one gets the
web UI's HTML page, case 54a).
"""

from __future__ import annotations

import pytest

from studio.api.provider import InvalidBaseUrl, ProviderConfig, normalize_base_url
from tests.fakes.raw_server import canonical, sse


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://host", "https://host/v1"),
        ("https://host/", "https://host/v1"),
        ("https://host/v1", "https://host/v1"),
        ("https://host/v1/", "https://host/v1"),
        ("https://host/relay/v1", "https://host/relay/v1"),
        ("https://host/relay/v1/", "https://host/relay/v1"),
        ("https://host/relay", "https://host/relay/v1"),
        ("https://host/v1/chat/completions", "https://host/v1"),
        ("https://host/v1/chat/completions/", "https://host/v1"),
        ("https://host/relay/v1/chat/completions", "https://host/relay/v1"),
        ("https://host/chat/completions", "https://host/v1"),
        ("https://host/v1/models", "https://host/v1"),
        ("https://host/v1/images/generations", "https://host/v1"),
        ("  https://host/v1  ", "https://host/v1"),
        ("HTTPS://host/v1", "https://host/v1"),
        ("http://127.0.0.1:3000", "http://127.0.0.1:3000/v1"),
        ("http://localhost:8080/v1", "http://localhost:8080/v1"),
        ("https://ark.example.com/api/v3", "https://ark.example.com/api/v3"),
    ],
)
def test_normalize_base_url(raw: str, expected: str) -> None:
    """Every common spelling of a relay address resolves to one API root ending in /v1."""
    assert normalize_base_url(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "host/v1",
        "api.example.com",
        "127.0.0.1:3000/v1",
        "",
        "   ",
        "ftp://host/v1",
        "https://",
        "https:///v1",
    ],
)
def test_normalize_base_url_rejects_unusable(raw: str) -> None:
    """No scheme, no host or a non-HTTP scheme is an error the settings page can show."""
    with pytest.raises(InvalidBaseUrl):
        normalize_base_url(raw)


def test_invalid_base_url_is_a_value_error() -> None:
    """Callers that validate form input with ``except ValueError`` catch it too."""
    assert issubclass(InvalidBaseUrl, ValueError)


def test_endpoint_joins_once() -> None:
    """``endpoint`` never doubles a slash or a /v1."""
    config = ProviderConfig(base_url="https://host/v1/")
    assert config.endpoint("chat/completions") == "https://host/v1/chat/completions"
    assert config.endpoint("/models") == "https://host/v1/models"
    pasted = ProviderConfig(base_url="https://host/v1/chat/completions")
    assert pasted.endpoint("chat/completions") == "https://host/v1/chat/completions"


@pytest.mark.parametrize(
    ("suffix", "expected_path"),
    [
        ("", "/v1/chat/completions"),
        ("/", "/v1/chat/completions"),
        ("/v1", "/v1/chat/completions"),
        ("/v1/", "/v1/chat/completions"),
        ("/relay/v1", "/relay/v1/chat/completions"),
        ("/v1/chat/completions", "/v1/chat/completions"),
    ],
)
async def test_client_posts_to_the_normalised_path(chat, raw_server, suffix, expected_path):
    """The request really lands on ``<root>/v1/chat/completions`` for each spelling."""
    client = chat.client(base_url=raw_server.root + suffix)
    out = await chat.run(sse(*canonical()), client=client)
    assert out.error is None
    assert out.text() == "Hello"
    assert [r.path for r in out.requests] == [expected_path]
    assert out.requests[0].method == "POST"


@pytest.mark.parametrize(
    ("suffix", "expected_path"),
    [("", "/v1/models"), ("/v1/", "/v1/models"), ("/v1/chat/completions", "/v1/models")],
)
async def test_list_models_uses_the_normalised_path(chat, raw_server, suffix, expected_path):
    """``list_models`` resolves the same root as chat."""
    from tests.fakes.raw_server import json_response

    raw_server.script(json_response({"object": "list", "data": [{"id": "gpt-4o"}]}))
    client = chat.client(base_url=raw_server.root + suffix)
    models = await client.list_models()
    assert [m.id for m in models] == ["gpt-4o"]
    assert raw_server.requests[-1].path == expected_path
    assert raw_server.requests[-1].method == "GET"


async def test_base_url_without_scheme_fails_with_an_api_error(chat, raw_server):
    """A Base URL typed without http(s):// gives a readable error, not a crash or a request."""
    from studio.api import errors as E

    host_only = raw_server.url.removeprefix("http://")
    try:
        client = chat.client(base_url=host_only)
    except InvalidBaseUrl:
        return  # rejected when the client is built: just as good
    out = await chat.run(sse(*canonical()), client=client)
    assert isinstance(out.error, E.ApiError)
    assert out.answer_events() == []
    assert raw_server.requests == []
