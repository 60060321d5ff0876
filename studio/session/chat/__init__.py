"""Chat sessions: conversations with branches and versions, streaming, tools, JSON output.

The UI talks to :class:`ChatManager` (the conversation list) and to one
:class:`ConversationSession` per open conversation; both are QObjects with signals. The pure
helpers (tools, structured output, history building) live in their own modules. The record
types they return are re-exported here, so widgets never import ``studio.store``.
"""

from studio.core.chat.options import ChatSettings, OutputMode, OutputSettings, ToolSettings
from studio.core.chat.structured import check_json, schema_from_fields
from studio.core.chat.tools import ToolRegistry, ToolSpec, ToolSpecError
from studio.session.chat.conversation import ConversationSession
from studio.session.chat.manager import ChatManager
from studio.store.conversations import ConversationRecord, SearchHit
from studio.store.messages import MessageRecord

__all__ = [
    "ChatManager",
    "ChatSettings",
    "ConversationRecord",
    "ConversationSession",
    "MessageRecord",
    "OutputMode",
    "OutputSettings",
    "SearchHit",
    "ToolRegistry",
    "ToolSettings",
    "ToolSpec",
    "ToolSpecError",
    "check_json",
    "schema_from_fields",
]
