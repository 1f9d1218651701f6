"""An archive: more explainers than a page lists. Lists come in pages linked to
each other, every page is reachable, valid HTML and in the sitemap, the feed
carries the latest explainers only, search finds an explainer, an actor and a
claim on the site served under a subpath, and claims.json splits once large.

The articles and sidecars are written here (hand-written style, no model), so
the archive builds in seconds."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from generator.build import reading
from generator.config import load_config
from generator.pages import actors, export, record, sitewide
from generator.pages.paginate import PER_PAGE
from generator.sidecar import load
from tests import searchindex
from tests.browser import chromium, static_server
from tests.build.test_site_crawl import Crawl
from tests.conftest import REPO, run_cli, write_site
from tests.htmlcheck import parse_html
from tests.pages.test_a11y import results

PUBLIC = "https://news.example.org/archive/"
SUBPATH = "/archive/"
COUNT = 3 * PER_PAGE - 5  # three pages of explainers; more than the feed carries with FEED_ENTRIES lowered
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def article(n: int) -> str:
    return f"""---
title: "Harbour report {n}: the pier inspector under fire"
date: 2024-{1 + n // 28:02d}-{1 + n % 28:02d}
tags: [Harbour{", Pier" if n % 2 else ""}]
---

Dock workers union {n} said the pier inspector ignored cracks in berth {n}.

Inspector Alma Quist denied that cracks in berth {n} were ignored.
"""


def sidecar(n: int) -> str:
    return f"""schema: 1
article:
  path: report-{n:03d}.md
actors:
  - id: union
    name: Dock workers union {n}
    kind: group
  - id: quist
    name: Alma Quist
    kind: person
    role: pier inspector
claims:
  - id: c1
    claimant: union
    text: The pier inspector ignored cracks in berth {n}.
    evidence: Dock workers union {n} said the pier inspector ignored cracks in berth {n}.
denials:
  - id: d1
    actor: quist
    denies: c1
    text: denied that cracks in berth {n} were ignored
    evidence: Inspector Alma Quist denied that cracks in berth {n} were ignored.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {}
    for n in range(COUNT):
        files[f"report-{n:03d}.md"] = article(n)
        files[f"report-{n:03d}.yaml"] = sidecar(n)
    root = write_site(tmp_path_factory.mktemp("archive"), files, f"title: Archive\nbase_url: {PUBLIC}\n")
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def output(site: Path) -> Path:
    return site / "output"


def page(output: Path, rel: str) -> Any:
    return parse_html((output / rel).read_text("utf-8"))


def listed(output: Path, rel: str) -> list[str]:
    return [a.text for a in page(output, rel).find("ol", class_="explainer-list").find_all("a")]


def test_the_home_page_comes_in_pages_newest_first(output: Path) -> None:
    pages = [listed(output, rel) for rel in ("index.html", "page/2/index.html", "page/3/index.html")]
    assert [len(p) for p in pages] == [PER_PAGE, PER_PAGE, COUNT - 2 * PER_PAGE]
    assert not (output / "page" / "4").exists() and not (output / "page" / "1").exists()
    everything = [title for p in pages for title in p]
    assert everything == [f"Harbour report {n}: the pier inspector under fire" for n in reversed(range(COUNT))]


def test_each_page_links_its_neighbours(output: Path) -> None:
    def rels(rel: str) -> dict[str, str]:
        doc = page(output, rel)
        head = {link.attrs["rel"]: link.attrs["href"] for link in doc.iter("link")
                if link.attrs.get("rel") in ("prev", "next")}
        nav = {a.attrs["rel"]: a.attrs["href"] for a in doc.find("nav", class_="pager").find_all("a")}
        assert head == nav, rel
        return head

    assert rels("index.html") == {"next": "page/2/"}
    assert rels("page/2/index.html") == {"prev": "../../", "next": "../3/"}
    assert rels("page/3/index.html") == {"prev": "../2/"}
    assert page(output, "page/2/index.html").find("link", rel="canonical").attrs["href"] == PUBLIC + "page/2/"


def test_an_actor_quoted_everywhere_gets_pages(output: Path) -> None:
    first = page(output, "actors/alma-quist/index.html")
    assert f"{COUNT} denials" in first.find("p", class_="counts").text
    seen = []
    for rel in ("actors/alma-quist/index.html", "actors/alma-quist/page/2/index.html",
                "actors/alma-quist/page/3/index.html"):
        items = [li.find("span", class_="words").text for li in page(output, rel).find_all("li", class_="said")]
        assert 0 < len(items) <= PER_PAGE, rel
        seen += items
    assert len(seen) == len(set(seen)) == COUNT  # every denial once, on one of the pages
    assert not (output / "actors" / "alma-quist" / "page" / "4").exists()


def test_tag_pages_come_in_pages_too(output: Path) -> None:
    assert len(listed(output, "tags/harbour/index.html")) == PER_PAGE
    assert (output / "tags" / "harbour" / "page" / "3" / "index.html").is_file()
    odd = [t for rel in ("tags/pier/index.html", "tags/pier/page/2/index.html") for t in listed(output, rel)]
    assert len(odd) == COUNT // 2


def test_the_sitemap_lists_every_page_and_the_feed_the_latest(output: Path) -> None:
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = {el.text for el in ET.fromstring((output / "sitemap.xml").read_bytes()).iter(f"{ns}loc")}
    pages = {PUBLIC + p.relative_to(output).as_posix().removesuffix("index.html")
             for p in output.rglob("index.html") if not p.is_relative_to(output / "search")}
    assert locs == pages
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring((output / "feed.xml").read_bytes()).findall(f"{atom}entry")
    assert len(entries) == min(COUNT, sitewide.FEED_ENTRIES)
    assert entries[0].findtext(f"{atom}title") == f"Harbour report {COUNT - 1}: the pier inspector under fire"


def test_every_page_is_reachable_under_a_subpath(output: Path) -> None:
    with static_server(output, SUBPATH) as base:
        crawl = Crawl(base, PUBLIC, SUBPATH)
        crawl.run(base)
    assert {url: status for url, status in crawl.status.items() if status != 200} == {}
    reached = {url[len(base):] for url in crawl.status}
    pages = {p.relative_to(output).as_posix().removesuffix("index.html") for p in output.rglob("index.html")}
    assert pages <= reached, pages - reached


def test_paginated_pages_are_valid_html(output: Path) -> None:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("the Nu HTML checker needs Java and node_modules: run `make test-tools`")
    pages = [output / rel for rel in ("index.html", "page/2/index.html", "page/3/index.html", "actors/index.html",
                                      "actors/alma-quist/page/2/index.html", "tags/pier/page/2/index.html")]
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
                            capture_output=True, text=True, timeout=300)
    errors = [m for m in json.loads(result.stderr)["messages"] if m["type"] in ("error", "non-document-error")]
    assert errors == []


@pytest.mark.browser
def test_search_finds_an_explainer_an_actor_and_a_claim(output: Path) -> None:
    with static_server(output, SUBPATH) as base, chromium() as browser:
        pg = browser.new_page()
        pg.goto(base + "search/?q=harbour+report+17")
        assert results(pg)[0] == "Harbour report 17: the pier inspector under fire"
        pg.goto(base + "search/?q=quist")
        assert results(pg)[0] == "Alma Quist"
        pg.goto(base + "search/?q=cracks+berth+33")
        found = pg.locator("#search-results li.search-claim", has_text="The pier inspector ignored cracks in berth 33.")
        assert found.count() == 1
        found.locator("a").click()
        pg.wait_for_url("**/report-033/#row-c1")
        pg.goto(base + "search/?q=cracks")  # many results: a page of them, then more on request
        assert len(results(pg)) == 20
        pg.click("#search-more")
        pg.wait_for_function("document.querySelectorAll('#search-results li').length > 20")


def test_the_search_page_loads_only_a_part_of_the_index(output: Path) -> None:
    assert (output / "search" / "index.html").stat().st_size < 10_000
    docs = searchindex.docs(output)
    assert len(docs) == 3 * COUNT + COUNT + 1  # explainers, claims, denials; the unions and the inspector
    terms = searchindex.terms(output)
    assert {docs[i][2] for i in terms["quist"]} >= {"Alma Quist"}
    assert len(list((output / "search" / "t").glob("*.js"))) > 10


def test_claims_json_splits_into_one_file_per_explainer_past_a_size(site: Path) -> None:
    config = load_config(site)
    records = []
    for entry in reading.read_all(config):
        assert entry.article is not None
        records.append(record.record(entry.article, load(entry.source.sidecar_path)[0], config))
    ordered = sitewide.newest_first(records)
    people = actors.directory(ordered)
    whole = json.loads(dict(export.files(ordered, people, config))["claims.json"])
    split = dict(export.files(ordered, people, config, split_bytes=10_000))
    index = json.loads(split["claims.json"])
    assert (whole["version"], index["version"]) == (1, 2) and len(split) == COUNT + 1
    assert [a["slug"] for a in index["articles"]] == [a["slug"] for a in whole["articles"]]
    parts = [json.loads(split[a["file"].removeprefix(PUBLIC)]) for a in index["articles"]]
    for key in ("articles", "claims", "denials", "statements"):  # each file is version 1, of one explainer
        assert [item for part in parts for item in part[key]] == whole[key], key
    assert all(part["version"] == 1 and len(part["articles"]) == 1 for part in parts)
    assert {a["id"] for a in index["actors"]} == {a["id"] for a in whole["actors"]}


def test_the_browser_and_the_index_drop_the_same_words() -> None:
    """A word the index leaves out but a query keeps would find nothing."""
    from generator.pages.search import KEY_LENGTH, STOPWORDS

    script = (REPO / "generator" / "theme" / "static" / "search.js").read_text("utf-8")
    listed = re.search(r"var STOPWORDS = \((.*?)\)\.split", script, re.S)
    assert listed is not None
    words = "".join(re.findall(r'"([^"]*)"', listed.group(1))).split()
    assert set(words) == STOPWORDS
    assert f"KEY_LENGTH = {KEY_LENGTH}," in script
