"""Failures as a user sees them: exit codes 1/2/3, one clean line on stderr, no traceback."""

from __future__ import annotations

import json
import socket

import pytest

from tests.e2e.conftest import RunStudio, error_lines


def _closed_port() -> int:
    """A loopback port nobody listens on (bound once, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _one_line(stderr: str) -> str:
    lines = error_lines(stderr)
    assert len(lines) == 1, f"expected one line on stderr, got:\n{stderr}"
    return lines[0]


def test_cut_stream_keeps_the_partial_answer(run_studio: RunStudio) -> None:
    code, out, err = run_studio("chat", "-m", "demo-fault-cut", "hello")
    assert code == 3, err
    assert out.strip(), "the partial answer must stay on stdout"
    assert "interrupted" in _one_line(err).lower()

    code, exported, err = run_studio("export", "--conversation", "latest", "--format", "json")
    assert code == 0, err
    messages = json.loads(exported)["conversation"]["messages"]
    answer = messages[-1]
    assert answer["role"] == "assistant"
    assert answer["status"] == "interrupted"
    assert answer["text"].strip()
    assert out.startswith(answer["text"])


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("demo-fault-500", ("500", "The demo relay failed on purpose")),
        ("demo-fault-html", ("502", "Bad gateway")),
    ],
)
def test_http_error_is_one_line(
    run_studio: RunStudio, model: str, expected: tuple[str, ...]
) -> None:
    code, out, err = run_studio("chat", "-m", model, "hello")
    assert code == 1
    assert out == ""
    line = _one_line(err)
    for text in expected:
        assert text in line
    assert "<html" not in err.lower()
    assert "<!doctype" not in err.lower()


def test_wrong_key_is_one_line_without_the_key(run_studio: RunStudio) -> None:
    code, out, err = run_studio("chat", "hello", env={"STUDIO_API_KEY": "sk-invalid"})
    assert code == 1
    assert out == ""
    line = _one_line(err)
    assert "401" in line
    assert "Invalid token" in line
    assert "sk-invalid" not in out + err


def test_base_url_without_scheme_is_one_clear_line(run_studio: RunStudio) -> None:
    code, out, err = run_studio("chat", "--base-url", "api.example.com", "hello")
    assert code in (1, 2)
    assert out == ""
    line = _one_line(err)
    assert "api.example.com" in line


def test_unreachable_host_fails_after_bounded_retries(run_studio: RunStudio) -> None:
    port = _closed_port()
    code, out, err = run_studio("chat", "--base-url", f"http://127.0.0.1:{port}/v1", "hello")
    assert code == 1
    assert out == ""
    line = _one_line(err)
    assert f"127.0.0.1:{port}" in line


@pytest.mark.parametrize(
    "args",
    [
        ("chat",),
        ("image", "generate", "-p", "a red fox"),
    ],
    ids=["chat-without-prompt", "generate-without-model"],
)
def test_usage_errors_exit_2(run_studio: RunStudio, args: tuple[str, ...]) -> None:
    code, out, err = run_studio(*args)
    assert code == 2
    assert out == ""
    assert "usage:" in err
