"""`python -m puffle_widgets.emulator`: serve the emulator until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from puffle_widgets.emulator.emulator import Emulator


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
    return parser


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Parse `argv`, serve, print how to connect, and wait for Ctrl-C or SIGTERM."""
    args = _parser().parse_args(argv)
    emulator = Emulator(
        db=args.db,
        latency=args.latency,
        api_key=args.api_key,
        port=args.port,
        host=args.host,
        demo=args.demo,
    )
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
