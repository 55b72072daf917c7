"""The base URL rules: http(s) with a host, no query or fragment (every request would lose its
path to them), and a warning when a remote server would receive the key in clear text."""

from __future__ import annotations

import ipaddress
import threading
import warnings
from typing import Final

import httpx

DEFAULT_BASE_URL: Final = "https://app.puffle.ai"
BASE_URL_ENV: Final = "PUFFLE_API_BASE_URL"

_warned: set[str] = set()
_warned_lock = threading.Lock()


def normalize_base_url(url: object, *, warn_stacklevel: int = 2) -> str:
    """`url` without trailing slashes or a trailing `/api` (every path already starts with it);
    raises ValueError for a URL that cannot be a base, warns once for remote plain http."""
    if not isinstance(url, str):
        raise TypeError(f"base_url must be a string such as {DEFAULT_BASE_URL!r}, got {url!r}.")
    try:
        parsed = httpx.URL(url.strip())
    except httpx.InvalidURL as exc:
        raise ValueError(f"base_url {url!r} is not a valid URL ({exc}).") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(
            f"base_url {url!r} is not an http(s) URL; use e.g. {DEFAULT_BASE_URL!r} "
            f"(or set {BASE_URL_ENV})."
        )
    if parsed.query or parsed.fragment or "?" in url or "#" in url:
        raise ValueError(
            f"base_url {url!r} has a query or fragment ('?...' or '#...'); every request would "
            f"go to the server's root. Give the server's address only, e.g. {DEFAULT_BASE_URL!r}."
        )
    text = str(parsed).rstrip("/").removesuffix("/api")
    if parsed.scheme == "http" and not is_loopback(parsed.host):
        _warn_clear_text(text, warn_stacklevel + 1)
    return text


def is_loopback(host: str) -> bool:
    """True for `localhost`, `*.localhost` and loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _warn_clear_text(url: str, stacklevel: int) -> None:
    with _warned_lock:
        if url in _warned:
            return
        _warned.add(url)
    warnings.warn(
        f"base_url {url!r} uses plain http:// to a server that is not this machine: the API key "
        "and every session would travel unencrypted. Use https:// unless this is a trusted "
        "local network.",
        UserWarning,
        stacklevel=stacklevel,
    )
