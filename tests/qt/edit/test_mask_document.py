"""MaskDocument: strokes, shapes and whole-mask changes give the expected pixels; every change
is one undo step that restores the exact bytes and keeps only what it changed."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, QRect

from studio.ui.edit.mask_document import MaskDocument, MaskError


def mask_bytes(document: MaskDocument) -> bytes:
    """The mask's pixels, row after row, without Qt's row padding."""
    image = document.image
    data, stride, width = bytes(image.constBits()), image.bytesPerLine(), image.width()
    return b"".join(data[y * stride : y * stride + width] for y in range(image.height()))


def stroke(document: MaskDocument, points: list[tuple[float, float]], **kwargs: object) -> None:
    size = int(kwargs.pop("size", 20))  # type: ignore[call-overload]
    hardness = int(kwargs.pop("hardness", 100))  # type: ignore[call-overload]
    erase = bool(kwargs.pop("erase", False))
    document.begin_stroke(QPointF(*points[0]), size, hardness, erase=erase)
    for point in points[1:]:
        document.stroke_to(QPointF(*point))
    document.end_stroke()


def test_a_new_mask_is_empty_and_the_size_of_the_picture(qapp: object) -> None:
    document = MaskDocument(300, 200)
    assert (document.size.width(), document.size.height()) == (300, 200)
    assert document.is_empty()
    assert document.bounds().isEmpty()


def test_a_fast_stroke_leaves_no_gaps_between_the_mouse_positions(qapp: object) -> None:
    document = MaskDocument(300, 200)
    stroke(document, [(20, 100), (280, 100)], size=10)
    assert all(document.value(x, 100) == 255 for x in range(20, 281))
    assert document.value(150, 100 + 8) == 0 and document.value(150, 100 - 8) == 0
    assert document.value(5, 100) == 0
    assert document.undo_stack.count() == 1


def test_a_soft_brush_fades_towards_its_edge(qapp: object) -> None:
    document = MaskDocument(200, 200)
    stroke(document, [(100, 100)], size=60, hardness=0)
    centre, middle, edge = (document.value(100 + d, 100) for d in (0, 15, 28))
    assert centre >= 250
    assert 0 < edge < middle < 255
    assert document.value(100 + 32, 100) == 0


def test_overlapping_soft_dabs_keep_the_profile_instead_of_building_up(qapp: object) -> None:
    once = MaskDocument(200, 200)
    stroke(once, [(100, 100)], size=60, hardness=0)
    many = MaskDocument(200, 200)
    stroke(many, [(100, 100)] + [(100, 100)] * 20, size=60, hardness=0)
    assert mask_bytes(once) == mask_bytes(many)


def test_the_eraser_gives_pixels_back(qapp: object) -> None:
    document = MaskDocument(200, 100)
    document.fill()
    stroke(document, [(20, 50), (180, 50)], size=10, erase=True)
    assert document.value(100, 50) == 0
    assert document.value(100, 20) == 255
    assert document.undo_stack.undoText() == "Erase"


def test_rectangle_and_lasso(qapp: object) -> None:
    document = MaskDocument(200, 200)
    document.fill_rect(QRect(10, 20, 30, 40))
    assert document.value(10, 20) == 255 and document.value(39, 59) == 255
    assert document.value(40, 59) == 0 and document.value(39, 60) == 0
    document.fill_polygon([QPointF(100, 100), QPointF(190, 100), QPointF(100, 190)])
    assert document.value(120, 120) == 255
    assert document.value(180, 180) == 0  # beyond the hypotenuse
    document.fill_rect(QRect(15, 25, 10, 10), erase=True)
    assert document.value(20, 30) == 0 and document.value(12, 22) == 255
    assert document.undo_stack.count() == 3


def test_fill_clear_and_invert(qapp: object) -> None:
    document = MaskDocument(64, 48)
    document.fill_rect(QRect(0, 0, 32, 48))
    document.invert()
    assert document.value(0, 0) == 0 and document.value(63, 47) == 255
    document.fill()
    assert document.bounds() == QRect(0, 0, 64, 48)
    document.clear()
    assert document.is_empty()
    document.clear()  # nothing to clear: no empty undo step
    assert document.undo_stack.count() == 4


def test_grow_shrink_and_feather(qapp: object) -> None:
    document = MaskDocument(200, 200)
    document.fill_rect(QRect(80, 80, 40, 40))
    document.grow(10)
    assert document.value(75, 100) == 255 and document.value(100, 71) == 255
    assert document.value(69, 100) == 0
    document.shrink(20)
    assert document.value(89, 100) == 0 and document.value(90, 100) == 255
    assert document.bounds() == QRect(90, 90, 20, 20)
    document.feather(4)
    values = [document.value(x, 100) for x in range(80, 101)]
    assert values[0] < 20 and values[-1] > 230
    assert any(0 < v < 255 for v in values)
    assert values == sorted(values)
    document.grow(-5)  # negative grows shrink
    assert document.undo_stack.count() == 5


def test_undo_and_redo_restore_the_exact_bytes(qapp: object) -> None:
    document = MaskDocument(300, 200)
    states = [mask_bytes(document)]
    stroke(document, [(30, 30), (250, 150), (40, 180)], size=25, hardness=40)
    states.append(mask_bytes(document))
    document.fill_polygon([QPointF(200, 10), QPointF(290, 20), QPointF(250, 90)])
    states.append(mask_bytes(document))
    document.invert()
    states.append(mask_bytes(document))
    document.feather(3)
    states.append(mask_bytes(document))
    stroke(document, [(100, 100), (120, 110)], size=30, erase=True)
    states.append(mask_bytes(document))
    for expected in reversed(states[:-1]):
        document.undo()
        assert mask_bytes(document) == expected
    for expected in states[1:]:
        document.redo()
        assert mask_bytes(document) == expected


def test_a_stroke_on_a_big_mask_keeps_only_the_tiles_it_touched(qapp: object) -> None:
    document = MaskDocument(4096, 4096)
    changes: list[QRect] = []
    document.changed.connect(changes.append)
    stroke(document, [(100, 100), (4000, 4000)], size=30)
    command = document.undo_stack.command(0)
    assert command.stored_bytes < 1_000_000  # the mask itself is 16 MB
    assert all(rect.width() < 200 and rect.height() < 200 for rect in changes)
    document.fill()
    assert document.undo_stack.command(1).stored_bytes < 1_000_000  # compressed


def test_png_round_trip(qapp: object) -> None:
    document = MaskDocument(120, 80)
    stroke(document, [(10, 10), (100, 60)], size=14, hardness=30)
    data = document.to_png()
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "L" and image.size == (120, 80)
        assert image.getpixel((10, 10)) == 255 and image.getpixel((110, 10)) == 0
    other = MaskDocument(120, 80)
    other.load_png(data)
    assert mask_bytes(other) == mask_bytes(document)
    assert other.undo_stack.count() == 0
    fresh = MaskDocument()
    fresh.load_png(data)
    assert fresh.size == document.size


def test_loading_a_mask_can_be_one_undo_step(qapp: object) -> None:
    source = MaskDocument(50, 50)
    source.fill_rect(QRect(0, 0, 25, 50))
    document = MaskDocument(50, 50)
    document.load_png(source.to_png(), undoable=True)
    assert document.value(10, 10) == 255
    document.undo()
    assert document.is_empty()


def test_a_mask_that_is_not_a_picture_is_refused(qapp: object) -> None:
    with pytest.raises(MaskError):
        MaskDocument(10, 10).load_png(b"not a png")


def test_outpaint_resize_moves_the_mask_and_makes_the_new_area_editable(qapp: object) -> None:
    document = MaskDocument(100, 50)
    document.fill_rect(QRect(0, 0, 10, 10))
    sizes: list[object] = []
    document.resized.connect(sizes.append)
    document.set_size(140, 50, QPoint(20, 0), undoable=True)
    assert (document.size.width(), document.size.height()) == (140, 50)
    assert document.value(0, 30) == 255 and document.value(139, 30) == 255  # new area
    assert document.value(25, 5) == 255 and document.value(35, 30) == 0  # moved old mask
    stroke(document, [(60, 25)], size=6)
    document.undo()
    document.undo()
    assert (document.size.width(), document.size.height()) == (100, 50)
    assert document.value(5, 5) == 255 and document.value(50, 25) == 0
    assert len(sizes) == 2


def test_undo_is_exact_on_a_mask_whose_rows_are_padded(qapp: object) -> None:
    document = MaskDocument(201, 77)  # 201 bytes a row: Qt pads rows to 204
    empty = mask_bytes(document)
    stroke(document, [(150, 10), (200, 76), (130, 70)], size=33, hardness=20)
    painted = mask_bytes(document)
    document.fill_rect(QRect(193, 0, 8, 77))
    document.undo()
    assert mask_bytes(document) == painted
    document.undo()
    assert mask_bytes(document) == empty
    document.redo()
    assert mask_bytes(document) == painted


@pytest.mark.parametrize(("operation", "amount"), [("grow", 7), ("shrink", 5), ("feather", 6)])
def test_grow_shrink_and_feather_match_studio_media_on_the_whole_mask(
    qapp: object, operation: str, amount: int
) -> None:
    from studio.media.masks import feather_mask, grow_mask, mask_from_png

    document = MaskDocument(160, 120)
    document.fill_rect(QRect(30, 20, 60, 50))
    stroke(document, [(100, 90), (150, 110)], size=18, hardness=30)
    whole = mask_from_png(document.to_png())
    expected = {
        "grow": lambda: grow_mask(whole, amount),
        "shrink": lambda: grow_mask(whole, -amount),
        "feather": lambda: feather_mask(whole, amount),
    }[operation]()
    getattr(document, operation)(amount)  # works on the painted part only
    assert mask_bytes(document) == expected.tobytes()


def test_is_empty_follows_every_kind_of_change_without_a_scan(qapp: object) -> None:
    document = MaskDocument(120, 80)
    checks: list[bool] = []

    def check(_rect: QRect) -> None:  # what a page does on every change
        checks.append(document.is_empty() == document.bounds().isEmpty())

    document.changed.connect(check)
    stroke(document, [(20, 20), (60, 40)], size=12)
    stroke(document, [(10, 10), (110, 70)], size=30, erase=True)
    assert document.is_empty()
    document.undo()
    assert not document.is_empty()
    document.redo()
    document.undo()
    document.invert()
    document.clear()
    assert document.is_empty()
    document.undo()
    document.load_png(document.to_png())
    assert not document.is_empty()
    document.set_size(140, 80, QPoint(20, 0), fill=0)
    document.fill_rect(QRect(0, 0, 140, 80), erase=True)
    assert document.is_empty() and all(checks) and len(checks) > 10


def test_a_snapshot_encoded_in_a_worker_thread_is_the_mask_when_it_was_taken(
    qapp: object,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from studio.ui.edit.mask_document import mask_png

    document = MaskDocument(300, 200)
    stroke(document, [(30, 30), (250, 150)], size=25)
    expected = document.to_png()
    snapshot = document.snapshot()
    document.fill()  # changes after the snapshot do not reach it
    with ThreadPoolExecutor(1) as pool:
        data = pool.submit(mask_png, snapshot).result()
    assert data == expected
