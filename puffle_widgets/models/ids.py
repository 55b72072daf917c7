"""The documented UUID pattern for ids in paths and queries."""

from __future__ import annotations

import re

# Versions 1-8 with the RFC 4122 variant, plus the nil and max UUIDs (REFERENCE.md section 2.9).
# Response ids are not held to it: the docs' own sample ids fail the variant nibble. `\Z`, not
# `$`: `$` also matches before a trailing newline, which would then reach the URL.
UUID_PATTERN = re.compile(
    r"^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}"
    r"|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)\Z"
)


def is_valid_uuid(value: object) -> bool:
    """True when `value` is a string the API accepts as an id."""
    return isinstance(value, str) and UUID_PATTERN.fullmatch(value) is not None


def check_uuid(value: object, what: str = "id") -> str:
    """Return `value` if it is an id the API accepts, else raise ValueError naming it."""
    if not is_valid_uuid(value):
        raise ValueError(
            f"{what} {value!r} is not a valid UUID: the API expects ids like "
            "'3c90c3cc-0d44-4b50-8888-8dd25736052a'. Nothing was sent."
        )
    assert isinstance(value, str)
    return value
