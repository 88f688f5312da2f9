"""The start-up cache: tables made once and read back as plain JSON, never trusted as code."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from loveaudit import usercache
from loveaudit.packs import load_ruleset
from loveaudit.syllables import Hyphenator, syllable_counts


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(usercache.NO_CACHE_ENV, raising=False)
    return tmp_path / "xdg" / "loveaudit"


def _table(content: bytes, builds: list[bytes]) -> dict[str, int]:
    def build() -> dict[str, int]:
        builds.append(content)
        return {"words": len(content.split())}

    def decode(data):
        if set(data) != {"words"} or type(data["words"]) is not int:
            raise ValueError("not ours")
        return data

    return usercache.remembered("test", "/src/table", content, build, lambda t: t, decode)


def test_a_table_is_made_once_and_a_changed_source_replaces_it(cache):
    builds: list[bytes] = []
    assert _table(b"one two", builds) == {"words": 2}
    assert _table(b"one two", builds) == {"words": 2}
    assert builds == [b"one two"]  # the second came from the cache folder
    assert _table(b"one two three", builds) == {"words": 3}
    assert builds == [b"one two", b"one two three"]
    files = sorted(p.name for p in cache.iterdir())
    assert len(files) == 1 and files[0].startswith("test-")  # the old entry is gone
    assert not any(name.startswith(".tmp") for name in os.listdir(cache))
    if os.name == "posix":
        assert cache.stat().st_mode & 0o077 == 0  # the folder is its owner's alone


@pytest.mark.parametrize(
    "planted",
    [
        b"",
        b"{not json",
        b'{"words": "2"}',  # plain data of the wrong shape
        b'["words", 2]',
        pickle.dumps({"words": 2}),  # never unpickled: it is not JSON, so a miss
    ],
)
def test_a_corrupt_or_forged_file_is_a_miss(cache, planted):
    builds: list[bytes] = []
    _table(b"alpha beta", builds)
    (entry,) = cache.iterdir()
    entry.write_bytes(planted)
    assert _table(b"alpha beta", builds) == {"words": 2}
    assert len(builds) == 2  # made again, and written back whole
    assert _table(b"alpha beta", builds) == {"words": 2} and len(builds) == 2


def test_opting_out_writes_nothing(cache, monkeypatch):
    monkeypatch.setenv(usercache.NO_CACHE_ENV, "1")
    builds: list[bytes] = []
    _table(b"a", builds)
    _table(b"a", builds)
    assert len(builds) == 2 and not cache.exists()


def test_an_unwritable_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.delenv(usercache.NO_CACHE_ENV, raising=False)
    assert _table(b"x y", []) == {"words": 2}


def test_the_real_tables_read_back_as_they_were_made(cache, monkeypatch):
    # the packs, the syllable counts and the hyphenation patterns, from a cold cache and
    # then from the files it wrote, are the same as made with the cache off
    monkeypatch.setenv(usercache.NO_CACHE_ENV, "1")
    syllable_counts.cache_clear()
    plain = (load_ruleset(), syllable_counts(), Hyphenator("en_US")._patterns)
    monkeypatch.delenv(usercache.NO_CACHE_ENV)
    for _ in range(2):  # made and written, then read
        syllable_counts.cache_clear()
        assert (load_ruleset(), syllable_counts(), Hyphenator("en_US")._patterns) == plain
    kinds = {p.name.split("-")[0] for p in cache.iterdir()}
    assert kinds == {"pack", "syllables", "hyphenation"}


def test_a_pack_that_json_cannot_hold_is_parsed_each_time(cache, tmp_path):
    # a YAML date would come back from JSON as text: such a file is never cached
    def packs() -> int:
        return sum(p.name.startswith("pack-") for p in cache.iterdir())

    load_ruleset()
    builtin = packs()
    folder = tmp_path / "packs"
    (folder / "lexicons").mkdir(parents=True)
    pack = folder / "lexicons" / "team.yaml"
    pack.write_text("lexicons:\n  since: {phrases: [x], description: 2024-01-02}\n")
    dated = load_ruleset(extra_dirs=[folder]).lexicons["since"].description
    assert packs() == builtin
    assert load_ruleset(extra_dirs=[folder]).lexicons["since"].description == dated
    pack.write_text("lexicons:\n  since: {phrases: [x], description: 'in 2024'}\n")
    load_ruleset(extra_dirs=[folder])
    assert packs() == builtin + 1
