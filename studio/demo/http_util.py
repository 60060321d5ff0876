"""Small request helpers shared by the demo relay's endpoints."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from studio.demo.errors import RequestError


async def read_json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object; raises :class:`RequestError` (HTTP 400) otherwise."""
    raw = await request.body()
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RequestError(
            "We could not parse the JSON body of your request. (HINT: This likely means you "
            "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)"
        ) from exc
    if not isinstance(body, dict):
        raise RequestError("The request body must be a JSON object.")
    return body


def token_rate(body: dict[str, Any], default: float) -> float:
    """``demo_token_rate`` from the body when it is a number, else ``default``."""
    value = body.get("demo_token_rate")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return default
