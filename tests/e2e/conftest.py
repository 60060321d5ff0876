"""Fixtures for the command-line end-to-end tests.

The tests run ``python -m studio …`` as a real subprocess against the demo relay, itself a
real subprocess (``python -m studio.demo --port 0``) listening on 127.0.0.1. Every ``studio``
run gets a fresh data directory, the null keyring and the API key ``sk-e2e``; the helper
checks on every run that the key is never printed and that no traceback reaches the user,
and each test's data directory is searched for the key when the test ends.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NamedTuple, Protocol

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
API_KEY = "sk-e2e"
START_TIMEOUT = 30.0
_PROXY_VARS = (
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
)


class Result(NamedTuple):
    """What a user sees from one ``studio`` run."""

    returncode: int
    stdout: str
    stderr: str


class RunStudio(Protocol):
    """The ``run_studio`` fixture: run ``studio ARGS`` and return what it printed."""

    def __call__(
        self, *args: str, env: Mapping[str, str | None] | None = None, timeout: float = 60
    ) -> Result: ...


@dataclass
class Relay:
    """A demo relay subprocess and the base URL it printed."""

    process: subprocess.Popen[str]
    url: str


def _drain(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    """Pass each line on (the first one is the URL) and keep the pipe from filling up."""
    for line in stream:
        lines.put(line)
    lines.put(None)


def _start_relay(token_rate: float, log: Path) -> Relay:
    server = REPO_ROOT / "studio" / "demo" / "server.py"
    if not server.exists():
        pytest.fail(f"the demo relay {server} does not exist yet")
    log_file = log.open("w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "studio.demo", "--port", "0", "--token-rate", str(token_rate)],
        cwd=REPO_ROOT,
        env=_clean_environ(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=log_file,
        text=True,
        encoding="utf-8",
    )
    log_file.close()
    assert process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_drain, args=(process.stdout, lines), daemon=True).start()
    try:
        first = lines.get(timeout=START_TIMEOUT)
    except queue.Empty:
        first = None
    if not first or not first.strip().startswith("http"):
        _stop(process)
        details = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        pytest.fail(f"the demo relay did not print its URL (got {first!r}); stderr:\n{details}")
    return Relay(process, first.strip())


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _clean_environ() -> dict[str, str]:
    """The test process's environment without proxies or Studio settings leaking in."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in _PROXY_VARS and not k.startswith("STUDIO_") and k != "PYTHONUNBUFFERED"
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    return env


@pytest.fixture(scope="session")
def demo_relay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a demo relay subprocess that answers at full speed."""
    relay = _start_relay(0, tmp_path_factory.mktemp("relay") / "stderr.log")
    yield relay.url
    _stop(relay.process)


@pytest.fixture(scope="session")
def slow_demo_relay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a demo relay subprocess that streams 20 tokens per second."""
    relay = _start_relay(20, tmp_path_factory.mktemp("slow-relay") / "stderr.log")
    yield relay.url
    _stop(relay.process)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The test's ``STUDIO_DATA_DIR`` (created by Studio itself on first use)."""
    return tmp_path / "data"


@pytest.fixture
def studio_env(demo_relay: str, data_dir: Path) -> dict[str, str]:
    """The environment every ``studio`` subprocess of a test starts with."""
    env = _clean_environ()
    env.update(
        {
            "STUDIO_DATA_DIR": str(data_dir),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "STUDIO_BASE_URL": demo_relay,
            "STUDIO_API_KEY": API_KEY,
            "QT_QPA_PLATFORM": "offscreen",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
    )
    return env


def merged_env(base: Mapping[str, str], extra: Mapping[str, str | None] | None) -> dict[str, str]:
    """``base`` with ``extra`` applied (a ``None`` value removes the variable)."""
    env = dict(base)
    for key, value in (extra or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def check_output(result: Result, env: Mapping[str, str]) -> None:
    """What must hold for every run: the key is never printed, no traceback is shown."""
    key = env.get("STUDIO_API_KEY", "")
    for name, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        assert not key or key not in text, f"the API key appeared on {name}:\n{text}"
    assert "Traceback (most recent call last)" not in result.stderr, result.stderr


def secret_leaks(root: Path, secret: str = API_KEY) -> list[Path]:
    """Files under ``root`` (except the secrets store) whose bytes contain ``secret``."""
    if not root.exists():
        return []
    needle = secret.encode()
    return [
        path
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != "secrets.json" and needle in path.read_bytes()
    ]


@pytest.fixture
def run_studio(studio_env: dict[str, str], data_dir: Path, tmp_path: Path) -> Iterator[RunStudio]:
    """Run ``python -m studio ARGS`` in ``tmp_path``; return (returncode, stdout, stderr)."""

    def run(*args: str, env: Mapping[str, str | None] | None = None, timeout: float = 60) -> Result:
        full_env = merged_env(studio_env, env)
        completed = subprocess.run(
            [sys.executable, "-m", "studio", *args],
            cwd=tmp_path,
            env=full_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )
        result = Result(completed.returncode, completed.stdout, completed.stderr)
        check_output(result, full_env)
        return result

    yield run
    leaks = secret_leaks(data_dir)
    assert not leaks, f"the API key was written to {leaks}"


def error_lines(stderr: str) -> list[str]:
    """The non-empty lines of ``stderr``."""
    return [line for line in stderr.splitlines() if line.strip()]
