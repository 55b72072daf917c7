"""Deterministic, unique session content: chat messages, history entries and examples that look
like a real drafting session (markdown, variables, lists), each one different from the others,
so no cache keyed by content can make a long session look cheap."""

from __future__ import annotations

import json
import random
import re
from typing import Any

_WORDS = (
    "pipeline",
    "quarter",
    "revenue",
    "onboarding",
    "churn",
    "renewal",
    "forecast",
    "outreach",
    "cadence",
    "prospect",
    "demo",
    "pricing",
    "trial",
    "integration",
    "workflow",
    "dashboard",
    "headcount",
    "budget",
    "launch",
    "roadmap",
    "enterprise",
    "startup",
    "partner",
    "referral",
    "webinar",
    "playbook",
    "sequence",
    "follow-up",
    "reply",
    "meeting",
    "calendar",
    "intro",
    "value",
    "proposition",
    "pain",
    "point",
    "champion",
    "decision",
    "timeline",
    "security",
    "review",
    "procurement",
    "contract",
    "discount",
    "pilot",
    "rollout",
    "adoption",
    "metric",
    "benchmark",
    "region",
    "territory",
)
_VARS = ("%first_name%", "%company%", "%position%", "%sender_first%")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def message(tag: str, index: int) -> dict[str, Any]:
    """Chat message `index` of session `tag`: about 400 bytes of markdown, unique."""
    rng = random.Random(f"{tag}/{index}")
    role = "user" if index % 2 == 0 else "assistant"
    marker = f"`{tag}-{index}`"
    if role == "user":
        content = (
            f"{_sentence(rng, 12)} Mention {rng.choice(_VARS)} and keep it under "
            f"{rng.randint(60, 180)} words ({marker}). {_sentence(rng, 14)}"
        )
    else:
        content = (
            f"**{_sentence(rng, 4)}** {_sentence(rng, 10)}\n\n"
            f"- {_sentence(rng, 7)}\n- {_sentence(rng, 6)} {rng.choice(_VARS)}\n\n"
            f"{_sentence(rng, 12)} Ref {marker}."
        )
    return {"role": role, "content": content}


def marker(message: dict[str, Any]) -> str:
    """The unique marker text of a message made by `message()` (it shows in the rendered DOM)."""
    found = re.search(r"`([^`]+)`", message["content"])
    if found is None:
        raise ValueError("not a message made by bench.content.message()")
    return found.group(1)


def messages(tag: str, count: int, start: int = 0) -> list[dict[str, Any]]:
    """`count` unique messages of session `tag`, from index `start`."""
    return [message(tag, i) for i in range(start, start + count)]


def json_size(value: Any) -> int:
    """Bytes of `value` as compact UTF-8 JSON (the baseline of what a change must cost)."""
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def _at(index: int) -> str:
    return f"2026-04-{1 + index // 24 % 28:02d}T{index % 24:02d}:00:00.000000Z"


def history(tag: str, count: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """`count` earlier versions: a draft and a skeleton entry each, as the emulator writes them."""
    rng = random.Random(f"{tag}/history")
    drafts, skeletons = [], []
    for version in range(1, count + 1):
        body = "\n\n".join(_sentence(rng, 14) for _ in range(3))
        at = _at(version)
        drafts.append({"version": version, "subject": _sentence(rng, 5), "body": body, "at": at})
        skeleton = {"hook": _sentence(rng, 8), "value_prop": _sentence(rng, 10)}
        skeletons.append({"version": version, "skeleton": skeleton, "at": at})
    return drafts, skeletons


def examples(tag: str, count: int) -> list[dict[str, Any]]:
    """`count` generated examples, one per lead, each unique."""
    rng = random.Random(f"{tag}/examples")
    return [
        {
            "lead_id": f"{tag}-lead-{i}",
            "subject": _sentence(rng, 6),
            "body": "\n\n".join(_sentence(rng, 16) for _ in range(3)),
        }
        for i in range(count)
    ]
