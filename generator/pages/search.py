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
from array import array
from collections.abc import Iterator, Sequence
from functools import partial
from itertools import chain
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
    "a about after also an and any are as at be been but by can could did do does for from had has have he her "
    "here him his how i if in into is it its more most not of on or our out over she so some than that the "
    "their them then there these they this those to up was we were what when which who will with would you".split())



class _Marks(dict[int, int | None]):
    """`str.translate` table dropping combining marks (Unicode category M, as
    search.js's \\p{M}), filled in as characters are met."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.category(chr(code)).startswith("M") else code
        return self[code]


_MARKS = _Marks()


def fold(text: str) -> str:
    """Lower case, accents dropped: what search.js does to what a reader types."""
    if text.isascii():  # much news text: nothing to decompose
        return text.lower()
    return unicodedata.normalize("NFKD", text).translate(_MARKS).lower()


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS]


def files(records: list[ArticleRecord], people: tuple[SiteActor, ...], derived: Derived | None = None,
          ) -> Iterator[tuple[str, bytes]]:
    """Every file of the index, with its path under output/, made as it goes
    (an archive's index is never held whole): `records` newest first.
    `derived`: per-record values kept from earlier builds."""
    derived = derived or Derived()
    # Doc ids with their weight codes, 8 bytes each: as Python ints in lists
    # they took 36, the most of an archive build's memory.
    postings: dict[str, array[int]] = {}
    chunk: list[str] = []
    number = 0
    for doc, terms in chain((pair for r in records for pair in entries(r, derived)), map(_actor, people)):
        for code, words_ in enumerate(terms):
            for term in words_.split():
                ids = postings.get(term)
                if ids is None:
                    ids = postings[term] = array("L")
                ids.append(number * 4 + code)
        chunk.append(doc)
        number += 1
        if len(chunk) == DOCS_PER_CHUNK:
            yield _docs(number // DOCS_PER_CHUNK - 1, chunk)
            chunk = []
    if chunk:
        yield _docs(number // DOCS_PER_CHUNK, chunk)
    by_key: dict[str, list[str]] = {}
    for term in postings:
        by_key.setdefault(key(term), []).append(term)
    for shard_key in sorted(by_key):  # encoded a file at a time, never all at once
        yield from _shards({term: _encode(postings.pop(term)) for term in by_key[shard_key]}, "")


def _docs(n: int, docs: list[str]) -> tuple[str, bytes]:
    return f"{DOCS}{n}.js", f"explainerSearch.docs({n},[{','.join(docs)}]);\n".encode()


# One doc as search.js shows it: [kind, url (from the search page), title, meta,
# summary], kind e(xplainer) c(laim) d(enial) a(ctor), already encoded; and its
# words, a space-separated string for each weight code (1, 2, 4, 8): kept per
# record in `derived`, so they are kept small.
Entry = tuple[str, tuple[str, ...]]


def entries(r: ArticleRecord, derived: Derived) -> list[Entry]:
    """One explainer's docs: itself, then its claims and denials (kept in `derived`)."""
    return derived.get(r, "search", partial(_entries, r))


def known(r: ArticleRecord, derived: Derived, found: Sequence[Entry]) -> None:
    """Tell `derived` the record's entries, worked out by an earlier build."""
    derived.get(r, "search", lambda: list(found))


def _entries(r: ArticleRecord) -> list[Entry]:
    names = {a.id: a.name for a in r.actors}
    meta = " · ".join([*filter(None, [render.iso_date(r.date)[:10]]), _count(r.claim_count, "claim"),
                       _count(r.denial_count, "denial")])
    title = words(r.title)  # in every doc of the explainer: its words found once
    out = [(_doc("e", r.url, r.title, meta, r.summary), _terms(
        (title, 8), (words(" ".join(n for a in r.actors for n in (a.name, *a.aliases))), 4),
        (words(" ".join(r.tags)), 4), (words(r.summary), 2),
        (words(" ".join([*(c.text for c in r.claims), *(d.text for d in r.denials),
                         *(s.text for s in r.statements)])), 1)))]
    claims = {c.id: c for c in r.claims}
    for claim in r.claims:
        who = names.get(claim.claimant or "", "an unnamed source")
        deniers = sorted({names.get(d.actor, d.actor) for d in r.denials if d.denies == claim.id})
        out.append((_doc("c", f"{r.url}#row-{claim.id}", claim.text, f"Claim by {who} · in “{r.title}”",
                         "Denied by " + ", ".join(deniers) if deniers else ""),
                    _terms((words(claim.text), 8), (words(who), 4), (title, 1))))
    for denial in r.denials:
        who = names.get(denial.actor, denial.actor)
        answered = claims.get(denial.denies or "")
        out.append((_doc("d", f"{r.url}#row-{denial.id}", denial.text, f"Denial by {who} · in “{r.title}”",
                         f"Denies: “{answered.text}”" if answered else ""),
                    _terms((words(denial.text), 8), (words(who), 4), (title, 1))))
    return out


def _actor(p: SiteActor) -> Entry:
    meta = " · ".join(["Actor", _count(len(p.claims), "claim"), _count(len(p.denials), "denial")])
    return (_doc("a", p.url, p.name, meta, "; ".join((p.kind_label, *p.roles))),
            _terms((words(p.name), 8), (words(" ".join(p.aliases)), 4), (words(" ".join(p.roles)), 2)))


def _doc(kind: str, target: str, title: str, meta: str, summary: str) -> str:
    return str(render.script_json([kind, _link(target), title, meta, summary]))


def _terms(*fields: tuple[list[str], int]) -> tuple[str, ...]:
    """Each word of the fields (`words` of each) under the weight of the field it counts most in."""
    best: dict[str, int] = {}
    for found, weight in fields:
        for word in found:
            if best.get(word, 0) < weight:
                best[word] = weight
    by_code: list[list[str]] = [[], [], [], []]
    for word, weight in best.items():
        by_code[WEIGHTS[weight]].append(word)
    return (" ".join(by_code[0]), " ".join(by_code[1]), " ".join(by_code[2]), " ".join(by_code[3]))


def _encode(ids: Sequence[int]) -> str:
    """Doc ids (ascending) with their weight codes (`doc * 4 + code`), as base-36
    numbers: each the step from the doc before times four, plus the code.
    Common words are in thousands of docs a few apart, so this is a third of
    the size of the ids."""
    return ",".join(map(_base36, _steps(ids)))


def _steps(ids: Sequence[int]) -> list[int]:
    out, last = [], 0
    for value in ids:
        doc = value >> 2
        out.append(((doc - last) << 2) | (value & 3))
        last = doc
    return out


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_SMALL: list[str] = [a + b for a in ("", *_DIGITS[1:]) for b in _DIGITS]  # 0 .. 36*36-1: most steps between docs


def _base36(n: int) -> str:
    if n < len(_SMALL):
        return _SMALL[n]
    text = ""
    while True:
        n, digit = divmod(n, 36)
        text = _DIGITS[digit] + text
        if not n:
            return text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _link(target: str) -> str:
    return render.relative_url(target, PAGE)


def key(term: str, length: int = KEY_LENGTH) -> str:
    return term[:length]


def file_name(shard_key: str) -> str:
    """A key as a file name: itself when plain ASCII, else `_` and its UTF-8 in hex."""
    return shard_key if shard_key.isascii() else "_" + shard_key.encode("utf-8").hex()


def _shards(postings: dict[str, str], prefix: str) -> Iterator[tuple[str, bytes]]:
    """The term files for the terms under `prefix` ("": all), one per key one
    letter longer than `prefix`; a file over `SHARD_BYTES` holds only the
    terms as long as its key and names the files its longer terms went to."""
    length = len(prefix) + 1 if prefix else KEY_LENGTH
    groups: dict[str, dict[str, str]] = {}
    for term, docs in postings.items():
        groups.setdefault(key(term, length), {})[term] = docs
    for shard_key, terms in sorted(groups.items()):
        data = _script("terms", shard_key, terms, [])
        longer = {t: d for t, d in terms.items() if len(t) > len(shard_key)}
        if len(data) > SHARD_BYTES and longer:
            yield from _shards(longer, shard_key)
            exact = {t: d for t, d in terms.items() if len(t) <= len(shard_key)}
            subkeys = sorted({key(t, len(shard_key) + 1) for t in longer})
            data = _script("terms", shard_key, exact, subkeys)
        yield f"{TERMS}{file_name(shard_key)}.js", data


def _script(call: str, *args: Any) -> bytes:
    """A call of `explainerSearch.<call>` with JSON arguments (see static/search.js)."""
    text = ",".join(render.script_json(a) for a in args)
    return f"explainerSearch.{call}({text});\n".encode()
