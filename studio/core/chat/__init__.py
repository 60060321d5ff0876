"""The chat workflow, no Qt: a conversation's state and the turn that answers in it.

:class:`ChatTurn` (``turn.py``) runs one action's answer and its automatic tool rounds over a
:class:`Conversation` (``conversation.py``) and yields the events of ``events.py``; the
window's session and ``studio chat`` both drive it. The pure rules it uses live beside it:
request building (``request.py``, ``request_messages.py``, ``request_images.py``), the
settings (``options.py``), assistants (``assistants.py``), the library of user functions
(``functions.py``), tools (``tools.py``, ``toolrounds.py``, ``calculator.py``),
structured output (``structured.py``; which answers are judged, by the settings stored with
each: ``judging.py``), titles (``titles.py``), the message tree
(``tree.py``), image references (``attachments.py``) and saving while streaming
(``answer.py``).
"""

from studio.core.chat import events, toolrounds
from studio.core.chat.answer import AnswerBuffer
from studio.core.chat.assistants import (
    NAME_LIMIT,
    Assistant,
    AssistantBook,
    AssistantError,
    AssistantProblem,
    assistant_problems,
    clean_name,
)
from studio.core.chat.attachments import link_reference, reference, store_prepared
from studio.core.chat.conversation import ChatStores, Conversation
from studio.core.chat.functions import FunctionLibrary, FunctionNameTaken, LibraryFunction
from studio.core.chat.judging import judge_answer, requested_output
from studio.core.chat.options import (
    ChatSettings,
    ImagePolicy,
    OutputMode,
    OutputSettings,
    ToolSettings,
    checked_image_policy,
    checked_output,
    checked_params,
    checked_tools,
)
from studio.core.chat.structured import (
    FIELD_TYPES,
    Field,
    JsonProblem,
    JsonVerdict,
    check_json,
    judge_json,
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
from studio.core.chat.turn import MAX_AUTO_ROUNDS, ChatTurn, ClientFactory

__all__ = [
    "CALCULATOR_TOOL",
    "FIELD_TYPES",
    "MAX_AUTO_ROUNDS",
    "NAME_LIMIT",
    "TIME_TOOL",
    "TOOL_NAME_RE",
    "AnswerBuffer",
    "Assistant",
    "AssistantBook",
    "AssistantError",
    "AssistantProblem",
    "ChatSettings",
    "ChatStores",
    "ChatTurn",
    "ClientFactory",
    "Conversation",
    "Field",
    "FunctionLibrary",
    "FunctionNameTaken",
    "ImagePolicy",
    "JsonProblem",
    "JsonVerdict",
    "LibraryFunction",
    "OutputMode",
    "OutputSettings",
    "ToolRegistry",
    "ToolSettings",
    "ToolSpec",
    "ToolSpecError",
    "assistant_problems",
    "check_json",
    "checked_image_policy",
    "checked_output",
    "checked_params",
    "checked_tools",
    "clean_name",
    "events",
    "judge_answer",
    "judge_json",
    "link_reference",
    "reference",
    "requested_output",
    "schema_from_fields",
    "store_prepared",
    "toolrounds",
]
