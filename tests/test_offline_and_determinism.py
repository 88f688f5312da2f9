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
