"""The image model table: the shipped data, the user's file merged over it, unknown models,
and the rule that a parameter a model does not take is never sent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from studio.config.image_models import (
    DEFAULT_LABELS,
    ImageModelSpec,
    load_image_models,
    request_params,
    spec_for,
    user_models_file,
)

CONFIG = Path(__file__).resolve().parents[3] / "studio" / "config"


def _by_id(specs: list[ImageModelSpec]) -> dict[str, ImageModelSpec]:
    return {spec.id: spec for spec in specs}


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_shipped_table_has_every_relay_model_with_its_parameters() -> None:
    specs = _by_id(load_image_models())
    for model in ("gpt-image-1", "gpt-image-1.5", "gpt-image-1-mini"):
        spec = specs[model]
        size = spec.param("size")
        assert size is not None and size.kind == "choice"
        assert size.choices == ("1024x1024", "1536x1024", "1024x1536", "auto")
        assert spec.param("quality").choices == ("low", "medium", "high", "auto")  # type: ignore[union-attr]
        assert spec.param("background").choices == ("transparent", "opaque", "auto")  # type: ignore[union-attr]
        assert spec.param("output_format").choices == ("png", "jpeg", "webp")  # type: ignore[union-attr]
        compression = spec.param("output_compression")
        assert compression is not None and (compression.minimum, compression.maximum) == (0, 100)
        assert spec.param("moderation").choices == ("low", "auto")  # type: ignore[union-attr]
        assert spec.max_n == 10 and spec.streams_partials and spec.supports_edit
        assert spec.param("style") is None and spec.param("seed") is None
    dalle = specs["dall-e-3"]
    assert dalle.param("size").choices == ("1024x1024", "1792x1024", "1024x1792")  # type: ignore[union-attr]
    assert dalle.param("quality").choices == ("standard", "hd")  # type: ignore[union-attr]
    assert dalle.param("style").choices == ("vivid", "natural")  # type: ignore[union-attr]
    assert dalle.max_n == 1 and dalle.param("n") is None
    seedream = specs["seedream-3.0"]
    free = seedream.param("size")
    assert free is not None and free.kind == "size" and "1664x936" in free.presets
    assert seedream.param("seed") is not None
    for model in ("imagen4", "flux-kontext-pro", "flux-kontext-max"):
        ratios = specs[model].param("aspect_ratio")
        assert ratios is not None and set(ratios.choices) == {
            "1:1",
            "16:9",
            "9:16",
            "4:3",
            "3:4",
            "3:2",
            "2:3",
        }
        assert specs[model].param("seed") is not None
    assert specs["flux-kontext-max"].param("quality").choices == ("low", "medium", "high")  # type: ignore[union-attr]
    assert specs["flux-kontext-pro"].supports_edit and not specs["imagen4"].supports_edit
    assert specs["imagen4"].param("quality") is None
    banana_ratios = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9")
    for model in ("nano-banana", "nano-banana-hd", "nano-banana-2"):
        spec = specs[model]
        assert spec.param("aspect_ratio").choices == banana_ratios  # type: ignore[union-attr]
        assert spec.param("response_format").choices == ("b64_json", "url")  # type: ignore[union-attr]
        assert spec.supports_edit
    assert specs["nano-banana-2"].param("image_size").choices == ("1K", "2K", "4K")  # type: ignore[union-attr]
    assert specs["nano-banana"].param("image_size") is None
    assert specs["nano-banana-hd"].param("image_size") is None
    for model in ("demo-image", "demo-image-edit"):
        spec = specs[model]
        assert {"size", "aspect_ratio", "seed", "n"} <= set(spec.param_names)
        assert spec.max_n == 4
    assert specs["demo-image-edit"].supports_edit


def test_labels_are_english_and_marked_for_translation() -> None:
    source = (CONFIG / "image_models.py").read_text(encoding="utf-8")
    marked = set(re.findall(r'QT_TRANSLATE_NOOP\("ImageParams", "([^"]+)"\)', source))
    for spec in load_image_models():
        for param in spec.params:
            assert param.label in marked, (spec.id, param.name, param.label)
    assert set(DEFAULT_LABELS.values()) == marked
    book = json.loads((CONFIG.parent / "i18n" / "zh_CN" / "images.json").read_text("utf-8"))
    assert marked <= set(book["ImageParams"])


def test_a_user_file_changes_a_model_and_adds_new_ones(tmp_path: Path) -> None:
    user = _write(
        user_models_file(tmp_path),
        {
            "models": [
                {"id": "dall-e-3", "label": "DALL·E 3 (my relay)", "max_n": 2},
                {"id": "my-gpt", "like": "gpt-image-1"},
                {
                    "id": "sdxl-turbo",
                    "family": "sd",
                    "takes_negative_prompt": True,
                    "params": [
                        {"name": "steps", "kind": "int", "label": "Steps", "minimum": 1},
                        {"name": "size", "kind": "size", "presets": ["512x512"]},
                    ],
                },
            ]
        },
    )
    assert user == tmp_path / "image_models.json"
    problems: list[str] = []
    specs = load_image_models(user, problems=problems)
    assert problems == []
    by_id = _by_id(specs)
    # Merged by id: the given fields replace, the rest is kept, and the order stays.
    assert by_id["dall-e-3"].label == "DALL·E 3 (my relay)" and by_id["dall-e-3"].max_n == 2
    assert by_id["dall-e-3"].param("style") is not None
    shipped = [s.id for s in load_image_models()]
    assert [s.id for s in specs].index("dall-e-3") == shipped.index("dall-e-3")
    mine = by_id["my-gpt"]
    assert mine.label == "my-gpt" and mine.param_names == by_id["gpt-image-1"].param_names
    assert mine.streams_partials and mine.max_n == 10
    sd = by_id["sdxl-turbo"]
    assert sd.takes_negative_prompt and sd.param_names == ("steps", "size")
    assert sd.param("size").label == "Size"  # type: ignore[union-attr]
    assert [s.id for s in specs][-2:] == ["my-gpt", "sdxl-turbo"]


def test_a_broken_user_file_or_entry_is_reported_and_skipped(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    problems: list[str] = []
    specs = load_image_models(broken, problems=problems)
    assert len(problems) == 1 and "broken.json" in problems[0]
    assert _by_id(specs)["gpt-image-1"].max_n == 10  # the shipped table still loads

    mixed = _write(
        tmp_path / "mixed.json",
        [
            {"id": "good", "params": [{"name": "seed", "kind": "seed"}]},
            {"id": "bad-kind", "params": [{"name": "size", "kind": "slider"}]},
            {"id": "bad-like", "like": "no-such-model"},
            {
                "id": "bad-choice",
                "params": [{"name": "q", "kind": "choice", "default": "x", "choices": ["a"]}],
            },
            {"label": "no id"},
        ],
    )
    problems = []
    ids = [s.id for s in load_image_models(mixed, problems=problems)]
    assert "good" in ids
    assert not {"bad-kind", "bad-like", "bad-choice"} & set(ids)
    assert len(problems) == 4
    assert any("slider" in p or "kind" in p for p in problems)
    assert any("no-such-model" in p for p in problems)


def test_a_missing_user_file_is_fine(tmp_path: Path) -> None:
    problems: list[str] = []
    specs = load_image_models(tmp_path / "absent.json", problems=problems)
    assert problems == [] and _by_id(specs)["imagen4"]


def test_unknown_models_get_a_generic_spec() -> None:
    specs = load_image_models()
    assert spec_for("gpt-image-1", specs).family == "gpt-image"
    assert spec_for("GPT-Image-1", specs).id == "gpt-image-1"
    generic = spec_for("my-relay/sd3.5", specs)
    assert generic.id == "my-relay/sd3.5" and generic.family == "generic"
    assert generic.free_extra_json and generic.max_n == 4
    size, n, seed = generic.param("size"), generic.param("n"), generic.param("seed")
    assert size is not None and size.kind == "size" and "1024x1024" in size.presets
    assert n is not None and (n.minimum, n.maximum) == (1, 4)
    assert seed is not None and seed.kind == "seed"


def test_request_params_send_only_what_the_model_takes() -> None:
    specs = load_image_models()
    values = {
        "size": "1536x1024",
        "quality": "high",
        "style": "vivid",  # dall-e-3 only
        "aspect_ratio": "16:9",  # not a GPT image parameter
        "seed": "42",
        "background": "",
        "moderation": None,
        "output_format": "webp",
        "output_compression": "80",
        "n": "3",
    }
    gpt = request_params(spec_for("gpt-image-1", specs), values)
    assert gpt == {
        "size": "1536x1024",
        "quality": "high",
        "output_format": "webp",
        "output_compression": 80,
        "n": 3,
    }
    dalle = request_params(spec_for("dall-e-3", specs), values)
    # "high" is not a DALL·E 3 quality, 1536x1024 not one of its sizes, and it takes no n.
    assert dalle == {"style": "vivid"}
    banana = request_params(spec_for("nano-banana", specs), {**values, "image_size": "2K"})
    assert banana == {"aspect_ratio": "16:9"}
    banana2 = request_params(spec_for("nano-banana-2", specs), {**values, "image_size": "2k"})
    assert banana2 == {"aspect_ratio": "16:9", "image_size": "2K"}


def test_a_request_carries_a_size_or_an_aspect_ratio_never_both() -> None:
    demo = spec_for("demo-image", load_image_models())
    assert {"size", "aspect_ratio"} <= set(demo.param_names)
    both = {"size": "512x512", "aspect_ratio": "16:9"}
    assert request_params(demo, both) == {"size": "512x512"}
    assert request_params(demo, {**both, "size": "auto"}) == {"aspect_ratio": "16:9"}
    assert request_params(demo, {"aspect_ratio": "16:9"}) == {"aspect_ratio": "16:9"}


def test_request_params_type_and_bound_the_values() -> None:
    specs = load_image_models()
    gpt = spec_for("gpt-image-1", specs)
    assert request_params(gpt, {"n": 25, "output_compression": -5, "output_format": "jpeg"}) == {
        "n": 10,
        "output_compression": 0,
        "output_format": "jpeg",
    }
    # PNG has no compression level, so it is not sent.
    assert request_params(gpt, {"output_compression": 50, "output_format": "png"}) == {
        "output_format": "png"
    }
    assert request_params(gpt, {"quality": "ultra", "n": "two"}) == {}
    seedream = spec_for("seedream-3.0", specs)
    assert request_params(seedream, {"size": " 1664 × 936 ", "seed": 7}) == {
        "size": "1664x936",
        "seed": 7,
    }
    assert request_params(seedream, {"size": "100x9000"}) == {"size": "512x2048"}
    assert request_params(seedream, {"size": "big"}) == {}
    generic = spec_for("custom-model", specs)
    assert request_params(generic, {"size": "640x480", "n": "2", "seed": "", "steps": 30}) == {
        "size": "640x480",
        "n": 2,
    }


@pytest.mark.parametrize("model", ["gpt-image-1", "dall-e-3", "nano-banana-2", "seedream-3.0"])
def test_the_defaults_are_valid_requests(model: str) -> None:
    spec = spec_for(model, load_image_models())
    defaults = {p.name: p.default for p in spec.params if p.default is not None}
    sent = request_params(spec, defaults)
    for name, value in defaults.items():
        if name == "output_compression":
            continue  # PNG is the default format
        assert sent[name] == value
