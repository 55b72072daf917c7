"""Keeping the key out of what an exception carries.

A server or gateway may echo the Authorization header in an error body, and the request that
went out holds the header itself. An exception keeps copies of the request and response with the
header masked and the key replaced in the body and headers, so `exc.response.text`,
`exc.request.headers` and a pickled exception are safe to print or store.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from puffle_widgets.client.secret import REDACTED, Secret

# Headers whose whole value is a credential.
SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
# Response extensions that describe the answer; the others hold sockets and cannot be pickled.
_KEPT_EXTENSIONS = ("http_version", "reason_phrase")


class _Forms(tuple[str, ...]):
    """The spellings of the key to replace; shown redacted if a traceback prints locals."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} redacted form(s)>"


def _forms(secret: Secret | str | None) -> _Forms:
    """The ways the key can appear in text: as is, and escaped inside a JSON string."""
    if isinstance(secret, Secret):
        return _forms_of(secret.reveal())
    return _forms_of(secret or "")


def _forms_of(text: str) -> _Forms:
    if not text:
        return _Forms()
    escaped = json.dumps(text)[1:-1]
    return _Forms(dict.fromkeys([text, escaped, escaped.replace("/", "\\/")]))


def redacted(value: Any, secret: Secret | str | None) -> Any:
    """`value` with every occurrence of `secret` in its strings replaced, at any depth."""
    forms = _forms(secret)
    return _replace(value, forms) if forms else value


def _replace(value: Any, forms: _Forms) -> Any:
    if isinstance(value, str):
        for form in forms:
            value = value.replace(form, REDACTED)
        return value
    if isinstance(value, bytes):
        for form in forms:
            value = value.replace(form.encode(), REDACTED.encode())
        return value
    if isinstance(value, dict):
        return {_replace(k, forms): _replace(v, forms) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_replace(v, forms) for v in value]
    return value


def _headers(headers: httpx.Headers, forms: _Forms) -> list[tuple[str, str]]:
    return [
        (name, REDACTED if name.lower() in SENSITIVE_HEADERS else _replace(value, forms))
        for name, value in headers.multi_items()
    ]


def scrubbed_request(request: httpx.Request, secret: Secret | str | None) -> httpx.Request:
    """A copy of `request` without credentials: safe to keep on an exception."""
    forms = _forms(secret)
    try:
        content = _replace(request.content, forms)
    except httpx.RequestNotRead:
        content = b""
    return httpx.Request(
        request.method, request.url, headers=_headers(request.headers, forms), content=content
    )


def scrubbed_response(response: httpx.Response, secret: Secret | str | None) -> httpx.Response:
    """A read copy of `response` (and of its request) without the key or credentials."""
    forms = _forms(secret)
    try:
        request: httpx.Request | None = scrubbed_request(response.request, secret)
    except RuntimeError:  # a response built without a request
        request = None
    extensions = {k: response.extensions[k] for k in _KEPT_EXTENSIONS if k in response.extensions}
    return httpx.Response(
        response.status_code,
        headers=_headers(response.headers, forms),
        content=_replace(response.content, forms),
        request=request,
        extensions=extensions,
    )
