"""prepare_generation: the image form's checks as codes with data, and the request it builds."""

from __future__ import annotations

import pytest

from studio.config.image_models import ImageModelSpec, load_image_models, spec_for
from studio.config.image_sizes import SizeProblem
from studio.core.images import (
    BAD_EXTRA_JSON,
    EMPTY_PROMPT,
    SIZE_REFUSED,
    FormRefused,
    prepare_generation,
)


@pytest.fixture(scope="module")
def specs() -> list[ImageModelSpec]:
    return load_image_models()


def test_a_streaming_model_asks_for_previews_only_for_one_image(
    specs: list[ImageModelSpec],
) -> None:
    spec = spec_for("gpt-image-1", specs)
    one = prepare_generation(spec, " gpt-image-1 ", " a fox ", {"n": 1, "quality": "low"})
    assert (one.model, one.prompt) == ("gpt-image-1", "a fox")
    assert one.request.stream and one.request.partial_images == 2
    assert one.params == {"n": 1, "quality": "low"}
    two = prepare_generation(spec, "gpt-image-1", "a fox", {"n": 2})
    assert not two.request.stream and two.request.n == 2


def test_negative_prompt_and_extra_json_are_kept_with_the_job(
    specs: list[ImageModelSpec],
) -> None:
    spec = spec_for("demo-image", specs)
    job = prepare_generation(spec, "demo-image", "a fox", {}, " blur ", '{"steps": 30}')
    assert job.params["negative_prompt"] == "blur" and job.params["extra"] == {"steps": 30}
    assert job.request.negative_prompt == "blur" and job.request.extra == {"steps": 30}
    plain = prepare_generation(spec_for("dall-e-3", specs), "dall-e-3", "a fox", {}, "blur")
    assert "negative_prompt" not in plain.params  # the model takes none


def test_refusals_are_codes_with_data_checked_in_order(specs: list[ImageModelSpec]) -> None:
    spec = spec_for("gpt-image-2", specs)
    with pytest.raises(FormRefused) as empty:
        prepare_generation(spec, "gpt-image-2", "  ", {}, extra_json="[1]")
    assert empty.value.problem.code == EMPTY_PROMPT
    with pytest.raises(FormRefused) as bad:
        prepare_generation(spec, "gpt-image-2", "a fox", {"size": "1000x1000"}, extra_json="[1]")
    assert bad.value.problem.code == BAD_EXTRA_JSON and bad.value.problem.data["detail"]
    with pytest.raises(FormRefused) as size:
        prepare_generation(spec, "gpt-image-2", "a fox", {"size": "1000x1000"})
    problem = size.value.problem
    assert problem.code == SIZE_REFUSED
    assert (problem.data["width"], problem.data["height"]) == (1000, 1000)
    assert problem.data["problem"] == SizeProblem("multiple_of", 16)
