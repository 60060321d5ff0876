"""The command line: ``studio chat``, ``studio models``, ``studio image …``, ``studio export``.

It runs the same workflows as the window (:mod:`studio.core`) on the same settings and
history, and imports no Qt: ``studio`` without a command opens the window, which
:mod:`studio.main` (the entry point) decides before anything here runs.

Exit codes: 0 success; 1 API, HTTP or network error (one line on stderr); 2 usage error;
3 answer incomplete (partial text kept on stdout); 130 stopped with Ctrl+C.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from studio import __version__
from studio.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError, prepare_stdio

__all__ = ["build_parser", "run"]


def _add_connection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", help="API base URL (overrides settings and STUDIO_BASE_URL)")
    parser.add_argument("--demo", action="store_true", help="use the built-in offline demo relay")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (kept exact: scripts rely on it)."""
    parser = argparse.ArgumentParser(
        prog="studio", description="Chat and image studio for OpenAI-compatible relays."
    )
    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    _add_connection(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    chat = sub.add_parser("chat", help="ask a model; the answer streams to stdout")
    _add_connection(chat)
    chat.add_argument("-m", "--model", help="model id (default: the provider's default model)")
    chat.add_argument(
        "--assistant",
        metavar="NAME",
        help="start from an assistant's settings (Settings → Assistants in the window); "
        "the other options override them",
    )
    chat.add_argument("--system", help="system prompt")
    chat.add_argument(
        "--image",
        action="append",
        default=[],
        metavar="PATH|URL",
        help="attach an image file or an http(s) image URL (repeatable); an address is "
        "fetched and sent inline, as the window does",
    )
    chat.add_argument(
        "--image-url-as-is",
        action="store_true",
        help="send image addresses as they are (the relay must be able to reach them)",
    )
    chat.add_argument(
        "--detail", choices=("low", "high", "auto"), default=None, help="image detail level"
    )
    fmt = chat.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="ask for a JSON object")
    fmt.add_argument("--schema", metavar="FILE", help="ask for JSON valid against a JSON Schema")
    chat.add_argument(
        "--tools",
        metavar="FILE",
        help="JSON array of OpenAI tool definitions; calls print as JSON lines",
    )
    chat.add_argument("--no-stream", action="store_true", help="wait for the whole answer")
    chat.add_argument("--temperature", type=float, metavar="T")
    chat.add_argument("--max-tokens", type=int, metavar="N")
    chat.add_argument("prompt", metavar="PROMPT")

    models = sub.add_parser("models", help="list the relay's models, one id per line")
    _add_connection(models)

    image = sub.add_parser("image", help="generate or edit images")
    image_sub = image.add_subparsers(dest="image_command", metavar="ACTION", required=True)
    gen = image_sub.add_parser("generate", help="generate images from a prompt")
    _add_connection(gen)
    gen.add_argument("-m", "--model", required=True)
    gen.add_argument("-p", "--prompt", required=True)
    gen.add_argument("--size", metavar="WxH")
    gen.add_argument("--aspect-ratio", metavar="R")
    gen.add_argument("--image-size", choices=("1K", "2K", "4K"))
    gen.add_argument("-n", type=int, default=1, metavar="N")
    gen.add_argument("--seed", type=int, metavar="S")
    gen.add_argument("--quality", metavar="Q")
    gen.add_argument("-o", "--output", default=".", metavar="DIR")

    edit = image_sub.add_parser(
        "edit",
        help="edit or merge images",
        description="Edit or merge images with the window's edit workflow. Each edit is also "
        "kept as an edit session (its inputs, mask and result versions) that the window's "
        "Edit page lists and can continue. Inputs are prepared as the window prepares them "
        "(EXIF orientation applied, HEIC/WebP converted, each file under the relay's 10 MB "
        "limit; sent smaller once after a 413).",
    )
    _add_connection(edit)
    edit.add_argument("-m", "--model", required=True)
    edit.add_argument("-p", "--prompt", required=True)
    edit.add_argument(
        "--image",
        action="append",
        required=True,
        metavar="PATH",
        help="an input picture (repeatable): the first is the base the mask applies to, the "
        "others are references, sent in this order",
    )
    edit.add_argument(
        "--mask",
        metavar="PATH",
        help="the base's mask in the edit API's form: a PNG with alpha, transparent (alpha 0) "
        "where the model may change the picture",
    )
    edit.add_argument(
        "--keep-outside-mask",
        action="store_true",
        help="paste the original back outside the mask (with a soft 4 px seam), as the "
        "window does; needs --mask",
    )
    edit.add_argument(
        "--field",
        choices=("image", "image[]"),
        metavar="FORM",
        help="send the image parts under this name, image or image[], and only this one "
        "(default: the provider's form, retried once in the other form if the relay "
        "refuses it)",
    )
    edit.add_argument("--size", metavar="WxH")
    edit.add_argument("-n", type=int, default=1, metavar="N")
    edit.add_argument("-o", "--output", default=".", metavar="DIR")

    export = sub.add_parser("export", help="export conversations to Markdown or JSON")
    export.add_argument(
        "--conversation", metavar="ID|latest", help="one conversation (default: all)"
    )
    export.add_argument("--format", choices=("md", "json"), default="md")
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the command ``args`` names (not the window: see :mod:`studio.main`); the exit code."""
    prepare_stdio()
    try:
        if args.command == "export":
            from studio.cli.export import run_export

            return run_export(args)
        return asyncio.run(_dispatch(args))
    except UsageError as exc:
        print(f"studio: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("studio: stopped.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


async def _dispatch(args: argparse.Namespace) -> int:
    from studio.cli.context import open_context
    from studio.store.presence import Presence

    async with open_context(args) as ctx:
        if args.command == "models":
            from studio.cli.models import run_models

            return await run_models(ctx)
        # Marked as running, so that an app starting meanwhile leaves this answer or job be.
        with Presence(ctx.paths.root, str(args.command)) as presence:
            if args.command == "chat":
                from studio.cli.chat import run_chat

                return await run_chat(ctx, args)
            if args.image_command == "edit":
                from studio.cli.image_edit import run_edit

                return await run_edit(ctx, args, presence)
            from studio.cli.image import run_image

            return await run_image(ctx, args)
