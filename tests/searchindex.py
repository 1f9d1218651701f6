"""The sharded search index of a built site, read back as data (the format of
generator/pages/search.py: `search/t/<key>.js` and `search/d/<n>.js`, each one
call of `explainerSearch.terms` or `.docs` with JSON arguments)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

CALL = re.compile(r"\AexplainerSearch\.(terms|docs)\((.*)\);\n\Z", re.S)


def calls(path: Path) -> tuple[str, list[Any]]:
    """The function a search file calls and its arguments; AssertionError for
    a file that is anything else."""
    match = CALL.match(path.read_text("utf-8"))
    assert match is not None, path
    return match.group(1), json.loads("[" + match.group(2) + "]")


def docs(output: Path) -> list[list[Any]]:
    """Every doc, in id order: [kind, url, title, meta, summary]."""
    chunks = {}
    for path in (output / "search" / "d").glob("*.js"):
        name, (number, items) = calls(path)
        assert name == "docs" and str(number) == path.stem
        chunks[number] = items
    return [doc for n in sorted(chunks) for doc in chunks[n]]


def terms(output: Path) -> dict[str, list[int]]:
    """Every term with its doc ids."""
    out: dict[str, list[int]] = {}
    for path in (output / "search" / "t").glob("*.js"):
        name, (_key, found, _parts) = calls(path)
        assert name == "terms"
        for term, encoded in found.items():
            doc, ids = 0, []
            for entry in encoded.split(","):
                value = int(entry, 36)
                doc += value >> 2
                ids.append(doc)
            out[term] = ids
    return out
