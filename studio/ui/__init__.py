"""The widgets: the main window and its pages (``chat/``, ``images/``, ``markdown/``,
``settings/``, ``common/``). They talk to ``session`` only.

The names below are what ``app`` uses (checked by ``tests/unit/test_public_names.py``).
"""

from typing import TYPE_CHECKING

from studio._lazy import lazy_names

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow
    from studio.ui.settings import SettingsDialog
    from studio.ui.theme import apply_theme

__all__ = [
    "MainWindow",
    "SettingsDialog",
    "apply_theme",
]

__getattr__ = lazy_names(
    __name__,
    {
        "MainWindow": "studio.ui.main_window",
        "SettingsDialog": "studio.ui.settings",
        "apply_theme": "studio.ui.theme",
    },
)
