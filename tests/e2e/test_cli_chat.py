"""``studio chat`` against the demo relay: streamed markdown, options, JSON output, tools."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.e2e.conftest import RunStudio

# Sentences of the demo-reasoner's visible "thinking" (studio/demo/texts.py REASONING_EN).
REASONING_SENTENCES = (
    "I should keep the answer well structured so it is easy to scan.",
    "Let me check the details once more before I answer.",
)


def _table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|") and line.endswith("|")]


def test_chat_streams_markdown_to_stdout(run_studio: RunStudio) -> None:
    code, out, err = run_studio("chat", "hello")
    assert code == 0, err
    assert err == ""
    assert "hello" in out  # the demo echoes the question
    assert len(_table_rows(out)) >= 3, out
    assert "```python" in out
    assert out.count("```") >= 4  # two fenced blocks, opened and closed
    assert out.endswith("\n")


def test_reasoning_never_reaches_stdout(run_studio: RunStudio) -> None:
    code, out, err = run_studio("chat", "-m", "demo-reasoner", "Plan a picnic for four")
    assert code == 0, err
    assert "## Overview" in out  # the answer itself
    assert "Plan a picnic for four" in out
    for sentence in REASONING_SENTENCES:
        assert sentence not in out


def test_system_temperature_and_max_tokens_are_accepted(run_studio: RunStudio) -> None:
    code, out, err = run_studio(
        "chat",
        "--system",
        "You are terse.",
        "--temperature",
        "0.2",
        "--max-tokens",
        "12",
        "hello",
    )
    # Cut by the limit: exit 3 (answer cut off) with one line that says why and what to do.
    assert code == 3, err
    assert err.strip().splitlines() == [
        "studio: the answer stopped at the token limit (finish_reason: length); "
        "raise --max-tokens for a longer one."
    ]
    assert out.strip()
    # Twelve tokens end long before the table and the code blocks of the full answer.
    assert "```" not in out
    assert not _table_rows(out)


def test_a_reader_that_goes_away_ends_the_answer_quietly(
    studio_env: dict[str, str], slow_demo_relay: str, tmp_path: Path, data_dir: Path
) -> None:
    """`studio chat … | head -3`: no traceback, exit 0, the answer kept as interrupted."""
    import sqlite3
    import subprocess
    import sys

    reader = subprocess.Popen(
        [sys.executable, "-m", "studio", "chat", "Show me a long table"],
        cwd=tmp_path,
        # 20 tokens a second: the answer is still streaming when the reader goes away.
        env={**studio_env, "STUDIO_BASE_URL": slow_demo_relay},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    first = reader.stdout.readline()
    assert first  # the answer started
    reader.stdout.close()  # like `head` exiting after its lines
    err = reader.stderr.read().decode("utf-8")
    code = reader.wait(timeout=60)
    assert code in (0, 141), err
    assert err == "", err
    with sqlite3.connect(data_dir / "studio.sqlite3") as db:
        rows = db.execute("SELECT status FROM messages WHERE role = 'assistant'").fetchall()
    assert rows == [("interrupted",)]


def test_no_stream_prints_the_same_answer(run_studio: RunStudio) -> None:
    streamed = run_studio("chat", "Show me a table")
    whole = run_studio("chat", "--no-stream", "Show me a table")
    assert streamed.returncode == 0, streamed.stderr
    assert whole.returncode == 0, whole.stderr
    assert whole.stderr == ""
    assert _table_rows(whole.stdout)
    assert whole.stdout == streamed.stdout


def test_json_mode_prints_a_json_object(run_studio: RunStudio) -> None:
    code, out, err = run_studio("chat", "--json", "Describe a cat as JSON")
    assert code == 0, err
    assert err == ""
    assert isinstance(json.loads(out), dict)


def test_schema_output_validates(run_studio: RunStudio, tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "age": {"type": "integer", "minimum": 0},
            "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "kind": {"type": "string", "enum": ["cat", "dog"]},
        },
        "required": ["name", "age", "tags", "kind"],
        "additionalProperties": False,
    }
    schema_file = tmp_path / "pet.schema.json"
    schema_file.write_text(json.dumps(schema), encoding="utf-8")
    code, out, err = run_studio("chat", "--schema", str(schema_file), "Invent a pet")
    assert code == 0, err
    assert err == ""
    jsonschema.validate(json.loads(out), schema)


def test_tool_call_prints_one_json_line(run_studio: RunStudio, tmp_path: Path) -> None:
    tools = [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Current weather in a city",
                "parameters": {
                    "type": "object",
                    "properties": {
                        "location": {"type": "string", "description": "City name"},
                        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                    },
                    "required": ["location"],
                },
            },
        }
    ]
    tools_file = tmp_path / "tools.json"
    tools_file.write_text(json.dumps(tools), encoding="utf-8")
    code, out, err = run_studio("chat", "--tools", str(tools_file), "What's the weather in Paris?")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 1, out
    call = json.loads(lines[0])
    assert set(call) == {"id", "name", "arguments"}
    assert call["name"] == "get_weather"
    assert isinstance(call["id"], str) and call["id"]
    arguments = json.loads(call["arguments"])
    assert isinstance(arguments, dict)
    assert "Paris" in arguments["location"]
