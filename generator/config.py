"""site.yaml: every key, its default and its check, declared once here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .source import yamlio
from .errors import ConfigError
from .source.schema import Reader

CONFIG_NAME = "site.yaml"
PREVIEW_NAME = ".preview"
DEFAULT_MODEL = "en_core_web_sm"

_KNOWN = {"title", "description", "base_url", "language", "author", "model",
          "content", "output", "templates", "static", "show_review", "review_below"}


@dataclass(frozen=True)
class SiteConfig:
    root: Path  # the site folder (holds site.yaml)
    title: str = "Explainers"
    description: str = ""
    base_url: str = "/"  # where output/ is published; may be a full URL or a path
    language: str = "en"
    author: str | None = None
    model: str = DEFAULT_MODEL  # spaCy pipeline, resolved by extract/nlp.py
    content_dir: Path = Path("content")
    output_dir: Path = Path("output")
    templates_dir: Path = Path("templates")
    static_dir: Path = Path("static")
    show_review: bool = False  # flag low-confidence and unreviewed items on pages
    review_below: float = 0.6  # confidence under which an item "needs review"
    warnings: tuple[ConfigError, ...] = field(default=(), compare=False)  # unknown keys

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def preview_dir(self) -> Path:
        """Where `serve` builds, so previewing never touches the publishable output/."""
        return self.root / PREVIEW_NAME


def load_config(site: Path, base_url: str | None = None) -> SiteConfig:
    root = site.resolve()
    path = root / CONFIG_NAME
    if not root.is_dir():
        raise ConfigError(f"site folder {site} does not exist")
    if not path.is_file():
        raise ConfigError(f"no {CONFIG_NAME} in {site}; run `python -m generator new {site}` to create a site",
                          path)
    node = yamlio.read(path, ConfigError, max_bytes=256 * 1024)
    r = Reader(path, ConfigError)
    if node is None:
        node = yamlio.Node("map", [], 1, 1)
    r.mapping(node, "", _KNOWN)
    defaults = SiteConfig(root)

    def folder(key: str, default: Path) -> Path:
        raw = r.text(node, key, "")
        if raw is None:
            return root / default
        return _confined(root, raw, key, node.get(key), path)

    url = base_url if base_url is not None else r.text(node, "base_url", "")
    if url is not None and not _BASE_URL.match(url):
        raise ConfigError(f"base_url must be an http(s) URL or a path starting with '/', found {url!r}",
                          path, *_pos(node.get("base_url")))
    config = SiteConfig(
        root=root,
        title=r.text(node, "title", "") or defaults.title,
        description=r.text(node, "description", "") or "",
        base_url=_with_slash(url or defaults.base_url),
        language=r.text(node, "language", "") or defaults.language,
        author=r.text(node, "author", ""),
        model=r.text(node, "model", "") or defaults.model,
        content_dir=folder("content", defaults.content_dir),
        output_dir=folder("output", defaults.output_dir),
        templates_dir=folder("templates", defaults.templates_dir),
        static_dir=folder("static", defaults.static_dir),
        show_review=r.boolean(node, "show_review", "", defaults.show_review),
        review_below=r.number(node, "review_below", "", 0.0, 1.0) or defaults.review_below,
        warnings=tuple(r.warnings),
    )
    for problem in _overlaps(config):
        raise ConfigError(problem, path, *_pos(node.get("output")))
    return config

_BASE_URL = re.compile(r"^(?:https?://[^\s/]+(?:/\S*)?|/\S*)$")


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _pos(node: yamlio.Node | None) -> tuple[int | None, int | None]:
    return (node.line, node.column) if node is not None else (None, None)


def _confined(root: Path, raw: str, key: str, node: yamlio.Node | None, path: Path) -> Path:
    candidate = Path(raw)
    if candidate.is_absolute():
        raise ConfigError(f"{key} must be a folder inside the site folder, not an absolute path ({raw!r})",
                          path, *_pos(node))
    resolved = (root / candidate).resolve()
    if resolved != root and root not in resolved.parents:
        raise ConfigError(f"{key} must be a folder inside the site folder; {raw!r} points outside it",
                          path, *_pos(node))
    return resolved


def _overlaps(config: SiteConfig) -> list[str]:
    """The output folder is deleted and replaced on every build, so it may not be,
    contain, or sit inside any folder holding the user's own files."""
    out = config.output_dir
    problems = []
    if out == config.root:
        problems.append("output must be a folder of its own, not the site folder itself "
                        "(each build replaces it)")
    for key, other in (("content", config.content_dir), ("templates", config.templates_dir),
                       ("static", config.static_dir), ("preview", config.preview_dir)):
        if out == other or other in out.parents or out in other.parents:
            problems.append(f"output must not overlap the {key} folder ({other.name}/): each build replaces it")
    return problems
