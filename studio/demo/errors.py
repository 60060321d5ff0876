"""Error answers of the demo relay: OpenAI-style JSON errors and the fault-injection models.

Fault models (exact behaviour, tests rely on it):

- ``demo-fault-500``: HTTP 500 with a ``server_error`` JSON body;
- ``demo-fault-html``: HTTP 502 with a long Cloudflare-like HTML page;
- ``demo-fault-429``: HTTP 429 with ``Retry-After: 1`` and a rate-limit JSON body;
- ``demo-fault-cut``: some output, then the connection is dropped (see the endpoints);
- the API key ``sk-invalid`` gets HTTP 401 on every endpoint (see the server).

Image field forms (``/v1/images/edits``), to exercise the retry with the other form:

- ``demo-edit-wants-image`` (or a relay started with ``edit_field="image"``) refuses parts
  named ``image[]`` the way OpenAI refuses an unknown field: HTTP 400,
  ``{"error": {"message": "Unknown parameter: 'image[]'.", "type": "invalid_request_error",
  "param": "image[]", "code": "unknown_parameter"}}``;
- ``demo-edit-wants-brackets`` (or ``edit_field="image[]"``) refuses parts named ``image``,
  even a single one, the way a FastAPI relay does: HTTP 422, ``{"detail": [{"type":
  "missing", "loc": ["body", "image[]"], "msg": "Field required", "input": null}]}``.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import HTMLResponse, JSONResponse, Response

FAULT_CUT = "demo-fault-cut"
FAULT_500 = "demo-fault-500"
FAULT_HTML = "demo-fault-html"
FAULT_429 = "demo-fault-429"
FAULT_MODELS = (FAULT_CUT, FAULT_500, FAULT_HTML, FAULT_429)
INVALID_KEY = "sk-invalid"
WANTS_IMAGE = "demo-edit-wants-image"
WANTS_BRACKETS = "demo-edit-wants-brackets"
FIELD_MODELS = {WANTS_IMAGE: "image", WANTS_BRACKETS: "image[]"}
"""Demo models that take their edit images under one name only (model → the wanted name)."""


class DemoConnectionCut(Exception):
    """Raised inside a response body to make the server drop the connection on purpose."""


class RequestError(ValueError):
    """A bad request: becomes HTTP 400 (or ``status``) with an OpenAI-style error body."""

    def __init__(
        self,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        status: int = 400,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        self.code = code
        self.status = status


def error_body(
    message: str, type_: str, code: str | int | None = None, param: str | None = None
) -> dict[str, Any]:
    """The OpenAI error envelope ``{"error": {message, type, param, code}}``."""
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def request_error_response(error: RequestError) -> JSONResponse:
    """The JSON response for a :class:`RequestError`."""
    return JSONResponse(
        error_body(error.message, "invalid_request_error", error.code, error.param), error.status
    )


def invalid_key_response() -> JSONResponse:
    """The new-api style 401 answer for the key ``sk-invalid``."""
    body = {
        "error": {
            "message": "Invalid token (request id: demo123)",
            "type": "new_api_error",
            "code": "",
        }
    }
    return JSONResponse(body, 401)


def _html_page() -> str:
    rows = "".join(
        f'<div class="cf-row" id="row-{i}"><span>Ray ID: demo{i:04d}</span>'
        "<span>Performance &amp; security by the demo relay</span></div>\n"
        for i in range(40)
    )
    return (
        "<html><head><title>demo relay | 502: Bad gateway</title></head><body>"
        "<style>body{font-family:sans-serif;margin:0}.cf-row{padding:4px;color:#404040}</style>"
        '<div id="cf-wrapper"><h1><span class="cf-error-type">Bad gateway</span> '
        '<span class="cf-error-code">Error code 502</span></h1>'
        "<p>The web server reported a bad gateway error.</p>\n"
        f"{rows}"
        "<p>What can I do? Please try again in a few minutes.</p></div></body></html>"
    )


def fault_response(model: str) -> Response | None:
    """The canned error for a fault model (500, 502 HTML, 429), or ``None``."""
    if model == FAULT_500:
        body = {
            "error": {
                "message": "The demo relay failed on purpose.",
                "type": "server_error",
                "code": "demo_fault",
            }
        }
        return JSONResponse(body, 500)
    if model == FAULT_HTML:
        return HTMLResponse(_html_page(), 502)
    if model == FAULT_429:
        body = error_body(
            "Rate limit reached for the demo relay. Please try again in 1s.",
            "requests",
            "rate_limit_exceeded",
        )
        return JSONResponse(body, 429, headers={"Retry-After": "1"})
    return None


def refused_field(wanted: str | None, sent: list[str]) -> JSONResponse | None:
    """The answer of a relay that takes edit images only under ``wanted`` (``image`` or
    ``image[]``) to parts named ``sent``, or ``None`` when it takes them."""
    if wanted == "image" and "image[]" in sent:
        body = error_body(
            "Unknown parameter: 'image[]'.", "invalid_request_error", "unknown_parameter", "image[]"
        )
        return JSONResponse(body, 400)
    if wanted == "image[]" and "image" in sent:
        missing = {"type": "missing", "loc": ["body", "image[]"], "msg": "Field required"}
        return JSONResponse({"detail": [{**missing, "input": None}]}, 422)
    return None


def not_found_response(method: str, path: str) -> JSONResponse:
    """OpenAI's answer to an unknown URL."""
    message = f"Invalid URL ({method} {path})"
    return JSONResponse(error_body(message, "invalid_request_error"), 404)


def method_not_allowed_response(method: str, path: str) -> JSONResponse:
    """The answer to a known URL called with the wrong HTTP method."""
    message = f"Method {method} is not allowed for {path}"
    return JSONResponse(error_body(message, "invalid_request_error"), 405)
