"""The model table's edit capabilities (mask handling, image limit, parameters, route), the
user file merged over them, and the providers' chat-route setting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.config.image_models import (
    DEFAULT_EDIT_IMAGES,
    EditCapability,
    ImageModelSpec,
    edit_request_params,
    edit_route,
    load_image_models,
    request_params,
    spec_for,
    table_chat_models,
)
from studio.config.providers import ProviderSettings, preset

GPT_IMAGE_1 = (
    "size",
    "quality",
    "n",
    "input_fidelity",
    "background",
    "output_format",
    "output_compression",
)


def _by_id(specs: list[ImageModelSpec]) -> dict[str, ImageModelSpec]:
    return {spec.id: spec for spec in specs}


def _edit(spec: ImageModelSpec) -> EditCapability:
    assert spec.edit is not None, spec.id
    return spec.edit


def _write(path: Path, models: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps({"models": models}), encoding="utf-8")
    return path


def test_gpt_image_models_take_a_mask_as_a_hint_and_sixteen_images() -> None:
    specs = _by_id(load_image_models())
    for model in ("gpt-image-1", "gpt-image-1.5", "chatgpt-image-latest"):
        edit = _edit(specs[model])
        assert (edit.mask, edit.max_images, edit.route) == ("hint", 16, "images")
        assert edit.params == GPT_IMAGE_1
        assert edit.takes_mask
    for model in ("gpt-image-1-mini", "gpt-image-2", "gpt-image-2-2026-04-21"):
        edit = _edit(specs[model])
        assert edit.max_images == 16 and "input_fidelity" not in edit.params
        assert edit.params == tuple(p for p in GPT_IMAGE_1 if p != "input_fidelity")
    fidelity = specs["gpt-image-1"].edit_param("input_fidelity")
    assert fidelity is not None and fidelity.kind == "choice"
    assert fidelity.choices == ("low", "high") and fidelity.label == "Input fidelity"
    # An edit-only parameter is never a generation parameter.
    assert specs["gpt-image-1"].param("input_fidelity") is None
    assert "input_fidelity" not in request_params(specs["gpt-image-1"], {"input_fidelity": "high"})
    # gpt-image-2's own size rules and background choices hold for its edits too.
    size = specs["gpt-image-2"].edit_param("size")
    assert size is not None and size.rules is not None
    assert specs["gpt-image-2"].edit_param("background").choices == ("opaque", "auto")  # type: ignore[union-attr]


def test_models_without_a_mask_and_their_limits() -> None:
    specs = _by_id(load_image_models())
    for model in ("flux-kontext-pro", "flux-kontext-max"):
        edit = _edit(specs[model])
        assert (edit.mask, edit.max_images) == ("none", 1) and not edit.takes_mask
        assert edit.params == ("quality", "aspect_ratio", "seed")
    for model in ("nano-banana", "nano-banana-hd"):
        edit = _edit(specs[model])
        assert (edit.mask, edit.max_images, edit.params) == ("none", 3, ("aspect_ratio",))
    assert _edit(specs["nano-banana-2"]).params == ("aspect_ratio", "image_size")
    seedream = _edit(specs["seedream-4.0"])
    assert (seedream.mask, seedream.max_images, seedream.params) == ("none", 14, ("size",))
    for model in ("dall-e-3", "seedream-3.0", "imagen4", "demo-image"):
        assert specs[model].edit is None and not specs[model].supports_edit
        assert specs[model].edit_params == ()


def test_the_demo_edit_models() -> None:
    specs = _by_id(load_image_models())
    exact, remix, banana = (
        specs[m] for m in ("demo-image-edit", "demo-image-remix", "demo-banana")
    )
    assert (_edit(exact).mask, _edit(remix).mask, _edit(banana).mask) == ("exact", "hint", "none")
    assert _edit(exact).route == _edit(remix).route == "images"
    assert _edit(banana).route == "chat" and _edit(banana).max_images == 3
    assert [p.name for p in exact.edit_params] == ["size", "n", "seed"]
    assert remix.param_names == exact.param_names and remix.label == "Demo image remix"
    assert all(spec.supports_edit for spec in (exact, remix, banana))


def test_edit_request_params_send_only_what_the_edit_takes() -> None:
    specs = load_image_models()
    values = {
        "size": "1024x1536",
        "quality": "high",
        "input_fidelity": "HIGH",
        "moderation": "low",  # a generation parameter, not an edit one
        "aspect_ratio": "16:9",
        "n": "40",
        "output_format": "png",
        "output_compression": "50",  # dropped: PNG has no compression level
    }
    assert edit_request_params(spec_for("gpt-image-1", specs), values) == {
        "size": "1024x1536",
        "quality": "high",
        "input_fidelity": "high",
        "n": 10,
        "output_format": "png",
    }
    assert "input_fidelity" not in edit_request_params(spec_for("gpt-image-2", specs), values)
    assert edit_request_params(spec_for("nano-banana", specs), values) == {"aspect_ratio": "16:9"}
    assert edit_request_params(spec_for("dall-e-3", specs), values) == {}


def test_unknown_models_edit_with_a_hint_mask() -> None:
    generic = spec_for("my-relay/flux-dev", load_image_models())
    edit = _edit(generic)
    assert (edit.mask, edit.max_images, edit.route) == ("hint", DEFAULT_EDIT_IMAGES, "images")
    assert edit.params == ("size", "n", "seed")


def test_a_user_file_can_change_add_and_turn_off_edits(tmp_path: Path) -> None:
    user = _write(
        tmp_path / "image_models.json",
        [
            {"id": "gpt-image-2", "edit": None},
            {"id": "flux-kontext-max", "supports_edit": False},
            {"id": "nano-banana", "edit": {"mask": "none", "max_images": 5, "route": "chat"}},
            {"id": "my-gpt", "like": "gpt-image-1"},
            {
                "id": "old-style",
                "supports_edit": True,
                "params": [{"name": "seed", "kind": "seed"}],
            },
            {
                "id": "my-inpainter",
                "params": [{"name": "size", "kind": "size"}],
                "edit": {
                    "mask": "exact",
                    "max_images": 2,
                    "params": ["size", "strength"],
                    "specs": [{"name": "strength", "kind": "int", "minimum": 0, "maximum": 100}],
                },
            },
        ],
    )
    problems: list[str] = []
    specs = _by_id(load_image_models(user, problems=problems))
    assert problems == []
    assert specs["gpt-image-2"].edit is None and specs["flux-kontext-max"].edit is None
    assert _edit(specs["flux-kontext-pro"]).max_images == 1  # untouched
    banana = _edit(specs["nano-banana"])
    assert (banana.max_images, banana.route, banana.params) == (5, "chat", ())
    assert _edit(specs["nano-banana-hd"]).max_images == 5  # "like" sees the merged entry
    assert _edit(specs["my-gpt"]) == _edit(specs["gpt-image-1"])
    old = _edit(specs["old-style"])
    assert (old.mask, old.max_images, old.params) == ("hint", DEFAULT_EDIT_IMAGES, ("seed",))
    mine = specs["my-inpainter"]
    assert _edit(mine).mask == "exact"
    assert [p.name for p in mine.edit_params] == ["size", "strength"]
    assert edit_request_params(mine, {"strength": "150", "size": "64x64"}) == {
        "strength": 100,
        "size": "64x64",
    }


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        ({"mask": "sometimes"}, "'mask'"),
        ({"route": "fax"}, "'route'"),
        ({"max_images": 0}, "'max_images'"),
        ({"params": ["size", "nope"]}, "nope"),
        ({"params": ["size", "size"]}, "twice"),
        ({"colour": "red"}, "colour"),
        ({"specs": [{"name": "size", "kind": "text"}]}, "also a model parameter"),
        ("yes", "object"),
    ],
)
def test_a_malformed_edit_entry_is_reported_and_skipped(
    tmp_path: Path, edit: object, words: str
) -> None:
    user = _write(
        tmp_path / "image_models.json",
        [{"id": "broken", "params": [{"name": "size", "kind": "size"}], "edit": edit}],
    )
    problems: list[str] = []
    ids = [spec.id for spec in load_image_models(user, problems=problems)]
    assert "broken" not in ids and "gpt-image-1" in ids
    assert len(problems) == 1 and words in problems[0] and "broken.edit" in problems[0]


def test_the_edit_route_follows_the_provider() -> None:
    specs = load_image_models()
    banana, nano = spec_for("demo-banana", specs), spec_for("nano-banana", specs)
    assert edit_route(banana, ["demo-banana"]) == "chat"
    assert edit_route(banana, []) == "images"
    assert edit_route(nano, ["Nano-Banana"]) == "chat"
    assert table_chat_models(specs, ["gpt-image-1", "demo-banana", "demo-banana", "x"]) == [
        "demo-banana"
    ]


def test_providers_save_their_chat_image_models() -> None:
    demo = preset("demo")
    assert demo.chat_image_models == ["demo-banana"]
    assert preset("whatai").chat_image_models == []
    mine = ProviderSettings(
        id="mine",
        name="Mine",
        base_url="https://relay.example/v1",
        image_models=["nano-banana", "gpt-image-1"],
        chat_image_models=["nano-banana"],
    )
    saved = json.loads(json.dumps(mine.to_dict()))
    assert saved["chat_image_models"] == ["nano-banana"]
    assert ProviderSettings.from_dict(saved) == mine
    assert "chat_image_models=['nano-banana']" in repr(mine)
    # Cleared on purpose: stays cleared.
    assert ProviderSettings.from_dict({**saved, "chat_image_models": []}).chat_image_models == []
    # Saved before the setting existed: the model table's route decides.
    old = {k: v for k, v in saved.items() if k != "chat_image_models"}
    old["image_models"] = ["gpt-image-1", "demo-banana"]
    assert ProviderSettings.from_dict(old).chat_image_models == ["demo-banana"]
    junk = ProviderSettings.from_dict({**saved, "chat_image_models": ["a", 3, "a", ""]})
    assert junk.chat_image_models == ["a"]


def test_the_service_layer_sees_the_chat_image_models() -> None:
    from studio.core.relay import settings_config

    config = settings_config(preset("demo"), "", "http://127.0.0.1:9/v1")
    assert config.chat_image_models == ("demo-banana",)
    assert settings_config(preset("whatai"), "k", "https://x/v1").chat_image_models == ()
