"""Vision benchmarks: what preparing an image saves, what it costs, and whether the GUI stalls.

1. **Bytes and time.** Two pictures made here: a 4000×3000 photo (smooth gradients plus noise,
   JPEG quality 92) and a 12 MP phone JPEG (4032×3024, stored sideways with EXIF orientation 6
   and camera metadata, quality 95). For each, at ``low`` and ``high`` detail:

   * *bytes sent*: the length of the data URL Studio sends (prepared image, base64) against
     the data URL of the original file as peers send it (ratio = studio / original);
   * *preparation time*: ``prepare_image`` (decode, rotate, resize, encode; median of
     ``--reps``) against base64-encoding the original file (what sending it as is costs).

2. **Ten photos at once.** The real chat window (offscreen) with an image store in a temporary
   folder; ten 12 MP phone JPEGs are dropped on it in one go. Measured: the longest gap of a
   1 ms heartbeat timer on the GUI thread from the drop until every thumbnail is on screen
   (goal: under 16 ms) and the time until then; baseline: the longest stall a client that
   prepares on the GUI thread would have (one ``prepare_image`` of the same photo).

3. **Re-sending earlier images.** A conversation whose image policy is ``all``, with
   20 earlier user messages each carrying one high-detail image (1600×1200 photos prepared to
   1024×768, about 300 KB each) in a real image store. Measured: the time the GUI thread
   spends building the next request (median of ``--build-reps``). Baseline: the build as it
   was, reading every stored image and base64-encoding it on the GUI thread
   (``build_request(load_image=ImageStore.get)``). Studio now does only the database
   look-ups and the assembly there (the engine's steps: ``images_to_send``,
   ``ImageStore.path``, ``build_request(images=…)``); the file reads and the encoding
   (``load_images``) run in a worker thread, timed separately. The 7 MB JSON body is then
   encoded in a worker thread with :func:`studio.api.jsonbody.encode_body`; measured: the
   longest the main thread waits for the GIL meanwhile, against ``json.dumps`` of the same
   body in a worker thread (one C call that holds the GIL throughout).

Run alone: ``.venv/bin/python benches/bench_vision.py [--reps 5]``. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import io
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import Heartbeat, Row, machine, median, table

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

STALL_GOAL_MS = 16.0
HEARTBEAT_MS = 1
PHOTOS_AT_ONCE = 10
EARLIER_IMAGES = 20
WAIT_S = 120.0


# -- pictures ----------------------------------------------------------------------------------


def _noisy(size: tuple[int, int], sigma: float = 18.0) -> Any:
    """A photo-like picture: gradients, detail at several scales (so that a downscaled
    copy keeps texture, as a real photo does) and sensor noise."""
    from PIL import Image, ImageChops

    width, height = size
    gradient = Image.linear_gradient("L")  # 256×256, turned per channel, then enlarged
    channels = []
    for i in range(3):
        coarse = Image.effect_noise((width // 16, height // 16), 60.0 + 10 * i)
        middle = Image.effect_noise((width // 3, height // 3), 40.0)
        texture = ImageChops.add(
            coarse.resize((width, height), Image.Resampling.BICUBIC),
            middle.resize((width, height), Image.Resampling.BILINEAR),
            2.0,
        )
        base = ImageChops.add(gradient.rotate(90 * i).resize((width, height)), texture, 2.0)
        channels.append(ImageChops.add(base, Image.effect_noise((width, height), sigma), 1.0, -128))
    return Image.merge("RGB", channels)


def photo_4000() -> bytes:
    """A 4000×3000 landscape photo, JPEG quality 92, no metadata."""
    out = io.BytesIO()
    _noisy((4000, 3000)).save(out, "JPEG", quality=92)
    return out.getvalue()


def phone_12mp() -> bytes:
    """A 12 MP phone JPEG: stored 4032×3024 sideways (EXIF orientation 6), camera tags."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    exif[0x010F] = "BenchPhone"  # Make
    exif[0x0110] = "Model 12"  # Model
    exif[0x0131] = "Camera 1.0"  # Software
    out = io.BytesIO()
    _noisy((4032, 3024)).save(out, "JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def data_url_length(data: bytes, mime: str) -> int:
    """Characters of ``data:<mime>;base64,…`` for ``data``."""
    return len(f"data:{mime};base64,") + len(base64.b64encode(data))


# -- part 1: bytes and time --------------------------------------------------------------------


def part_prepare(pictures: dict[str, bytes], reps: int) -> dict[str, dict[str, float]]:
    """Prepared size and time per picture and detail, and the as-is baseline."""
    from studio.media.prepare import prepare_image
    from studio.media.vision_targets import target_for_model

    results: dict[str, dict[str, float]] = {}
    for name, data in pictures.items():
        encode_times = []
        for _ in range(reps):
            started = time.perf_counter()
            base64.b64encode(data)
            encode_times.append(time.perf_counter() - started)
        for detail in ("low", "high"):
            target = target_for_model("gpt-4o", detail)  # type: ignore[arg-type]
            times = []
            prepared = None
            for _ in range(reps):
                started = time.perf_counter()
                prepared = prepare_image(data, target, name=name)
                times.append(time.perf_counter() - started)
            assert prepared is not None
            results[f"{name} {detail}"] = {
                "sent": data_url_length(prepared.data, prepared.mime),
                "original": data_url_length(data, "image/jpeg"),
                "prepare_s": median(times),
                "encode_s": median(encode_times),
                "width": prepared.width,
                "height": prepared.height,
                "tokens": prepared.tokens,
                "file_bytes": len(data),
            }
    return results


# -- part 2: ten photos dropped at once --------------------------------------------------------


def part_drop(photo: bytes, runs: int) -> dict[str, list[float]]:
    """Drop ten phone photos on the chat window ``runs`` times; stalls and durations."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from studio.api.client import ApiClient
    from studio.api.provider import ProviderConfig
    from studio.media.prepare import prepare_image
    from studio.media.vision_targets import target_for_model
    from studio.session.event_loop import create_event_loop
    from studio.session.relay_info import RelayInfo
    from studio.session.studio import build_studio
    from studio.store.database import Database
    from studio.ui.main_window import MainWindow
    from studio.ui.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    apply_theme(app)  # type: ignore[arg-type]
    loop = create_event_loop(app)  # type: ignore[arg-type]
    stalls: list[float] = []
    totals: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-vision-") as tmp:
        folder = Path(tmp)
        paths = []
        for i in range(PHOTOS_AT_ONCE):
            path = folder / f"IMG_{i:04d}.jpg"
            # A different byte at the end of the comment-free tail keeps every file distinct.
            path.write_bytes(photo + bytes([i]))
            paths.append(path)
        db = Database(folder / "studio.sqlite3")
        client = ApiClient(ProviderConfig(base_url="http://127.0.0.1:9/v1", name="bench"))
        connection = RelayInfo("bench", "http://127.0.0.1:9/v1", False, "gpt-4o", ("gpt-4o",))
        studio = build_studio(db, folder / "images", client, connection)
        settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
        window = MainWindow(studio, settings)
        window.resize(1200, 820)
        window.show()
        page = window.chat_page
        draft = page.attachments
        assert draft is not None
        heartbeat = Heartbeat(HEARTBEAT_MS)

        def dropped() -> None:
            mime = QMimeData()
            mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
            where = QPointF(page.width() / 2, page.height() / 2)
            buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
            action = Qt.DropAction.CopyAction
            QApplication.sendEvent(
                page, QDragEnterEvent(where.toPoint(), action, mime, buttons, keys)
            )
            QApplication.sendEvent(page, QDropEvent(where, action, mime, buttons, keys))

        def all_shown() -> bool:
            tiles = page.attachment_strip.tiles
            return (
                len(tiles) == PHOTOS_AT_ONCE
                and not draft.busy
                and all(
                    t.thumb.pixmap() is not None and not t.thumb.pixmap().isNull() for t in tiles
                )
            )

        async def one_run() -> None:
            draft.clear()
            await asyncio.sleep(0.2)
            heartbeat.start()
            started = time.perf_counter()
            dropped()
            deadline = started + WAIT_S
            while not all_shown():
                if time.perf_counter() > deadline:
                    raise TimeoutError("the photos were not prepared in time")
                await asyncio.sleep(0.002)
            totals.append(time.perf_counter() - started)
            heartbeat.stop()
            stalls.append(heartbeat.longest)

        async def main() -> None:
            for _ in range(runs):
                await one_run()
            await studio.aclose()

        with loop:
            loop.run_until_complete(main())
        window.close()
        db.close()
        target = target_for_model("gpt-4o", "high")
        blocking = []
        for _ in range(3):
            started = time.perf_counter()
            prepare_image(photo, target)
            blocking.append(time.perf_counter() - started)
    return {"stall": stalls, "total": totals, "blocking": blocking}


# -- part 3: re-sending earlier images -----------------------------------------------------------


def _read_stored(paths: dict[str, Path], image_hash: str) -> bytes:
    """What the worker thread does per image: read the file found beforehand."""
    return paths[image_hash].read_bytes()


def _longest_gap_while(work: Any, runs: int = 5) -> float:
    """The longest the main thread waits for the GIL while ``work`` runs in a worker thread
    (a busy loop stands in for the GUI thread's event loop); the worst of ``runs``."""
    import threading

    worst = 0.0
    for _ in range(runs):
        worker = threading.Thread(target=work)
        last = time.perf_counter()
        longest = 0.0
        worker.start()
        while worker.is_alive():
            now = time.perf_counter()
            longest = max(longest, now - last)
            last = now
        worker.join()
        worst = max(worst, longest)
    return worst


def part_request(reps: int) -> dict[str, float]:
    """GUI-thread time of building a request with ``all`` and 20 earlier images."""
    import functools
    import json

    from studio.api.jsonbody import encode_body
    from studio.core.chat.options import ChatSettings
    from studio.core.chat.request import build_request
    from studio.core.chat.request_messages import images_to_send, load_images
    from studio.core.chat.tools import ToolRegistry
    from studio.media.limits import MAX_REQUEST_BYTES
    from studio.media.prepare import prepare_image
    from studio.media.vision_targets import target_for_model
    from studio.store.database import Database
    from studio.store.images import ImageStore
    from studio.store.messages import MessageRecord

    def record(message_id: int, role: Any, text: str, attachments: list[Any]) -> MessageRecord:
        return MessageRecord(
            message_id, 1, message_id - 1 or None, role, text, None, None, None, "complete",
            None, None, None, None, None, attachments, 0.0, 0.0,
        )  # fmt: skip

    target = target_for_model("gpt-4o", "high")
    base = _noisy((1600, 1200))
    with tempfile.TemporaryDirectory(prefix="bench-vision-") as tmp:
        folder = Path(tmp)
        db = Database(folder / "studio.sqlite3")
        store = ImageStore(folder / "images", db)
        branch: list[MessageRecord] = []
        sizes = []
        for i in range(EARLIER_IMAGES):
            picture = base.copy()
            picture.paste((i * 12, 80, 200 - i * 5), (40 * i, 40, 40 * i + 60, 100))
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=92)
            prepared = prepare_image(out.getvalue(), target, name=f"photo{i}.jpg")
            image_hash = store.put(
                prepared.data, prepared.ext, prepared.mime, prepared.width, prepared.height
            )
            sizes.append(len(prepared.data))
            ref = {
                "hash": image_hash,
                "mime": prepared.mime,
                "name": f"photo{i}.jpg",
                "width": prepared.width,
                "height": prepared.height,
                "detail": "high",
            }
            branch.append(record(len(branch) + 1, "user", f"Picture {i}", [ref]))
            branch.append(record(len(branch) + 1, "assistant", "Seen.", []))
        branch.append(record(len(branch) + 1, "user", "Compare them all", []))
        settings = ChatSettings(model="gpt-4o", image_policy="all")
        registry = ToolRegistry()
        before, gui, worker, encode = [], [], [], []
        for _ in range(reps):
            started = time.perf_counter()
            old = build_request(settings, registry, branch, load_image=store.get)
            before.append(time.perf_counter() - started)

            started = time.perf_counter()
            wanted = images_to_send(branch, "all")
            paths = {str(ref["hash"]): store.path(str(ref["hash"])) for _, _, ref in wanted}
            looked_up = time.perf_counter() - started
            started = time.perf_counter()
            load = functools.partial(_read_stored, paths)
            sent = load_images(branch, "all", load, limit=MAX_REQUEST_BYTES)
            worker.append(time.perf_counter() - started)
            started = time.perf_counter()
            new = build_request(settings, registry, branch, images=sent)
            gui.append(looked_up + time.perf_counter() - started)
            assert new == old

            started = time.perf_counter()
            body = json.dumps(new.to_body()).encode()
            encode.append(time.perf_counter() - started)
        body_value = new.to_body()
        dumps_stall = _longest_gap_while(
            lambda: json.dumps(body_value, ensure_ascii=False, separators=(",", ":"))
        )
        splice_stall = _longest_gap_while(lambda: encode_body(body_value))
        db.close()
    return {
        "before_s": median(before),
        "gui_s": median(gui),
        "worker_s": median(worker),
        "json_s": median(encode),
        "dumps_stall_s": dumps_stall,
        "splice_stall_s": splice_stall,
        "image_kb": median(sizes) / 1e3,
        "body_mb": len(body) / 1e6,
    }


# -- reporting ---------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The benchmark's options."""
    parser.add_argument("--reps", type=int, default=5, help="timed preparations per case")
    parser.add_argument("--drop-runs", type=int, default=3, help="times ten photos are dropped")
    parser.add_argument(
        "--build-reps", type=int, default=20, help="timed request builds (earlier images)"
    )


def run(args: argparse.Namespace) -> tuple[list[Row], str]:
    """Run both parts; summary rows and a detailed text."""
    pictures = {"4000×3000 photo": photo_4000(), "12 MP phone JPEG": phone_12mp()}
    prepared = part_prepare(pictures, args.reps)
    drop = part_drop(pictures["12 MP phone JPEG"], args.drop_runs)
    resend = part_request(getattr(args, "build_reps", 20))
    rows: list[Row] = []
    lines = []
    for case, r in prepared.items():
        rows.append(Row(f"{case}: data URL sent", "KB", r["sent"] / 1e3, r["original"] / 1e3))
        rows.append(
            Row(f"{case}: prepare vs base64", "ms", r["prepare_s"] * 1e3, r["encode_s"] * 1e3)
        )
        lines.append(
            f"  {case}: file {r['file_bytes'] / 1e6:.2f} MB → sent {int(r['width'])}×"
            f"{int(r['height'])}, {r['sent'] / 1e3:,.0f} KB as a data URL (original "
            f"{r['original'] / 1e6:.2f} MB, {r['original'] / r['sent']:.0f}× more), "
            f"{int(r['tokens'])} tokens, prepared in {r['prepare_s'] * 1e3:.0f} ms"
        )
    stall = max(drop["stall"])
    verdict = "met" if stall * 1e3 < STALL_GOAL_MS else "missed"
    rows.append(
        Row(
            f"{PHOTOS_AT_ONCE} × 12 MP dropped: longest GUI stall",
            "ms",
            stall * 1e3,
            max(drop["blocking"]) * 1e3,
        )
    )
    rows.append(
        Row(
            f"{PHOTOS_AT_ONCE} × 12 MP dropped: all thumbnails in", "s", median(drop["total"]), None
        )
    )
    lines.append(
        f"  {PHOTOS_AT_ONCE} phone photos dropped at once: longest GUI stall "
        + ", ".join(f"{s * 1e3:.1f}" for s in drop["stall"])
        + f" ms (goal < {STALL_GOAL_MS:.0f} ms: {verdict})"
        + "; all prepared and shown after "
        + ", ".join(f"{t:.2f}" for t in drop["total"])
        + " s; preparing one on the GUI thread would block "
        + ", ".join(f"{b * 1e3:.0f}" for b in drop["blocking"])
        + " ms"
    )
    rows.append(
        Row(
            f"request with {EARLIER_IMAGES} earlier high images (all): GUI-thread build",
            "ms",
            resend["gui_s"] * 1e3,
            resend["before_s"] * 1e3,
        )
    )
    lines.append(
        f"  next request with {EARLIER_IMAGES} earlier high-detail images re-sent (about "
        f"{resend['image_kb']:.0f} KB of image each, body {resend['body_mb']:.1f} MB): "
        f"{resend['gui_s'] * 1e3:.2f} ms on the GUI thread (was {resend['before_s'] * 1e3:.1f} "
        f"ms reading and encoding there); reading and encoding in the worker "
        f"{resend['worker_s'] * 1e3:.1f} ms; JSON-encoding the body: {resend['json_s'] * 1e3:.1f}"
        f" ms for json.dumps, now done in a worker thread in short calls: the GUI thread waits "
        f"at most {resend['splice_stall_s'] * 1e3:.1f} ms for it (json.dumps in a worker: "
        f"{resend['dumps_stall_s'] * 1e3:.1f} ms)"
    )
    rows.append(
        Row(
            f"request with {EARLIER_IMAGES} earlier high images: JSON body, longest GUI wait",
            "ms",
            resend["splice_stall_s"] * 1e3,
            resend["dumps_stall_s"] * 1e3,
        )
    )
    return rows, "\n".join(lines)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    print(machine())
    started = time.perf_counter()
    rows, text = run(args)
    print(f"\n== vision ({time.perf_counter() - started:.1f} s)")
    print(text)
    print("\n" + table(rows))


if __name__ == "__main__":
    main()
