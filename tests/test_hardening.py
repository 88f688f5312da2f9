"""Whatever loveaudit is fed, it keeps working and loses nothing: hostile files each give a
per-file error or a result, never a traceback, never unbounded time; and arbitrary text
goes through every reader and the whole pipeline with offsets that stay in the text."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loveaudit.cli import main
from loveaudit.errors import SourceError
from loveaudit.sources import FORMATS, read_string
from test_cli import run

GOOD = "Thank you, Maria, for trusting us with your garden again this year.\n"


def _report(tmp_path: Path, *args: str) -> tuple[int, dict, str]:
    proc = run("audit", str(tmp_path / "site"), "--format", "json", "--no-cache", *args)
    return proc.returncode, json.loads(proc.stdout), proc.stderr


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "good.txt").write_text(GOOD)
    return site


def _errors(report: dict) -> dict[str, str]:
    return {Path(e["path"]).name: e["message"] for e in report["errors"]}


@pytest.mark.slow
def test_hostile_files_each_get_an_error_or_a_result(site: Path, tmp_path: Path):
    (site / "big.txt").write_bytes(b"a" * 12_000_000)  # over the default 10 MB limit
    (site / "line.txt").write_bytes(b"word," * 1_500_000)  # 7.5 MB on one line
    (site / "nested.html").write_text("<div>" * 100_000 + "We care." + "</div>" * 100_000)
    (site / "quoted.md").write_text(">" * 100_000 + " hello")
    (site / "nul.txt").write_bytes(b"Thank you\x00\x00\x00 for the order")
    (site / "bom16.txt").write_bytes(GOOD.encode("utf-16"))
    (site / "plain16.txt").write_bytes(GOOD.encode("utf-16-le"))
    (site / "win.txt").write_bytes(
        "Thank you for the caf\u00e9 \u201corder\u201d.".encode("cp1252")
    )
    (site / "long.txt").write_text("Thanks! " + "[" * 50_000 + " Welcome back.")
    loop = site / "loop"
    loop.mkdir()
    os.symlink(loop, loop / "again")  # a folder that contains itself
    os.symlink(site / "missing-target.txt", site / "dangling.txt")
    started = time.monotonic()
    code, report, stderr = _report(tmp_path)
    assert time.monotonic() - started < 120
    assert code == 2 and "Traceback" not in stderr
    errors = _errors(report)
    assert "larger than the 10,000,000-byte limit" in errors["big.txt"]
    assert "nested too deeply" in errors["quoted.md"]
    assert "binary file" in errors["nul.txt"]
    assert errors["dangling.txt"] == "no such file"
    audited = {Path(d["path"]).name: d for d in report["documents"]}
    for name in ("good.txt", "line.txt", "nested.html", "bom16.txt", "plain16.txt", "win.txt"):
        assert name in audited, name
    assert "long.txt" in audited
    assert audited["nested.html"]["words"] == 2
    assert audited["plain16.txt"]["findings"][0]["rule"] == "document-encoding"
    for doc in audited.values():  # every finding points inside its document
        for f in doc["findings"]:
            assert 0 <= f["start"] <= f["end"] and f["line"] >= 1


def test_limits_are_settings_with_clear_messages(site: Path, tmp_path: Path):
    (site / "page.txt").write_text(GOOD * 50)
    code, report, _ = _report(tmp_path, "--max-file-bytes", "1000")
    assert code == 2
    assert "larger than the 1,000-byte limit (max-file-bytes)" in _errors(report)["page.txt"]
    (site / "loveaudit.toml").write_text("max-seconds = 0.000001\n")
    code, report, _ = _report(tmp_path)
    assert code == 2 and "took longer than 1e-06 s to audit" in _errors(report)["good.txt"]
    for bad in (
        "max-seconds = -1",
        "max-seconds = nan",
        "max-seconds = 1e300",
        "max-file-bytes = 0.5",
        "max-file-bytes = inf",
    ):
        (site / "loveaudit.toml").write_text(bad + "\n")
        proc = run("audit", str(site))
        assert proc.returncode == 2 and "loveaudit.toml:1" in proc.stderr, bad
        assert proc.stdout == "", bad  # refused as a setting, not a failure of every file


def test_an_unreadable_file_and_one_deleted_during_the_run(
    site: Path, tmp_path: Path, monkeypatch, capsys
):
    from loveaudit import runner

    (site / "secret.txt").write_text(GOOD)
    (site / "gone.txt").write_text(GOOD)
    real = runner.load_bytes

    def flaky(path, *args):
        if path.name == "secret.txt":
            raise SourceError(str(path), "permission denied")
        if path.name == "gone.txt":
            path.unlink()  # deleted between the folder walk and the read
        return real(path, *args)

    monkeypatch.setattr(runner, "load_bytes", flaky)
    cache = str(tmp_path / "cache")
    code = main(["audit", str(site), "--format", "json", "--cache-dir", cache])
    report = json.loads(capsys.readouterr().out)
    assert code == 2
    errors = _errors(report)
    assert errors == {"secret.txt": "permission denied", "gone.txt": "no such file"}
    assert [Path(d["path"]).name for d in report["documents"]] == ["good.txt"]


def test_a_killed_run_leaves_no_half_written_report(site: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "report.json"
    assert main(["audit", str(site), "--format", f"json:{out}", "--no-cache"]) == 0
    first = out.read_bytes()
    from loveaudit import cli

    def killed(path, content):
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(content[: len(content) // 2])
        raise KeyboardInterrupt  # the process dies before the rename

    monkeypatch.setattr(cli, "_write", killed)
    assert main(["audit", str(site), "--format", f"json:{out}", "--no-cache"]) == 130
    assert out.read_bytes() == first  # the old report is intact
    monkeypatch.undo()
    assert main(["audit", str(site), "--format", f"json:{out}", "--no-cache"]) == 0
    assert out.read_bytes() == first


# -- property-based: any text, every reader, the whole pipeline -------------------------------
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # no lone surrogates: not text
    max_size=400,
) | st.from_regex(r"[\s\S]{0,40}([<>&\[\]{}#*`|>-]{1,5}[\s\S]{0,20}){0,20}", fullmatch=True)


@settings(
    max_examples=60,
    derandomize=True,  # the same cases every run: a failure here is reproducible
    database=None,  # no .hypothesis folder in the working directory
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=TEXT, fmt=st.sampled_from(sorted(FORMATS)))
def test_any_text_through_any_reader_and_the_pipeline(samples_auditor, text, fmt):
    try:
        document = read_string(text, fmt, "fuzz")
    except SourceError:
        return  # refused with a message (XML that is not SSML, a mail without a body)
    lines = len(re.findall(r"\r\n?|\n", text)) + 1  # a lone CR ends a line too
    for position in range(0, len(document.text) + 1, max(1, len(document.text) // 7)):
        line, column = document.position(position)
        assert 1 <= line <= lines and column >= 1
    result = next(samples_auditor.audit([document.with_kind("web", "test")], keep_text=True))
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(document.text)
        assert finding.text == document.text[finding.start : finding.end]
        assert 1 <= finding.line <= lines
    assert not [o for o in result.outcomes if o.error]


# -- found in review ----------------------------------------------------------------------------
def test_html_report_of_a_text_with_no_references(tmp_path: Path):
    page = tmp_path / "p.txt"
    page.write_text("The sky is blue today.\n\nGrass is green.\n")
    out = tmp_path / "r.html"
    assert main(["audit", str(page), "--format", f"html:{out}", "--no-cache"]) == 0
    assert "Focus ratio" not in out.read_text()


def test_a_file_name_that_is_not_utf8_is_audited_and_cached(tmp_path: Path):
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(GOOD)
    cache = str(tmp_path / "cache")
    command = [sys.executable, "-m", "loveaudit.cli", "audit", str(folder), "--cache-dir", cache]
    for _ in range(2):  # the name is not UTF-8, so the output is read as bytes
        proc = subprocess.run(command, capture_output=True, timeout=120)
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
def test_a_file_name_that_is_not_utf8_is_written_escaped_in_every_report(tmp_path: Path, fmt):
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(GOOD)
    (folder / "plain.txt").write_text(GOOD)
    command = [sys.executable, "-m", "loveaudit.cli", "audit", str(folder), "--format", fmt]
    proc = subprocess.run([*command, "--no-cache"], capture_output=True, timeout=120)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr
    out = proc.stdout.decode("utf-8")  # valid UTF-8: no raw byte of the name leaks out
    if fmt == "junit":
        import xml.dom.minidom

        xml.dom.minidom.parseString(out)  # well-formed
        assert "caf\\xe9.txt" in out
    else:
        report = json.loads(out)
        if fmt == "json":
            paths = sorted(Path(d["path"]).name for d in report["documents"])
            assert paths == ["caf\\xe9.txt", "plain.txt"]


def test_text_in_memory_must_be_a_str_and_lone_surrogates_are_replaced(samples_auditor):
    for bad in (None, 5, b"Thank you"):
        with pytest.raises(TypeError, match="text must be a str"):
            read_string(bad)  # type: ignore[arg-type]
    document = read_string("Thank you \udcff for your order.")
    assert "\ufffd" in document.text and document.warnings
    result = next(samples_auditor.audit([document.with_kind("email", "test")], keep_text=True))
    encoding = next(f for f in result.findings if f.rule == "document-encoding")
    assert "lone surrogate" in encoding.message
    # the replaced text is valid Unicode: a report can carry it as it is
    json.dumps([f.text for f in result.findings], ensure_ascii=False).encode("utf-8")


def test_ssml_encoding_declaration_and_absurd_pauses():
    from loveaudit.sources import read_bytes

    latin = '<?xml version="1.0" encoding="ISO-8859-1"?><speak>Welcome to the café.</speak>'
    doc = read_bytes(latin.encode("latin-1"), "l.ssml")
    assert "café" in doc.text
    pause = '<speak>Hello <break time="' + "9" * 400 + 's"/> there.</speak>'
    seconds = read_bytes(pause.encode(), "p.ssml").speech.pause_seconds
    assert 0 < seconds <= 3600  # never infinite: the JSON stays valid


def test_a_word_file_that_unpacks_too_big_is_refused():
    import io
    import zipfile

    from loveaudit.sources import read_bytes

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<w/>" + b" " * 120_000_000)
    with pytest.raises(SourceError, match="over the 100,000,000-byte limit"):
        read_bytes(buffer.getvalue(), "bomb.docx")


def test_new_words_do_not_pile_up_in_memory_over_a_long_run(samples_auditor):
    # real copy keeps bringing words no earlier document had (names, codes, typos);
    # spaCy would keep each for good, so documents are read in memory zones
    from loveaudit.auditor import ZONE_DOCUMENTS

    def documents(count: int):
        for i in range(count):
            words = " ".join(f"zq{i}x{j}" for j in range(40))
            yield read_string(f"Thank you, {words}.", "text", f"d{i}.txt")

    strings = samples_auditor.pipeline.nlp.vocab.strings
    results = list(samples_auditor.audit(documents(2 * ZONE_DOCUMENTS + 5)))
    before = len(strings)
    assert len(results) == 2 * ZONE_DOCUMENTS + 5
    assert all(r.words == 42 for r in results)  # every document was read in full
    list(samples_auditor.audit(documents(2 * ZONE_DOCUMENTS + 5)))
    assert len(strings) <= before  # 20,000 new words, none of them kept
    assert "zq7x3" not in strings


def test_words_read_again_and_again_are_remembered_up_to_a_bound(monkeypatch):
    # inside a memory zone spaCy's tokenizer remembers nothing, so every zone would split
    # its common words anew; the chunks a zone read more than once are remembered after
    # it, up to a bound, while a word read once is still forgotten, and the results do
    # not change when a chunk is remembered
    from loveaudit import Auditor, nlp
    from loveaudit.auditor import ZONE_DOCUMENTS

    monkeypatch.setattr(nlp, "RECURRING_CHUNKS", 4)
    auditor = Auditor(config=None)
    strings = auditor.pipeline.nlp.vocab.strings
    recurring = [f"qzrecur{j}" for j in range(8)]
    texts = [f"{' '.join(recurring)}: thank you for choosing us, qzonce{i}." for i in range(20)]
    documents = [read_string(t, "text", f"d{i}.txt") for i, t in enumerate(texts)]
    cold = [r.findings for r in auditor.audit(documents)]
    kept = [word for word in recurring if word in strings]
    assert 0 < len(kept) <= 4  # remembered, but no more than the bound
    assert not any(f"qzonce{i}" in strings for i in range(20))
    warm = [r.findings for r in auditor.audit(documents)]
    assert warm == cold
    assert ZONE_DOCUMENTS > 20  # one zone per audit above: the memory came from the first


def test_text_spacy_cannot_read_does_not_poison_later_zones():
    # a lone surrogate (only the Python API can pass one: readers replace them) makes spaCy
    # fail on that document; the chunks counted for it must not fail the zone's end, nor
    # the next audit
    from loveaudit import Auditor

    auditor = Auditor(config=None)
    bad = [read_string(f"Hi \ud83d there {i}", "text", f"bad{i}") for i in range(2)]
    good = read_string("Thanks for your order, Sam.", "text", "good")
    with auditor.memory_zone():  # as the runner, pool workers and Dask partitions do
        for document in (*bad, good):
            with contextlib.suppress(UnicodeError):
                next(auditor.audit([document.with_kind("email", "test")]))
    assert auditor.audit_text("Thanks for your order, Sam.", kind="email").words == 5


def test_files_audited_one_by_one_keep_no_new_words(tmp_path: Path):
    # the command line audits file by file (each under the time limit): its zones span
    # many files, and the words of every file are forgotten
    from loveaudit.config import Config
    from loveaudit.runner import Runner

    paths = []
    for i in range(30):
        path = tmp_path / f"page{i}.txt"
        path.write_text(f"Thanks for visiting, qvz{i}word and qvz{i}other.\n")
        paths.append(str(path))
    runner = Runner(Config(), cache=None)
    results = list(runner.run(paths))
    assert [Path(r.path).name for r in results] == [f"page{i}.txt" for i in range(30)]
    strings = runner.auditor.pipeline.nlp.vocab.strings
    assert not any(f"qvz{i}word" in strings for i in range(30))


def test_two_audits_by_one_auditor_may_be_interleaved(samples_auditor):
    # each zone closes before its results are handed out, so one iteration cannot free
    # what the other is still reading
    texts = [f"Thank you, customer {i}, we value you. Our team ships today." for i in range(6)]
    docs = [read_string(t, "text", f"d{i}.txt") for i, t in enumerate(texts)]
    alone = [r.score for r in samples_auditor.audit(docs)]
    first, second = samples_auditor.audit(docs[:3]), samples_auditor.audit(docs[3:])
    woven = [r.score for pair in zip(first, second, strict=True) for r in pair]
    assert woven == [alone[0], alone[3], alone[1], alone[4], alone[2], alone[5]]


def test_threads_sharing_one_auditor_get_the_results_of_one_thread(samples_auditor):
    # a Dask worker may run several threads with one auditor; spaCy's memory zone
    # covers the whole vocabulary, so one thread must not free words another reads
    from concurrent.futures import ThreadPoolExecutor

    def texts(t: int) -> list:
        return [
            read_string(f"Thanks, {t}qv{i}a and {t}qv{i}b, for your order {i}.", "text", f"{t}/{i}")
            for i in range(300)
        ]

    alone = {t: [r.score for r in samples_auditor.audit(texts(t))] for t in range(4)}

    def run(t: int) -> list:
        return [r.score for doc in texts(t) for r in samples_auditor.audit([doc])]

    with ThreadPoolExecutor(4) as pool:
        together = dict(zip(range(4), pool.map(run, range(4)), strict=True))
    assert together == alone


def test_errors_come_in_file_order_among_results(tmp_path: Path, samples_auditor):
    paths = []
    for i in range(300):
        path = tmp_path / f"{i:03d}.txt"
        path.write_bytes(b"\x00\x01\x02" * 50 if i == 200 else b"Thanks for your order.\n")
        paths.append(str(path))
    items = list(samples_auditor.audit_paths(paths))
    assert [Path(item.path).name for item in items] == [f"{i:03d}.txt" for i in range(300)]
    assert not hasattr(items[200], "score") and hasattr(items[199], "score")


def test_a_memory_zone_ends_at_its_count_or_its_characters():
    from loveaudit.auditor import ZONE_CHARACTERS, ZONE_DOCUMENTS, zones

    sizes = [len(z) for z in zones(range(2 * ZONE_DOCUMENTS + 1), lambda _: 1)]
    assert sizes == [ZONE_DOCUMENTS, ZONE_DOCUMENTS, 1]
    big = ZONE_CHARACTERS // 2  # two big files fill a zone, however few they are
    assert [len(z) for z in zones(range(5), lambda _: big)] == [2, 2, 1]
