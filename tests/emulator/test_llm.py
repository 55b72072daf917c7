"""The simulated framework LLM: deterministic, and visibly shaped by what is asked."""

from __future__ import annotations

from typing import Any

import httpx

from puffle_widgets.emulator import Emulator
from puffle_widgets.models import find_variables, unknown_variables
from tests.emulator.helpers import LEADS, SESSIONS, VARIABLES, chat, client_for, create

OPENING = "Write an intro email for enterprise VPs of Sales, emphasizing time-to-ROI"
CONTENT = ("title", "messages", "draft_subject", "draft_body", "skeleton", "generated_examples")


def _new(emulator: Emulator, client: httpx.Client) -> str:
    campaign_id, node_ids = emulator.new_campaign(nodes=1)
    return str(create(client, campaign_id, node_ids[0])["id"])


def _draft(emulator: Emulator, client: httpx.Client, *messages: str, **context: Any) -> Any:
    return chat(emulator, client, _new(emulator, client), OPENING, *messages, **context)


def _script(emulator: Emulator) -> dict[str, Any]:
    with client_for(emulator) as client:
        session_id = _new(emulator, client)
        chat(emulator, client, session_id, OPENING, "Keep it friendly", availableVarNames=VARIABLES)
        chat(emulator, client, session_id, "Make it shorter", sampleLeads=LEADS[:1])
        examples = f"{SESSIONS}/{session_id}/generate-examples"
        assert client.post(examples, json={"leads": LEADS}).status_code == 202
        session = emulator.wait_idle(session_id)
    assert session is not None
    return {field: session[field] for field in CONTENT}


def test_same_inputs_give_the_same_drafts_in_two_emulators() -> None:
    with Emulator(latency=0.01) as one, Emulator(latency=0.01) as two:
        assert _script(one) == _script(two)


def test_different_messages_give_different_drafts(emulator: Emulator, client: httpx.Client) -> None:
    soc2 = _draft(emulator, client, "Mention our SOC 2 compliance")
    pricing = _draft(emulator, client, "Focus on transparent pricing")
    assert soc2["draft_body"] != pricing["draft_body"]
    assert "SOC 2 compliance" in soc2["draft_body"]
    assert "SOC 2 compliance" in soc2["messages"][-1]["content"]
    assert "transparent pricing" in pricing["draft_subject"]


def test_shorter_shortens_and_longer_lengthens(emulator: Emulator, client: httpx.Client) -> None:
    session_id = _new(emulator, client)
    base = chat(emulator, client, session_id, OPENING, "Sounds good")
    shorter = chat(emulator, client, session_id, "Make it shorter")
    longer = chat(emulator, client, session_id, "Now make it longer, with more detail")
    assert len(shorter["draft_body"]) < len(base["draft_body"]) < len(longer["draft_body"])
    assert "shorter" in shorter["messages"][-1]["content"]


def test_tone_changes_the_greeting(emulator: Emulator, client: httpx.Client) -> None:
    formal = _draft(emulator, client, "Make it formal")
    friendly = _draft(emulator, client, "Make it friendly")
    assert formal["draft_body"].startswith("Dear ")
    assert friendly["draft_body"].startswith("Hey ")


def test_drafts_use_only_the_available_variables(emulator: Emulator, client: httpx.Client) -> None:
    names = ["first_name", "company_name", "job_title"]
    custom = _draft(emulator, client, "Go on", availableVarNames=names)
    for text in (custom["draft_subject"], custom["draft_body"], custom["skeleton"]["body"]):
        assert unknown_variables(text, names) == []
    assert "%first_name%" in custom["draft_body"]
    assert "%job_title%" in custom["draft_body"]
    default = _draft(emulator, client, "Go on")
    used = {v.name for v in find_variables(default["draft_subject"] + default["draft_body"])}
    assert used == {"first_name", "company"}
    assert all(v.syntax == "percent" for v in find_variables(default["draft_body"]))


def test_replies_are_light_markdown(emulator: Emulator, client: httpx.Client) -> None:
    session = _draft(emulator, client, "Go on")
    question, answer = session["messages"][1]["content"], session["messages"][3]["content"]
    assert "\n1. **" in question
    assert "- **Hook:**" in answer
    assert "**v1**" in answer


def test_a_later_email_in_the_sequence_follows_up(emulator: Emulator, client: httpx.Client) -> None:
    context = {"position": 2, "total_nodes": 3, "prior_nodes": [{}, {}]}
    session = _draft(emulator, client, "Go on", sequenceContext=context)
    assert session["draft_subject"].startswith("Re: ")
    assert "Following up" in session["draft_body"]


def test_the_skeleton_example_uses_the_first_sample_lead(
    emulator: Emulator, client: httpx.Client
) -> None:
    marco = _draft(emulator, client, "Go on", sampleLeads=LEADS[1:], availableVarNames=VARIABLES)
    assert "Marco" in marco["skeleton"]["exampleBody"]
    assert "Globex" in marco["skeleton"]["exampleSubject"]
    assert find_variables(marco["skeleton"]["exampleBody"]) == []


def test_examples_fill_each_leads_values(emulator: Emulator, client: httpx.Client) -> None:
    session_id = _new(emulator, client)
    chat(emulator, client, session_id, OPENING, "Go on", availableVarNames=VARIABLES)
    leads = [*LEADS, {"company": "Nameless Inc"}, dict(LEADS[0])]
    examples_url = f"{SESSIONS}/{session_id}/generate-examples"
    assert client.post(examples_url, json={"leads": leads}).status_code == 202
    session = emulator.wait_idle(session_id)
    assert session is not None
    examples = session["generated_examples"]
    assert [e["lead_name"] for e in examples] == [
        "Sarah Lee",
        "Marco Rossi",
        "Nameless Inc",
        "Sarah Lee",
    ]
    assert "Hi Sarah," in examples[0]["body"]
    assert "Acme" in examples[0]["subject"]
    assert "Hi Marco," in examples[1]["body"]
    assert "CRO" in examples[1]["body"]
    assert "Hi there," in examples[2]["body"]
    assert all(find_variables(e["subject"] + e["body"]) == [] for e in examples)
    ids = [e["lead_id"] for e in examples]
    assert ids[0] == ids[3]
    assert len(set(ids[:3])) == 3
