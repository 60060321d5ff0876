"""Thin QObjects over the core workflows: each owns a task, iterates a workflow and turns
its events into signals and sentences. :func:`build_studio` builds them all.

The names below are its public surface for ``ui`` and ``app`` (checked by
``tests/unit/test_public_names.py``).
"""

from studio.session.chat import (
    CALCULATOR_TOOL,
    FIELD_TYPES,
    TIME_TOOL,
    TOOL_NAME_RE,
    ChatManager,
    ChatSettings,
    ConversationRecord,
    ConversationSession,
    Field,
    MessageRecord,
    OutputMode,
    ToolRegistry,
    ToolSpec,
    ToolSpecError,
    check_json,
    schema_from_fields,
)
from studio.session.chat.attachment_draft import AttachmentDraft, DraftImage
from studio.session.chat.attachments import (
    AttachmentService,
    Pixels,
    is_vision_model,
    is_web_url,
    looks_like_image_url,
)
from studio.session.edit import EditDocument, EditLibrary, SentInputs
from studio.session.error_reporter import ErrorReporter, configure_logging
from studio.session.event_loop import (
    async_generator_hooks,
    close_async_generators,
    create_event_loop,
)
from studio.session.images import ImageJob, ImageStudioSession
from studio.session.images.size_text import describe_size_problem
from studio.session.models import ModelListSession
from studio.session.relay_info import RelayInfo
from studio.session.settings_editor import (
    ModelPrice,
    SettingsSession,
    provider_prices,
    resolved_endpoint,
    set_provider_prices,
)
from studio.session.studio import Studio, build_studio

__all__ = [
    "CALCULATOR_TOOL",
    "FIELD_TYPES",
    "TIME_TOOL",
    "TOOL_NAME_RE",
    "AttachmentDraft",
    "AttachmentService",
    "ChatManager",
    "ChatSettings",
    "ConversationRecord",
    "ConversationSession",
    "DraftImage",
    "EditDocument",
    "EditLibrary",
    "ErrorReporter",
    "Field",
    "ImageJob",
    "ImageStudioSession",
    "MessageRecord",
    "ModelListSession",
    "ModelPrice",
    "OutputMode",
    "Pixels",
    "RelayInfo",
    "SentInputs",
    "SettingsSession",
    "Studio",
    "ToolRegistry",
    "ToolSpec",
    "ToolSpecError",
    "async_generator_hooks",
    "build_studio",
    "check_json",
    "close_async_generators",
    "configure_logging",
    "create_event_loop",
    "describe_size_problem",
    "is_vision_model",
    "is_web_url",
    "looks_like_image_url",
    "provider_prices",
    "resolved_endpoint",
    "schema_from_fields",
    "set_provider_prices",
]
