"""``studio chat --assistant NAME`` uses an assistant saved in the history (as Settings saves
it), and ``studio export`` names the assistant a chat was started from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from studio.config.paths import DataPaths
from studio.core.chat.assistants import Assistant, AssistantBook
from studio.core.chat.options import ChatSettings, OutputSettings
from studio.core.chat.tools import ToolRegistry
from studio.store.assistants import AssistantStore
from studio.store.database import Database
from studio.store.functions import FunctionStore
from tests.e2e.conftest import RunStudio, error_lines


def save_extractor(data_dir: Path) -> None:
    """An assistant that asks for JSON, saved by the same rules as the Settings dialog."""
    with Database(DataPaths(data_dir).database) as db:
        book = AssistantBook(AssistantStore(db), FunctionStore(db), ToolRegistry())
        settings = ChatSettings(
            model="demo-chat",
            system_prompt="Extract the facts as JSON.",
            params={"temperature": 0.2},
            output=OutputSettings("json_object"),
        )
        book.save([Assistant(None, "Extractor", settings)])


def export_latest(run_studio: RunStudio, fmt: str = "json") -> Any:
    code, out, err = run_studio("export", "--conversation", "latest", "--format", fmt)
    assert code == 0, err
    return json.loads(out)["conversation"] if fmt == "json" else out


def test_chat_with_an_assistant_uses_its_settings_and_the_export_names_it(
    run_studio: RunStudio, data_dir: Path
) -> None:
    save_extractor(data_dir)
    code, out, err = run_studio("chat", "--assistant", "extractor", "A 75-inch TV for 999 USD")
    assert code == 0, err
    assert isinstance(json.loads(out), dict)  # the assistant's JSON mode reached the relay
    conversation = export_latest(run_studio)
    assert conversation["assistant"] == "Extractor"
    assert conversation["system_prompt"] == "Extract the facts as JSON."
    assert conversation["model"] == "demo-chat"
    assert conversation["params"]["temperature"] == 0.2
    assert conversation["params"]["output"]["mode"] == "json_object"
    assert "*Assistant: Extractor · Model: demo-chat" in export_latest(run_studio, "md")


def test_the_other_options_override_the_assistant(run_studio: RunStudio, data_dir: Path) -> None:
    save_extractor(data_dir)
    code, _out, err = run_studio(
        "chat", "--assistant", "Extractor", "-m", "demo-reasoner", "--system", "Be brief.",
        "--temperature", "0.9", "hello",
    )  # fmt: skip
    assert code == 0, err
    conversation = export_latest(run_studio)
    assert conversation["model"] == "demo-reasoner"
    assert conversation["system_prompt"] == "Be brief."
    assert conversation["params"]["temperature"] == 0.9
    assert conversation["params"]["output"]["mode"] == "json_object"  # kept


def test_an_unknown_assistant_is_one_line_naming_the_ones_there_are(
    run_studio: RunStudio, data_dir: Path
) -> None:
    code, _out, err = run_studio("chat", "--assistant", "Translator", "hello")
    assert code == 2
    assert error_lines(err) == [
        "studio: there is no assistant called 'Translator': create one in the window "
        "(Settings → Assistants)"
    ]
    save_extractor(data_dir)
    code, _out, err = run_studio("chat", "--assistant", "Translator", "hello")
    assert code == 2
    assert error_lines(err) == [
        "studio: there is no assistant called 'Translator' (yours: Extractor)"
    ]
