"""Client configuration: explicit arguments first, then the environment, then defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import httpx

from puffle_widgets.client._polling import PollSchedule
from puffle_widgets.errors import PuffleError

DEFAULT_BASE_URL = "https://app.puffle.ai"
API_KEY_ENV = "PUFFLE_API_KEY"
BASE_URL_ENV = "PUFFLE_API_BASE_URL"

MISSING_KEY_MESSAGE = (
    "No Puffle API key. Pass Puffle(api_key=...) or set the PUFFLE_API_KEY environment "
    "variable (Puffle dashboard: Settings -> API -> Generate API key). To try puffle-widgets "
    "without a key, start the local emulator: `python -m puffle_widgets.emulator --demo`, or "
    "`%puffle_emulator` in a notebook."
)


@dataclass(frozen=True)
class ClientOptions:
    """Everything a client needs to talk to one server with one key."""

    api_key: str = field(repr=False)
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    poll: PollSchedule

    def __repr__(self) -> str:
        return f"ClientOptions(base_url={self.base_url!r}, api_key='[redacted]')"


def resolve_options(
    *,
    api_key: str | None,
    base_url: str | None,
    timeout: float | httpx.Timeout,
    max_retries: int,
    poll_interval: float | PollSchedule | None,
) -> ClientOptions:
    """Validated options from the arguments and the environment; raises on a missing key."""
    key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
    if key is None or not key.strip():
        raise PuffleError(MISSING_KEY_MESSAGE)
    key = key.strip()
    if any(ch.isspace() or not ch.isprintable() for ch in key):
        raise ValueError(
            "The Puffle API key contains whitespace or control characters; copy it again from "
            "the dashboard (the key itself is not shown here)."
        )
    url = base_url if base_url is not None else os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    if not isinstance(max_retries, int) or isinstance(max_retries, bool) or max_retries < 0:
        raise ValueError(f"max_retries must be a whole number >= 0, got {max_retries!r}.")
    return ClientOptions(
        api_key=key,
        base_url=normalize_base_url(url),
        timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
        max_retries=max_retries,
        poll=PollSchedule.from_interval(poll_interval),
    )


def normalize_base_url(url: str) -> str:
    """`url` without trailing slashes or a trailing `/api` (every path already starts with it)."""
    parsed = httpx.URL(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(
            f"base_url {url!r} is not an http(s) URL; use e.g. {DEFAULT_BASE_URL!r} "
            f"(or set {BASE_URL_ENV})."
        )
    text = str(parsed).rstrip("/")
    return text.removesuffix("/api")
