"""A site-wide file made only when it may have changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MadeFile:
    """A file made (`make`) only when what it is a function of (`inputs`:
    records and plain values, beside the site's settings) is not what made it
    last time: the build keys it by them (`build/sitepages.py`)."""

    output: str  # path under output/
    inputs: tuple[object, ...]
    make: Callable[[], bytes]
