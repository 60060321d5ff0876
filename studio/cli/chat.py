"""``studio chat``: stream one answer to stdout and save the turn to history."""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

from studio.api import events as ev
from studio.api.chat import (
    ChatRequest,
    ChatResult,
    Detail,
    image_part,
    json_schema_format,
    user_message,
)
from studio.api.errors import ApiError, IncompleteAnswerError
from studio.cli.common import EXIT_API, EXIT_INCOMPLETE, EXIT_OK, UsageError, report
from studio.cli.context import CliContext
from studio.cli.history import HistoryImage, TurnRecorder
from studio.media.limits import ImageRejected
from studio.media.prepare import PreparedImage, prepare_image
from studio.media.vision_targets import target_for_model
from studio.session.chat.url_fetch import FetchError, fetch_image, is_web_url, url_file_name
from studio.store.messages import Status


def _load_json_file(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read {what} file {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise UsageError(f"{what} file {path} is not valid JSON: {exc}") from None


@dataclass(frozen=True)
class Attachment:
    """One ``--image``: the content part sent, and what the history keeps of it: the prepared
    image (stored in the image store) or, for an address sent as is, the address."""

    part: dict[str, Any]
    prepared: PreparedImage | None
    name: str
    url: str = ""
    source_url: str = ""

    def history_image(self) -> HistoryImage:
        """What :class:`TurnRecorder` saves for this image."""
        detail = str(self.part.get("image_url", {}).get("detail") or "auto")
        return HistoryImage(self.prepared, self.name, self.url, self.source_url, detail)


async def fetch_addresses(sources: list[str], as_is: bool) -> dict[str, bytes]:
    """The bytes of each http(s) ``--image`` (as the window does by default: relays often
    cannot reach the address); nothing with ``as_is``. :class:`FetchError` on a failure."""
    fetched: dict[str, bytes] = {}
    for source in sources:
        if not as_is and is_web_url(source) and source not in fetched:
            fetched[source] = await fetch_image(source.strip())
    return fetched


def _image_parts(
    sources: list[str],
    detail: Detail | None,
    model: str,
    language: str,
    fetched: Mapping[str, bytes] | None = None,
) -> list[Attachment]:
    """Prepare each ``--image`` exactly as the chat window does (same target per model);
    an address is prepared from its ``fetched`` bytes, or sent as is when not fetched."""
    out: list[Attachment] = []
    target = target_for_model(model, detail or "auto")
    fetched = fetched or {}
    for source in sources:
        source_url = ""
        if source in fetched:
            data, name, source_url = fetched[source], url_file_name(source), source.strip()
        elif is_web_url(source):
            url = source.strip()
            out.append(Attachment(image_part(url, detail), None, url_file_name(url), url))
            continue
        elif source.lower().startswith("data:"):
            # Prepared like a file (sized for the detail, checked, kept in the history),
            # never passed on unread.
            data, name = _data_url_bytes(source), "image"
        else:
            path = Path(source)
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise UsageError(f"cannot read image {source}: {exc.strerror}") from None
            name = path.name
        try:
            prepared = prepare_image(data, target, name=name)
        except ImageRejected as exc:
            raise UsageError(exc.message(language)) from None
        part = image_part(prepared.data_url(), detail)
        out.append(Attachment(part, prepared, name, source_url=source_url))
    return out


def _data_url_bytes(source: str) -> bytes:
    """The bytes of a ``data:`` URL given to ``--image`` (a usage error when malformed)."""
    head, comma, payload = source.partition(",")
    if not comma:
        raise UsageError("the image data URL has no comma: use data:image/png;base64,…")
    if head.lower().endswith(";base64"):
        try:
            return base64.b64decode("".join(payload.split()), validate=True)
        except binascii.Error:
            raise UsageError("the image data URL is not valid base64") from None
    return unquote_to_bytes(payload)


def build_request(
    ctx: CliContext,
    args: argparse.Namespace,
    fetched: Mapping[str, bytes] | None = None,
    *,
    check_only: bool = False,
) -> tuple[ChatRequest, list[Attachment]]:
    """The ChatRequest described by the command-line arguments, and its images (``fetched``:
    the bytes of the image addresses, see :func:`fetch_addresses`). ``check_only``: only
    raise :class:`UsageError` for bad schema or tools files; images are left for later."""
    messages: list[dict[str, Any]] = []
    if args.system:
        messages.append({"role": "system", "content": args.system})
    model = args.model or ctx.default_model
    sources = [] if check_only else args.image  # (images are read and prepared once, later)
    attachments = _image_parts(sources, args.detail, model, ctx.language, fetched)
    messages.append(user_message(args.prompt, [a.part for a in attachments]))
    response_format: dict[str, Any] | None = None
    if args.json:
        response_format = {"type": "json_object"}
    elif args.schema:
        schema = _load_json_file(args.schema, "schema")
        if not isinstance(schema, dict):
            raise UsageError(f"schema file {args.schema} must hold a JSON object")
        response_format = json_schema_format(schema)
    tools = None
    if args.tools:
        tools = _load_json_file(args.tools, "tools")
        if not isinstance(tools, list) or not all(isinstance(t, dict) for t in tools):
            raise UsageError(f"tools file {args.tools} must hold a JSON array of tool objects")
    request = ChatRequest(
        model=model,
        messages=messages,
        stream=not args.no_stream,
        temperature=args.temperature,
        max_tokens=args.max_tokens,
        response_format=response_format,
        tools=tools,
        tool_choice="auto" if tools else None,
    )
    return request, attachments


async def run_chat(ctx: CliContext, args: argparse.Namespace) -> int:
    """Stream the answer; exit 0 complete, 1 error, 3 incomplete."""
    build_request(ctx, args, {}, check_only=True)  # a typo fails now, not after a download
    try:
        fetched = await fetch_addresses(args.image, getattr(args, "image_url_as_is", False))
    except FetchError as error:
        print(f"studio: {error.message} (--image-url-as-is sends it as is)", file=sys.stderr)
        return EXIT_API
    request, attachments = build_request(ctx, args, fetched)
    recorder = TurnRecorder.open(
        ctx.paths,
        request.model,
        args.system,
        args.prompt,
        images=[a.history_image() for a in attachments],
    )
    result = ChatResult()
    out = sys.stdout
    last_save = time.monotonic()
    status: Status = "interrupted"
    try:
        async for event in ctx.client.chat(request):
            result.apply(event)
            if isinstance(event, ev.TextDelta) and event.choice == 0:
                out.write(event.text)
                out.flush()
            elif isinstance(event, ev.ToolCall) and event.choice == 0:
                line = {"id": event.id, "name": event.name, "arguments": event.arguments}
                out.write(
                    ("\n" if result.text and not result.text.endswith("\n") else "")
                    + json.dumps(line, ensure_ascii=False)
                    + "\n"
                )
                out.flush()
            now = time.monotonic()
            if now - last_save >= 0.25:
                recorder.progress(result)
                last_save = now
        status = "complete"
    except IncompleteAnswerError as error:
        _end_line(out, result)
        print(f"studio: interrupted: {error.message}", file=sys.stderr)
        return EXIT_INCOMPLETE
    except ApiError as error:
        status = "failed"
        _end_line(out, result)
        recorder.error = error.one_line()
        return report(error)
    finally:
        recorder.finish(result, status)
    _end_line(out, result)
    if request.response_format is not None and not result.tool_calls:
        _check_json(result.text)
    return EXIT_OK if status == "complete" else EXIT_API


def _end_line(out: Any, result: ChatResult) -> None:
    if result.text and not result.text.endswith("\n") and not result.tool_calls:
        out.write("\n")
        out.flush()


def _check_json(text: str) -> None:
    body = text.strip()
    if body.startswith("```"):
        body = body.split("\n", 1)[-1].rsplit("```", 1)[0]
    try:
        json.loads(body)
    except json.JSONDecodeError as exc:
        print(f"studio: warning: the model did not return valid JSON ({exc.msg}).", file=sys.stderr)
