"""Issue 16, point 3: an article that fails (here, a sidecar an editor broke)
keeps its last good record everywhere the site lists it (the index, actor and
tag pages, claims.json, search) beside its last good page, in `build` and in
the preview's rebuilds alike; without a last good build it is left out
everywhere, page included. Either way, a crawl of every internal link finds
none that leads nowhere."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.preview.rebuild import Rebuilder
from tests import searchindex
from tests.browser import static_server
from tests.build.test_site_crawl import Crawl
from tests.conftest import run_cli
from tests.newsroom import RIVER_SIDECAR, SUBPATH, newsroom_site

BROKEN = RIVER_SIDECAR.replace("kind: group", "kind: robot")
ERROR = "content/river.yaml:10:11: actors[1].kind: must be one of person, organization, country, group; found 'robot'"


def crawl(output: Path) -> Crawl:
    with static_server(output, SUBPATH) as site:
        crawled = Crawl(site)
        crawled.run(site)
        for _page, target, _fragment in crawled.fragments:
            crawled.run(target)
    return crawled


def assert_no_link_leads_nowhere(output: Path) -> Crawl:
    crawled = crawl(output)
    assert {url: status for url, status in crawled.status.items() if status != 200} == {}
    missing = [(page, f"{target}#{fragment}") for page, target, fragment in crawled.fragments
               if fragment not in crawled.ids.get(target, set())]
    assert missing == []
    return crawled


def listed_everywhere(output: Path) -> dict[str, bool]:
    """Where the river explainer is listed."""
    claims = json.loads((output / "claims.json").read_text("utf-8"))
    return {
        "page": (output / "river" / "index.html").is_file(),
        "index": 'href="river/"' in (output / "index.html").read_text("utf-8"),
        "tag": (output / "tags" / "local-news" / "index.html").is_file(),
        "actor": (output / "actors" / "clean-water-now" / "index.html").is_file(),
        "claims.json": any(a["slug"] == "river" for a in claims["articles"]),
        "search": any(doc[2] == "Council says river is safe; campaigners disagree" for doc in searchindex.docs(output)),
    }


EVERYWHERE = dict.fromkeys(("page", "index", "tag", "actor", "claims.json", "search"), True)
NOWHERE = dict.fromkeys(EVERYWHERE, False)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = newsroom_site(tmp_path / "site", sample=False)
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    assert listed_everywhere(root / "output") == EVERYWHERE
    return root


def test_a_failed_article_keeps_its_last_good_record_everywhere_in_build(site: Path) -> None:
    page = (site / "output" / "river" / "index.html").read_bytes()
    (site / "content" / "river.yaml").write_text(BROKEN, "utf-8")
    # Something else changes too, so that the site-wide pages are rendered again.
    followup = site / "content" / "followup.md"
    followup.write_text(followup.read_text("utf-8").replace("updated: 2024-06-11", "updated: 2024-06-12"), "utf-8")
    for _ in range(2):  # and again, still broken: the last good record is remembered
        result = run_cli("build", "--site", site)
        assert result.returncode == 1 and f"error: {ERROR}" in result.stderr.splitlines()
        assert listed_everywhere(site / "output") == EVERYWHERE
        assert (site / "output" / "river" / "index.html").read_bytes() == page
        crawled = assert_no_link_leads_nowhere(site / "output")
        assert crawled.site + "river/" in crawled.status
    (site / "content" / "river.yaml").write_text(RIVER_SIDECAR.replace("role: campaign group", "role: campaigners"),
                                                 "utf-8")
    fixed = run_cli("build", "--site", site)
    assert fixed.returncode == 0, fixed.stderr
    assert "campaigners" in (site / "output" / "river" / "index.html").read_text("utf-8")


def test_a_failed_article_keeps_its_last_good_record_everywhere_in_the_preview(site: Path) -> None:
    lines: list[str] = []
    rebuilder = Rebuilder(site, log=lines.append, on_built=lambda state: None)
    assert not rebuilder.build_now(set(), "first build").errors
    preview = rebuilder.config.output_dir
    assert listed_everywhere(preview) == EVERYWHERE
    (site / "content" / "river.yaml").write_text(BROKEN, "utf-8")
    state = rebuilder.build_now({site / "content" / "river.yaml"}, "test")
    assert state.errors == (ERROR,)
    assert listed_everywhere(preview) == EVERYWHERE
    assert_no_link_leads_nowhere(preview)
    # a template edit: the last page can no longer be the one this build would make
    (site / "templates").mkdir()
    (site / "templates" / "tag.html").write_text(
        (Path(__file__).parents[2] / "generator" / "theme" / "tag.html").read_text("utf-8") + "\n", "utf-8")
    rebuilder.build_now({site / "templates" / "tag.html"}, "test")
    assert listed_everywhere(preview) == NOWHERE
    assert_no_link_leads_nowhere(preview)


@pytest.mark.parametrize("lost", ["the build cache", "a template"])
def test_without_a_last_good_page_that_is_still_true_it_is_left_out_everywhere(site: Path, lost: str) -> None:
    """No last good record (the cache deleted), or a last page this build would
    not make (a template changed: a page kept from before would link the old
    stylesheet): left out everywhere, its old page deleted."""
    if lost == "the build cache":
        shutil.rmtree(site / ".cache")
    else:
        (site / "templates").mkdir()
        (site / "templates" / "404.html").write_text("{% extends 'base.html' %}{% block main %}Lost{% endblock %}",
                                                     "utf-8")
    (site / "content" / "river.yaml").write_text(BROKEN, "utf-8")
    result = run_cli("build", "--site", site)
    assert result.returncode == 1 and f"error: {ERROR}" in result.stderr.splitlines()
    assert listed_everywhere(site / "output") == NOWHERE
    assert_no_link_leads_nowhere(site / "output")


def test_a_last_page_whose_links_would_lead_nowhere_is_not_kept(site: Path) -> None:
    """Two new articles call the campaign group "The Clean Water Now": the same
    actor, whose page moves to actors/the-clean-water-now/. The failed article's
    last page links the old address, so it cannot stay: it is left out
    everywhere, and the site is worked out again without it."""
    (site / "content" / "river.yaml").write_text(BROKEN, "utf-8")
    for name in ("lake", "pond"):
        (site / "content" / f"{name}.md").write_text(
            f"# The {name}\n\nThe Clean Water Now said the {name} is dirty.\n", "utf-8")
        (site / "content" / f"{name}.yaml").write_text(
            f"schema: 1\narticle:\n  path: {name}.md\nactors:\n  - id: cwn\n    name: The Clean Water Now\n"
            f"    kind: group\nclaims:\n  - id: c1\n    claimant: cwn\n    text: The {name} is dirty.\n"
            f"    evidence: The Clean Water Now said the {name} is dirty.\ndenials: []\n", "utf-8")
    result = run_cli("build", "--site", site)
    assert result.returncode == 1 and f"error: {ERROR}" in result.stderr.splitlines()
    assert (site / "output" / "actors" / "the-clean-water-now" / "index.html").is_file()
    assert listed_everywhere(site / "output") == NOWHERE
    assert_no_link_leads_nowhere(site / "output")
