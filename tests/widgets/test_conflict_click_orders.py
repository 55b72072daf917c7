"""Keep mine / Take server's settle a conflict whatever order the browser's messages, the poll
answers and the kernel's state updates come in (issue 15).

Each scenario plays the issue's steps as comm messages: the body is edited while a turn rewrites
it, the turn's answer arrives, the user clicks. What varies is the order: the debounced edit
before or after the turn's answer, an edit flushed by the click, a poll answer between, typing
after the click (with the base the browser records, or an older one), a second click. A
`FrontEnd` folds what the kernel sends, so the tests also check what the browser ends up showing.
The race that left the card up in the issue itself is in test_state_re_send.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

import pytest

from puffle_widgets import Puffle, SessionWidget
from puffle_widgets.emulator import Emulator
from puffle_widgets.widgets.session.traits import STATE_KEYS
from tests.widgets.conftest import RecordingComm, browser_message, drain, finished, make

Keep = Literal["mine", "server"]
TYPED = "Hi %first_name%, typed while the turn ran."
MORE = TYPED + " And a few more words."


class FrontEnd(RecordingComm):
    """The comm, and the state the browser holds after applying every update in order."""

    def __init__(self, widget: SessionWidget) -> None:
        super().__init__()
        self.state = {key: getattr(widget, key) for key in STATE_KEYS}

    def send(self, data: dict[str, Any], buffers: Any = None, **_: Any) -> None:
        super().send(data, buffers)
        if data.get("method") == "update":
            self.state.update(data["state"])


@dataclass
class Play:
    """One scenario: a widget on a drafted session, and the browser's side of the issue."""

    widget: SessionWidget
    front: FrontEnd
    other: Puffle
    old_body: str
    new_body: str = ""
    shown: Any = None

    def edit(self, value: str, base: str | None) -> None:
        msg = {"type": "edit", "field": "draft_body", "value": value, "base": base}
        browser_message(self.widget, msg)

    def click(self, keep: Keep) -> None:
        """What the card's button sends: the choice and the server value it showed."""
        assert "draft_body" in self.front.state["conflict"] or self.shown is not None, "no card"
        # A second click lands on the same card, before the kernel's answer redraws it.
        self.shown = self.front.state["conflict"].get("draft_body", self.shown)
        shown = self.shown
        msg = {"type": "resolve_conflict", "field": "draft_body", "keep": keep, "server": shown}
        browser_message(self.widget, msg)

    async def turn(self) -> None:
        """A turn that rewrites the body; its answer arrives through the poller."""
        self.widget.send("Make it about onboarding instead")
        self.new_body = (await self.widget.wait()).draft_body or ""
        assert self.new_body != self.old_body

    def poll_answer(self) -> None:
        """A newer snapshot with the same body (someone renamed the session)."""
        self.other.sessions.update(self.widget.session_id, title="Renamed meanwhile")
        self.widget.refresh(wait=True)


Step = Callable[[Play, Keep], Awaitable[None]]


async def edit_typed(p: Play, keep: Keep) -> None:
    p.edit(TYPED, p.old_body)
    await drain()


async def turn_answer(p: Play, keep: Keep) -> None:
    await p.turn()


async def edit_flushed_by_the_click(p: Play, keep: Keep) -> None:
    # Keep mine sends the pending keystrokes first, still on the old base.
    p.edit(MORE, p.old_body)


async def click(p: Play, keep: Keep) -> None:
    p.click(keep)
    await drain()


async def poll_answer(p: Play, keep: Keep) -> None:
    p.poll_answer()


async def typed_after_the_click(p: Play, keep: Keep) -> None:
    p.edit(MORE, p.new_body)  # the browser's base after either choice is the server's value
    await drain()


async def stale_base_after_the_click(p: Play, keep: Keep) -> None:
    p.edit(MORE, p.old_body)  # a view that had not heard back yet
    await drain()


ORDERS: dict[str, list[Step]] = {
    "edit, answer, click": [edit_typed, turn_answer, click],
    "answer, edit typed before it, click": [turn_answer, edit_typed, click],
    "edit, answer, edit flushed by the click, click": [
        edit_typed,
        turn_answer,
        edit_flushed_by_the_click,
        click,
    ],
    "edit, answer, poll answer, click": [edit_typed, turn_answer, poll_answer, click],
    "answer, edit typed before it, poll answer, click": [
        turn_answer,
        edit_typed,
        poll_answer,
        click,
    ],
    "edit, answer, click, poll answer": [edit_typed, turn_answer, click, poll_answer],
    "edit, answer, click, typing": [edit_typed, turn_answer, click, typed_after_the_click],
    "edit, answer, click, stale-base edit": [
        edit_typed,
        turn_answer,
        click,
        stale_base_after_the_click,
    ],
    "answer, edit, click, poll answer, stale-base edit": [
        turn_answer,
        edit_typed,
        click,
        poll_answer,
        stale_base_after_the_click,
    ],
    "edit, answer, click twice": [edit_typed, turn_answer, click, click],
}


@pytest.fixture
async def play(
    widgets: list[SessionWidget], client: Puffle, other_client: Puffle, drafted_id: str
) -> Play:
    w = make(widgets, drafted_id, client)
    front = FrontEnd(w)
    w.comm = front
    return Play(w, front, other_client, w.draft_body or "")


def expected_body(p: Play, keep: Keep, steps: list[Step]) -> str:
    typed_after = {typed_after_the_click, stale_base_after_the_click} & set(steps)
    if typed_after:
        return MORE
    if keep == "server":
        return p.new_body
    return MORE if edit_flushed_by_the_click in steps else TYPED


CASES = [
    (order, keep)
    for order, steps in ORDERS.items()
    for keep in ("mine", "server")
    # See test_after_take_server_an_edit_on_the_old_base_is_flagged_again.
    if not (keep == "server" and stale_base_after_the_click in steps)
]


@pytest.mark.parametrize(("order", "keep"), CASES)
async def test_a_click_settles_the_conflict_in_any_order(
    play: Play, emulator: Emulator, order: str, keep: Keep
) -> None:
    steps = ORDERS[order]
    for step in steps:
        await step(play, keep)
    await finished(play.widget)
    w, body = play.widget, expected_body(play, keep, steps)
    assert w.conflict == {}
    assert play.front.state["conflict"] == {}  # the card is gone in the browser too
    assert w.baseline["draft_body"] == play.new_body
    assert play.front.state["baseline"] == w.baseline
    assert w.draft_body == body
    if body == play.new_body:
        assert w.dirty == {}
        return
    assert w.dirty == {"draft_body": body}
    w.save(wait=True)
    assert emulator.get_session(w.session_id)["draft_body"] == body


async def test_after_take_server_an_edit_on_the_old_base_is_flagged_again(play: Play) -> None:
    """After Take server's the kernel's copy is clean at the server's value, exactly as when it
    followed the server before an edit typed on the old value arrived: an edit naming the old
    base cannot be told from that, so it is shown as a conflict, never saved over the server's
    text unseen. The browser does not send one: after the click its edits name the server's
    value (js/src/session/conflict.test.ts)."""
    await edit_typed(play, "server")
    await play.turn()
    play.click("server")
    await drain()
    assert play.widget.conflict == {}
    await stale_base_after_the_click(play, "server")
    assert play.widget.conflict == {"draft_body": play.new_body}
    assert play.front.state["conflict"] == {"draft_body": play.new_body}
    assert play.widget.baseline["draft_body"] == play.old_body


@pytest.mark.parametrize("keep", ["mine", "server"])
async def test_a_click_settles_what_the_card_showed_not_a_newer_change(
    play: Play, emulator: Emulator, keep: Keep
) -> None:
    """The server moved again after the card was drawn: Keep mine settles the version the user
    saw and shows the newer one; Take server's takes the newest."""
    await edit_typed(play, keep)
    await play.turn()
    shown = play.front.state["conflict"]["draft_body"]
    play.other.sessions.update(play.widget.session_id, draft_body="Newer, from someone else.")
    play.widget.refresh(wait=True)
    msg = {"type": "resolve_conflict", "field": "draft_body", "keep": keep, "server": shown}
    browser_message(play.widget, msg)
    await drain()
    w = play.widget
    if keep == "mine":
        assert w.conflict == {"draft_body": "Newer, from someone else."}
        assert w.baseline["draft_body"] == shown
        assert w.draft_body == TYPED
    else:
        assert w.conflict == {}
        assert w.draft_body == w.baseline["draft_body"] == "Newer, from someone else."
    assert play.front.state["conflict"] == w.conflict


async def test_a_resolve_without_the_shown_value_still_works(play: Play) -> None:
    """An older front end (or a hand-written message) names only the field and the choice."""
    await edit_typed(play, "mine")
    await play.turn()
    browser_message(
        play.widget, {"type": "resolve_conflict", "field": "draft_body", "keep": "mine"}
    )
    await drain()
    assert play.widget.conflict == {}
    assert play.widget.baseline["draft_body"] == play.new_body


async def test_a_click_on_a_settled_conflict_re_sends_the_kernel_state(play: Play) -> None:
    """If the browser still shows a card the kernel has settled, the click clears it."""
    await edit_typed(play, "mine")
    await play.turn()
    play.click("mine")
    await drain()
    stale = dict(play.front.state)
    play.front.state = {**stale, "conflict": {"draft_body": play.new_body}}
    play.click("mine")
    await drain()
    assert play.front.state["conflict"] == {}
    assert play.front.state["baseline"] == play.widget.baseline
