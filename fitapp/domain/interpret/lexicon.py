"""Finding the words of a closed list in typed text, typos included, with ``rapidfuzz``.

Each list is a table of ``value -> phrases`` ("sedentary" -> "desk job", "sit all day"...).
A phrase is found when a run of the text's words matches it exactly, or closely enough that
it is a typo ("vegitarian", "dumbells"); short words must match exactly, because at four
letters one changed letter is another word ("hope"/"home").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from fitapp.domain.interpret.text import negated

FUZZY_CUTOFF = 87
MIN_FUZZY_LENGTH = 6
_WORD = re.compile(r"[a-z0-9][a-z0-9'/-]*")


@dataclass(frozen=True)
class Hit:
    value: str
    phrase: str
    start: int
    end: int
    negated: bool
    exact: bool


@lru_cache(maxsize=1)
def _fuzz():
    from rapidfuzz import fuzz, process

    return fuzz, process


def _ngrams(text: str, longest: int) -> list[tuple[str, int, int]]:
    tokens = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    grams = []
    for size in range(longest, 0, -1):
        for i in range(len(tokens) - size + 1):
            part = tokens[i : i + size]
            grams.append((" ".join(t[0] for t in part), part[0][1], part[-1][2]))
    return grams


def find(text: str, table: Mapping[str, Iterable[str]], *, fuzzy: bool = True) -> list[Hit]:
    """Every phrase of the table found in the text, longest first where they overlap, in text order."""
    phrases: dict[str, str] = {}
    for value, options in table.items():
        for phrase in options:
            phrases.setdefault(phrase, value)
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    by_length = sorted(phrases, key=len, reverse=True)
    for phrase in by_length:
        for match in re.finditer(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text):
            if all(match.end() <= a or match.start() >= b for a, b in taken):
                hits.append(Hit(phrases[phrase], phrase, match.start(), match.end(),
                                negated(text, match.start()), True))
                taken.append((match.start(), match.end()))
    if fuzzy:
        fuzz, process = _fuzz()
        # Typos are within one word ("dumbells"); across words a close match is usually other words.
        candidates = [p for p in phrases if len(p) >= MIN_FUZZY_LENGTH and " " not in p]
        for gram, start, end in _ngrams(text, 1):
            if len(gram) < MIN_FUZZY_LENGTH or not all(end <= a or start >= b for a, b in taken):
                continue
            best = process.extractOne(gram, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if best:
                phrase = best[0]
                hits.append(Hit(phrases[phrase], phrase, start, end, negated(text, start), False))
                taken.append((start, end))
    return sorted(hits, key=lambda hit: hit.start)


def first(text: str, table: Mapping[str, Iterable[str]], *, allow_negated: bool = False) -> Hit | None:
    """The first (non-negated) phrase of the table in the text, or None."""
    for hit in find(text, table):
        if allow_negated or not hit.negated:
            return hit
    return None


def values(text: str, table: Mapping[str, Iterable[str]]) -> list[str]:
    """The distinct values whose phrases occur (not negated), in text order."""
    seen: list[str] = []
    for hit in find(text, table):
        if not hit.negated and hit.value not in seen:
            seen.append(hit.value)
    return seen
