"""``studio image edit``: one round of the window's edit workflow, files saved, paths printed.

The edit runs as a real :class:`~studio.core.edit.EditRound` on an edit session made from
the input files, so it shows up in the window's Edit page (the first ``--image`` is the
base, the others are the references in order, the mask applies to the base) with its
version(s). The inputs are prepared as the window prepares them: the session keeps each
file upright (EXIF orientation applied) as a lossless PNG, and the round sends PNG or JPEG
under the relay's 10 MB per-file limit, smaller once after a 413. A refused image field
form is retried once in the other form, unless ``--field`` forced one: a forced form is the
only one sent, so a relay that refuses it fails the edit after that one request.

``--mask`` takes the edit API's form (a picture with alpha, 0 where the model may change
it); it becomes the session's mask (mode L, 255 = editable). ``--keep-outside-mask`` pastes
the original back outside the mask, as the window does; the unblended result stays in the
session as the version's raw picture.

As before, the job is also recorded in the gallery and the file written to the output folder
is the gallery's copy (metadata embedded). When the database cannot be opened, the round
runs on a throw-away store and the images reach the output folder only (with the warning).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from studio.api.errors import ApiError
from studio.api.images import InputImage
from studio.cli.common import EXIT_API, EXIT_OK, UsageError, report
from studio.cli.context import CliContext
from studio.cli.image import (
    _open_gallery,
    _Output,
    _output_dir,
    _read_input,
    _warn,
    check_common,
)
from studio.config.image_models import (
    ImageModelSpec,
    edit_request_params,
    edit_route,
    generic_spec,
    load_image_models,
    spec_for,
    user_models_file,
)
from studio.config.settings import SettingsStore
from studio.core.edit import (
    API_ERROR,
    DONE,
    UNEXPECTED,
    EditRefused,
    EditRound,
    FieldLearned,
    Retrying,
    RoundFinished,
    VersionSaved,
    english,
)
from studio.core.images import CANCELLED, FAILED, ImageArrived, JobRow
from studio.core.relay import remember_image_field
from studio.media.edit_pictures import mask_from_api, mask_png_is_empty, source_png
from studio.media.limits import ImageRejected
from studio.media.sniff import EXTENSIONS, MIME_TYPES, sniff_format
from studio.store.database import Database, StoreError
from studio.store.edits import EditSession, EditStore
from studio.store.gallery import GalleryStore
from studio.store.images import ImageStore
from studio.store.presence import Presence, others_present

_STORE_ERRORS = (StoreError, OSError)


def _note(text: str) -> None:
    print(f"studio: {text}", file=sys.stderr)


def _spec(ctx: CliContext, model: str, count: int) -> ImageModelSpec:
    """The model's spec; a model the table says cannot edit is sent as an unknown one is
    (the relay decides, as before), with room for every image given."""
    spec = spec_for(model, load_image_models(user_models_file(ctx.paths.root)))
    if spec.edit is not None:
        return spec
    generic = generic_spec(model)
    assert generic.edit is not None
    edit = dataclasses.replace(generic.edit, max_images=max(generic.edit.max_images, count))
    return dataclasses.replace(generic, edit=edit)


def _check_params(spec: ImageModelSpec, args: argparse.Namespace, params: dict[str, Any]) -> None:
    """Say which given options the model's edit does not take (they are not sent)."""
    wire = edit_request_params(spec, params)
    if args.size is not None and wire.get("size") != args.size:
        _note(f"warning: {spec.id} does not take --size {args.size} for an edit; not sent.")
    if args.n != 1 and wire.get("n") != args.n:
        sent = wire.get("n")
        what = f"-n {sent} is sent" if sent is not None else "not sent"
        _note(f"warning: {spec.id} does not take -n {args.n} for an edit; {what}.")


def _pictures(
    images: list[InputImage], mask: InputImage | None, names: list[str], mask_name: str
) -> tuple[list[bytes], bytes | None]:
    """Every input as the session keeps it (upright lossless PNG) and the mask (mode L PNG);
    usage errors for pictures Studio cannot read (blocking)."""
    pictures: list[bytes] = []
    size = (0, 0)
    for number, (image, name) in enumerate(zip(images, names, strict=True)):
        try:
            picture = source_png(image.data, image.filename)
        except (ImageRejected, ValueError, OSError) as exc:
            raise UsageError(f"cannot use image {name}: {exc}") from None
        if number == 0:
            size = (picture.width, picture.height)
        pictures.append(picture.data)
    mask_png: bytes | None = None
    if mask is not None:
        try:
            mask_png = mask_from_api(mask.data, size, mask.filename)
        except (ImageRejected, ValueError, OSError) as exc:
            raise UsageError(f"cannot use mask {mask_name}: {exc}") from None
    return pictures, mask_png


@contextlib.contextmanager
def _throwaway_store() -> Iterator[EditStore]:
    """An edit store in a temporary folder, removed afterwards (the database is unusable)."""
    with tempfile.TemporaryDirectory(prefix="studio-edit-") as folder:
        db = Database(Path(folder) / "studio.sqlite3")
        try:
            yield EditStore(db, ImageStore(Path(folder) / "images", db))
        finally:
            db.close()


def _new_session(
    store: EditStore,
    pictures: list[bytes],
    mask_png: bytes | None,
    args: argparse.Namespace,
    params: dict[str, Any],
) -> EditSession:
    """The session of this edit: the base, the references in order, the mask, the draft."""
    session = store.create_session(
        pictures[0],
        title=Path(args.image[0]).name,
        model=args.model,
        prompt=args.prompt,
        params=params,
        keep_outside=bool(args.keep_outside_mask),
    )
    references = [store.put_image(data) for data in pictures[1:]]
    mask_hash = store.put_image(mask_png) if mask_png is not None else None
    return store.update_draft(session.id, references=references, mask_hash=mask_hash)


async def run_edit(
    ctx: CliContext, args: argparse.Namespace, presence: Presence | None = None
) -> int:
    """Run ``image edit`` (``presence``: this process's mark in the data folder)."""
    check_common(args)
    field: str | None = args.field
    keep = bool(args.keep_outside_mask)
    if keep and not args.mask:
        raise UsageError("--keep-outside-mask needs a mask: give it with --mask")
    images = [_read_input(path) for path in args.image]
    mask = _read_input(args.mask) if args.mask else None
    out_dir = _output_dir(args.output)
    spec = _spec(ctx, args.model, len(images))
    capability = spec.edit
    assert capability is not None
    if len(images) > capability.max_images:
        raise UsageError(
            f"{spec.id} takes at most {capability.max_images} pictures in an edit; "
            f"{len(images)} were given."
        )
    chat = edit_route(spec, ctx.client.config.chat_image_models) == "chat"
    params: dict[str, Any] = {"n": args.n}
    if args.size is not None:
        params["size"] = args.size
    _check_params(spec, args, params)
    if field is not None and (chat or capability.route == "chat"):
        _note(f"warning: {spec.id} edits through chat; --field is not used.")
    pictures, mask_png = await asyncio.to_thread(
        _pictures, images, mask, list(args.image), str(args.mask or "")
    )
    if mask_png is not None:
        if await asyncio.to_thread(mask_png_is_empty, mask_png):
            _note("warning: the mask has no transparent pixel (nothing to edit); not used.")
        elif not capability.takes_mask and not keep:
            _note(
                f"warning: {spec.id} takes no mask and may change the whole picture; "
                "--keep-outside-mask keeps the outside."
            )

    db, gallery = _open_gallery(ctx)
    try:
        if gallery is not None and db is not None:
            store = EditStore(db, gallery.images)
            if not others_present(ctx.paths.root, presence):
                # No other Studio works on this folder: rounds left running were a crash's.
                with contextlib.suppress(*_STORE_ERRORS):
                    store.mark_interrupted_at_startup()
            return await _edit(ctx, args, spec, chat, store, gallery, (pictures, mask_png), out_dir)
        with _throwaway_store() as store:
            return await _edit(ctx, args, spec, chat, store, None, (pictures, mask_png), out_dir)
    finally:
        if db is not None:
            db.close()


async def _edit(
    ctx: CliContext,
    args: argparse.Namespace,
    spec: ImageModelSpec,
    chat: bool,
    store: EditStore,
    gallery: GalleryStore | None,
    inputs: tuple[list[bytes], bytes | None],
    out_dir: Path,
) -> int:
    """The round on ``store`` (its gallery row in ``gallery``, None: not recorded)."""
    pictures, mask_png = inputs
    params: dict[str, Any] = {"n": args.n}
    if args.size is not None:
        params["size"] = args.size
    try:
        session = await asyncio.to_thread(_new_session, store, pictures, mask_png, args, params)
    except _STORE_ERRORS as exc:
        raise UsageError(f"cannot keep the edit session: {exc}") from None
    edit = EditRound(
        store,
        ctx.client,
        spec,
        session,
        image_field=args.field,
        route="chat" if chat else None,
        field_retry=args.field is None,
    )
    try:
        edit.begin()
    except EditRefused as refused:
        raise UsageError(english(refused.problem)) from None
    gallery_params = {**params, "operation": "edit"}
    row = JobRow(gallery, optional=True)
    row.add(args.model, args.prompt, gallery_params, ctx.provider.settings.name)
    row.set_running()
    output = _Output(out_dir, args.prompt, args.model, gallery_params)
    told_lost = False
    finished: RoundFinished | None = None
    events = edit.events()
    try:
        async for event in events:
            if isinstance(event, Retrying):
                if event.reason == "field":
                    _note(f"the relay refused the image field; sending it once as “{event.field}”.")
                else:
                    _note("the relay found the pictures too large; sending them smaller once.")
            elif isinstance(event, FieldLearned):
                _note(f"this relay takes the image field as “{event.field}” (see --field).")
                _remember_field(ctx, event.field)
            elif isinstance(event, VersionSaved):
                await _write(store, row, output, event)
            elif isinstance(event, RoundFinished):
                finished = event
            if row.lost is not None and not told_lost:
                told_lost = True
                _warn(row.lost)
    except BaseException as exc:
        cancelled = isinstance(exc, asyncio.CancelledError | KeyboardInterrupt)
        row.finish(CANCELLED if cancelled else FAILED, f"{type(exc).__name__}: {exc}")
        raise
    finally:
        await events.aclose()
    assert finished is not None
    if finished.status == DONE:
        note = english(finished.warning) if finished.warning is not None else None
        row.finish(DONE, note)
        if note is not None:
            _note(f"warning: {note}")
        for path in output.paths:
            print(path, flush=True)
        return EXIT_OK
    problem = finished.problem
    text = english(problem) if problem is not None else finished.status
    row.finish(FAILED, text)
    if problem is not None and problem.code == API_ERROR and isinstance(finished.error, ApiError):
        return report(finished.error)
    if problem is not None and problem.code == UNEXPECTED and finished.error is not None:
        raise finished.error
    _note(text)
    return EXIT_API


async def _write(store: EditStore, row: JobRow, output: _Output, event: VersionSaved) -> None:
    """Write one saved version into the output folder: the gallery's copy, or its bytes."""
    version = event.version
    data = await asyncio.to_thread(store.images.get, version.image_hash)
    found = sniff_format(data) or "png"
    mime, ext = MIME_TYPES[found], EXTENSIONS[found]
    if row.recorded:
        try:
            item = await asyncio.to_thread(
                row.add_image,
                event.index,
                data,
                mime,
                ext,
                (version.width, version.height),
                None,
                None,
            )
        except _STORE_ERRORS:
            item = None  # the optional row gave the gallery up; the bytes still reach the folder
        if item is not None:
            output.stored(event.index, item)
            return
    output.unrecorded(ImageArrived(event.index, data, mime, ext, None))


def _remember_field(ctx: CliContext, field: str) -> None:
    """Keep the form that worked for the provider, as the window does (next edits use it)."""
    store = SettingsStore(ctx.paths.settings_file)
    try:
        settings = store.load()
        if remember_image_field(settings, ctx.provider.settings.id, field):
            store.save(settings)
    except OSError as error:
        _note(f"warning: the image field form could not be saved in the settings: {error}")
