"""Sentence units and quotations over the raw text of a Doc.

The article text is the title and the blocks joined by blank lines, so a blank
line is always a hard boundary, whatever the parser thinks. spaCy's small model
also splits headlines at capitalised words and glues a heading onto the next
paragraph; evidence must be whole sentences as a reader sees them, so sentence
units are rebuilt here from spaCy's sentences plus the paragraph breaks.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

_TERMINALS = ".!?:;…"
# Pieces are merged back into one unit only while it stays sentence-sized: the
# longest sentence in the development corpora has about 500 characters, and text
# without punctuation (an automatic transcript) would otherwise make a whole
# paragraph one "sentence", the evidence of every statement in it.
MAX_UNIT = 1000
_CLOSING_MARKS = "\"'”’)]"
_PARA_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Unit:
    """One sentence as a reader sees it: character offsets into doc.text, the
    paragraph it belongs to, and the token range it covers."""

    index: int
    start: int
    end: int
    para: int
    tok_start: int
    tok_end: int  # exclusive


@dataclass(frozen=True)
class Quote:
    """A quotation: `start`/`end` include the marks, `inner_*` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    para: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in _PARA_BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """Does text[start:end] end like a sentence: a terminal mark, then only
    closing quotes or brackets and whitespace?"""
    while end > start and text[end - 1].isspace():
        end -= 1
    while end > start and text[end - 1] in _CLOSING_MARKS:
        end -= 1
    return end > start and text[end - 1] in _TERMINALS


def sentence_units(doc: Any, text: str | None = None, tokens: list[Any] | None = None) -> list[Unit]:
    """The units of doc; `text` and `tokens` are doc.text and list(doc) when
    the caller has them already."""
    if text is None:
        text = doc.text
    paras = paragraphs(text)
    # Candidate cut points: spaCy's sentence starts that fall inside a paragraph.
    cuts = sorted({s.start_char for s in doc.sents})
    units: list[tuple[int, int, int]] = []
    for p_index, (p_start, p_end) in enumerate(paras):
        inner = cuts[bisect_right(cuts, p_start):bisect_left(cuts, p_end)]
        pieces = []
        prev = p_start
        for c in inner:
            pieces.append((prev, c))
            prev = c
        pieces.append((prev, p_end))
        merged: list[list[int]] = []
        for a, b in pieces:
            a, b = _strip(text, a, b)
            if a >= b:
                continue
            # A cut after a piece that does not end like a sentence is the small
            # model splitting a headline or an abbreviation: undo it.
            # (only the end of the piece before is read: a long run of merged
            # pieces must not be read again at each cut)
            fits = bool(merged) and b - merged[-1][0] <= MAX_UNIT
            if fits and not _ends_sentence(text, *merged[-1]):
                merged[-1][1] = b
            elif merged and text[merged[-1][1] - 1] == ":" \
                    and len(text[merged[-1][0]:merged[-1][1]].split(maxsplit=3)) <= 3:
                merged[-1][1] = b  # "HOST: Welcome back." is one turn, not a label and a sentence
            elif fits and text[a].islower():
                merged[-1][1] = b
            else:
                merged.append([a, b])
        units.extend((a, b, p_index) for a, b in merged)
    out = []
    if tokens is None:
        tokens = list(doc)
    ti = 0
    for i, (a, b, p) in enumerate(units):
        while ti < len(tokens) and tokens[ti].idx + len(tokens[ti]) <= a:
            ti += 1
        t0 = ti
        while ti < len(tokens) and tokens[ti].idx < b:
            ti += 1
        out.append(Unit(i, a, b, p, t0, ti))
    return out


_OPEN = {"“": "”", "«": "»"}
_CLOSE = {"”", "»"}


def quotations(text: str) -> list[Quote]:
    """Double-quoted spans, paragraph by paragraph. Straight and curly marks are
    mixed freely in real copy ("…” is common), so any mark closes an open quote;
    a quote left open at the end of a paragraph runs to its end (the press
    convention for a quotation continuing into the next paragraph)."""
    out = []
    for p_index, (p_start, p_end) in enumerate(paragraphs(text)):
        open_at = None
        for i in range(p_start, p_end):
            ch = text[i]
            if ch == "'" and text[i + 1:i + 2] == "'" or ch == "`" and text[i + 1:i + 2] == "`":
                # '' and `` stand for double quotes in some wire copy
                ch = "“" if ch == "`" or open_at is None else "”"
                if open_at is None:
                    open_at = i + 1
                    continue
                if i - open_at > 1:
                    out.append(Quote(open_at - 1, i + 2, open_at + 1, i, p_index))
                open_at = None
                continue
            if ch not in '"“”«»':
                continue
            if open_at is None:
                if ch in _CLOSE and not (text[i + 1:i + 2].isalnum() and (i == p_start or text[i - 1].isspace())):
                    continue  # a stray closing mark; one before a word is an opener typed wrong
                open_at = i
            else:
                if ch in _OPEN and text[open_at] == ch:
                    open_at = i  # two openers in a row: the first was stray
                    continue
                if i - open_at > 1:
                    out.append(Quote(open_at, i + 1, open_at + 1, i, p_index))
                open_at = None
        if open_at is not None and p_end - open_at > 20:
            out.append(Quote(open_at, p_end, open_at + 1, p_end, p_index))
    return out


# --- text as the page shows it -------------------------------------------------------

_OPENERS = "“«‘"
_CLOSERS = "”»’"
_TRAILING = " \t\n,;:.—–-"


def tidy(text: str) -> str:
    """A statement's text as journalists publish it: whitespace collapsed, no
    trailing full stop, comma, colon or dash (a question or an exclamation keeps
    its mark, an ellipsis its dots), and every quotation mark paired. A
    quotation cut by the edge of the content is closed (or opened) where the
    content ends (or begins); a closing mark at the very end with nothing to
    close is dropped."""
    text = re.sub(r"\s+", " ", text).strip()
    text = _trim_end(text)
    text = _balance(_brackets(text))
    return _trim_end(text) if text[-1:] not in "”\")" else text


def _brackets(text: str) -> str:
    """Every parenthesis paired, as quotation marks are: one cut by the edge
    of the content is closed where it ends ("American Skin (41 Shots" ->
    "... Shots)") or opened where it begins ("kiss-E-tow) Healthcare" ->
    "(kiss-E-tow) Healthcare")."""
    depth = unopened = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth:
                depth -= 1
            else:
                unopened += 1
    if depth:
        text = text.rstrip(_TRAILING) + ")" * depth
    return "(" * unopened + text


def _trim_end(text: str) -> str:
    """Trailing punctuation goes, also just inside a closing quotation mark
    ('disinformation.”' -> 'disinformation”'), but not an ellipsis."""
    while True:
        before = text
        if text.endswith(("...", "…")):
            return text
        text = text.rstrip(_TRAILING)
        if len(text) >= 2 and text[-1] in "”\"" and text[-2] in ",;:." and not text[:-1].endswith(("...", "…")):
            text = text[:-2].rstrip(_TRAILING) + text[-1]
        if text == before:
            return text


def _balance(text: str) -> str:
    """Pair double quotation marks, straight and curly alike (real copy mixes
    them): “ opens, ” closes, and a straight mark opens after a space, a bracket,
    a dash or at the start and closes otherwise; a ” typed before a word after a
    space opens. An opener while a quotation is open is stray and is dropped.
    Text with any curly mark gets curly marks throughout."""
    curly = "“" in text or "”" in text
    opener, closer = ("“", "”") if curly else ('"', '"')
    out = []
    open_ = False
    missing_open = False
    marks_out = False  # a quotation mark is in `out` already
    for i, ch in enumerate(text):
        if ch not in '"“”':
            out.append(ch)
            continue
        after_space = i == 0 or text[i - 1] in " ([{-—–‘"
        before_word = i + 1 < len(text) and text[i + 1].isalnum()
        opening = ch == "“" or (ch == '"' or ch == "”") and after_space and before_word
        if ch == '"' and not open_ and after_space:
            opening = True
        if opening:
            if open_:
                continue  # stray: a quotation is already open
            open_ = True
        elif open_:
            open_ = False
        elif i == len(text) - 1:
            continue  # a stray closer at the very end
        elif not missing_open and not marks_out:
            missing_open = True  # the quotation began before the content
        else:
            continue
        out.append(closer if not opening and curly else opener if curly else ch)
        marks_out = True
    body = "".join(out)
    return (opener if missing_open else "") + body + (closer if open_ else "")
