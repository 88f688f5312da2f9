"""Each rule against its own fixture: copy that must fire, traps that must not, and where.

Fixtures live in tests/rules/<rule-id>.yaml and run with only that rule enabled, on the
built-in pipeline and (when installed) on the trained one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from loveaudit import Auditor, Config
from loveaudit.packs import load_ruleset
from loveaudit.sources import read_bytes, read_string

FIXTURES = sorted((Path(__file__).parent / "rules").glob("*.yaml"))


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_rule_has_a_fixture_with_a_hit_and_a_trap():
    ruleset = load_ruleset()
    ids = {r.id for r in (*ruleset.rules, *ruleset.off)}
    covered = {}
    for path in FIXTURES:
        data = _load(path)
        assert data["rule"] == path.stem, path
        assert data["rule"] in ids, f"{path.name} names no real rule"
        cases = [c for c in data["cases"] if "xfail" not in c]  # a known failure proves nothing
        covered[data["rule"]] = (any(c["fire"] for c in cases), any(not c["fire"] for c in cases))
    for rule_id in sorted(ids):
        assert covered.get(rule_id) == (True, True), f"{rule_id} needs a hit and a trap"


_auditors: dict[tuple, Auditor] = {}


def _auditor(
    rule: str, brands: tuple[str, ...], model: str | None, params: tuple = ()
) -> Auditor:
    """``params``: overrides the fixture file sets for its rule, as a user's configuration
    would (a threshold the built-in pack sets where its findings stay quiet)."""
    key = (rule, brands, model, params)
    if key not in _auditors:
        config = Config(select=(rule,), brands=brands, rules={rule: dict(params)} if params else {})
        _auditors[key] = Auditor(config, model=model)
    return _auditors[key]


CASES = [
    pytest.param(path, i, id=f"{path.stem}:{case['name']}")
    for path in FIXTURES
    for i, case in enumerate(_load(path)["cases"])
]


def _run(path: Path, index: int, model: str | None) -> None:
    data = _load(path)
    case = data["cases"][index]
    if "pipelines" in case and ("trained" if model else "builtin") not in case["pipelines"]:
        pytest.skip("case is for the other pipeline")
    params = tuple(sorted((data.get("params") or {}).items()))
    auditor = _auditor(data["rule"], tuple(data.get("brands", ())), model, params)
    if "encoding" in case:
        document = read_bytes(case["text"].encode(case["encoding"]), "case.txt")
    else:
        document = read_string(case["text"], case.get("format", "text"), "case.txt")
    document = document.with_kind(case["kind"], "fixture")
    if "purpose" in case:  # what the copy is for, where its content alone would not say
        document = document.with_purpose(case["purpose"], "fixture")
    result = next(auditor.audit([document], keep_text=True))
    findings = [f for f in result.findings if f.rule == data["rule"]]
    try:
        assert [f.text for f in findings] == case["fire"]
        for f in findings:  # the span is where the text is
            assert result.text[f.start : f.end] == f.text
        if "rewrite" in case:
            assert [f.rewrite for f in findings] == case["rewrite"]
        if "severity" in case:
            assert [f.severity for f in findings] == case["severity"]
    except AssertionError:
        # A known gap in a lexicon or check: the case keeps its honest expectation and
        # names the reason.
        if "xfail" in case:
            pytest.xfail(case["xfail"])
        raise
    if "xfail" in case:  # strict: a fixed gap must lose its marker, so it cannot regress
        pytest.fail(f"case passes now; remove its xfail: {case['xfail']}")


@pytest.mark.parametrize(("path", "index"), CASES)
def test_rule_fixture_builtin(path, index):
    _run(path, index, None)


@pytest.mark.trained
@pytest.mark.parametrize(("path", "index"), CASES)
def test_rule_fixture_trained(path, index, trained_model):
    _run(path, index, trained_model)
