"""Storage: the SQLite history database and the content-addressed image folder. No Qt.

:class:`Database` owns the connection and the schema (migrations with a backup; every sqlite
error becomes a :class:`StoreError`); the stores (conversations, messages, gallery, edit
sessions, images, assistants, user functions) are thin typed layers over it, each built
with the same ``Database`` by :func:`studio.session.studio.build_studio` or the CLI.
The names below are its public surface (checked by ``tests/unit/test_public_names.py``).
"""

from typing import TYPE_CHECKING

from studio._lazy import lazy_names

if TYPE_CHECKING:
    from studio.store.assistants import AssistantRecord, AssistantStore
    from studio.store.cleanup import StartupCleanup
    from studio.store.conversations import ConversationRecord, ConversationStore, SearchHit
    from studio.store.database import ConstraintError, Database, StoreError
    from studio.store.edits import EditSession, EditStore, EditVersion, RoundRecord, SessionSummary
    from studio.store.export import ExportFormat, export_all, export_conversation
    from studio.store.functions import FunctionRecord, FunctionStore
    from studio.store.gallery import GalleryItem, GalleryStore, JobRecord
    from studio.store.images import ImageStore
    from studio.store.messages import MessageRecord, MessageStore, Role, Status
    from studio.store.presence import Presence, others_present

__all__ = [
    "AssistantRecord",
    "AssistantStore",
    "ConstraintError",
    "ConversationRecord",
    "ConversationStore",
    "Database",
    "EditSession",
    "EditStore",
    "EditVersion",
    "ExportFormat",
    "FunctionRecord",
    "FunctionStore",
    "GalleryItem",
    "GalleryStore",
    "ImageStore",
    "JobRecord",
    "MessageRecord",
    "MessageStore",
    "Presence",
    "Role",
    "RoundRecord",
    "SearchHit",
    "SessionSummary",
    "StartupCleanup",
    "Status",
    "StoreError",
    "export_all",
    "export_conversation",
    "others_present",
]

__getattr__ = lazy_names(
    __name__,
    {
        "AssistantRecord": "studio.store.assistants",
        "AssistantStore": "studio.store.assistants",
        "ConstraintError": "studio.store.database",
        "ConversationRecord": "studio.store.conversations",
        "ConversationStore": "studio.store.conversations",
        "Database": "studio.store.database",
        "EditSession": "studio.store.edits",
        "EditStore": "studio.store.edits",
        "EditVersion": "studio.store.edits",
        "ExportFormat": "studio.store.export",
        "FunctionRecord": "studio.store.functions",
        "FunctionStore": "studio.store.functions",
        "GalleryItem": "studio.store.gallery",
        "GalleryStore": "studio.store.gallery",
        "ImageStore": "studio.store.images",
        "JobRecord": "studio.store.gallery",
        "MessageRecord": "studio.store.messages",
        "MessageStore": "studio.store.messages",
        "Presence": "studio.store.presence",
        "Role": "studio.store.messages",
        "RoundRecord": "studio.store.edits",
        "SearchHit": "studio.store.conversations",
        "SessionSummary": "studio.store.edits",
        "StartupCleanup": "studio.store.cleanup",
        "Status": "studio.store.messages",
        "StoreError": "studio.store.database",
        "export_all": "studio.store.export",
        "export_conversation": "studio.store.export",
        "others_present": "studio.store.presence",
    },
)
