"""The HTML report in a real browser: Debian's Chromium driven by Playwright.

Locally these tests skip when Chromium, Playwright or axe-core is missing; CI sets
LOVEAUDIT_REQUIRE_BROWSER=1 and installs all three (see .ci/run), so there they must run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE_COUNT, SAMPLES
from loveaudit.cli import main
from loveaudit.report import html as html_report
from test_html_report import HOSTILE

AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing(reason: str) -> None:
    if os.environ.get("LOVEAUDIT_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests must run here: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        _missing("no Chromium on PATH (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed (pip install '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """A page of the report with everything it logged and every request it made."""

    def __init__(self, browser, path: Path, **context) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(f"{m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.as_uri()
        self.page.goto(self.url)

    def _dialog(self, dialog) -> None:
        self.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if url != self.url]

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "samples.html"
    main(["audit", str(SAMPLES), "--format", "html", "--output", str(out), "--no-cache"])
    return out


@pytest.fixture
def visit(browser, report_file):
    opened = Visit(browser, report_file)
    yield opened
    opened.close()


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def test_samples_report_loads_cleanly_and_offline(visit: Visit, tmp_path: Path):
    page = visit.page
    assert page.get_by_test_id("count-documents").inner_text() == str(SAMPLE_COUNT)
    assert page.get_by_test_id("gauge").is_visible()
    assert page.locator(".top-fixes > li").count() == 5
    page.screenshot(path=str(tmp_path / "overview.png"))
    assert (tmp_path / "overview.png").stat().st_size > 10_000
    assert visit.problems == []
    assert visit.foreign_requests() == []


def test_a_finding_jumps_to_its_highlight(visit: Visit):
    page = visit.page
    page.locator("#d0 > details > summary").click()
    jump = page.locator("#d0 a.jump").last
    target = jump.evaluate("el => el.closest('li').id")
    jump.click()
    mark = page.locator(f"#d0 mark[aria-describedby~='{target}']").first
    assert "flash" in mark.get_attribute("class")
    assert mark.evaluate("el => el === document.activeElement")
    assert _in_viewport(page, mark)
    assert page.locator(f"#{target}").get_attribute("class").endswith("current")
    assert visit.problems == []


def test_hover_and_keyboard_focus_show_the_finding(visit: Visit, tmp_path: Path):
    page = visit.page
    page.locator("#d0 > details > summary").click()
    mark = page.locator("#d0 mark.hl").nth(2)
    mark.hover()
    tip = page.locator("#tip")
    assert tip.is_visible()
    first = mark.get_attribute("aria-describedby").split()[0]
    rule = page.locator(f"#{first}").get_attribute("data-rule")
    text = tip.inner_text()
    assert rule in text and "Why:" in text and "Fix:" in text
    page.screenshot(path=str(tmp_path / "tooltip.png"))
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    # keyboard: tab from the summary until a highlight has focus
    page.mouse.move(0, 0)
    page.locator("#d0 > details > summary").focus()
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('mark.hl')"):
            break
    else:
        pytest.fail("no highlight is reachable with the Tab key")
    assert tip.is_visible() and "Why:" in tip.inner_text()


def test_filter_and_sort_the_table(visit: Visit):
    page = visit.page
    rows = page.locator(".doc-table tbody tr")
    page.select_option("[data-filter=kind]", "hold")
    visible = [r for r in rows.all() if r.is_visible()]
    assert len(visible) == 8  # four twin pairs of hold scripts
    assert all(r.get_attribute("data-kind") == "hold" for r in visible)
    assert page.get_by_test_id("shown").inner_text() == f"{len(visible)} of {SAMPLE_COUNT} shown"
    assert (
        not page.locator("article[data-doc]:not([hidden])[data-doc]")
        .filter(has=page.locator(".kind", has_text="web"))
        .count()
    )
    page.select_option("[data-filter=kind]", "")
    page.select_option("[data-filter=rule]", "hold-cliches")
    assert all(
        " hold-cliches " in r.get_attribute("data-rules") for r in rows.all() if r.is_visible()
    )
    page.select_option("[data-filter=rule]", "")
    page.fill("[data-filter=max-score]", "60")
    scores = [float(r.get_attribute("data-score")) for r in rows.all() if r.is_visible()]
    assert scores and max(scores) <= 60
    page.fill("[data-filter=max-score]", "")
    page.click("button[data-sort=score]")
    scores = [float(r.get_attribute("data-score")) for r in rows.all()]
    assert scores == sorted(scores)
    page.click("button[data-sort=score]")
    scores = [float(r.get_attribute("data-score")) for r in rows.all()]
    assert scores == sorted(scores, reverse=True)
    assert page.locator("th:has(button[data-sort=score])").get_attribute("aria-sort") == (
        "descending"
    )


def test_large_report_builds_a_document_when_opened(browser, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(html_report, "LAZY_AFTER", 0)
    out = tmp_path / "lazy.html"
    main(["audit", str(SAMPLES / "web"), "--format", "html", "--output", str(out)])
    visit = Visit(browser, out)
    try:
        page = visit.page
        assert page.locator("article mark.hl").count() == 0  # nothing built yet
        page.locator("#d2 > details > summary").click()
        page.locator("#d2 [data-testid=text]").wait_for()
        assert page.locator("#d2 mark.hl").count() > 0
        assert page.locator("#d4 mark.hl").count() == 0
        jump = page.locator("#d2 a.jump").last
        target = jump.evaluate("el => el.closest('li').id")
        jump.click()
        assert _in_viewport(page, page.locator(f"mark[aria-describedby~='{target}']").first)
        # a link to a finding in an unopened document builds and opens it
        page.goto(f"{visit.url}#d4-f0")
        assert page.locator("#d4 [data-testid=text]").is_visible()
        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert page.locator("#d0 [data-testid=text]").is_visible()
        assert visit.problems == []
        assert visit.foreign_requests() == []
    finally:
        visit.close()


def test_print_shows_every_document_expanded(visit: Visit):
    page = visit.page
    assert not page.locator("#d3 [data-testid=text]").is_visible()
    page.emulate_media(media="print")
    assert page.locator("#d3 [data-testid=text]").is_visible()
    assert not page.get_by_test_id("filters").is_visible()


def test_hostile_copy_shows_as_text_and_never_runs(browser, tmp_path: Path):
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "hostile.html"
    main(["audit", str(source), "--kind", "web", "--format", "html", "--output", str(out)])
    visit = Visit(browser, out)
    try:
        page = visit.page
        text = page.locator("#d0 [data-testid=text]")
        shown = text.inner_text()
        for raw in ("<script>", 'onerror="window.__pwned = 2"', "</textarea>", "{{ 7 * 7 }}"):
            assert raw in shown
        for mark in text.locator("mark.hl").all()[:5]:
            mark.hover()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("#d0 img, #d0 textarea, #d0 script").count() == 0
        assert visit.problems == []
        assert visit.foreign_requests() == []
    finally:
        visit.close()


@pytest.mark.parametrize("opened", ["closed", "first", "every"])
def test_no_serious_accessibility_violations(browser, report_file: Path, opened: str):
    """As loaded (documents closed), with one document open, and with every one open
    (each document's text and findings are regions a keyboard must be able to scroll)."""
    if not AXE.exists():
        _missing(f"axe-core is not installed (npm ci --prefix {AXE.parents[2]})")
    # axe is injected by the test, so this one page may run a script the policy does not list
    visit = Visit(browser, report_file, bypass_csp=True)
    try:
        page = visit.page
        if opened == "first":
            page.locator("#d0 > details > summary").click()
        elif opened == "every":
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            assert page.locator("[data-testid=text]").count() == SAMPLE_COUNT
        page.add_script_tag(content=AXE.read_text("utf-8"))
        results = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} - {len(v['nodes'])} node(s), e.g. "
            f"{v['nodes'][0]['target']}"
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
    finally:
        visit.close()
