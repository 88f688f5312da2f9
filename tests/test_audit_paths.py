"""`Auditor.audit_paths`, the library's way to audit files: one bad file fails alone.

The command line already turned any failure of one file into an error that names it; the
library raised at the first such file and returned nothing, not even the results of the
files before it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import loveaudit
from loveaudit import DocumentResult, InputError
from loveaudit.sources import READERS

GOOD = "Thank you, Maria, for trusting us with your garden again this year.\n"


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "bad.md").write_text("# Hello\n\nYou get a free visit.\n")
    (tmp_path / "other.html").write_text("<h1>Welcome</h1><p>You save an hour a week.</p>")
    return [str(tmp_path / name) for name in ("good.txt", "bad.md", "other.html")]


def test_a_reader_that_fails_fails_only_its_file(files, samples_auditor, monkeypatch):
    def broken(source, path=None, warnings=()):  # a bug in one reader
        raise IndexError("list index out of range")

    monkeypatch.setitem(READERS, ".md", broken)
    items = list(samples_auditor.audit_paths(files))
    assert [type(i) for i in items] == [DocumentResult, InputError, DocumentResult]
    assert [i.path for i in items] == files
    assert items[1].message == "could not be audited (IndexError: list index out of range)"
    assert items[0].score is not None and items[2].score is not None


def test_a_document_whose_analysis_fails_fails_alone(files, samples_auditor, monkeypatch):
    real = samples_auditor.prepare

    def prepare(document):
        if document.path.endswith("bad.md"):
            raise ValueError("cannot judge this one")
        return real(document)

    monkeypatch.setattr(samples_auditor, "prepare", prepare)
    items = list(samples_auditor.audit_paths(files))
    assert [type(i) for i in items] == [DocumentResult, InputError, DocumentResult]
    assert items[1] == InputError(
        files[1], "could not be audited (ValueError: cannot judge this one)"
    )
    monkeypatch.undo()
    again = list(samples_auditor.audit_paths(files))
    assert [r.score for r in again[::2]] == [r.score for r in items[::2]]  # same results


def test_input_error_is_part_of_the_public_api():
    assert loveaudit.InputError is InputError and "InputError" in loveaudit.__all__


def test_the_library_applies_the_configurations_size_limit_as_the_command_line_does(tmp_path):
    from loveaudit import Auditor, Config
    from loveaudit.limits import Limits

    (tmp_path / "big.txt").write_text("Your order has shipped. " * 50, encoding="utf-8")
    (tmp_path / "small.txt").write_text("Your order has shipped.", encoding="utf-8")
    auditor = Auditor(Config(limits=Limits(max_file_bytes=200)))
    items = {Path(i.path).name: i for i in auditor.audit_paths(tmp_path)}
    assert isinstance(items["big.txt"], InputError) and "200" in items["big.txt"].message
    assert not isinstance(items["small.txt"], InputError)
