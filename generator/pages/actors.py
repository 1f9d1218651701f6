"""Actors across the whole site: the same person or body merged over articles.

Actor ids are unique only within one sidecar, so the site-wide directory joins
actors by what they are called: two actors are one when a normalised name or
alias of one equals a normalised name or alias of the other ("Dmitry Peskov"
with alias "Peskov" in one article, "Peskov" in another). Normalising folds
case, accents, dots and apostrophes and a leading "the", so "U.S. officials"
and "US officials" meet. An alias joins only when it is a proper name
("Peskov", "the Kremlin"): a description ("the records", "the company", "the
spokesman") is how one article refers to its actor, and across articles it
means someone else each time, so it would chain unrelated actors into one.
An editor who wants two actors kept apart gives them different names in the
sidecars; one who wants them joined adds a proper-name alias.

Everything here is a pure function of the build's `ArticleRecord`s.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache, partial

from .. import urls
from ..model import Actor
from .derived import Derived
from .record import ArticleRecord
from .views import KIND_LABELS, label

_DROP = re.compile(r"[.'’‘`]")
_SPLIT = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """"The U.S. Officials" -> "us officials"."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = _SPLIT.sub(" ", _DROP.sub("", folded)).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1 << 16)
def is_proper_name(name: str) -> bool:
    """"Peskov", "the Kremlin", "Ministry of Foreign Affairs", "Дмитрий Песков",
    "习近平": yes. "the records", "two US officials", "the company": no. The
    last word is the head of an English name; a description ends in a common
    noun, written in lower case (scripts without case count as names)."""
    words = _SPLIT.sub(" ", _DROP.sub("", name)).split()
    return bool(words) and words[-1][0].isalpha() and not words[-1][0].islower()


@dataclass(frozen=True, slots=True)
class ActorItem:
    """One claim or denial by a site actor, as listed on the actor's page."""

    kind: str  # "claim" | "denial"
    id: str  # the id in its sidecar
    label: str  # as on the explainer page (`views.label`)
    text: str
    url: str  # its row in the explainer table, from the site root: "x/#row-d1"
    article_slug: str
    article_title: str
    article_url: str
    article_date: dt.date | dt.datetime | None
    context: str  # for a denial: the claim it answers; for a claim: who denies it ("" if nobody)


@dataclass(frozen=True, slots=True)
class SiteActor:
    id: str  # site-wide: the slug of the display name
    name: str
    kind: str
    kind_label: str
    roles: tuple[str, ...]
    aliases: tuple[str, ...]  # other names used for them across articles
    url: str  # "actors/<id>/"
    members: tuple[tuple[str, str], ...]  # (article slug, actor id in that sidecar)
    claims: tuple[ActorItem, ...]
    denials: tuple[ActorItem, ...]
    articles: tuple[str, ...]  # slugs, newest first
    others: tuple[ActorItem, ...] = ()  # their other statements (announcements, opinions)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def directory(records: list[ArticleRecord], derived: Derived | None = None) -> tuple[SiteActor, ...]:
    """Every actor of the site, merged across articles, sorted by name. Each is
    a function of its site id, its members and those members' records alone
    (the build cache keys actor pages by them). `derived`: per-record values
    kept from earlier builds; with it, an edit that changes no actor's names
    reuses the grouping, and only the changed records' groups are merged again."""
    derived = derived or Derived()
    ordered = sorted(records, key=lambda r: r.slug)
    with derived.kept():  # each record's names and statements are asked for once per actor in it
        names = tuple(derived.get(r, "name keys", partial(_name_keys, r)) for r in ordered)
        grouped = derived.latest("actor groups", names, lambda: _groups(names))

        def said(r: ArticleRecord) -> dict[str | None, list[ActorItem]]:
            return derived.get(r, "said", lambda: _said(r))

        merged = []
        for group in grouped:
            members = [(ordered[i], ordered[i].actors[j]) for i, j in group]
            merged.append(derived.across(tuple(r for r, _ in members), ("actor", tuple(a.id for _, a in members)),
                                         partial(_merge, members, said)))
    merged.sort(key=lambda m: (name_key(m.name), m.name))
    taken: set[str] = set()
    out = []
    for actor in merged:
        base = urls.segment(actor.name)
        site_id, n = base, 2
        while site_id in taken:
            site_id, n = f"{base}-{n}", n + 1
        taken.add(site_id)
        out.append(replace(actor, id=site_id, url=urls.actor(site_id)))
    return tuple(out)


def _name_keys(record: ArticleRecord) -> tuple[tuple[str, ...], ...]:
    """What joins each of the record's actors to others: its name and proper-name aliases, normalised."""
    return tuple(tuple(sorted({name_key(n) for n in (a.name, *filter(is_proper_name, a.aliases))} - {""}))
                 for a in record.actors)


def _groups(names: tuple[tuple[tuple[str, ...], ...], ...]) -> list[list[tuple[int, int]]]:
    """Actors sharing a name key, transitively: (record, actor) positions per group,
    in record order. `names`: `_name_keys` of each record, sorted by slug."""
    members = [(i, j) for i, keys in enumerate(names) for j in range(len(keys))]
    parent = list(range(len(members)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    owner: dict[str, int] = {}
    for k, (i, j) in enumerate(members):
        for key in names[i][j]:
            if key in owner:
                a, b = find(owner[key]), find(k)
                parent[max(a, b)] = min(a, b)
            else:
                owner[key] = k
    groups: dict[int, list[tuple[int, int]]] = {}
    for k, member in enumerate(members):
        groups.setdefault(find(k), []).append(member)
    return list(groups.values())


def by_member(people: tuple[SiteActor, ...]) -> dict[tuple[str, str], SiteActor]:
    """(article slug, sidecar actor id) -> the site actor it belongs to."""
    return {member: person for person in people for member in person.members}


def _most_common(values: list[str]) -> str:
    """The most frequent value; on a tie, the first (callers list newest first)."""
    counts = Counter(values)
    return max(counts, key=lambda v: counts[v])


def _unique(values: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return tuple(seen.values())


def _merge(group: list[tuple[ArticleRecord, Actor]],
           said: Callable[[ArticleRecord], dict[str | None, list[ActorItem]]]) -> SiteActor:
    """`said(record)`: the record's statements by sidecar actor id, in article order."""
    newest = sorted(group, key=lambda m: _sort_date(m[0].date), reverse=True)
    name = _most_common([a.name for _, a in newest])
    kind = _most_common([a.kind for _, a in newest])
    mine = [s for record, actor in newest for s in said(record).get(actor.id, ())]
    claims = [s for s in mine if s.kind == "claim"]
    denials = [s for s in mine if s.kind == "denial"]
    others = [s for s in mine if s.kind == "statement"]
    return SiteActor(
        id="", name=name, kind=kind, kind_label=KIND_LABELS.get(kind, kind),
        roles=_unique([a.role for _, a in newest if a.role]),
        aliases=tuple(n for n in _unique([n for _, a in group for n in (a.name, *a.aliases)]) if n != name),
        url="", members=tuple((r.slug, a.id) for r, a in group),
        claims=tuple(claims), denials=tuple(denials),
        articles=tuple(dict.fromkeys(r.slug for r, _ in newest)), others=tuple(others),
    )


def _said(record: ArticleRecord) -> dict[str | None, list[ActorItem]]:
    """Every statement of an article, by the sidecar id of who made it (in article order)."""
    names = {a.id: a.name for a in record.actors}
    out: dict[str | None, list[ActorItem]] = {}
    for claim in record.claims:
        deniers = list(dict.fromkeys(names.get(d.actor, d.actor) for d in record.denials if d.denies == claim.id))
        out.setdefault(claim.claimant, []).append(_statement(
            record, "claim", claim.id, claim.text, f"Denied by {_and(deniers)}" if deniers else ""))
    claims = {c.id: c for c in record.claims}
    for denial in record.denials:
        answered = claims.get(denial.denies or "")
        if answered is None:
            context = ""
        else:
            who = names.get(answered.claimant, "an unnamed source") if answered.claimant else "an unnamed source"
            context = f"Denies the claim by {who}: “{answered.text}”"
        out.setdefault(denial.actor, []).append(
            _statement(record, "denial", denial.id, denial.text, context))
    for said in record.statements:
        out.setdefault(said.actor, []).append(_statement(record, "statement", said.id, said.text, ""))
    return out


def _statement(record: ArticleRecord, kind: str, sid: str, text: str, context: str) -> ActorItem:
    return ActorItem(kind=kind, id=sid, label=label(kind, sid), text=text, url=f"{record.url}#row-{sid}",
                     article_slug=record.slug, article_title=record.title, article_url=record.url,
                     article_date=record.date, context=context)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _sort_date(value: dt.date | dt.datetime | None) -> tuple[int, str]:
    return (0, "") if value is None else (1, value.isoformat())
