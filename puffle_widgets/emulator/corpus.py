"""Unique, realistic-length texts for benchmark sessions, from a seeded random generator.

A long session in a benchmark must cost what a real one costs: every message different (so no
cache or compression flatters it) and about as long as people and the LLM write them.
"""

from __future__ import annotations

import random
from typing import Final

AUDIENCES: Final = (
    "VPs of Sales at mid-market SaaS",
    "heads of RevOps",
    "CFOs at Series B startups",
    "founders of seed-stage fintechs",
    "marketing directors in e-commerce",
    "sales managers running SDR teams",
    "heads of customer success",
    "CTOs at logistics companies",
    "HR leaders at fast-growing agencies",
    "procurement managers in manufacturing",
)
ANGLES: Final = (
    "time-to-ROI",
    "onboarding speed",
    "SOC 2 compliance",
    "transparent pricing",
    "pipeline coverage",
    "forecast accuracy",
    "rep ramp time",
    "churn in the first 90 days",
    "the Salesforce integration",
    "cash visibility",
    "fewer manual handoffs",
    "the free pilot",
)
CUSTOMERS: Final = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Logistics")
RESULTS: Final = (
    "cut sales ramp time in half",
    "doubled reply rates in six weeks",
    "saved 11 hours a week per rep",
    "grew pipeline 38% in one quarter",
    "reduced churn by a third",
)
ASKS: Final = (
    "Make it shorter",
    "Make the opening less salesy",
    "Try a friendlier tone",
    "Make it more formal",
    "End with a question instead of a meeting ask",
    "Lead with {angle}",
    "Mention {angle} too",
    "Add {customer}'s result: they {result}",
    "Rewrite it for {audience}",
    "Drop the second paragraph",
    "Put the call to action in the first two lines",
    "Add a one-line P.S. about {angle}",
)
REASONS: Final = (
    "our last send to this segment got a 2% reply rate",
    "the team lead thinks it reads like a template",
    "legal asked us to avoid superlatives",
    "we are sending this the week before the conference",
    "half of this list already saw the webinar",
    "the CEO wants to sign it personally",
    "our SDRs will send it from their own inboxes",
    "it goes out on Monday morning",
)
FIRST_NAMES: Final = ("Sarah", "Marco", "Priya", "Tom", "Aisha", "Jonas", "Mei", "Diego", "Lena")
LAST_NAMES: Final = ("Lee", "Rossi", "Patel", "Baker", "Okafor", "Berg", "Chen", "Ruiz", "Novak")
POSITIONS: Final = ("VP of Sales", "Head of RevOps", "CRO", "CFO", "Sales Director", "COO")


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        angle=rng.choice(ANGLES),
        customer=rng.choice(CUSTOMERS),
        result=rng.choice(RESULTS),
        audience=rng.choice(AUDIENCES),
    )


class Corpus:
    """Hands out texts that never repeat, deterministically from `seed`."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self._seen: set[str] = set()

    def _unique(self, text: str, tag: str) -> str:
        candidate, round_ = text, 1
        while candidate in self._seen:
            round_ += 1
            candidate = f"{text} ({tag} {round_})"
        self._seen.add(candidate)
        return candidate

    def user_message(self) -> str:
        """A request to the framework LLM, one to three sentences (about 60-260 characters)."""
        rng = self._rng
        text = f"{_fill(rng.choice(ASKS), rng)}, since {rng.choice(REASONS)}."
        if rng.random() < 0.5:
            text += f" Keep %first_name% in the greeting and {_fill('{angle}', rng)} in view."
        if rng.random() < 0.3:
            text += f" This one is for {rng.choice(AUDIENCES)}."
        return self._unique(text, "take")

    def email(self) -> tuple[str, str]:
        """A subject and body template with `%var%` placeholders (about 400-900 characters)."""
        rng = self._rng
        angle, audience = rng.choice(ANGLES), rng.choice(AUDIENCES)
        customer, result = rng.choice(CUSTOMERS), rng.choice(RESULTS)
        subject = rng.choice(
            (
                f"{angle[:1].upper()}{angle[1:]} at %company%",
                f"Quick question about {angle} at %company%",
                f"How {customer} {result}",
                f"Re: {angle} at %company%",
            )
        )
        paragraphs = [
            rng.choice(("Hi %first_name%,", "Hey %first_name%,", "Dear %first_name%,")),
            f"When I talk to {audience}, {angle} comes up in almost every conversation.",
            f"{customer} {result}, and I thought the story might help %company%.",
            "As %position%, you'd feel the difference in fewer fire drills at quarter end.",
            rng.choice(
                (
                    "Worth a quick chat next week?",
                    "Is this on your radar this quarter?",
                    "Open to a 15-minute call next week?",
                )
            ),
            rng.choice(("Best,", "Cheers,", "Thanks,")) + "\n" + rng.choice(FIRST_NAMES),
        ]
        if rng.random() < 0.5:
            paragraphs.insert(3, f"It also helps with {rng.choice(ANGLES)}.")
        return self._unique(subject, "v"), "\n\n".join(paragraphs)

    def assistant_message(self, version: int) -> str:
        """An LLM reply describing a revision (about 250-600 characters)."""
        rng = self._rng
        subject, _ = self.email()
        changes = rng.sample(
            (
                f"It now leads with **{rng.choice(ANGLES)}**.",
                f"Made the body shorter: {rng.randint(90, 140)} → {rng.randint(50, 89)} words.",
                f"It is now written for **{rng.choice(AUDIENCES)}**.",
                "It now ends with a question: “Is this on your radar this quarter?”",
                f"Added {rng.choice(CUSTOMERS)}'s result as proof.",
                "The tone is now friendly: it opens “Hey %first_name%,” and signs off “Cheers,”.",
            ),
            k=rng.randint(1, 3),
        )
        bullets = "\n".join(f"- {line}" for line in [f"New subject: “{subject}”", *changes])
        text = f"Updated the draft (framework **v{version}**):\n\n{bullets}"
        return self._unique(text, "revision")

    def lead(self, index: int) -> dict[str, str]:
        """A sample lead's fields; `index` makes its LinkedIn URL (and so its lead id) unique."""
        rng = self._rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        return {
            "first_name": first,
            "last_name": last,
            "company": f"{rng.choice(CUSTOMERS)} {rng.choice(('Labs', 'Group', 'Inc', 'Co'))}",
            "position": rng.choice(POSITIONS),
            "linkedin_url": f"https://www.linkedin.com/in/{first}-{last}-{index}".lower(),
        }
