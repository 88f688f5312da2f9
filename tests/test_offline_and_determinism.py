"""The audit never touches the network, and the same input gives the same bytes."""

from __future__ import annotations

import textstat

from conftest import SAMPLE_COUNT, SAMPLES
from loveaudit import Auditor, Config
from loveaudit.report import render


def test_whole_audit_of_samples_runs_with_sockets_disabled(no_network, samples_config):
    auditor = Auditor(samples_config)
    report = auditor.report(auditor.audit_paths([str(SAMPLES)]))
    assert len(report.documents) == SAMPLE_COUNT and not report.errors
    # textstat's syllables come from the installed CMU dictionary, not a download
    assert textstat.syllable_count("appreciation") == 5
    assert textstat.flesch_reading_ease("You get your order tomorrow. Thank you!") > 60


def _json(config: Config) -> str:
    auditor = Auditor(config)
    return render(auditor.report(auditor.audit_paths([str(SAMPLES)])), "json")


def test_json_is_byte_identical_across_runs(samples_config):
    assert _json(samples_config) == _json(samples_config)


def test_json_reports_keep_the_standard_library_layout(samples_config):
    # reports are written by orjson for speed; the bytes must be those json.dumps(indent=2,
    # ensure_ascii=False) writes, so a diff of two reports never shows a change of layout
    import json

    from loveaudit.jsontext import dumps

    text = _json(samples_config)
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert dumps(data, indent=False) == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # values orjson refuses still render, through the standard library
    odd = {"text": "broken \ud800 surrogate", "big": 2**70, "é": [1.5, None, True]}
    assert dumps(odd) == json.dumps(odd, indent=2, ensure_ascii=False)


# Run in a fresh interpreter: an audit hook sees every socket made from the first import of
# loveaudit on, including any a dependency opens as it loads (urllib3 probes for IPv6).
_SOCKET_WATCH = """
import sys
made = []
sys.addaudithook(lambda event, args: made.append(args) if event == "socket.__new__" else None)
from loveaudit.cli import main
status = main(sys.argv[1:])
print("sockets made:", len(made), file=sys.stderr)
sys.exit(status)
"""


def test_a_files_only_audit_makes_no_socket_at_all(tmp_path):
    import subprocess
    import sys

    page = tmp_path / "page.html"
    page.write_text("<main><h1>Welcome</h1><p>You get your order tomorrow.</p></main>")
    files = [
        SAMPLES / "web" / "about-cold.md",
        SAMPLES / "email" / "refund-cold.eml",
        SAMPLES / "invoice" / "statement-cold.pdf",
        SAMPLES / "hold" / "queue-cold.ssml",
        page,
    ]
    args = ["audit", *map(str, files), "--no-cache", "--format", "json"]
    proc = subprocess.run(
        [sys.executable, "-c", _SOCKET_WATCH, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"documents"' in proc.stdout
    assert "sockets made: 0" in proc.stderr, proc.stderr
