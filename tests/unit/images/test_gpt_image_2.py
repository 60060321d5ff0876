"""gpt-image-2 in the model table, and the free-size rules it declares (images.md §1.5):
sides divisible by 16, longest side ≤ 3840, 1:3 to 3:1, 655,360 ≤ W·H ≤ 8,294,400."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.config.image_models import (
    ImageModelsError,
    load_image_models,
    request_params,
    spec_for,
    user_models_file,
)
from studio.config.image_sizes import SizeProblem, SizeRules

GPT2 = ("gpt-image-2", "gpt-image-2-2026-04-21")


def rules_of(model: str = "gpt-image-2") -> SizeRules:
    size = spec_for(model, load_image_models()).param("size")
    assert size is not None and size.rules is not None
    return size.rules


def kind(width: int, height: int) -> str | None:
    found = rules_of().problem(width, height)
    return found.kind if found is not None else None


def test_gpt_image_2_takes_free_sizes_and_the_gpt_image_parameters() -> None:
    specs = {spec.id: spec for spec in load_image_models()}
    for model in GPT2:
        spec = specs[model]
        size = spec.param("size")
        assert size is not None and size.kind == "size" and size.default == "auto"
        assert size.presets == (
            "auto",
            "1024x1024",
            "1536x1024",
            "1024x1536",
            "2048x2048",
            "2560x1440",
            "1440x2560",
            "3840x2160",
        )
        assert size.rules == SizeRules(
            multiple_of=16,
            max_edge=3840,
            min_pixels=655_360,
            max_pixels=8_294_400,
            max_aspect=3,
            experimental_pixels=2560 * 1440,
        )
        assert spec.param("quality").choices == ("low", "medium", "high", "auto")  # type: ignore[union-attr]
        # gpt-image-2 refuses transparent backgrounds: not offered.
        assert spec.param("background").choices == ("opaque", "auto")  # type: ignore[union-attr]
        assert spec.param("output_format").choices == ("png", "jpeg", "webp")  # type: ignore[union-attr]
        assert spec.param("output_compression") is not None
        assert spec.param("moderation").choices == ("low", "auto")  # type: ignore[union-attr]
        n = spec.param("n")
        assert n is not None and (n.minimum, n.maximum) == (1, 10) and spec.max_n == 10
        assert spec.param("input_fidelity") is None and spec.param("style") is None
        assert spec.streams_partials and spec.supports_edit and spec.family == "gpt-image"
    assert specs["gpt-image-2"].label == "GPT Image 2"
    assert specs["gpt-image-2-2026-04-21"].label == "GPT Image 2 (2026-04-21)"
    latest = specs["chatgpt-image-latest"]
    assert latest.params == specs["gpt-image-1.5"].params and latest.max_n == 10
    assert latest.label == "ChatGPT Image (latest)"


def test_every_preset_fits_the_rules() -> None:
    size = spec_for("gpt-image-2", load_image_models()).param("size")
    assert size is not None and size.rules is not None
    for preset in size.presets:
        if preset == "auto":
            continue
        width, height = (int(side) for side in preset.split("x"))
        assert size.rules.problem(width, height) is None, preset


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [
        # multiple of 16
        (1024, 1024, None),
        (1040, 1024, None),
        (1032, 1024, "multiple_of"),
        (1024, 1025, "multiple_of"),
        # longest side 3840 (pixels, aspect and multiple all fine)
        (3840, 1296, None),
        (3856, 1296, "max_edge"),
        (1296, 3856, "max_edge"),
        # 1:3 to 3:1, both ways, exactly 3 allowed
        (1536, 512, None),
        (512, 1536, None),
        (1552, 512, "aspect"),
        (512, 1552, "aspect"),
        # at least 655,360 pixels: 1024×640 is exactly that
        (1024, 640, None),
        (640, 1024, None),
        (1008, 640, "min_pixels"),
        (1024, 624, "min_pixels"),
        # at most 8,294,400 pixels: 3840×2160 is exactly that
        (3840, 2160, None),
        (2160, 3840, None),
        (3840, 2176, "max_pixels"),
        (3824, 2176, "max_pixels"),
    ],
)
def test_each_rule_and_its_boundary(width: int, height: int, expected: str | None) -> None:
    assert kind(width, height) == expected


def test_the_problem_names_the_limit() -> None:
    rules = rules_of()
    assert rules.problem(1000, 1000) == SizeProblem("multiple_of", 16)
    assert rules.problem(4008, 2000) == SizeProblem("multiple_of", 16)  # checked first
    assert rules.problem(4096, 2048) == SizeProblem("max_edge", 3840)
    assert rules.problem(2048, 512) == SizeProblem("aspect", 3)
    assert rules.problem(512, 512) == SizeProblem("min_pixels", 655_360)
    assert rules.problem(3840, 3840) == SizeProblem("max_pixels", 8_294_400)
    assert rules_of("gpt-image-2-2026-04-21") == rules


def test_experimental_sizes_and_rounding() -> None:
    rules = rules_of()
    assert not rules.is_experimental(2560, 1440) and not rules.is_experimental(1440, 2560)
    assert rules.is_experimental(2560, 1456) and rules.is_experimental(2048, 2048)
    assert rules.rounded(1030, 1020) == (1024, 1024)
    assert rules.rounded(1000, 1000) == (992, 992)
    assert rules.rounded(600, 600) is None  # 592×592 would still be too small
    assert SizeRules().problem(1, 99999) is None  # no rules: anything goes
    assert not SizeRules().is_experimental(9999, 9999)


def test_a_free_size_is_sent_as_w_x_h() -> None:
    spec = spec_for("gpt-image-2", load_image_models())
    assert request_params(spec, {"size": "2048×1152", "background": "transparent"}) == {
        "size": "2048x1152"
    }
    assert request_params(spec, {"size": "auto", "quality": "high", "n": 12}) == {
        "size": "auto",
        "quality": "high",
        "n": 10,
    }


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([16], "must be an object"),
        ({"multiple": 16}, "unknown size rule(s) multiple"),
        ({"multiple_of": True}, "'multiple_of' must be a whole number"),
        ({"multiple_of": 1.5}, "'multiple_of' must be a whole number"),
        ({"max_aspect": "3"}, "'max_aspect' must be a number"),
        ({"max_edge": 0}, "'max_edge' is out of range"),
        ({"max_aspect": 0.5}, "'max_aspect' is out of range"),
        ({"min_pixels": 10, "max_pixels": 5}, "'min_pixels' is above 'max_pixels'"),
    ],
)
def test_malformed_rules_are_refused_with_a_reason(rules: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        SizeRules.from_mapping(rules)
    assert SizeRules.from_mapping({"max_aspect": 2.5}).max_aspect == 2.5


def test_users_declare_rules_for_their_own_models(tmp_path: Path) -> None:
    user = user_models_file(tmp_path)
    size = {"name": "size", "kind": "size", "presets": ["1024x1024"]}
    user.write_text(
        json.dumps(
            {
                "models": [
                    {"id": "my-sd", "params": [{**size, "rules": {"multiple_of": 64}}]},
                    {"id": "bad-rules", "params": [{**size, "rules": {"multiple_of": -8}}]},
                    {
                        "id": "rules-on-a-choice",
                        "params": [
                            {"name": "style", "kind": "choice", "choices": ["a"], "rules": {}}
                        ],
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    problems: list[str] = []
    specs = {spec.id: spec for spec in load_image_models(user, problems=problems)}
    mine = specs["my-sd"].param("size")
    assert mine is not None and mine.rules == SizeRules(multiple_of=64)
    assert "bad-rules" not in specs and "rules-on-a-choice" not in specs
    assert len(problems) == 2
    assert "bad-rules.size: size rule 'multiple_of' is out of range" in problems[0]
    assert "rules-on-a-choice.style: 'rules' only apply to a size" in problems[1]
    assert issubclass(ImageModelsError, ValueError)
