"""Regenerate Studio's Qt translation files.

1. ``pyside6-lupdate`` scans every Python file under ``studio/`` for ``self.tr(...)`` and
   ``QCoreApplication.translate(...)`` and merges new strings into each
   ``studio/i18n/studio_<locale>.ts`` (existing translations are kept; strings no longer in the
   code are dropped).
2. ``pyside6-lrelease`` compiles each ``.ts`` into the ``.qm`` loaded at run time.

New strings are filled in from the phrasebooks ``studio/i18n/<locale>/*.json`` (one per
feature area: ``{"Context": {"English source": "translation"}}``), so several people can add
translations without editing the same XML. Anything still missing stays "unfinished": translate
it in a phrasebook, in Qt Linguist
(``pyside6-linguist studio/i18n/studio_zh_CN.ts``) or by editing the XML, then run this script
again. The script ends with a non-zero status while anything is left untranslated.

Usage::

    .venv/bin/python tools/update_translations.py          # update .ts and compile .qm
    .venv/bin/python tools/update_translations.py --check  # only report unfinished strings
"""

from __future__ import annotations

import argparse
import json
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


def phrasebook(locale: str) -> dict[tuple[str, str], str]:
    """(context, source) → translation from every ``studio/i18n/<locale>/*.json``."""
    found: dict[tuple[str, str], str] = {}
    folder = I18N / locale
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        data = json.loads(path.read_text(encoding="utf-8"))
        for context, entries in data.items():
            for source, translation in entries.items():
                if translation.strip():
                    found[(context, source)] = translation
    return found


def fill_from_phrasebook(ts_file: Path, book: dict[tuple[str, str], str]) -> int:
    """Finish unfinished messages of ``ts_file`` that the phrasebook knows; return how many."""
    tree = ET.parse(ts_file)
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") != "unfinished":
                continue
            known = book.get((name, message.findtext("source") or ""))
            if known:
                translation.text = known
                del translation.attrib["type"]
                filled += 1
    # Written every time, so the file keeps one layout (lupdate's own differs) and a diff
    # shows only the messages that changed.
    ET.indent(tree)
    tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    return filled


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
            fill_from_phrasebook(ts_file, phrasebook(locale))
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
