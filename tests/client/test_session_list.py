"""`client.sessions.list` gives a `SessionList`: a plain list of sessions that also shows itself
as the sanitized sessions table, with no `%load_ext` (IPython's own display machinery)."""

from __future__ import annotations

import json
import pickle

from IPython.core.interactiveshell import InteractiveShell

from puffle_widgets import AsyncPuffle, Puffle, SessionList
from puffle_widgets.emulator import Emulator
from puffle_widgets.render import sessions_html


def _two_sessions(client: Puffle, emulator: Emulator) -> str:
    campaign_id, nodes = emulator.new_campaign(nodes=2)
    for node_id, title in zip(nodes, ("Intro", "Follow-up"), strict=True):
        session = client.sessions.create(campaign_id=campaign_id, node_id=node_id)
        emulator.set_session(session.id, title=title)
    return campaign_id


def test_list_is_a_session_list_that_behaves_as_a_list(client: Puffle, emulator: Emulator) -> None:
    sessions = client.sessions.list(_two_sessions(client, emulator))
    assert isinstance(sessions, SessionList)
    assert isinstance(sessions, list)
    assert [s.title for s in sessions] == ["Intro", "Follow-up"]
    assert sessions == list(sessions)
    assert type(sessions[:1]) is list
    copied = pickle.loads(pickle.dumps(sessions))
    assert type(copied) is SessionList and copied == sessions
    assert json.loads(json.dumps([s.id for s in sessions])) == [s.id for s in sessions]


async def test_async_list_is_a_session_list(aclient: AsyncPuffle, emulator: Emulator) -> None:
    campaign_id, _ = emulator.new_campaign(nodes=1)
    sessions = await aclient.sessions.list(campaign_id)
    assert isinstance(sessions, SessionList)
    assert sessions == []


def test_ipython_without_the_extension_shows_the_table(client: Puffle, emulator: Emulator) -> None:
    """No `%load_ext`: IPython finds `_repr_html_` itself; the plain text stays a list."""
    sessions = client.sessions.list(_two_sessions(client, emulator))
    shell = InteractiveShell.instance()
    try:
        data, _ = shell.display_formatter.format(sessions)
    finally:
        InteractiveShell.clear_instance()
    assert data["text/html"] == sessions_html(sessions)
    assert 'data-puffle-count="2"' in data["text/html"]
    assert data["text/plain"].startswith("[Session(id=")
    assert "Intro" in data["text/markdown"]
