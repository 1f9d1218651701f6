"""The edits a review in the browser makes to a sidecar, as pure functions.

Each takes a sidecar's items and its fingerprints (`Contents`) and returns new
ones (`Done`, with a sentence for the editor), or raises `Refused` saying why
not and what to do instead. None reads or writes a file: `save.py` does, the
same way `extract --refresh` writes (round trip, read back, atomic).

The fingerprints are kept so that a later `extract --refresh` (`merge.py`)
treats each review as the editor's decision:
- an accepted or edited item gets `review: done`, so its content no longer
  matches what the machine wrote: it is the editor's, and no refresh changes it;
- a rejected item is deleted and its finding goes into `fingerprints.rejected`,
  so no refresh proposes it again;
- an item moved to another list is deleted from its old list the same way (the
  machine does not propose it there again) and added to the new one as the
  editor's, with that list's next id;
- an actor merged into another is deleted likewise, and its names become the
  other's aliases, so a refresh that finds them gives their words to that actor.

Ids: a new item's id is its list's letter and the next number after the
highest in use in the file or its fingerprints (`c7`, `d3`, `s12`); a new
actor's id is the slug of its name, with `-2`, `-3` ... if it is taken.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from ..model import ACTOR_KINDS, Actor, ActorKind, Claim, Denial, Extraction, Review, Statement, Verdict
from ..text import slug
from ..urls import is_safe_url
from .fingerprints import Ledger, findings, items_of, normalise
from .format import KINDS, LISTS, Item
from .merge import NewIds

SAID = ("claim", "denial", "statement")  # the lists of things actors said
T = TypeVar("T")
_DONE: Review = "done"


class Refused(Exception):
    """An edit that cannot be made, in one sentence for the editor."""


@dataclass(frozen=True)
class Contents:
    """What a review edits: a sidecar's items and its fingerprints."""

    extraction: Extraction
    ledger: Ledger


@dataclass(frozen=True)
class Done:
    """An edit made: the new contents, what was done (for the editor and the
    terminal), and the item to show afterwards as (kind, id), if any."""

    contents: Contents
    said: str
    focus: tuple[str, str] | None = None


# --- looking items up ---------------------------------------------------------

def find(contents: Contents, kind: str, item_id: str) -> Item:
    if kind not in KINDS:
        raise Refused(f"'{kind}' is not a kind of item (one of {', '.join(KINDS)})")
    for item in items_of(contents.extraction, kind):
        if item.id == item_id:
            return item
    raise Refused(f"there is no {kind} {item_id} in this sidecar any more; reload the page")


def _name(kind: str, item_id: str) -> str:
    return f"{kind} {item_id}"


def _with(extraction: Extraction, kind: str, items: Sequence[Item]) -> Extraction:
    """`extraction` with `items` as its list of `kind`."""

    def pick(of: str, cls: type[T]) -> tuple[T, ...]:
        return tuple(i for i in (items if of == kind else items_of(extraction, of)) if isinstance(i, cls))

    return Extraction(pick("actor", Actor), pick("claim", Claim), pick("denial", Denial),
                      pick("statement", Statement))


def _replaced(extraction: Extraction, kind: str, new: Item, old_id: str | None = None) -> Extraction:
    """`new` in the place of the item of its kind with id `old_id` (its own id by default)."""
    wanted = new.id if old_id is None else old_id
    return _with(extraction, kind, [new if i.id == wanted else i for i in items_of(extraction, kind)])


def _finding(contents: Contents, kind: str, item_id: str) -> str:
    """What the item was found as: as the machine recorded it, or worked out now."""
    written = contents.ledger.written.get((kind, item_id))
    if written is not None:
        return written.finding
    items = items_of(contents.extraction, kind)
    return dict(zip((i.id for i in items), findings(kind, items)))[item_id]


def _removed(contents: Contents, kind: str, item_id: str) -> Contents:
    """The item deleted, and its finding rejected: no refresh proposes it again."""
    finding = _finding(contents, kind, item_id)
    extraction = _with(contents.extraction, kind, [i for i in items_of(contents.extraction, kind) if i.id != item_id])
    written = {k: v for k, v in contents.ledger.written.items() if k != (kind, item_id)}
    return Contents(extraction, Ledger(written, contents.ledger.rejected | {finding}))


def _who_said(extraction: Extraction, actor_id: str) -> list[str]:
    """The ids of the items an actor said."""
    return [i.id for kind in SAID for i in items_of(extraction, kind) if _speaker(i) == actor_id]


def _speaker(item: Item) -> str | None:
    return item.claimant if isinstance(item, Claim) else getattr(item, "actor", None)


def _denying(extraction: Extraction, claim_id: str) -> list[Denial]:
    return [d for d in extraction.denials if d.denies == claim_id]


def _ids(contents: Contents) -> NewIds:
    return NewIds(contents.extraction, contents.ledger)


# --- the edits ----------------------------------------------------------------

def accept(contents: Contents, kind: str, item_id: str) -> Done:
    """The editor checked the item and it stands: `review: done`."""
    item = find(contents, kind, item_id)
    extraction = _replaced(contents.extraction, kind, replace(item, review=_DONE))
    return Done(Contents(extraction, contents.ledger), f"accepted {_name(kind, item_id)}", (kind, item_id))


def reject(contents: Contents, kind: str, item_id: str) -> Done:
    """The item is wrong: deleted, and never proposed again. An actor who still
    says something cannot go (their words would have no one); the denials of a
    rejected claim stay, denying no claim."""
    find(contents, kind, item_id)
    extraction = contents.extraction
    if kind == "actor":
        said = _who_said(extraction, item_id)
        if said:
            raise Refused(f"{item_id} is still named by {', '.join(said)}: give those to another actor, reject "
                          "them first, or merge this actor into another")
    orphans = _denying(extraction, item_id) if kind == "claim" else []
    for denial in orphans:
        extraction = _replaced(extraction, "denial", replace(denial, denies=None))
    done = _removed(Contents(extraction, contents.ledger), kind, item_id)
    note = f" ({', '.join(d.id for d in orphans)} now den{'y' if len(orphans) > 1 else 'ies'} no claim)" \
        if orphans else ""
    return Done(done, f"rejected {_name(kind, item_id)}{note}")


def relink(contents: Contents, denial_id: str, claim_id: str | None) -> Done:
    """Which claim a denial answers (None: none in this article)."""
    denial = find(contents, "denial", denial_id)
    assert isinstance(denial, Denial)
    if claim_id is not None:
        find(contents, "claim", claim_id)
    extraction = _replaced(contents.extraction, "denial", replace(denial, denies=claim_id, review=_DONE))
    target = f"claim {claim_id}" if claim_id else "no claim"
    return Done(Contents(extraction, contents.ledger), f"linked denial {denial_id} to {target}",
                ("denial", denial_id))


# What an editor may change of each kind, by the sidecar's own field names.
EDITABLE = {
    "actor": ("name", "kind", "role", "aliases"),
    "claim": ("text", "claimant", "verdict"),
    "denial": ("text", "actor", "denies"),
    "statement": ("text", "actor"),
}


def edit(contents: Contents, kind: str, item_id: str, fields: Mapping[str, Any]) -> Done:
    """Change fields of an item (`EDITABLE`, the sidecar's field names); the
    item is then the editor's (`review: done`)."""
    item = find(contents, kind, item_id)
    unknown = sorted(set(fields) - set(EDITABLE[kind]))
    if unknown:
        raise Refused(f"a {kind}'s {', '.join(unknown)} cannot be edited here "
                      f"(only {', '.join(EDITABLE[kind])})")
    changes = {key: _checked(contents, kind, key, value, item) for key, value in fields.items()}
    new = replace(item, **changes, review=_DONE)
    if isinstance(new, Actor):  # the aliases beside the name it has now
        new = replace(new, aliases=_distinct(new.aliases, new.name))
    extraction = _replaced(contents.extraction, kind, new)
    return Done(Contents(extraction, contents.ledger), f"edited {_name(kind, item_id)}", (kind, item_id))


def _checked(contents: Contents, kind: str, key: str, value: Any, item: Item) -> Any:
    """A field's new value, as the schema holds it, or Refused."""
    if key in ("text", "name"):
        return _text(value, key)
    if key == "role":
        return _text(value, key) if _blank(value) is not None else None
    if key == "kind":
        return _kind(value)
    if key == "aliases":
        return _aliases(value)
    if key in ("claimant", "actor"):
        return _actor_ref(contents, value, required=kind == "denial")
    if key == "denies":
        return None if _blank(value) is None else find(contents, "claim", str(value)).id
    assert isinstance(item, Claim) and key == "verdict"
    return _verdict(value, item.verdict)


def _kind(value: Any) -> ActorKind:
    for kind in ACTOR_KINDS:
        if value == kind:
            return kind
    raise Refused(f"an actor's kind is one of {', '.join(ACTOR_KINDS)}, not {value!r}")


def _blank(value: Any) -> str | None:
    return None if value is None or (isinstance(value, str) and not value.strip()) else str(value)


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Refused(f"the {key} must not be empty")
    return " ".join(value.split()) if key != "text" else value.strip()


def _aliases(value: Any) -> tuple[str, ...]:
    """A list of names, or one text of names separated by commas."""
    given = value.split(",") if isinstance(value, str) else list(value or ())
    if not all(isinstance(a, str) for a in given):
        raise Refused("aliases are a list of names")
    return tuple(a for a in given if a.strip())


def _distinct(names: Sequence[str], besides: str) -> tuple[str, ...]:
    """Names without repeats, or the actor's own name, compared as a reader would."""
    seen = {normalise(besides)}
    out = []
    for name in names:
        name = " ".join(name.split())
        if normalise(name) not in seen:
            seen.add(normalise(name))
            out.append(name)
    return tuple(out)


def _actor_ref(contents: Contents, value: Any, required: bool) -> str | None:
    if _blank(value) is None:
        if required:
            raise Refused("a denial needs an actor: who denies it")
        return None
    return find(contents, "actor", str(value)).id


def _verdict(value: Any, old: Verdict | None) -> Verdict | None:
    """A rating and a link; the author and date an earlier edit gave are kept."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise Refused("a verdict is a rating and, if there is one, the fact-check's address")
    rating, url = _blank(value.get("rating")), _blank(value.get("url"))
    if rating is None:
        if url is not None:
            raise Refused("a verdict needs a rating as well as an address")
        return None
    if url is not None and not is_safe_url(url.strip()):
        raise Refused(f"the verdict's address must be an http, https or mailto address; found {url!r}")
    kept = old if old is not None else Verdict(rating)
    return replace(kept, rating=rating.strip(), url=url.strip() if url else None)


def move(contents: Contents, kind: str, item_id: str, to: str, denies: str | None = None) -> Done:
    """File an item in another list (claims, denials, statements): it gets
    that list's next id; its words, evidence and speaker go with it. A denial
    needs an actor; a claim that someone denies, or that has a verdict, stays
    a claim until those are dealt with."""
    if kind not in SAID or to not in SAID:
        raise Refused("only claims, denials and statements move between lists")
    if kind == to:
        raise Refused(f"{_name(kind, item_id)} is a {kind} already")
    item = find(contents, kind, item_id)
    assert not isinstance(item, Actor)
    if isinstance(item, Claim):
        _may_leave(contents, item)
    speaker = _speaker(item)
    if to == "denial" and speaker is None:
        raise Refused(f"a denial needs an actor: say who said {item_id} first (Edit)")
    if denies is not None:
        find(contents, "claim", denies)
    new_id = _ids(contents).statement(to[0])
    new = _said(to, new_id, speaker, item.text, item.evidence, item.confidence, denies)
    gone = _removed(contents, kind, item_id)
    extraction = _with(gone.extraction, to, [*items_of(gone.extraction, to), new])
    return Done(Contents(extraction, gone.ledger), f"moved {_name(kind, item_id)} to the {LISTS[to]} as {new_id}",
                (to, new_id))


def _said(kind: str, item_id: str, speaker: str | None, text: str, evidence: tuple[str, ...],
          confidence: float | None, denies: str | None) -> Claim | Denial | Statement:
    """A claim, denial or statement an editor made (`review: done`); a denial has a speaker."""
    if kind == "claim":
        return Claim(item_id, speaker, text, evidence, confidence, _DONE)
    if kind == "denial":
        assert speaker is not None
        return Denial(item_id, speaker, denies, text, evidence, confidence, _DONE)
    return Statement(item_id, speaker, text, evidence, confidence, _DONE)


def _may_leave(contents: Contents, claim: Claim) -> None:
    denials = _denying(contents.extraction, claim.id)
    if denials:
        ids = ", ".join(d.id for d in denials)
        raise Refused(f"{ids} den{'y' if len(denials) > 1 else 'ies'} claim {claim.id}, so it stays a claim: "
                      "link those denials to another claim (or none) first")
    if claim.verdict is not None:
        raise Refused(f"claim {claim.id} has a verdict, which only a claim can have: remove it first")


def merge_actors(contents: Contents, keep: str, gone: str) -> Done:
    """Two actors who are one: `gone`'s words go to `keep`, and its name and
    aliases become `keep`'s aliases (a role `keep` lacks is taken too)."""
    if keep == gone:
        raise Refused("an actor cannot be merged into itself")
    kept = find(contents, "actor", keep)
    other = find(contents, "actor", gone)
    assert isinstance(kept, Actor) and isinstance(other, Actor)
    aliases = _distinct([*kept.aliases, other.name, *other.aliases], kept.name)
    extraction = _replaced(contents.extraction, "actor",
                           replace(kept, aliases=aliases, role=kept.role or other.role, review=_DONE))
    extraction = _repointed(extraction, gone, keep)
    done = _removed(Contents(extraction, contents.ledger), "actor", gone)
    return Done(done, f"merged actor {gone} into {keep}", ("actor", keep))


def _repointed(extraction: Extraction, old: str, new: str) -> Extraction:
    """Every claim, denial and statement of actor `old` given to actor `new`."""
    claims = tuple(replace(c, claimant=new) if c.claimant == old else c for c in extraction.claims)
    denials = tuple(replace(d, actor=new) if d.actor == old else d for d in extraction.denials)
    said = tuple(replace(s, actor=new) if s.actor == old else s for s in extraction.statements)
    return replace(extraction, claims=claims, denials=denials, statements=said)


@dataclass(frozen=True)
class NewActor:
    """An actor an editor names while adding what they said."""

    name: str
    kind: str = "person"


def add(contents: Contents, kind: str, text: str, evidence: Sequence[str], who: str | NewActor | None,
        denies: str | None = None) -> Done:
    """A claim, denial or statement the machine missed, from the article's own
    sentences (`evidence`, verbatim: see `selection.py`), by an actor in the
    file, a new one, or nobody named (not for a denial). It is the editor's."""
    if kind not in SAID:
        raise Refused("only a claim, a denial or a statement can be added from the article")
    text = _text(text, "text")
    if not evidence or not all(isinstance(e, str) and e.strip() for e in evidence):
        raise Refused("the new item needs the article's sentence it comes from")
    extraction = contents.extraction
    ids = _ids(contents)
    if isinstance(who, NewActor):
        name = _text(who.name, "name")
        actor = Actor(id=ids.actor(slug(name) or "actor"), name=name, kind=_kind(who.kind), review=_DONE)
        extraction = replace(extraction, actors=(*extraction.actors, actor))
        speaker: str | None = actor.id
    else:
        speaker = _actor_ref(contents, who, required=kind == "denial")
    if denies is not None:
        find(contents, "claim", denies)
    new_id = ids.statement(kind[0])
    new = _said(kind, new_id, speaker, text, tuple(evidence), None, denies)
    extraction = _with(extraction, kind, [*items_of(extraction, kind), new])
    return Done(Contents(extraction, contents.ledger), f"added {_name(kind, new_id)}", (kind, new_id))
