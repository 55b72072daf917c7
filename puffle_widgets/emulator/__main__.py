"""`python -m puffle_widgets.emulator`: serve the emulator until Ctrl-C."""

from __future__ import annotations

import argparse
import ipaddress
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from puffle_widgets.emulator.emulator import Emulator
from puffle_widgets.emulator.log import DEFAULT_CAPACITY


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m puffle_widgets.emulator",
        description="Serve a local emulator of Puffle's campaign AI chat session API.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any)")
    parser.add_argument("--db", help="SQLite file to keep state in (default: in memory)")
    parser.add_argument("--demo", action="store_true", help="seed a demo campaign")
    parser.add_argument("--api-key", help="the key to accept (default: random, kept in --db)")
    parser.add_argument("--latency", type=float, default=1.0, help="seconds a task runs")
    parser.add_argument(
        "--rate-limit",
        type=int,
        metavar="N",
        help="answer 429 beyond N requests per minute per key (default: no limit)",
    )
    parser.add_argument(
        "--log-size",
        type=int,
        default=DEFAULT_CAPACITY,
        metavar="N",
        help=f"requests kept in the in-memory request log (default {DEFAULT_CAPACITY})",
    )
    return parser


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    """The warning for a bind address other machines can reach, or None for loopback."""
    if is_loopback(host):
        return None
    return (
        f"WARNING: listening on {host}, which other machines may reach. The emulator is for "
        "local use only: it serves plain http, so its API key travels in clear text, and "
        "anyone who can reach it can read and change its sessions. Use --host 127.0.0.1 "
        "unless you mean this."
    )


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Parse `argv`, serve, print how to connect, and wait for Ctrl-C or SIGTERM."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        emulator = Emulator(
            db=args.db,
            latency=args.latency,
            api_key=args.api_key,
            port=args.port,
            host=args.host,
            demo=args.demo,
            rate_limit=args.rate_limit,
            log_size=args.log_size,
        )
    except ValueError as exc:
        parser.error(str(exc))
    warning = exposure_warning(args.host)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        try:
            emulator.start()
        except OSError as exc:
            print(f"cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
            return 1
        print(f"Puffle emulator listening on {emulator.url}", flush=True)
        for name, value in emulator.env().items():
            print(f"{name}={value}", flush=True)
        if emulator.rate_limit:
            print(f"rate limit: {emulator.rate_limit} requests per minute per key", flush=True)
        if emulator.demo_campaign_id:
            print(f"demo campaign: {emulator.demo_campaign_id}", flush=True)
            for state, session_id in emulator.demo_session_ids.items():
                print(f"demo session {state}: {session_id}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
