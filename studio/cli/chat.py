"""``studio chat``: stream one answer to stdout; the turn is the window's (studio.core.chat).

The arguments become a conversation's settings checked by the same rules as the window's;
the conversation, its user message and its answer are saved and titled by the same code.
``--assistant NAME`` starts from an assistant's settings (the same copy a window chat makes,
its library functions included); the other options override them.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import contextlib
import dataclasses
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

from studio.api.chat import Detail
from studio.api.errors import ApiError, IncompleteAnswerError
from studio.api.urlfetch import FetchError, fetch_image, is_web_url, url_file_name
from studio.cli.common import EXIT_API, EXIT_INCOMPLETE, EXIT_OK, UsageError, report
from studio.cli.context import CliContext
from studio.core.chat import events as ce
from studio.core.chat.assistants import Assistant, AssistantBook
from studio.core.chat.attachments import link_reference, store_prepared
from studio.core.chat.conversation import ChatStores, Conversation
from studio.core.chat.options import (
    ChatSettings,
    ToolSettings,
    checked_output,
    checked_params,
    checked_tools,
)
from studio.core.chat.tools import ToolRegistry
from studio.core.chat.turn import ChatTurn
from studio.media.limits import ImageRejected
from studio.media.prepare import PreparedImage, prepare_image
from studio.media.vision_targets import target_for_model
from studio.store.assistants import AssistantStore
from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.functions import FunctionStore
from studio.store.images import ImageStore
from studio.store.messages import MessageStore


def _load_json_file(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read {what} file {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise UsageError(f"{what} file {path} is not valid JSON: {exc}") from None


@dataclass(frozen=True)
class Attachment:
    """One ``--image``: the prepared image (stored in the image store when the turn is
    saved) or, for an address sent as is, the address."""

    prepared: PreparedImage | None
    name: str
    url: str = ""
    source_url: str = ""
    detail: str = "auto"

    def reference(self, store: ImageStore) -> dict[str, Any]:
        """The message reference, the same shape the chat window stores."""
        if self.prepared is None:
            return link_reference(self.url, self.name, self.detail)
        return store_prepared(store, self.prepared, self.name, source_url=self.source_url)


async def fetch_addresses(ctx: CliContext, sources: list[str], as_is: bool) -> dict[str, bytes]:
    """The bytes of each http(s) ``--image`` (as the window does by default: relays often
    cannot reach the address), through the provider's HTTP session (its proxy, never its
    key); nothing with ``as_is``. :class:`FetchError` on a failure."""
    fetched: dict[str, bytes] = {}
    for source in sources:
        if not as_is and is_web_url(source) and source not in fetched:
            fetched[source] = await fetch_image(
                source.strip(), http=ctx.client.http, language=ctx.language
            )
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
            out.append(Attachment(None, url_file_name(url), url, detail=detail or "auto"))
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
        out.append(Attachment(prepared, name, source_url=source_url))
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


def find_assistant(database: Database, name: str) -> Assistant:
    """The assistant called ``name`` (letter case ignored); a :class:`UsageError` naming the
    assistants there are when there is none."""
    book = AssistantBook(AssistantStore(database), FunctionStore(database), ToolRegistry())
    found = book.by_name(name)
    if found is not None:
        return found
    names = [a.name for a in book.assistants()]
    if names:
        raise UsageError(f"there is no assistant called {name!r} (yours: {', '.join(names)})")
    raise UsageError(
        f"there is no assistant called {name!r}: create one in the window (Settings → Assistants)"
    )


def chat_settings(
    ctx: CliContext, args: argparse.Namespace, assistant: Assistant | None = None
) -> ChatSettings:
    """The conversation settings the arguments describe (over ``assistant``'s, if given),
    checked by the same rules as the window's (a :class:`UsageError` for a bad schema or tools
    file or a value out of range)."""
    base = assistant.chat_settings() if assistant is not None else ChatSettings(model="")
    model = (args.model or base.model or ctx.default_model).strip()
    if not model:
        raise UsageError("the model is empty: name one with -m")
    wanted: dict[str, Any] = dict(base.params)
    for name, value in (("temperature", args.temperature), ("max_tokens", args.max_tokens)):
        if value is not None:
            wanted[name] = value
    try:
        params, extra = checked_params(wanted, base.extra_body)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    output = base.output
    if args.json:
        output = checked_output("json_object", None, "response", output)
    elif args.schema:
        schema = _load_json_file(args.schema, "schema")
        if not isinstance(schema, dict):
            raise UsageError(f"schema file {args.schema} must hold a JSON object")
        try:
            output = checked_output("json_schema", schema, "response", output)
        except ValueError as exc:
            raise UsageError(f"schema file {args.schema}: {exc}") from None
    tools = base.tools
    if args.tools:
        definitions = _load_json_file(args.tools, "tools")
        if not isinstance(definitions, list) or not all(isinstance(t, dict) for t in definitions):
            raise UsageError(f"tools file {args.tools} must hold a JSON array of tool objects")
        try:
            own = checked_tools((), definitions, ToolRegistry())
        except ValueError as exc:
            raise UsageError(f"tools file {args.tools}: {exc}") from None
        tools = ToolSettings(tools.builtins, (*tools.user, *own.user), tools.functions)
    return dataclasses.replace(
        base,
        model=model,
        system_prompt=args.system if args.system is not None else base.system_prompt,
        params=params,
        extra_body=extra,
        output=output,
        tools=tools,
    )


async def run_chat(ctx: CliContext, args: argparse.Namespace) -> int:
    """Stream the answer (the window's chat turn); exit 0 complete, 1 error, 3 incomplete."""
    assistant = None
    if getattr(args, "assistant", None):
        with Database(ctx.paths.database) as database:
            assistant = find_assistant(database, args.assistant)
    settings = chat_settings(ctx, args, assistant)  # a typo fails now, not after a download
    try:
        fetched = await fetch_addresses(ctx, args.image, getattr(args, "image_url_as_is", False))
    except FetchError as error:
        print(f"studio: {error.message} (--image-url-as-is sends it as is)", file=sys.stderr)
        return EXIT_API
    attachments = _image_parts(args.image, args.detail, settings.model, ctx.language, fetched)
    database = Database(ctx.paths.database)
    try:
        stores = ChatStores(
            ConversationStore(database),
            MessageStore(database),
            ImageStore(ctx.paths.images, database),
            FunctionStore(database),
        )
        assert stores.images is not None
        refs = [a.reference(stores.images) for a in attachments]
        conversation = Conversation.create(
            stores, settings, assistant=assistant.name if assistant is not None else None
        )
        user = conversation.add_message(
            "user", args.prompt, parent_id=None, attachments=refs or None, model=settings.model
        )
        turn = ChatTurn(conversation, lambda: ctx.client, ToolRegistry(), stream=not args.no_stream)
        turn.begin(user.id)
        return await _print_turn(turn)
    finally:
        database.close()


async def _print_turn(turn: ChatTurn) -> int:
    """Print the answer as it streams (tool calls as JSON lines); the exit code."""
    out = sys.stdout
    printed = _Printed()
    code = EXIT_OK
    try:
        async with contextlib.aclosing(turn.run()) as events:
            async for event in events:
                code = _print_event(event, out, printed, code)
    except BrokenPipeError:
        turn.interrupt()  # the reader went away: what arrived is saved as interrupted
        raise
    return code


def _print_event(event: ce.TurnEvent, out: Any, printed: _Printed, code: int) -> int:
    """Print one turn event; the exit code so far."""
    if isinstance(event, ce.AnswerDelta) and event.text:
        out.write(event.text)
        out.flush()
        printed.add(event.text)
    elif isinstance(event, ce.ToolCallReceived):
        call = event.call
        line = {"id": call.id, "name": call.name, "arguments": call.arguments}
        out.write(("\n" if printed.open_line else "") + json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()
        printed.calls = True
        printed.open_line = False
    elif isinstance(event, ce.AnswerFinished):
        _end_line(out, printed)
        code = _finished(event)
    elif isinstance(event, ce.JsonChecked) and not event.ok:
        print(f"studio: warning: {event.detail}", file=sys.stderr)
    return code


@dataclass
class _Printed:
    """What went to stdout: whether the last line is still open, and whether calls were."""

    open_line: bool = False
    calls: bool = False

    def add(self, text: str) -> None:
        self.open_line = not text.endswith("\n")


def _finished(event: ce.AnswerFinished) -> int:
    """The exit code of an ended answer (its one line on stderr when it did not complete)."""
    error = event.error
    if event.status == "complete" and event.finish_reason == "length":
        print(
            "studio: the answer stopped at the token limit (finish_reason: length); "
            "raise --max-tokens for a longer one.",
            file=sys.stderr,
        )
        return EXIT_INCOMPLETE
    if event.status == "complete":
        return EXIT_OK
    if isinstance(error, IncompleteAnswerError):
        print(f"studio: interrupted: {error.message}", file=sys.stderr)
        return EXIT_INCOMPLETE
    if isinstance(error, ApiError):
        return report(error)
    print(f"studio: {event.message or event.status}", file=sys.stderr)
    return EXIT_API


def _end_line(out: Any, printed: _Printed) -> None:
    if printed.open_line and not printed.calls:
        out.write("\n")
        out.flush()
    printed.open_line = False
