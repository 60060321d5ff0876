"""The demo relay's ``/v1/models`` and ``/v1/chat/completions`` endpoints.

``demo-banana`` is answered by :mod:`studio.demo.banana` (an image model behind chat); the
demo models and what each lets you try are in :mod:`studio.demo.catalog`.
"""

from __future__ import annotations

import json
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from studio.demo.banana import banana_answer, is_banana
from studio.demo.catalog import DEMO_MODELS
from studio.demo.chat import plan_chat
from studio.demo.chat_stream import completion_body, stream_chat
from studio.demo.errors import FAULT_CUT, DemoConnectionCut, error_body, fault_response
from studio.demo.http_util import read_json_object, request_pace
from studio.demo.seeding import stable_int

MODELS_CREATED = 1735689600
RELAY_MODELS = (
    "gpt-4o",
    "gpt-4o-mini",
    "o1",
    "claude-sonnet-4-20250514",
    "gemini-2.5-flash",
    "deepseek-reasoner",
    "gpt-image-1",
    "dall-e-3",
    "seedream-3.0",
    "imagen4",
    "flux-kontext-pro",
    "nano-banana",
    "nano-banana-2",
)
CUT_AFTER_TOKENS = 12
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _entry(name: str, description: str = "") -> dict[str, Any]:
    entry = {"id": name, "object": "model", "created": MODELS_CREATED, "owned_by": "studio-demo"}
    if description:
        entry["description"] = description
    return entry


def model_list() -> dict[str, Any]:
    """The ``GET /v1/models`` body: the demo models (each with a ``description``, as
    OpenRouter gives one), then the relay model names the demo also answers to."""
    return {
        "object": "list",
        "data": [
            *(_entry(m.id, m.description) for m in DEMO_MODELS),
            *(_entry(name) for name in RELAY_MODELS),
        ],
    }


async def models(request: Request) -> Response:
    """``GET /v1/models``."""
    return JSONResponse(model_list())


async def model(request: Request) -> Response:
    """``GET /v1/models/{id}``: one listed model, or 404."""
    wanted = request.path_params["model_id"]
    for entry in model_list()["data"]:
        if entry["id"] == wanted:
            return JSONResponse(entry)
    body = error_body(
        f"The model '{wanted}' does not exist", "invalid_request_error", "model_not_found"
    )
    return JSONResponse(body, 404)


async def chat_completions(request: Request) -> Response:
    """``POST /v1/chat/completions`` (streaming or not; see :mod:`studio.demo.chat`)."""
    body = await read_json_object(request)
    fault = fault_response(str(body.get("model", "")))
    if fault is not None:
        return fault
    if is_banana(body.get("model")):
        return await banana_answer(body)
    plan = await plan_chat(body)
    digest = stable_int(json.dumps(body.get("messages"), sort_keys=True, default=str), plan.model)
    completion_id = f"chatcmpl-demo{digest:016x}"
    created = int(time.time())
    cut = plan.model == FAULT_CUT
    if body.get("stream") is True:
        options = body.get("stream_options")
        include_usage = isinstance(options, dict) and options.get("include_usage") is True
        stream = stream_chat(
            plan,
            completion_id=completion_id,
            created=created,
            pace=request_pace(body, request.app.state.pace),
            seed=digest,
            include_usage=include_usage,
            cut_after=CUT_AFTER_TOKENS if cut else None,
        )
        return StreamingResponse(stream, media_type="text/event-stream", headers=SSE_HEADERS)
    answer = completion_body(plan, completion_id=completion_id, created=created)
    if cut:

        async def cut_body() -> Any:
            raw = json.dumps(answer).encode()
            yield raw[: len(raw) // 2]
            raise DemoConnectionCut("demo-fault-cut drops the connection on purpose")

        return StreamingResponse(cut_body(), media_type="application/json")
    return JSONResponse(answer)
