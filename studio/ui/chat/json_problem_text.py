"""A JSON check's problem (:class:`~studio.session.chat.JsonProblem`) in the UI language.

The core reports what was wrong as facts (the rule broken, where, what was expected); this
puts them into one sentence with Qt's translation (context ``JsonProblems``, written out in
every call so that ``pyside6-lupdate`` finds them; the Chinese is in
``studio/i18n/zh_CN/chat.json``). The problem's ``english`` is the same for the command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from studio.session.chat import JsonProblem


def json_problem_text(problem: JsonProblem) -> str:
    """``problem`` in the UI language, one sentence."""
    facts = problem.facts
    if problem.code == "empty":
        return QCoreApplication.translate("JsonProblems", "The answer is empty, not JSON.")
    if problem.code == "syntax":
        if problem.rule == "text":
            return QCoreApplication.translate("JsonProblems", "The answer is text, not JSON.")
        return QCoreApplication.translate(
            "JsonProblems", "Not valid JSON at line {line}, column {column}: {what}."
        ).format(line=facts.get("line", 1), column=facts.get("column", 1), what=_syntax(problem))
    if problem.code == "schema_invalid":
        return QCoreApplication.translate(
            "JsonProblems",
            "The schema itself is not a valid JSON Schema (at {where}); correct it in the "
            "Parameters drawer.",
        ).format(where=_where(problem.path))
    return QCoreApplication.translate(
        "JsonProblems", "The JSON does not match the schema at {where}: {what}."
    ).format(where=_where(problem.path), what=_mismatch(problem.rule, facts))


def _where(path: str) -> str:
    if path == "$":
        return QCoreApplication.translate("JsonProblems", "the top level")
    return path


def _syntax(problem: JsonProblem) -> str:
    rule = problem.rule
    if rule == "expected_value":
        return QCoreApplication.translate("JsonProblems", "a value was expected")
    if rule == "expected_name":
        return QCoreApplication.translate(
            "JsonProblems", "a field name in double quotes was expected"
        )
    if rule == "expected_comma":
        return QCoreApplication.translate("JsonProblems", "a comma was expected")
    if rule == "expected_colon":
        return QCoreApplication.translate("JsonProblems", "a colon was expected")
    if rule == "extra_data":
        return QCoreApplication.translate("JsonProblems", "more text follows the JSON")
    if rule == "unterminated_string":
        return QCoreApplication.translate("JsonProblems", "a string is never closed")
    if rule == "control_character":
        return QCoreApplication.translate(
            "JsonProblems", "a string holds a raw control character (such as a line break)"
        )
    if rule == "bad_escape":
        return QCoreApplication.translate("JsonProblems", "a string holds an invalid \\ escape")
    if rule == "trailing_comma":
        return QCoreApplication.translate("JsonProblems", "a comma is followed by nothing")
    return QCoreApplication.translate("JsonProblems", "the text cannot be read as JSON")


def _type_name(name: str) -> str:
    names = {
        "string": QCoreApplication.translate("JsonProblems", "a string"),
        "number": QCoreApplication.translate("JsonProblems", "a number"),
        "integer": QCoreApplication.translate("JsonProblems", "a whole number"),
        "boolean": QCoreApplication.translate("JsonProblems", "true or false"),
        "array": QCoreApplication.translate("JsonProblems", "a list"),
        "object": QCoreApplication.translate("JsonProblems", "an object"),
        "null": QCoreApplication.translate("JsonProblems", "null"),
    }
    return names.get(name, name)


def _either(items: Iterable[str]) -> str:
    return QCoreApplication.translate("JsonProblems", " or ").join(items)


def _listed(items: Iterable[Any]) -> str:
    return QCoreApplication.translate("JsonProblems", ", ").join(f"“{item}”" for item in items)


def _mismatch(rule: str, facts: Mapping[str, Any]) -> str:
    limit = facts.get("limit", "")
    if rule == "type":
        return QCoreApplication.translate(
            "JsonProblems", "{expected} was expected, but it is {actual}"
        ).format(
            expected=_either(_type_name(t) for t in facts.get("expected", ())),
            actual=_type_name(str(facts.get("actual", ""))),
        )
    if rule == "required":
        return QCoreApplication.translate(
            "JsonProblems", "the required field “{name}” is missing"
        ).format(name=facts.get("name", ""))
    if rule == "additionalProperties":
        return QCoreApplication.translate(
            "JsonProblems", "fields the schema does not allow: {names}"
        ).format(names=_listed(facts.get("names", ())))
    if rule == "enum":
        return QCoreApplication.translate(
            "JsonProblems", "the value must be one of {values}"
        ).format(
            values=QCoreApplication.translate("JsonProblems", ", ").join(facts.get("values", ()))
        )
    if rule == "const":
        return QCoreApplication.translate("JsonProblems", "the value must be {value}").format(
            value=facts.get("value", "")
        )
    if rule == "minimum":
        return QCoreApplication.translate(
            "JsonProblems", "the number must be at least {limit}"
        ).format(limit=limit)
    if rule == "maximum":
        return QCoreApplication.translate(
            "JsonProblems", "the number must be at most {limit}"
        ).format(limit=limit)
    if rule == "exclusiveMinimum":
        return QCoreApplication.translate(
            "JsonProblems", "the number must be greater than {limit}"
        ).format(limit=limit)
    if rule == "exclusiveMaximum":
        return QCoreApplication.translate(
            "JsonProblems", "the number must be less than {limit}"
        ).format(limit=limit)
    if rule == "multipleOf":
        return QCoreApplication.translate(
            "JsonProblems", "the number must be a multiple of {limit}"
        ).format(limit=limit)
    if rule == "minLength":
        return QCoreApplication.translate(
            "JsonProblems", "the text must be at least {limit} characters long"
        ).format(limit=limit)
    if rule == "maxLength":
        return QCoreApplication.translate(
            "JsonProblems", "the text must be at most {limit} characters long"
        ).format(limit=limit)
    if rule == "minItems":
        return QCoreApplication.translate(
            "JsonProblems", "the list must have at least {limit} items"
        ).format(limit=limit)
    if rule == "maxItems":
        return QCoreApplication.translate(
            "JsonProblems", "the list must have at most {limit} items"
        ).format(limit=limit)
    if rule == "minProperties":
        return QCoreApplication.translate(
            "JsonProblems", "the object must have at least {limit} fields"
        ).format(limit=limit)
    if rule == "maxProperties":
        return QCoreApplication.translate(
            "JsonProblems", "the object must have at most {limit} fields"
        ).format(limit=limit)
    if rule == "uniqueItems":
        return QCoreApplication.translate(
            "JsonProblems", "the items of the list must all be different"
        )
    if rule == "pattern":
        return QCoreApplication.translate(
            "JsonProblems", "the text must match the pattern {pattern}"
        ).format(pattern=facts.get("pattern", ""))
    if rule == "format":
        return QCoreApplication.translate(
            "JsonProblems", "the text must be a valid “{format}”"
        ).format(format=facts.get("format", ""))
    if rule == "anyOf":
        return QCoreApplication.translate(
            "JsonProblems", "the value matches none of the forms the schema allows"
        )
    if rule == "oneOf":
        return QCoreApplication.translate(
            "JsonProblems", "the value must match exactly one of the forms the schema allows"
        )
    if rule == "not":
        return QCoreApplication.translate("JsonProblems", "the value has a form the schema forbids")
    return QCoreApplication.translate(
        "JsonProblems", "the value breaks the schema’s “{rule}” rule"
    ).format(rule=rule)
