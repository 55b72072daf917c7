"""The browser's side of the soak, on a thread of its own: in a kernel, comm messages may be
handled off the loop's thread, and a user clicks while cells run. Only messages that never
throw an edit away are sent from here (driver.py sends those, in order with the edits)."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Callable

from tests.soak.driver import Soak, browser_message

Click = Callable[[Soak, random.Random], None]
QUEUED = ("save", "generate_examples")  # clicks that put an action in the widget's queue


def _send(soak: Soak, rng: random.Random) -> None:
    index = rng.randrange(len(soak.widgets))
    w = soak.widgets[index]
    if soak.crowded(w, message=True):
        return
    entry_id = uuid.uuid4().hex
    ask = rng.choice(["Shorter please", "Mention %company%", "More concrete"])
    text = f"{ask} (soak #{soak.number()})"
    soak.record_send(index, entry_id, text, "browser")
    browser_message(w, {"type": "send", "message": text, "id": entry_id})


def _simple(kind: str) -> Click:
    def click(soak: Soak, rng: random.Random) -> None:
        w = rng.choice(soak.widgets)
        if kind in QUEUED and soak.crowded(w, message=False):
            return
        browser_message(w, {"type": kind})

    click.__name__ = f"_{kind}"
    return click


def _retry(soak: Soak, rng: random.Random) -> None:
    w = rng.choice(soak.widgets)
    failed = [e["id"] for e in w.outbox if e["state"] == "failed"]
    if failed:
        browser_message(w, {"type": "retry", "id": rng.choice(failed)})


def _visibility(soak: Soak, rng: random.Random) -> None:
    index = rng.randrange(len(soak.widgets))
    visible = rng.random() < 0.8
    browser_message(
        soak.widgets[index], {"type": "visibility", "view": f"view-{index}", "visible": visible}
    )


def _ping(soak: Soak, rng: random.Random) -> None:
    browser_message(rng.choice(soak.widgets), {"type": "ping", "nonce": uuid.uuid4().hex})


def _resync(soak: Soak, rng: random.Random) -> None:
    w = rng.choice(soak.widgets)
    browser_message(w, {"type": "resync", "rev": w.rev if rng.random() < 0.8 else -1})


CLICKS: dict[Click, float] = {
    _send: 4,
    _simple("save"): 3,
    _simple("refresh"): 2,
    _simple("generate_examples"): 1,
    _simple("retry_now"): 1,
    _simple("dismiss"): 1,
    _retry: 2,
    _visibility: 2,
    _ping: 1,
    _resync: 0.5,
}


class Browser(threading.Thread):
    """Clicks at random until stopped; what it did is counted in the soak's `ops`."""

    def __init__(self, soak: Soak, seed: int) -> None:
        super().__init__(name="soak-browser", daemon=True)
        self._soak = soak
        self._rng = random.Random(seed)
        self._halt = threading.Event()

    def run(self) -> None:
        """Click until `stop()`."""
        clicks, weights = list(CLICKS), list(CLICKS.values())
        while not self._halt.wait(self._rng.uniform(0.0, 0.08)):
            click = self._rng.choices(clicks, weights)[0]
            name = f"browser{click.__name__}" if click.__name__.startswith("_") else click.__name__
            with self._soak.lock:
                self._soak.ops[name] += 1
            try:
                click(self._soak, self._rng)
            except Exception as exc:
                self._soak.unexpected(name, exc)

    def stop(self) -> None:
        """Stop clicking and wait for the thread."""
        self._halt.set()
        self.join()
