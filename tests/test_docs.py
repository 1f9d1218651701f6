"""The docs name what the code has: every module in the module map, every
site.yaml key with its default, and no link to a page that is not there."""

from __future__ import annotations

import re

from generator.config import OPTIONS
from tests.conftest import REPO

DOCS = REPO / "docs"


def _table_cells(text: str, heading: str) -> list[list[str]]:
    """The rows of the first Markdown table after `heading`, as cells."""
    rest = text[text.index(heading):]
    rows = []
    for line in rest.split("\n")[1:]:
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip("|").split("|")])
        elif rows:
            break
    return rows[2:]  # past the header and its rule


def test_the_module_map_names_every_module() -> None:
    named = {cells[0].strip("`") for cells in _table_cells((DOCS / "architecture.md").read_text("utf-8"),
                                                           "## Module map")}
    modules = {p.relative_to(REPO / "generator").as_posix() for p in (REPO / "generator").rglob("*.py")}
    assert modules - named == set(), "modules missing from docs/architecture.md"
    assert named - modules == set(), "docs/architecture.md names modules that do not exist"


def test_the_site_yaml_table_matches_the_declarations() -> None:
    rows = {cells[0].strip("`"): cells[1] for cells in _table_cells((DOCS / "site.md").read_text("utf-8"),
                                                                      "## site.yaml")}
    declared = {f.metadata["key"]: f.default for f in OPTIONS}
    assert set(rows) == set(declared)
    for key, default in declared.items():
        shown = {None: "none", "": "empty", True: "`true`", False: "`false`"}.get(default, f"`{default}`")
        assert rows[key] == shown, key


def test_links_between_docs_lead_somewhere() -> None:
    for page in [REPO / "README.md", *DOCS.glob("*.md")]:
        for target in re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", page.read_text("utf-8")):
            assert (page.parent / target).is_file(), f"{page.name} links to {target}"
