"""Child process for the edit crash test: starts a round and waits for its answer forever.

Run as ``python edit_crash_child.py DB_PATH IMAGES_ROOT BASE_URL``. It opens a session (with
a mask and a reference), starts a round against the relay at ``BASE_URL`` and prints
``SENT <session id> <round id>`` once the inputs are prepared and the request goes out; the
parent kills it with SIGKILL while the relay holds the answer back.
"""

from __future__ import annotations

import asyncio
import io
import sys
from pathlib import Path


def _png(size: tuple[int, int], mode: str, fill: int | tuple[int, ...]) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size, fill).save(out, "PNG")
    return out.getvalue()


async def main(db_path: str, images_root: str, base_url: str) -> int:
    """Open the stores, start the round, report, and wait."""
    from studio.api.client import ApiClient
    from studio.api.provider import ProviderConfig
    from studio.config.image_models import builtin_models, spec_for
    from studio.core.edit import EditRound, EditSessions, InputsPrepared
    from studio.store.database import Database
    from studio.store.edits import EditStore
    from studio.store.images import ImageStore

    db = Database(Path(db_path))
    store = EditStore(db, ImageStore(Path(images_root), db))
    sessions = EditSessions(store)
    session = await sessions.open_bytes(_png((64, 48), "RGB", (200, 30, 30)), model="gpt-image-1")
    mask = _png((64, 48), "L", 255)
    await sessions.set_mask(session.id, mask)
    reference = await sessions.add_reference(_png((8, 8), "RGB", (30, 200, 30)))
    session = sessions.update_draft(session.id, references=[reference], prompt="a hat")
    config = ProviderConfig(base_url=base_url, proxy_mode="none")
    async with ApiClient(config) as client:
        run = EditRound(store, client, spec_for("gpt-image-1", builtin_models()), session)
        async for event in run.events():
            if isinstance(event, InputsPrepared):
                assert run.record is not None
                print(f"SENT {session.id} {run.record.id}", flush=True)
    return 1  # never reached: the relay never answers


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3])))
