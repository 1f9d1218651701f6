"""The built site as a static host serves it under a subpath: crawl every page
and asset link (fragments included) with a real HTTP server and find none
broken; the sitemap and the Atom feed parse as XML and list every explainer."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.browser import static_server
from tests.htmlcheck import parse_html
from tests.newsroom import EXPLAINERS, PUBLIC, SUBPATH, built_newsroom

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LINKS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src",
         "form": "action"}


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_newsroom(tmp_path_factory.mktemp("crawl"))


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers.get("Content-Type", "")


class Crawl:
    """Every URL reachable from the home page on this host, and every fragment asked for."""

    def __init__(self, site: str, public: str = PUBLIC, subpath: str = SUBPATH) -> None:
        self.site = site  # http://127.0.0.1:port/explainers/
        self.public, self.subpath = public, subpath
        self.status: dict[str, int] = {}
        self.ids: dict[str, set[str]] = {}
        self.fragments: list[tuple[str, str, str]] = []  # (from page, to url, fragment)
        self.external: set[str] = set()
        self.outside: list[tuple[str, str]] = []

    def local(self, url: str) -> str | None:
        """The local URL for a link to this site (by its public address too), else None."""
        if url.startswith(self.public):
            url = self.site + url[len(self.public):]
        return url if url.startswith(self.site.split(self.subpath)[0] + "/") else None

    def run(self, start: str) -> None:
        queue = [start]
        while queue:
            url = queue.pop()
            if url in self.status:
                continue
            status, body, kind = fetch(url)
            self.status[url] = status
            if status != 200 or "text/html" not in kind:
                continue
            doc = parse_html(body.decode("utf-8"))
            self.ids[url] = {el.attrs["id"] for el in doc.iter() if "id" in el.attrs}
            hrefs = [el.attrs[attr] for tag, attr in LINKS.items() for el in doc.iter(tag) if attr in el.attrs]
            hrefs += [m.attrs["content"] for m in doc.iter("meta") if m.attrs.get("property") == "og:url"]
            for href in hrefs:
                target = urllib.parse.urljoin(url, href)
                if target.startswith("mailto:"):
                    continue
                target, _, fragment = target.partition("#")
                mapped = self.local(target)
                if mapped is None:
                    self.external.add(target)
                    continue
                if not mapped.startswith(self.site):
                    self.outside.append((url, href))
                    continue
                if fragment:
                    self.fragments.append((url, mapped, fragment))
                queue.append(mapped)


@pytest.fixture(scope="module")
def crawled(output: Path) -> Crawl:
    with static_server(output, SUBPATH) as site:
        crawl = Crawl(site)
        crawl.run(site)
        for _page, target, _fragment in crawl.fragments:  # pages only reached by fragment links
            crawl.run(target)
        return crawl


def test_every_link_and_asset_resolves_under_the_subpath(crawled: Crawl, output: Path) -> None:
    broken = {url: status for url, status in crawled.status.items() if status != 200}
    assert broken == {}
    assert crawled.outside == []  # nothing points above the subpath the site lives in
    missing = [(page, f"{target}#{fragment}") for page, target, fragment in crawled.fragments
               if fragment not in crawled.ids.get(target, set())]
    assert missing == []
    # the crawl reached every page and file the build wrote that a reader can get to
    reached = {url[len(crawled.site):] for url in crawled.status}
    for slug in EXPLAINERS:
        assert f"{slug}/" in reached
    html_pages = {p.relative_to(output).as_posix().removesuffix("index.html")
                  for p in output.rglob("*.html") if p.name != "404.html"}
    assert html_pages <= reached, html_pages - reached
    assert {"claims.json", "feed.xml"} <= reached
    assert any(u.startswith("static/style.") and u.endswith(".css") for u in reached)
    assert "https://example.org/river" in crawled.external  # the sources are linked, not crawled


def test_fragment_links_from_actor_pages_land_on_table_rows(crawled: Crawl) -> None:
    rows = [(page, fragment) for page, _target, fragment in crawled.fragments
            if "/actors/" in page and fragment.startswith("row-")]
    assert len(rows) >= 8  # every statement of the hand-written sidecars, at least


def test_missing_pages_get_the_404_page_and_its_links_work_at_any_depth(output: Path) -> None:
    with static_server(output, SUBPATH) as site:
        for missing in ("nope", "river/nope/", "a/b/c/d/e.html"):
            status, body, _ = fetch(site + missing)
            assert status == 404 and b"Page not found" in body
            doc = parse_html(body.decode("utf-8"))
            links = [a.attrs["href"] for a in doc.iter("a")] + [link.attrs["href"] for link in doc.iter("link")]
            for href in (h for h in links if not h.startswith("#")):
                target = urllib.parse.urljoin(site + missing, href).partition("#")[0]
                if target.startswith(site.split(SUBPATH)[0]):
                    assert fetch(target)[0] == 200, (missing, href)


def test_sitemap_parses_and_lists_every_explainer(output: Path) -> None:
    root = ET.fromstring((output / "sitemap.xml").read_bytes())
    assert root.tag == f"{SITEMAP}urlset"
    locs = [u.findtext(f"{SITEMAP}loc") for u in root]
    assert all(loc.startswith(PUBLIC) for loc in locs) and len(set(locs)) == len(locs)
    for slug in EXPLAINERS:
        assert PUBLIC + f"{slug}/" in locs
    assert PUBLIC + "draft/" not in locs
    lastmod = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root}
    assert lastmod[PUBLIC + "followup/"] == "2024-06-11" and lastmod[PUBLIC + "river/"] == "2024-06-01"
    with static_server(output, SUBPATH) as site:  # every listed page is really there
        for loc in locs:
            assert fetch(site + loc[len(PUBLIC):])[0] == 200, loc
        robots = fetch(site + "robots.txt")[1].decode()
    assert f"Sitemap: {PUBLIC}sitemap.xml" in robots


def test_atom_feed_parses_and_lists_every_explainer(output: Path) -> None:
    feed = ET.fromstring((output / "feed.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == PUBLIC and feed.findtext(f"{ATOM}updated") == "2024-06-11T00:00:00Z"
    self_link = [link.attrib for link in feed.findall(f"{ATOM}link")]
    assert {"rel": "self", "type": "application/atom+xml", "href": PUBLIC + "feed.xml"} in self_link
    entries = feed.findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").attrib["href"] for e in entries]
    assert sorted(links) == sorted(PUBLIC + f"{slug}/" for slug in EXPLAINERS)
    for entry in entries:  # what Atom requires of every entry
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
    followup = next(e for e in entries if e.findtext(f"{ATOM}id") == PUBLIC + "followup/")
    assert followup.findtext(f"{ATOM}published") == "2024-06-10T09:30:00+02:00"
    assert [c.attrib["term"] for c in followup.findall(f"{ATOM}category")] == ["water", "Council"]
