"""The calibration harness ranks pairs and singles and prints the We-We baseline beside."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES

HARNESS = Path(__file__).resolve().parents[1] / "benchmarks" / "judgment.py"


def _run(tmp_path: Path, items: list[dict], *extra: str) -> tuple[str, dict]:
    data = tmp_path / "set.jsonl"
    data.write_text("\n".join(json.dumps(i) for i in items) + "\n", "utf-8")
    out = tmp_path / "figures.json"
    proc = subprocess.run(
        [sys.executable, str(HARNESS), str(data), "--json", str(out), *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout, json.loads(out.read_text("utf-8"))


def _twins(kind: str, stem: str, suffix: str = ".txt") -> tuple[str, str]:
    """A sample's cold and loving versions, as text."""
    folder = SAMPLES / kind
    cold = (folder / f"{stem}-cold{suffix}").read_text("utf-8")
    return cold, (folder / f"{stem}-loving{suffix}").read_text("utf-8")


def _pair(kind: str, worse: str, better: str) -> dict:
    return {
        "id": f"{kind}-pair-01",
        "kind": kind,
        "set": "pair",
        "text": worse,
        "better_text": better,
        "label": "test",
    }


def test_pairs_and_singles_are_ranked_with_the_baseline_beside(tmp_path):
    cold, warm = _twins("email", "apology")
    items = [
        _pair("email", cold, warm),
        {"id": "email-single-01", "kind": "email", "set": "single", "text": warm, "label": "good"},
        {"id": "email-single-02", "kind": "email", "set": "single", "text": cold, "label": "bad"},
    ]
    stdout, figures = _run(tmp_path, items)
    assert (figures["email/pair"]["n"], figures["email/pair"]["loveaudit"]) == (1, 1.0)
    assert (figures["all/single"]["n"], figures["all/single"]["loveaudit"]) == (1, 1.0)
    assert "We-We" in stdout and "0 misranked" in stdout


def test_a_misranked_item_is_shown_with_its_scores_and_findings(tmp_path):
    cold, warm = _twins("invoice", "reminder")
    # the verdict reversed on purpose: the harness must report the miss
    stdout, figures = _run(tmp_path, [_pair("invoice", warm, cold)])
    assert figures["all/pair"]["loveaudit"] == 0.0
    assert "1 misranked" in stdout and "invoice-pair-01: better" in stdout
    assert "worse:  [" in stdout and "ease-demands(" in stdout


def test_ranking_by_one_dimension(tmp_path):
    cold, warm = _twins("web", "home")
    stdout, figures = _run(tmp_path, [_pair("web", cold, warm)], "--dimension", "focus")
    assert "ranking by focus" in stdout and figures["web/pair"]["loveaudit"] == 1.0


def _probe_figures(tmp_path: Path, name: str) -> tuple[dict, dict]:
    """The harness's figures for all pairs and all singles of one of benchmarks/probes."""
    out = tmp_path / "figures.json"
    subprocess.run(
        [
            sys.executable,
            str(HARNESS),
            str(HARNESS.parent / "probes" / name),
            "--quiet",
            "--json",
            str(out),
        ],
        capture_output=True,
        check=True,
    )
    figures = json.loads(out.read_text("utf-8"))
    return figures["all/pair"], figures["all/single"]


def test_copy_written_blind_to_the_rules_is_ranked_well_above_we_we(tmp_path):
    # benchmarks/probes: 64 pairs and 40 singles written without sight of the rule packs;
    # a floor under the figures measured when it was added (pairs 89%, singles 96%). Since
    # the score is led by the worst problem and by what the purpose owes, pairs measure 84%
    # (singles 98%): a plain, factual better version of a bill now loses to a "friendly"
    # vague one on the touch point's bill prior, and some better versions add a cliché
    pairs, singles = _probe_figures(tmp_path, "probes.jsonl")
    assert (pairs["n"], singles["n"]) == (64, 100)
    assert pairs["loveaudit"] >= 0.8 and singles["loveaudit"] >= 0.9
    assert pairs["loveaudit"] > pairs["wewe"] + 0.2
    assert singles["loveaudit"] > singles["wewe"] + 0.1


# The later blind sets (benchmarks/probes/README.md tells each one's story): the set, its
# (pairs, singles) counts, the floors under loveaudit's share of each, and how far above
# the We-We baseline each must stay.
#   probes-2, probes-4, probes-6: only measured (82%/97%, 92%/94%, 97%/100% on arrival)
#   probes-3, probes-5: helped find gaps (92%/100%; 83% -> 92% and 95% -> 98%)
#   probes-7: short bills and interface lines, the weakest (68% -> 73% pairs); its floor
#   keeps it from sliding back while it is worked on
#   probes-12, probes-14: helped find gaps (90%/89% -> 94%/97%; 86%/100%)
#   probes-13, probes-15, probes-16: only measured (79%/96%, 83%/100% and 84%/100% by the
#   code before they came)
LATER_SETS = [
    ("probes-2.jsonl", (40, 36), 0.75, 0.9, 0.0, 0.0),
    ("probes-3.jsonl", (48, 64), 0.85, 0.9, 0.2, 0.0),
    ("probes-4.jsonl", (40, 36), 0.85, 0.9, 0.2, 0.0),
    ("probes-5.jsonl", (48, 64), 0.85, 0.9, 0.2, 0.0),
    ("probes-6.jsonl", (32, 36), 0.85, 0.9, 0.2, 0.0),
    ("probes-7.jsonl", (44, 50), 0.65, 0.85, 0.2, 0.3),
    ("probes-8.jsonl", (48, 80), 0.85, 0.75, 0.2, 0.2),
    ("probes-9.jsonl", (44, 92), 0.62, 0.9, 0.2, 0.1),
    ("probes-10.jsonl", (48, 100), 0.88, 0.85, 0.2, 0.1),
    ("probes-11.jsonl", (48, 100), 0.82, 0.72, 0.2, 0.05),
    ("probes-12.jsonl", (48, 100), 0.85, 0.85, 0.2, 0.1),
    ("probes-13.jsonl", (48, 100), 0.72, 0.9, 0.15, 0.2),
    ("probes-14.jsonl", (64, 36), 0.8, 0.9, 0.2, 0.1),
    ("probes-15.jsonl", (64, 36), 0.75, 0.9, 0.2, 0.2),
    ("probes-16.jsonl", (56, 36), 0.75, 0.9, 0.15, 0.2),
    ("probes-18.jsonl", (48, 100), 0.72, 0.85, 0.15, 0.3),
    ("probes-19.jsonl", (48, 100), 0.75, 0.85, 0.2, 0.3),
]


@pytest.mark.parametrize(
    ("name", "counts", "pair_floor", "single_floor", "pair_margin", "single_margin"), LATER_SETS
)
def test_later_blind_sets_stay_ranked_above_we_we(
    tmp_path, name, counts, pair_floor, single_floor, pair_margin, single_margin
):
    pairs, singles = _probe_figures(tmp_path, name)
    assert (pairs["n"], singles["n"]) == counts
    assert pairs["loveaudit"] >= pair_floor and singles["loveaudit"] >= single_floor
    assert pairs["loveaudit"] > pairs["wewe"] + pair_margin
    assert singles["loveaudit"] > singles["wewe"] + single_margin
