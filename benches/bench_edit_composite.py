"""Edit compositing and mask operations on 4096×4096 images.

1. **Keep-outside composite.** A 4096² noisy RGB source (the "original") and a flat-colour
   4096² result (the model's answer), with two masks made here: a brush-like blob (an ellipse
   over the middle quarter of the picture, the typical "fix this object" edit) and a large one
   (an ellipse touching all four sides, most of the picture editable). Measured: Studio's
   ``keep_outside(source, result, mask, feather)`` for feathers of 0, 8, 16 and 32 px, against a
   bare ``Image.composite(result, source, mask)`` of the same images in the same run (which
   neither feathers nor promises byte-identical pixels outside the mask). The sides alternate
   rep by rep; the figure is the median of ``--reps``. Goal: ratio <= 1.5.
2. **Mask operations.** ``grow_mask`` by 16 and 64 px, ``grow_mask`` by -16 px (shrink) and
   ``feather_mask`` by 16 px on the blob mask; baseline: Pillow's ``MaxFilter(33)`` on the
   blob mask measured once at a hundredth of the area (410², extrapolated ×100 to 4096²;
   its cost per pixel grows with the square of the filter size). Also ``grow_mask`` and
   ``feather_mask`` by 16 px on a worst-case mask (random 0/255 pixels everywhere: every
   tile is along an edge).

Run alone: ``.venv/bin/python benches/bench_edit_composite.py [--edit-reps 7]``. Nothing is
asserted.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import Row, machine, median, table

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIDE = 4096
GOAL_RATIO = 1.5
FEATHERS = (0, 8, 16, 32)
SMALL = 410  # a hundredth of the area, for Pillow's MaxFilter


def _pictures() -> tuple[Any, Any, dict[str, Any]]:
    from PIL import Image, ImageDraw

    source = Image.effect_noise((SIDE, SIDE), 40.0).convert("RGB")
    result = Image.new("RGB", (SIDE, SIDE), (20, 180, 60))
    masks = {}
    for name, box in (("blob", (1024, 1024, 3072, 3072)), ("large", (0, 0, SIDE, SIDE))):
        mask = Image.new("L", (SIDE, SIDE), 0)
        ImageDraw.Draw(mask).ellipse(box, fill=255)
        masks[name] = mask
    return source, result, masks


def _time(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def part_composite(reps: int) -> list[tuple[str, float, float]]:
    """(label, keep_outside ms, bare composite ms) per mask and feather."""
    from PIL import Image

    from studio.media.composite import keep_outside

    source, result, masks = _pictures()
    figures = []
    for name, mask in masks.items():
        for feather in FEATHERS:
            ours: list[float] = []
            bare: list[float] = []
            sides = [
                (ours, lambda m=mask, f=feather: keep_outside(source, result, m, f)),
                (bare, lambda m=mask: Image.composite(result, source, m)),
            ]
            for rep in range(reps + 1):
                for samples, action in sides if rep % 2 else sides[::-1]:
                    elapsed = _time(action)
                    if rep:  # the first rep warms up
                        samples.append(elapsed)
            figures.append((f"{name} mask, feather {feather}", median(ours), median(bare)))
    return figures


def part_masks(reps: int) -> list[tuple[str, float, float | None]]:
    """(label, Studio ms, baseline ms or None) for the mask operations."""
    from PIL import Image, ImageFilter

    from studio.media.masks import feather_mask, grow_mask

    _source, _result, masks = _pictures()
    blob = masks["blob"]
    noise = Image.frombytes("L", (SIDE, SIDE), random.Random(9).randbytes(SIDE * SIDE))
    noise = noise.point(lambda v: 255 if v >= 128 else 0)
    small = blob.resize((SMALL, SMALL))
    max_filter = _time(lambda: small.filter(ImageFilter.MaxFilter(33))) * (SIDE / SMALL) ** 2
    cases: list[tuple[str, Callable[[], object], float | None]] = [
        ("grow 16 px (blob)", lambda: grow_mask(blob, 16), max_filter),
        ("grow 64 px (blob)", lambda: grow_mask(blob, 64), None),
        ("shrink 16 px (blob)", lambda: grow_mask(blob, -16), None),
        ("feather 16 px (blob)", lambda: feather_mask(blob, 16), None),
        ("grow 16 px (random pixels)", lambda: grow_mask(noise, 16), None),
        ("feather 16 px (random pixels)", lambda: feather_mask(noise, 16), None),
    ]
    return [
        (label, median([_time(action) for _ in range(reps)]), base) for label, action, base in cases
    ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of this benchmark."""
    parser.add_argument("--edit-reps", type=int, default=5, help="timed reps per side")


def run(args: argparse.Namespace) -> tuple[list[Row], str]:
    """Run with parsed ``args``; return the rows and the printed report."""
    reps = max(1, args.edit_reps)
    rows: list[Row] = []
    lines = [f"4096² images, median of {reps} reps (sides alternate)"]
    for label, ours, bare in part_composite(reps):
        rows.append(Row(f"keep-outside {label}", "ms", ours, bare, goal=GOAL_RATIO))
        lines.append(
            f"keep-outside {label}: {ours:.0f} ms vs Image.composite {bare:.0f} ms "
            f"(ratio {ours / bare:.2f}, goal <= {GOAL_RATIO})"
        )
    for label, ours, base in part_masks(reps):
        rows.append(Row(f"mask {label}", "ms", ours, None))
        lines.append(f"mask {label}: {ours:.0f} ms")
        if base is not None:
            rows.append(Row("  Pillow MaxFilter(33) (extrapolated)", "ms", base, None))
            lines.append(f"  Pillow MaxFilter(33) for the same grow, extrapolated: {base:,.0f} ms")
    return rows, "\n".join(lines)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    print(machine())
    rows, text = run(args)
    print(text)
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
