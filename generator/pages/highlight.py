"""Find evidence sentences in the article's tokens and wrap them in <mark>.

Evidence is verbatim article text, but editors retype quotes and spaces, so
matching ignores the difference between curly and straight quotes, dashes and
runs of whitespace. A mark never crosses inline markup: where a sentence spans
emphasis or a link, each piece gets its own <mark>, which keeps the HTML valid.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.token import Token

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
})


@dataclass(frozen=True)
class Needle:
    """One evidence sentence to find."""

    text: str
    anchor: str  # id given to its mark, the table links here
    ref: str  # id of the table row it links back to
    label: str  # short visible label: the item's id (`views.label`)
    kind: str  # "claim" | "denial"
    title: str  # tooltip: who said it


@dataclass
class _Span:
    start: int
    end: int
    needles: list[Needle]


# Whitespace that folding would change: a leading space, a run, or any
# whitespace but a plain space (`\s` is `str.isspace` for str patterns).
_UNEVEN_SPACE = re.compile(r"^\s|\s\s|[^\S ]")


def fold(text: str) -> tuple[str, Sequence[int]]:
    """Normalised text and, for each of its characters, the index it came from."""
    translated = text.translate(_FOLD)  # one character for one: indexes stay
    if _UNEVEN_SPACE.search(translated) is None:  # most paragraphs: nothing moves
        return translated, range(len(translated))
    out: list[str] = []
    index: list[int] = []
    space = False
    for i, ch in enumerate(translated):
        if ch.isspace():
            if space or not out:
                continue
            space = True
            out.append(" ")
        else:
            space = False
            out.append(ch)
        index.append(i)
    return "".join(out), index


@lru_cache(maxsize=4096)
def fold_text(text: str) -> str:
    # Cached: every paragraph of an article is searched for every evidence sentence.
    return fold(text)[0].strip()


def locate(plain: str, needles: list[Needle]) -> list[_Span]:
    """Spans of `plain` holding each needle, merged where they overlap."""
    folded, index = fold(plain)
    spans: list[_Span] = []
    for needle in needles:
        target = fold_text(needle.text)
        if not target:
            continue
        at = folded.find(target)
        if at < 0:
            continue
        start, end = index[at], index[at + len(target) - 1] + 1
        spans.append(_Span(start, end, [needle]))
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[_Span] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            merged[-1].end = max(merged[-1].end, span.end)
            merged[-1].needles.extend(span.needles)
        else:
            merged.append(span)
    return merged


def apply(tokens: list[Token], needles: list[Needle]) -> set[str]:
    """Wrap every needle found in the inline tokens; return the anchors placed."""
    placed: set[str] = set()
    remaining = list(needles)
    for token in tokens:
        if token.type != "inline" or not token.children or not remaining:
            continue
        plain, pieces = _pieces(token.children)
        spans = locate(plain, remaining)
        if not spans:
            continue
        token.children = _wrap(token.children, pieces, spans)
        for span in spans:
            for needle in span.needles:
                placed.add(needle.anchor)
        remaining = [n for n in remaining if n.anchor not in placed]
    return placed


def _pieces(children: list[Token]) -> tuple[str, list[tuple[int, int] | None]]:
    """Plain text of the children and each child's range in it (None: no text)."""
    parts: list[str] = []
    ranges: list[tuple[int, int] | None] = []
    pos = 0
    for child in children:
        if child.type in ("text", "code_inline"):
            text = child.content
        elif child.type in ("softbreak", "hardbreak"):
            text = " "
        else:
            ranges.append(None)
            continue
        parts.append(text)
        ranges.append((pos, pos + len(text)))
        pos += len(text)
    return "".join(parts), ranges


def _wrap(children: list[Token], ranges: list[tuple[int, int] | None], spans: list[_Span]) -> list[Token]:
    out: list[Token] = []
    opened: set[int] = set()
    for child, rng in zip(children, ranges):
        if rng is None or child.type != "text":
            # breaks and code stay whole; marks resume after them
            out.append(child)
            if rng is not None:
                out.extend(_refs(span) for span in spans if rng[0] < span.end <= rng[1])
            continue
        a, b = rng
        cursor = a
        for si, span in enumerate(spans):
            if span.end <= a or span.start >= b:
                continue
            lo, hi = max(span.start, a), min(span.end, b)
            if lo > cursor:
                out.append(_text(child.content[cursor - a: lo - a]))
            out.append(_mark_open(span, first=si not in opened))
            opened.add(si)
            out.append(_text(child.content[lo - a: hi - a]))
            out.append(Token("mark_close", "mark", -1))
            if hi == span.end:
                out.append(_refs(span))
            cursor = hi
        if cursor < b:
            out.append(_text(child.content[cursor - a:]))
    return out


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _mark_open(span: _Span, first: bool) -> Token:
    kinds = sorted({n.kind for n in span.needles})
    token = Token("mark_open", "mark", 1)
    token.attrSet("class", " ".join(["ev", *(f"ev-{k}" for k in kinds)]))
    token.meta = {"anchors": []}
    if first:
        token.attrSet("id", span.needles[0].anchor)
        token.meta["anchors"] = [n.anchor for n in span.needles[1:]]
    return token


def _refs(span: _Span) -> Token:
    token = Token("mark_refs", "", 0)
    seen: list[tuple[str, str, str]] = []
    for needle in span.needles:
        if needle.ref not in [r for r, _, _ in seen]:
            seen.append((needle.ref, needle.label, needle.title))
    token.meta = {"refs": seen}
    return token
