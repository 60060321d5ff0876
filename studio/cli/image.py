"""``studio image generate`` and ``studio image edit``: save every image, print its path.

Each run is also recorded in the gallery (the same database and image folder the app uses):
the job is written before the request goes out, each image is stored with its metadata, and
the file written to the output folder is that same stored copy. If the gallery cannot be
opened the images are still saved to the output folder, with a warning on stderr.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from studio.api.errors import ApiError
from studio.api.images import (
    ImageEditRequest,
    ImageGenerationRequest,
    ImageResult,
    InputImage,
)
from studio.cli.common import EXIT_OK, UsageError, report
from studio.cli.context import CliContext
from studio.media.metadata import embed_metadata, generation_info, image_dimensions
from studio.store.database import Database, StoreError
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore

_GENERATE_PARAMS = ("size", "aspect_ratio", "image_size", "n", "seed", "quality")
_EDIT_PARAMS = ("size", "n")


def _slug(prompt: str) -> str:
    words = re.sub(r"[^\w\s-]", "", prompt, flags=re.UNICODE).split()
    return "-".join(words[:6])[:48] or "image"


def _output_dir(name: str) -> Path:
    """The output folder, created now: a bad ``-o`` must not cost a billed generation."""
    path = Path(name)
    if path.exists() and not path.is_dir():
        raise UsageError(f"cannot save into {name}: it is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the output folder {name}: {exc.strerror}") from None
    return path


def _read_input(path: str) -> InputImage:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read image {path}: {exc.strerror}") from None
    if not data:
        raise UsageError(f"image {path} is empty (0 bytes)")
    return InputImage(data=data, filename=Path(path).name)


class _Recorder:
    """Records one CLI run in the gallery; every method is a no-op when it is unavailable."""

    def __init__(self, ctx: CliContext) -> None:
        self.db: Database | None = None
        self.gallery: GalleryStore | None = None
        self.job_id: int | None = None
        try:
            self.db = Database(ctx.paths.database)
            self.gallery = GalleryStore(self.db, ImageStore(ctx.paths.images, self.db))
        except (StoreError, OSError, sqlite3.Error) as exc:
            self._warn(exc)

    def _warn(self, exc: BaseException) -> None:
        print(
            f"studio: warning: not recorded in the gallery ({exc}); "
            "the images are saved in the output folder only.",
            file=sys.stderr,
        )
        self.gallery = None

    def start(self, model: str, prompt: str, params: dict[str, Any], provider: str) -> None:
        if self.gallery is None:
            return
        try:
            self.job_id = self.gallery.add_job(model, prompt, params, provider)
            self.gallery.remember_prompt(prompt)
            self.gallery.set_job_status(self.job_id, "running")
        except (StoreError, OSError, sqlite3.Error) as exc:
            self._warn(exc)

    def usage(self, usage: dict[str, Any] | None) -> None:
        """Keep the tokens the answer reported (the window shows them with the picture)."""
        if self.gallery is not None and self.job_id is not None and usage:
            try:
                self.gallery.set_job_usage(self.job_id, usage)
            except (StoreError, sqlite3.Error) as exc:
                self._warn(exc)

    def finish(self, status: str, error: str | None = None) -> None:
        if self.gallery is not None and self.job_id is not None:
            try:
                self.gallery.set_job_status(self.job_id, status, error)
            except (StoreError, OSError, sqlite3.Error) as exc:
                self._warn(exc)

    def store(
        self, index: int, data: bytes, mime: str, ext: str, seed: Any, revised: str | None
    ) -> tuple[bytes, str] | None:
        """The stored copy (metadata embedded) and its extension, or None."""
        if self.gallery is None or self.job_id is None:
            return None
        width, height = image_dimensions(data)
        try:
            item = self.gallery.add_image(
                self.job_id,
                index,
                data,
                mime,
                ext,
                width,
                height,
                seed if isinstance(seed, int) else None,
                revised,
            )
            return item.path.read_bytes(), item.path.suffix.lstrip(".")
        except (StoreError, OSError, sqlite3.Error) as exc:
            self._warn(exc)
            return None

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


def _save(
    result: ImageResult,
    out_dir: Path,
    prompt: str,
    model: str,
    params: dict[str, Any],
    recorder: _Recorder,
) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    paths: list[Path] = []
    for number, image in enumerate(result.images, start=1):
        seed = params.get("seed")
        stored = recorder.store(
            number - 1, image.data, image.mime, image.ext, seed, image.revised_prompt
        )
        if stored is not None:
            data, ext = stored
        else:
            info = generation_info(
                prompt=prompt,
                model=model,
                params=params,
                seed=seed if isinstance(seed, int) else None,
                created_at=time.time(),
                revised_prompt=image.revised_prompt,
            )
            data, ext = embed_metadata(image.data, image.mime, info), image.ext
        path = out_dir / f"{stamp}-{_slug(prompt)}-{number}.{ext}"
        suffix = 2
        while path.exists():
            path = out_dir / f"{stamp}-{_slug(prompt)}-{number}-{suffix}.{ext}"
            suffix += 1
        path.write_bytes(data)
        paths.append(path)
    return paths


async def run_image(ctx: CliContext, args: argparse.Namespace) -> int:
    """Run ``image generate`` or ``image edit``."""
    if args.n < 1 or args.n > 10:
        raise UsageError("-n must be between 1 and 10")
    if not args.model.strip():
        raise UsageError("the model is empty: name one with -m")
    if not args.prompt.strip():
        raise UsageError("the prompt is empty: describe the picture with -p")
    generate = args.image_command == "generate"
    names = _GENERATE_PARAMS if generate else _EDIT_PARAMS
    params: dict[str, Any] = {k: v for k, v in vars(args).items() if k in names and v is not None}
    if not generate:
        params["operation"] = "edit"
    images = [] if generate else [_read_input(p) for p in args.image]
    mask = _read_input(args.mask) if not generate and args.mask else None
    out_dir = _output_dir(args.output)
    recorder = _Recorder(ctx)
    try:
        recorder.start(args.model, args.prompt, params, ctx.provider.settings.name)
        try:
            if generate:
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
            recorder.finish("failed", " ".join(error.message.split()))
            return report(error)
        except BaseException:
            recorder.finish("cancelled")
            raise
        recorder.usage(dict(result.usage) if result.usage else None)
        try:
            paths = _save(result, out_dir, args.prompt, args.model, params, recorder)
        except BaseException as exc:
            recorder.finish("failed", f"{type(exc).__name__}: {exc}")
            raise
        recorder.finish("done")
        for path in paths:
            print(path, flush=True)
    finally:
        recorder.close()
    return EXIT_OK
