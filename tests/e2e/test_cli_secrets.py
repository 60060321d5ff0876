"""The API key never leaves the secrets store: not on screen, not in history, not in exports.

Every ``run_studio`` call already checks stdout/stderr, and every test's data directory is
searched when it ends (see conftest); this test walks a whole session on purpose.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import API_KEY, RunStudio, secret_leaks


def test_key_never_reaches_history_or_exports(
    run_studio: RunStudio, data_dir: Path, tmp_path: Path
) -> None:
    assert run_studio("chat", "hello").returncode == 0
    assert run_studio("chat", "-m", "demo-fault-500", "hello").returncode == 1
    assert run_studio("chat", "-m", "demo-fault-cut", "hello").returncode == 3
    generated = run_studio(
        "image", "generate", "-m", "demo-image", "-p", "a red fox", "-o", str(tmp_path / "img")
    )
    assert generated.returncode == 0, generated.stderr
    exports = tmp_path / "exports"
    exports.mkdir()
    for fmt in ("json", "md"):
        result = run_studio("export", "--format", fmt, "-o", str(exports / f"all.{fmt}"))
        assert result.returncode == 0, result.stderr

    assert (exports / "all.json").stat().st_size > 0
    assert any(data_dir.rglob("*")), "the history was not written to STUDIO_DATA_DIR"
    assert secret_leaks(data_dir) == []
    assert secret_leaks(exports) == []
    assert secret_leaks(tmp_path / "img") == []
    assert API_KEY not in (exports / "all.md").read_text(encoding="utf-8")
