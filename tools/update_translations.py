"""Regenerate Studio's Qt translation files.

1. ``pyside6-lupdate`` scans every Python file under ``studio/`` for ``self.tr(...)`` and
   ``QCoreApplication.translate(...)`` and merges new strings into each
   ``studio/i18n/studio_<locale>.ts`` (existing translations are kept; strings no longer in the
   code are dropped).
2. ``pyside6-lrelease`` compiles each ``.ts`` into the ``.qm`` loaded at run time.

New strings arrive marked "unfinished": translate them in Qt Linguist
(``pyside6-linguist studio/i18n/studio_zh_CN.ts``) or by editing the XML, then run this script
again. The script ends with a non-zero status while anything is left untranslated.

Usage::

    .venv/bin/python tools/update_translations.py          # update .ts and compile .qm
    .venv/bin/python tools/update_translations.py --check  # only report unfinished strings
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "studio"
I18N = SOURCES / "i18n"
LOCALES = ("zh_CN",)


def tool(name: str) -> str:
    """The path of a PySide6 tool, preferring the one next to this Python."""
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found; install PySide6 in this environment")
    return found


def python_sources() -> list[Path]:
    """Every Python file that may hold translatable strings."""
    return sorted(p for p in SOURCES.rglob("*.py") if "__pycache__" not in p.parts)


def unfinished(ts_file: Path) -> list[str]:
    """Source texts in ``ts_file`` without a finished translation."""
    missing = []
    for message in ET.parse(ts_file).getroot().iter("message"):
        translation = message.find("translation")
        kind = translation.get("type") if translation is not None else "unfinished"
        if kind in ("vanished", "obsolete"):
            continue
        if translation is None or kind == "unfinished" or not (translation.text or "").strip():
            missing.append(message.findtext("source") or "")
    return missing


def main(argv: list[str] | None = None) -> int:
    """Update and compile the catalogues; return 1 if any string is untranslated."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report unfinished strings")
    args = parser.parse_args(argv)
    status = 0
    for locale in LOCALES:
        ts_file = I18N / f"studio_{locale}.ts"
        if not args.check:
            sources = [str(p.relative_to(ROOT)) for p in python_sources()]
            subprocess.run(
                [
                    tool("pyside6-lupdate"),
                    "-no-obsolete",
                    "-locations",
                    "none",
                    *sources,
                    "-ts",
                    str(ts_file.relative_to(ROOT)),
                ],
                cwd=ROOT,
                check=True,
            )
            subprocess.run(
                [tool("pyside6-lrelease"), str(ts_file), "-qm", str(ts_file.with_suffix(".qm"))],
                cwd=ROOT,
                check=True,
            )
        missing = unfinished(ts_file)
        for source in missing:
            print(f"{locale}: untranslated: {source!r}")
        if missing:
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
