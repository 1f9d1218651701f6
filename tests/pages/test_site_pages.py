"""Site-wide pages and files from a real build: actor pages merged across
articles, the actors index, tags, drafts, claims.json, canonical and share tags,
JSON-LD, and what is left out when base_url is only a path."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest

from tests import searchindex
from tests.conftest import run_cli, write_site
from tests.htmlcheck import Element, parse_html
from tests.newsroom import ARTICLES, PUBLIC, SUBPATH, newsroom_site
from tests.pages.test_render import ARTICLE, SIDECAR


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = newsroom_site(tmp_path_factory.mktemp("newsroom"), sample=False)
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    return root / "output"


def page(out: Path, rel: str) -> Element:
    return parse_html((out / rel).read_text("utf-8"))


def resolve(page_file: str, href: str) -> tuple[str, str]:
    """(output file, fragment) a relative link on `page_file` points at."""
    path, _, fragment = href.partition("#")
    if not path:
        return page_file, fragment
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_file), path))
    return (target + "/index.html" if path.endswith("/") else target), fragment


def jsonld(doc: Element) -> dict:
    script = doc.find("script", type="application/ld+json")
    assert script is not None
    return json.loads("".join(script.text_parts))


def test_one_actor_page_per_person_merged_across_articles(out: Path) -> None:
    actors = sorted(p.parent.name for p in (out / "actors").glob("*/index.html"))
    # "Maria Lopez" (river) and "Maria López" (followup) are one person; so are
    # "City council" and "City Council", and the two council spokespeople.
    assert actors == ["city-council", "clean-water-now", "council-spokesperson", "maria-lopez", "the-mayor"]
    doc = page(out, "actors/maria-lopez/index.html")
    assert doc.find("h1").text == "Maria López"  # as the newest article writes it
    assert "Also called: López, Maria Lopez" in doc.find("p", class_="aliases").text
    denials = list(doc.find("section", **{"aria-labelledby": "denials-h"}).iter("li"))
    assert len(denials) == 2
    # newest article first, each with its context and a link to its row
    assert "dismissed the results as incomplete" in denials[0].text
    assert "Denies the claim by City Council: “The latest samples" in denials[0].text
    assert "We have seen no evidence" in denials[1].text
    links = [a.attrs["href"] for li in denials for a in li.find_all("a")]
    assert links == ["../../followup/#row-d1", "../../river/#row-d2"]
    for href in links:  # every link lands on the row it names
        target, fragment = resolve("actors/maria-lopez/index.html", href)
        assert page(out, target).find(id=fragment) is not None, href


def test_claims_list_who_denied_them(out: Path) -> None:
    doc = page(out, "actors/city-council/index.html")
    claims = [li.text for li in doc.find("section", **{"aria-labelledby": "claims-h"}).iter("li")]
    assert len(claims) == 2
    assert "Denied by Maria López" in claims[0]
    assert "Denied by Clean Water Now and Maria Lopez" in claims[1]


def test_actor_index_lists_everyone_once_with_counts(out: Path) -> None:
    doc = page(out, "actors/index.html")
    table = doc.find("table", class_="actors-table")
    assert table.find("caption") is not None
    assert {th.attrs.get("scope") for th in table.find("thead").iter("th")} == {"col"}
    rows = {tr.find("th").find("a").text: [td.text for td in tr.iter("td")] for tr in table.find("tbody").iter("tr")}
    assert list(rows) == ["City Council", "Clean Water Now", "Council spokesperson", "Maria López", "The mayor"]
    assert rows["Maria López"] == ["Person", "0", "2", "2"]
    assert rows["City Council"] == ["Organisation", "2", "0", "2"]


def test_explainer_links_its_actors_and_tags_to_site_pages(out: Path) -> None:
    doc = page(out, "followup/index.html")
    more = {a.attrs["href"] for a in doc.find("section", class_="actors").find_all("a")
            if a.attrs["href"].startswith("../")}
    assert more == {"../actors/city-council/", "../actors/maria-lopez/", "../actors/council-spokesperson/"}
    tags = [(a.text, a.attrs["href"]) for a in doc.find("p", class_="tags").find_all("a")]
    assert tags == [("water", "../tags/water/"), ("Council", "../tags/council/")]


def test_tag_pages_join_spellings_and_list_explainers(out: Path) -> None:
    listed = [a.text for a in page(out, "tags/index.html").find("ul", class_="tag-list").find_all("a")]
    assert listed == ["Council", "Local news", "water"]  # newest article's spelling wins
    water = page(out, "tags/water/index.html")
    assert [a.attrs["href"] for a in water.find_all("a") if a.attrs["href"].startswith("../../")
            and a.parent.tag == "h2"] == ["../../followup/", "../../river/"]


def test_tags_written_as_one_line_are_a_list_and_each_tag_shows_once(tmp_path: Path) -> None:
    """Issue 16, point 15: `tags: Politics, Climate Change` is two tags, and a
    tag given twice (in any spelling of one tag page) is one link and one listing."""
    article = ARTICLE.replace("source: Example Gazette", "tags: Politics, Climate Change, politics\n"
                              "source: Example Gazette")
    other = ARTICLE.replace("source: Example Gazette", "tags: [Climate change, Climate Change]\n"
                            "source: Example Gazette")
    root = write_site(tmp_path, {"river.md": article, "river.yaml": SIDECAR,
                                 "lake.md": other, "lake.yaml": SIDECAR.replace("river.md", "lake.md")})
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    out = root / "output"
    tags = [(a.text, a.attrs["href"]) for a in page(out, "river/index.html").find("p", class_="tags").find_all("a")]
    assert tags == [("Politics", "../tags/politics/"), ("Climate Change", "../tags/climate-change/")]
    lake = [a.text for a in page(out, "lake/index.html").find("p", class_="tags").find_all("a")]
    assert lake == ["Climate change"]
    climate = page(out, "tags/climate-change/index.html")
    listed = [a.attrs["href"] for a in climate.find_all("a") if a.parent.tag == "h2"]
    assert sorted(listed) == ["../../lake/", "../../river/"]  # each explainer once
    claims = json.loads((out / "claims.json").read_text("utf-8"))
    assert {a["slug"]: a["tags"] for a in claims["articles"]} == {
        "river": ["Politics", "Climate Change"], "lake": ["Climate change"]}


def test_drafts_are_left_out_everywhere_unless_asked_for(out: Path, tmp_path: Path) -> None:
    assert not (out / "draft").exists()
    assert not (out / "actors" / "harbour-master").exists()
    everything = "".join(p.read_text("utf-8") for p in out.rglob("*") if p.is_file()
                         and p.suffix in (".html", ".xml", ".json"))
    assert "harbour" not in everything.lower()
    root = newsroom_site(tmp_path, sample=False)
    assert run_cli("build", "--site", root, "--drafts").returncode == 0
    assert (root / "output" / "draft" / "index.html").is_file()
    assert (root / "output" / "actors" / "harbour-master" / "index.html").is_file()


def test_claims_json_keeps_sidecar_fields_and_adds_where(out: Path) -> None:
    data = json.loads((out / "claims.json").read_text("utf-8"))
    assert [a["slug"] for a in data["articles"]] == ["followup", "river"]
    claim = next(c for c in data["claims"] if c["article"] == "river" and c["id"] == "c1")
    # exactly the sidecar's fields, plus where it is published and who it is site-wide
    assert set(claim) == {"article", "url", "site_actor", "id", "claimant", "text", "evidence", "verdict"}
    assert claim["claimant"] == "city-council" and claim["url"] == PUBLIC + "river/#row-c1"
    assert claim["verdict"] == {"rating": "Misleading", "url": "https://example.org/checks/river",
                                "author": "Ann Editor"}
    denial = next(d for d in data["denials"] if d["article"] == "followup" and d["id"] == "d1")
    assert denial["actor"] == "lopez" and denial["denies"] == "c1" and denial["site_actor"] == "maria-lopez"
    ids = {a["id"] for a in data["actors"]}
    assert all(c["site_actor"] in ids for c in data["claims"] + data["denials"] if c["site_actor"])
    lopez = next(a for a in data["actors"] if a["id"] == "maria-lopez")
    assert {(m["article"], m["id"]) for m in lopez["appears_as"]} == {("river", "maria-lopez"), ("followup", "lopez")}
    assert lopez["url"] == PUBLIC + "actors/maria-lopez/"


def test_canonical_share_tags_and_feed_link_are_absolute(out: Path) -> None:
    doc = page(out, "river/index.html")
    meta = {m.attrs.get("property") or m.attrs.get("name"): m.attrs["content"] for m in doc.find_all("meta")
            if "content" in m.attrs}
    assert doc.find("link", rel="canonical").attrs["href"] == PUBLIC + "river/"
    assert meta["og:url"] == PUBLIC + "river/" and meta["og:type"] == "article"
    assert meta["og:title"] == meta["twitter:title"] == "Council says river is safe; campaigners disagree"
    assert meta["article:published_time"] == "2024-06-01" and meta["twitter:card"] == "summary"
    assert "Clean Water Now" in meta["og:description"]
    followup = page(out, "followup/index.html")
    times = {m.attrs["property"]: m.attrs["content"] for m in followup.find_all("meta") if "property" in m.attrs}
    assert times["article:published_time"] == "2024-06-10T09:30:00+02:00"
    assert times["article:modified_time"] == "2024-06-11"
    assert doc.find("link", rel="alternate").attrs["href"] == "../feed.xml"
    assert page(out, "actors/maria-lopez/index.html").find("link", rel="canonical").attrs["href"] \
        == PUBLIC + "actors/maria-lopez/"


def test_json_ld_news_article_claims_and_claim_review(out: Path) -> None:
    graph = jsonld(page(out, "river/index.html"))["@graph"]
    article = graph[0]
    assert article["@type"] == "NewsArticle" and article["url"] == PUBLIC + "river/"
    assert article["datePublished"] == "2024-06-01" and article["isBasedOn"]["url"] == "https://example.org/river"
    claims = {c["@id"].rsplit("#", 1)[1]: c for c in article["mentions"]}
    assert set(claims) == {"row-c1", "row-c2", "row-d1", "row-d2", "row-d3"}
    assert all(c["@type"] == "Claim" for c in claims.values())
    c1 = claims["row-c1"]
    assert c1["author"] == {"@type": "Organization", "name": "City council",  # as this article names them
                            "url": PUBLIC + "actors/city-council/"}
    assert c1["appearance"]["url"] == "https://example.org/river"
    assert claims["row-d2"]["author"]["@type"] == "Person" and claims["row-d2"]["about"]["@id"] == c1["@id"]
    reviews = [g for g in graph if g["@type"] == "ClaimReview"]
    assert len(reviews) == 1  # only the claim with a verdict
    review = reviews[0]
    assert review["claimReviewed"] == "The river is safe for swimming."
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Misleading"}
    assert review["author"] == {"@type": "Person", "name": "Ann Editor"}
    assert review["url"] == "https://example.org/checks/river" and review["itemReviewed"]["@id"] == c1["@id"]
    assert jsonld(page(out, "followup/index.html"))["@graph"][0]["mentions"]  # every explainer has it


HOSTILE = "</script><script>alert(1)</script> <!-- & \u2028\u2029 ]]>"


def test_no_text_can_close_a_script_element(tmp_path: Path) -> None:
    sidecar = SIDECAR.replace("name: Maria Lopez", f"name: {json.dumps(HOSTILE)}") \
        .replace("text: The river is safe for swimming.", f"text: {json.dumps(HOSTILE)}")
    root = write_site(tmp_path, {"river.md": ARTICLE.replace("title: \"Council", f"tags: [{json.dumps(HOSTILE)}]\n"
                                                             "title: \"Council"),
                                 "river.yaml": sidecar}, f"base_url: {PUBLIC}\n")
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    out = root / "output"
    for rel in ("river/index.html", "search/index.html"):
        html = (out / rel).read_text("utf-8")
        bodies = re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)
        assert len(bodies) == html.count("<script") == html.count("</script>")
        for body in bodies:  # nothing inside can end the element or start a comment
            assert "<" not in body and "\u2028" not in body and "\u2029" not in body, rel
    graph = jsonld(page(out, "river/index.html"))["@graph"]
    assert any(c["text"] == HOSTILE for c in graph[0]["mentions"])
    assert HOSTILE in graph[0]["keywords"]
    claim = next(d for d in searchindex.docs(out) if d[0] == "c")
    assert claim[2] == HOSTILE and claim[1] == "../river/#row-c1"  # the exact text, as data


def test_path_only_base_url_leaves_out_what_needs_a_host(tmp_path: Path) -> None:
    root = write_site(tmp_path, dict(ARTICLES), f"base_url: {SUBPATH}\n")
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    assert "base_url is not a full URL" in result.stdout
    out = root / "output"
    assert not (out / "sitemap.xml").exists() and not (out / "feed.xml").exists()
    assert "Sitemap:" not in (out / "robots.txt").read_text("utf-8")
    doc = page(out, "river/index.html")
    assert doc.find("link", rel="canonical") is None and doc.find("link", rel="alternate") is None
    assert doc.find("meta", property="og:title") is not None and doc.find("meta", property="og:url") is None
    # 404.html is served at any depth: its links start from the base path
    missing = page(out, "404.html")
    hrefs = [a.attrs["href"] for a in missing.find_all("a") if not a.attrs["href"].startswith("#")]
    hrefs.append(missing.find("link", rel="stylesheet").attrs["href"])
    assert len(hrefs) > 5 and all(h.startswith(SUBPATH) for h in hrefs), hrefs
    assert missing.find("meta", name="robots").attrs["content"] == "noindex"
    data = json.loads((out / "claims.json").read_text("utf-8"))
    assert data["claims"][0]["url"].startswith(SUBPATH)
    assert (out / ".nojekyll").is_file()


def test_base_url_flag_overrides_site_yaml(tmp_path: Path) -> None:
    root = write_site(tmp_path, dict(ARTICLES), f"base_url: {SUBPATH}\n")
    assert run_cli("build", "--site", root, "--base-url", "https://elsewhere.example/x").returncode == 0
    doc = page(root / "output", "river/index.html")
    assert doc.find("link", rel="canonical").attrs["href"] == "https://elsewhere.example/x/river/"
    assert page(root / "output", "404.html").find("a", class_="site-title").attrs["href"] == "/x/"


def test_actor_names_meet_across_spellings_and_scripts() -> None:
    from generator.pages.actors import name_key
    from generator.urls import segment as slug

    assert name_key("U.S. officials") == name_key("US Officials") == "us officials"
    assert name_key("The Kremlin") == name_key("Kremlin") and name_key("the") == "the"
    assert name_key("Zhao Lijian’s office") == name_key("Zhao Lijians office")
    assert name_key("Дмитрий Песков") == name_key("ДМИТРИЙ  ПЕСКОВ") != ""  # other scripts kept, not dropped
    assert slug("Дмитрий Песков") != slug("Мария Захарова")  # no shared "actor" page
    assert slug("Дмитрий Песков") == slug("дмитрий песков") and slug("Maria López") == "maria-lopez"


def test_month_only_dates_keep_their_precision(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"river.md": ARTICLE.replace("date: 2024-06-01", "date: 2004-12"),
                                 "river.yaml": SIDECAR}, f"base_url: {PUBLIC}\n")
    assert run_cli("build", "--site", root).returncode == 0
    out = root / "output"
    doc = page(out, "river/index.html")
    assert doc.find("meta", property="article:published_time").attrs["content"] == "2004-12"
    assert jsonld(doc)["@graph"][0]["datePublished"] == "2004-12"
    assert "<lastmod>2004-12</lastmod>" in (out / "sitemap.xml").read_text("utf-8")
    assert "<updated>2004-12-01T00:00:00Z</updated>" in (out / "feed.xml").read_text("utf-8")  # Atom needs a day
    assert json.loads((out / "claims.json").read_text("utf-8"))["articles"][0]["date"] == "2004-12"


def _sidecar(slug: str, actors: str, claims: str) -> str:
    return f"schema: 1\narticle:\n  path: {slug}.md\nactors:\n{actors}claims:\n{claims}denials: []\n"


def test_a_descriptive_alias_does_not_join_actors_of_different_articles(tmp_path: Path) -> None:
    # "the records" is how each article refers to its own source; "Adeyemi" is a name.
    first = _sidecar("budget", "  - id: adeyemi\n    name: Samuel Adeyemi\n    kind: person\n"
                               "    aliases: [Adeyemi, the records]\n",
                     "  - id: c1\n    claimant: adeyemi\n    text: The budget was cut.\n"
                     "    evidence: Samuel Adeyemi said the budget was cut.\n")
    second = _sidecar("harbour", "  - id: filings\n    name: Court filings\n    kind: organization\n"
                                 "    aliases: [the records]\n"
                                 "  - id: prof\n    name: Professor Adeyemi\n    kind: person\n    aliases: [Adeyemi]\n",
                      "  - id: c1\n    claimant: filings\n    text: The harbour was sold.\n"
                      "    evidence: Court filings show the harbour was sold.\n"
                      "  - id: c2\n    claimant: prof\n    text: The price was low.\n"
                      "    evidence: Adeyemi said the price was low.\n")
    root = write_site(tmp_path / "site", {
        "budget.md": "---\ntitle: Budget\n---\n\nSamuel Adeyemi said the budget was cut.\n", "budget.yaml": first,
        "harbour.md": "---\ntitle: Harbour\n---\n\nCourt filings show the harbour was sold. "
                      "Adeyemi said the price was low.\n", "harbour.yaml": second})
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    actors = sorted(p.parent.name for p in (root / "output" / "actors").glob("*/index.html"))
    assert actors == ["court-filings", "samuel-adeyemi"]
    filings = page(root / "output", "actors/court-filings/index.html").text
    assert "The harbour was sold." in filings and "The budget was cut." not in filings
    adeyemi = page(root / "output", "actors/samuel-adeyemi/index.html").text
    assert "The budget was cut." in adeyemi and "The price was low." in adeyemi


def _record(slug: str, *people: tuple[str, str, tuple[str, ...]]) -> object:
    from generator.model import Actor, Claim
    from generator.pages.record import ArticleRecord

    actors = tuple(Actor(local, name, "person", None, aliases, 1.0) for local, name, aliases in people)
    claims = tuple(Claim(f"c{n}", a.id, f"{a.name} said it in {slug}", (f"{a.name} said it.",), 1.0)
                   for n, a in enumerate(actors, 1))
    return ArticleRecord(slug=slug, url=f"{slug}/", title=slug, summary="", date=None, updated=None, tags=(),
                         source=None, source_url=None, claim_count=len(claims), denial_count=0, actors=actors,
                         claims=claims, denials=(), statements=())


def test_the_actor_directory_a_rebuild_keeps_is_the_one_worked_out_afresh() -> None:
    """The preview server and `build` keep per-record values between builds
    (`derived.py`); an edit that joins two people, then parts them, must give
    the directory a build from nothing gives."""
    from generator.pages.actors import directory
    from generator.pages.derived import Derived

    kept = Derived()
    first = _record("a", ("p1", "Ann Lee", ()), ("p2", "City Council", ()))
    versions = [
        _record("b", ("p1", "Bob Stone", ())),
        _record("b", ("p1", "Robert Stone", ("Ann Lee",))),  # an alias now joins Bob to Ann
        _record("b", ("p1", "Bob Stone", ()), ("p2", "the council", ("City Council",))),
    ]
    sizes = []
    for second in versions:
        again = directory([first, second], kept)
        assert again == directory([first, second])
        sizes.append(sorted(len(person.members) for person in again))
    assert sizes == [[1, 1, 1], [1, 2], [1, 1, 2]]


def footer(out: Path, rel: str) -> str:
    return page(out, rel).find("footer").find("p", class_="provenance").text


def test_each_page_says_whether_an_editor_checked_its_claims(tmp_path: Path) -> None:
    """Issue 16, point 6: "checked by editors" only where that is true. A
    sidecar as the machine wrote it was checked by nobody; one a person edited
    was, except the items still marked for review; a list says how many."""
    from tests.sidecar.test_edits import new_site

    root = new_site(tmp_path)  # river: as the machine wrote it
    lake = SIDECAR.replace("river.md", "lake.md").replace("name: The mayor", "name: Harbour master")
    (root / "content" / "lake.md").write_text(ARTICLE.replace("river is safe;", "lake is safe;"), "utf-8")
    (root / "content" / "lake.yaml").write_text(lake, "utf-8")  # written by a person
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    out = root / "output"
    linked = " Each one links to the sentence it comes from."
    assert footer(out, "river/index.html") == ("The claims and denials on this page were found by machine and have "
                                               "not been checked by an editor." + linked)
    assert footer(out, "lake/index.html") == ("The claims and denials on this page were found by machine and "
                                              "checked by an editor." + linked)
    mixed = ("The claims and denials here were found by machine; editors have checked those of 1 of the 2 "
             "explainers they come from, and each explainer says what was checked." + linked)
    assert footer(out, "index.html") == mixed and footer(out, "actors/index.html") == mixed
    assert footer(out, "actors/maria-lopez/index.html") == mixed  # in both articles
    assert footer(out, "actors/harbour-master/index.html") == ("The claims and denials on this page were found by "
                                                          "machine and checked by an editor." + linked)
    assert page(out, "404.html").find("p", class_="provenance") is None

    (root / "content" / "lake.yaml").write_text(lake.replace("    kind: person\n", "    kind: person\n"
                                                             "    review: pending\n", 1), "utf-8")
    assert run_cli("build", "--site", root).returncode == 0
    assert footer(out, "lake/index.html") == ("The claims and denials on this page were found by machine and "
                                              "checked by an editor, except those still marked for review." + linked)
