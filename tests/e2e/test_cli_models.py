"""``studio models``: one model id per line."""

from __future__ import annotations

from tests.e2e.conftest import RunStudio


def test_models_prints_one_id_per_line(run_studio: RunStudio) -> None:
    code, out, err = run_studio("models")
    assert code == 0, err
    assert err == ""
    ids = out.splitlines()
    assert {"demo-chat", "demo-reasoner", "demo-vision", "demo-image", "demo-image-edit"} <= set(
        ids
    )
    assert all(line and line == line.strip() and " " not in line for line in ids), out
    assert len(ids) == len(set(ids))
