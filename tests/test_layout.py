"""The package's folders are its map: imports point one way, and none go round.

Layers, lowest first (a module may import its own sub-package and any lower
layer, nothing else):

    errors, model, text, files, urls     values and facts every layer shares
    source                               reading articles, Markdown, safe YAML
    config                               site.yaml
    sidecar, extract                     the sidecar file; the extraction rules
    pages                                what each page shows
    build                                plan, cache, render, publish
    commands, preview                    the commands; the preview server
    cli                                  the command line
    __main__                             `python -m generator`

Every import counts, those inside functions too (commands import lazily).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "generator"

LAYERS = [
    {"errors", "model", "text", "files", "urls"},
    {"source"},
    {"config"},
    {"sidecar", "extract"},
    {"pages"},
    {"build"},
    {"commands", "preview"},
    {"cli", "__init__"},
    {"__main__"},
]
BASE = LAYERS[0]


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 2:
        parts = parts[:-1]
    return ".".join(parts)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def imports(path: Path, name: str, known: set[str]) -> set[str]:
    """The modules of the package that `path` (module `name`) imports."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("generator"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("generator"):
                target = node.module
            else:
                continue
            for alias in node.names:  # `from . import x` imports module x; `from .x import y` imports x
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    return {m for m in found if m in known and m != name}


def layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else "__init__"
    return next(n for n, names in enumerate(LAYERS) if top in names)


def group(module: str) -> str:
    """Modules of one group may import each other: a sub-package, or the base layer."""
    top = module.split(".")[1] if "." in module else "__init__"
    return "base" if top in BASE else top


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    found = modules(root)
    names = set(found)
    return {name: imports(path, name, names) for name, path in found.items()}


def upward(edges: dict[str, set[str]]) -> list[str]:
    """Every import that does not point down, as `a (layer n) imports b (layer m)`."""
    return [f"{module} (layer {layer(module)}) imports {target} (layer {layer(target)})"
            for module in sorted(edges) for target in sorted(edges[module])
            if group(target) != group(module) and layer(target) >= layer(module)]


def cycle(edges: dict[str, set[str]]) -> list[str]:
    """One import cycle (its modules, the first repeated at the end), or []."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(edges):
        if node not in state and (found := walk(node)):
            return found
    return []


def test_the_layers_name_every_module() -> None:
    for name in modules():
        layer(name)  # raises StopIteration for a folder no layer names


def test_imports_point_down() -> None:
    assert upward(graph()) == []


def test_no_import_cycles() -> None:
    assert cycle(graph()) == []


def test_the_checks_see_an_upward_import_and_a_cycle(tmp_path: Path) -> None:
    root = tmp_path / "generator"
    for name, text in {"__init__.py": "", "cli.py": "from .build import site\n", "errors.py": "",
                       "build/__init__.py": "", "build/site.py": "from ..pages import record\n",
                       "build/cache.py": "def f():\n    from .. import cli\n",
                       "pages/__init__.py": "", "pages/record.py": "from .views import x\n",
                       "pages/views.py": "from . import record\nfrom ..errors import E\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    edges = graph(root)
    assert edges["generator.build.site"] == {"generator.pages.record"}
    assert upward(edges) == ["generator.build.cache (layer 5) imports generator.cli (layer 7)"]
    assert cycle(edges) == ["generator.pages.record", "generator.pages.views", "generator.pages.record"]
