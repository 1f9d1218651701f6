"""Attributions framed without a cue verb: "according to X", "X: content"
headlines, and quotations signed with a dash."""

from __future__ import annotations

import re
from typing import Any

from . import cues
from .index import Index
from .parse import children, expand_conj, is_source_like
from .records import Attribution
from .text import Unit


def according_to(ix: Index) -> list[Attribution]:
    doc = ix.doc
    out = []
    for tok in ix.tokens:
        if tok.lower_ != "according" or ix.in_quote(tok.i):
            continue
        to = [c for c in tok.children if c.lower_ == "to"]
        if not to:
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            to = [nxt] if nxt is not None and nxt.lower_ == "to" else []
        if not to:
            continue
        pobj = [c for c in to[0].children if c.dep_ == "pobj"]
        if not pobj:
            # "according to show insiders" parsed as a verb "show" with its object
            pobj = [o for c in to[0].children if c.dep_ == "pcomp" and c.i == to[0].i + 1
                    for o in c.children if o.dep_ == "dobj" and o.i == c.i + 1 and is_source_like(o)]
        if not pobj:
            continue
        src = pobj[0]
        unit = ix.units[ix.unit_of[tok.i]]
        # (not all that hangs on "according": the parser may make it the root of
        # "According to Vos, the developer paid ...", the content its object)
        phrase = {tok.i} | {t.i for t in ix.subtree(to[0])} | {c.i for c in tok.children if c.is_punct}
        span = _rest_of_unit(ix, unit, phrase)
        if span is None:
            continue
        # "According to X, A. B." in its own sentence: the content is the rest
        out.append(Attribution("according", tok.i, "according to", tuple(h.i for h in expand_conj(src)),
                             (span,), (unit.index,)))
    return out


def _rest_of_unit(ix: Index, unit: Unit, phrase: set[int]) -> tuple[int, int] | None:
    """The unit without the phrase's tokens, spaces and the punctuation at its
    edges, when three tokens or more are left. Walks in from the edges rather
    than through the unit, so a long sentence with many phrases is not walked
    once per phrase."""
    doc = ix.doc

    def kept(i: int) -> bool:
        return i not in phrase and not doc[i].is_space

    first = unit.tok_start
    while first < unit.tok_end and (not kept(first) or doc[first].is_punct):
        first += 1
    last = unit.tok_end - 1
    while last >= first and (not kept(last) or doc[last].is_punct):
        last -= 1
    count = 0
    for i in range(first, last + 1):
        count += kept(i)
        if count == 3:
            return doc[first].idx, doc[last].idx + len(doc[last])
    return None


_HEADLINE = re.compile(r"^[\"“]?([^:\"“”]{2,60}?):\s+(\S.{4,})$", re.S)


def headlines(ix: Index) -> list[Attribution]:
    """"US Officials: Russia asked China ..." — a headline convention that puts
    the source before a colon."""
    out = []
    for u in ix.units:
        text = ix.text[u.start:u.end]
        m = _HEADLINE.match(text)
        if not m:
            continue
        colon = u.start + m.end(1)
        src = [t for t in ix.tokens[u.tok_start:u.tok_end] if t.idx < colon]
        if not src or len(src) > 7 or any(t.pos_ in ("VERB", "AUX") for t in src):
            continue
        if any(t.pos_ in ("INTJ", "ADV") for t in src):
            continue  # "Ah, friends once more: ...": a remark, not who says what follows
        if not any(is_source_like(t) and t.pos_ != "PRON" for t in src):
            continue
        if u.index > 0 and not _speaker_turn(src, text[m.start(2):]):
            continue
        if any(t.idx > colon and t.lemma_.lower() in cues.SPEECH_VERBS and children(t, "nsubj") and children(t, "ccomp")
               for t in ix.tokens[u.tok_start:u.tok_end]):
            # "Chemical plant leak: residents say warnings came too late": a topic, and
            # what follows reports its own speaker ("US Officials: Russia asked China
            # for aid" does not)
            continue
        head = src[-1]
        for t in src:
            if t.head.i not in {s.i for s in src} or t.head.i == t.i:
                head = t
                break
        # prefer the noun at the end of the phrase ("US Officials"), before any
        # preposition ("Obama on Climate Change: ...")
        adp = next((n for n, t in enumerate(src) if t.pos_ == "ADP" and n > 0), len(src))
        nouns = [t for t in src[:adp] if t.pos_ in ("NOUN", "PROPN")]
        if nouns:
            head = nouns[-1]
        if not is_source_like(head):
            # "A lesson from Ana Ruiz: ...": what is given is not who gives it
            givers = [p for t in src if t.lower_ in ("from", "by") for p in t.children
                      if p.dep_ == "pobj" and p.pos_ == "PROPN" and is_source_like(p)]
            if givers:
                head = givers[0]
        # in a transcript ("PENCE: Well, ...") the turn runs to the end of the paragraph
        last = ix.units[ix.para_last[u.para]] if u.index > 0 else u
        out.append(Attribution("headline", head.i, ":", (head.i,), ((u.start + m.start(2), last.end),),
                             tuple(range(u.index, last.index + 1))))
    return out


def _speaker_turn(src: list[Any], content: str) -> bool:
    """Inside an article, "X: ..." gives X's words only as a transcript or an
    interview does ("PENCE: Well, ...", "Ottmar Hitzfeld: “We didn't ..."): a
    person's name or a speaker in capitals, or a quotation after the colon.
    Otherwise it is a label ("Editor's note:", "Correction:", "Source:") or a
    subheading ("Success on Signature Issue: Mr. Ban focused ..."), and the
    writer's own words follow."""
    return content[:1] in "“\"‘'" or any(t.ent_type_ == "PERSON" or (t.text.isupper() and len(t.text) > 2)
                                          for t in src)


# '"He scares me." ― Ana Ruiz': a quotation signed with a dash and a name.
_SIGNED_QUOTE = re.compile(r"(?P<quote>[“”\"][^“”\"―—]{8,}[”\"])\s*[―—]\s*"
                           r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})")


def signed_quotes(ix: Index) -> list[Attribution]:
    """Vox pops: quotations each signed with a dash and a name, often run
    together in one paragraph."""
    doc = ix.doc
    out = []
    by_para: dict[int, list[Unit]] = {}
    for u in ix.units:
        by_para.setdefault(u.para, []).append(u)
    for us in by_para.values():
        start = us[0].start
        for m in _SIGNED_QUOTE.finditer(ix.text[start:us[-1].end]):
            name_start, name_end = start + m.start("name"), start + m.end("name")
            props = [doc[i] for i in ix.tokens_between(name_start, name_end)
                     if us[0].tok_start <= i < us[-1].tok_end
                     and (doc[i].pos_ == "PROPN" or doc[i].ent_type_ == "PERSON")]
            if not props:
                continue
            quote = (start + m.start("quote") + 1, start + m.end("quote") - 1)
            units = tuple(u.index for u in us if u.start < name_end and quote[0] < u.end)
            out.append(Attribution("verb", props[-1].i, "sign", (props[-1].i,), (quote,), units, quoted=True))
    return out

