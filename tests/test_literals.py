"""The strings every match of a content cue contains: a cue is only skipped when it could
not have matched, so the kind and purpose a document gets never depend on the filter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from loveaudit.literals import needed_strings
from loveaudit.packs import load_ruleset


@pytest.mark.parametrize(
    ("regex", "needed"),
    [
        (r"\b(?:overdue|past due|unpaid)\b", ("overdue", "past due", "unpaid")),
        (r"\bcancell?ed\b", ("cancel",)),  # the optional letter is not needed
        (r"\bi(?:'ll| will) be (?:right )?back in\b", ("back in",)),
        (r"\b(?:thank you )?for (?:holding|waiting)\b", ("holding", "waiting")),
        (r"[$£€]\s?\d", None),  # no letters: always searched
        (r"\b(?:an?|the) (?:x|y)\b", None),  # only short strings: no use as a filter
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
