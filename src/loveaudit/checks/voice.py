"""Who speaks and for whom: shared reasoning about business and customer references.

Used by the focus ratio and the actor check so the two can never disagree about which
"we" is self-talk ("we were founded in 1987") and which serves the customer ("we'll get
you set up today"). Not a check type itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


@dataclass(frozen=True)
class Reference:
    """A business reference and whether it serves the customer or talks about itself."""

    start: int
    end: int
    serving: bool


def sentences_with(ann: Annotated, names: Sequence[str]) -> np.ndarray:
    """A boolean per sentence: does it contain a match of any named lexicon."""
    flags = np.zeros(len(ann.sentences), dtype=bool)
    index = ann.sentence_index
    for start, _ in ann.hits(names):
        k = index[start]
        if k >= 0:
            flags[k] = True
    return flags


def business_references(
    ann: Annotated,
    business: Sequence[str],
    customer: Sequence[str],
    self_talk: Sequence[str],
    serving: Sequence[str],
    window: int,
) -> list[Reference]:
    """Every business reference, marked serving or self-talk.

    Self-talk: the sentence brags or tells company history, or has no customer in it and no
    serving verb right after the reference. Serving: the sentence is about the customer, or
    the business does something for them ("we'll fix it today").
    """
    refs = ann.hits(business)
    if not refs:
        return []
    bragging = sentences_with(ann, self_talk)
    about_customer = sentences_with(ann, customer)
    serving_starts = {s for s, _ in ann.hits(serving)}
    index = ann.sentence_index
    out = []
    for start, end in refs:
        k = index[start]
        if k < 0 or bragging[k]:
            out.append(Reference(start, end, False))
        elif about_customer[k] or any(end + d in serving_starts for d in range(window + 1)):
            out.append(Reference(start, end, True))
        else:
            out.append(Reference(start, end, False))
    return out
