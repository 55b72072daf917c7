"""A large finished session written straight into the store, for benchmarks (`seed_session`)."""

from __future__ import annotations

from typing import Any

from puffle_widgets.emulator.corpus import Corpus
from puffle_widgets.emulator.examples import lead_id
from puffle_widgets.emulator.store import Store
from puffle_widgets.models import SampleLead, fill


def _count(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number >= 0, not {value!r}")
    return value


def _skeleton(subject: str, body: str, lead: dict[str, str]) -> dict[str, Any]:
    return {
        "hook": "Observation from conversations with peers",
        "value_prop": subject,
        "cta": body.split("\n\n")[-2],
        "subject": subject,
        "body": body,
        "blocks": [
            {
                "name": "Opener",
                "strategy": "One line tied to their company",
                "personalization": {
                    "fields": ["first_name", "company"],
                    "approach": "Single line, no flattery",
                    "fallback": "Generic opener tied to their role",
                },
            }
        ],
        "exampleSubject": fill(subject, lead),
        "exampleBody": fill(body, lead),
    }


def write_session(
    store: Store,
    user_id: str,
    campaign_id: str,
    node_id: str,
    *,
    messages: int,
    history: int,
    examples: int,
    seed: int,
) -> str:
    """Create a session of `user_id` with `messages` unique chat messages, `history` earlier
    drafts and skeletons and `examples` examples, all idle; return its id."""
    messages, history = _count("messages", messages), _count("history", history)
    examples = _count("examples", examples)
    corpus = Corpus(seed)
    transcript = []
    for index in range(messages):
        if index % 2 == 0:
            transcript.append({"role": "user", "content": corpus.user_message()})
        else:
            version = 1 + (index // 2) * history // max(1, messages // 2)
            transcript.append({"role": "assistant", "content": corpus.assistant_message(version)})
    sample = SampleLead.model_validate(corpus.lead(0)).variables()
    clock = store.clock
    drafts, frames = [], []
    for version in range(1, history + 1):
        subject, body = corpus.email()
        at = clock.now()
        drafts.append({"version": version, "subject": subject, "body": body, "at": at})
        frames.append({"version": version, "skeleton": _skeleton(subject, body, sample), "at": at})
    subject, body = corpus.email()
    written = []
    for index in range(examples):
        lead = SampleLead.model_validate(corpus.lead(index + 1))
        values = lead.variables()
        written.append(
            {
                "lead_id": lead_id(lead),
                "lead_name": values["full_name"],
                "subject": fill(subject, values),
                "body": fill(body, values),
                "framework_version": history + 1,
            }
        )
    session_id = str(store.create_session(user_id, campaign_id, node_id)["id"])
    first = transcript[0]["content"] if transcript else "Benchmark session"
    store.write(
        session_id,
        {
            "title": " ".join(first.split()[:8]),
            "messages": transcript,
            "draft_subject": subject,
            "draft_body": body,
            "skeleton": _skeleton(subject, body, sample),
            "skeleton_history": frames,
            "draft_history": drafts,
            "framework_version": history + 1,
            "generated_examples": written,
        },
    )
    return session_id
