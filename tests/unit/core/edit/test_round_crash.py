"""Crash safety of a round: a Studio killed with SIGKILL while the relay is still working
leaves the round to come back as interrupted with every input, the session intact, and no
picture half-written."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from studio.core.edit import EditSessions
from studio.store.database import Database
from studio.store.edits import EditStore
from studio.store.images import ImageStore
from tests.fakes.image_server import ImageServer, Reply
from tests.unit.core.edit.conftest import EDITS

CHILD = Path(__file__).with_name("edit_crash_child.py")
ROOT = Path(__file__).resolve().parents[4]


async def test_a_killed_round_comes_back_interrupted_with_its_inputs(tmp_path: Path) -> None:
    db_path, images_root = tmp_path / "studio.sqlite3", tmp_path / "images"
    async with ImageServer() as server:
        held = server.gate()
        server.script(EDITS, Reply(body={"data": []}, wait=held))
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            str(CHILD),
            str(db_path),
            str(images_root),
            server.base_url,
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            assert child.stdout is not None and child.stderr is not None
            line = (await child.stdout.readline()).decode()
            assert line.startswith("SENT "), line + (await child.stderr.read()).decode()
            await server.wait_for_requests(1)
        finally:
            child.kill()  # SIGKILL: no clean-up, no close
            await child.wait()
    _, session_id, round_id = line.split()

    with Database(db_path) as db:
        store = EditStore(db, ImageStore(images_root, db))
        assert EditSessions(store).mark_interrupted_at_startup() == 1
        stored = store.round(int(round_id))
        session = store.session(int(session_id))
        versions = store.versions(int(session_id))
        assert stored is not None and session is not None
        assert stored.status == "interrupted"
        assert (stored.mask_hash, stored.references, stored.prompt) == (
            session.mask_hash,
            session.references,
            "a hat",
        )
        assert stored.sent is not None and len(stored.sent["images"]) == 2
        assert [v.round_id for v in versions] == [None]  # no result, nothing half there
        hashes = [versions[0].image_hash, *session.references, session.mask_hash]
        assert all(store.images.verify(h) for h in hashes if h is not None)
    leftovers = [p for p in images_root.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
