"""Which files a list of command-line paths turns into."""

from __future__ import annotations

from pathlib import Path

from loveaudit.sources import expand


def make(root: Path, *names: str) -> None:
    for name in names:
        file = root / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("x", encoding="utf-8")


def rel(paths, root: Path) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


def test_folder_walk_is_recursive_and_sorted(tmp_path: Path):
    make(
        tmp_path,
        "b.txt",
        "a.md",
        "d/z.html",
        "d/y.md",
        "c/a.htm",
        "c/deeper/w.markdown",
        "c/deeper/v.text",
    )
    assert rel(expand([str(tmp_path)]), tmp_path) == [
        "a.md",
        "b.txt",
        "c/a.htm",
        "c/deeper/v.text",
        "c/deeper/w.markdown",
        "d/y.md",
        "d/z.html",
    ]


def test_folder_walk_is_the_same_each_time(tmp_path: Path):
    make(tmp_path, "m.md", "k.md", "a/q.md", "z/b.md", "a/b/c.md")
    first = list(expand([str(tmp_path)]))
    assert first == list(expand([str(tmp_path)]))
    assert len(first) == 5


def test_folder_walk_keeps_only_known_suffixes(tmp_path: Path):
    make(
        tmp_path,
        "keep.txt",
        "keep.text",
        "keep.md",
        "keep.markdown",
        "keep.html",
        "keep.htm",
        "skip.py",
        "skip.json",
        "skip.png",
        "skip.rst",
        "Makefile",
        "sub/skip.csv",
        "sub/keep.md",
    )
    names = rel(expand([str(tmp_path)]), tmp_path)
    assert sorted(names) == sorted(
        [
            "keep.txt",
            "keep.text",
            "keep.md",
            "keep.markdown",
            "keep.html",
            "keep.htm",
            "sub/keep.md",
        ]
    )


def test_folder_walk_suffix_match_ignores_case(tmp_path: Path):
    make(tmp_path, "README.MD", "Page.HTML", "notes.TxT")
    assert sorted(rel(expand([str(tmp_path)]), tmp_path)) == [
        "Page.HTML",
        "README.MD",
        "notes.TxT",
    ]


def test_explicit_file_of_any_suffix_is_yielded(tmp_path: Path):
    make(tmp_path, "script.py", "data.json", "noext")
    given = [str(tmp_path / "script.py"), str(tmp_path / "noext"), str(tmp_path / "data.json")]
    out = list(expand(given))
    assert [str(p) for p in out] == given


def test_explicit_paths_keep_their_order_and_folders_expand_in_place(tmp_path: Path):
    make(tmp_path, "z.md", "dir/b.md", "dir/a.md")
    given = [str(tmp_path / "z.md"), str(tmp_path / "dir"), str(tmp_path / "y.md")]
    make(tmp_path, "y.md")
    assert rel(expand(given), tmp_path) == ["z.md", "dir/a.md", "dir/b.md", "y.md"]


def test_a_file_reached_twice_is_yielded_once(tmp_path: Path):
    make(tmp_path, "z.md", "dir/a.md")
    given = [str(tmp_path / "dir" / "a.md"), str(tmp_path / "z.md"), str(tmp_path / "dir")]
    given += [str(tmp_path / "dir" / ".." / "z.md"), "-", "-"]
    out = list(expand(given))
    assert [str(p) for p in out] == [given[0], given[1], "-"]


def test_dash_passes_through_as_stdin():
    assert list(expand(["-"])) == ["-"]


def test_dash_between_files_keeps_its_place(tmp_path: Path):
    make(tmp_path, "a.md")
    make(tmp_path, "b.md")
    out = list(expand([str(tmp_path / "a.md"), "-", str(tmp_path / "b.md")]))
    assert out[1] == "-"
    assert [str(p) for p in out] == [str(tmp_path / "a.md"), "-", str(tmp_path / "b.md")]


def test_nonexistent_path_is_yielded_as_given(tmp_path: Path):
    missing = str(tmp_path / "missing" / "file.xyz")
    out = list(expand([missing]))
    assert len(out) == 1
    assert str(out[0]) == missing


def test_empty_folder_yields_nothing(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    assert list(expand([str(tmp_path / "empty")])) == []


def test_walked_files_are_paths_that_exist(tmp_path: Path):
    make(tmp_path, "a.md", "s/b.html")
    for p in expand([str(tmp_path)]):
        assert isinstance(p, Path)
        assert p.is_file()


def test_a_file_excluded_from_its_folder_is_still_read_when_named(tmp_path: Path):
    make(tmp_path, "docs/a.md", "docs/draft.md")
    given = [str(tmp_path / "docs"), str(tmp_path / "docs" / "draft.md")]
    out = list(expand(given, skip=lambda p: p.name == "draft.md"))
    assert rel(out, tmp_path) == ["docs/a.md", "docs/draft.md"]
