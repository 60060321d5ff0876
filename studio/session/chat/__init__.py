"""Chat sessions: conversations with branches and versions, streaming, tools, JSON output.

The UI talks to :class:`ChatManager` (the conversation list, a new chat's
:class:`ChatDraft`, the function library and the assistants) and to one
:class:`ConversationSession` per open conversation; all are QObjects with signals. The panels
edit any :class:`ChatOptions` (a stored chat's, a draft's, an assistant's). The pure
rules (tools, structured output, request building, the turn itself) are the core's
(:mod:`studio.core.chat`). The value types and record types widgets need are re-exported
here, so widgets import neither ``studio.core`` nor ``studio.store``.
"""

from studio.core.chat.assistants import NAME_LIMIT, Assistant, AssistantError, AssistantProblem
from studio.core.chat.functions import FunctionNameTaken, LibraryFunction
from studio.core.chat.judging import judge_answer
from studio.core.chat.options import ChatSettings, OutputMode, OutputSettings, ToolSettings
from studio.core.chat.structured import (
    FIELD_TYPES,
    Field,
    JsonProblem,
    JsonVerdict,
    schema_from_fields,
)
from studio.core.chat.tools import (
    CALCULATOR_TOOL,
    TIME_TOOL,
    TOOL_NAME_RE,
    ToolRegistry,
    ToolSpec,
    ToolSpecError,
)
from studio.session.chat.assistants import AssistantDraft, AssistantsEditor, AssistantsSession
from studio.session.chat.conversation import ConversationSession
from studio.session.chat.functions import FunctionLibrarySession
from studio.session.chat.manager import ChatManager
from studio.session.chat.options import ChatDraft, ChatOptions
from studio.store.conversations import ConversationRecord, SearchHit
from studio.store.functions import FunctionRecord
from studio.store.messages import MessageRecord

__all__ = [
    "CALCULATOR_TOOL",
    "FIELD_TYPES",
    "NAME_LIMIT",
    "TIME_TOOL",
    "TOOL_NAME_RE",
    "Assistant",
    "AssistantDraft",
    "AssistantError",
    "AssistantProblem",
    "AssistantsEditor",
    "AssistantsSession",
    "ChatDraft",
    "ChatManager",
    "ChatOptions",
    "ChatSettings",
    "ConversationRecord",
    "ConversationSession",
    "Field",
    "FunctionLibrarySession",
    "FunctionNameTaken",
    "FunctionRecord",
    "JsonProblem",
    "JsonVerdict",
    "LibraryFunction",
    "MessageRecord",
    "OutputMode",
    "OutputSettings",
    "SearchHit",
    "ToolRegistry",
    "ToolSettings",
    "ToolSpec",
    "ToolSpecError",
    "judge_answer",
    "schema_from_fields",
]
