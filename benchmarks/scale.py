"""Scale: throughput and peak memory as the corpus grows, and Dask against one process.

    python benchmarks/scale.py [--sizes 1000,10000,100000] [--dask-documents 2000]

Each size is a folder of generated documents (paragraphs of the samples, 30-120 words,
the four kinds in turn), audited by the real command line with ``--format jsonl`` (the
streaming path) in a fresh process, whose peak RSS is read from the kernel. Then Dask: a
LocalCluster of 2 worker processes (``--scheduler dask --jobs 2``) against ``--jobs 1`` on
the same documents, with the outputs compared byte for byte.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from throughput import KINDS, load_paragraphs

MIN_WORDS, MAX_WORDS = 30, 120


def make_corpus(folder: Path, documents: int, seed: int) -> int:
    """Write ``documents`` files into kind folders; returns the number of words."""
    paragraphs = [p for p in load_paragraphs() if p[1] <= MAX_WORDS]
    rng = random.Random(seed)
    words = 0
    for kind in KINDS:
        (folder / kind).mkdir(parents=True, exist_ok=True)
    (folder / "loveaudit.toml").write_text(
        "[kinds]\n" + "".join(f'"{k}/**" = "{k}"\n' for k in KINDS)
    )
    for i in range(documents):
        parts, count = [], 0
        target = rng.randint(MIN_WORDS, MAX_WORDS)
        while count < target:
            text, n = rng.choice(paragraphs)
            parts.append(text)
            count += n
        words += count
        kind = KINDS[i % len(KINDS)]
        (folder / kind / f"{i:06d}.txt").write_text("\n\n".join(parts), encoding="utf-8")
    return words


def run(args: list[str], out: Path) -> tuple[float, float, str]:
    """Seconds, peak RSS in MiB of the audit process, and what it wrote."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "code = subprocess.call(sys.argv[1:])\n"
        "t = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(t, rss, code)\n"
    )
    command = [sys.executable, "-m", "loveaudit.cli", "audit", *args, "--no-cache"]
    command += ["--no-progress", "--format", f"jsonl:{out}"]
    proc = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True
    )
    seconds, rss, code = proc.stdout.split()
    if code not in ("0", "1"):
        raise SystemExit(f"loveaudit exited {code}: {proc.stderr}")
    return float(seconds), float(rss), out.read_text("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--dask-documents", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures: dict[str, object] = {"sizes": []}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for size in (int(s) for s in args.sizes.split(",") if s):
            folder = root / f"corpus-{size}"
            words = make_corpus(folder, size, args.seed)
            seconds, rss, _ = run([str(folder)], root / f"out-{size}.jsonl")
            row = {
                "documents": size,
                "words": words,
                "seconds": round(seconds, 1),
                "documents_per_s": round(size / seconds, 1),
                "words_per_s": round(words / seconds),
                "peak_rss_mib": round(rss, 1),
            }
            figures["sizes"].append(row)
            print(json.dumps(row))
        if len(figures["sizes"]) >= 2:
            rows = figures["sizes"]
            figures["rss_growth_last_two"] = round(
                rows[-1]["peak_rss_mib"] / rows[-2]["peak_rss_mib"], 3
            )
        if args.dask_documents:
            folder = root / "corpus-dask"
            words = make_corpus(folder, args.dask_documents, args.seed + 1)
            local_s, _, local_out = run([str(folder), "--jobs", "1"], root / "local.jsonl")
            dask_s, _, dask_out = run(
                [str(folder), "--scheduler", "dask", "--jobs", "2"], root / "dask.jsonl"
            )
            figures["dask"] = {
                "documents": args.dask_documents,
                "words": words,
                "jobs_1_seconds": round(local_s, 1),
                "dask_2_workers_seconds": round(dask_s, 1),
                "speedup": round(local_s / dask_s, 2),
                "overhead_ms_per_document": round(
                    1000 * (dask_s - local_s / 2) / args.dask_documents, 2
                ),
                "byte_identical": local_out == dask_out,
            }
            print(json.dumps(figures["dask"]))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
