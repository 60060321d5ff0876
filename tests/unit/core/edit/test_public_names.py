"""studio.core.edit exports what its docstrings describe, its events are frozen, every problem
code has English words, and importing it loads no Qt."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

import studio.core.edit as core_edit
from studio.core.edit import Problem, english

ROOT = Path(__file__).resolve().parents[4]
EVENTS = (
    "RoundStarted",
    "InputsPrepared",
    "Retrying",
    "PreviewArrived",
    "FieldLearned",
    "VersionSaved",
    "RoundFinished",
)
CODES = (
    "API_ERROR",
    "FIELD_REJECTED",
    "TOO_LARGE",
    "INPUT_UNREADABLE",
    "INPUT_MISSING",
    "SAVE_FAILED",
    "COMPOSITE_FAILED",
    "UNEXPECTED",
    "TOO_MANY_IMAGES",
    "EMPTY_PROMPT",
    "CANNOT_EDIT",
    "NO_BASE",
)
STATES = ("DONE", "FAILED", "CANCELLED", "INTERRUPTED")
OTHERS = (
    "EditSessions",
    "SessionState",
    "EditRound",
    "EditRoundEvent",
    "EditRefused",
    "SentInputs",
    "SentPicture",
    "Problem",
    "english",
    "Describe",
    "ClientSource",
    "other_field",
    "MAX_POSTS",
    "SHRINK",
    "FEATHER_PARAM",
    "DEFAULT_FEATHER",
    "Price",
    "PriceLookup",
    "no_price",
    "usage_cost",
    "usage_tokens",
)


def test_the_public_names_are_the_documented_ones() -> None:
    assert sorted(core_edit.__all__) == sorted((*EVENTS, *CODES, *STATES, *OTHERS))
    for name in core_edit.__all__:
        assert hasattr(core_edit, name), name


@pytest.mark.parametrize("name", (*EVENTS, "Problem", "SentInputs", "SentPicture"))
def test_events_are_frozen_dataclasses(name: str) -> None:
    kind = getattr(core_edit, name)
    assert dataclasses.is_dataclass(kind)
    assert kind.__dataclass_params__.frozen  # type: ignore[attr-defined,union-attr]


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_its_own_english_words(code: str) -> None:
    text = english(Problem(getattr(core_edit, code), {"message": "m", "reason": "r"}))
    assert text and (code == "UNEXPECTED" or not text.startswith("Unexpected"))


def test_importing_the_workflow_loads_no_qt() -> None:
    probe = (
        "import json, sys, studio.core.edit, studio.store.edits\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert loaded.isdisjoint({"PySide6", "shiboken6", "qasync"})
