"""Translations: the Qt catalogues shipped with Studio and how to install them.

``studio_<locale>.ts`` is the source (edit it with Qt Linguist, or regenerate it with
``tools/update_translations.py``); ``studio_<locale>.qm`` is the compiled catalogue loaded at
run time. Qt's own catalogue (``qtbase_<locale>.qm``) is installed too, so standard buttons and
context menus speak the same language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

__all__ = ["I18N_DIR", "install_translators", "remove_translators"]

I18N_DIR = Path(__file__).resolve().parent


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install Studio's and Qt's catalogues for ``language``; returns them (keep them alive).

    English needs no catalogue, so an empty list comes back for it.
    """
    if language == "en":
        return []
    installed: list[QTranslator] = []
    studio = QTranslator(app)
    if studio.load(str(I18N_DIR / f"studio_{language}.qm")):
        app.installTranslator(studio)
        installed.append(studio)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(QLocale(language), "qtbase", "_", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo :func:`install_translators`."""
    for translator in translators:
        app.removeTranslator(translator)
