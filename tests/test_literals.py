"""The strings every match of a content cue contains: a cue is only skipped when it could
not have matched, so the kind and purpose a document gets never depend on the filter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from loveaudit.literals import needed_strings, quick_start
from loveaudit.packs import load_ruleset
from loveaudit.sources import read_path


@pytest.mark.parametrize(
    ("regex", "needed"),
    [
        (r"\b(?:overdue|past due|unpaid)\b", ("overdue", "past due", "unpaid")),
        (r"\bcancell?ed\b", ("cancel",)),  # the optional letter is not needed
        (r"\bi(?:'ll| will) be (?:right )?back in\b", ("back in",)),
        (r"\b(?:thank you )?for (?:holding|waiting)\b", ("holding", "waiting")),
        (r"[$£€]\s?\d", None),  # no letters: always searched
        (r"\b(?:an?|the) (?:x|y)\b", None),  # only short strings: no use as a filter
        # a scoped flag: "(?i:sale)" also matches "SALE", which lower-cased text need not
        # hold as "sale" ("ſale" lower-cases to itself)
        (r"\b(?i:sale) now on\b", (" now on",)),
        (r"\b(?i:summer sale)\b", None),
    ],
)
def test_needed_strings(regex: str, needed):
    assert needed_strings(regex) == needed


def _texts() -> list[str]:
    root = Path(__file__).parent
    texts = []
    for path in sorted((root / "purposes").glob("*.yaml")) + sorted(
        (root / "rules").glob("*.yaml")
    ):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            if isinstance(case.get("text"), str):
                texts.append(case["text"])
    return texts


def test_no_cue_in_the_packs_is_skipped_where_it_matches():
    ruleset = load_ruleset()
    cues = [rx for p in ruleset.purposes.values() for rx in (*p.cues, *p.against)]
    kind_cues = [rx for spec in ruleset.kind_cues["kinds"].values() for rx in spec["patterns"]]
    texts = _texts()
    for regex in cues + kind_cues:
        needed = needed_strings(regex)
        if needed is None:
            continue
        pattern = re.compile(regex, re.M | (re.I if regex in kind_cues else 0))
        for text in texts:
            lowered = text.lower().replace("\u2019", "'")
            if pattern.search(lowered):
                assert any(s in lowered for s in needed), (regex, needed, text)


@pytest.mark.parametrize(
    ("regex", "led"),
    [
        (r"\b(?:save|back)\s+\d+", r"(?=[sb])(?:\b(?:save|back)\s+\d+)"),
        (r"(?<![a-z])\d+%", r"(?=[\d])(?:(?<![a-z])\d+%)"),
        (r"\b(?:a|b)?c", r"(?=[abc])(?:\b(?:a|b)?c)"),  # an optional start: what follows too
        (r"thank you", r"thank you"),  # a literal start: the engine skips ahead itself
        (r"[“\"]\w+", r"[“\"]\w+"),  # so does a class
        (r"(?m)^\s*thanks", r"(?m)^\s*thanks"),  # global flags must stay first
        (r"\b(?i:thanks)", r"\b(?i:thanks)"),  # ignoring case: lower-case letters say too little
        (r"\b[^a]x", r"\b[^a]x"),  # a negated class: unsure
        (r"\b.x", r"\b.x"),
        (r"\b(?:a|)", r"\b(?:a|)"),  # can match nothing: no first character
        (r"\b[a-z0-9]+@", r"\b[a-z0-9]+@"),  # nearly any character: the test would not pay
    ],
)
def test_quick_start(regex: str, led: str):
    assert quick_start(regex) == led


def test_quick_start_matches_what_the_pattern_matches():
    # every built-in pattern and purpose cue, led by its first characters, finds the same
    # spans in every sample and rule-fixture text, whole and in windows as anchors cut them
    ruleset = load_ruleset()
    root = Path(__file__).resolve().parent.parent / "samples"
    texts = [read_path(p).text for p in sorted(root.rglob("*")) if p.is_file()]
    texts = [t.lower() for t in texts + _texts()]
    regexes = [(p.regex, 0) for p in ruleset.patterns.values()]
    regexes += [(rx, re.M) for p in ruleset.purposes.values() for rx in (*p.cues, *p.against)]
    changed = 0
    for regex, flags in regexes:
        led = quick_start(regex)
        if led == regex:
            continue
        changed += 1
        plain, quick = re.compile(regex, flags), re.compile(led, flags)
        for text in texts:
            assert [m.span() for m in quick.finditer(text)] == [
                m.span() for m in plain.finditer(text)
            ], (regex, text[:60])
            for lo in range(0, len(text), 97):
                hi = lo + 240
                assert [m.span() for m in quick.finditer(text, lo, hi)] == [
                    m.span() for m in plain.finditer(text, lo, hi)
                ], (regex, lo)
    assert changed > 10
