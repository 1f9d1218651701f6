"""Words an editor selected in the article, as the verbatim evidence of a new item.

Evidence is whole sentences of the article, as the extractor writes it, so the
page can highlight it and a later `extract --refresh` that finds the same
sentence knows it is already in the file. The selection is found in the title
or one paragraph (as the page shows them, so runs of whitespace and line breaks
count as one space), then widened to the sentences it touches, cut from the
article's own text: never the browser's copy of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Article
from .review import Refused

# A sentence ends at . ! ? or …, then any closing quotes or brackets, then a
# space and something that can start a sentence (not a lower-case word).
_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[^\sa-z]|\s*$)")
# "Mr. Smith", "U.S. officials", "J. Smith": a full stop that ends no sentence.
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt",
                  "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "aug", "sep",
                  "sept", "oct", "nov", "dec"}
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


@dataclass(frozen=True)
class Found:
    """The sentences a selection touches, and the selection as the article writes it."""

    evidence: tuple[str, ...]
    words: str


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` with each run of whitespace as one space, and for each character
    the index it came from."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if not out or out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        index.append(i)
    return "".join(out), index


def _ends(text: str) -> list[int]:
    """Where each sentence of a paragraph ends (exclusive), the last at its end."""
    cuts = []
    for match in _END.finditer(text):
        before = _WORD_BEFORE.search(text[: match.start() + 1])
        word = before.group(1).lower() if before else ""
        if match.group(0)[0] == "." and (word in _ABBREVIATIONS or len(word) == 1 or "." in word):
            continue  # an abbreviation or an initial
        cuts.append(match.end())
    if not cuts or text[cuts[-1]:].strip():
        cuts.append(len(text.rstrip()))
    return cuts


def sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, without surrounding spaces."""
    spans = []
    start = 0
    for end in _ends(paragraph):
        while start < end and paragraph[start].isspace():
            start += 1
        if start < end:
            spans.append((start, end))
        start = end
    return spans


def find(article: Article, selected: str) -> Found:
    """The sentences of `article` that the selected words touch, or Refused."""
    wanted = " ".join(selected.split())
    if not wanted:
        raise Refused("select some words of the article first")
    for paragraph in _paragraphs(article):
        folded, index = _folded(paragraph)
        at = folded.find(wanted)
        if at < 0:
            continue
        start, end = index[at], index[at + len(wanted) - 1] + 1
        touched = [(a, b) for a, b in sentences(paragraph) if a < end and b > start]
        return Found(tuple(paragraph[a:b] for a, b in touched), paragraph[start:end])
    raise Refused("the selected words are not in the article's text as one passage: select words of the "
                  "article itself, within one paragraph")


def _paragraphs(article: Article) -> Sequence[str]:
    return [article.title, *(block.text for block in article.blocks)]
