"""Image addresses a person pasted: fetched on the provider's pooled client (its proxy, never
its key), capped, and every failure is one sentence with a code (real loopback sockets)."""

from __future__ import annotations

import pytest

from studio.api.http import HttpSession
from studio.api.provider import ProviderConfig
from studio.api.urlfetch import (
    FetchError,
    fetch_image,
    is_web_url,
    looks_like_image_url,
    url_file_name,
)
from tests.fakes.raw_server import RawServer, json_response, response

PICTURE = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8  # what the bytes are is decided later


def test_image_addresses() -> None:
    assert looks_like_image_url("https://x.org/a/cat.PNG?v=2")
    assert not looks_like_image_url("https://x.org/docs/page")
    assert not looks_like_image_url("see https://x.org/cat.png")
    assert url_file_name("https://x.org/a/my%20cat.jpg?x=1") == "my_cat.jpg"
    assert url_file_name("https://x.org/") == "x.org"


async def test_fetching_an_address_follows_limits() -> None:
    async with RawServer() as server:
        server.script(
            json_response(PICTURE, content_type="image/jpeg"),
            json_response({"error": "gone"}, status=404),
            json_response(PICTURE, content_type="image/jpeg"),
            response(PICTURE, content_type="image/jpeg", framing="chunked"),
        )
        assert await fetch_image(f"{server.root}/a.jpg") == PICTURE
        with pytest.raises(FetchError, match="answered HTTP 404") as missing:
            await fetch_image(f"{server.root}/b.jpg")
        assert (missing.value.code, missing.value.status) == ("status", 404)
        with pytest.raises(FetchError, match="larger than") as big:
            await fetch_image(f"{server.root}/c.jpg", cap=100)  # declared length too big
        assert (big.value.code, big.value.limit) == ("too_big", 100)
        with pytest.raises(FetchError, match="larger than"):
            await fetch_image(f"{server.root}/d.jpg", cap=100)  # chunked: counted while read
        port = server.port
    with pytest.raises(FetchError, match="Could not fetch") as refused:
        await fetch_image(f"http://127.0.0.1:{port}/closed.jpg", timeout=2)
    # Said in words, not as an exception's class name.
    assert "(the server could not be reached)" in refused.value.message
    assert "Error" not in refused.value.message
    assert (refused.value.code, refused.value.reason) == ("network", "unreachable")
    with pytest.raises(FetchError, match="not an http") as not_web:
        await fetch_image("ftp://example.com/x.png")
    assert not_web.value.code == "not_web_url"
    # A port that is not a number is not an address (it would leave an image "fetching").
    assert not is_web_url("http://example.com:abc/a.png")
    with pytest.raises(FetchError, match="not an http"):
        await fetch_image("http://example.com:abc/a.png")


async def test_the_fetch_goes_through_the_providers_proxy_without_the_key() -> None:
    """The provider's session carries the request: its explicit proxy gets it, in absolute
    form; the API key and the provider's extra headers stay with the relay."""
    async with RawServer() as proxy:
        proxy.script(json_response(PICTURE, content_type="image/jpeg"))
        config = ProviderConfig(
            base_url="http://relay.invalid/v1",
            api_key="sk-never-to-image-hosts",
            extra_headers={"X-Team": "studio"},
            proxy_mode="explicit",
            proxy_url=proxy.root,
        )
        session = HttpSession(config)
        try:
            data = await fetch_image("http://images.invalid/cats/cat.jpg", http=session)
        finally:
            await session.aclose()
    assert data == PICTURE
    [request] = proxy.requests
    assert request.target == "http://images.invalid/cats/cat.jpg"
    assert request.header("authorization") is None
    assert request.header("x-team") is None
    assert request.header("user-agent") == "Studio (image attachment)"


async def test_the_sentence_is_in_the_language_asked_for_and_shows_the_address_verbatim() -> None:
    async with RawServer() as server:
        server.script(json_response({"error": "gone"}, status=404))
        url = f"{server.root}/a?..png"
        with pytest.raises(FetchError) as chinese:
            await fetch_image(url, language="zh_CN")
        with pytest.raises(FetchError) as english:
            await fetch_image(url)
    assert chinese.value.message == (
        f"无法下载 {url} 的图片：服务器返回 HTTP 404。请检查地址，或直接发送链接。"
    )
    assert english.value.message == (
        f"Could not fetch the image at {url}: the server answered HTTP 404. "
        "Check the address, or send the URL as is."
    )
