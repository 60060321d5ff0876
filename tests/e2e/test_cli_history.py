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

from studio.store.conversations import ConversationStore
from studio.store.database import Database
from studio.store.messages import MessageStore
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


def test_export_of_a_branched_chat(run_studio: RunStudio, data_dir: Path, tmp_path: Path) -> None:
    """A chat asked with a schema, its answer regenerated, then a second question edited
    into a branch: Markdown shows the branch chosen, and the rest labelled after it."""
    schema_file = tmp_path / "pet.schema.json"
    schema_file.write_text(
        json.dumps({"type": "object", "properties": {"name": {"type": "string"}}}),
        encoding="utf-8",
    )
    code, answer, err = run_studio("chat", "--schema", str(schema_file), "Invent a pet")
    assert code == 0, err
    first = _export_latest(run_studio)
    question, kept = first["messages"]
    assert kept["output"]["mode"] == "json_schema"  # the mode it was asked with, stored

    # The window's Regenerate and Edit, done on the same SQLite file.
    with Database(data_dir / "studio.sqlite3") as db:
        conversations, messages = ConversationStore(db), MessageStore(db)
        cid = first["id"]
        again = messages.start_answer(cid, "demo-chat", question["id"], output={"mode": "off"})
        messages.finish(again, "complete", text="A cat named Tom.")
        follow = messages.add(cid, "user", "Is it friendly?", parent_id=again)
        reply = messages.start_answer(cid, "demo-chat", follow, output={"mode": "off"})
        messages.finish(reply, "complete", text="Very friendly.")
        edited = messages.add(cid, "user", "Is it old?", parent_id=again)
        older = messages.start_answer(cid, "demo-chat", edited, output={"mode": "off"})
        messages.finish(older, "complete", text="Ten years old.")
        conversations.set_leaf(cid, reply)

    code, markdown, err = run_studio("export", "--conversation", "latest", "--format", "md")
    assert code == 0, err
    transcript, _, others = markdown.partition("\n## Other versions and branches\n")
    assert others, markdown
    shown = ["Invent a pet", "A cat named Tom.", "Is it friendly?", "Very friendly."]
    assert [transcript.index(t) for t in shown] == sorted(transcript.index(t) for t in shown)
    assert answer.strip() not in transcript and "Is it old?" not in transcript
    assert "### Version 1 of 2 of the answer to your message “Invent a pet”" in others
    assert answer.strip() in others
    assert "*Asked for JSON matching the schema" in others
    assert "### Branch: version 2 of 2 of your message after the answer “A cat named" in others
    assert others.index("Is it old?") < others.index("Ten years old.")

    whole = _export_latest(run_studio)
    assert whole["leaf_id"] == reply
    assert len(whole["messages"]) == 7
    assert {m["parent_id"] for m in whole["messages"]} >= {None, question["id"], again}
