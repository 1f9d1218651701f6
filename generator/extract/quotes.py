"""Quotations that carry on a speaker's words without a cue of their own."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from .index import Index
from .records import Attribution
from .text import Unit


def continuations(ix: Index, found: list[Attribution]) -> list[Attribution]:
    """Sentences with no cue of their own that carry on a speaker's words. A
    statement ending in a colon introduces the next paragraph (a block quote):
    its first sentence completes the statement, each later one is a statement by
    the same source."""
    by_unit: dict[int, Attribution] = {}
    for s in found:
        for k in s.units:
            by_unit.setdefault(k, s)
    text = ix.text
    out: list[Attribution] = []
    for s in found:
        if s.kind != "verb" or not s.units:
            out.append(s)
            continue
        last = s.units[-1]
        intro = text[ix.units[last].start:ix.units[last].end].rstrip()
        if not intro.endswith(":") or len(intro.split()) < 8:
            out.append(s)  # a short line ending in a colon is a heading, not an introduction
            continue
        nxt = last + 1
        if nxt >= len(ix.units) or ix.units[nxt].para != ix.units[last].para + 1 or nxt in by_unit:
            out.append(s)
            continue
        u = ix.units[nxt]
        s = replace(s, units=(*s.units, nxt), content=(*s.content, (u.start, u.end)))
        out.append(s)
        para = u.para
        nxt += 1
        while nxt < len(ix.units) and ix.units[nxt].para == para and nxt not in by_unit:
            u = ix.units[nxt]
            out.append(Attribution("continuation", s.cue, s.cue_lemma, s.source_heads, ((u.start, u.end),),
                                 (u.index,), continues=s))
            nxt += 1
    return _quoted_paragraphs(ix, out)


def _quoted_paragraphs(ix: Index, found: list[Attribution]) -> list[Attribution]:
    """A paragraph that is one quotation with no speaker of its own goes on with
    the words of the speaker of the paragraph before (the press convention for
    long quotes, and transcripts)."""
    text = ix.text
    claimed = {u for s in found for u in s.units}
    last_by_para: dict[int, Attribution] = {}
    for s in found:
        if s.source_heads and s.kind in ("verb", "headline", "continuation"):
            para = ix.units[s.units[-1]].para
            last_by_para[para] = s
    by_para: dict[int, list[Unit]] = {}
    for u in ix.units:
        by_para.setdefault(u.para, []).append(u)
    out = list(found)
    for para, us in sorted(by_para.items()):
        if any(u.index in claimed for u in us) or para - 1 not in last_by_para:
            continue
        start, end = us[0].start, us[-1].end
        body = text[start:end]
        if body[:1] not in "\"“" or sum(body.count(m) for m in '"“”') > 2:
            continue
        prev = last_by_para[para - 1]
        out.append(Attribution("continuation", prev.cue, prev.cue_lemma, prev.source_heads,
                             ((start + 1, end),), tuple(u.index for u in us), quoted=True, continues=prev))
        last_by_para[para] = out[-1]
    return out


def extend_quotes(ix: Index, found: list[Attribution]) -> list[Attribution]:
    """A quotation right after a quoted statement, in the same paragraph and with
    no cue of its own, is more of the same speaker's words."""
    claimed = {u for s in found for u in s.units}
    out = []
    for s in found:
        if s.kind != "verb" or not s.quoted:
            out.append(s)
            continue
        last = s.units[-1]
        units = list(s.units)
        content = list(s.content)
        nxt = last + 1
        while nxt < len(ix.units) and ix.units[nxt].para == ix.units[last].para and nxt not in claimed:
            u = ix.units[nxt]
            k = bisect_left(ix.quote_starts, u.start)  # the first quotation that starts in u
            if k == len(ix.quotes) or ix.quotes[k].start >= u.end:
                break
            q = ix.quotes[k]
            content.append((q.inner_start, min(q.inner_end, u.end)))
            units.append(nxt)
            claimed.add(nxt)
            nxt += 1
        out.append(replace(s, units=tuple(units), content=tuple(content)))
    return out

