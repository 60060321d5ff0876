"""The image model table: which parameters each model takes, as data users can extend.

The table ships as ``image_models.json`` beside this module. A user file (usually
``DataPaths.root / "image_models.json"``, see :func:`user_models_file`) is merged over it by
model id: a user entry with a known id replaces the fields it gives, a new id adds a model.
``"like": "<id>"`` copies another model's fields first, so ``{"id": "my-gpt", "like":
"gpt-image-1"}`` is a complete entry. A broken user file or entry never stops Studio: it is
skipped and the reason is added to ``problems``.

:func:`spec_for` answers for any model id (unknown ids get a generic spec) and
:func:`request_params` turns the values of the UI's controls into the fields to send: a
parameter the model does not take is never sent.

**Edits.** A model that can edit has an ``edit`` object (:class:`EditCapability`)::

    "edit": {"mask": "hint", "max_images": 16, "route": "images",
             "params": ["size", "quality", "n", "input_fidelity"],
             "specs": [{"name": "input_fidelity", "kind": "choice", "choices": ["low", "high"]}]}

``mask`` says what the model does with a mask: ``exact`` (honours it), ``hint`` (takes one but
may change every pixel) or ``none`` (takes none: no mask part is sent). ``max_images`` is how
many images one edit may send (the base first, then the references). ``params`` names the
parameters the edit takes, in display order: each is one of the model's ``params`` or one of
``specs``, the parameters that only edits take (``input_fidelity``), so they are never shown
or sent for a generation. ``route`` is how the model is usually reached: ``images``
(``POST /v1/images/edits``, multipart) or ``chat`` (``POST /v1/chat/completions`` with image
parts); a provider's ``chat_image_models`` setting decides for that provider
(:func:`edit_route`; the table's route is the default of that setting, see
:func:`table_chat_models`). ``supports_edit`` is derived: true when there is an ``edit``. An
old entry with ``"supports_edit": true`` and no ``edit`` may edit with a hint mask, up to
:data:`DEFAULT_EDIT_IMAGES` images and all its parameters; ``"supports_edit": false`` (or
``"edit": null``) turns editing off, also for a model merged from the shipped table.
:func:`edit_request_params` is :func:`request_params` for an edit.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast, get_args

from studio.config.image_sizes import SizeProblem, SizeRules, parse_size

log = logging.getLogger(__name__)

ParamKind = Literal["choice", "int", "size", "seed", "text"]
EditMask = Literal["exact", "hint", "none"]
EditRoute = Literal["images", "chat"]
EDIT_MASKS: tuple[str, ...] = get_args(EditMask)
EDIT_ROUTES: tuple[str, ...] = get_args(EditRoute)
PARAM_KINDS: tuple[str, ...] = get_args(ParamKind)
USER_FILE_NAME = "image_models.json"
BUILTIN_FILE = "image_models.json"
_MODEL_FIELDS = frozenset(
    {
        "id",
        "like",
        "label",
        "family",
        "params",
        "max_n",
        "supports_edit",
        "edit",
        "takes_negative_prompt",
        "streams_partials",
        "free_extra_json",
        "comment",
    }
)
_FLAGS = ("supports_edit", "takes_negative_prompt", "streams_partials", "free_extra_json")
_EDIT_FIELDS = frozenset({"mask", "max_images", "params", "specs", "route", "comment"})


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` (pyside6-lupdate finds these calls)."""
    return text


DEFAULT_LABELS: Mapping[str, str] = {
    "size": QT_TRANSLATE_NOOP("ImageParams", "Size"),
    "quality": QT_TRANSLATE_NOOP("ImageParams", "Quality"),
    "background": QT_TRANSLATE_NOOP("ImageParams", "Background"),
    "output_format": QT_TRANSLATE_NOOP("ImageParams", "Output format"),
    "output_compression": QT_TRANSLATE_NOOP("ImageParams", "Compression"),
    "moderation": QT_TRANSLATE_NOOP("ImageParams", "Moderation"),
    "style": QT_TRANSLATE_NOOP("ImageParams", "Style"),
    "aspect_ratio": QT_TRANSLATE_NOOP("ImageParams", "Aspect ratio"),
    "image_size": QT_TRANSLATE_NOOP("ImageParams", "Resolution"),
    "seed": QT_TRANSLATE_NOOP("ImageParams", "Seed"),
    "n": QT_TRANSLATE_NOOP("ImageParams", "Images"),
    "response_format": QT_TRANSLATE_NOOP("ImageParams", "Response format"),
    "negative_prompt": QT_TRANSLATE_NOOP("ImageParams", "Negative prompt"),
    "input_fidelity": QT_TRANSLATE_NOOP("ImageParams", "Input fidelity"),
}
"""The English label of each standard parameter (the UI translates it in ``ImageParams``)."""

GENERIC_SIZE_PRESETS = (
    "1024x1024",
    "1536x1024",
    "1024x1536",
    "1792x1024",
    "1024x1792",
    "1664x936",
    "936x1664",
    "512x512",
)


class ImageModelsError(ValueError):
    """An entry of the model table is malformed (the message names the model and field)."""


@dataclass(frozen=True)
class ParamSpec:
    """One parameter a model takes, as the UI shows it and the wire names it.

    ``kind``: ``choice`` (one of ``choices``; ``default=None`` means "the model's own
    default", nothing is sent unless one is picked), ``int`` (``minimum``..``maximum``),
    ``size`` (free ``WxH``, each side within ``minimum``..``maximum``, with ``presets`` and
    optional ``rules`` a valid size must also meet), ``seed`` (an integer, or nothing for a
    random seed) and ``text``.
    """

    name: str
    kind: ParamKind
    label: str
    choices: tuple[str, ...] = ()
    default: str | int | None = None
    minimum: int | None = None
    maximum: int | None = None
    presets: tuple[str, ...] = ()
    rules: SizeRules | None = None


@dataclass(frozen=True)
class EditCapability:
    """What a model's edit takes (see the module docstring).

    ``mask``: ``exact``, ``hint`` or ``none``; ``max_images``: the most images one edit sends
    (base first); ``params``: the wire names of the parameters the edit takes, in display
    order; ``specs``: the parameters only edits take; ``route``: ``images`` or ``chat``.
    """

    mask: EditMask = "hint"
    max_images: int = 1
    params: tuple[str, ...] = ()
    specs: tuple[ParamSpec, ...] = ()
    route: EditRoute = "images"

    @property
    def takes_mask(self) -> bool:
        """Whether a mask part is sent (``exact`` or ``hint``)."""
        return self.mask != "none"


DEFAULT_EDIT_IMAGES = 4
"""``max_images`` of an edit model that has no ``edit`` object (``"supports_edit": true``)."""


@dataclass(frozen=True)
class ImageModelSpec:
    """A model and what it accepts. ``max_n`` is the most images one request may ask for;
    ``edit`` is None for a model that cannot edit."""

    id: str
    label: str
    family: str
    params: tuple[ParamSpec, ...]
    max_n: int = 1
    edit: EditCapability | None = None
    takes_negative_prompt: bool = False
    streams_partials: bool = False
    free_extra_json: bool = False

    def param(self, name: str) -> ParamSpec | None:
        """The parameter called ``name`` (wire name), or None when the model does not take it."""
        return next((p for p in self.params if p.name == name), None)

    @property
    def param_names(self) -> tuple[str, ...]:
        """The wire names of the parameters, in display order."""
        return tuple(p.name for p in self.params)

    @property
    def supports_edit(self) -> bool:
        """Whether the model can edit images (it has an ``edit`` capability)."""
        return self.edit is not None

    @property
    def edit_params(self) -> tuple[ParamSpec, ...]:
        """The parameters an edit takes, in display order (empty when it cannot edit)."""
        if self.edit is None:
            return ()
        own = {p.name: p for p in (*self.params, *self.edit.specs)}
        return tuple(own[name] for name in self.edit.params if name in own)

    def edit_param(self, name: str) -> ParamSpec | None:
        """The edit parameter called ``name``, or None when an edit does not take it."""
        return next((p for p in self.edit_params if p.name == name), None)


@dataclass
class _Raw:
    """Raw model entries by id, in table order."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)


def user_models_file(root: Path) -> Path:
    """The user's model table in the data folder ``root``."""
    return Path(root) / USER_FILE_NAME


def load_image_models(
    user_file: Path | None = None, *, problems: list[str] | None = None
) -> list[ImageModelSpec]:
    """The built-in table with ``user_file`` merged over it (by model id).

    Problems with the user file (unreadable, not JSON, a malformed entry) are logged and
    appended to ``problems``; the rest of the table is still returned.
    """
    sink: list[str] = problems if problems is not None else []
    builtin = _entries(json.loads(_builtin_text()), "built-in table")
    raw = _Raw(dict(builtin))
    origin = dict.fromkeys(builtin, "built-in")
    if user_file is not None and Path(user_file).is_file():
        for entry in _user_entries(Path(user_file), sink):
            model_id = entry["id"]
            base = raw.entries.get(model_id)
            raw.entries[model_id] = {**base, **entry} if base is not None else entry
            origin[model_id] = "user"
    specs: list[ImageModelSpec] = []
    for model_id in raw.entries:
        try:
            specs.append(_spec(_resolved(model_id, raw, ()), model_id))
        except ImageModelsError as exc:
            if origin[model_id] == "built-in":
                raise
            _problem(sink, f"{user_file}: {exc}")
    return specs


@functools.cache
def builtin_models() -> tuple[ImageModelSpec, ...]:
    """The shipped table alone (read once per process)."""
    return tuple(load_image_models())


def generic_spec(model_id: str) -> ImageModelSpec:
    """The spec for a model the table does not know: free size, n 1–4, seed, extra JSON; it
    may edit (mask as a hint, up to :data:`DEFAULT_EDIT_IMAGES` images, over images/edits)."""
    return ImageModelSpec(
        id=model_id,
        label=model_id,
        family="generic",
        params=(
            ParamSpec(
                "size",
                "size",
                DEFAULT_LABELS["size"],
                minimum=16,
                maximum=4096,
                presets=GENERIC_SIZE_PRESETS,
            ),
            ParamSpec("n", "int", DEFAULT_LABELS["n"], default=1, minimum=1, maximum=4),
            ParamSpec("seed", "seed", DEFAULT_LABELS["seed"], minimum=0, maximum=2**31 - 1),
        ),
        max_n=4,
        edit=EditCapability(
            mask="hint", max_images=DEFAULT_EDIT_IMAGES, params=("size", "n", "seed")
        ),
        free_extra_json=True,
    )


def spec_for(model_id: str, specs: Sequence[ImageModelSpec]) -> ImageModelSpec:
    """The spec of ``model_id`` (exact id, then ignoring case), else :func:`generic_spec`."""
    for spec in specs:
        if spec.id == model_id:
            return spec
    wanted = model_id.strip().lower()
    for spec in specs:
        if spec.id.lower() == wanted:
            return spec
    return generic_spec(model_id.strip())


def request_params(spec: ImageModelSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """The fields to send for ``values`` (wire name → control value).

    Drops what the model does not take, empty values (None, "", whitespace) and values it
    cannot accept: a choice outside ``choices``, a malformed size. Integers are typed and
    kept within ``minimum``..``maximum``; sizes are written ``WxH``. ``output_compression``
    is sent only with a JPEG or WebP ``output_format`` (PNG has no compression level). The
    shape travels once: with a ``size`` and an ``aspect_ratio`` both, the size is sent (the
    aspect ratio when the size is ``auto``).
    """
    return _cleaned(spec.params, spec.max_n, values)


def edit_request_params(spec: ImageModelSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`request_params` for an edit: only the parameters the edit takes are kept."""
    return _cleaned(spec.edit_params, spec.max_n, values)


def edit_route(spec: ImageModelSpec, chat_image_models: Sequence[str]) -> EditRoute:
    """How a provider reaches ``spec``'s edits: ``chat`` when the provider lists the model in
    its ``chat_image_models`` (ignoring case), else ``images``."""
    wanted = spec.id.strip().lower()
    if any(model.strip().lower() == wanted for model in chat_image_models):
        return "chat"
    return "images"


def table_chat_models(specs: Sequence[ImageModelSpec], models: Sequence[str]) -> list[str]:
    """Those of ``models`` whose table entry says ``route: chat`` (a provider's default)."""
    out: list[str] = []
    for model in models:
        spec = spec_for(model, specs)
        if spec.edit is not None and spec.edit.route == "chat" and model not in out:
            out.append(model)
    return out


def _cleaned(params: Sequence[ParamSpec], max_n: int, values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for param in params:
        if param.name not in values:
            continue
        value = _clean(param, values[param.name])
        if value is not None:
            out[param.name] = value
    if "output_compression" in out and out.get("output_format") not in ("jpeg", "webp"):
        del out["output_compression"]
    if "size" in out and "aspect_ratio" in out:  # two shapes contradict each other
        del out["aspect_ratio" if out["size"] != "auto" else "size"]
    if "n" in out:
        out["n"] = max(1, min(int(out["n"]), max(1, max_n)))
    return out


def size_refused(
    spec: ImageModelSpec, wire: Mapping[str, Any]
) -> tuple[SizeProblem, SizeRules, int, int] | None:
    """Why the model's size rules refuse the ``WxH`` size in ``wire`` (the problem, the rules,
    width and height), or None when they take it (or the size is not ``WxH``)."""
    size = wire.get("size")
    if not isinstance(size, str):
        return None
    for param in spec.params:
        if param.name == "size" and param.rules is not None:
            sides = parse_size(size)
            if sides is None:
                return None
            problem = param.rules.problem(*sides)
            if problem is None:
                return None
            return problem, param.rules, sides[0], sides[1]
    return None


# -- cleaning values ------------------------------------------------------------------------


def _clean(param: ParamSpec, value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
    if param.kind == "choice":
        text = str(value)
        if not param.choices:
            return text
        for choice in param.choices:
            if choice == text or choice.lower() == text.lower():
                return choice
        return None
    if param.kind in ("int", "seed"):
        number = _as_int(value)
        if number is None:
            return None
        if param.minimum is not None:
            number = max(param.minimum, number)
        if param.maximum is not None:
            number = min(param.maximum, number)
        return number
    if param.kind == "size":
        return _clean_size(param, str(value))
    return str(value)


def _as_int(value: Any) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    return None


def _clean_size(param: ParamSpec, text: str) -> str | None:
    if text.lower() == "auto":
        return "auto" if "auto" in (*param.presets, *param.choices) else None
    parsed = parse_size(text)
    if parsed is None:
        return None
    sides = list(parsed)
    for i, side in enumerate(sides):
        if param.minimum is not None:
            side = max(param.minimum, side)
        if param.maximum is not None:
            side = min(param.maximum, side)
        sides[i] = side
    return f"{sides[0]}x{sides[1]}"


# -- reading the table ----------------------------------------------------------------------


def _builtin_text() -> str:
    return resources.files("studio.config").joinpath(BUILTIN_FILE).read_text(encoding="utf-8")


def _problem(sink: list[str], text: str) -> None:
    log.warning("image model table: %s", text)
    sink.append(text)


def _entries(document: Any, where: str) -> dict[str, dict[str, Any]]:
    """Entries by id from a table document; raises :class:`ImageModelsError` if malformed."""
    models = document.get("models") if isinstance(document, dict) else document
    if not isinstance(models, list):
        raise ImageModelsError(f"{where}: expected a list of models under 'models'")
    out: dict[str, dict[str, Any]] = {}
    for entry in models:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise ImageModelsError(f"{where}: every model needs a string 'id'")
        out[entry["id"].strip()] = {**entry, "id": entry["id"].strip()}
    return out


def _user_entries(path: Path, sink: list[str]) -> list[dict[str, Any]]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        _problem(sink, f"{path}: cannot read the model table ({exc}); it is ignored")
        return []
    models = document.get("models") if isinstance(document, dict) else document
    if not isinstance(models, list):
        _problem(sink, f"{path}: expected a list of models under 'models'; it is ignored")
        return []
    good: list[dict[str, Any]] = []
    for number, entry in enumerate(models, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            _problem(sink, f"{path}: model #{number} has no string 'id'; it is ignored")
            continue
        if not entry["id"].strip():
            _problem(sink, f"{path}: model #{number} has an empty 'id'; it is ignored")
            continue
        good.append({**entry, "id": entry["id"].strip()})
    return good


def _resolved(model_id: str, raw: _Raw, seen: tuple[str, ...]) -> dict[str, Any]:
    entry = raw.entries[model_id]
    like = entry.get("like")
    if like is None:
        return entry
    if not isinstance(like, str) or like not in raw.entries:
        raise ImageModelsError(f"{model_id}: 'like' names an unknown model {like!r}")
    if like in seen or like == model_id:
        raise ImageModelsError(f"{model_id}: 'like' goes round in a circle")
    base = {k: v for k, v in _resolved(like, raw, (*seen, model_id)).items() if k != "label"}
    merged = {**base, **entry}
    merged.pop("like", None)
    return merged


def _spec(entry: Mapping[str, Any], model_id: str) -> ImageModelSpec:
    unknown = set(entry) - _MODEL_FIELDS
    if unknown:
        raise ImageModelsError(f"{model_id}: unknown field(s) {', '.join(sorted(unknown))}")
    label = entry.get("label", model_id)
    family = entry.get("family", "generic")
    if not isinstance(label, str) or not isinstance(family, str):
        raise ImageModelsError(f"{model_id}: 'label' and 'family' must be strings")
    raw_params = entry.get("params", [])
    if not isinstance(raw_params, list):
        raise ImageModelsError(f"{model_id}: 'params' must be a list")
    params = tuple(_param(item, model_id) for item in raw_params)
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise ImageModelsError(f"{model_id}: a parameter is listed twice")
    flags: dict[str, bool] = {}
    for name in _FLAGS:
        value = entry.get(name, name == "supports_edit" and entry.get("edit") is not None)
        if not isinstance(value, bool):
            raise ImageModelsError(f"{model_id}: {name!r} must be true or false")
        flags[name] = value
    n_param = next((p for p in params if p.name == "n"), None)
    max_n = entry.get("max_n", n_param.maximum if n_param and n_param.maximum else 1)
    if not isinstance(max_n, int) or isinstance(max_n, bool) or max_n < 1:
        raise ImageModelsError(f"{model_id}: 'max_n' must be a whole number of at least 1")
    edit = _edit(entry, params, model_id, flags["supports_edit"])
    return ImageModelSpec(
        id=model_id,
        label=label,
        family=family,
        params=params,
        max_n=max_n,
        edit=edit,
        takes_negative_prompt=flags["takes_negative_prompt"],
        streams_partials=flags["streams_partials"],
        free_extra_json=flags["free_extra_json"],
    )


def _edit(
    entry: Mapping[str, Any], params: tuple[ParamSpec, ...], model_id: str, supports: bool
) -> EditCapability | None:
    raw = entry.get("edit")
    if not supports:
        return None
    if raw is None:
        names = tuple(p.name for p in params)
        return EditCapability(mask="hint", max_images=DEFAULT_EDIT_IMAGES, params=names)
    where = f"{model_id}.edit"
    if not isinstance(raw, dict):
        raise ImageModelsError(f"{where}: must be an object")
    unknown = set(raw) - _EDIT_FIELDS
    if unknown:
        raise ImageModelsError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    mask = raw.get("mask", "hint")
    if mask not in EDIT_MASKS:
        raise ImageModelsError(f"{where}: 'mask' must be one of {', '.join(EDIT_MASKS)}")
    route = raw.get("route", "images")
    if route not in EDIT_ROUTES:
        raise ImageModelsError(f"{where}: 'route' must be one of {', '.join(EDIT_ROUTES)}")
    max_images = raw.get("max_images", 1)
    if not isinstance(max_images, int) or isinstance(max_images, bool) or max_images < 1:
        raise ImageModelsError(f"{where}: 'max_images' must be a whole number of at least 1")
    raw_specs = raw.get("specs", [])
    if not isinstance(raw_specs, list):
        raise ImageModelsError(f"{where}: 'specs' must be a list")
    specs = tuple(_param(item, f"{model_id}.edit") for item in raw_specs)
    known = {p.name for p in (*params, *specs)}
    if len(known) != len(params) + len(specs):
        raise ImageModelsError(f"{where}: an edit parameter is also a model parameter")
    names = _strings(raw.get("params", []), where, "params")
    missing = [name for name in names if name not in known]
    if missing:
        raise ImageModelsError(f"{where}: unknown parameter(s) {', '.join(missing)}")
    if len(set(names)) != len(names):
        raise ImageModelsError(f"{where}: a parameter is listed twice")
    return EditCapability(
        mask=cast(EditMask, mask),
        max_images=max_images,
        params=names,
        specs=specs,
        route=cast(EditRoute, route),
    )


def _param(item: Any, model_id: str) -> ParamSpec:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
        raise ImageModelsError(f"{model_id}: every parameter needs a 'name'")
    name = item["name"]
    where = f"{model_id}.{name}"
    kind = item.get("kind", "text")
    if kind not in PARAM_KINDS:
        raise ImageModelsError(f"{where}: 'kind' must be one of {', '.join(PARAM_KINDS)}")
    label = item.get("label", DEFAULT_LABELS.get(name, name))
    choices = _strings(item.get("choices", []), where, "choices")
    presets = _strings(item.get("presets", []), where, "presets")
    minimum, maximum = _int_or_none(item, "minimum", where), _int_or_none(item, "maximum", where)
    default = item.get("default")
    if default is not None and (not isinstance(default, str | int) or isinstance(default, bool)):
        raise ImageModelsError(f"{where}: 'default' must be a string or a whole number")
    if kind == "choice" and not choices:
        raise ImageModelsError(f"{where}: a choice needs 'choices'")
    if kind == "choice" and default is not None and str(default) not in choices:
        raise ImageModelsError(f"{where}: the default {default!r} is not among the choices")
    if not isinstance(label, str):
        raise ImageModelsError(f"{where}: 'label' must be a string")
    rules = None
    if item.get("rules") is not None:
        if kind != "size":
            raise ImageModelsError(f"{where}: 'rules' only apply to a size")
        try:
            rules = SizeRules.from_mapping(item["rules"])
        except ValueError as exc:
            raise ImageModelsError(f"{where}: {exc}") from None
    return ParamSpec(
        name=name,
        kind=cast(ParamKind, kind),
        label=label,
        choices=choices,
        default=default,
        minimum=minimum,
        maximum=maximum,
        presets=presets,
        rules=rules,
    )


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ImageModelsError(f"{where}: {key!r} must be a list of strings")
    return tuple(value)


def _int_or_none(item: Mapping[str, Any], key: str, where: str) -> int | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ImageModelsError(f"{where}: {key!r} must be a whole number")
    return value
