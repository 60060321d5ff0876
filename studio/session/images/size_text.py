"""Why a free ``WxH`` size is refused, in one sentence (translated, context ``SizeEditor``).

Shared by the size editor (under its boxes) and the session (a size that reached it anyway,
e.g. through Reuse or Retry), so both say the same thing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from studio.config.image_sizes import SizeProblem, SizeRules


def describe_size_problem(problem: SizeProblem, rules: SizeRules, width: int, height: int) -> str:
    """One sentence saying which rule ``width`` × ``height`` breaks, and what would fit."""
    limit = problem.limit
    number = f"{int(limit):,}" if float(limit).is_integer() else f"{limit:g}"
    if problem.kind == "multiple_of":
        nearest = rules.rounded(width, height)
        if nearest is not None:
            return QCoreApplication.translate(
                "SizeEditor",
                "Width and height must be multiples of {step}; the nearest size that "
                "fits is {size}.",
            ).format(step=number, size=f"{nearest[0]}×{nearest[1]}")
        return QCoreApplication.translate(
            "SizeEditor", "Width and height must be multiples of {step}."
        ).format(step=number)
    if problem.kind == "max_edge":
        return QCoreApplication.translate(
            "SizeEditor", "Neither side may be longer than {edge} px."
        ).format(edge=number)
    if problem.kind == "aspect":
        return QCoreApplication.translate(
            "SizeEditor",
            "The longer side may be at most {ratio} times the shorter one "
            "(from 1:{ratio} to {ratio}:1).",
        ).format(ratio=number)
    if problem.kind == "min_pixels":
        return QCoreApplication.translate(
            "SizeEditor", "Too small: width × height must be at least {pixels} pixels."
        ).format(pixels=number)
    return QCoreApplication.translate(
        "SizeEditor", "Too large: width × height may be at most {pixels} pixels."
    ).format(pixels=number)
