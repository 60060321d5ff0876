"""Gallery benchmarks: a huge image answer to a thumbnail on screen, and a 5,000-image gallery.

Both parts drive the real Images page (``ImagesPage`` on a real ``ImageStudioSession``, a real
SQLite file and image folder in a temporary directory, the offscreen Qt platform) and print
figures next to a baseline measured in the same run. Nothing is asserted.

1. **Big answer.** A loopback server (its own process) answers ``images/generations`` with a
   4096×4096 noisy PNG as base64 (about 30 MB of JSON; the noise keeps it from compressing
   away; a text chunk makes every answer a new file). Measured per run:

   * *last byte → thumbnail on screen*: from the moment the client's transport read the last
     byte of the answer to the moment the gallery cell was repainted with the new thumbnail
     (JSON, base64, saving with metadata, the gallery row, decoding and scaling the picture);
   * *longest GUI stall*: the longest gap of a 1 ms heartbeat timer on the GUI thread from
     the click on Generate to the thumbnail on screen;
   * baseline: a bare Pillow decode of the same PNG bytes (``Image.open(...).load()``),
     alternating with the runs above. Goals: stall < 16 ms; total <= 1.3 × bare decode.

2. **Big gallery.** 5,000 small PNGs (1,250 jobs of 4) stored through ``GalleryStore``. Measured:
   time from building the page to the first paint of the gallery, the time until the visible
   thumbnails are in, and the growth of the resident memory (RSS); baseline: reading the same
   5,000 rows (the gallery's own query) straight from SQLite, and the RSS that costs.

Run alone: ``.venv/bin/python benches/bench_gallery.py [--reps 3] [--gallery-size 5000]``.
Each part runs in a child process so that one part's memory does not count in the other's.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import io
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
from _common import Heartbeat, Row, machine, median, table

SIDE = 4096
NOISE_SIGMA = 4.0
GOAL_TOTAL = 1.3
STALL_GOAL_MS = 16.0
HEARTBEAT_MS = 1
BENCH_MODEL = "bench-image"
CHUNK = 256 * 1024
WAIT_S = 120.0


# -- pictures ----------------------------------------------------------------------------------


def noisy_png(side: int = SIDE, sigma: float = NOISE_SIGMA) -> bytes:
    """A ``side``×``side`` RGB PNG of gradients plus Gaussian noise (about 30 MB as base64)."""
    from PIL import Image, ImageChops

    gradient = Image.linear_gradient("L").resize((side, side))
    channels = [
        ImageChops.add(Image.effect_noise((side, side), sigma), gradient.rotate(90 * i), 2.0)
        for i in range(3)
    ]
    out = io.BytesIO()
    Image.merge("RGB", channels).save(out, "PNG", compress_level=1)
    return out.getvalue()


def with_text_chunk(png: bytes, text: str) -> bytes:
    """``png`` with a ``tEXt`` chunk before IEND (same pixels, different bytes)."""
    payload = b"bench\x00" + text.encode()
    chunk = len(payload).to_bytes(4, "big") + b"tEXt" + payload
    chunk += zlib.crc32(b"tEXt" + payload).to_bytes(4, "big")
    return png[:-12] + chunk + png[-12:]


def bare_decode(png: bytes) -> float:
    """Seconds for Pillow to decode ``png`` fully."""
    from PIL import Image

    started = time.perf_counter()
    with Image.open(io.BytesIO(png)) as image:
        image.load()
    return time.perf_counter() - started


def rss_bytes() -> int:
    """The resident memory of this process now (peak RSS where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# -- the loopback server (child process) -----------------------------------------------------


async def _serve(png: bytes, ready: Any) -> None:
    counter = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal counter
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.decode("latin-1").split("\r\n"):
                    if line.lower().startswith("content-length:"):
                        length = int(line.split(":", 1)[1])
                await reader.readexactly(length)
                counter += 1
                picture = with_text_chunk(png, f"answer {counter}")
                body = json.dumps(
                    {
                        "created": 1700000000,
                        "data": [{"b64_json": base64.b64encode(picture).decode("ascii")}],
                    }
                ).encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\n\r\n" % len(body)
                )
                for start in range(0, len(body), CHUNK):
                    writer.write(body[start : start + CHUNK])
                    await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    ready.send(server.sockets[0].getsockname()[1])
    async with server:
        await server.serve_forever()


def _server_main(png: bytes, ready: Any) -> None:
    asyncio.run(_serve(png, ready))


# -- part 1: the big answer --------------------------------------------------------------------


class TimedStream(httpx.AsyncByteStream):
    """Wraps a response stream; notes when its last byte was read."""

    def __init__(self, inner: httpx.AsyncByteStream, owner: TimedTransport) -> None:
        self._inner = inner
        self._owner = owner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            yield chunk
        self._owner.last_byte = time.perf_counter()

    async def aclose(self) -> None:
        await self._inner.aclose()


class TimedTransport(httpx.AsyncBaseTransport):
    """An httpx transport that records the time of the last byte of each answer."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.last_byte = 0.0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        assert isinstance(response.stream, httpx.AsyncByteStream)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=TimedStream(response.stream, self),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._inner.aclose()


def part_big_answer(reps: int) -> dict[str, Any]:
    """Run part 1 in this process; returns the figures."""
    import multiprocessing

    print("making the 4096×4096 picture…", file=sys.stderr)
    png = noisy_png()
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(
        target=_server_main, args=(png, child), daemon=True
    )
    server.start()
    port = parent.recv()
    try:
        return _drive_big_answer(png, f"http://127.0.0.1:{port}/v1", reps)
    finally:
        server.kill()


def _qt_app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from studio.ui.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    apply_theme(app)  # type: ignore[arg-type]
    return app


def _build_session(data_dir: Path, base_url: str, transport: Any = None) -> tuple[Any, ...]:
    """Database, gallery, client and session, as app.py builds them."""
    from studio.api.client import ApiClient
    from studio.api.provider import ProviderConfig
    from studio.config.image_models import load_image_models
    from studio.session.images import ImageStudioSession
    from studio.store.database import Database
    from studio.store.gallery import GalleryStore
    from studio.store.images import ImageStore

    db = Database(data_dir / "studio.sqlite3")
    gallery = GalleryStore(db, ImageStore(data_dir / "images", db))
    client = ApiClient(ProviderConfig(base_url=base_url, name="bench"), transport=transport)
    session = ImageStudioSession(gallery, lambda: client, load_image_models())
    return session, client, db


def _build_page(session: Any) -> Any:
    """The Images page at the size it has in the main window."""
    from studio.ui.images import ImagesPage

    page = ImagesPage(session)
    page.resize(984, 710)
    return page


def _drive_big_answer(png: bytes, base_url: str, reps: int) -> dict[str, Any]:
    from studio.session.event_loop import create_event_loop
    from studio.ui.images.protocols import thumbnail_key

    app = _qt_app()
    loop = create_event_loop(app)
    transport = TimedTransport()
    totals: list[float] = []
    stalls: list[float] = []
    bare: list[float] = []
    stages: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-gallery-") as tmp:
        session, client, db = _build_session(Path(tmp), base_url, transport)
        page = _build_page(session)
        page.show()
        heartbeat = Heartbeat(HEARTBEAT_MS, record_over=STALL_GOAL_MS / 1e3)

        async def one_run() -> dict[str, float]:
            done: asyncio.Future[float] = loop.create_future()
            wanted: set[str] = set()
            marks: dict[str, float] = {}

            def on_item_saved(item: Any) -> None:
                marks.setdefault("saved", time.perf_counter())
                wanted.add(thumbnail_key(item))

            def on_ready(key: str) -> None:
                if key in wanted and not done.done():
                    page.gallery.view.viewport().repaint()
                    done.set_result(time.perf_counter())

            page.thumbnails.ready.connect(on_ready)
            heartbeat.start()
            job = page.generate()
            assert job is not None
            job.item_saved.connect(on_item_saved)
            job.failed.connect(
                lambda message, _details: done.done() or done.set_exception(RuntimeError(message))
            )
            shown = await asyncio.wait_for(done, WAIT_S)
            heartbeat.stop()
            page.thumbnails.ready.disconnect(on_ready)
            last = transport.last_byte
            if os.environ.get("BENCH_GAPS"):
                found = ", ".join(
                    f"{(t - last) * 1e3:+.0f}:{g * 1e3:.0f}" for t, g in heartbeat.gaps
                )
                print(f"stalls (ms after last byte: length): {found}", file=sys.stderr)
            saved = marks.get("saved", shown)
            # Gaps that began after the picture was saved: the page's own share.
            ui_stall = max((g for t, g in heartbeat.gaps if t >= saved), default=0.0)
            return {
                "total": shown - last,
                "stall": heartbeat.longest,
                "ui_stall": ui_stall,
                "save": saved - last,
            }

        async def main() -> None:
            page.create_panel.set_model(BENCH_MODEL)
            page.prompt.setPlainText("A very large noisy picture")
            page.form.editors["size"].set_value(f"{SIDE}x{SIDE}")
            await one_run()  # warm-up: connection, imports, first paint
            bare_decode(png)
            for _ in range(reps):
                result = await one_run()
                totals.append(result["total"])
                stalls.append(result["stall"])
                stages.append(result)
                await asyncio.sleep(0.2)
                bare.append(bare_decode(png))

        with loop:
            loop.run_until_complete(main())
            session.cancel_all()
            page.shutdown()
            loop.run_until_complete(client.aclose())
        db.close()
    return {
        "png_mb": len(png) / 1e6,
        "b64_mb": len(base64.b64encode(png)) / 1e6,
        "total": totals,
        "stall": stalls,
        "bare": bare,
        "save": [s["save"] for s in stages],
        "ui_stall": [s["ui_stall"] for s in stages],
    }


# -- part 2: the big gallery --------------------------------------------------------------------


def fill_gallery(data_dir: Path, count: int) -> None:
    """``count`` small distinct PNGs in 4-image jobs, through the real GalleryStore."""
    from PIL import Image

    from studio.store.database import Database
    from studio.store.gallery import GalleryStore
    from studio.store.images import ImageStore

    db = Database(data_dir / "studio.sqlite3")
    gallery = GalleryStore(db, ImageStore(data_dir / "images", db))
    noise = Image.effect_noise((96, 96), 40).convert("RGB")
    words = ("lighthouse", "橘猫", "harbour", "山间小屋", "robot", "garden", "city", "雪地")
    job = 0
    for number in range(count):
        if number % 4 == 0:
            prompt = f"{words[job % len(words)]} study number {job}"
            job = gallery.add_job("demo-image", prompt, {"size": "96x96", "n": 4})
        picture = noise.rotate(number % 360)
        picture.putpixel((0, 0), (number % 256, number // 256 % 256, 7))
        out = io.BytesIO()
        picture.save(out, "PNG", compress_level=1)
        gallery.add_image(job, number % 4, out.getvalue(), "image/png", "png", 96, 96, number)
        if number % 4 == 3:
            gallery.set_job_status(job, "done")  # as a finished run leaves it
    db.close()


GALLERY_QUERY = (
    "SELECT g.id, g.job_id, g.image_hash, g.idx, g.seed, g.revised_prompt, g.created_at, "
    "g.deleted_at, j.model, j.prompt, j.params_json, j.provider, i.mime, i.width, i.height "
    "FROM gallery_items g JOIN image_jobs j ON j.id = g.job_id "
    "JOIN images i ON i.hash = g.image_hash WHERE g.deleted_at IS NULL "
    "ORDER BY j.created_at DESC, j.id DESC, g.idx ASC, g.id ASC"
)


def part_big_gallery(count: int) -> dict[str, Any]:
    """Run part 2 in this process; returns the figures."""
    base = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="bench-gallery-", dir=base) as tmp:
        data_dir = Path(tmp)
        print(f"storing {count:,} pictures…", file=sys.stderr)
        started = time.perf_counter()
        fill_gallery(data_dir, count)
        fill_s = time.perf_counter() - started

        rss0 = rss_bytes()
        started = time.perf_counter()
        connection = sqlite3.connect(data_dir / "studio.sqlite3")
        rows = connection.execute(GALLERY_QUERY).fetchall()
        sqlite_s = time.perf_counter() - started
        sqlite_rss = rss_bytes() - rss0
        assert len(rows) == count
        connection.close()
        del rows

        app = _qt_app()
        from PySide6.QtCore import QEvent, QObject

        from studio.session.event_loop import create_event_loop

        loop = create_event_loop(app)
        marks: dict[str, float] = {}

        class FirstPaint(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    marks.setdefault("paint", time.perf_counter())
                return False

        import studio.ui.images  # noqa: F401 - the app has imported it before the page opens

        session, client, db = _build_session(data_dir, "http://127.0.0.1:9/v1")
        rss1 = rss_bytes()
        started = time.perf_counter()
        page = _build_page(session)
        watcher = FirstPaint()
        page.gallery.view.viewport().installEventFilter(watcher)
        page.show()

        async def main() -> None:
            while "paint" not in marks:
                await asyncio.sleep(0.001)
            view = page.gallery.view
            model = page.gallery.model
            while True:
                visible = [
                    row
                    for row in range(model.rowCount())
                    if view.visualRect(model.index(row)).intersects(view.viewport().rect())
                    and model.item(row) is not None  # job headers have no thumbnail
                ]
                if visible and not page.thumbnails.busy:
                    from PySide6.QtCore import Qt
                    from PySide6.QtGui import QPixmap

                    loaded = [
                        isinstance(
                            model.data(model.index(r), Qt.ItemDataRole.DecorationRole), QPixmap
                        )
                        for r in visible
                    ]
                    if all(loaded):
                        view.viewport().repaint()
                        marks["thumbs"] = time.perf_counter()
                        marks["visible"] = len(visible)
                        return
                await asyncio.sleep(0.002)

        with loop:
            loop.run_until_complete(main())
            page_rss = rss_bytes() - rss1
            loaded_rows = page.gallery.model.rowCount()
            page.shutdown()
            loop.run_until_complete(client.aclose())
        db.close()
    return {
        "count": count,
        "fill_s": fill_s,
        "sqlite_s": sqlite_s,
        "sqlite_rss": sqlite_rss,
        "first_paint_s": marks["paint"] - started,
        "thumbs_s": marks["thumbs"] - started,
        "visible": marks["visible"],
        "page_rss": page_rss,
        "loaded_rows": loaded_rows,
    }


# -- driver ------------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """This benchmark's flags."""
    parser.add_argument("--reps", type=int, default=3, help="timed big answers (after 1 warm-up)")
    parser.add_argument("--gallery-size", type=int, default=5000, help="pictures in part 2")


def _child(part: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--part", part, "--reps", str(args.reps)]
    command += ["--gallery-size", str(args.gallery_size)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"part {part} failed:\n{done.stdout}\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(args: argparse.Namespace) -> tuple[list[Row], str]:
    """Both parts (each in a child process): the summary rows and a text report."""
    big = _child("answer", args)
    gallery = _child("gallery", args)
    total, bare = median(big["total"]), median(big["bare"])
    stall = max(big["stall"])
    rows = [
        Row("4096² answer: last byte → thumbnail", "ms", total * 1e3, bare * 1e3, GOAL_TOTAL),
        Row("4096² answer: longest GUI stall", "ms", stall * 1e3, STALL_GOAL_MS, 1.0),
        Row(
            f"gallery {gallery['count']:,}: first paint",
            "ms",
            gallery["first_paint_s"] * 1e3,
            gallery["sqlite_s"] * 1e3,
        ),
        Row(
            f"gallery {gallery['count']:,}: RSS growth",
            "MB",
            gallery["page_rss"] / 1e6,
            max(gallery["sqlite_rss"], 1) / 1e6,
        ),
    ]
    lines = [
        f"answer: PNG {big['png_mb']:.1f} MB, base64 {big['b64_mb']:.1f} MB; "
        f"{len(big['total'])} timed runs after 1 warm-up",
        "  last byte → thumbnail (ms): " + ", ".join(f"{t * 1e3:.0f}" for t in big["total"]),
        "  of which last byte → picture saved (ms): "
        + ", ".join(f"{t * 1e3:.0f}" for t in big["save"]),
        "  and picture saved → thumbnail on screen (ms): "
        + ", ".join(f"{(t - s) * 1e3:.0f}" for t, s in zip(big["total"], big["save"], strict=True)),
        "  bare Pillow decode (ms): " + ", ".join(f"{t * 1e3:.0f}" for t in big["bare"]),
        "  longest GUI stall (ms): " + ", ".join(f"{t * 1e3:.1f}" for t in big["stall"]),
        "  longest stall over 16 ms after the picture was saved (ms; 0 = none): "
        + ", ".join(f"{t * 1e3:.1f}" for t in big["ui_stall"]),
        f"gallery: {gallery['count']:,} pictures stored in {gallery['fill_s']:.1f} s; "
        f"the page loaded {gallery['loaded_rows']} rows",
        f"  first paint {gallery['first_paint_s'] * 1e3:.0f} ms; visible thumbnails "
        f"({gallery['visible']}) in {gallery['thumbs_s'] * 1e3:.0f} ms",
        f"  SQLite, all rows: {gallery['sqlite_s'] * 1e3:.0f} ms, "
        f"RSS +{gallery['sqlite_rss'] / 1e6:.1f} MB; page RSS +{gallery['page_rss'] / 1e6:.1f} MB",
    ]
    return rows, "\n".join(lines)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--part", choices=("answer", "gallery"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part == "answer":
        print(json.dumps(part_big_answer(args.reps)))
        return
    if args.part == "gallery":
        print(json.dumps(part_big_gallery(args.gallery_size)))
        return
    print(machine())
    started = time.perf_counter()
    rows, text = run(args)
    print(f"\n== gallery ({time.perf_counter() - started:.1f} s)")
    print(text)
    print("\n" + table(rows))


if __name__ == "__main__":
    main()
