"""Typed text made regular before any step reads it: one spelling of numbers, quotes and spaces.

People write "two and a half litres", "5′6″", "half an hour" or "6.30pm"; every interpreter
reads the same normalized text, so each rule is written once. Number words go through
``text2num`` (the library that knows "one hundred and ninety" and "forty-five").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "′": "'", "“": '"', "”": '"', "″": '"',
                         "–": "-", "—": "-", "×": "x"})
# Phrases text2num leaves alone, rewritten as the digits they mean.
_PHRASES = (
    (re.compile(r"\bhalf an? hour\b"), "30 minutes"),
    (re.compile(r"\ba quarter of an hour\b|\bquarter of an hour\b|\ba quarter hour\b"), "15 minutes"),
    (re.compile(r"\b(?:an|one|a) hour and a half\b"), "90 minutes"),
    (re.compile(r"\b(?:an|one|a) hour and a quarter\b"), "75 minutes"),
    (re.compile(r"\b(\d+) and a half\b"), r"\1.5"),
    (re.compile(r"\b(\d+) and a quarter\b"), r"\1.25"),
    (re.compile(r"\b(\d+) and a half (hours?)\b"), r"\1.5 \2"),
    (re.compile(r"\bhalf (?:a|an) (gallon|litre|liter|hour)\b"), r"0.5 \1"),
    (re.compile(r"\ba half\b"), "0.5"),
    (re.compile(r"\b(?:an|a) (hour|litre|liter|gallon|minute|kilo|pound|stone|week|month|year|glass|bottle)\b"), r"1 \1"),
    (re.compile(r"\bevery (hour|minute)\b"), r"every 1 \1"),
    (re.compile(r"\bhourly\b"), "every 1 hour"),
    (re.compile(r"\ba couple of\b"), "2"),
    (re.compile(r"\ba dozen\b"), "12"),
)
_SPACES = re.compile(r"\s+")
NEGATIONS = ("no", "not", "don't", "dont", "do not", "never", "without", "n't", "nope", "nah")


@lru_cache(maxsize=1)
def _alpha2digit():
    from text_to_num import alpha2digit  # small and fast, but only needed once text is typed

    return alpha2digit


def normalize(text: str) -> str:
    """Lower case, plain quotes and dashes, number words as digits, single spaces."""
    value = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    value = _SPACES.sub(" ", value).strip()
    value = re.sub(r"(?<=\d),(?=\d{3}\b)", "", value)  # 2,500 ml
    value = re.sub(r"(?<=\d),(?=\d\b)", ".", value)  # 2,5 l
    value = _alpha2digit()(value, "en", threshold=0) if re.search(r"[a-z]", value) else value
    for pattern, replacement in _PHRASES:
        value = pattern.sub(replacement, value)
    return _SPACES.sub(" ", value).strip()


@dataclass(frozen=True)
class Clause:
    """A piece of the text between commas, semicolons, "and"/"but": where one fact usually lives."""

    text: str
    start: int


_SEPARATORS = r"[,;!?\n]|(?<!\d)\.|\.(?!\d)|\bbut\b|\bwhile\b|\balso\b|\bplus\b"
_CLAUSE_SPLIT = re.compile(rf"\s*(?:{_SEPARATORS})\s*")
_CLAUSE_SPLIT_AND = re.compile(rf"\s*(?:{_SEPARATORS}|\band\b|&)\s*")


def clauses(text: str, *, split_and: bool = False) -> list[Clause]:
    """The clauses of a normalized text, with where each starts."""
    pattern = _CLAUSE_SPLIT_AND if split_and else _CLAUSE_SPLIT
    parts: list[Clause] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            parts.append(Clause(text[position:match.start()], position))
        position = match.end()
    if position < len(text):
        parts.append(Clause(text[position:], position))
    return [part for part in parts if part.text.strip()]


def negated(text: str, start: int, window: int = 3) -> bool:
    """Whether one of the few words before ``start``, in the same clause, negates what follows ("no", "not", "don't")."""
    clause = re.split(r"[,;.!?\n]|\bbut\b", text[:start])[-1]
    before = re.findall(r"[a-z']+", clause)[-window:]
    joined = " ".join(before)
    return any(word in NEGATIONS for word in before) or "n't" in joined or "do not" in joined


def words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'-]*", text)


def has_word(text: str, *options: str) -> bool:
    """Whether any option occurs as whole words (an option may be several words)."""
    return any(re.search(rf"(?<![a-z]){re.escape(option)}(?![a-z])", text) for option in options)


def find_word(text: str, *options: str) -> re.Match[str] | None:
    """The first whole-word occurrence of any option, by position in the text."""
    found = [m for option in options if (m := re.search(rf"(?<![a-z]){re.escape(option)}(?![a-z])", text))]
    return min(found, key=lambda m: m.start()) if found else None


def as_typed(raw: str, piece: str) -> str:
    """A piece of the normalized text in the user's own letters ("torn ACL"), where it can be found;
    the normalized piece otherwise (when number words or quotes were rewritten inside it)."""
    folded = unicodedata.normalize("NFKC", raw).translate(_QUOTES)
    folded = _SPACES.sub(" ", folded)
    at = folded.lower().find(piece)
    return folded[at:at + len(piece)] if at >= 0 and piece else piece
