"""Property-based tests: arbitrary input never crashes the reader, the sidecar
loader, site.yaml or the renderer, never yields live markup or a link that runs
code, never leads a path out of its folder, and sidecars round-trip."""

from __future__ import annotations

import json
import posixpath
import re
import string
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import sidecar, urls
from generator.build.publish import confine
from generator.build.site import build
from generator.config import load_config
from generator.errors import GeneratorError, PathError
from generator.model import Actor, Claim, Denial, Extraction, Provenance, Sidecar, Statement
from generator.source.article import read_article
from generator.source.discover import SourceFile
from generator.source.markdown import render_markdown
from generator.text import slug as text_slug
from generator.urls import is_safe_url
from tests.htmlcheck import parse_html

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text as hostile content arrives: markup, template syntax, quotes, control and
# wide characters (no lone surrogates: they cannot be written to a UTF-8 file).
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{ 7*7 }}", "{% raw %}", "</script>",
           "javascript:alert(1)", "[x](javascript:alert(1))", "<a href='javascript:x'>", "&lt;", "\"'`",
           "---", "# ", "- ", "> ", "`", "*", "_", "[", "](", "\n\n", "\r\n", "\t", "\u2028", "\ufeff", ":", "null"]
text = st.lists(st.one_of(st.sampled_from(HOSTILE),
                          st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)),
                max_size=12).map("".join)
clean = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
                min_size=1, max_size=40).map(str.strip).filter(bool)
# Text that YAML, Markdown or a template would read as something else if it
# were not kept as text: it must survive a sidecar's write and read unchanged.
TRICKY = ["<script>", "{{ x }}", "{% if %}", "&amp;", "!!python/object:x", "*alias", "&anchor", "- item", "key: value",
          "# comment", "no", "yes", "1.10", "2024-01-01", "12:30:45", "~", "null", "'", '"', "%TAG", "---", "...", "|",
          ">", "@", "`", "[a](javascript:x)", "0x1F", ".inf", "=", "\\", "?"]
tricky = st.lists(st.one_of(st.sampled_from(TRICKY), clean), min_size=1, max_size=4).map(" ".join)
ident = st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12)


@SETTINGS
@given(body=st.binary(max_size=400) | text.map(lambda t: t.encode("utf-8")), suffix=st.sampled_from([".md", ".txt"]))
def test_reader_reads_or_explains(tmp_path: Path, body: bytes, suffix: str) -> None:
    path = tmp_path / f"a{suffix}"
    path.write_bytes(body)
    try:
        article = read_article(SourceFile(path, path.name, "a"))
    except GeneratorError as exc:
        assert exc.path == path and exc.message
        return
    assert article.title and article.blocks is not None


@SETTINGS
@given(document=text)
def test_sidecar_loader_loads_or_explains(tmp_path: Path, document: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(document, "utf-8")
    try:
        sidecar.load(path)
    except GeneratorError as exc:
        assert exc.path == path and exc.message


@st.composite
def extractions(draw: st.DrawFn) -> Extraction:
    actor_ids = draw(st.lists(ident, min_size=1, max_size=4, unique=True))
    words = st.one_of(clean, tricky)
    actors = tuple(Actor(i, draw(words), draw(st.sampled_from(["person", "organization", "country", "group"])),
                         draw(st.none() | words), tuple(draw(st.lists(words, max_size=2))),
                         draw(st.none() | st.sampled_from([0.0, 0.25, 0.5, 1.0])))
                   for i in actor_ids)
    claims = tuple(Claim(f"c{n}", draw(st.none() | st.sampled_from(actor_ids)), draw(words),
                         tuple(draw(st.lists(words, min_size=1, max_size=3))))
                   for n in range(draw(st.integers(0, 3))))
    claim_ids = [c.id for c in claims]
    denials = tuple(Denial(f"d{n}", draw(st.sampled_from(actor_ids)),
                           draw(st.none() | st.sampled_from(claim_ids)) if claim_ids else None,
                           draw(words), tuple(draw(st.lists(words, min_size=1, max_size=2))))
                    for n in range(draw(st.integers(0, 3))))
    statements = tuple(Statement(f"s{n}", draw(st.none() | st.sampled_from(actor_ids)), draw(words),
                                 tuple(draw(st.lists(words, min_size=1, max_size=2))))
                       for n in range(draw(st.integers(0, 2))))
    return Extraction(actors, claims, denials, statements)


@SETTINGS
@given(found=extractions())
def test_sidecar_survives_load_save_load(tmp_path: Path, found: Extraction) -> None:
    path = tmp_path / "x.yaml"
    written = Sidecar(path, "x.md", "0" * 64, found, Provenance("1", "m 1", ""))
    sidecar.write(written)
    first = path.read_bytes()
    loaded, warnings = sidecar.load(path)
    assert warnings == []
    assert loaded.extraction == found
    assert sidecar.state_of(path) is sidecar.State.MACHINE
    sidecar.write(loaded)
    assert path.read_bytes() == first


def _assert_inert(html: str) -> None:
    doc = parse_html(html)
    for el in doc.iter():
        if el.tag == "script":  # only our own: data blocks that stay valid JSON, and our scripts
            if el.attrs.get("type") in ("application/ld+json", "application/json"):
                json.loads("".join(el.text_parts))
            else:
                assert el.attrs.get("src", "").startswith(("static/", "../static/", "../../static/")), el.attrs
            continue
        if el.tag == "form":
            assert el.attrs.get("id") == "search-form", el.attrs  # the search page's own
        assert el.tag not in ("iframe", "object", "embed", "img", "svg", "style"), el.tag
        for name, value in el.attrs.items():
            assert not name.startswith("on"), name
            if name in ("href", "src"):
                assert not value.strip().lower().startswith(("javascript:", "vbscript:", "data:")), value


@settings(SETTINGS, max_examples=60)
@given(title=text, body=text, found=extractions(), evil=text, fmt=st.sampled_from(["md", "txt"]))
def test_renderer_never_emits_live_markup(tmp_path: Path, title: str, body: str, found: Extraction, evil: str,
                                         fmt: str) -> None:
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    (root / "content").mkdir()
    (root / "site.yaml").write_text("title: T\nbase_url: https://example.org/x/\n", "utf-8")
    path = root / "content" / f"x.{fmt}"
    path.write_text(f"{title.strip() or 'T'}\n\n{body}\n{evil}\n" if fmt == "txt" else
                    f"# {title.strip() or 'T'}\n\n{body}\n\n{evil}\n", "utf-8")
    # Hostile strings in every sidecar field too
    tail = " ".join(evil.split())[:40]
    hostile = Extraction(
        tuple(Actor(a.id, f"{a.name} {tail}".strip(), a.kind, f"{a.role or ''} {tail}".strip() or None, a.aliases)
              for a in found.actors),
        tuple(Claim(c.id, c.claimant, f"{c.text} {tail}".strip(), c.evidence) for c in found.claims),
        found.denials)
    sidecar.write(Sidecar(root / "content" / "x.yaml", f"x.{fmt}", None, hostile))
    report = build(load_config(root))
    out = root / "output"
    for page in out.rglob("*.html"):
        _assert_inert(page.read_text("utf-8"))
    if report.pages:
        assert (out / "x" / "index.html").is_file()
        # The machine-readable files stay well-formed whatever the text
        for name in ("feed.xml", "sitemap.xml"):
            ET.fromstring((out / name).read_bytes())
        json.loads((out / "claims.json").read_text("utf-8"))


# --- links and paths ------------------------------------------------------------

URL_PIECES = ["javascript", "JaVaScRiPt", "vbscript", "data", "http", "https", "mailto", "file", "java", "script",
              ":", "//", "/", "\\", "\t", "\n", "\r", "\x00", "\x01", " ", "\u200b", "\ufeff", "\u00a0",
              "&#58;", "&colon;", "%3a", "%0a", "alert(1)", "x", ".", "#", "?", "@", "+", "-"]
INVISIBLE = [" ", "\t", "\n", "\r", "\x00", "\x01", "\x0b", "\x1f", "\x7f", "\x85", "\u00a0", "\u200b",
             "\u2028", "\ufeff", ""]


@st.composite
def disguised(draw: st.DrawFn) -> str:
    """A scheme dressed up as browsers forgive: odd case, invisible characters
    before it and inside it, and a colon however written."""
    word = draw(st.sampled_from(["javascript", "vbscript", "data", "livescript", "http", "https", "mailto", "file"]))
    inside = st.sampled_from(["", "", "", "\t", "\n", "\r"]) | st.sampled_from(INVISIBLE)
    letters = [draw(st.sampled_from([c, c.upper()])) + draw(inside) for c in word]
    colon = draw(st.sampled_from([":", ":", "&#58;", "&colon;", "%3a", "\uff1a"]))
    before = "".join(draw(st.lists(st.sampled_from(INVISIBLE), max_size=3)))
    return before + "".join(letters) + colon + draw(st.sampled_from(["alert(1)", "//x", ""]))


url_like = st.one_of(disguised(), st.lists(st.one_of(st.sampled_from(URL_PIECES), st.text(max_size=3)),
                                           max_size=8).map("".join))


def browser_scheme(url: str) -> str | None:
    """The scheme a browser reads (WHATWG URL): outer C0 controls and spaces
    trimmed, tabs and newlines removed anywhere, then letters up to a colon."""
    url = re.sub("[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else None


@settings(SETTINGS, max_examples=300)
@given(url=url_like)
def test_a_url_let_through_never_runs_code(url: str) -> None:
    if is_safe_url(url):
        assert browser_scheme(url) in (None, "http", "https", "mailto"), url


@settings(SETTINGS, max_examples=300)
@given(source=st.lists(st.one_of(text, url_like.map(lambda u: f"[a]({u})"), url_like.map(lambda u: f"<{u}>"),
                                 url_like.map(lambda u: f"![i]({u})"), url_like.map(lambda u: f"\n\n[r]: {u}\n\n[r]")),
                       max_size=6).map(" ".join))
def test_markdown_never_links_to_code(source: str) -> None:
    from tests.htmlcheck import parse_html

    for el in parse_html(render_markdown(source)).iter():
        assert el.tag in ("p", "a", "img", "em", "strong", "code", "pre", "br", "h1", "h2", "h3", "h4", "h5", "h6",
                          "ul", "ol", "li", "blockquote", "hr", "s", "table", "thead", "tbody", "tr", "th", "td"), el.tag
        for name, value in el.attrs.items():
            assert not name.startswith("on"), name
            if name in ("href", "src"):
                assert browser_scheme(value) in (None, "http", "https", "mailto"), value


@SETTINGS
@given(name=st.text(max_size=60))
def test_slugs_are_plain_and_stay_in_the_output_folder(name: str) -> None:
    for slug in (text_slug(name) or "article", urls.segment(name)):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert confine(f"{slug}/index.html") == f"{slug}/index.html"


@settings(SETTINGS, max_examples=500)
@given(rel=st.lists(st.sampled_from(["..", ".", "", "a", "b", "\\", "\x00", "output-evil", "~"]) | st.text(max_size=4),
                    max_size=6).map("/".join))
def test_an_output_path_is_refused_or_stays_inside(rel: str) -> None:
    try:
        kept = confine(rel)
    except PathError:
        return
    joined = posixpath.normpath(posixpath.join("/site/output", kept))
    assert joined.startswith("/site/output/") and kept == rel


@SETTINGS
@given(document=text)
def test_site_yaml_loads_or_explains(tmp_path: Path, document: str) -> None:
    (tmp_path / "site.yaml").write_text(document, "utf-8")
    try:
        load_config(tmp_path)
    except GeneratorError as exc:
        assert exc.message
