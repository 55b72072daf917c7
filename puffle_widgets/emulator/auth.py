"""Bearer API keys: each key belongs to one user."""

from __future__ import annotations

from starlette.requests import Request

from puffle_widgets.emulator.store import Store


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None."""
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def authenticate(request: Request, store: Store) -> str | None:
    """The id of the user whose key the request carries, or None for a missing or unknown key."""
    token = bearer_token(request)
    return None if token is None else store.user_for_key(token)
