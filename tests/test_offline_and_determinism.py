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
