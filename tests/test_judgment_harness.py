"""The calibration harness ranks pairs and singles and prints the We-We baseline beside."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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


def test_pairs_and_singles_are_ranked_with_the_baseline_beside(tmp_path):
    cold = (SAMPLES / "email" / "apology-cold.txt").read_text("utf-8")
    warm = (SAMPLES / "email" / "apology-loving.txt").read_text("utf-8")
    items = [
        {
            "id": "email-pair-01",
            "kind": "email",
            "set": "pair",
            "text": cold,
            "better_text": warm,
            "label": "cold -> loving",
        },
        {"id": "email-single-01", "kind": "email", "set": "single", "text": warm, "label": "good"},
        {"id": "email-single-02", "kind": "email", "set": "single", "text": cold, "label": "bad"},
    ]
    stdout, figures = _run(tmp_path, items)
    assert figures["email/pair"] == {
        "n": 1,
        "loveaudit": 1.0,
        "wewe": figures["email/pair"]["wewe"],
    }
    assert figures["all/single"]["n"] == 1 and figures["all/single"]["loveaudit"] == 1.0
    assert "We-We" in stdout and "0 misranked" in stdout


def test_a_misranked_item_is_shown_with_its_scores_and_findings(tmp_path):
    cold = (SAMPLES / "invoice" / "reminder-cold.txt").read_text("utf-8")
    warm = (SAMPLES / "invoice" / "reminder-loving.txt").read_text("utf-8")
    items = [  # the verdict reversed on purpose: the harness must report the miss
        {
            "id": "invoice-pair-01",
            "kind": "invoice",
            "set": "pair",
            "text": warm,
            "better_text": cold,
            "label": "reversed",
        },
    ]
    stdout, figures = _run(tmp_path, items)
    assert figures["all/pair"]["loveaudit"] == 0.0
    assert "1 misranked" in stdout and "invoice-pair-01: better" in stdout
    assert "worse:  [" in stdout and "ease-demands(" in stdout


def test_ranking_by_one_dimension(tmp_path):
    cold = (SAMPLES / "web" / "home-cold.txt").read_text("utf-8")
    warm = (SAMPLES / "web" / "home-loving.txt").read_text("utf-8")
    items = [
        {
            "id": "web-pair-01",
            "kind": "web",
            "set": "pair",
            "text": cold,
            "better_text": warm,
            "label": "x",
        }
    ]
    stdout, figures = _run(tmp_path, items, "--dimension", "focus")
    assert "ranking by focus" in stdout and figures["web/pair"]["loveaudit"] == 1.0
