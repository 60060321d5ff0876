"""The widgets: the main window and its pages (``chat/``, ``images/``, ``markdown/``,
``settings/``, ``common/``). They talk to ``session`` only.

The names below are what ``app`` uses (checked by ``tests/unit/test_public_names.py``).
"""

from studio.ui.main_window import MainWindow
from studio.ui.settings import SettingsDialog
from studio.ui.theme import apply_theme

__all__ = ["MainWindow", "SettingsDialog", "apply_theme"]
