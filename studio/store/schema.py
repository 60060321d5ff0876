"""The history schema as a list of forward migrations (index ``i`` upgrades ``v{i}`` → ``v{i+1}``).

Each migration is a list of single SQL statements, run in one transaction together with the
``PRAGMA user_version`` bump, so a failed migration leaves the file as it was.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from sqlite3 import Connection
from typing import Any

Migration = Callable[[Connection], None]


def _statements(statements: Sequence[str]) -> Migration:
    def run(conn: Connection) -> None:
        for sql in statements:
            conn.execute(sql)

    return run


# The FTS index covers message text. Answers being streamed are not indexed (their text is
# rewritten every half second); the triggers index a message once its status leaves
# 'streaming', and remove exactly what was indexed before any change or delete. Because of
# that, never run the FTS 'rebuild' command while a message is 'streaming' (call
# MessageStore.mark_interrupted_at_startup first), or finished answers would be indexed twice.
_V1 = [
    """CREATE TABLE conversations (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL DEFAULT '',
        system_prompt TEXT,
        params_json TEXT,
        pinned INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        deleted_at REAL
    )""",
    "CREATE INDEX conversations_order ON conversations(deleted_at, pinned, updated_at)",
    """CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        parent_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
        role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
        text TEXT NOT NULL DEFAULT '',
        reasoning TEXT,
        refusal TEXT,
        model TEXT,
        status TEXT NOT NULL DEFAULT 'complete'
            CHECK (status IN ('complete', 'streaming', 'interrupted', 'failed')),
        finish_reason TEXT,
        error TEXT,
        usage_json TEXT,
        tool_calls_json TEXT,
        tool_call_id TEXT,
        attachments_json TEXT,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    )""",
    "CREATE INDEX messages_conversation ON messages(conversation_id, id)",
    "CREATE INDEX messages_parent ON messages(parent_id)",
    "CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming'",
    """CREATE VIRTUAL TABLE messages_fts USING fts5(
        text, content='messages', content_rowid='id', tokenize='trigram'
    )""",
    """CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
       WHEN new.status != 'streaming' BEGIN
        INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
       WHEN old.status != 'streaming' BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    # One trigger, so the old entry is always removed before the new one is added.
    """CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, status ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, text)
            SELECT 'delete', old.id, old.text WHERE old.status != 'streaming';
        INSERT INTO messages_fts(rowid, text)
            SELECT new.id, new.text WHERE new.status != 'streaming';
    END""",
    """CREATE TABLE images (
        hash TEXT PRIMARY KEY,
        ext TEXT NOT NULL,
        mime TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        created_at REAL NOT NULL
    )""",
]

# v2: the image studio. A job is one press of Generate (or one CLI call): its prompt and
# parameters are written before the request goes out, so they survive any failure. Each image
# it produced is a gallery item pointing at a file of the content-addressed image store;
# deleting an item only marks it (undo). Job prompts are indexed with the trigram tokenizer
# (Chinese substrings match); the prompt history feeds the prompt box's Up/Down keys.
_V2 = [
    """CREATE TABLE image_jobs (
        id INTEGER PRIMARY KEY,
        model TEXT NOT NULL,
        prompt TEXT NOT NULL,
        params_json TEXT NOT NULL DEFAULT '{}',
        provider TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'queued'
            CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        error TEXT,
        created_at REAL NOT NULL,
        finished_at REAL
    )""",
    "CREATE INDEX image_jobs_order ON image_jobs(created_at, id)",
    "CREATE INDEX image_jobs_unfinished ON image_jobs(status)"
    " WHERE status IN ('queued', 'running')",
    """CREATE TABLE gallery_items (
        id INTEGER PRIMARY KEY,
        job_id INTEGER NOT NULL REFERENCES image_jobs(id) ON DELETE CASCADE,
        image_hash TEXT NOT NULL REFERENCES images(hash),
        idx INTEGER NOT NULL DEFAULT 0,
        seed INTEGER,
        revised_prompt TEXT,
        created_at REAL NOT NULL,
        deleted_at REAL
    )""",
    "CREATE INDEX gallery_items_job ON gallery_items(job_id, idx)",
    "CREATE INDEX gallery_items_hash ON gallery_items(image_hash)",
    """CREATE VIRTUAL TABLE image_jobs_fts USING fts5(
        prompt, content='image_jobs', content_rowid='id', tokenize='trigram'
    )""",
    """CREATE TRIGGER image_jobs_fts_insert AFTER INSERT ON image_jobs BEGIN
        INSERT INTO image_jobs_fts(rowid, prompt) VALUES (new.id, new.prompt);
    END""",
    """CREATE TRIGGER image_jobs_fts_delete AFTER DELETE ON image_jobs BEGIN
        INSERT INTO image_jobs_fts(image_jobs_fts, rowid, prompt)
            VALUES ('delete', old.id, old.prompt);
    END""",
    """CREATE TRIGGER image_jobs_fts_update AFTER UPDATE OF prompt ON image_jobs BEGIN
        INSERT INTO image_jobs_fts(image_jobs_fts, rowid, prompt)
            VALUES ('delete', old.id, old.prompt);
        INSERT INTO image_jobs_fts(rowid, prompt) VALUES (new.id, new.prompt);
    END""",
    """CREATE TABLE prompt_history (
        prompt TEXT PRIMARY KEY,
        used_at REAL NOT NULL
    )""",
    "CREATE INDEX prompt_history_order ON prompt_history(used_at)",
]

# v3: the message a conversation was last showing (the end of its visible branch), so that
# the versions and branches picked are shown again when it is reopened.
_V3 = [
    "ALTER TABLE conversations ADD COLUMN leaf_id INTEGER",
]

# v4: the token usage an image job's answer reported (relays bill images by tokens).
_V4 = [
    "ALTER TABLE image_jobs ADD COLUMN usage_json TEXT",
]

# v5: image-editing sessions. A session is a tree of versions (the source is the root, each
# round's results are children of the version it edited) plus the draft of the next round
# (base version, mask, references, prompt, model, parameters). A round's row is written with
# every input before its request goes out, so a cancel, a failure or a crash keeps them
# (status 'interrupted' after a crash). Every image (versions, masks, references) is a file of
# the content-addressed image store, written before the row naming it; references_json holds
# an ordered JSON list of image hashes.
_V5 = [
    """CREATE TABLE edit_sessions (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        base_version_id INTEGER REFERENCES edit_versions(id) ON DELETE SET NULL,
        mask_hash TEXT REFERENCES images(hash),
        references_json TEXT NOT NULL DEFAULT '[]',
        prompt TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL DEFAULT '',
        params_json TEXT NOT NULL DEFAULT '{}',
        keep_outside INTEGER NOT NULL DEFAULT 1,
        field TEXT,
        deleted_at REAL
    )""",
    "CREATE INDEX edit_sessions_order ON edit_sessions(deleted_at, updated_at)",
    """CREATE TABLE edit_rounds (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES edit_sessions(id) ON DELETE CASCADE,
        parent_version_id INTEGER REFERENCES edit_versions(id) ON DELETE SET NULL,
        prompt TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL DEFAULT '',
        params_json TEXT NOT NULL DEFAULT '{}',
        mask_hash TEXT REFERENCES images(hash),
        references_json TEXT NOT NULL DEFAULT '[]',
        keep_outside INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'running'
            CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
        error TEXT,
        usage_json TEXT,
        cost REAL,
        sent_json TEXT,
        started_at REAL NOT NULL,
        finished_at REAL
    )""",
    "CREATE INDEX edit_rounds_session ON edit_rounds(session_id, id)",
    "CREATE INDEX edit_rounds_running ON edit_rounds(status) WHERE status = 'running'",
    """CREATE TABLE edit_versions (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES edit_sessions(id) ON DELETE CASCADE,
        round_id INTEGER REFERENCES edit_rounds(id) ON DELETE CASCADE,
        parent_id INTEGER REFERENCES edit_versions(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL DEFAULT 0,
        image_hash TEXT NOT NULL REFERENCES images(hash),
        raw_hash TEXT REFERENCES images(hash),
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        created_at REAL NOT NULL
    )""",
    "CREATE INDEX edit_versions_session ON edit_versions(session_id, id)",
    "CREATE INDEX edit_versions_image ON edit_versions(image_hash)",
    "CREATE INDEX edit_versions_raw ON edit_versions(raw_hash) WHERE raw_hash IS NOT NULL",
]

# v6: the structured-output settings an answer was requested with (``{"mode", "schema",
# "schema_name", "schema_in_prompt"}``), written when the answer starts, so the answer is
# judged by them and not by the conversation's settings of the day. NULL for older answers
# (never judged) and for messages that are not answers.
_V6 = [
    "ALTER TABLE messages ADD COLUMN output_json TEXT",
]

# v7: assistants and the library of user functions. An assistant is a named preset of a chat's
# settings (model and system prompt in their own columns, the rest in params_json, the same
# shape as conversations.params_json); a chat started from one copies them and keeps the
# assistant's name (conversations.assistant), so later edits never rewrite old chats. The user
# functions are defined once (user_functions) and each chat enables some of them by id
# (params_json "tools": {"functions": [id, …]}); AUTOINCREMENT, so the id of a deleted
# function is never given to another one that old chats would then offer. The functions each
# conversation defined for itself move into the library (an identical definition is shared;
# a name the library already holds with another definition stays in that conversation).
_V7 = [
    """CREATE TABLE user_functions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        parameters_json TEXT NOT NULL DEFAULT '{}',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    )""",
    """CREATE TABLE assistants (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        model TEXT NOT NULL DEFAULT '',
        system_prompt TEXT NOT NULL DEFAULT '',
        params_json TEXT NOT NULL DEFAULT '{}',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    )""",
    "ALTER TABLE conversations ADD COLUMN assistant TEXT",
]


def _definition(raw: Any) -> tuple[str, str, dict[str, Any]] | None:
    """(name, description, parameters) of a stored per-conversation function, if usable."""
    if not isinstance(raw, dict):
        return None
    name = raw.get("name")
    parameters = raw.get("parameters")
    if not isinstance(name, str) or not name.strip():
        return None
    if not isinstance(parameters, dict):
        parameters = {"type": "object", "properties": {}}
    return name, str(raw.get("description") or ""), parameters


def _move_user_functions(conn: Connection) -> None:
    """Put each conversation's own functions into the library; the conversation enables them."""
    now = time.time()
    library: dict[str, tuple[int, str, dict[str, Any]]] = {}
    rows = conn.execute(
        "SELECT id, params_json FROM conversations WHERE params_json LIKE '%\"user\"%' "
        "ORDER BY updated_at DESC, id DESC"  # the newest definition of a name wins it
    ).fetchall()
    for conversation_id, params_json in rows:
        try:
            params = json.loads(params_json)
        except ValueError:
            continue
        tools = params.get("tools") if isinstance(params, dict) else None
        users = tools.get("user") if isinstance(tools, dict) else None
        if not isinstance(tools, dict) or not isinstance(users, list) or not users:
            continue
        enabled: list[int] = []
        kept: list[Any] = []
        for raw in users:
            found = _definition(raw)
            if found is None:
                kept.append(raw)
                continue
            name, description, parameters = found
            known = library.get(name)
            if known is None:
                cursor = conn.execute(
                    "INSERT INTO user_functions (name, description, parameters_json, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                    (name, description, json.dumps(parameters, ensure_ascii=False), now, now),
                )
                assert cursor.lastrowid is not None
                known = library[name] = (int(cursor.lastrowid), description, parameters)
            if known[1:] == (description, parameters):
                enabled.append(known[0])
            else:
                kept.append(raw)
        tools["functions"] = enabled
        tools["user"] = kept
        conn.execute(
            "UPDATE conversations SET params_json = ? WHERE id = ?",
            (json.dumps(params, ensure_ascii=False), conversation_id),
        )


def _v7(conn: Connection) -> None:
    _statements(_V7)(conn)
    _move_user_functions(conn)


MIGRATIONS: tuple[Migration, ...] = (
    _statements(_V1),
    _statements(_V2),
    _statements(_V3),
    _statements(_V4),
    _statements(_V5),
    _statements(_V6),
    _v7,
)
"""All migrations of this version of Studio; ``len(MIGRATIONS)`` is the schema version."""

SCHEMA_VERSION = len(MIGRATIONS)
