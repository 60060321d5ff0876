"""CLI chats land in the shared history: ``studio export`` shows them, Ctrl+C keeps them."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.e2e.conftest import Result, RunStudio, check_output, error_lines, merged_env

FIRST_OUTPUT_TIMEOUT = 30.0


def _export_latest(run_studio: RunStudio) -> dict[str, Any]:
    code, out, err = run_studio("export", "--conversation", "latest", "--format", "json")
    assert code == 0, err
    conversation: dict[str, Any] = json.loads(out)["conversation"]
    return conversation


def test_chat_is_exported_as_json(run_studio: RunStudio) -> None:
    code, answer, err = run_studio("chat", "--system", "Answer briefly.", "hello")
    assert code == 0, err
    conversation = _export_latest(run_studio)
    assert conversation["system_prompt"] == "Answer briefly."
    user, assistant = conversation["messages"]
    assert user["role"] == "user"
    assert user["text"] == "hello"
    assert assistant["role"] == "assistant"
    assert assistant["model"] == "demo-chat"
    assert assistant["status"] == "complete"
    assert assistant["text"].strip() == answer.strip()
    usage = assistant["usage"]
    assert usage["completion_tokens"] > 0
    assert usage["total_tokens"] >= usage["prompt_tokens"] + usage["completion_tokens"]


def test_chat_is_exported_as_markdown_file(run_studio: RunStudio, tmp_path: Path) -> None:
    code, answer, err = run_studio("chat", "Show me a table")
    assert code == 0, err
    target = tmp_path / "chat.md"
    code, out, err = run_studio(
        "export", "--conversation", "latest", "--format", "md", "-o", str(target)
    )
    assert code == 0, err
    assert out == ""
    markdown = target.read_text(encoding="utf-8")
    assert "Show me a table" in markdown
    assert "## Assistant" in markdown
    table_row = next(line for line in answer.splitlines() if line.startswith("| "))
    assert table_row in markdown
    assert "```python" in markdown


def test_export_all_lists_every_conversation(run_studio: RunStudio) -> None:
    for prompt in ("first question", "second question"):
        code, _, err = run_studio("chat", prompt)
        assert code == 0, err
    code, out, err = run_studio("export", "--format", "json")
    assert code == 0, err
    titles = {c["title"] for c in json.loads(out)["conversations"]}
    assert titles == {"first question", "second question"}


def test_ctrl_c_stops_the_stream_and_keeps_the_partial_answer(
    run_studio: RunStudio,
    studio_env: dict[str, str],
    slow_demo_relay: str,
    tmp_path: Path,
) -> None:
    env = merged_env(studio_env, {"STUDIO_BASE_URL": slow_demo_relay})
    process = subprocess.Popen(
        [sys.executable, "-m", "studio", "chat", "hello"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            ready = selector.select(timeout=FIRST_OUTPUT_TIMEOUT)
        assert ready, "no answer text arrived from the slow relay"
        first = os.read(process.stdout.fileno(), 65536)
        assert first, "studio closed stdout before printing anything"
        process.send_signal(signal.SIGINT)
        rest, err_bytes = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    out = (first + rest).decode("utf-8")
    err = err_bytes.decode("utf-8", errors="replace")
    check_output(Result(process.returncode, out, err), env)
    assert process.returncode == 130, err
    assert out.strip()
    assert "OpenAI API reference" not in out  # the end of the demo answer never came
    assert len(error_lines(err)) == 1, err

    conversation = _export_latest(run_studio)
    answer = conversation["messages"][-1]
    assert answer["role"] == "assistant"
    assert answer["status"] == "interrupted"
    assert answer["text"].strip()
    assert out.startswith(answer["text"])
