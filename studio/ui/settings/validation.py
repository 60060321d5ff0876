"""Checks of what the user typed in the settings, and the sentences that explain a problem.

The checks are plain functions returning a :class:`Problem` (a code plus what it concerns);
:func:`problem_text` puts a problem into words in the interface language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication

from studio.config.providers import SENSITIVE_HEADERS, ProviderSettings
from studio.session.settings_editor import resolved_endpoint

PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_CREDENTIAL_WORDS = frozenset(
    {"key", "apikey", "token", "secret", "password", "auth", "authorization", "cookie"}
)


class Code(Enum):
    """What is wrong."""

    NAME_EMPTY = "name_empty"
    BASE_URL_EMPTY = "base_url_empty"
    BASE_URL_INVALID = "base_url_invalid"
    PROXY_EMPTY = "proxy_empty"
    PROXY_SCHEME = "proxy_scheme"
    PROXY_HOST = "proxy_host"
    PROXY_PORT = "proxy_port"
    HEADER_CREDENTIAL = "header_credential"
    HEADER_NAME = "header_name"
    HEADER_VALUE = "header_value"


@dataclass(frozen=True)
class Problem:
    """One problem; ``subject`` is the header name or the URL concerned."""

    code: Code
    subject: str = ""


def base_url_problem(provider: ProviderSettings) -> Problem | None:
    """Why the provider's base URL cannot be used (the demo needs none)."""
    text = provider.base_url.strip()
    if not text:
        return None if provider.is_demo_preset else Problem(Code.BASE_URL_EMPTY)
    if resolved_endpoint(text) is None:
        return Problem(Code.BASE_URL_INVALID, text)
    return None


def proxy_problem(url: str) -> Problem | None:
    """Why ``url`` is not a usable proxy address (http, https, socks5 or socks5h)."""
    text = url.strip()
    if not text:
        return Problem(Code.PROXY_EMPTY)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return Problem(Code.PROXY_PORT, text)
    if "://" not in text or parts.scheme.lower() not in PROXY_SCHEMES:
        return Problem(Code.PROXY_SCHEME, text)
    if not parts.hostname:
        return Problem(Code.PROXY_HOST, text)
    if port == 0:
        return Problem(Code.PROXY_PORT, text)
    return None


def is_credential_header(name: str) -> bool:
    """True for header names that carry a key or a session (they belong in the key field)."""
    lowered = name.strip().lower()
    if lowered in SENSITIVE_HEADERS:
        return True
    return any(part in _CREDENTIAL_WORDS for part in re.split(r"[^a-z0-9]+", lowered))


def header_problem(name: str, value: str) -> Problem | None:
    """Why the header ``name: value`` cannot be sent."""
    if is_credential_header(name):
        return Problem(Code.HEADER_CREDENTIAL, name.strip())
    if not _HEADER_NAME.match(name.strip()):
        return Problem(Code.HEADER_NAME, name.strip())
    if "\n" in value or "\r" in value:
        return Problem(Code.HEADER_VALUE, name.strip())
    return None


def provider_problems(provider: ProviderSettings) -> list[Problem]:
    """Everything that stops ``provider`` from being saved, in form order."""
    found: list[Problem] = []
    if not provider.name.strip():
        found.append(Problem(Code.NAME_EMPTY))
    url = base_url_problem(provider)
    if url is not None:
        found.append(url)
    if provider.proxy_mode == "explicit":
        proxy = proxy_problem(provider.proxy_url)
        if proxy is not None:
            found.append(proxy)
    for name, value in provider.extra_headers.items():
        header = header_problem(name, value)
        if header is not None:
            found.append(header)
    return found


def problem_text(problem: Problem) -> str:
    """One sentence saying what is wrong and what to do, in the interface language."""
    texts = {
        Code.NAME_EMPTY: QCoreApplication.translate(
            "SettingsProblems", "Give the provider a name."
        ),
        Code.BASE_URL_EMPTY: QCoreApplication.translate(
            "SettingsProblems", "Enter the base URL, such as https://api.example.com/v1."
        ),
        Code.BASE_URL_INVALID: QCoreApplication.translate(
            "SettingsProblems", "Not a valid address: enter it as https://host or https://host/v1."
        ),
        Code.PROXY_EMPTY: QCoreApplication.translate(
            "SettingsProblems", "Enter the proxy address, such as http://127.0.0.1:7890."
        ),
        Code.PROXY_SCHEME: QCoreApplication.translate(
            "SettingsProblems",
            "The proxy address must start with http://, https://, socks5:// or socks5h://.",
        ),
        Code.PROXY_HOST: QCoreApplication.translate(
            "SettingsProblems", "The proxy address has no host name."
        ),
        Code.PROXY_PORT: QCoreApplication.translate(
            "SettingsProblems", "The proxy port must be a number from 1 to 65535."
        ),
        Code.HEADER_CREDENTIAL: QCoreApplication.translate(
            "SettingsProblems",
            "The header “{name}” carries a credential: put the key in the API key field "
            "instead (it is kept in the keyring, not in the settings file).",
        ),
        Code.HEADER_NAME: QCoreApplication.translate(
            "SettingsProblems",
            "“{name}” is not a valid header name: use letters, digits and dashes.",
        ),
        Code.HEADER_VALUE: QCoreApplication.translate(
            "SettingsProblems", "The value of the header “{name}” must be on one line."
        ),
    }
    return texts[problem.code].format(name=problem.subject)
