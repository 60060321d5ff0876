"""Chat sessions: conversations with branches and versions, streaming, tools, JSON output.

The UI talks to :class:`ChatManager` (the conversation list) and to one
:class:`ConversationSession` per open conversation; both are QObjects with signals. The pure
helpers (tools, structured output, history building) live in their own modules.
"""

from studio.session.chat.conversation import ConversationSession
from studio.session.chat.manager import ChatManager
from studio.session.chat.settings import ChatSettings, OutputMode, OutputSettings, ToolSettings
from studio.session.chat.tools import ToolRegistry, ToolSpec, ToolSpecError

__all__ = [
    "ChatManager",
    "ChatSettings",
    "ConversationSession",
    "OutputMode",
    "OutputSettings",
    "ToolRegistry",
    "ToolSettings",
    "ToolSpec",
    "ToolSpecError",
]
