"""Property-based tests: arbitrary input never crashes the reader, the sidecar
loader or the renderer, never yields live markup, and sidecars round-trip."""

from __future__ import annotations

import json
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import sidecar
from generator.config import load_config
from generator.content import SourceFile, read_article
from generator.errors import GeneratorError
from generator.model import Actor, Claim, Denial, Extraction, Provenance, Sidecar
from generator.site import build
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
    actors = tuple(Actor(i, draw(clean), draw(st.sampled_from(["person", "organization", "country", "group"])),
                         draw(st.none() | clean), tuple(draw(st.lists(clean, max_size=2))),
                         draw(st.none() | st.sampled_from([0.0, 0.25, 0.5, 1.0])))
                   for i in actor_ids)
    claims = tuple(Claim(f"c{n}", draw(st.none() | st.sampled_from(actor_ids)), draw(clean),
                         tuple(draw(st.lists(clean, min_size=1, max_size=3))))
                   for n in range(draw(st.integers(0, 3))))
    claim_ids = [c.id for c in claims]
    denials = tuple(Denial(f"d{n}", draw(st.sampled_from(actor_ids)),
                           draw(st.none() | st.sampled_from(claim_ids)) if claim_ids else None,
                           draw(clean), tuple(draw(st.lists(clean, min_size=1, max_size=2))))
                    for n in range(draw(st.integers(0, 3))))
    return Extraction(actors, claims, denials)


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
    for page in (root / "output").rglob("*.html"):
        _assert_inert(page.read_text("utf-8"))
    if report.pages:
        assert (root / "output" / "x" / "index.html").is_file()
