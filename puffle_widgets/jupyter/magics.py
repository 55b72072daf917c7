"""`%puffle`, `%%puffle_turn` and `%puffle_emulator`: one-line usage errors, never tracebacks."""

from __future__ import annotations

import argparse
import os
import shlex
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, line_magic, magics_class

from puffle_widgets.errors import PuffleError
from puffle_widgets.jupyter.formatters import mark_shown_live
from puffle_widgets.models import Session, check_uuid

T = TypeVar("T")


class _Parser(argparse.ArgumentParser):
    """argparse that reports problems as one-line UsageErrors instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}. Usage: {self.format_usage().strip().removeprefix('usage: ')}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise UsageError(message or self.format_usage().strip())


def _parser(prog: str, description: str) -> _Parser:
    return _Parser(prog=prog, description=description, add_help=False, allow_abbrev=False)


PUFFLE = _parser("%puffle", "Show a session, or a campaign's sessions.")
PUFFLE.add_argument("session_id", nargs="?")
PUFFLE.add_argument("--campaign", metavar="CAMPAIGN_ID")
PUFFLE.add_argument("--vars", metavar="NAME,NAME")
PUFFLE.add_argument("--leads", metavar="VARIABLE")

TURN = _parser("%%puffle_turn", "Send the cell as the next message and wait for the reply.")
TURN.add_argument("session_id")
TURN.add_argument("--vars", metavar="NAME,NAME")
TURN.add_argument("--leads", metavar="VARIABLE")
TURN.add_argument("--no-wait", action="store_true")
TURN.add_argument("--timeout", type=float, default=300.0)

EMULATOR = _parser("%puffle_emulator", "Start the local Puffle emulator in this kernel.")
EMULATOR.add_argument("--auto", action="store_true", help="only when PUFFLE_API_KEY is unset")
EMULATOR.add_argument("--latency", type=float, default=1.0)
EMULATOR.add_argument("--port", type=int, default=0)
EMULATOR.add_argument("--no-demo", action="store_true")


def _args(parser: _Parser, line: str) -> argparse.Namespace:
    try:
        words = shlex.split(line)
    except ValueError as exc:
        raise UsageError(f"{parser.prog}: {exc}") from None
    return parser.parse_args(words)


def _checked(what: str, value: str) -> str:
    try:
        return check_uuid(value, what)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _api(action: Callable[[], T]) -> T:
    """Run `action`, turning API and input errors into one-line usage errors."""
    try:
        return action()
    except (PuffleError, ValueError, TypeError) as exc:
        raise UsageError(str(exc)) from None


@magics_class
class PuffleMagics(Magics):
    """The magics of `%load_ext puffle_widgets`."""

    def _context(self, args: argparse.Namespace) -> dict[str, Any]:
        context: dict[str, Any] = {}
        if args.vars:
            context["available_var_names"] = [v.strip() for v in args.vars.split(",") if v.strip()]
        if args.leads:
            namespace = self.shell.user_ns if self.shell is not None else {}
            if args.leads not in namespace:
                raise UsageError(f"--leads {args.leads}: no variable of that name in the notebook.")
            context["sample_leads"] = namespace[args.leads]
        return context

    @line_magic
    def puffle(self, line: str) -> None:
        """%puffle SESSION_ID [--vars a,b] [--leads VAR] | %puffle --campaign CAMPAIGN_ID"""
        from puffle_widgets.widgets import CampaignWidget, SessionWidget

        args = _args(PUFFLE, line)
        if (args.session_id is None) == (args.campaign is None):
            PUFFLE.error("give a session id, or --campaign CAMPAIGN_ID")
        context = self._context(args)
        if args.campaign is not None:
            campaign_id = _checked("campaign_id", args.campaign)
            widget: Any = _api(lambda: CampaignWidget(campaign_id, **context))
        else:
            session_id = _checked("session id", args.session_id)
            widget = _api(lambda: SessionWidget(session_id, **context))
        widget._ipython_display_()

    @cell_magic
    def puffle_turn(self, line: str, cell: str) -> Session | None:
        """%%puffle_turn SESSION_ID [--vars a,b] [--leads VAR] [--no-wait] [--timeout S]"""
        from puffle_widgets.widgets import SessionWidget

        args = _args(TURN, line)
        session_id = _checked("session id", args.session_id)
        message = cell.strip()
        if not message:
            raise UsageError("%%puffle_turn: the cell is empty; write the message below the line.")
        widget = _api(lambda: SessionWidget(session_id, **self._context(args)))
        widget._ipython_display_()
        _api(lambda: widget.send(message))
        if args.no_wait:
            return None
        session = _api(lambda: widget.wait_sync(timeout=args.timeout))
        if getattr(self.shell, "kernel", None) is not None:
            mark_shown_live(session)  # the live widget above already shows it
        return session

    @line_magic
    def puffle_emulator(self, line: str) -> Any:
        """%puffle_emulator [--auto] [--latency S] [--port N] [--no-demo]"""
        from puffle_widgets.jupyter.emulator import running_emulator, start_emulator

        args = _args(EMULATOR, line)
        running = running_emulator()
        ours = running is not None and os.environ.get("PUFFLE_API_KEY") == running.api_key
        if args.auto and os.environ.get("PUFFLE_API_KEY") and not ours:
            print("PUFFLE_API_KEY is set: using the real Puffle API, not the emulator.")
            return None
        return _api(
            lambda: start_emulator(latency=args.latency, port=args.port, demo=not args.no_demo)
        )
