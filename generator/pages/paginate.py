"""Long lists split into pages of a fixed size, as Hugo and Zola do: page 1 at
the list's own address, page n at `<list>/page/<n>/`, each linked to the pages
before and after it (`rel="prev"`/`"next"`), so no page grows with the archive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from .. import urls

T = TypeVar("T")

PER_PAGE = 20  # explainers on a page of the home page or a tag page; articles on an actor's page
ACTORS_PER_PAGE = 100  # rows of the actors index


@dataclass(frozen=True)
class Pager(Generic[T]):
    """One page of a list: its items and where its neighbours are."""

    items: tuple[T, ...]
    number: int  # from 1
    count: int  # pages in the list
    first: str  # the list's own URL, from the site root ("" for the home page)

    @property
    def url(self) -> str:
        return self.at(self.number)

    @property
    def prev(self) -> str | None:
        return self.at(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.at(self.number + 1) if self.number < self.count else None

    def at(self, number: int) -> str:
        return self.first if number == 1 else f"{self.first}{urls.PAGE}{number}/"


def paginate(items: Sequence[T], first: str, size: int) -> list[Pager[T]]:
    """`items` in pages of `size` (an empty list is one empty page)."""
    chunks = [tuple(items[i:i + size]) for i in range(0, len(items), size)] or [()]
    return [Pager(chunk, n, len(chunks), first) for n, chunk in enumerate(chunks, 1)]
