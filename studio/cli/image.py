"""``studio image generate``: save every image, print its path (helpers ``image edit`` shares).

Each run is also recorded in the gallery (the same database and image folder the app uses):
the job is written before the request goes out, each image is stored with its metadata, and
the file written to the output folder is that same stored copy. If the gallery cannot be
opened the images are still saved to the output folder, with a warning on stderr.
``image edit`` (:mod:`studio.cli.image_edit`) writes its files the same way, and runs the
window's edit round on an edit session.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from studio.api.errors import ApiError
from studio.api.images import ImageGenerationRequest, InputImage
from studio.cli.common import EXIT_OK, UsageError, report
from studio.cli.context import CliContext
from studio.core.images import (
    API_ERROR,
    FAILED,
    GalleryUnavailable,
    ImageArrived,
    ImageJobEvent,
    ImageJobRun,
    ItemSaved,
    JobFailed,
)
from studio.media.metadata import embed_metadata, generation_info
from studio.store.database import Database, StoreError
from studio.store.gallery import GalleryItem, GalleryStore
from studio.store.images import ImageStore

_GENERATE_PARAMS = ("size", "aspect_ratio", "image_size", "n", "seed", "quality")


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


def _warn(reason: object) -> None:
    print(
        f"studio: warning: not recorded in the gallery ({reason}); "
        "the images are saved in the output folder only.",
        file=sys.stderr,
    )


def _open_gallery(ctx: CliContext) -> tuple[Database | None, GalleryStore | None]:
    """The app's gallery, or (with a warning) none: the images still reach the folder."""
    db: Database | None = None
    try:
        db = Database(ctx.paths.database)
        return db, GalleryStore(db, ImageStore(ctx.paths.images, db))
    except (StoreError, OSError) as exc:
        _warn(exc)
        return db, None


class _Output:
    """Writes each image into the output folder as it is kept: the gallery's copy (metadata
    embedded), or, when the job is not recorded, the answer's bytes with the metadata."""

    def __init__(self, out_dir: Path, prompt: str, model: str, params: dict[str, Any]) -> None:
        self._dir = out_dir
        self._prompt = prompt
        self._model = model
        self._params = params
        self._stamp = time.strftime("%Y%m%d-%H%M%S")
        self.paths: list[Path] = []

    def stored(self, index: int, item: GalleryItem) -> None:
        self._write(index, item.path.read_bytes(), item.path.suffix.lstrip("."))

    def unrecorded(self, image: ImageArrived) -> None:
        seed = self._params.get("seed")
        info = generation_info(
            prompt=self._prompt,
            model=self._model,
            params=self._params,
            seed=seed if isinstance(seed, int) else None,
            created_at=time.time(),
            revised_prompt=image.revised_prompt,
        )
        self._write(image.index, embed_metadata(image.data, image.mime, info), image.ext)

    def _write(self, index: int, data: bytes, ext: str) -> None:
        self._dir.mkdir(parents=True, exist_ok=True)
        number, slug = index + 1, _slug(self._prompt)
        path = self._dir / f"{self._stamp}-{slug}-{number}.{ext}"
        suffix = 2
        while path.exists():
            path = self._dir / f"{self._stamp}-{slug}-{number}-{suffix}.{ext}"
            suffix += 1
        path.write_bytes(data)
        self.paths.append(path)


async def _follow(
    run: ImageJobRun, events: AsyncIterator[ImageJobEvent], output: _Output
) -> JobFailed | None:
    """Write every image of ``run`` as it is kept; the failure that ended the run, if any."""
    pending: ImageArrived | None = None  # arrived, waiting for its stored copy
    failure: JobFailed | None = None
    async for event in events:
        if isinstance(event, ImageArrived):
            pending = event
            if not run.row.recorded:
                output.unrecorded(event)
                pending = None
        elif isinstance(event, ItemSaved):
            output.stored(event.index, event.item)
            pending = None
        elif isinstance(event, GalleryUnavailable):
            _warn(event.problem.data.get("reason", ""))
            if pending is not None:  # its save is what gave the gallery up
                output.unrecorded(pending)
                pending = None
        elif isinstance(event, JobFailed):
            failure = event
    return failure


def check_common(args: argparse.Namespace) -> None:
    """The checks ``image generate`` and ``image edit`` share (usage errors)."""
    if args.n < 1 or args.n > 10:
        raise UsageError("-n must be between 1 and 10")
    if not args.model.strip():
        raise UsageError("the model is empty: name one with -m")
    if not args.prompt.strip():
        raise UsageError("the prompt is empty: describe the picture with -p")


async def run_image(ctx: CliContext, args: argparse.Namespace) -> int:
    """Run ``image generate`` (``image edit`` is :func:`studio.cli.image_edit.run_edit`)."""
    check_common(args)
    params: dict[str, Any] = {
        k: v for k, v in vars(args).items() if k in _GENERATE_PARAMS and v is not None
    }
    out_dir = _output_dir(args.output)
    request = ImageGenerationRequest(
        model=args.model,
        prompt=args.prompt,
        n=args.n,
        size=args.size,
        aspect_ratio=args.aspect_ratio,
        image_size=args.image_size,
        seed=args.seed,
        quality=args.quality,
    )
    db, gallery = _open_gallery(ctx)
    try:
        run = ImageJobRun(
            gallery,
            ctx.client,
            request,
            params,
            provider=ctx.provider.settings.name,
            gallery_optional=True,
        )
        output = _Output(out_dir, args.prompt, args.model, params)
        events = run.events()
        try:
            failure = await _follow(run, events, output)
        except BaseException as exc:
            # Writing into the output folder failed (a cancel has ended the row already).
            run.row.finish(FAILED, f"{type(exc).__name__}: {exc}")
            raise
        finally:
            await events.aclose()
        if failure is not None:
            if failure.problem.code == API_ERROR and isinstance(failure.error, ApiError):
                return report(failure.error)
            raise failure.error or RuntimeError(failure.problem.code)
        for path in output.paths:
            print(path, flush=True)
    finally:
        if db is not None:
            db.close()
    return EXIT_OK
