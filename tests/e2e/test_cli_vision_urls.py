"""``studio chat --image http(s)://…``: fetched and sent inline by default, as the window does;
``--image-url-as-is`` sends the address; a failed fetch is one line; history keeps both."""

from __future__ import annotations

import io
import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from tests.e2e.conftest import RunStudio, error_lines


class Pictures:
    """A loopback web server with one picture (``/cat.png``); it counts the requests."""

    def __init__(self, png: bytes) -> None:
        self.png = png
        self.paths: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.paths.append(self.path)
                if self.path != "/cat.png":
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(owner.png)))
                self.end_headers()
                self.wfile.write(owner.png)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def pictures() -> Iterator[Pictures]:
    out = io.BytesIO()
    Image.new("RGB", (2400, 1800), (200, 40, 40)).save(out, "PNG")
    server = Pictures(out.getvalue())
    yield server
    server.close()


def stored_refs(data_dir: Path) -> list[dict[str, object]]:
    with sqlite3.connect(data_dir / "studio.sqlite3") as db:
        row = db.execute(
            "SELECT attachments_json FROM messages WHERE role = 'user' ORDER BY id DESC"
        ).fetchone()
    return list(json.loads(row[0]))


def test_an_address_is_fetched_prepared_and_kept_like_a_file(
    run_studio: RunStudio, data_dir: Path, pictures: Pictures
) -> None:
    url = f"{pictures.url}/cat.png"
    code, out, err = run_studio(
        "chat", "-m", "demo-vision", "--image", url, "--detail", "low", "Hi"
    )
    assert code == 0, err
    assert pictures.paths == ["/cat.png"]  # fetched by Studio, once
    assert "512×384" in out and "data URL" in out, out  # sent inline, sized for low detail
    [ref] = stored_refs(data_dir)
    assert ref["name"] == "cat.png" and ref["source_url"] == url and "url" not in ref
    assert (ref["width"], ref["height"], ref["detail"]) == (512, 384, "low")
    assert ref["original_width"] == 2400 and int(str(ref["tokens"])) == 85


def test_as_is_sends_the_address_and_history_keeps_it(
    run_studio: RunStudio, data_dir: Path, pictures: Pictures
) -> None:
    url = f"{pictures.url}/cat.png"
    code, out, err = run_studio(
        "chat", "-m", "demo-vision", "--image", url, "--image-url-as-is", "Hi"
    )
    assert code == 0, err
    assert "fetched from this computer" in out, out  # the relay fetched it, not Studio
    [ref] = stored_refs(data_dir)
    assert ref == {"hash": "", "name": "cat.png", "url": url, "source_url": url, "detail": "auto"}


def test_a_failed_fetch_is_one_line_and_sends_nothing(
    run_studio: RunStudio, data_dir: Path, pictures: Pictures
) -> None:
    code, out, err = run_studio(
        "chat", "-m", "demo-vision", "--image", f"{pictures.url}/missing.png", "Hi"
    )
    assert code == 1
    assert out == ""
    (line,) = error_lines(err)
    assert line.startswith("studio: Could not fetch the image at ") and "HTTP 404" in line
    database = data_dir / "studio.sqlite3"
    if database.exists():  # nothing was sent, so nothing was saved
        with sqlite3.connect(database) as db:
            assert db.execute("SELECT COUNT(*) FROM messages").fetchone() == (0,)


def test_a_bad_schema_file_is_reported_before_any_address_is_fetched(
    run_studio: RunStudio, pictures: Pictures
) -> None:
    code, _out, err = run_studio(
        "chat", "--image", f"{pictures.url}/cat.png", "--schema", "missing.json", "Hi"
    )
    assert code == 2 and "schema file missing.json" in err
    assert pictures.paths == []  # nothing was downloaded for a command that cannot run
