"""Sessions to render: the documented example, a fresh one, a rich one, and an XSS-laden one."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from puffle_widgets.models import Session

FIXTURES = Path(__file__).parent.parent / "fixtures"

XSS_MARKDOWN = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[y](JaVaScRiPt:alert(2))",
    "[z](java&#x09;script:alert(3))",
    '<a href="javascript:alert(4)">a</a>',
    "<svg onload=alert(5)>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="position:fixed;inset:0">covered</p>',
    "![i](javascript:alert(6))",
    '![pixel](https://evil.example/p.png "t" onerror="alert(7)")',
    "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==)",
    "<javascript:alert(9)>",
    '[t](https://ok.example "x\\" onmouseover=\\"alert(10)")',
]
# Pieces that random tests glue together: markup, fence and link syntax, and payloads.
FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=1>", "`", "```",
    "~~~", "\n", "\n\n", "> ", "- ", "    ", "| a | b |\n|---|---|\n", "[x](", "](",
    "javascript:alert(1)", ")", "]", "![", "<", "\\", "&#", "<!--", "<https://a.b>", "]: ",
    "<javascript:x>", "text ", "<details open ontoggle=alert(1)>", "&#x6A;avascript:",
]  # fmt: skip
XSS_TEXT = '<script>alert("t")</script><img src=x onerror=alert(1)>" onmouseover="alert(2)'


def documented() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "get_session_example.json").read_text())
    return copy.deepcopy(data["session"])


def rich_payload() -> dict[str, Any]:
    body = documented()
    body.update(
        title="Intro email to VPs of Sales",
        task_status=None,
        framework_version=3,
        messages=[
            {"role": "user", "content": "Write an intro email for **enterprise** VPs of Sales."},
            {
                "role": "assistant",
                "content": (
                    "Here's a skeleton:\n\n"
                    "1. **Hook** — a pattern-interrupt question\n"
                    "2. *Value prop* — `15 min` to outbound ROI\n"
                    "3. CTA\n\n"
                    "See [our playbook](https://example.com/playbook).\n\n"
                    "```text\nSubject: Quick question about %company%\n```"
                ),
            },
            {"role": "user", "content": "Make the CTA softer.\n\n> keep it under 90 words"},
            {"role": "system", "content": "Skeleton updated to v3."},
        ],
        draft_subject="Quick question about %company%",
        draft_body=(
            "Hi %first_name%,\n\nMost heads of sales at {{company}} burn hours on manual "
            "follow-ups.\n\nWorth a 10-min chat?\n\n%sender_first%"
        ),
        skeleton={
            "hook": "pattern-interrupt question",
            "value_prop": "15 min to outbound ROI",
            "cta": "Soft ask for a 10-minute chat",
            "subject": "Quick thought on %company%'s onboarding",
            "body": "Hi %first_name%,\n\n&&2-sentence pain hook tied to %position%.&&\n\nWorth it?",
            "blocks": [
                {
                    "name": "Opener",
                    "strategy": "Reference their role and company",
                    "personalization": {
                        "fields": ["first_name", "position", "company"],
                        "approach": "Single-line, no flattery",
                        "fallback": "Generic intro tied to role",
                    },
                },
                {"name": "Proof", "strategy": "One customer number", "weight": 2},
            ],
            "exampleSubject": "Quick thought on Acme's onboarding",
            "exampleBody": "Hi Sarah,\n\nMost heads of ops we talk to burn 6+ hours/week.",
            "tone": {"formality": "casual"},
        },
        skeleton_history=[
            {"version": 1, "skeleton": {"hook": "question"}, "at": "2026-04-22T10:01:00Z"},
            {"version": 2, "skeleton": {"hook": "stat"}, "at": "2026-04-22T10:03:00Z"},
        ],
        draft_history=[
            {
                "version": 1,
                "subject": "Hello {{first_name}}",
                "body": "Hi {{first_name}}, first try.",
                "at": "2026-04-22T10:02:00Z",
            }
        ],
        generated_examples=[
            {
                "lead_id": "lead-1",
                "subject": "Quick question about Acme",
                "body": "Hi Sarah,\n\nMost heads of sales at Acme...",
                "first_name": "Sarah",
            },
            {"lead_id": "lead-2", "subject": "Quick question about Globex", "body": "Hi Tom,"},
        ],
    )
    return body


def fresh_payload() -> dict[str, Any]:
    body = documented()
    for key in (
        "title",
        "messages",
        "draft_subject",
        "draft_body",
        "skeleton",
        "skeleton_history",
        "draft_history",
        "framework_version",
        "generated_examples",
        "task_status",
    ):
        body[key] = None
    return body


def xss_payload() -> dict[str, Any]:
    body = rich_payload()
    body["id"] = XSS_TEXT
    body["campaign_id"] = XSS_TEXT
    body["title"] = XSS_TEXT
    body["task_status"] = XSS_TEXT
    body["messages"] = [{"role": "assistant", "content": payload} for payload in XSS_MARKDOWN] + [
        {"role": XSS_TEXT, "content": "\n\n".join(XSS_MARKDOWN)},
    ]
    body["draft_subject"] = XSS_TEXT + " %company%"
    body["draft_body"] = XSS_TEXT + "\n{{first_name}}\n&&" + XSS_TEXT + "&&"
    body["skeleton"] = {
        "hook": XSS_TEXT,
        "body": XSS_TEXT,
        "blocks": [
            {
                "name": XSS_TEXT,
                "strategy": XSS_TEXT,
                "personalization": {"fields": [XSS_TEXT], "approach": XSS_TEXT},
            },
            XSS_TEXT,
        ],
        XSS_TEXT: XSS_TEXT,
    }
    body["skeleton_history"] = [{"version": XSS_TEXT, "at": XSS_TEXT, "skeleton": {XSS_TEXT: 1}}]
    body["draft_history"] = [{"subject": XSS_TEXT, "body": XSS_TEXT}, {"subject": {XSS_TEXT: 1}}]
    body["generated_examples"] = [
        {"lead_id": XSS_TEXT, "subject": XSS_TEXT, "body": XSS_TEXT, XSS_TEXT: XSS_TEXT}
    ]
    return body


@pytest.fixture
def example_session() -> Session:
    return Session.model_validate(documented())


@pytest.fixture
def rich_session() -> Session:
    return Session.model_validate(rich_payload())


@pytest.fixture
def fresh_session() -> Session:
    return Session.model_validate(fresh_payload())


@pytest.fixture
def xss_session() -> Session:
    return Session.model_validate(xss_payload())
