"""``python -m studio.demo [--port N] [--token-rate R] [--edit-field image|image[]]``: serve the
demo relay until stopped.

The first line written to stdout is the base URL (``http://127.0.0.1:<port>/v1``); the server
stops cleanly on SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from types import FrameType

from studio.demo.server import DemoRelay


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv``, start the relay, print its URL and wait for a stop signal."""
    parser = argparse.ArgumentParser(prog="python -m studio.demo", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=0, help="port (0 = a random free port)")
    parser.add_argument(
        "--token-rate",
        type=float,
        default=None,
        help="streamed tokens per second (default: a realistic pace of about 40 with jitter; "
        "0 or less = as fast as possible)",
    )
    parser.add_argument(
        "--edit-field",
        choices=("image", "image[]"),
        default=None,
        help="the only image field form image edits take (default: both)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    relay_ = DemoRelay(
        host=args.host, port=args.port, token_rate=args.token_rate, edit_field=args.edit_field
    )
    with relay_ as relay:
        print(relay.base_url, flush=True)
        while not stop.wait(1.0):
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
