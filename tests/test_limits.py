"""The limits hold while a file is read, not only while it is analysed: a small Word file or
PDF that unpacks to a mountain of paragraphs or pages is refused by name as it is read, the
time limit covers reading too (also in a worker thread, where Dask audits), and every other
input is still audited."""

from __future__ import annotations

import io
import json
import threading
import time
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from loveaudit import Auditor, Config
from loveaudit import runner as runner_module
from loveaudit.cli import main
from loveaudit.errors import SourceError
from loveaudit.limits import (
    MAX_PAGES,
    MAX_PARAGRAPHS,
    MAX_WORD_XML_BYTES,
    Limits,
    TimeLimitExceeded,
    deadline,
)
from loveaudit.model import DocumentResult, InputError
from loveaudit.runner import audit_file
from loveaudit.sources import read_bytes, read_path
from test_cli import run

GOOD = "Thank you, Maria, for trusting us with your garden again this year.\n"
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _word(body: bytes) -> bytes:
    """A Word file made by python-docx whose body is ``body``: the rest of the package
    stays as Word expects it, so only the body can make it hard to read."""
    blank = io.BytesIO()
    docx.Document().save(blank)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(blank) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = b"<w:document %s><w:body>%s</w:body></w:document>" % (_W.encode(), body)
            package.writestr(info.filename, data)
    return out.getvalue()


def _paragraphs(count: int) -> bytes:
    return _word(b"<w:p><w:r><w:t>Your order is on its way.</w:t></w:r></w:p>" * count)


def _pdf(pages: int) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.cell(0, 8, "Thank you for your order.")
    for _ in range(pages - 1):
        pdf.add_page()
    return bytes(pdf.output())


# -- sizes a reader checks as it reads --------------------------------------------------
def test_a_word_file_of_more_paragraphs_than_the_limit_is_refused_as_it_is_read():
    data = _paragraphs(MAX_PARAGRAPHS + 1)
    assert len(data) < 100_000  # small on disk
    with pytest.raises(SourceError, match="over the 100,000-paragraph limit"):
        read_bytes(data, "bomb.docx")


def test_a_word_file_whose_xml_unpacks_past_the_limit_is_refused_before_it_is_parsed():
    data = _word(b"<w:p/>" * (MAX_WORD_XML_BYTES // 6))
    assert len(data) < 100_000
    with pytest.raises(SourceError, match="over the 25,000,000-byte limit for a Word"):
        read_bytes(data, "bomb.docx")


def test_each_word_style_is_looked_up_once_not_once_per_paragraph(monkeypatch):
    """python-docx finds a paragraph's style by scanning every style the document declares
    (a millisecond a paragraph: a 48 KB file took minutes), so the reader asks once per
    style; the headings and quotations still come out as before."""
    from docx.parts.document import DocumentPart

    document = docx.Document()
    document.add_heading("Warm rooms by tonight", level=1)
    for i in range(300):
        document.add_paragraph(f"Paragraph {i} of your plan.")
        document.add_paragraph(f"Your words {i}.", style="Quote")
    out = io.BytesIO()
    document.save(out)
    lookups = 0
    original = DocumentPart.get_style

    def counted(self, *args):
        nonlocal lookups
        lookups += 1
        return original(self, *args)

    monkeypatch.setattr(DocumentPart, "get_style", counted)
    doc = read_bytes(out.getvalue(), "plan.docx")
    assert lookups <= 3  # three styles: Heading 1, the default, Quote
    assert [doc.text[r.start : r.end] for r in doc.regions if r.name == "headline"] == [
        "Warm rooms by tonight"
    ]
    quotes = [doc.text[r.start : r.end] for r in doc.regions if r.name == "quote"]
    assert len(quotes) == 300 and quotes[7] == "Your words 7."


def test_a_cell_merged_down_many_rows_is_read_once_in_linear_time():
    """A cell merged down a table is Word's one cell; python-docx found it again from
    every row below (each time looking up the rows above: quadratic, then a recursion
    error), and its text counted once per row."""
    first = b"<w:tr><w:tc><w:tcPr><w:vMerge w:val='restart'/></w:tcPr><w:p><w:r><w:t>Free delivery</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Row 0</w:t></w:r></w:p></w:tc></w:tr>"  # noqa: E501
    rest = b"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>Row</w:t></w:r></w:p></w:tc></w:tr>"  # noqa: E501
    data = _word(b"<w:tbl>" + first + rest * 3000 + b"</w:tbl>")
    doc = read_bytes(data, "table.docx")
    assert doc.text.count("Free delivery") == 1
    assert doc.text.count("Row") == 3001


def test_a_pdf_of_more_pages_than_the_limit_is_refused_as_it_is_read():
    data = _pdf(MAX_PAGES + 1)
    with pytest.raises(SourceError, match="more than 2,000 pages, the limit for a PDF"):
        read_bytes(data, "bomb.pdf")
    assert "Thank you" in read_bytes(_pdf(3), "fine.pdf").text


def test_bombs_are_errors_that_name_their_limit_and_the_other_inputs_are_audited(
    tmp_path: Path, capsys
):
    site = tmp_path / "site"
    site.mkdir()
    (site / "good.txt").write_text(GOOD)
    (site / "paragraphs.docx").write_bytes(_paragraphs(MAX_PARAGRAPHS + 1))
    (site / "unpacked.docx").write_bytes(_word(b"<w:p/>" * (MAX_WORD_XML_BYTES // 6)))
    assert main(["audit", str(site), "--format", "json", "--no-cache"]) == 2
    report = json.loads(capsys.readouterr().out)
    errors = {Path(e["path"]).name: e["message"] for e in report["errors"]}
    assert "over the 100,000-paragraph limit for a Word document" in errors["paragraphs.docx"]
    assert "over the 25,000,000-byte limit for a Word document" in errors["unpacked.docx"]
    assert [Path(d["path"]).name for d in report["documents"]] == ["good.txt"]


# -- the time limit ---------------------------------------------------------------------
def _slow_reader(monkeypatch, seconds: float) -> None:
    """Reading takes ``seconds`` (as a packed file can), then gives the file's document."""

    def slow(path: Path, **kwargs):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            time.sleep(0.01)
        return read_path(path, **kwargs)

    monkeypatch.setattr(runner_module, "read_path", slow)


def test_the_time_limit_covers_reading(tmp_path: Path, auditor: Auditor, monkeypatch):
    (tmp_path / "slow.txt").write_text(GOOD)
    next(auditor.audit([read_path(tmp_path / "slow.txt")]))  # the pipeline is loaded
    _slow_reader(monkeypatch, 5)
    result = audit_file(auditor, str(tmp_path / "slow.txt"), False, Limits(max_seconds=1))
    assert isinstance(result, InputError)
    assert result.message == "took longer than 1 s to audit: skipped (max-seconds)"


def test_the_time_limit_holds_in_a_worker_thread(tmp_path: Path, auditor: Auditor, monkeypatch):
    """Dask runs tasks in worker threads, which a Unix timer's signal cannot reach."""
    (tmp_path / "slow.txt").write_text(GOOD)
    (tmp_path / "good.txt").write_text(GOOD)
    next(auditor.audit([read_path(tmp_path / "good.txt")]))  # the pipeline is loaded
    _slow_reader(monkeypatch, 5)
    results = []

    def work() -> None:
        limits = Limits(max_seconds=1)
        results.append(audit_file(auditor, str(tmp_path / "slow.txt"), False, limits))
        monkeypatch.undo()  # reading is quick again
        results.append(audit_file(auditor, str(tmp_path / "good.txt"), False, limits))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert isinstance(results[0], InputError) and "(max-seconds)" in results[0].message
    assert isinstance(results[1], DocumentResult)


def test_dask_audits_within_the_time_limit(tmp_path: Path, monkeypatch):
    pytest.importorskip("distributed")
    from loveaudit.distributed import audit_bag

    (tmp_path / "slow.txt").write_text(GOOD)
    _slow_reader(monkeypatch, 5)
    config = Config(limits=Limits(max_seconds=0.5))
    [result] = audit_bag([str(tmp_path / "slow.txt")], config).compute(scheduler="threads")
    assert isinstance(result, InputError) and "(max-seconds)" in result.message


@pytest.mark.slow
def test_dask_local_cluster_keeps_the_time_limit(tmp_path: Path):
    pytest.importorskip("distributed")
    site = tmp_path / "site"
    site.mkdir()
    # long enough to take far more than the thread switch interval (5 ms) a timer thread
    # may wait before it can stop the worker's thread
    (site / "long.txt").write_text(GOOD * 3000)
    args = ("audit", str(site), "--format", "json", "--no-cache", "--scheduler", "dask")
    proc = run(*args, "--max-seconds", "0.000001")
    assert proc.returncode == 2, proc.stderr
    [error] = json.loads(proc.stdout)["errors"]
    assert "took longer than 1e-06 s to audit" in error["message"]


def test_a_time_limit_in_a_thread_never_fires_after_its_block():
    """The timer is disarmed when the block ends, and an exception it set but the thread
    had not yet raised is dropped: nothing reaches the code after the block."""
    leaked: list[str] = []

    def work() -> None:
        for i in range(100):
            try:
                with deadline(0.002):
                    end = time.perf_counter() + (i % 5) * 0.001
                    while time.perf_counter() < end:
                        pass
            except TimeLimitExceeded:
                pass
            try:
                end = time.perf_counter() + 0.004
                while time.perf_counter() < end:
                    pass
            except TimeLimitExceeded:
                leaked.append(f"after block {i}")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive() and leaked == []


def test_standard_input_and_web_pages_are_audited_within_the_time_limit(
    tmp_path: Path, monkeypatch, capsys
):
    from loveaudit.runner import Runner
    from loveaudit.sources import read_string

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode())))
    assert main(["audit", "-", "--format", "json", "--no-cache", "--max-seconds", "1e-6"]) == 2
    [error] = json.loads(capsys.readouterr().out)["errors"]
    assert error["path"] == "<stdin>" and "(max-seconds)" in error["message"]
    runner = Runner(Config(limits=Limits(max_seconds=1e-6)), cache=None)
    page = read_string(GOOD, "text", "https://example.com/")
    [result] = runner.audit_documents([page])
    assert isinstance(result, InputError) and result.path == "https://example.com/"
