"""Thin QObjects over the core workflows: each owns a task, iterates a workflow and turns
its events into signals and sentences. :func:`build_studio` builds them all.

The names below are its public surface for ``ui`` and ``app`` (checked by
``tests/unit/test_public_names.py``).
"""

from typing import TYPE_CHECKING

from studio._lazy import lazy_names

if TYPE_CHECKING:
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

__getattr__ = lazy_names(
    __name__,
    {
        "AttachmentDraft": "studio.session.chat.attachment_draft",
        "AttachmentService": "studio.session.chat.attachments",
        "CALCULATOR_TOOL": "studio.session.chat",
        "ChatManager": "studio.session.chat",
        "ChatSettings": "studio.session.chat",
        "ConversationRecord": "studio.session.chat",
        "ConversationSession": "studio.session.chat",
        "DraftImage": "studio.session.chat.attachment_draft",
        "EditDocument": "studio.session.edit",
        "EditLibrary": "studio.session.edit",
        "ErrorReporter": "studio.session.error_reporter",
        "FIELD_TYPES": "studio.session.chat",
        "Field": "studio.session.chat",
        "ImageJob": "studio.session.images",
        "ImageStudioSession": "studio.session.images",
        "MessageRecord": "studio.session.chat",
        "ModelListSession": "studio.session.models",
        "ModelPrice": "studio.session.settings_editor",
        "OutputMode": "studio.session.chat",
        "Pixels": "studio.session.chat.attachments",
        "RelayInfo": "studio.session.relay_info",
        "SentInputs": "studio.session.edit",
        "SettingsSession": "studio.session.settings_editor",
        "Studio": "studio.session.studio",
        "TIME_TOOL": "studio.session.chat",
        "TOOL_NAME_RE": "studio.session.chat",
        "ToolRegistry": "studio.session.chat",
        "ToolSpec": "studio.session.chat",
        "ToolSpecError": "studio.session.chat",
        "async_generator_hooks": "studio.session.event_loop",
        "build_studio": "studio.session.studio",
        "close_async_generators": "studio.session.event_loop",
        "configure_logging": "studio.session.error_reporter",
        "create_event_loop": "studio.session.event_loop",
        "describe_size_problem": "studio.session.images.size_text",
        "is_vision_model": "studio.session.chat.attachments",
        "is_web_url": "studio.session.chat.attachments",
        "looks_like_image_url": "studio.session.chat.attachments",
        "provider_prices": "studio.session.settings_editor",
        "resolved_endpoint": "studio.session.settings_editor",
        "schema_from_fields": "studio.session.chat",
        "set_provider_prices": "studio.session.settings_editor",
    },
)
