"""The static search index, sharded so a query loads only what it needs.

What a reader can find: explainers (by title, who is in them, tags, summary and
what was said), each claim and denial (by its words and who said it, landing
on its row in the table), and actors (by name). Every word of those is a term
with the doc ids it appears in and how much it counts there (a title more than
a summary).

The index is split into files a page loads with `<script>` tags, not
`fetch()`: that works straight from disk (`file:`), where browsers refuse to
fetch, as well as from any static host at any subpath. `search/t/<key>.js`
holds the terms that start with `<key>` (their first three letters, or the
whole word when shorter; a file grown past `SHARD_BYTES` is split by one more
letter, and names its parts instead); `search/d/<n>.js` holds the `n`th chunk
of docs (what a result shows). A query loads one term file per word and the
doc chunks of the results it shows, so the page stays small and a query
fetches a few hundred KB at most however large the archive.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial
from typing import Any

from .. import urls
from . import render
from .actors import SiteActor
from .derived import Derived
from .record import ArticleRecord

PAGE = urls.output_file(urls.SEARCH)
TERMS = f"{urls.SEARCH}t/"
DOCS = f"{urls.SEARCH}d/"
DOCS_PER_CHUNK = 50
SHARD_BYTES = 48 * 1024
KEY_LENGTH = 3  # letters of a term that name its file; a query word shorter than this matches whole words
WEIGHTS = {8: 3, 4: 2, 2: 1, 1: 0}  # field weight -> the code stored with each doc id (two bits)
# Words too common to find anything by (queries drop them too).
STOPWORDS = frozenset(
    "a an and are as at be but by for from had has have he her his i in is it its not of on or she that the their "
    "they this to was we were which who will with".split())

Doc = list[Any]  # [kind, url (from the search page), title, meta, summary]; kind: e(xplainer) c(laim) d(enial) a(ctor)
Terms = dict[str, int]  # term -> field weight, for one doc


def fold(text: str) -> str:
    """Lower case, accents dropped: what search.js does to what a reader types."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS]


def files(records: list[ArticleRecord], people: tuple[SiteActor, ...], derived: Derived | None = None,
          ) -> dict[str, bytes]:
    """Every file of the index by its path under output/: `records` newest
    first. `derived`: per-record values kept from earlier builds."""
    derived = derived or Derived()
    docs: list[Doc] = []
    found: dict[str, list[tuple[int, int]]] = {}
    for doc, terms in [*(pair for r in records for pair in entries(r, derived)), *map(_actor, people)]:
        number = len(docs)
        docs.append(doc)
        for term, weight in terms.items():
            found.setdefault(term, []).append((number, WEIGHTS[weight]))
    postings = {term: _encode(pairs) for term, pairs in found.items()}
    out = {f"{DOCS}{n}.js": _script("docs", n, docs[i:i + DOCS_PER_CHUNK])
           for n, i in enumerate(range(0, len(docs), DOCS_PER_CHUNK))}
    out.update(_shards(postings, ""))
    return out


def entries(r: ArticleRecord, derived: Derived) -> list[tuple[Doc, Terms]]:
    """One explainer's docs: itself, then its claims and denials (kept in `derived`)."""
    return derived.get(r, "search", partial(_entries, r))


def _entries(r: ArticleRecord) -> list[tuple[Doc, Terms]]:
    names = {a.id: a.name for a in r.actors}
    meta = " · ".join([*filter(None, [render.iso_date(r.date)[:10]]), _count(r.claim_count, "claim"),
                       _count(r.denial_count, "denial")])
    out = [(["e", _link(r.url), r.title, meta, r.summary], _terms(
        (r.title, 8), (" ".join(n for a in r.actors for n in (a.name, *a.aliases)), 4), (" ".join(r.tags), 4),
        (r.summary, 2), (" ".join([*(c.text for c in r.claims), *(d.text for d in r.denials),
                                  *(s.text for s in r.statements)]), 1)))]
    claims = {c.id: c for c in r.claims}
    for claim in r.claims:
        who = names.get(claim.claimant or "", "an unnamed source")
        deniers = sorted({names.get(d.actor, d.actor) for d in r.denials if d.denies == claim.id})
        out.append((["c", _link(f"{r.url}#row-{claim.id}"), claim.text, f"Claim by {who} · in “{r.title}”",
                     "Denied by " + ", ".join(deniers) if deniers else ""],
                    _terms((claim.text, 8), (who, 4), (r.title, 1))))
    for denial in r.denials:
        who = names.get(denial.actor, denial.actor)
        answered = claims.get(denial.denies or "")
        out.append((["d", _link(f"{r.url}#row-{denial.id}"), denial.text, f"Denial by {who} · in “{r.title}”",
                     f"Denies: “{answered.text}”" if answered else ""],
                    _terms((denial.text, 8), (who, 4), (r.title, 1))))
    return out


def _actor(p: SiteActor) -> tuple[Doc, Terms]:
    meta = " · ".join(["Actor", _count(len(p.claims), "claim"), _count(len(p.denials), "denial")])
    return (["a", _link(p.url), p.name, meta, "; ".join((p.kind_label, *p.roles))],
            _terms((p.name, 8), (" ".join(p.aliases), 4), (" ".join(p.roles), 2)))


def _encode(pairs: list[tuple[int, int]]) -> str:
    """Doc ids (ascending) with their weight codes, as base-36 numbers: each the
    step from the doc before times four, plus the code. Common words are in
    thousands of docs a few apart, so this is a third of the size of the ids."""
    out, last = [], 0
    for doc, code in pairs:
        out.append(_base36((doc - last) * 4 + code))
        last = doc
    return ",".join(out)


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(n: int) -> str:
    text = ""
    while True:
        n, digit = divmod(n, 36)
        text = _DIGITS[digit] + text
        if not n:
            return text


def _terms(*fields: tuple[str, int]) -> Terms:
    """Each word of the fields with the weight of the field it counts most in."""
    out: Terms = {}
    for text, weight in fields:
        for word in words(text):
            if out.get(word, 0) < weight:
                out[word] = weight
    return out


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _link(target: str) -> str:
    return render.relative_url(target, PAGE)


def key(term: str, length: int = KEY_LENGTH) -> str:
    return term[:length]


def file_name(shard_key: str) -> str:
    """A key as a file name: itself when plain ASCII, else `_` and its UTF-8 in hex."""
    return shard_key if shard_key.isascii() else "_" + shard_key.encode("utf-8").hex()


def _shards(postings: dict[str, str], prefix: str) -> dict[str, bytes]:
    """The term files for the terms under `prefix` ("": all), one per key one
    letter longer than `prefix`; a file over `SHARD_BYTES` holds only the
    terms as long as its key and names the files its longer terms went to."""
    length = len(prefix) + 1 if prefix else KEY_LENGTH
    groups: dict[str, dict[str, str]] = {}
    for term, docs in postings.items():
        groups.setdefault(key(term, length), {})[term] = docs
    out: dict[str, bytes] = {}
    for shard_key, terms in sorted(groups.items()):
        data = _script("terms", shard_key, terms, [])
        longer = {t: d for t, d in terms.items() if len(t) > len(shard_key)}
        if len(data) > SHARD_BYTES and longer:
            parts = _shards(longer, shard_key)
            exact = {t: d for t, d in terms.items() if len(t) <= len(shard_key)}
            subkeys = sorted({key(t, len(shard_key) + 1) for t in longer})
            data = _script("terms", shard_key, exact, subkeys)
            out.update(parts)
        out[f"{TERMS}{file_name(shard_key)}.js"] = data
    return out


def _script(call: str, *args: Any) -> bytes:
    """A call of `explainerSearch.<call>` with JSON arguments (see static/search.js)."""
    text = ",".join(render.script_json(a) for a in args)
    return f"explainerSearch.{call}({text});\n".encode()
