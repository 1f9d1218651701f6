"""Issue 8, point 1: hostile text through every channel (article body, front
matter, every sidecar field, file names) comes out inert in every output
(pages, Atom feed, sitemap, JSON-LD, claims.json, search index, actor and tag
pages), and content is never evaluated as a template.

One hostile site is built once with the real CLI; its pages are then loaded in
headless Chromium, which is the judge of what would run: no script sets
`window.__pwned`, no element carries an event handler, and every link the
browser parses has an http, https or mailto address."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import sidecar
from generator.errors import ContentError, SidecarError
from generator.source.article import read_article
from generator.source.discover import SourceFile
from tests import searchindex
from tests.browser import chromium, static_server
from tests.conftest import run_cli, write_site

BASE = "https://example.org/x/"

# Every way text can try to become markup, script or a template. No `*`, `_`,
# `[` or backslash: those are Markdown, and the evidence sentence holding this
# must read the same as plain text.
EVIL = ('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
        '" onmouseover="window.__pwned=3" x=\' {{ 6007*7 }} {% if true %}EVALUATED{% endif %} '
        '</script><!-- ]]>')
# For YAML fields: characters XML cannot carry, line separators that end a
# JavaScript string, entities that must stay text.
EVIL_FIELD = EVIL + " \u2028\x0b\u2029 &amp; &#106; end"
HOSTILE_HTTPS = "https://example.org/a?q=\"><script>window.__pwned=7</script>&x='1'"
FILE_NAME = "'\"><svg onload=window.__pwned=6>{{ 6007*7 }}.txt"

SENTENCE_CLAIM = f"The mayor said that {EVIL} was safe."
SENTENCE_DENIAL = "The council denied it on Tuesday."
SENTENCE_STATEMENT = "The council said it would meet again in May."

# Links and images in every disguise: case, entities, control characters,
# autolinks, reference definitions, images, raw HTML. None may become live.
DISGUISES = """\
[mixed](JaVaScRiPt:window.__pwned=10) [entity](&#106;avascript:window.__pwned=11)
[hex](&#x6A;avascript:window.__pwned=12) [colon](javascript&colon;window.__pwned=13)
[tab](java&#x09;script:window.__pwned=14) [newline](java&#x0A;script:window.__pwned=15)
[space]( javascript:window.__pwned=16) [vb](vbscript:msgbox(1)) [VB](VbScript:msgbox(1))
[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xNzwvc2NyaXB0Pg==)
[nul](java&#0;script:window.__pwned=29) [zwsp](java\u200bscript:window.__pwned=30)
<javascript:window.__pwned=18> <JAVASCRIPT:window.__pwned=19> <data:text/html,x>
[ref one][r1] and [ref two][r2] and [r3]
![img](javascript:window.__pwned=20) ![svg](data:image/svg+xml,<svg onload=window.__pwned=21>)
[![nested](javascript:x)](javascript:window.__pwned=22)
<a href="javascript:window.__pwned=23">raw link</a> <img src=x onerror=window.__pwned=24>
<svg><script>window.__pwned=25</script></svg> <iframe src="javascript:window.__pwned=26"></iframe>
<style>body{background:red}</style> <div onclick="window.__pwned=31">div</div>
<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=32"> <base href="javascript:x">
<form action="javascript:window.__pwned=33"><button>go</button></form>

[r1]: javascript:window.__pwned=27
[r2]: JAVASCRIPT:window.__pwned=28 "title"
[r3]: <data:text/html,x>

<script>window.__pwned=34</script>

```html
</script><script>window.__pwned=35</script> {{ 6007*7 }}
```

[safe link](https://example.org/safe) [mail](mailto:desk@example.org) [relative](../other/)
"""


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text)


ARTICLE = f"""\
---
title: {q(EVIL_FIELD)}
date: 2024-06-01
source: {q(EVIL)}
source_url: {q(HOSTILE_HTTPS)}
author: {q(EVIL)}
licence: {q(EVIL)}
tags: [{q(EVIL)}, plain]
note: {q(EVIL)}
---

{SENTENCE_CLAIM}

{SENTENCE_DENIAL} {SENTENCE_STATEMENT}

Entities stay text: &lt;script&gt;window.__pwned=36&lt;/script&gt; &amp;lt;b&amp;gt;

{DISGUISES}
"""

SIDECAR = f"""\
schema: 1
article:
  path: river.md
actors:
  - id: evil
    name: {q(EVIL_FIELD)}
    kind: person
    role: {q(EVIL)}
    aliases: [{q(EVIL + " alias")}]
  - id: council
    name: City council
    kind: organization
    role: {q(EVIL_FIELD)}
claims:
  - id: c1
    claimant: evil
    text: {q(EVIL_FIELD)}
    evidence: {q(SENTENCE_CLAIM)}
    verdict:
      rating: {q(EVIL)}
      url: {q(HOSTILE_HTTPS)}
      author: {q(EVIL)}
      date: 2024-06-02
denials:
  - id: d1
    actor: council
    denies: c1
    text: {q(EVIL)}
    evidence: {q(SENTENCE_DENIAL)}
statements:
  - id: s1
    actor: council
    text: {q(EVIL + " statement")}
    evidence: {q(SENTENCE_STATEMENT)}
"""

PLAIN = f"{EVIL_FIELD}\n\nA paragraph of {EVIL} in a plain-text article.\n\n{EVIL}:\n\nMore text.\n"
PLAIN_SIDECAR = f"""\
schema: 1
article:
  path: {q(FILE_NAME)}
actors:
  - id: other
    name: {q(EVIL + " other")}
    kind: group
claims:
  - id: c1
    claimant: other
    text: {q(EVIL)}
    evidence: {q(f"A paragraph of {EVIL} in a plain-text article.")}
denials: []
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built output/ of a site where every input is hostile."""
    root = write_site(tmp_path_factory.mktemp("hostile"), {
        "river.md": ARTICLE, "river.yaml": SIDECAR,
        FILE_NAME: PLAIN, FILE_NAME[:-4] + ".yaml": PLAIN_SIDECAR,
    }, f"title: Hostile\nbase_url: {BASE}\n")
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    return root / "output"


def _pages(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))


def test_every_channel_reached_the_site(hostile: Path) -> None:
    """The test below is only worth something if the hostile text is there."""
    pages = _pages(hostile)
    slugged = [p for p in pages if p.startswith("svg-onload-window-pwned-6-6007-7/")]
    assert slugged == ["svg-onload-window-pwned-6-6007-7/index.html"]  # the file name, made a plain slug
    assert all(re.fullmatch(r"[a-z0-9-]+(/[a-z0-9-]+)*/index\.html|[a-z0-9]+\.html", p) for p in pages), pages
    actor_pages = [p for p in pages if p.startswith("actors/") and p != "actors/index.html"]
    tag_pages = [p for p in pages if p.startswith("tags/") and p != "tags/index.html"]
    assert len(actor_pages) == 3 and len(tag_pages) == 2
    html = (hostile / "river" / "index.html").read_text("utf-8")
    assert html.count("&lt;script&gt;window.__pwned=1&lt;/script&gt;") >= 8  # title, names, roles, texts...
    assert "{{ 6007*7 }}" in html and "{% if true %}EVALUATED{% endif %}" in html
    # the evidence sentence is highlighted, its link titled with the hostile name
    assert '<mark class="ev ev-claim" id="ev-c1">' in html and 'title="Claim by &lt;script&gt;' in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html.split('id="other-statements"')[1]


def test_no_template_syntax_is_ever_evaluated(hostile: Path) -> None:
    for path in hostile.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt") and not path.name.startswith("."):
            text = path.read_text("utf-8")
            assert "42049" not in text, path  # {{ 6007*7 }} evaluated
            assert text.count("EVALUATED") == text.count("{% if true %}EVALUATED"), path


# What the browser says about each page: event handlers, scripts that are not
# ours, elements that load or run things, and every address it would follow.
AUDIT = """() => {
  const bad = [];
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'background',
                    'ping', 'srcset', 'cite', 'longdesc', 'manifest', 'icon'];
  const links = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['iframe', 'frame', 'object', 'embed', 'svg', 'math', 'style', 'base', 'applet', 'img'].includes(tag))
      bad.push('element ' + tag);
    if (tag === 'meta' && el.hasAttribute('http-equiv')) bad.push('meta http-equiv');
    if (['form', 'input', 'button'].includes(tag) && !el.closest('#search-form') && el.id !== 'search-more') bad.push('element ' + tag);
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) bad.push(tag + ' ' + attr.name);
      if (attr.name === 'style') bad.push(tag + ' style=');
      if (urlAttrs.includes(attr.name)) {
        const url = new URL(attr.value, document.baseURI);
        links.push(url.href);
        if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) bad.push(tag + ' ' + attr.name + '=' + attr.value);
      }
    }
  }
  for (const s of document.scripts) {
    const data = ['application/ld+json', 'application/json'].includes(s.type);
    const ours = s.src && ['/x/static/', '/x/search/t/', '/x/search/d/'].some(p => new URL(s.src).pathname.startsWith(p));
    if (!data && !ours) bad.push('script ' + s.outerHTML.slice(0, 80));
  }
  return {bad, links, pwned: window.__pwned, text: document.body.innerText};
}"""


@pytest.mark.browser
def test_every_page_is_inert_in_a_real_browser(hostile: Path) -> None:
    dialogs: list[str] = []
    with static_server(hostile, "/x/") as site, chromium() as browser:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        seen = {}
        for rel in _pages(hostile):
            page.goto(site + rel.removesuffix("index.html"), wait_until="load")
            page.wait_for_timeout(50)  # onerror of a broken image fires after load
            seen[rel] = page.evaluate(AUDIT)
            assert seen[rel]["bad"] == [], (rel, seen[rel]["bad"])
            assert seen[rel]["pwned"] is None, rel
        # Search renders results from the (hostile) index with script: still inert.
        page.goto(site + "search/?q=pwned", wait_until="load")
        page.wait_for_selector(".search-result")
        audit = page.evaluate(AUDIT)
        assert audit["bad"] == [] and audit["pwned"] is None
        assert "<script>window.__pwned=1</script>" in audit["text"]
    assert dialogs == []
    river = seen["river/index.html"]
    # The hostile text is on the page, as text
    assert "<script>window.__pwned=1</script>" in river["text"]
    assert "{{ 6007*7 }} {% if true %}EVALUATED{% endif %}" in river["text"]
    assert "window.__pwned=35" in river["text"]  # the code block, shown as code
    # Safe links from the article stay links; the hostile ones became text.
    assert "https://example.org/safe" in river["links"] and "mailto:desk@example.org" in river["links"]
    assert any(link.endswith("/x/other/") for link in river["links"])
    assert HOSTILE_HTTPS.replace('"', "%22").replace("<", "%3C").replace(">", "%3E").replace("'", "%27") \
        in river["links"]  # source and verdict links: the exact address, encoded, not markup


def _script_blocks(html: str) -> list[str]:
    return re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)


def test_json_ld_and_search_index_hold_the_exact_text_and_cannot_close_their_script(hostile: Path) -> None:
    html = (hostile / "river" / "index.html").read_text("utf-8")
    blocks = _script_blocks(html)
    assert len(blocks) == html.count("<script") == 1
    for block in blocks:
        assert "<" not in block and "\u2028" not in block and "\u2029" not in block
    graph = json.loads(blocks[0])["@graph"]
    article, review = graph
    assert article["name"] == " ".join(EVIL_FIELD.split())  # the title, whitespace squashed
    assert article["isBasedOn"] == {"@type": "NewsArticle", "url": HOSTILE_HTTPS,
                                    "publisher": {"@type": "Organization", "name": EVIL}}
    claim = article["mentions"][0]
    assert claim["text"] == EVIL_FIELD.strip() and claim["author"]["name"] == EVIL_FIELD.strip()
    assert claim["author"]["jobTitle"] == EVIL
    assert review["url"] == HOSTILE_HTTPS and review["reviewRating"]["alternateName"] == EVIL
    assert EVIL in article["keywords"]

    for path in (hostile / "search").rglob("*.js"):  # one call with data, nothing that can end or start code
        text = path.read_text("utf-8")
        assert "<" not in text and "\u2028" not in text and "\u2029" not in text, path
        searchindex.calls(path)
    docs = searchindex.docs(hostile)
    river = next(d for d in docs if d[:2] == ["e", "../river/"])
    assert river[2] == " ".join(EVIL_FIELD.split())
    assert any(d[0] == "c" and d[2] == EVIL_FIELD.strip() for d in docs)
    assert all(re.fullmatch(r"\.\./[a-z0-9/-]+/(#row-[\w.-]+)?", d[1]) for d in docs)


def test_atom_feed_is_well_formed_and_carries_text_only(hostile: Path) -> None:
    raw = (hostile / "feed.xml").read_bytes()
    assert b"<script" not in raw and b"<img" not in raw and b"\x0b" not in raw
    feed = ET.fromstring(raw)  # XML that cannot carry \x0b would not parse
    atom = "{http://www.w3.org/2005/Atom}"
    known = {f"{atom}{t}" for t in ("feed", "title", "subtitle", "id", "link", "updated", "author", "name",
                                    "generator", "entry", "published", "summary", "category")}
    assert {el.tag for el in feed.iter()} <= known  # nothing injected became an element
    titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    assert " ".join(EVIL_FIELD.split()) in titles
    terms = [c.get("term") for c in feed.iter(f"{atom}category")]
    assert EVIL in terms
    summaries = "".join(e.findtext(f"{atom}summary") for e in feed.iter(f"{atom}entry"))
    assert EVIL in summaries
    for link in feed.iter(f"{atom}link"):
        assert link.get("href").startswith(BASE)


def test_sitemap_holds_only_our_addresses(hostile: Path) -> None:
    sitemap = ET.fromstring((hostile / "sitemap.xml").read_bytes())
    locs = [el.text for el in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) == len(_pages(hostile)) - 2  # every page but 404.html and search
    assert all(re.fullmatch(re.escape(BASE) + r"([a-z0-9-]+/)*", loc) for loc in locs), locs


def _strings(data: object, key: str = "") -> list[tuple[str, str]]:
    if isinstance(data, dict):
        return [pair for k, v in data.items() for pair in _strings(v, k)]
    if isinstance(data, list):
        return [pair for v in data for pair in _strings(v, key)]
    return [(key, data)] if isinstance(data, str) else []


def test_claims_json_keeps_the_exact_text_and_only_web_addresses(hostile: Path) -> None:
    data = json.loads((hostile / "claims.json").read_text("utf-8"))
    values = _strings(data)
    assert ("name", EVIL_FIELD.strip()) in values and ("role", EVIL) in values
    assert ("text", EVIL_FIELD.strip()) in values and ("rating", EVIL) in values
    assert data["statements"][0]["text"] == EVIL + " statement"
    assert ("source_url", HOSTILE_HTTPS) in values and ("url", HOSTILE_HTTPS) in values
    urls = [v for k, v in values if k.endswith("url")]
    assert len(urls) > 10 and all(u.startswith(("https://", "http://")) for u in urls), urls


# --- links from content that run code are refused, however they are written ---

DANGEROUS_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "  javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "java\x00script:alert(1)", "\u200bjavascript:alert(1)", "javascript\u00a0:alert(1)",
    "vbscript:msgbox(1)", "VBSCRIPT:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>", "file:///etc/passwd", "\x01javascript:alert(1)",
]


@pytest.mark.parametrize("url", DANGEROUS_URLS)
def test_front_matter_source_url_must_be_a_web_address(tmp_path: Path, url: str) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: A\nsource_url: {q(url)}\n---\n\nText.\n", "utf-8")
    with pytest.raises(ContentError) as caught:
        read_article(SourceFile(path, "a.md", "a"))
    assert caught.value.describe(tmp_path) == (
        f"a.md:3:13: front matter.source_url: must be an http, https, mailto or relative URL; "
        f"found {url.strip()!r}").replace("\x00", "\\x00").replace("\x01", "\\x01").replace("\t", "\\x09") \
        .replace("\n", "\\x0a")


@pytest.mark.parametrize("url", DANGEROUS_URLS)
def test_verdict_url_must_be_a_web_address(tmp_path: Path, url: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(SIDECAR.replace(q(HOSTILE_HTTPS), q(url)), "utf-8")
    with pytest.raises(SidecarError) as caught:
        sidecar.load(path)
    line = SIDECAR.splitlines().index(f"      url: {q(HOSTILE_HTTPS)}") + 1
    assert caught.value.line == line and caught.value.column == 12
    assert caught.value.message.startswith("claims[0].verdict.url: must be an http, https, mailto or relative URL")


def test_a_refused_link_fails_only_its_article(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"river.md": ARTICLE, "river.yaml": SIDECAR,
                                 "bad.md": ARTICLE.replace(q(HOSTILE_HTTPS), q("javascript:alert(1)"), 1),
                                 "bad.yaml": SIDECAR.replace("path: river.md", "path: bad.md")})
    result = run_cli("build", "--site", root)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: content/bad.md:5:13: front matter.source_url: must be an http, https, mailto or relative URL; "
        "found 'javascript:alert(1)'"]
    assert (root / "output" / "river" / "index.html").is_file() and not (root / "output" / "bad").exists()


@pytest.mark.parametrize("bad_id", ["c 1", "c1/../../x", 'c1"><script>', "c#1", "c?1", "'c1'x'", "c\u20281"])
def test_ids_that_would_break_a_page_or_a_link_are_refused(tmp_path: Path, bad_id: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(SIDECAR.replace("  - id: c1\n", f"  - id: {q(bad_id)}\n").replace("denies: c1",
                                                                                       f"denies: {q(bad_id)}"),
                    "utf-8")
    with pytest.raises(SidecarError) as caught:
        sidecar.load(path)
    assert caught.value.message.startswith(f"claims[0].id: {bad_id!r} is not a usable id")
    assert caught.value.line == SIDECAR.splitlines().index("  - id: c1") + 1
