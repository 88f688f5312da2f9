"""How the HTML report holds up with many documents: file size, render time, and time to
first paint and to a usable page in Chromium.

    python benchmarks/html_report.py [--documents 1000] [--output report.html] [--json F]

Documents are built from the samples' paragraphs as in throughput.py (150-600 words, the
four kinds in turn). The browser part runs when Playwright and a system Chromium are
installed; the page is opened from disk, as a user opens a report.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from loveaudit import Auditor
from throughput import generate_texts, load_paragraphs, make_document

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def browser_timings(path: Path, repeats: int) -> dict[str, float] | None:
    """Median milliseconds to first contentful paint, DOMContentLoaded and load, and the
    time a filter takes to apply over every row."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if chromium is None:
        return None
    runs: dict[str, list[float]] = {"first_paint_ms": [], "dom_ready_ms": [], "load_ms": []}
    runs["filter_ms"] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for _ in range(repeats):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(path.as_uri(), wait_until="load")
            timing = page.evaluate(
                """() => {
                  const nav = performance.getEntriesByType('navigation')[0];
                  const paint = performance.getEntriesByName('first-contentful-paint')[0];
                  return {paint: paint ? paint.startTime : null,
                          dom: nav.domContentLoadedEventEnd, load: nav.loadEventEnd};
                }"""
            )
            runs["first_paint_ms"].append(timing["paint"] or float("nan"))
            runs["dom_ready_ms"].append(timing["dom"])
            runs["load_ms"].append(timing["load"])
            start = time.perf_counter()
            page.select_option("[data-filter=kind]", "hold")
            page.get_by_test_id("shown").inner_text()
            runs["filter_ms"].append(1000 * (time.perf_counter() - start))
            page.close()
        browser.close()
    return {key: round(statistics.median(values), 1) for key, values in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--repeats", type=int, default=3, help="page loads in the browser")
    parser.add_argument("--output", type=Path, help="keep the report here")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    args = parser.parse_args()

    paragraphs = load_paragraphs()
    texts = []
    for text in generate_texts(paragraphs, 10**9, args.seed):
        texts.append(text)
        if len(texts) == args.documents:
            break
    auditor = Auditor(config=None)
    start = time.perf_counter()
    report = auditor.report(
        auditor.audit([make_document(t, i) for i, t in enumerate(texts)], keep_text=True)
    )
    audit_s = time.perf_counter() - start
    start = time.perf_counter()
    html = report.to_html()
    render_s = time.perf_counter() - start

    out = args.output or Path(tempfile.mkdtemp()) / "report.html"
    out.write_text(html, encoding="utf-8")
    figures: dict[str, object] = {
        "documents": len(report.documents),
        "words": report.summary()["words"],
        "findings": report.summary()["findings"]["total"],
        "file_mb": round(out.stat().st_size / 2**20, 2),
        "audit_s": round(audit_s, 2),
        "render_s": round(render_s, 2),
    }
    browser = browser_timings(out, args.repeats)
    figures["browser"] = browser if browser else "skipped: no Playwright or Chromium"
    for key, value in figures.items():
        print(f"{key:>10}: {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
