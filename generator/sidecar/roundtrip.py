"""Rewriting a sidecar a person has edited, keeping their comments and layout.

Only `extract --refresh` writes into an edited sidecar, and it must change no
more than it has to, so the editor's diff shows the machine's proposals and
nothing else. ruamel.yaml's round-trip mode keeps comments, key order, quoting
and flow lists (`[a, b]`) of everything it is not told to change; items are
updated in place, so a comment on a line that stays survives. A comment on an
item that goes can go with it: that is the library's limit.

ruamel.yaml is pure Python and several times slower than libyaml, so builds
never use it: they only write sidecars nobody has edited, through `yamlio`.
It only ever parses text that `yamlio` has already accepted (no tags, anchors,
aliases, or oversize documents), and `refresh` reads the result back through
`yamlio` and the schema before anything is written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Collection, Sequence
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, SingleQuotedScalarString

from ..model import Extraction, Sidecar
from .data import item_data
from .fingerprints import Ledger, items_of, ledger_data
from .format import FINGERPRINTS_COMMENT, KINDS, KNOWN_KEYS, LISTS, Item

_STR = "tag:yaml.org,2002:str"
_YAML11 = pyyaml.resolver.Resolver()  # what a YAML 1.1 reader (PyYAML) would make of a plain word
_TOP_KEY = re.compile(r"^[^\s#\-][^:]*:\s*(?:#.*)?$")
_DASH = re.compile(r"^( *)-( +)\S")


def rewrite(text: str, old: Sidecar, new: Sidecar, ledger: Ledger) -> str:
    """`text` (the sidecar as read, which said `old`) changed to say `new`,
    with `ledger` as its fingerprints and no digest: it stays an edited file."""
    return _edited(text, lambda doc: _refreshed(doc, old, new, ledger))


def rewrite_items(text: str, old: Extraction, new: Extraction, ledger: Ledger) -> str:
    """`text` (the sidecar as read, whose items were `old`) with the items of
    `new` and `ledger` as its fingerprints, and no digest: a review's edit
    (`save.py`). The article and provenance stay as they are, and so do keys of
    the editor's own on the items that change."""
    return _edited(text, lambda doc: _items(doc, old, new, ledger))


def _edited(text: str, change: Callable[[CommentedMap], None]) -> str:
    """`text` loaded, changed in place by `change`, and dumped in its own style."""
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    yaml = _yaml(text)
    doc = yaml.load(text)
    change(doc)
    out = io.StringIO()
    yaml.dump(doc, out)
    result = out.getvalue()
    return result.replace("\n", "\r\n") if crlf else result


def _refreshed(doc: CommentedMap, old: Sidecar, new: Sidecar, ledger: Ledger) -> None:
    article = doc["article"]
    _set(article, "path", new.article_path)
    _set(article, "sha256", new.article_sha256)
    if new.article_text_sha256:
        _set(article, "text_sha256", new.article_text_sha256)
    provenance = doc.get("extracted_by")
    if not isinstance(provenance, dict):
        provenance = CommentedMap()
        doc.insert(list(doc).index("article") + 1, "extracted_by", provenance)
    assert new.provenance is not None
    _set(provenance, "extractor", new.provenance.generator)
    _set(provenance, "model", new.provenance.model)
    _items(doc, old.extraction, new.extraction, ledger)


def _items(doc: CommentedMap, old: Extraction, new: Extraction, ledger: Ledger) -> None:
    """The four lists and the fingerprints made to say `new` and `ledger`; the
    digest goes, as the file is no longer the machine's own."""
    provenance = doc.get("extracted_by")
    if isinstance(provenance, dict):
        provenance.pop("digest", None)
    for kind in KINDS:
        _update_list(doc, kind, items_of(old, kind), items_of(new, kind))
    prints = ledger_data(ledger)
    if not prints:
        doc.pop("fingerprints", None)
    elif "fingerprints" in doc:
        _update_map(doc["fingerprints"], prints)
    else:
        doc["fingerprints"] = _node(prints)
        doc.yaml_set_comment_before_after_key("fingerprints", before=FINGERPRINTS_COMMENT.replace(
            "# ", "").rstrip("\n"))


def repoint(text: str, article_path: str) -> str:
    """`text` with `article.path` set to `article_path` and nothing else changed
    (a renamed article's sidecar, carried over to it: `carry.py`)."""
    return _edited(text, lambda doc: _set(doc["article"], "path", article_path))


def _yaml(text: str) -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long evidence sentence
    mapping, items, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=items, offset=offset)
    yaml.representer.add_representer(type(None), _null)
    significant = [line for line in text.split("\n") if line.strip() and not line.startswith("#")]
    yaml.explicit_start = bool(significant) and significant[0].rstrip() == "---"
    return yaml


def _null(representer: Any, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _indents(text: str) -> tuple[int, int, int]:
    """The file's own indentation, read from the lines under its top-level keys,
    so that a rewrite keeps its style: (mapping indent, item indent, dash offset);
    `- id: x` is (2, 2, 0), `  - id: x` is (2, 4, 2), `    -   id: x` is (4, 8, 4)."""
    lines = text.split("\n")
    mapping = sequence = None
    for i, line in enumerate(lines):
        if not _TOP_KEY.match(line):
            continue
        following = next((n for n in lines[i + 1:] if n.strip() and not n.lstrip().startswith("#")), "")
        dash = _DASH.match(following)
        if dash and sequence is None:
            sequence = (len(dash.group(1)), len(dash.group(1)) + 1 + len(dash.group(2)))
        elif not dash and following.startswith(" ") and mapping is None:
            mapping = len(following) - len(following.lstrip(" "))
    offset, items = sequence or (0, 2)
    return mapping or 2, items, offset


def _update_list(doc: CommentedMap, kind: str, old: Sequence[Item], new: Sequence[Item]) -> None:
    """Items that stay keep their place (and comments); new ones go at the end."""
    key = LISTS[kind]
    seq = doc.get(key)
    if not isinstance(seq, list):  # missing or null: nothing to keep
        if not new:
            return
        seq = CommentedSeq()
        later = [k for k in (*LISTS.values(), "fingerprints")[list(LISTS.values()).index(key) + 1:] if k in doc]
        doc.insert(list(doc).index(later[0]) if later else len(doc), key, seq)
    assert len(seq) == len(old), "the YAML and the schema disagree on the number of items"
    wanted = {item.id: item for item in new}
    before = {item.id: item for item in old}
    stay = [item.id for item in old if item.id in wanted]
    if [item.id for item in new] != stay + [i for i in wanted if i not in before]:
        raise ValueError("a rewrite may only remove items, change them in place and add new ones at the end")
    for index in reversed(range(len(old))):
        if old[index].id not in wanted:
            del seq[index]
    for index, item_id in enumerate(stay):
        if wanted[item_id] != before[item_id]:
            _update_map(seq[index], item_data(kind, wanted[item_id]), KNOWN_KEYS[kind])
    for item in new:
        if item.id not in before:
            seq.append(_node(item_data(kind, item)))
    if not seq and old:
        doc[key] = CommentedSeq()
    elif seq and seq.fa.flow_style():
        seq.fa.set_block_style()


def _update_map(target: CommentedMap, data: dict[str, Any], known: Collection[str] | None = None) -> None:
    """Make `target` say `data`, touching only the keys whose value changes.
    With `known` (an item's schema keys), keys outside it are the editor's own
    and stay."""
    for key in list(target):
        if key not in data and (known is None or key in known):
            del target[key]
    for position, (key, value) in enumerate(data.items()):
        if key not in target:
            target.insert(position, _scalar(key), _node(value))
        elif isinstance(value, dict) and isinstance(target[key], CommentedMap):
            _update_map(target[key], value)
        elif _plain(target[key]) != value:
            target[key] = _node(value)


def _set(target: CommentedMap, key: str, value: Any) -> None:
    if key not in target or _plain(target[key]) != value:
        target[key] = _node(value)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _node(value: Any) -> Any:
    if isinstance(value, dict):
        return CommentedMap((_scalar(k), _node(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(_node(v) for v in value)
    if isinstance(value, str):
        return _scalar(value)
    return value


def _scalar(value: str) -> str:
    """Quoted where a YAML 1.1 reader would take the plain word for something
    else (`no`, `1.10`, `2024-01-01`), as the build's writer does. Several lines
    as a `|` block, unless a block would not keep them exactly (a carriage
    return, spaces at a line's end): then in double quotes, with escapes."""
    if any(c in value for c in "\n\r\x85\u2028\u2029"):
        lines = value.split("\n")
        exact = "\r" not in value and not any(c in value for c in "\x85\u2028\u2029") \
            and all(line == line.rstrip() for line in lines) and not value[:1].isspace()
        styled: str = LiteralScalarString(value) if exact else DoubleQuotedScalarString(value)
        return styled
    if _YAML11.resolve(pyyaml.ScalarNode, value, (True, False)) != _STR:  # type: ignore[no-untyped-call]
        quoted: str = SingleQuotedScalarString(value)
        return quoted
    return value
