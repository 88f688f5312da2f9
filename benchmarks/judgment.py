"""Calibration harness: does loveaudit rank copy the way published experts do?

Reads a JSON Lines file of real texts with verdicts (format: ../shared/devset/README.md):
pairs (the better version must score strictly higher) and singles (within a kind, every
text the source recommends must outscore every `bad` or `company-centric` one). The
recommended texts are the `good` ones and, in devset-2, the `friendly`, `firm` and `final`
dunning texts: the set's README says the source recommends each for its stage, "so they
are not bad", and they are not ranked against each other. Prints accuracy per kind
and set beside the classic We-We baseline (share of you-words among you- and we-words),
and, for each miss, the two scores and the findings that decided them.

    python benchmarks/judgment.py ../shared/devset/devset.jsonl [--dimension focus] [--json F]

The texts are read at run time and never stored in the project.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from loveaudit import Auditor
from loveaudit.config import load_config
from loveaudit.model import DocumentResult
from loveaudit.sources import read_string

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "devset" / "devset.jsonl"
# the single labels (README of the dev sets): what the source recommends, what it criticises
RECOMMENDED = frozenset({"good", "friendly", "firm", "final"})
CRITICISED = frozenset({"bad", "company-centric"})
_YOU = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.I)
_WE = re.compile(r"\b(?:we|us|our|ours|ourselves)\b", re.I)


def _label_class(item: dict) -> str:
    """The label's class: its first word, before any detail in parentheses."""
    return item["label"].split("(", 1)[0].strip().split(" ", 1)[0].lower()


def wewe(text: str) -> float:
    """The We-We calculator's customer share: you-words over you- plus we-words."""
    you = len(_YOU.findall(text))
    we = len(_WE.findall(text))
    return you / (you + we) if you + we else 0.5


def score_of(result: DocumentResult, dimension: str | None) -> float:
    value = result.dimensions.get(dimension) if dimension else result.score
    return 50.0 if value is None else value  # nothing to judge: neutral


def explain(result: DocumentResult, dimension: str | None) -> str:
    """The dimensions, then the rules that cost the most (weight x evidence x shortfall),
    each with the first text it found: what decided the score."""
    dims = ", ".join(f"{k} {v:.0f}" for k, v in result.dimensions.items())
    first: dict[str, str] = {}
    for f in result.findings:
        first.setdefault(f.rule, f.text)
    costs = sorted(
        (
            (o.weight * o.evidence * (1 - o.score), o.rule)
            for o in result.outcomes
            if o.applicable
            and o.score is not None
            and o.score < 1
            and (not dimension or o.dimension == dimension)
        ),
        reverse=True,
    )
    rules = ", ".join(f"{rule}({first.get(rule, '')[:30]!r})" for _, rule in costs[:6])
    return f"[{dims}] {rules}"


def _count(tally: dict, kind: str, set_: str, ours: bool, base: bool) -> None:
    """One comparison, counted for its kind and for all kinds."""
    for key in ((kind, set_), ("all", set_)):
        tally[key][0] += ours
        tally[key][1] += base
        tally[key][2] += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--dimension", help="rank by one dimension instead of the love score")
    parser.add_argument("--model", help="spaCy pipeline (default: built-in)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--quiet", action="store_true", help="no per-miss lines")
    parser.add_argument(
        "--config", type=Path, help="a loveaudit.toml to calibrate with (threshold overrides)"
    )
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"no dev set at {args.path}", file=sys.stderr)
        return 2
    items = [json.loads(line) for line in args.path.read_text("utf-8").splitlines() if line.strip()]
    config = load_config(args.config) if args.config else None
    auditor = Auditor(config, model=args.model)

    def audit(text: str, kind: str) -> DocumentResult:
        document = read_string(text, "text", None).with_kind(kind, "dev set")
        return next(auditor.audit([document]))

    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # ours, wewe, n
    misses: list[str] = []
    singles: dict[str, list[tuple[dict, DocumentResult]]] = defaultdict(list)
    for item in items:
        kind = item["kind"]
        if item["set"] == "pair":
            worse, better = audit(item["text"], kind), audit(item["better_text"], kind)
            ours = score_of(better, args.dimension) > score_of(worse, args.dimension)
            base = wewe(item["better_text"]) > wewe(item["text"])
            _count(tally, kind, "pair", ours, base)
            if not ours:
                misses.append(
                    f"{item['id']}: better {score_of(better, args.dimension):.1f} "
                    f"vs worse {score_of(worse, args.dimension):.1f} ({item['label']})\n"
                    f"    worse:  {explain(worse, args.dimension)}\n"
                    f"    better: {explain(better, args.dimension)}"
                )
        else:
            singles[kind].append((item, audit(item["text"], kind)))
    for kind, entries in sorted(singles.items()):
        good = [e for e in entries if _label_class(e[0]) in RECOMMENDED]
        bad = [e for e in entries if _label_class(e[0]) in CRITICISED]
        for item, _ in entries:
            if _label_class(item) not in RECOMMENDED | CRITICISED:
                print(
                    f"{item['id']}: label {item['label']!r} is neither recommended nor "
                    "criticised; left out of the singles",
                    file=sys.stderr,
                )
        for (g, gr), (b, br) in itertools.product(good, bad):
            ours = score_of(gr, args.dimension) > score_of(br, args.dimension)
            base = wewe(g["text"]) > wewe(b["text"])
            _count(tally, kind, "single", ours, base)
            if not ours:
                misses.append(
                    f"{g['id']} (good) {score_of(gr, args.dimension):.1f} <= "
                    f"{b['id']} ({b['label']}) {score_of(br, args.dimension):.1f}\n"
                    f"    good: {explain(gr, args.dimension)}\n"
                    f"    bad:  {explain(br, args.dimension)}"
                )
    print(
        f"loveaudit judgment on {args.path.name}: {len(items)} items, pipeline "
        f"{auditor.pipeline.name}, ranking by {args.dimension or 'love score'}"
    )
    print(f"{'kind':<9}{'set':<8}{'n':>5}{'loveaudit':>11}{'We-We':>8}")
    figures = {}
    for (kind, set_), (ours, base, n) in sorted(
        tally.items(), key=lambda kv: (kv[0][0] == "all", kv[0])
    ):
        print(f"{kind:<9}{set_:<8}{n:>5}{ours / n:>10.0%}{base / n:>8.0%}")
        figures[f"{kind}/{set_}"] = {"n": n, "loveaudit": ours / n, "wewe": base / n}
    if not args.quiet:
        print(f"\n{len(misses)} misranked:")
        print("\n".join(misses))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
