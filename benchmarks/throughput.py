"""Throughput, memory and long-document benchmark for loveaudit.

Usage::

    python benchmarks/throughput.py                 # 500,000 words, the default
    python benchmarks/throughput.py --words 100000 --json figures.json
    python benchmarks/throughput.py --profile 25    # also profile one audit pass
    python benchmarks/throughput.py --corpus DIR --breakdown   # real files; cost per check

What it measures, all in one process except the memory runs:

* FLOOR: ``for doc in nlp.pipe(texts, batch_size=64): pass`` with the spaCy pipeline the
  auditor uses, loaded a second time, over the same texts. Nothing loveaudit adds can be
  faster than this. A second instance, because the floor would otherwise fill the
  tokenizer cache the audit then reads for free (the audit reads in memory zones, where
  spaCy caches nothing; see `Pipeline.keep_recurring`).
* WHOLE AUDIT: ``for r in auditor.audit(docs): document_dict(r)`` over the same documents
  (reading into `Document`s is done beforehand; rendering the JSON dict is timed, because
  it is part of a whole audit).
  Both are run ``--repeats`` times, interleaved (floor, audit, floor, audit, ...), each
  round from a fresh load of both, so that neither reads a cache an earlier round filled,
  and the median is reported; the ratio audit/floor should be at least 0.6. ``--corpus
  DIR`` times real files instead of the synthetic corpus.
* BREAKDOWN (``--breakdown``): one cold pass of the whole audit, timed per check type,
  and one with every check replaced by one that finds nothing (the framework alone), so
  the table says what the checks may cost for the ratio to reach its target.
* MEMORY: the audit is run in a fresh subprocess over N/4 and N words, with documents
  generated lazily and results streamed (only counted), and the peak RSS of each process
  is reported (``VmHWM`` on Linux, else ``ru_maxrss``; see `_peak_kib`), also as it stood
  after loading and a short warm-up; a flat profile gives a ratio close to 1.
* LONG DOCUMENT: one document of ``--long-words`` words against the same text cut into
  documents of about 500 words; time per word of each and their ratio (close to 1 means
  linear in document length). Medians of up to ``--repeats`` rounds; no further round is
  started once the case has taken LONG_DOC_BUDGET seconds.

The corpus is synthetic and deterministic (fixed seed): paragraphs sampled from the files
in ``samples/``, read at run time with `loveaudit.sources.read_path`, assembled into
documents of 150-600 words, kinds assigned round-robin web/invoice/hold/email.

Only the standard library, loveaudit and spaCy are used.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import platform
import pstats
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import spacy

from loveaudit import Auditor, __version__
from loveaudit.checks.base import CheckResult
from loveaudit.document import Document
from loveaudit.errors import SourceError
from loveaudit.nlp import Pipeline
from loveaudit.report.json import document_dict
from loveaudit.sources import expand, read_path, read_string

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
KINDS = ("web", "invoice", "hold", "email")
MIN_WORDS, MAX_WORDS = 150, 600
SHORT_DOC_WORDS = 500
TARGET_RATIO = 0.6
LONG_DOC_BUDGET = 10.0  # seconds; past this the long-document case is not repeated
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


# -- corpus -------------------------------------------------------------------------------
def load_paragraphs(samples: Path = SAMPLES) -> list[tuple[str, int]]:
    """Paragraphs (text, whitespace word count) of every sample document, in a fixed order."""
    paragraphs: list[tuple[str, int]] = []
    for kind in KINDS:
        for path in sorted((samples / kind).iterdir()):
            if not path.is_file():
                continue
            document = read_path(path)
            for raw in _PARAGRAPH_BREAK.split(document.text):
                text = raw.strip()
                words = len(text.split())
                if 0 < words <= MAX_WORDS:
                    paragraphs.append((text, words))
    if not paragraphs:
        raise SystemExit(f"no sample paragraphs found under {samples}")
    return paragraphs


def generate_texts(paragraphs: list[tuple[str, int]], words: int, seed: int) -> Iterator[str]:
    """Documents of MIN_WORDS..MAX_WORDS words until at least ``words`` words in all.

    A generator, so that the memory runs need not hold the corpus; the same seed always
    gives the same texts.
    """
    rng = random.Random(seed)
    total = 0
    while total < words:
        target = rng.randint(MIN_WORDS, MAX_WORDS)
        parts: list[str] = []
        count = 0
        attempts = 0
        while count < target and attempts < 1000:
            text, n = rng.choice(paragraphs)
            attempts += 1
            if count + n > MAX_WORDS:
                if count >= MIN_WORDS:
                    break
                continue
            parts.append(text)
            count += n
        total += count
        yield "\n\n".join(parts)


def load_corpus(folder: Path, auditor: Auditor) -> list[Document]:
    """Every readable file under ``folder``, read as the CLI reads a file, its kind decided
    as the CLI decides it (cues, else web), with the default configuration (a
    ``loveaudit.toml`` in the folder is not read: no brands, kind globs or excludes).
    Real copy is what users audit: its vocabulary is tens of times the samples', so
    spaCy's tokenizer cache, which serves nearly every word of the synthetic corpus,
    serves far fewer, and the floor is the tokenizer's real work (see
    docs/scale.md#throughput)."""
    documents = []
    for item in expand([str(folder)]):
        if isinstance(item, SourceError):  # a folder that could not be listed
            print(f"  skipped {item.path}: {item.message}", file=sys.stderr)
            continue
        try:
            documents.append(auditor.prepare(read_path(Path(item))))
        except SourceError as exc:
            print(f"  skipped {exc.path}: {exc.message}", file=sys.stderr)
    if not documents:
        raise SystemExit(f"no readable files under {folder}")
    return documents


def make_document(text: str, index: int, kind: str | None = None) -> Document:
    document = read_string(text, "text", f"bench/{index:06d}.txt")
    return document.with_kind(kind or KINDS[index % len(KINDS)], "benchmark")


def count_words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


# -- timing -------------------------------------------------------------------------------
def floor_pipeline(auditor: Auditor) -> spacy.language.Language:
    """The auditor's pipeline, loaded again: same components, its own caches."""
    return Pipeline.load(auditor.model, auditor.ruleset.sign_offs).nlp


def run_floor(nlp: spacy.language.Language, texts: list[str]) -> float:
    gc.collect()
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - start


def run_audit(auditor: Auditor, documents: list[Document]) -> tuple[float, int]:
    gc.collect()
    findings = 0
    start = time.perf_counter()
    for result in auditor.audit(documents):
        findings += len(document_dict(result)["findings"])
    return time.perf_counter() - start, findings


def throughput(auditor: Auditor, texts: list[str], documents: list[Document], repeats: int) -> dict:
    words = count_words(texts)
    floor_times: list[float] = []
    audit_times: list[float] = []
    findings = 0
    for i in range(repeats):
        # Each round starts both from a fresh load: a pipeline that has read the corpus
        # once remembers how it split every chunk, and the floor (which forgets nothing)
        # would then time its cache, while the audit, which reads in memory zones to stay
        # in flat memory, keeps only the chunks that recur across documents.
        if i:
            auditor = Auditor(None, model=auditor.model)
        nlp = floor_pipeline(auditor)
        # untimed warm-up of both paths on a slice (lazy imports, first-call caches)
        run_floor(nlp, texts[:32])
        run_audit(auditor, documents[:32])
        floor_times.append(run_floor(nlp, texts))
        elapsed, findings = run_audit(auditor, documents)
        audit_times.append(elapsed)
        print(
            f"  run {i + 1}/{repeats}: floor {floor_times[-1]:.2f} s, "
            f"audit {audit_times[-1]:.2f} s",
            file=sys.stderr,
        )
    floor = statistics.median(floor_times)
    audit = statistics.median(audit_times)
    return {
        "documents": len(documents),
        "words": words,
        # distinct white-space chunks: what spaCy's tokenizer cache is keyed by
        "distinct_chunks": len({chunk for text in texts for chunk in text.split()}),
        "findings": findings,
        "floor_seconds": floor_times,
        "audit_seconds": audit_times,
        "floor_median_seconds": floor,
        "audit_median_seconds": audit,
        "floor_words_per_second": words / floor,
        "audit_words_per_second": words / audit,
        "ratio_audit_to_floor": floor / audit,
        "target_ratio": TARGET_RATIO,
    }


def long_document(
    auditor: Auditor, paragraphs: list[tuple[str, int]], words: int, seed: int, repeats: int
) -> dict:
    """One long document against the same paragraphs cut into ~500-word documents."""
    rng = random.Random(seed + 1)
    chosen: list[tuple[str, int]] = []
    total = 0
    while total < words:
        chosen.append(rng.choice(paragraphs))
        total += chosen[-1][1]
    long_text = "\n\n".join(text for text, _ in chosen)
    short_texts: list[str] = []
    parts: list[str] = []
    count = 0
    for text, n in chosen:
        parts.append(text)
        count += n
        if count >= SHORT_DOC_WORDS:
            short_texts.append("\n\n".join(parts))
            parts, count = [], 0
    if parts:
        short_texts.append("\n\n".join(parts))
    long_docs = [make_document(long_text, 0, "web")]
    short_docs = [make_document(t, i, "web") for i, t in enumerate(short_texts)]
    long_words = count_words([long_text])
    short_words = count_words(short_texts)
    nlp = floor_pipeline(auditor)
    long_audit, short_audit, long_floor, short_floor = [], [], [], []
    started = time.perf_counter()
    for _ in range(repeats):
        short_floor.append(run_floor(nlp, short_texts))
        long_floor.append(run_floor(nlp, [long_text]))
        short_audit.append(run_audit(auditor, short_docs)[0])
        long_audit.append(run_audit(auditor, long_docs)[0])
        if time.perf_counter() - started > LONG_DOC_BUDGET:
            break  # a badly non-linear audit would blow the run time; one round tells
    per_word = {
        "long_audit": statistics.median(long_audit) / long_words,
        "short_audit": statistics.median(short_audit) / short_words,
        "long_floor": statistics.median(long_floor) / long_words,
        "short_floor": statistics.median(short_floor) / short_words,
    }
    return {
        "runs": len(long_audit),
        "long_words": long_words,
        "short_documents": len(short_texts),
        "short_words": short_words,
        "audit_microseconds_per_word_long": per_word["long_audit"] * 1e6,
        "audit_microseconds_per_word_short": per_word["short_audit"] * 1e6,
        "audit_ratio_long_to_short": per_word["long_audit"] / per_word["short_audit"],
        "floor_microseconds_per_word_long": per_word["long_floor"] * 1e6,
        "floor_microseconds_per_word_short": per_word["short_floor"] * 1e6,
        "floor_ratio_long_to_short": per_word["long_floor"] / per_word["short_floor"],
    }


# -- memory -------------------------------------------------------------------------------
def _maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _peak_kib() -> int:
    """Peak RSS of this process in KiB.

    Linux's ``ru_maxrss`` survives ``execve``: a child started by a parent that holds the
    corpus reports the parent's high-water mark at fork time. ``VmHWM`` belongs to the
    process's own address space, so it is used where there is one; ``ru_maxrss`` otherwise.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return _maxrss_kib()


def rss_child(words: int, seed: int, model: str | None) -> None:
    """Hidden mode: audit ``words`` words streamed, print one JSON line with peak RSS."""
    auditor = Auditor(None, model=model)
    paragraphs = load_paragraphs()
    # warm up on a few documents so the baseline includes first-call allocations
    warm = generate_texts(paragraphs, 2_000, seed + 2)
    for result in auditor.audit(make_document(t, i) for i, t in enumerate(warm)):
        document_dict(result)
    gc.collect()
    baseline = _peak_kib()
    documents = findings = counted = 0
    texts = generate_texts(paragraphs, words, seed)
    for result in auditor.audit(make_document(t, i) for i, t in enumerate(texts)):
        findings += len(document_dict(result)["findings"])
        documents += 1
        counted += result.words
    print(
        json.dumps(
            {
                "words_requested": words,
                "documents": documents,
                "auditor_words": counted,
                "findings": findings,
                "baseline_kib": baseline,
                "peak_kib": _peak_kib(),
                "ru_maxrss_kib": _maxrss_kib(),
            }
        )
    )


def memory(words: int, seed: int, model: str | None) -> dict:
    runs = {}
    for label, size in (("small", max(words // 4, 1)), ("large", words)):
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--rss-child",
            str(size),
            "--seed",
            str(seed),
        ]
        if model:
            command += ["--model", model]
        print(f"  memory run ({label}, {size:,} words) in a subprocess", file=sys.stderr)
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"memory subprocess failed:\n{done.stderr}")
        runs[label] = json.loads(done.stdout.strip().splitlines()[-1])
    small, large = runs["small"], runs["large"]
    growth_small = small["peak_kib"] - small["baseline_kib"]
    growth_large = large["peak_kib"] - large["baseline_kib"]
    return {
        "small": small,
        "large": large,
        "peak_ratio_large_to_small": large["peak_kib"] / small["peak_kib"],
        "growth_after_warmup_kib": {"small": growth_small, "large": growth_large},
    }


# -- profile ------------------------------------------------------------------------------
def breakdown(model: str | None, documents: list[Document], texts: list[str]) -> dict:
    """Where one cold audit pass spends its time: the floor, the audit with every check
    replaced by one that finds nothing (the framework: spaCy's pass, lexicon matching,
    scoring, the JSON of each document), and each check type's own time. What several
    checks share (sentence sentiment, readability counts, a pattern's matches) is made
    once per document and charged to the first check that asks for it."""
    spent: dict[str, float] = {}
    auditor = Auditor(None, model=model)
    for name, check in auditor._checks.items():  # an instance attribute shadows the method
        check.run = _timed(check.run, name, spent)
    run_audit(auditor, documents[:32])
    spent.clear()
    whole, _ = run_audit(auditor, documents)
    bare = Auditor(None, model=model)
    for check in bare._checks.values():
        check.run = _finds_nothing
    run_audit(bare, documents[:32])
    framework, _ = run_audit(bare, documents)
    nlp = floor_pipeline(bare)
    run_floor(nlp, texts[:32])
    floor = run_floor(nlp, texts)
    return {
        "floor_seconds": floor,
        "audit_seconds": whole,
        "framework_seconds": framework,
        "checks_seconds": dict(sorted(spent.items(), key=lambda item: -item[1])),
        # what the checks may cost, at most, for the audit to reach TARGET_RATIO
        "checks_budget_seconds": floor / TARGET_RATIO - framework,
    }


def _timed(run, name: str, spent: dict[str, float]):
    def timed(ann, params):
        start = time.perf_counter()
        try:
            return run(ann, params)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

    return timed


def _finds_nothing(ann, params) -> CheckResult:
    return CheckResult(score=1.0)


def profile(auditor: Auditor, documents: list[Document], lines: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for result in auditor.audit(documents):
        document_dict(result)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


# -- output -------------------------------------------------------------------------------
def print_table(figures: dict) -> None:
    t = figures["throughput"]
    verdict = "OK" if t["ratio_audit_to_floor"] >= TARGET_RATIO else "BELOW TARGET"
    rows = [
        (
            "corpus",
            f"{t['documents']:,} documents, {t['words']:,} words ({t['findings']:,} findings)",
        ),
        ("", f"{figures['corpus']}: {t['distinct_chunks']:,} distinct chunks"),
        (
            "floor (nlp.pipe)",
            f"{t['floor_words_per_second']:>12,.0f} words/s"
            f"   median {t['floor_median_seconds']:.2f} s",
        ),
        (
            "whole audit",
            f"{t['audit_words_per_second']:>12,.0f} words/s"
            f"   median {t['audit_median_seconds']:.2f} s",
        ),
        (
            "ratio audit/floor",
            f"{t['ratio_audit_to_floor']:>12.3f}   target >= {TARGET_RATIO}  {verdict}",
        ),
    ]
    m = figures.get("memory")
    if m:
        rows += [
            (
                f"peak RSS {m['small']['words_requested']:,} w",
                f"{m['small']['peak_kib'] / 1024:>12.1f} MiB"
                f"   (after warm-up {m['small']['baseline_kib'] / 1024:.1f} MiB)",
            ),
            (
                f"peak RSS {m['large']['words_requested']:,} w",
                f"{m['large']['peak_kib'] / 1024:>12.1f} MiB"
                f"   (after warm-up {m['large']['baseline_kib'] / 1024:.1f} MiB)",
            ),
            ("RSS ratio large/small", f"{m['peak_ratio_large_to_small']:>12.3f}"),
        ]
    ld = figures.get("long_doc")
    if ld:
        rows += [
            (
                f"audit 1 x {ld['long_words']:,} w ({ld['runs']} run(s))",
                f"{ld['audit_microseconds_per_word_long']:>12.2f} us/word"
                f"   floor {ld['floor_microseconds_per_word_long']:.2f} us/word",
            ),
            (
                f"audit {ld['short_documents']} x ~{SHORT_DOC_WORDS} w",
                f"{ld['audit_microseconds_per_word_short']:>12.2f} us/word"
                f"   floor {ld['floor_microseconds_per_word_short']:.2f} us/word",
            ),
            (
                "long-doc ratio long/short",
                f"{ld['audit_ratio_long_to_short']:>12.3f}"
                f"   floor {ld['floor_ratio_long_to_short']:.3f}",
            ),
        ]
    b = figures.get("breakdown")
    if b:
        words = t["words"]

        def per_word(seconds: float) -> str:
            return f"{seconds * 1e6 / words:>12.2f} us/word"

        rows += [
            ("breakdown: floor", per_word(b["floor_seconds"])),
            ("  whole audit", per_word(b["audit_seconds"])),
            ("  with no checks", per_word(b["framework_seconds"])),
            ("  checks' budget", per_word(max(b["checks_budget_seconds"], 0.0))),
        ]
        checks = b["checks_seconds"]
        rows += [(f"  {name}", per_word(seconds)) for name, seconds in list(checks.items())[:10]]
        if len(checks) > 10:
            rows.append(
                (f"  {len(checks) - 10} other checks", per_word(sum(list(checks.values())[10:])))
            )
    width = max(len(label) for label, _ in rows)
    print(
        f"loveaudit {figures['loveaudit']} | spaCy {figures['spacy']} | "
        f"Python {figures['python']} | {figures['pipeline']}"
    )
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--words", type=int, default=500_000, help="words in the synthetic corpus (default: 500000)"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        metavar="DIR",
        help="time the audit and the floor on the files under DIR (real copy) instead of "
        "the synthetic corpus; the memory and long-document runs stay synthetic",
    )
    parser.add_argument("--seed", type=int, default=20240601, help="random seed")
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="interleaved floor/audit runs; the median is reported (default: 3)",
    )
    parser.add_argument(
        "--model", default=None, help="spaCy pipeline for the auditor (default: the built-in one)"
    )
    parser.add_argument(
        "--memory",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="measure peak RSS at N/4 and N words in subprocesses",
    )
    parser.add_argument(
        "--long-doc",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="compare one long document with ~500-word documents",
    )
    parser.add_argument(
        "--long-words", type=int, default=50_000, help="words in the long document (default: 50000)"
    )
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="also time one cold pass split into the framework and each check type",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="LINES",
        help="also profile one audit pass; print the top LINES by cumtime",
    )
    parser.add_argument(
        "--json", type=Path, default=None, metavar="FILE", help="write the figures as JSON to FILE"
    )
    parser.add_argument("--rss-child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.rss_child is not None:
        rss_child(args.rss_child, args.seed, args.model)
        return 0

    started = time.perf_counter()
    auditor = Auditor(None, model=args.model)
    paragraphs = load_paragraphs()
    if args.corpus:
        documents = load_corpus(args.corpus, auditor)
        texts = [d.text for d in documents]
        origin = f"the files under {args.corpus}"
    else:
        texts = list(generate_texts(paragraphs, args.words, args.seed))
        documents = [make_document(t, i) for i, t in enumerate(texts)]
        origin = f"{len(paragraphs)} sample paragraphs"
    print(
        f"corpus: {len(texts):,} documents, {count_words(texts):,} words from {origin}",
        file=sys.stderr,
    )

    figures: dict = {
        "loveaudit": __version__,
        "spacy": spacy.__version__,
        "python": platform.python_version(),
        "pipeline": auditor.pipeline.name,
        "corpus": str(args.corpus) if args.corpus else "synthetic",
        "seed": args.seed,
        "repeats": args.repeats,
    }
    figures["throughput"] = throughput(auditor, texts, documents, args.repeats)
    if args.long_doc:
        print(
            f"long document: 1 x {args.long_words:,} words vs ~{SHORT_DOC_WORDS}-word documents",
            file=sys.stderr,
        )
        figures["long_doc"] = long_document(
            auditor, paragraphs, args.long_words, args.seed, args.repeats
        )
    if args.breakdown:
        print("breakdown: one cold pass per auditor", file=sys.stderr)
        figures["breakdown"] = breakdown(args.model, documents, texts)
    profile_text = profile(auditor, documents, args.profile) if args.profile else None
    del texts, documents
    if args.memory:
        figures["memory"] = memory(args.words, args.seed, args.model)
    figures["total_seconds"] = time.perf_counter() - started

    print_table(figures)
    if profile_text:
        print(profile_text)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
