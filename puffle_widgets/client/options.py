"""Client configuration: explicit arguments first, then the environment, then defaults; every
option is checked here, at construction, with a message that names it."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Final

import httpx

from puffle_widgets.client.base_url import BASE_URL_ENV, DEFAULT_BASE_URL, normalize_base_url
from puffle_widgets.client.polling import PollSchedule
from puffle_widgets.client.secret import Secret, as_secret
from puffle_widgets.errors import PuffleError

API_KEY_ENV: Final = "PUFFLE_API_KEY"

MISSING_KEY_MESSAGE = (
    "No Puffle API key. Pass Puffle(api_key=...) or set the PUFFLE_API_KEY environment "
    "variable (Puffle dashboard: Settings -> API -> Generate API key). To try puffle-widgets "
    "without a key, start the local emulator: `python -m puffle_widgets.emulator --demo`, or "
    "`%puffle_emulator` in a notebook."
)
BAD_KEY_MESSAGE = (
    "The Puffle API key (api_key= or PUFFLE_API_KEY) contains whitespace, control or non-ASCII "
    "characters; copy it again from the dashboard (the key itself is not shown here)."
)

# Frames between `normalize_base_url` and the code that called `Puffle(...)`.
_USER_FRAME = 5


@dataclass(frozen=True)
class ClientOptions:
    """Everything a client needs to talk to one server with one key."""

    api_key: Secret = field(repr=False)
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    poll: PollSchedule

    def __repr__(self) -> str:
        return f"ClientOptions(base_url={self.base_url!r}, api_key='[redacted]')"


def resolve_options(
    *,
    api_key: Secret | str | None,
    base_url: str | None,
    timeout: float | httpx.Timeout | None,
    max_retries: int,
    poll_interval: float | PollSchedule | None,
) -> ClientOptions:
    """Validated options from the arguments and the environment; raises on a missing key."""
    key = resolve_key(as_secret(api_key))
    url = base_url if base_url is not None else os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    return ClientOptions(
        api_key=key,
        base_url=normalize_base_url(url, warn_stacklevel=_USER_FRAME),
        timeout=check_timeout(timeout),
        max_retries=check_max_retries(max_retries),
        poll=PollSchedule.from_interval(poll_interval, name="poll_interval"),
    )


def resolve_key(api_key: Secret | None) -> Secret:
    """The key given, else the one in the environment, checked without ever showing it."""
    key = api_key if api_key is not None else Secret.from_env(API_KEY_ENV)
    if key is None:
        raise PuffleError(MISSING_KEY_MESSAGE)
    if key.kind != "str":
        raise TypeError(f"api_key must be a string, got {key.kind}.")
    key = key.stripped()
    if not key:
        raise PuffleError(MISSING_KEY_MESSAGE)
    if not key.is_header_safe():
        raise ValueError(BAD_KEY_MESSAGE)
    return key


def check_max_retries(value: object) -> int:
    """`value` if it is a whole number >= 0."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"max_retries must be a whole number >= 0, got {value!r}.")
    return value


def check_timeout(value: object) -> httpx.Timeout:
    """`value` (seconds, an httpx.Timeout, or None for no limit) as an httpx.Timeout."""
    if isinstance(value, httpx.Timeout):
        for part, seconds in value.as_dict().items():
            _check_seconds(seconds, f"timeout ({part})")
        return value
    return httpx.Timeout(_check_seconds(value, "timeout"))


def _check_seconds(value: object, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        hint = f" (write {value!s} without quotes)" if _is_number_text(value) else ""
        raise TypeError(
            f"{name} must be a number of seconds or None, got {type(value).__name__} "
            f"{value!r}{hint}."
        )
    if math.isnan(value) or math.isinf(value):
        raise ValueError(
            f"{name} must be a finite number of seconds (None: no limit), got {value}."
        )
    if value <= 0:
        raise ValueError(
            f"{name} must be more than 0 seconds, got {value!r}: every request would fail at "
            "once. Use e.g. 30, or None for no limit."
        )
    return float(value)


def _is_number_text(value: object) -> bool:
    try:
        return isinstance(value, str) and math.isfinite(float(value))
    except ValueError:
        return False
