"""Small request helpers shared by the demo relay's endpoints."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from studio.demo.errors import RequestError
from studio.demo.pace import Pace, pace_for


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


def request_pace(body: dict[str, Any], default: Pace) -> Pace:
    """A steady pace at ``demo_token_rate`` from the body when it is a number (``<= 0``: as
    fast as possible), else ``default`` (the relay's pace)."""
    value = body.get("demo_token_rate")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return pace_for(float(value))
    return default
