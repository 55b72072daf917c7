"""Dropping a connection with no HTTP answer at all.

ASGI has no way to say "close the socket": uvicorn answers 500 when an app fails before its
response starts. So the emulator serves with a subclass of uvicorn's h11 protocol that records
each connection's transport by peer address (the `client` of the ASGI scope); the fault
middleware looks it up and aborts it, and uvicorn then sees a disconnect and sends nothing.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

Peer = tuple[str, int]


def _peer(transport: asyncio.BaseTransport) -> Peer | None:
    info: Any = transport.get_extra_info("peername")
    if isinstance(info, (tuple, list)) and len(info) >= 2:
        return str(info[0]), int(info[1])
    return None


class Connections:
    """The open connections of one server, by peer address; used on the server loop only."""

    def __init__(self) -> None:
        self._by_peer: dict[Peer, asyncio.BaseTransport] = {}

    def add(self, transport: asyncio.BaseTransport) -> None:
        """Remember a new connection."""
        peer = _peer(transport)
        if peer is not None:
            self._by_peer[peer] = transport

    def discard(self, transport: asyncio.BaseTransport) -> None:
        """Forget a closed connection."""
        peer = _peer(transport)
        if peer is not None and self._by_peer.get(peer) is transport:
            del self._by_peer[peer]

    def abort(self, client: Any) -> bool:
        """Abort the connection of the ASGI scope's `client`; False when it is not known."""
        if not isinstance(client, (tuple, list)) or len(client) < 2:
            return False
        transport = self._by_peer.get((str(client[0]), int(client[1])))
        if transport is None:
            return False
        if isinstance(transport, asyncio.WriteTransport):
            transport.abort()
        else:
            transport.close()
        return True

    def close_all(self) -> None:
        """Close every connection still open (at shutdown)."""
        for transport in list(self._by_peer.values()):
            transport.close()


def protocol_class(connections: Connections) -> type[H11Protocol]:
    """uvicorn's h11 protocol, registering each connection in `connections`."""

    class DroppableH11Protocol(H11Protocol):
        """H11Protocol whose transport can be aborted by the app through `connections`."""

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            connections.add(transport)

        def connection_lost(self, exc: Exception | None) -> None:
            connections.discard(self.transport)
            super().connection_lost(exc)

    return DroppableH11Protocol
