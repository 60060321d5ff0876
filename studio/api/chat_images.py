"""Images through ``/v1/chat/completions``: the request of the chat edit route, and finding
the images in a chat answer (images.md §6, "nano-banana").

Some relays serve image models as chat models (OpenRouter, LiteLLM ≥ 1.77, Vercel AI Gateway
and many new-api channels): the images go in as ``image_url`` content parts and come back in
``choices[i].message.images[].image_url.url`` (``delta.images`` when streamed), as a data URL
or an http(s) URL, or as a Markdown image (``![](data:image/png;base64,…)``) or a bare data
URL inside ``message.content``. :func:`chat_edit_body` builds the request: one user message,
the prompt as the first text part and then every image as a data-URL part in the order given
(the base first), ``modalities: ["image", "text"]``, and the edit's parameters:
``aspect_ratio`` and ``image_size`` in ``image_config`` (OpenRouter's form), the others as
top-level fields. :func:`answer_images` and :func:`split_content_images` find the images.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from typing import Any

from studio.api.image_params import InputImage
from studio.api.imagedata import InlineImage, is_data_url, sniff_image

IMAGE_CONFIG_KEYS = ("aspect_ratio", "image_size")
"""Edit parameters sent inside ``image_config`` rather than as top-level fields."""

_DATA_URL = r"data:image/[\w.+-]+;base64,[A-Za-z0-9+/=_\-\s]+"
_MARKDOWN = re.compile(rf"!\[[^\]\n]*\]\(\s*<?((?:{_DATA_URL})|https?://[^)\s>]+)>?\s*\)")
_BARE = re.compile(r"data:image/[\w.+-]+;base64,[A-Za-z0-9+/=_\-]+")  # ends at a blank

ImageRef = str | InlineImage
"""Where an answer image is: a data URL or http(s) URL, or the data URL decoded already."""


def data_url(image: InputImage) -> str:
    """``image`` as a ``data:<mime>;base64,…`` URL (the mime sniffed when not given)."""
    found = sniff_image(image.data)
    mime = image.mime or (found[0] if found else "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(image.data).decode('ascii')}"


def chat_edit_body(
    model: str, prompt: str, images: Sequence[InputImage], params: Mapping[str, Any]
) -> dict[str, Any]:
    """The non-streamed ``chat/completions`` body of an edit (see the module docstring)."""
    content: list[dict[str, Any]] = [{"type": "text", "text": prompt}]
    content += [{"type": "image_url", "image_url": {"url": data_url(i)}} for i in images]
    body: dict[str, Any] = {
        "model": model,
        "messages": [{"role": "user", "content": content}],
        "modalities": ["image", "text"],
        "stream": False,
    }
    config = {k: params[k] for k in IMAGE_CONFIG_KEYS if params.get(k) not in (None, "")}
    if config:
        body["image_config"] = config
    for key, value in params.items():
        if key not in IMAGE_CONFIG_KEYS and value is not None and key not in body:
            body[key] = value
    return body


def part_urls(parts: Any) -> list[ImageRef]:
    """The URLs of ``message.images`` (or ``delta.images``) or of ``image_url`` content parts."""
    out: list[ImageRef] = []
    if not isinstance(parts, list):
        return out
    for part in parts:
        if not isinstance(part, Mapping):
            continue
        inner = part.get("image_url")
        url = inner.get("url") if isinstance(inner, Mapping) else inner
        if url is None:
            url = part.get("url")
        if isinstance(url, InlineImage) or (isinstance(url, str) and _usable(url)):
            out.append(url.strip() if isinstance(url, str) else url)
    return out


def split_content_images(text: str) -> tuple[str, list[str]]:
    """``text`` without its Markdown images that hold data URLs and its bare data URLs, and
    the URLs taken out (Markdown images of http(s) URLs are listed but left in the text)."""
    if "data:image/" not in text and "![" not in text:
        return text, []
    urls: list[str] = []

    def take(match: re.Match[str]) -> str:
        url = re.sub(r"\s+", "", match.group(1)) if is_data_url(match.group(1)) else match.group(1)
        urls.append(url)
        return "" if is_data_url(url) else match.group(0)

    rest = _MARKDOWN.sub(take, text)

    def bare(match: re.Match[str]) -> str:
        urls.append(re.sub(r"\s+", "", match.group(0)))
        return ""

    rest = _BARE.sub(bare, rest)
    return (rest.strip() if len(rest) != len(text) else text), urls


def answer_images(obj: Mapping[str, Any]) -> tuple[list[ImageRef], str]:
    """The images of a ``chat.completion`` (every choice, in order, duplicates dropped) and
    its text with the data-URL images taken out."""
    found: list[ImageRef] = []
    texts: list[str] = []
    choices = obj.get("choices")
    for choice in choices if isinstance(choices, list) else []:
        message = choice.get("message") if isinstance(choice, Mapping) else None
        if not isinstance(message, Mapping):
            continue
        found += part_urls(message.get("images"))
        content = message.get("content")
        if isinstance(content, list):
            found += part_urls([p for p in content if isinstance(p, Mapping)])
            content = "".join(str(p.get("text", "")) for p in content if isinstance(p, Mapping))
        if isinstance(content, str) and content:
            rest, urls = split_content_images(content)
            found += urls
            if rest:
                texts.append(rest)
    unique: list[ImageRef] = []
    seen: set[str] = set()
    for ref in found:
        key = ref if isinstance(ref, str) else ref.head
        if key not in seen:
            seen.add(key)
            unique.append(ref)
    return unique, "\n".join(texts)


def _usable(url: str) -> bool:
    head = url[:16].lstrip().lower()
    return is_data_url(url) or head.startswith(("http://", "https://"))
