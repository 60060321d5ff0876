"""``python -m studio.demo`` prints its URL first and serves until terminated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[3]


def test_module_prints_url_and_serves_until_terminated() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "studio.demo", "--token-rate", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
        response = httpx.post(
            f"{url}/chat/completions",
            json={"model": "demo-chat", "messages": [{"role": "user", "content": "ping"}]},
            timeout=30,
        )
        assert "ping" in response.json()["choices"][0]["message"]["content"]
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
