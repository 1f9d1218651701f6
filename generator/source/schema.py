"""Typed reading of YAML nodes, with a precise message for every mistake.

site.yaml, front matter and sidecars all declare their fields with these
helpers. Each error names the file, line, column and the dotted field path
(`denials[2].denies`), because that is what an editor needs to find the typo.
Text fields take the scalar's source text as written, so `no`, `yes`, `1.10`
or `2020-01-01` stay text and never silently change meaning.

A reader made with `collect=True` (sidecars) does not stop at the first
mistake: a field that fails is recorded (`errors`) and the reading goes on, an
item with a mistake is left out of its list, and the caller raises them all at
once (`raise_collected`), so three mistakes take one `check`, not three.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

from ..errors import GeneratorError
from ..urls import is_safe_url
from .yamlio import Node

T = TypeVar("T")
E = TypeVar("E", bound=GeneratorError)
S = TypeVar("S", bound=str)

_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[-+]\d{2}:?\d{2})?)?$")

_KIND_NAMES = {"scalar": "a single value", "seq": "a list", "map": "a mapping"}


class Reader(Generic[E]):
    """Reads fields out of nodes of one file, raising `error` with positions."""

    def __init__(self, path: Path, error: type[E], collect: bool = False) -> None:
        self.path = path
        self.error = error
        self.warnings: list[E] = []
        self.collect = collect
        self.errors: list[E] = []  # with `collect`: every mistake found so far

    def fail(self, node: Node | None, where: str, message: str, hint: str | None = None) -> E:
        line = node.line if node is not None else None
        column = node.column if node is not None else None
        prefix = f"{where}: " if where else ""
        return self.error(prefix + message, self.path, line, column, hint=hint)

    def warn(self, node: Node | None, where: str, message: str, hint: str | None = None) -> None:
        self.warnings.append(self.fail(node, where, message, hint))

    # -- going on after a mistake -------------------------------------------

    def attempt(self, read: Callable[[], T | None]) -> T | None:
        """`read()`, or None with its mistake recorded when collecting (else it raises)."""
        try:
            return read()
        except GeneratorError as exc:
            if not self.collect or not isinstance(exc, self.error):
                raise
            self.errors.append(exc)
            return None

    def record(self, error: E) -> None:
        """A mistake found by the caller: recorded when collecting, else raised."""
        if not self.collect:
            raise error
        self.errors.append(error)

    def raise_collected(self) -> None:
        """Every mistake recorded, as one error (the first, in file order) that
        carries the others (`GeneratorError.each`)."""
        if self.errors:
            ordered = sorted(self.errors, key=lambda e: (e.line or 0, e.column or 0))
            first = ordered[0]
            first.others = tuple(ordered[1:])
            raise first

    # -- containers ---------------------------------------------------------

    def mapping(self, node: Node | None, where: str, known: set[str] | None = None) -> Node:
        if node is None or node.is_null:
            raise self.fail(node, where, "expected a mapping (key: value lines), found nothing")
        if node.kind != "map":
            raise self.fail(node, where, f"expected a mapping of keys to values, found {_KIND_NAMES[node.kind]}")
        if known is not None:
            for key_node, _ in node.value:
                if key_node.value not in known:
                    self.warn(key_node, _join(where, key_node.value), "unknown key (ignored)",
                              suggest(key_node.value, known))
        return node

    def items(self, node: Node | None, where: str) -> list[Node]:
        if node is None or node.is_null:
            return []
        if node.kind != "seq":
            raise self.fail(node, where, f"expected a list, found {_KIND_NAMES[node.kind]}")
        return list(node.value)

    # -- scalars ------------------------------------------------------------

    def _scalar(self, node: Node, where: str, expected: str) -> str:
        if node.kind != "scalar":
            raise self.fail(node, where, f"expected {expected}, found {_KIND_NAMES[node.kind]}")
        value: str = node.value
        return value

    def text(self, parent: Node, key: str, where: str, required: bool = False) -> str | None:
        node = parent.get(key)
        here = _join(where, key)
        if node is None or node.is_null:
            if required:
                raise self.fail(node or parent, here, "is required" if node is None else "must not be empty")
            return None
        value = self._scalar(node, here, "text").strip()
        if required and not value:
            raise self.fail(node, here, "must not be empty")
        return value if value else None

    def required(self, parent: Node, key: str, where: str) -> str:
        """Text that must be there and not be empty."""
        value = self.text(parent, key, where, required=True)
        assert value is not None
        return value

    def url(self, parent: Node, key: str, where: str) -> str | None:
        """A link from content: http, https, mailto or relative, never a scheme
        that runs code (`javascript:`, `vbscript:`, `data:`) in any disguise."""
        value = self.text(parent, key, where)
        if value is not None and not is_safe_url(value):
            raise self.fail(parent.get(key), _join(where, key),
                            f"must be an http, https, mailto or relative URL; found {value!r}")
        return value

    def texts(self, parent: Node, key: str, where: str) -> tuple[str, ...]:
        """A list of text, or one text written on its own."""
        node = parent.get(key)
        here = _join(where, key)
        if node is None or node.is_null:
            return ()
        if node.kind == "scalar":
            value = node.value.strip()
            return (value,) if value else ()
        if node.kind != "seq":
            raise self.fail(node, here, "expected text or a list of text, found a mapping")
        out = []
        for i, item in enumerate(node.value):
            if item.is_null:
                continue
            value = self._scalar(item, f"{here}[{i}]", "text").strip()
            if value:
                out.append(value)
        return tuple(out)

    def boolean(self, parent: Node, key: str, where: str, default: bool) -> bool:
        node = parent.get(key)
        if node is None or node.is_null:
            return default
        raw = self._scalar(node, _join(where, key), "true or false")
        if raw in ("true", "True", "TRUE"):
            return True
        if raw in ("false", "False", "FALSE"):
            return False
        raise self.fail(node, _join(where, key), f"expected true or false, found {raw!r}")

    def integer(self, parent: Node, key: str, where: str, default: int | None = None,
                minimum: int | None = None) -> int | None:
        node = parent.get(key)
        if node is None or node.is_null:
            return default
        raw = self._scalar(node, _join(where, key), "a whole number")
        if not _INT.match(raw):
            raise self.fail(node, _join(where, key), f"expected a whole number, found {raw!r}")
        value = int(raw)
        if minimum is not None and value < minimum:
            raise self.fail(node, _join(where, key), f"must be at least {minimum}, found {value}")
        return value

    def number(self, parent: Node, key: str, where: str, low: float, high: float) -> float | None:
        node = parent.get(key)
        if node is None or node.is_null:
            return None
        raw = self._scalar(node, _join(where, key), "a number")
        if not _FLOAT.match(raw):
            raise self.fail(node, _join(where, key), f"expected a number, found {raw!r}")
        value = float(raw)
        if not low <= value <= high:
            raise self.fail(node, _join(where, key), f"must be between {low:g} and {high:g}, found {raw}")
        return value

    def date(self, parent: Node, key: str, where: str) -> dt.datetime | dt.date | None:
        node = parent.get(key)
        if node is None or node.is_null:
            return None
        raw = self._scalar(node, _join(where, key), "a date").strip()
        parsed = parse_date(raw)
        if parsed is None:
            raise self.fail(node, _join(where, key), f"expected a date like 2022-03-14, found {raw!r}")
        return parsed

    def choice(self, parent: Node, key: str, where: str, options: tuple[S, ...], default: S | None = None) -> S | None:
        value = self.text(parent, key, where)
        if value is None:
            return default
        for option in options:
            if option == value:
                return option
        raise self.fail(parent.get(key), _join(where, key), f"must be one of {', '.join(options)}; found {value!r}",
                        suggest(value, options))

    def each(self, parent: Node, key: str, where: str, read_item: Callable[[Node, str], T]) -> list[T]:
        """Every item read; when collecting, an item with a mistake is recorded
        and left out, and the others are read all the same."""
        here = _join(where, key)
        out = []
        for i, item in enumerate(self.items(parent.get(key), here)):
            before = len(self.errors)
            try:
                value = read_item(item, f"{here}[{i}]")
            except GeneratorError as exc:
                if not self.collect or not isinstance(exc, self.error):
                    raise
                self.errors.append(exc)
                continue
            if len(self.errors) == before:
                out.append(value)
        return out


class PartialDate(dt.date):
    """A date known only to the month or year (`2004-12`, `2004`): it sorts as the
    first day of that period and is shown without the day."""

    precision: str  # "month" | "year"

    def __new__(cls, year: int, month: int | None = None) -> PartialDate:
        self = super().__new__(cls, year, month or 1, 1)
        self.precision = "month" if month else "year"
        return self

    def __reduce__(self) -> tuple[type[PartialDate], tuple[int, int | None]]:  # keep the precision through pickling
        return (PartialDate, (self.year, self.month if self.precision == "month" else None))


def parse_date(raw: str) -> dt.datetime | dt.date | None:
    partial = _PARTIAL_DATE.match(raw)
    if partial:
        year, month = partial.groups()
        try:
            return PartialDate(int(year), int(month) if month else None)
        except ValueError:
            return None
    match = _DATE.match(raw)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        if hour is None:
            return dt.date(int(year), int(month), int(day))
        tz = None
        if zone:
            if zone in ("Z", "z"):
                tz = dt.UTC
            else:
                sign = -1 if zone[0] == "-" else 1
                digits = zone[1:].replace(":", "")
                tz = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=tz)
    except ValueError:
        return None


def suggest(value: str, options: Iterable[str]) -> str | None:
    """`did you mean 'planning-records'?` for a near miss among `options`, else None."""
    close = difflib.get_close_matches(value, sorted(options), n=1, cutoff=0.75)
    return f"did you mean '{close[0]}'?" if close else None


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
