"""What the store pulls in: no Qt, no HTTP, no Pillow; of media only its byte-level parts.

The gallery embeds generation metadata in each file it keeps and takes the format from the
bytes (``studio.media.metadata``, ``studio.media.sniff``): pure functions on bytes that import
nothing but the standard library. Anything heavier reaching the store fails here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

STUDIO = Path(__file__).resolve().parents[3] / "studio"
MEDIA_THE_STORE_MAY_USE = {"studio.media", "studio.media.metadata", "studio.media.sniff"}
# The packages' lazy public names (standard library only).
STUDIO_HELPERS = {"studio._lazy"}

_PROBE = """
import importlib, json, pkgutil, sys
import studio.store
for module in pkgutil.iter_modules(studio.store.__path__):
    importlib.import_module("studio.store." + module.name)
print(json.dumps(sorted(sys.modules)))
"""


def test_the_store_loads_no_qt_http_or_pillow_and_only_byte_level_media() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=STUDIO.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(result.stdout))
    assert "studio.store.gallery" in loaded  # the probe really imported the store
    heavy = {m for m in loaded if m.split(".")[0] in ("PIL", "PySide6", "httpx", "qasync")}
    assert heavy == set()
    outside = {m for m in loaded if m.startswith("studio.") and not m.startswith("studio.store")}
    assert outside <= MEDIA_THE_STORE_MAY_USE | STUDIO_HELPERS, outside
