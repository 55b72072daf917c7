"""`Secret`: the API key in a holder that never shows it.

Traceback formatters that print locals (`%xmode Verbose`, rich, crash reporters) call `repr` on
every variable of every frame, and IPython also evaluates attribute chains such as
`self.options.api_key`. So the key is wrapped the moment it is read (from `api_key=` at the top
of a constructor, or from the environment) and its text comes out only through `reveal()`, a
call no formatter makes. The text is never bound to a local name in a function that can raise.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Any, NoReturn

REDACTED = "[redacted]"


class Secret:
    """A credential whose `repr` and `str` are `[redacted]`; `reveal()` returns the text."""

    __slots__ = ("_kind", "_value")

    def __init__(self, value: object) -> None:
        # Never raises, so no frame that holds the raw value can end up in a traceback.
        self._kind = type(value).__name__
        self._value = value if isinstance(value, str) else ""

    @classmethod
    def from_env(cls, name: str) -> Secret | None:
        """The environment variable `name` as a Secret, or None when it is unset."""
        return cls(os.environ[name]) if name in os.environ else None

    def reveal(self) -> str:
        """The secret text, for the one place that must send it."""
        return self._value

    @property
    def kind(self) -> str:
        """The type name of the value given (`str` for a usable key)."""
        return self._kind

    def stripped(self) -> Secret:
        """The same secret without surrounding whitespace."""
        return Secret(self.reveal().strip()) if self._kind == "str" else self

    def is_header_safe(self) -> bool:
        """True when the text can travel in an HTTP header: printable ASCII, no whitespace."""
        return _header_safe(self.reveal())

    def digest(self) -> str:
        """A SHA-256 hex digest: a stable, non-secret stand-in for equality and cache keys."""
        return hashlib.sha256(self.reveal().encode("utf-8", "surrogatepass")).hexdigest()

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self.digest(), other.digest())

    def __hash__(self) -> int:
        return hash(self.digest())

    def __repr__(self) -> str:
        return f"Secret('{REDACTED}')"

    def __str__(self) -> str:
        return REDACTED

    def __reduce__(self) -> NoReturn:
        raise TypeError("A Secret cannot be pickled; pass the key again where it is needed.")

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:
        return self


def as_secret(value: object) -> Secret | None:
    """`value` wrapped as a Secret (None stays None); never raises."""
    if value is None or isinstance(value, Secret):
        return value
    return Secret(value)


def _header_safe(text: str) -> bool:
    return bool(text) and text.isascii() and text.isprintable() and " " not in text
