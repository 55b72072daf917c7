"""A word-level diff of two drafts: what a variant changed against the baseline variant.

Words are compared without their surrounding whitespace, so re-wrapped lines do not count as
changes; the text of each piece keeps its whitespace (from the variant's side for kept and
added words, from the baseline's for removed ones), so joining the kept and added pieces gives
the variant's text back exactly.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Final, Literal

DiffOp = Literal["eq", "add", "del"]
DiffPiece = tuple[DiffOp, str]

# A word with the whitespace before it; the text's trailing whitespace joins its last word.
_WORD: Final = re.compile(r"\s*\S+")


def _tokens(text: str | None) -> list[str]:
    text = text or ""
    tokens: list[str] = _WORD.findall(text)
    tail = text[len(text.rstrip()) :]
    if tail and tokens:
        tokens[-1] += tail
    elif tail:
        tokens = [tail]
    return tokens


def word_diff(before: str | None, after: str | None) -> list[DiffPiece]:
    """The pieces turning `before` into `after`, adjacent pieces of one kind merged."""
    old, new = _tokens(before), _tokens(after)
    # autojunk off: in a long body, common words would otherwise be ignored as "junk".
    matcher = SequenceMatcher(None, [t.strip() for t in old], [t.strip() for t in new], False)
    pieces: list[DiffPiece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _push(pieces, "eq", "".join(new[j1:j2]))
            continue
        _push(pieces, "del", "".join(old[i1:i2]))
        _push(pieces, "add", "".join(new[j1:j2]))
    return pieces


def _push(pieces: list[DiffPiece], op: DiffOp, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1][0] == op:
        pieces[-1] = (op, pieces[-1][1] + text)
    else:
        pieces.append((op, text))


def diff_counts(pieces: list[DiffPiece]) -> tuple[int, int]:
    """Words added and words removed."""
    added = sum(len(text.split()) for op, text in pieces if op == "add")
    removed = sum(len(text.split()) for op, text in pieces if op == "del")
    return added, removed


def wdiff(pieces: list[DiffPiece]) -> str:
    """The diff as plain text in wdiff's notation: `[-removed-]` and `{+added+}`."""
    out: list[str] = []
    for op, text in pieces:
        if op == "eq":
            out.append(text)
            continue
        lead = text[: len(text) - len(text.lstrip())]
        mark = ("[-", "-]") if op == "del" else ("{+", "+}")
        out.append(f"{lead}{mark[0]}{text.strip()}{mark[1]}")
    return "".join(out)
