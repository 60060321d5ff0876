"""Which language Studio speaks: one rule for the window and the command line.

English unless Chinese is chosen in the settings, or the setting is ``system`` and the
system's locale is Chinese (any Chinese locale gets Simplified Chinese, the only Chinese
catalogue). The system locale is read from the environment first (``LC_ALL``,
``LC_MESSAGES``, ``LANG``, ``LANGUAGE``), as POSIX programs do; ``fallback_locale`` (the
window passes Qt's system locale, which also knows Windows and macOS) is used only when none
of them is set.
"""

from __future__ import annotations

import locale
from collections.abc import Mapping

SUPPORTED = ("en", "zh_CN")
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


def system_locale(environ: Mapping[str, str], fallback_locale: str | None = None) -> str:
    """The system's locale name (``zh_CN.UTF-8``, ``en_US`` …; may be empty)."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return value
    if fallback_locale is not None:
        return fallback_locale
    try:
        return locale.getlocale()[0] or ""
    except ValueError:
        return ""


def resolve_language(setting: str, system: str) -> str:
    """``en`` or ``zh_CN`` for the language ``setting`` and the ``system`` locale."""
    wanted = system if setting in ("", "system") else setting
    if wanted.lower().replace("-", "_").startswith("zh"):
        return "zh_CN"
    return "en"


def choose_language(
    setting: str, environ: Mapping[str, str], fallback_locale: str | None = None
) -> str:
    """The language to speak: :func:`resolve_language` of the setting and the system."""
    return resolve_language(setting, system_locale(environ, fallback_locale))
