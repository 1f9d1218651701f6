"""Per-Doc lookups the attribution rules share, built once (linear in the Doc's length)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from .text import Quote, Unit


class Index:
    """Lookups shared by the rules, built once per Doc (linear in its length).

    Rules ask about one statement at a time; they look things up here (by
    bisection over sorted offsets) rather than walking every token, unit or
    quotation of the Doc, so that a long article or a long sentence costs time
    in proportion to its length."""

    def __init__(self, doc: Any, units: list[Unit], quotes: list[Quote], text: str | None = None,
                 tokens: list[Any] | None = None):
        self.doc = doc
        self.units = units
        self.quotes = quotes
        # the tokens, made once: Doc.__iter__ and Doc[i] make a new Token each time
        self.tokens = tokens if tokens is not None else list(doc)
        n = len(doc)
        self.unit_of = [0] * n
        for u in units:
            for i in range(u.tok_start, u.tok_end):
                self.unit_of[i] = u.index
        # tokens before the first unit (leading whitespace) belong to unit 0
        self.title_end = units[0].tok_end if units else 0
        self.text = text if text is not None else doc.text  # Doc.text rebuilds the string on every access
        self.tok_idx = [t.idx for t in self.tokens]  # character offset of each token, ascending
        self.unit_starts = [u.start for u in units]
        self.unit_ends = [u.end for u in units]
        # last unit of each paragraph
        self.para_last: dict[int, int] = {u.para: u.index for u in units}
        # Quotations never nest, so both their starts and their ends ascend.
        self.quote_starts = [q.start for q in quotes]
        self.quote_ends = [q.end for q in quotes]
        self.questions = [t.i for t in self.tokens if t.text == "?"]
        self._children: tuple[list[list[int]], list[list[int]]] | None = None  # for subtree(), made when needed
        self.quote_of = [-1] * n
        qi = 0
        for tok in self.tokens:
            while qi < len(quotes) and quotes[qi].end <= tok.idx:
                qi += 1
            # (the marks themselves count as outside)
            if qi < len(quotes) and quotes[qi].start <= tok.idx < quotes[qi].end \
                    and quotes[qi].inner_start <= tok.idx < quotes[qi].inner_end:
                self.quote_of[tok.i] = qi

    def para(self, i: int) -> int:
        return self.units[self.unit_of[i]].para

    def in_quote(self, i: int) -> bool:
        return self.quote_of[i] >= 0

    def subtree(self, tok: Any) -> list[Any]:
        """tok.subtree, the same tokens in the same order. Token.subtree nests
        one generator per level of the tree, so reading a deep subtree (a long
        chain of clauses) costs its size times its depth; this costs its size.
        (A small subtree is read the usual way, which is quicker.)"""
        if tok.right_edge.i - tok.left_edge.i < 64:
            return list(tok.subtree)
        if self._children is None:
            # each token's children left and right of it, as Token.lefts and
            # Token.rights give them (those within the token's edges)
            lefts: list[list[int]] = [[] for _ in self.tokens]
            rights: list[list[int]] = [[] for _ in self.tokens]
            left_edge = [t.left_edge.i for t in self.tokens]
            right_edge = [t.right_edge.i for t in self.tokens]
            for t in self.tokens:
                h = t.head.i
                if left_edge[h] <= t.i < h:
                    lefts[h].append(t.i)
                elif h < t.i <= right_edge[h]:
                    rights[h].append(t.i)
            self._children = (lefts, rights)
        lefts, rights = self._children
        toks = self.tokens
        out = []
        stack: list[tuple[int, bool]] = [(tok.i, False)]
        while stack:
            i, visited = stack.pop()
            if visited:
                out.append(toks[i])
                continue
            stack.extend((r, False) for r in reversed(rights[i]))
            stack.append((i, True))
            stack.extend((c, False) for c in reversed(lefts[i]))
        return out

    def tokens_between(self, a: int, b: int) -> range:
        """Indices of the tokens that start at a character offset in [a, b)."""
        return range(bisect_left(self.tok_idx, a), bisect_left(self.tok_idx, b))

    def units_overlapping(self, a: int, b: int) -> range:
        """Indices of the units that share a character with [a, b)."""
        return range(bisect_right(self.unit_ends, a), bisect_left(self.unit_starts, b))

    def quotes_overlapping(self, a: int, b: int) -> list[Quote]:
        """The quotations, in order, that end after offset a and start before b."""
        return self.quotes[bisect_right(self.quote_ends, a):bisect_left(self.quote_starts, b)]

    def question_in(self, start: int, end: int) -> bool:
        """Is there a question mark among tokens start..end-1?"""
        k = bisect_left(self.questions, start)
        return k < len(self.questions) and self.questions[k] < end

