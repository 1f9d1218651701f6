"""Rendering an explainer from an article and its (hand-written) sidecar."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli, write_site
from tests.htmlcheck import parse_html

ARTICLE = """\
---
title: "Council says river is safe; campaigners disagree"
date: 2024-06-01
source: Example Gazette
source_url: https://example.org/river
---

The city council said on Monday that the river is safe for swimming.

Campaign group Clean Water Now rejected the council's claim.

"We have seen *no evidence* that the water is clean," the group's chair, Maria Lopez, told reporters.

The mayor said the beach will reopen in July.

A spokesperson denied that any report was hidden.
"""

SIDECAR = """\
schema: 1
article:
  path: river.md
actors:
  - id: city-council
    name: City council
    kind: organization
  - id: clean-water-now
    name: Clean Water Now
    kind: group
    role: campaign group
  - id: maria-lopez
    name: Maria Lopez
    kind: person
    role: chair of Clean Water Now
  - id: mayor
    name: The mayor
    kind: person
  - id: spokesperson
    name: Council spokesperson
    kind: person
claims:
  - id: c1
    claimant: city-council
    text: The river is safe for swimming.
    evidence: The city council said on Monday that the river is safe for swimming.
  - id: c2
    claimant: mayor
    text: The beach will reopen in July.
    evidence: The mayor said the beach will reopen in July.
denials:
  - id: d1
    actor: clean-water-now
    denies: c1
    text: rejected the council's claim
    evidence: Campaign group Clean Water Now rejected the council's claim.
  - id: d2
    actor: maria-lopez
    denies: c1
    text: We have seen no evidence that the water is clean.
    evidence: '"We have seen no evidence that the water is clean," the group''s chair, Maria Lopez, told reporters.'
  - id: d3
    actor: spokesperson
    denies: null
    text: denied that any report was hidden
    evidence: A spokesperson denied that any report was hidden.
"""


def build_river(tmp_path: Path, sidecar: str = SIDECAR, article: str = ARTICLE):
    root = write_site(tmp_path, {"river.md": article, "river.yaml": sidecar})
    result = run_cli("build", "--site", root)
    return root, result


def test_claim_vs_denial_table(tmp_path: Path) -> None:
    root, result = build_river(tmp_path)
    assert result.returncode == 0, result.stderr
    doc = parse_html((root / "output" / "river" / "index.html").read_text("utf-8"))
    table = doc.find("table", class_="claims-table")
    assert table is not None and table.find("caption") is not None
    assert [th.attrs.get("scope") for th in table.find("thead").iter("th")] == ["col", "col"]
    rows = list(table.find("tbody").iter("tr"))
    assert len(rows) == 1  # one disputed claim
    claim_cell, denial_cell = rows[0].find("th"), rows[0].find("td")
    assert claim_cell.attrs["scope"] == "row"
    assert "City council" in claim_cell.text and "safe for swimming" in claim_cell.text
    denials = list(denial_cell.iter("li"))
    assert ["Clean Water Now" in denials[0].text, "Maria Lopez" in denials[1].text] == [True, True]
    assert "campaign group" in denials[0].text  # the role is shown
    # Claims nobody denies and denials with no claim are listed after the table, labelled.
    assert "beach will reopen" in doc.find("ul", class_="undisputed").text
    assert "any report was hidden" in doc.find("ul", class_="unanswered").text
    assert doc.find(id="undisputed").text == "Claims nobody here denies"
    assert doc.find(id="unanswered").text == "Denials with no matching claim"


def test_table_and_article_sentences_link_both_ways(tmp_path: Path) -> None:
    root, _ = build_river(tmp_path)
    doc = parse_html((root / "output" / "river" / "index.html").read_text("utf-8"))
    for statement in ("c1", "c2", "d1", "d2", "d3"):
        row = doc.find(id=f"row-{statement}")
        link = row.find("a", class_="source-link")
        assert link.attrs["href"] == f"#ev-{statement}"
        mark = doc.find(id=f"ev-{statement}")
        assert mark is not None, statement
        # ...and the sentence links back to its row
        refs = [a.attrs["href"] for a in doc.find_all("a", class_="ref")]
        assert f"#row-{statement}" in refs
    # A sentence split by emphasis is still highlighted, in pieces
    marks = [m.text for m in doc.find_all("mark", class_="ev-denial")]
    assert any("We have seen" in m for m in marks) and any("that the water is clean" in m for m in marks)


def test_summary_counts_and_index(tmp_path: Path) -> None:
    root, _ = build_river(tmp_path)
    page = parse_html((root / "output" / "river" / "index.html").read_text("utf-8"))
    summary = page.find("p", class_="summary").text
    assert "City council" in summary and "Clean Water Now" in summary and "Maria Lopez" in summary
    index = parse_html((root / "output" / "index.html").read_text("utf-8"))
    item = index.find("li", class_="explainer-item")
    assert item.find("a").attrs["href"] == "river/"
    assert "2 claims" in item.text and "3 denials" in item.text


def test_sidecar_and_article_text_are_escaped(tmp_path: Path) -> None:
    hostile = SIDECAR.replace("name: Maria Lopez", "name: <script>alert(1)</script>") \
        .replace("role: campaign group", "role: '{{ 7*7 }}<img src=x onerror=alert(1)>'")
    article = ARTICLE + "\n<script>alert(2)</script> [click](javascript:alert(3)) {{ 6*7 }}\n"
    root, result = build_river(tmp_path, hostile, article)
    assert result.returncode == 0, result.stderr
    html = (root / "output" / "river" / "index.html").read_text("utf-8")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "{{ 7*7 }}" in html and "49" not in html and "{{ 6*7 }}" in html  # never evaluated


def test_pretty_urls_one_stylesheet(tmp_path: Path) -> None:
    root, _ = build_river(tmp_path)
    out = root / "output"
    assert (out / "river" / "index.html").is_file() and (out / "index.html").is_file()
    css = list((out / "static").glob("style.*.css"))
    assert len(css) == 1
    page = parse_html((out / "river" / "index.html").read_text("utf-8"))
    assert [link.attrs["href"] for link in page.find_all("link", rel="stylesheet")] == [f"../static/{css[0].name}"]
    # No JavaScript needed to read the page: the only script is JSON-LD data.
    assert [s.attrs.get("type") for s in page.find_all("script")] == ["application/ld+json"]


def build_river_with_a_statement(tmp_path: Path):
    """The river site with the mayor's claim c2 turned into statement s1."""
    claim = ("  - id: c2\n    claimant: mayor\n    text: The beach will reopen in July.\n"
             "    evidence: The mayor said the beach will reopen in July.\n")
    statement = ("statements:\n  - id: s1\n    actor: mayor\n    text: The beach will reopen in July.\n"
                 "    evidence: The mayor said the beach will reopen in July.\n")
    assert claim in SIDECAR
    return build_river(tmp_path, SIDECAR.replace(claim, "") + statement)


def test_other_statements_are_listed_apart_from_claims(tmp_path: Path) -> None:
    root, result = build_river_with_a_statement(tmp_path)
    assert result.returncode == 0, result.stderr
    doc = parse_html((root / "output" / "river" / "index.html").read_text("utf-8"))
    other = doc.find("ul", class_="other")
    assert "beach will reopen" in other.text and "The mayor" in other.text
    assert doc.find("ul", class_="undisputed") is None  # not a claim any more
    assert doc.find("mark", class_="ev-statement").attrs["id"] == "ev-s1"
    assert "s1" in doc.find(id="row-s1").text


def test_actor_page_lists_other_statements(tmp_path: Path) -> None:
    root, result = build_river_with_a_statement(tmp_path)
    assert result.returncode == 0, result.stderr
    page = parse_html((root / "output" / "actors" / "the-mayor" / "index.html").read_text("utf-8"))
    section = page.find(id="others-h").parent
    item = section.find("li", class_="said-statement")
    assert "beach will reopen" in item.text
    assert item.find("a").attrs["href"] == "../../river/#row-s1"


def test_labels_are_the_ids_an_editor_finds_in_the_sidecar(tmp_path: Path) -> None:
    """Issue 16, point 7: after items were deleted, claim `c10` is labelled c10
    on the page, in the article text, in JSON-LD and on the actor page, not by
    its position ("C2"); an id without its kind's letter keeps the kind visible."""
    sidecar = SIDECAR.replace("  - id: c2\n", "  - id: c10\n").replace("    denies: c1\n", "    denies: c10\n", 1) \
        .replace("  - id: d3\n", "  - id: hidden-report\n")
    root, result = build_river(tmp_path, sidecar)
    assert result.returncode == 0, result.stderr
    doc = parse_html((root / "output" / "river" / "index.html").read_text("utf-8"))
    row = doc.find(id="row-c10")
    label = row.find("span", class_="tag")
    assert label.find("span", **{"aria-hidden": "true"}).text == "c10"
    assert label.find("span", class_="visually-hidden").text == "Claim c10"
    marks = {a.attrs["href"]: a.text for a in doc.find_all("a", class_="ref")}
    assert "c10" in marks["#row-c10"] and "D:hidden-report" in marks["#row-hidden-report"]
    graph = json.loads("".join(doc.find("script", type="application/ld+json").text_parts))
    names = {m["@id"].rpartition("#")[2]: m["name"] for m in graph["@graph"][0]["mentions"]}
    assert names["row-c10"] == "Claim c10" and names["row-d1"] == "Denial d1"
    mayor = parse_html((root / "output" / "actors" / "the-mayor" / "index.html").read_text("utf-8"))
    assert "c10" in mayor.find("main").text and "C2" not in mayor.find("main").text
