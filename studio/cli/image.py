"""``studio image generate`` and ``studio image edit``: save every image, print its path."""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from studio.api.errors import ApiError
from studio.api.images import (
    ImageEditRequest,
    ImageGenerationRequest,
    ImageResult,
    InputImage,
)
from studio.cli.common import EXIT_OK, UsageError, report
from studio.cli.context import CliContext
from studio.media.metadata import embed_metadata


def _slug(prompt: str) -> str:
    words = re.sub(r"[^\w\s-]", "", prompt, flags=re.UNICODE).split()
    return "-".join(words[:6])[:48] or "image"


def _read_input(path: str) -> InputImage:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read image {path}: {exc.strerror}") from None
    if not data:
        raise UsageError(f"image {path} is empty (0 bytes)")
    return InputImage(data=data, filename=Path(path).name)


def _save(
    result: ImageResult, out_dir: Path, prompt: str, model: str, params: dict[str, str]
) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    paths: list[Path] = []
    for number, image in enumerate(result.images, start=1):
        path = out_dir / f"{stamp}-{_slug(prompt)}-{number}.{image.ext}"
        suffix = 2
        while path.exists():
            path = out_dir / f"{stamp}-{_slug(prompt)}-{number}-{suffix}.{image.ext}"
            suffix += 1
        info = {"prompt": prompt, "model": model, "software": "Studio", **params}
        if image.revised_prompt:
            info["revised_prompt"] = image.revised_prompt
        path.write_bytes(embed_metadata(image.data, image.mime, info))
        paths.append(path)
    return paths


async def run_image(ctx: CliContext, args: argparse.Namespace) -> int:
    """Run ``image generate`` or ``image edit``."""
    if args.n < 1 or args.n > 10:
        raise UsageError("-n must be between 1 and 10")
    params = {
        k: str(v)
        for k, v in vars(args).items()
        if k in ("size", "aspect_ratio", "image_size", "n", "seed", "quality") and v is not None
    }
    try:
        if args.image_command == "generate":
            result = await ctx.client.images.generate(
                ImageGenerationRequest(
                    model=args.model,
                    prompt=args.prompt,
                    n=args.n,
                    size=args.size,
                    aspect_ratio=args.aspect_ratio,
                    image_size=args.image_size,
                    seed=args.seed,
                    quality=args.quality,
                )
            )
        else:
            images = [_read_input(p) for p in args.image]
            mask = _read_input(args.mask) if args.mask else None
            result = await ctx.client.images.edit(
                ImageEditRequest(
                    model=args.model,
                    prompt=args.prompt,
                    images=images,
                    mask=mask,
                    n=args.n,
                    size=args.size,
                )
            )
    except ApiError as error:
        return report(error)
    for path in _save(result, Path(args.output), args.prompt, args.model, params):
        print(path, flush=True)
    return EXIT_OK
