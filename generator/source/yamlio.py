"""Safe YAML reading with positions, and stable YAML writing.

Reading goes through libyaml's event stream (`CSafeLoader` when available) and
builds plain `Node` values that remember their line and column. Nothing is
constructed from tags, so no YAML can create objects, and scalars keep their
source text: whether `no`, `1.10` or `2020-01-01` is text, a number or a date is
decided by the schema of the field they land in (`schema.py`), never by YAML 1.1
guessing. Anchors and aliases are refused outright (they are the alias-bomb
vector and no hand-written sidecar needs them), as are deep nesting and
documents over a size cap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ..errors import GeneratorError

try:  # libyaml is ~13x faster; the pure-Python parser is the safe fallback
    _Loader: Any = yaml.CSafeLoader
    _Dumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader
    _Dumper = yaml.SafeDumper

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
# The only tags allowed: the plain YAML types. Anything else (`!!python/object`,
# `!!binary`, `!custom`) asks a loader to build something, and is refused.
_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}

# What libyaml's terse messages usually mean for someone editing by hand, and
# whether the place libyaml names as the context helps them find it.
_HINTS = (
    ("mapping values are not allowed",
     "put a value that contains ': ' in quotes, or check this line's indentation", False),
    ("tab character", "YAML is indented with spaces, not tabs", False),
    ("cannot start any token", "put a value that starts with this character in quotes", False),
    ("did not find expected key", "check that this line is indented like the lines around it", True),
    ("did not find expected '-' indicator", "check that this line is indented like the lines around it", True),
    ("expected <block end>", "check that this line is indented like the lines around it", True),
    ("maximum nesting depth", f"no file this generator reads is nested more than {MAX_DEPTH} levels deep", False),
)
_CONTEXTS = {
    "while scanning a quoted scalar": "the quoted text",
    "while scanning a plain scalar": "the value",
    "while parsing a block collection": "the list",
    "while parsing a block mapping": "the mapping",
    "while parsing a flow sequence": "the [...] list",
    "while parsing a flow mapping": "the {...} mapping",
    "while parsing a flow node": "the value",
}

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")


@dataclass
class Node:
    """A YAML value with its 1-based position. `value` is the scalar's source text,
    a list of Nodes, or a list of (key Node, value Node) pairs."""

    kind: str  # "scalar" | "seq" | "map"
    value: Any
    line: int
    column: int
    plain: bool = True  # an unquoted scalar (only those can mean null)
    tag: str | None = None

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.plain and self.tag is None and bool(_NULL.match(self.value))

    def get(self, key: str) -> Node | None:
        for k, v in self.value:
            if k.value == key:
                found: Node = v
                return found
        return None

    def keys(self) -> list[str]:
        return [k.value for k, _ in self.value]


def parse(text: str, path: Path | str, error: type[GeneratorError] = GeneratorError,
          max_bytes: int = MAX_BYTES, line_offset: int = 0) -> Node | None:
    """Parse one YAML document into Nodes; None for an empty document.

    `line_offset` shifts reported lines (front matter starts below line 1)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise error(f"YAML document is {size:,} bytes, over the {max_bytes:,}-byte limit", path)

    def fail(message: str, mark: Any) -> GeneratorError:
        return error(message, path, mark.line + 1 + line_offset, mark.column + 1)

    # Every build reads every changed sidecar through this loop, so it is kept
    # tight: events by exact type, open collections as [node, pending key, keys].
    stack: list[list[Any]] = []
    root: Node | None = None
    documents = 0
    first_line = 1 + line_offset
    loader = _Loader(text)
    next_event = loader.get_event
    event = None
    try:
        while True:
            event = next_event()
            cls = type(event)
            if cls is ScalarEvent or cls is MappingStartEvent or cls is SequenceStartEvent:
                mark = event.start_mark
                if event.anchor:
                    raise fail("YAML anchors (&name) are not allowed; write the value out in full", mark)
                tag = event.tag
                if tag == "!":
                    tag = None
                elif tag is not None and tag not in _TAGS:
                    shown = tag.replace("tag:yaml.org,2002:", "!!")
                    raise fail(f"YAML tag {shown!r} is not allowed; remove it (only plain values are read)", mark)
                if cls is ScalarEvent:
                    node = Node("scalar", event.value, mark.line + first_line, mark.column + 1,
                                bool(event.implicit[0]) and not event.style, tag)
                else:
                    node = Node("seq" if cls is SequenceStartEvent else "map", [], mark.line + first_line,
                                mark.column + 1, True, tag)
                if stack:
                    parent = stack[-1]
                    if parent[0].kind == "seq":
                        parent[0].value.append(node)
                    elif parent[1] is None:
                        if cls is not ScalarEvent:
                            raise fail("mapping keys must be plain text", mark)
                        if node.value in parent[2]:
                            raise fail(f"duplicate key '{node.value}'", mark)
                        parent[2].add(node.value)
                        parent[1] = node
                    else:
                        parent[0].value.append((parent[1], node))
                        parent[1] = None
                else:
                    root = node
                if cls is not ScalarEvent:
                    if len(stack) >= MAX_DEPTH:
                        raise fail(f"YAML is nested more than {MAX_DEPTH} levels deep", mark)
                    stack.append([node, None, set()])
            elif cls is SequenceEndEvent or cls is MappingEndEvent:
                stack.pop()
            elif cls is AliasEvent:
                raise fail("YAML aliases (*name) are not allowed; write the value out in full", event.start_mark)
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise fail("only one YAML document is allowed here (found a second '---')", event.start_mark)
            elif event is None or cls is StreamEndEvent:
                break
    except yaml.MarkedYAMLError as exc:
        raise _runaway_quote(event, exc, path, error, line_offset) or \
            _syntax_error(exc, path, error, line_offset) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", path) from None
    finally:
        loader.dispose()
    return root


def _runaway_quote(last: Any, exc: yaml.MarkedYAMLError, path: Path | str, error: type[GeneratorError],
                   line_offset: int) -> GeneratorError | None:
    """A quote left open swallows the lines after it until the next quote mark
    (an apostrophe, say) closes it there, and libyaml then complains about that
    line; a quote mark inside quoted text closes it early, and libyaml complains
    about the rest of the line. When the last value read is quoted text that
    ended where the error is, the mistake is where it opened: say so there."""
    mark = exc.problem_mark
    if type(last) is not ScalarEvent or last.style not in ("'", '"'):
        return None
    start, end = last.start_mark, last.end_mark
    if mark is None or start is None or end is None or end.line != mark.line:
        return None
    line = start.line + 1 + line_offset
    opened = f"line {line}, column {start.column + 1}"
    inside = f"a {last.style} inside {last.style}...{last.style} text is written " + \
        ("twice ('')" if last.style == "'" else 'as \\"')
    if end.line == start.line:
        problem = f"the quoted text that starts at {opened} ends at the {last.style} in column {end.column}, " \
                  "and the line goes on after it"
    else:
        problem = f"the quoted text that starts at {opened} is never closed on its line, so it runs on to " \
                  f"line {end.line + 1 + line_offset}"
        inside = f"close it on line {line}; " + inside
    return error(f"invalid YAML: {problem}", path, line, start.column + 1, hint=inside)


def _syntax_error(exc: yaml.MarkedYAMLError, path: Path | str, error: type[GeneratorError],
                  line_offset: int) -> GeneratorError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    hint, with_context = next(((h, c) for words, h, c in _HINTS if words in problem), (None, True))
    opened = exc.context_mark
    if exc.context and opened is not None and with_context and mark is not None \
            and (opened.line, opened.column) != (mark.line, mark.column):
        what = _CONTEXTS.get(exc.context)
        start = f"line {opened.line + 1 + line_offset}, column {opened.column + 1}"
        if what and "end of stream" in problem:  # point at where it was opened, not at the end of the file
            problem, mark = f"{what} that starts at {start} is never closed", opened
        elif what:
            problem += f" (in {what} that starts at {start})"
        else:
            problem += f" ({exc.context} at {start})"
    if mark is None:
        return error(f"invalid YAML: {problem}", path, hint=hint)
    return error(f"invalid YAML: {problem}", path, mark.line + 1 + line_offset, mark.column + 1, hint=hint)


def read(path: Path, error: type[GeneratorError] = GeneratorError, max_bytes: int = MAX_BYTES) -> Node | None:
    """Read and parse a YAML file, refusing oversize files before reading them whole."""
    return parse(decode(read_bytes(path, error, max_bytes), path, error), path, error, max_bytes)


def read_bytes(path: Path, error: type[GeneratorError] = GeneratorError, max_bytes: int = MAX_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise error(f"YAML file is {size:,} bytes, over the {max_bytes:,}-byte limit", path)
        return path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror}", path) from None


def decode(data: bytes, path: Path | str, error: type[GeneratorError] = GeneratorError) -> str:
    """UTF-8 text (a byte-order mark is dropped), or an error naming the line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error("not valid UTF-8 text; save the file as UTF-8", path, line) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise error("contains a NUL byte; this is not a text file", path, line)
    return text


# --- writing ---------------------------------------------------------------

class _StableDumper(_Dumper):  # type: ignore[misc]  # libyaml's dumper or the pure one, chosen at import
    """Block style, insertion order, no anchors, long lines kept whole."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_StableDumper.add_representer(str, _str_representer)


def dump(data: Any) -> str:
    """YAML text for plain data, stable across runs: same input, same bytes."""
    return yaml.dump(
        data,
        Dumper=_StableDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100000,
        indent=2,
    )
