"""Accessibility and validity of the built pages, in a real browser.

axe-core (npm, pinned in package-lock.json) runs inside headless Chromium on
each kind of page, in light and dark mode; the Nu HTML checker (npm vnu-jar,
run with Java) reads every HTML file. `make test` installs both (`npm ci`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.browser import chromium, static_server
from tests.conftest import REPO
from tests.newsroom import SUBPATH, built_newsroom

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = {
    "explainer": "river/",
    "explainer with undated text article": "russia-china-aid/",
    "actor": "actors/maria-lopez/",
    "index": "",
    "actors index": "actors/",
    "tag": "tags/water/",
    "search": "search/?q=council",
    "404": "no/such/page/",
}


def _tool(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(f"{path.relative_to(REPO)} is missing: run `make test-tools` (npm ci) first")
    return path


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_newsroom(tmp_path_factory.mktemp("a11y"))


def axe_violations(page) -> list[dict]:  # noqa: ANN001
    page.add_script_tag(path=str(_tool(AXE)))
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violations(output: Path, scheme: str) -> None:
    serious = {}
    checked = 0
    with static_server(output, SUBPATH) as site, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        for name, target in PAGES.items():
            page.goto(site + target)
            found = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
            checked += 1
            if found:
                serious[name] = found
    assert checked == len(PAGES)
    assert serious == {}, json.dumps(serious, indent=1)


def test_axe_catches_a_real_violation(output: Path, tmp_path: Path) -> None:
    """The harness is live: a page with unlabelled input and low contrast fails."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "index.html").write_text('<!doctype html><html><head><title>x</title></head><body><main>'
                                    '<p style="color:#bbb;background:#fff">faint</p><input type="text">'
                                    '</main></body></html>', "utf-8")
    with static_server(bad) as site, chromium() as browser:
        page = browser.new_page()
        page.goto(site)
        ids = {v["id"] for v in axe_violations(page) if v["impact"] in ("serious", "critical")}
    assert {"color-contrast", "label", "html-has-lang"} <= ids


def test_nu_html_checker_reports_no_errors(output: Path, tmp_path: Path) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is needed for the Nu HTML checker: apt-get install default-jre-headless")
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 10
    control = tmp_path / "invalid.html"  # proves the checker really read the files
    control.write_text("<!doctype html><title>x</title><p><div>misnested</p>", "utf-8")
    result = subprocess.run([java, "-jar", str(_tool(VNU)), "--errors-only", "--format", "json",
                             *map(str, pages), str(control)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr)["messages"]
    errors = [f"{m.get('url', '').rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] in ("error", "non-document-error")]
    assert any("invalid.html" in e for e in errors)
    errors = [e for e in errors if "invalid.html" not in e]
    assert errors == [], "\n".join(errors)


def test_every_page_fits_a_320px_phone(output: Path) -> None:
    with static_server(output, SUBPATH) as site, chromium() as browser:
        page = browser.new_page(viewport={"width": 320, "height": 640})
        for target in PAGES.values():
            page.goto(site + target)
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, target


def test_focus_is_visible_on_links(output: Path) -> None:
    with static_server(output, SUBPATH) as site, chromium() as browser:
        page = browser.new_page()
        page.goto(site + "river/")
        page.keyboard.press("Tab")  # the skip link
        assert page.evaluate("document.activeElement.className") == "skip"
        assert page.locator("a.skip").bounding_box()["x"] >= 0  # on screen once focused
        page.keyboard.press("Tab")
        style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert style == "solid"


def test_claim_and_denial_labels_say_so_in_words(output: Path) -> None:
    with static_server(output, SUBPATH) as site, chromium() as browser:
        page = browser.new_page()
        page.goto(site + "river/")
        row = page.locator("#row-c1")
        # what a screen reader gets, not relying on the colours
        names = row.locator(".tag").evaluate_all("els => els.map(e => e.innerText + '|' + e.textContent)")
        assert any("Claim c1" in n for n in names) and any("Denial d1" in n for n in names)
        actor_page = browser.new_page()
        actor_page.goto(site + "actors/maria-lopez/")
        assert "Denial" in actor_page.locator("li.said-denial").first.inner_text()


def results(page: Any) -> list[str]:
    """The titles of the results once the search has finished."""
    page.wait_for_function("(s => s && s !== 'Searching…')(document.getElementById('search-status').textContent)")
    return page.locator("#search-results h2 a").all_inner_texts()


def test_search_finds_explainers_and_actors_offline(output: Path) -> None:
    with static_server(output, SUBPATH) as site, chromium() as browser:
        context = browser.new_context()
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site)
                      else route.abort())  # nothing but the site itself
        page = context.new_page()
        page.goto(site + "search/")
        assert page.locator("#search-nojs").is_hidden()
        page.fill("#search-q", "lopez")
        titles = results(page)
        assert "Maria López" in titles  # the actor, accent-insensitive
        assert "Council says river is safe; campaigners disagree" in titles
        assert "result" in page.locator("#search-status").inner_text()
        page.locator("#search-results h2 a", has_text="Maria López").click()
        page.wait_for_url("**/actors/maria-lopez/")
        page.goto(site + "search/?q=samples+dry")  # every word must match
        assert sorted(results(page)) == ["Council publishes river test results",  # and nothing else
                                         "denied that samples were taken only on dry days"]
        page.fill("#search-q", "zzzz")
        assert results(page) == [] and "Nothing matches" in page.locator("#search-status").inner_text()


def test_search_works_from_disk_and_says_what_to_do_without_javascript(output: Path) -> None:
    with chromium() as browser:
        page = browser.new_page()
        page.goto((output / "search" / "index.html").as_uri() + "?q=mayor")
        assert results(page)[:2] == ["The mayor", "Council says river is safe; campaigners disagree"]
        nojs = browser.new_context(java_script_enabled=False).new_page()
        nojs.goto((output / "search" / "index.html").as_uri())
        assert nojs.locator("#search-form").is_hidden()
        notice = nojs.locator("#search-nojs")
        assert notice.is_visible() and "needs JavaScript" in notice.inner_text()
        assert notice.locator("a").count() >= 2
