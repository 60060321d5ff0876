"""Make a JSON value that satisfies a JSON Schema, for structured output and tool arguments.

Covers what chat clients send in practice (OpenAI strict schemas, Pydantic exports): types and
type lists, ``enum``/``const``, ``$ref`` into ``$defs``/``definitions``, ``anyOf``/``oneOf``/
``allOf``, nested objects, arrays with ``minItems``/``maxItems``/``uniqueItems``, string
formats and lengths, numeric bounds and ``multipleOf``. Values are chosen from the property
names ("price" gets a price, "city" a city), so answers look plausible.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping
from typing import Any

from studio.demo.seeding import short_echo

_MAX_DEPTH = 8

_FORMATS: dict[str, str] = {
    "date": "2025-01-15",
    "date-time": "2025-01-15T09:30:00Z",
    "time": "09:30:00",
    "email": "demo@example.com",
    "idn-email": "demo@example.com",
    "uri": "https://example.com/demo",
    "url": "https://example.com/demo",
    "iri": "https://example.com/demo",
    "uri-reference": "https://example.com/demo",
    "hostname": "example.com",
    "ipv4": "127.0.0.1",
    "ipv6": "::1",
    "duration": "PT1H",
}

_NAMED_STRINGS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("email",), "demo@example.com"),
    (("url", "link", "website", "homepage"), "https://example.com/demo"),
    (("phone", "tel"), "+86 10 1234 5678"),
    (("city", "location", "place", "address"), "Paris"),
    (("country",), "France"),
    (("language", "lang", "locale"), "en"),
    (("currency",), "CNY"),
    (("colour", "color"), "teal"),
    (("brand", "manufacturer"), "Xiaomi"),
    (("category", "kind", "genre"), "electronics"),
    (("status", "state"), "ok"),
    (("unit",), "celsius"),
    (("timezone", "tz"), "Europe/Paris"),
    (("date", "day"), "2025-01-15"),
    (("time",), "09:30"),
    (("id", "sku", "code"), "demo-001"),
    (("author", "user", "person", "owner"), "Ada Lovelace"),
)


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]


def _title_from_hint(hint: str) -> str:
    words = [w for w in re.findall(r"[\w\-]+", hint) if len(w) > 1][:4]
    return " ".join(words).title() if words else "Demo item"


def string_for(name: str, hint: str = "", variant: int = 0) -> str:
    """A plausible string for a property called ``name`` (``hint`` is the user's prompt)."""
    words = _words(name)
    value = ""
    for keys, text in _NAMED_STRINGS:
        if any(k in words for k in keys):
            value = text
            break
    if not value:
        if any(w in words for w in ("name", "title", "product", "label", "subject")):
            value = _title_from_hint(hint)
        elif any(w in words for w in ("description", "summary", "details", "desc", "text")):
            echo = short_echo(hint, 60) or "the request"
            value = f"A demo description of {echo}, written offline by the demo relay."
        elif any(w in words for w in ("answer", "reply", "content", "message", "reason")):
            value = f"Demo answer about {short_echo(hint, 40) or 'your request'}."
        else:
            value = f"demo {' '.join(words) or 'value'}"
    if variant:
        value = f"{value} {variant + 1}"
    return value


def _number_for(name: str) -> float:
    words = _words(name)
    table: tuple[tuple[tuple[str, ...], float], ...] = (
        (("price", "cost", "amount", "total", "salary"), 4999.0),
        (("rating", "score", "stars"), 4.5),
        (("age",), 30.0),
        (("count", "quantity", "qty", "number", "num", "size", "items"), 3.0),
        (("year",), 2025.0),
        (("temperature", "temp"), 21.5),
        (("lat", "latitude"), 48.8566),
        (("lon", "lng", "longitude"), 2.3522),
        (("percent", "percentage"), 42.0),
        (("probability", "confidence", "ratio"), 0.9),
    )
    for keys, value in table:
        if any(k in words for k in keys):
            return value
    return 42.0


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _bounded(value: float, schema: Mapping[str, Any], integer: bool) -> float:
    lo = _number(schema.get("minimum"))
    hi = _number(schema.get("maximum"))
    low = -math.inf if lo is None else lo
    high = math.inf if hi is None else hi
    ex_lo = _number(schema.get("exclusiveMinimum"))
    ex_hi = _number(schema.get("exclusiveMaximum"))
    if ex_lo is not None:
        low = max(low, math.floor(ex_lo) + 1.0 if integer else ex_lo + 1e-3)
    if ex_hi is not None:
        high = min(high, math.ceil(ex_hi) - 1.0 if integer else ex_hi - 1e-3)
    if integer:
        low = float(math.ceil(low)) if math.isfinite(low) else low
        high = float(math.floor(high)) if math.isfinite(high) else high
    if value < low or value > high:
        both = math.isfinite(low) and math.isfinite(high)
        value = (low + high) / 2 if both else low if value < low else high
    if integer:
        value = float(math.floor(value))
    multiple = _number(schema.get("multipleOf"))
    if multiple is not None and multiple > 0:
        candidate = math.ceil(value / multiple) * multiple
        if candidate > high:
            candidate = math.floor(high / multiple) * multiple
        value = float(candidate)
    return value


def _resolve(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    seen = 0
    while isinstance(schema.get("$ref"), str) and seen < 32:
        ref: str = schema["$ref"]
        if not ref.startswith("#"):
            return {}
        target: Any = root
        for part in ref.lstrip("#").split("/"):
            if not part:
                continue
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part, {}) if isinstance(target, Mapping) else {}
        merged = dict(target) if isinstance(target, Mapping) else {}
        merged.update({k: v for k, v in schema.items() if k != "$ref"})
        schema = merged
        seen += 1
    return schema


def _merge_all_of(schema: Mapping[str, Any], root: Mapping[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    for part in schema.get("allOf", []):
        if not isinstance(part, Mapping):
            continue
        part = _resolve(part, root)
        for key, value in part.items():
            if key == "properties" and isinstance(value, Mapping):
                merged.setdefault("properties", {})
                merged["properties"] = {**merged["properties"], **value}
            elif key == "required" and isinstance(value, list):
                merged["required"] = list(dict.fromkeys([*merged.get("required", []), *value]))
            else:
                merged.setdefault(key, value)
    return merged


def _type_of(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        options = [k for k in kind if k != "null"]
        return str(options[0]) if options else "null"
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "required" in schema:
        return "object"
    if "items" in schema or "prefixItems" in schema:
        return "array"
    if any(k in schema for k in ("minimum", "maximum", "multipleOf")):
        return "number"
    return "string"


def _string(schema: Mapping[str, Any], name: str, hint: str, variant: int) -> str:
    fmt = schema.get("format")
    if fmt == "uuid":
        value = str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo:{name}:{variant}"))
    elif isinstance(fmt, str) and fmt in _FORMATS:
        value = _FORMATS[fmt]
    else:
        value = string_for(name, hint, variant)
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        candidates = [value, "demo", "Demo", "DEMO", "a", "A", "0", "abc", "2025-01-15", "AB-123"]
        for candidate in candidates:
            try:
                if re.search(pattern, candidate):
                    value = candidate
                    break
            except re.error:
                break
    min_len = schema.get("minLength")
    max_len = schema.get("maxLength")
    if isinstance(min_len, int) and len(value) < min_len:
        value = value + "x" * (min_len - len(value))
    if isinstance(max_len, int) and len(value) > max_len:
        value = value[:max_len]
    return value


def _array(
    schema: Mapping[str, Any], root: Mapping[str, Any], name: str, hint: str, depth: int
) -> list[Any]:
    prefix = schema.get("prefixItems")
    items = schema.get("items", {})
    min_items = schema.get("minItems", 0)
    max_items = schema.get("maxItems")
    count = max(min_items if isinstance(min_items, int) else 0, 2)
    if isinstance(max_items, int):
        count = min(count, max_items)
    if depth >= _MAX_DEPTH:
        count = min_items if isinstance(min_items, int) else 0
    singular = name[:-1] if name.endswith("s") else name
    result: list[Any] = []
    for i in range(count):
        item_schema: Any = items
        if isinstance(prefix, list) and i < len(prefix):
            item_schema = prefix[i]
        if not isinstance(item_schema, Mapping):
            item_schema = {}
        result.append(_fill(item_schema, root, singular, hint, depth + 1, i))
    if schema.get("uniqueItems"):
        unique: list[Any] = []
        for value in result:
            if value not in unique:
                unique.append(value)
        result = unique
    return result


def _object(
    schema: Mapping[str, Any], root: Mapping[str, Any], hint: str, depth: int
) -> dict[str, Any]:
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    result: dict[str, Any] = {}
    if isinstance(properties, Mapping):
        for key, sub in properties.items():
            if depth >= _MAX_DEPTH and key not in required:
                continue
            result[key] = _fill(sub if isinstance(sub, Mapping) else {}, root, key, hint, depth + 1)
    for key in required if isinstance(required, list) else []:
        if key not in result:
            result[key] = string_for(str(key), hint)
    return result


def _fill(
    schema: Mapping[str, Any],
    root: Mapping[str, Any],
    name: str,
    hint: str,
    depth: int,
    variant: int = 0,
) -> Any:
    schema = _resolve(schema, root)
    if "allOf" in schema:
        schema = _merge_all_of(schema, root)
    if "const" in schema:
        return schema["const"]
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        return enum[variant % len(enum)]
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            chosen = next(
                (o for o in options if isinstance(o, Mapping) and o.get("type") != "null"),
                options[0],
            )
            base = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
            return _fill({**base, **chosen}, root, name, hint, depth, variant)
    kind = _type_of(schema)
    if kind == "null":
        return None
    if kind == "boolean":
        return variant % 2 == 0
    if kind in ("integer", "number"):
        value = _bounded(_number_for(name) + variant, schema, kind == "integer")
        return int(value) if kind == "integer" else value
    if kind == "array":
        return _array(schema, root, name, hint, depth)
    if kind == "object":
        return _object(schema, root, hint, depth)
    return _string(schema, name, hint, variant)


def fill_schema(schema: Mapping[str, Any], *, hint: str = "", name: str = "") -> Any:
    """A value valid against ``schema``; ``hint`` (the prompt) flavours the strings."""
    return _fill(schema, schema, name, hint, 0)


def object_from_prompt(text: str) -> dict[str, Any]:
    """A JSON object for ``json_object`` mode, using field names the prompt mentions.

    Field names are taken from ``snake_case`` words, quoted or back-quoted words and a few
    common keys (name, price, description …) found in the text; without any, a small generic
    object describing the answer is returned.
    """
    keys: list[str] = []
    keys += re.findall(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", text)
    keys += re.findall(r"[`\"']([A-Za-z][A-Za-z0-9_]{1,30})[`\"']", text)
    for common in ("name", "title", "price", "description", "summary", "tags", "rating"):
        if re.search(rf"\b{common}\b", text, re.IGNORECASE):
            keys.append(common)
    keys = list(dict.fromkeys(keys))[:12]
    if not keys:
        return {
            "answer": f"Demo answer about {short_echo(text, 40) or 'your request'}.",
            "language": "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en",
            "items": ["first", "second", "third"],
            "confidence": 0.9,
        }
    result: dict[str, Any] = {}
    for key in keys:
        words = _words(key)
        if any(w in words for w in ("tags", "items", "list", "keywords", "features")):
            result[key] = ["demo", "offline", "json"]
        elif key in ("price", "rating") or _number_for(key) != 42.0:
            result[key] = _number_for(key)
        else:
            result[key] = string_for(key, text)
    return result
