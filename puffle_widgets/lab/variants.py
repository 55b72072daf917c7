"""What a variant is: a name and the chat messages its own session is sent, in order.

`PromptLab.run` takes variants as a list (named A, B, C...) or a dict of name -> variant. A
variant is either one message or a list of messages:

* a message (str) runs `turns` turns: the message, then `follow_up` for every further turn.
  The framework LLM answers a first turn with questions, so a draft usually needs `turns=2`;
* a list of messages is a scripted conversation: one turn per message, exactly as written, and
  `turns` does not apply to it.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from puffle_widgets.models import check_text_length

# What a str variant sends after its own message; the simulated LLM (and the real one) drafts
# once it has answers, and this tells it to go ahead with what it has.
FOLLOW_UP: Final = "Use your best judgement for anything you asked about, and write the draft."
NAME_LIMIT: Final = 40

VariantInput = str | Sequence[str]
VariantsInput = Sequence[VariantInput] | Mapping[str, VariantInput]


@dataclass(frozen=True)
class Variant:
    """One variant to run: its name and the messages of its turns."""

    name: str
    messages: tuple[str, ...]


def default_name(index: int) -> str:
    """The name of the variant at `index` of a list: A, B, ... Z, then V27, V28..."""
    letters = string.ascii_uppercase
    return letters[index] if index < len(letters) else f"V{index + 1}"


def check_turns(turns: object) -> int:
    """`turns` as a whole number >= 1."""
    if isinstance(turns, bool) or not isinstance(turns, int) or turns < 1:
        raise ValueError(f"turns must be a whole number >= 1, got {turns!r}.")
    return turns


def check_message(message: object, what: str) -> str:
    """A chat message: a non-empty str no longer than the API's limit."""
    if not isinstance(message, str):
        raise TypeError(f"{what} must be a str, got {type(message).__name__}.")
    if not message.strip():
        raise ValueError(f"{what} is empty; give the text to send.")
    return check_text_length(message, what)


def variants_from(variants: object, *, turns: int, follow_up: str) -> list[Variant]:
    """The variants to run, from what `run` was given, each checked; nothing is sent before."""
    turns = check_turns(turns)
    follow_up = check_message(follow_up, "follow_up")
    if isinstance(variants, Mapping):
        items = [(_checked_name(name), value) for name, value in variants.items()]
    elif isinstance(variants, (str, bytes)) or not isinstance(variants, Sequence):
        raise TypeError(
            "run() takes a list of variants (or a dict of name -> variant), each a message or "
            f"a list of messages; got {type(variants).__name__}. For one message: run([message])."
        )
    else:
        items = [(default_name(index), value) for index, value in enumerate(variants)]
    if not items:
        raise ValueError("run() needs at least one variant.")
    return [Variant(name, _script(value, name, turns, follow_up)) for name, value in items]


def _checked_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"A variant name must be a non-empty str, got {name!r}.")
    if len(name) > NAME_LIMIT or "\n" in name:
        raise ValueError(f"Variant name {name[:60]!r} must be one line of <= {NAME_LIMIT} chars.")
    return name


def _script(value: object, name: str, turns: int, follow_up: str) -> tuple[str, ...]:
    if isinstance(value, str):
        first = check_message(value, f"The message of variant {name}")
        return (first, *([follow_up] * (turns - 1)))
    if isinstance(value, bytes) or not isinstance(value, Sequence):
        raise TypeError(
            f"Variant {name} must be a message (str) or a list of messages, "
            f"got {type(value).__name__}."
        )
    messages = tuple(
        check_message(m, f"Message {i + 1} of variant {name}") for i, m in enumerate(value)
    )
    if not messages:
        raise ValueError(f"Variant {name} is an empty list; give at least one message.")
    return messages
