"""The simulated LLM writes what a person could send, and its replies claim only what it did."""

from __future__ import annotations

import re
from typing import Any

import httpx

from puffle_widgets.emulator import Emulator
from puffle_widgets.emulator.brief import read_brief
from puffle_widgets.emulator.replies import Revision, revision_reply
from tests.emulator.helpers import LEADS, SESSIONS, VARIABLES, chat, client_for, create

OPENING = "Write an intro email for enterprise VPs of Sales, emphasizing time-to-ROI"
SENDER = "It's from Sid, our CEO. Keep it friendly."
# Wordings the old templates produced that no person would send.
ODD = ("harder than it should be", "Most your", "Most the", "I talk to say", "but do after")


def _drafted(emulator: Emulator, client: httpx.Client) -> str:
    campaign_id, node_ids = emulator.new_campaign(nodes=1)
    session_id = str(create(client, campaign_id, node_ids[0])["id"])
    chat(emulator, client, session_id, OPENING, SENDER, availableVarNames=VARIABLES)
    return session_id


def _last_reply(session: dict[str, Any]) -> str:
    return str(session["messages"][-1]["content"])


def test_a_shorter_draft_says_only_that(emulator: Emulator, client: httpx.Client) -> None:
    session_id = _drafted(emulator, client)
    before = emulator.get_session(session_id)
    after = chat(emulator, client, session_id, "Make it shorter", availableVarNames=VARIABLES)
    reply = _last_reply(after)
    assert after["draft_subject"] == before["draft_subject"]
    assert len(after["draft_body"].split()) < len(before["draft_body"].split())
    assert "Made the body shorter" in reply
    assert "The subject is unchanged." in reply
    assert "New subject" not in reply
    assert "tone" not in reply
    assert after["framework_version"] == before["framework_version"] + 1


def test_a_reply_lists_a_subject_change_and_an_unchanged_body() -> None:
    before = read_brief([OPENING], VARIABLES, None)
    old = {"draft_subject": "Old subject", "draft_body": "Same body"}
    new = {"draft_subject": "New one at %company%", "draft_body": "Same body"}
    reply = revision_reply(Revision(before, before, old, new, ()), 3)
    assert reply.splitlines()[2] == "- New subject: “New one at %company%”"
    assert "The body is unchanged." in reply
    assert "shorter" not in reply
    assert "**v3**" in reply


def test_a_turn_that_changes_nothing_says_so_and_bumps_nothing(
    emulator: Emulator, client: httpx.Client
) -> None:
    session_id = _drafted(emulator, client)
    before = emulator.get_session(session_id)
    after = chat(emulator, client, session_id, "Thanks!", availableVarNames=VARIABLES)
    for field in ("draft_subject", "draft_body", "skeleton", "framework_version"):
        assert after[field] == before[field]
    assert (after["draft_history"], after["skeleton_history"]) == (
        before["draft_history"],
        before["skeleton_history"],
    )
    assert "left the draft as it is" in _last_reply(after)
    assert f"v{before['framework_version']}" in _last_reply(after)


def test_hand_edits_survive_a_turn_that_does_not_touch_them(
    emulator: Emulator, client: httpx.Client
) -> None:
    session_id = _drafted(emulator, client)
    mine = "Sid here: a quick thought on %company%"
    assert client.patch(f"{SESSIONS}/{session_id}", json={"draft_subject": mine}).is_success
    after = chat(emulator, client, session_id, "Make it shorter", availableVarNames=VARIABLES)
    assert after["draft_subject"] == mine
    assert "The subject is unchanged." in _last_reply(after)
    assert after["skeleton"]["subject"] == mine


def test_a_turn_that_replaces_a_hand_edit_says_so_and_keeps_it_in_history(
    emulator: Emulator, client: httpx.Client
) -> None:
    session_id = _drafted(emulator, client)
    mine = "Sid here: a quick thought on %company%"
    client.patch(f"{SESSIONS}/{session_id}", json={"draft_subject": mine})
    after = chat(emulator, client, session_id, "Make it formal", availableVarNames=VARIABLES)
    reply = _last_reply(after)
    assert after["draft_subject"] != mine
    assert "replaced your own edits to the subject" in reply
    assert "body" not in reply.split("replaced your own edits")[1]
    assert after["draft_history"][-1]["subject"] == mine
    assert after["draft_history"][-1]["version"] == after["framework_version"] - 1


def test_histories_grow_only_for_the_parts_that_changed(
    emulator: Emulator, client: httpx.Client
) -> None:
    session_id = _drafted(emulator, client)
    before = emulator.get_session(session_id)
    # Another sample lead changes only the framework's example email, not the draft.
    after = chat(
        emulator, client, session_id, "Thanks!", availableVarNames=VARIABLES, sampleLeads=LEADS[1:]
    )
    assert after["framework_version"] == before["framework_version"] + 1
    assert (after["draft_subject"], after["draft_body"]) == (
        before["draft_subject"],
        before["draft_body"],
    )
    assert after["draft_history"] == before["draft_history"]
    assert after["skeleton_history"][-1]["skeleton"] == before["skeleton"]
    assert "Marco" in after["skeleton"]["exampleBody"]
    assert "the draft itself is unchanged" in _last_reply(after)


def test_examples_record_the_framework_version_they_were_made_from(
    emulator: Emulator, client: httpx.Client
) -> None:
    session_id = _drafted(emulator, client)
    url = f"{SESSIONS}/{session_id}/generate-examples"
    assert client.post(url, json={"leads": LEADS}).status_code == 202
    made = emulator.wait_idle(session_id)
    assert made is not None
    assert {e["framework_version"] for e in made["generated_examples"]} == {1}
    later = chat(emulator, client, session_id, "Make it shorter", availableVarNames=VARIABLES)
    assert later["framework_version"] == 2
    assert {e["framework_version"] for e in later["generated_examples"]} == {1}


def _demo_text(emulator: Emulator) -> dict[str, Any]:
    out = {}
    for state, session_id in emulator.demo_session_ids.items():
        session = emulator.wait_idle(session_id)
        assert session is not None
        out[state] = {k: session[k] for k in ("title", "messages", "draft_subject", "draft_body")}
    return out


def test_the_demo_reads_like_real_work() -> None:
    with Emulator(demo=True, latency=0.01) as emulator, Emulator(demo=True, latency=0.01) as two:
        demo = _demo_text(emulator)
        assert demo == _demo_text(two)
    drafts = {state: demo[state] for state in ("drafted", "examples", "busy")}
    assert len({d["draft_subject"] for d in drafts.values()}) == 3
    assert len({d["draft_body"] for d in drafts.values()}) == 3
    for state, session in demo.items():
        texts = [m["content"] for m in session["messages"] or []]
        texts += [session["draft_subject"] or "", session["draft_body"] or ""]
        for text in texts:
            assert not any(odd in text for odd in ODD), (state, text)
            assert not re.search(r"[^\S\n]{2,}| [,.;:!?]", text), (state, text)
            assert not re.search(r"\b(a|an|the) (a|an|the)\b", text), (state, text)
        body = session["draft_body"]
        if body:
            paragraphs = body.split("\n\n")
            assert all(p[:1].isupper() or p.startswith("%") for p in paragraphs), body
            assert set(re.findall(r"%(\w+)%", body)) <= set(VARIABLES)
    assert demo["drafted"]["draft_body"].rstrip().endswith("Sid")
    assert "Northwind cut sales ramp time in half" in demo["examples"]["draft_body"]
    questions = demo["questions"]["messages"][1]["content"]
    assert "prospects who opened the intro but never replied" in questions
    assert "\n1. **" in questions


def test_the_sender_audience_and_proof_come_from_the_chat(
    emulator: Emulator, client: httpx.Client
) -> None:
    campaign_id, node_ids = emulator.new_campaign(nodes=1)
    session_id = str(create(client, campaign_id, node_ids[0])["id"])
    session = chat(
        emulator,
        client,
        session_id,
        "Write a case-study email for heads of RevOps: how Northwind cut ramp time in half",
        "From Maya, our Head of Customer Success.",
        availableVarNames=VARIABLES,
    )
    assert session["draft_subject"] == "How Northwind cut ramp time in half"
    assert "Northwind cut ramp time in half" in session["draft_body"]
    assert session["draft_body"].endswith("Maya")
    assert "heads of RevOps" in _last_reply(session)
    with client_for(emulator) as other:
        again = chat(emulator, other, session_id, "Make it about onboarding instead")
    assert "onboarding" in again["draft_body"]


def test_lead_with_promotes_a_point_already_mentioned(
    emulator: Emulator, client: httpx.Client
) -> None:
    campaign_id, node_ids = emulator.new_campaign(nodes=1)
    session_id = str(create(client, campaign_id, node_ids[0])["id"])
    chat(
        emulator,
        client,
        session_id,
        OPENING,
        "From Sid. Mention how fast onboarding is too.",
        availableVarNames=VARIABLES,
    )
    after = chat(emulator, client, session_id, "Lead with how fast onboarding is")
    assert "fast onboarding" in after["draft_subject"]
    assert "It now leads with **fast onboarding**." in _last_reply(after)
    assert "It also helps with time-to-ROI." in after["draft_body"]


def test_asking_for_shorter_at_the_shortest_says_so(
    emulator: Emulator, client: httpx.Client
) -> None:
    session_id = _drafted(emulator, client)
    for _ in range(2):
        chat(emulator, client, session_id, "Make it shorter", availableVarNames=VARIABLES)
    before = emulator.get_session(session_id)
    after = chat(emulator, client, session_id, "Shorter still", availableVarNames=VARIABLES)
    assert after["framework_version"] == before["framework_version"]
    assert "already as short as I can make it" in _last_reply(after)
