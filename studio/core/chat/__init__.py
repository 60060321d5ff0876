"""The chat workflow, no Qt: a conversation's state and the turn that answers in it.

:class:`ChatTurn` (``turn.py``) runs one action's answer and its automatic tool rounds over a
:class:`Conversation` (``conversation.py``) and yields the events of ``events.py``; the
window's session and ``studio chat`` both drive it. The pure rules it uses live beside it:
request building (``request.py``, ``request_messages.py``, ``request_images.py``), the
settings (``options.py``), tools (``tools.py``, ``toolrounds.py``, ``calculator.py``),
structured output (``structured.py``), titles (``titles.py``), the message tree
(``tree.py``), image references (``attachments.py``) and saving while streaming
(``answer.py``).
"""

from studio.core.chat.conversation import ChatStores, Conversation
from studio.core.chat.options import ChatSettings
from studio.core.chat.turn import ChatTurn

__all__ = ["ChatSettings", "ChatStores", "ChatTurn", "Conversation"]
