"""Random identifiers the emulator hands out: ids, run handles, request ids and API keys."""

from __future__ import annotations

import secrets
import uuid


def new_id() -> str:
    """A fresh uuid4 string; it matches the documented UUID pattern."""
    return str(uuid.uuid4())


def new_request_id() -> str:
    """The value of an `x-request-id` header."""
    return f"req_{secrets.token_hex(12)}"


def new_run_handle() -> dict[str, str]:
    """The body `/turn` and `/generate-examples` answer with."""
    return {
        "runId": f"run_{secrets.token_hex(12)}",
        "publicAccessToken": f"tr_pat_{secrets.token_hex(24)}",
    }


def new_api_key() -> str:
    """A random key in the documented `pk_live_` format, marked as an emulator key."""
    return f"pk_live_emu_{secrets.token_hex(16)}"
