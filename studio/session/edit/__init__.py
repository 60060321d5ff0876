"""The editing studio's QObjects: :class:`EditLibrary` (the sessions) and
:class:`EditDocument` (the open one, its draft and its rounds), over :mod:`studio.core.edit`."""

from studio.core.edit import SentInputs, SentPicture
from studio.session.edit.document import EditDocument
from studio.session.edit.library import EditLibrary
from studio.session.edit.problems import edit_problem_text

__all__ = ["EditDocument", "EditLibrary", "SentInputs", "SentPicture", "edit_problem_text"]
