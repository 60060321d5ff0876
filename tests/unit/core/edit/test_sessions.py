"""EditSessions: a session opened from bytes, a gallery item, a stored image or another
session's version; the list; the draft (mask, references, base); reopening as left."""

from __future__ import annotations

import pytest

from studio.core.edit import EditSessions
from studio.media.outpaint import Expansion
from studio.store.edits import EditStore
from studio.store.gallery import GalleryStore
from tests.unit.core.edit.conftest import decoded, mask_png, picture

RED, GREEN, BLUE = (200, 30, 30), (30, 200, 30), (30, 30, 200)


async def test_a_webp_opens_as_a_lossless_png_source(
    sessions: EditSessions, edits: EditStore
) -> None:
    source = picture((50, 40), GREEN, fmt="WEBP")
    session = await sessions.open_bytes(source, name="holiday photo.webp", model="gpt-image-1")
    (root,) = edits.versions(session.id)
    stored = edits.images.get(root.image_hash)
    assert stored.startswith(b"\x89PNG") and decoded(stored).size == (50, 40)
    assert decoded(stored).convert("RGB").getpixel((5, 5)) == decoded(source).convert(
        "RGB"
    ).getpixel((5, 5))
    assert (session.title, session.model, session.keep_outside) == (
        "holiday photo.webp",
        "gpt-image-1",
        True,
    )


async def test_bytes_that_are_no_picture_open_nothing(
    sessions: EditSessions, edits: EditStore
) -> None:
    with pytest.raises(ValueError):
        await sessions.open_bytes(b"%PDF-1.4 not a picture")
    assert sessions.list() == []


async def test_a_gallery_item_opens_with_its_prompt_as_title(
    sessions: EditSessions, edits: EditStore, gallery: GalleryStore
) -> None:
    job = gallery.add_job("gpt-image-1", "a fox in the snow", {})
    item = gallery.add_image(job, 0, picture((30, 20), RED), "image/png", "png", 30, 20, None)
    session = await sessions.open_gallery_item(item.id)
    assert session.title == "a fox in the snow"
    (root,) = edits.versions(session.id)
    assert (root.width, root.height) == (30, 20)
    with pytest.raises(KeyError):
        await sessions.open_gallery_item(9999)


async def test_a_stored_image_and_a_version_of_another_session_open_new_sessions(
    sessions: EditSessions, edits: EditStore
) -> None:
    image_hash = edits.put_image(picture((20, 20), BLUE))
    from_chat = await sessions.open_image(image_hash)
    first = await sessions.open_bytes(picture((20, 20), RED), model="demo-image-edit")
    sessions.update_draft(first.id, params={"size": "512x512"}, keep_outside=False)
    assert first.base_version_id is not None
    copy = await sessions.open_version(first.base_version_id)
    assert copy.id not in (first.id, from_chat.id)
    assert (copy.model, copy.params, copy.keep_outside) == (
        "demo-image-edit",
        {"size": "512x512"},
        False,
    )
    assert [s.id for s in sessions.list()] == [copy.id, first.id, from_chat.id]


async def test_reopen_gives_the_draft_mask_and_references_as_left(
    sessions: EditSessions, edits: EditStore
) -> None:
    session = await sessions.open_bytes(picture((40, 30), RED))
    mask = mask_png((40, 30), (5, 5, 20, 20))
    await sessions.set_mask(session.id, mask)
    refs = [await sessions.add_reference(picture((8, 8), c)) for c in (GREEN, BLUE)]
    sessions.set_references(session.id, list(reversed(refs)))
    sessions.update_draft(session.id, prompt="make it night", model="gpt-image-1")

    state = sessions.reopen(session.id)
    assert state is not None
    assert state.mask == mask
    assert state.session.references == tuple(reversed(refs))
    assert (state.session.prompt, state.session.model) == ("make it night", "gpt-image-1")
    assert [v.id for v in state.versions] == [session.base_version_id]
    cleared = await sessions.set_mask(session.id, None)
    assert cleared.mask_hash is None

    assert sessions.delete(session.id) and sessions.reopen(session.id) is None
    assert sessions.restore(session.id) and sessions.reopen(session.id) is not None


async def test_continuing_from_a_version_of_another_size_clears_the_mask(
    sessions: EditSessions, edits: EditStore
) -> None:
    session = await sessions.open_bytes(picture((40, 30), RED))
    assert session.base_version_id is not None
    await sessions.set_mask(session.id, mask_png((40, 30), (1, 1, 9, 9)))
    started = edits.start_round(
        session.id,
        parent_version_id=session.base_version_id,
        prompt="p",
        model="m",
        params={},
        mask_hash=None,
        references=[],
        keep_outside=False,
    )
    bigger = edits.add_version(
        session.id,
        round_id=started.id,
        parent_id=session.base_version_id,
        image_hash=edits.put_image(picture((80, 60), GREEN)),
        width=80,
        height=60,
    )
    moved = sessions.continue_from(session.id, bigger.id)
    assert moved.base_version_id == bigger.id and moved.mask_hash is None
    back = sessions.continue_from(session.id, session.base_version_id)
    assert back.base_version_id == session.base_version_id


async def test_expanding_the_canvas_makes_a_transparent_new_area_the_editable_mask(
    sessions: EditSessions, edits: EditStore
) -> None:
    session = await sessions.open_bytes(picture((40, 30), RED))
    root = session.base_version_id
    await sessions.set_mask(session.id, mask_png((40, 30), (0, 0, 5, 5)))

    grown = await sessions.expand_canvas(session.id, Expansion(left=10, right=10))

    base = edits.version(grown.base_version_id or 0)
    assert base is not None and (base.parent_id, base.round_id) == (root, None)
    assert (base.width, base.height) == (60, 30)
    image = decoded(edits.images.get(base.image_hash)).convert("RGBA")
    assert image.getchannel("A").getpixel((2, 15)) == 0  # the new area: transparent
    assert image.getpixel((30, 15)) == (*RED, 255)
    assert grown.mask_hash is not None
    mask = decoded(edits.images.get(grown.mask_hash))
    assert mask.mode == "L" and mask.size == (60, 30)
    assert mask.getpixel((2, 15)) == 255 and mask.getpixel((57, 15)) == 255  # the new area
    assert mask.getpixel((12, 2)) == 255  # what was painted before, moved with the picture
    assert mask.getpixel((30, 15)) == 0
    assert [v.id for v in edits.versions(session.id)] == [root, base.id]
