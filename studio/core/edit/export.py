"""Taking a version out: a PNG carrying its prompt chain in the metadata.

The chain is every round from the source to the version (prompt and model of each), written
as JSON under ``prompt_chain`` beside the usual ``prompt``/``model``/``parameters`` of the
last round (:func:`studio.media.metadata.generation_info`), in PNG ``iTXt`` chunks. A version
stored in another format (a relay's JPEG) is converted to PNG first (lossless from there).
"""

from __future__ import annotations

import json

from studio.media.edit_pictures import source_png
from studio.media.metadata import PNG_SIGNATURE, embed_png_text, generation_info
from studio.store.edits import EditStore, RoundRecord

CHAIN_KEY = "prompt_chain"


def prompt_chain(store: EditStore, version_id: int) -> list[RoundRecord]:
    """The rounds that led to ``version_id``, oldest first (empty for the source)."""
    rounds = []
    for version in store.lineage(version_id):
        if version.round_id is not None:
            found = store.round(version.round_id)
            if found is not None:
                rounds.append(found)
    return rounds


def export_png(store: EditStore, version_id: int, *, raw: bool = False) -> bytes:
    """The version's picture (``raw``: the unblended result when there is one) as a PNG with
    its prompt chain embedded; blocking (run it in a worker thread). ``KeyError`` for an
    unknown version, ``OSError`` when its file is gone."""
    version = store.version(version_id)
    if version is None:
        raise KeyError(f"no edit version {version_id}")
    image_hash = version.raw_hash if raw and version.raw_hash else version.image_hash
    data = store.images.get(image_hash)
    if not data.startswith(PNG_SIGNATURE):
        data = source_png(data).data
    chain = prompt_chain(store, version_id)
    last = chain[-1] if chain else None
    info = generation_info(
        prompt=last.prompt if last else "",
        model=last.model if last else "",
        params=last.params if last else {},
        seed=None,
        created_at=version.created_at,
    )
    info[CHAIN_KEY] = json.dumps(
        [{"prompt": item.prompt, "model": item.model} for item in chain], ensure_ascii=False
    )
    return embed_png_text(data, info)
