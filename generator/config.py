"""site.yaml: every key declared once, with its type, default and check.

Each `SiteConfig` field that site.yaml sets carries its declaration (`option`):
the key, how its value is read and checked, its default and one line of help.
`load_config` reads every declared key and nothing else; the docs' table of
keys is checked against the same declarations by a test. A key that is absent
or null takes its default; any other value is used as given (`review_below: 0`
means 0), and an empty text counts as absent.
"""

from __future__ import annotations

import dataclasses
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .source import yamlio
from .source.schema import Reader

CONFIG_NAME = "site.yaml"
PREVIEW_NAME = ".preview"
DEFAULT_MODEL = "en_core_web_sm"

ReadValue = Callable[[Reader[ConfigError], yamlio.Node, str], Any]  # the value given for a key, or None


def _text(r: Reader[ConfigError], node: yamlio.Node, key: str) -> str | None:
    return r.text(node, key, "")


def _boolean(r: Reader[ConfigError], node: yamlio.Node, key: str) -> bool | None:
    return None if node.get(key) is None else r.boolean(node, key, "", False)


def _fraction(r: Reader[ConfigError], node: yamlio.Node, key: str) -> float | None:
    return r.number(node, key, "", 0.0, 1.0)


_BASE_URL = re.compile(r"^(?:https?://[^\s/]+(?:/\S*)?|/\S*)$")
BASE_URL_RULE = "an http(s) URL or a path starting with '/'"


def _base_url(r: Reader[ConfigError], node: yamlio.Node, key: str) -> str | None:
    url = r.text(node, key, "")
    if url is not None and not _BASE_URL.match(url):
        raise r.fail(node.get(key), key, f"must be {BASE_URL_RULE}, found {url!r}")
    return _with_slash(url) if url is not None else None


def option(key: str, read: ReadValue, default: Any, doc: str) -> Any:
    """A SiteConfig field set by `key` in site.yaml."""
    return field(default=default, metadata={"key": key, "read": read, "doc": doc})


@dataclass(frozen=True)
class SiteConfig:
    root: Path  # the site folder (holds site.yaml)
    title: str = option("title", _text, "Explainers", "site name, shown on every page")
    description: str = option("description", _text, "",
                              "one line under the title, and the home page's meta description")
    base_url: str = option("base_url", _base_url, "/",
                           "where `output/` is published: a full URL (`https://example.org/explainers/`) or a path")
    language: str = option("language", _text, "en", "the pages' `lang`")
    author: str | None = option("author", _text, None, "site author")
    model: str = option("model", _text, DEFAULT_MODEL, "the spaCy pipeline extraction uses")
    content_dir: Path = option("content", _text, Path("content"), "articles and their sidecars")
    output_dir: Path = option("output", _text, Path("output"),
                              "the built site; may not be the site folder or overlap the other folders")
    templates_dir: Path = option("templates", _text, Path("templates"), "the site's own templates")
    static_dir: Path = option("static", _text, Path("static"),
                              "files published under `static/` as they are (the theme's own, fingerprinted)")
    root_files_dir: Path = option("root_files", _text, Path("root"),
                                  "files published at the top of the site as they are (`CNAME`, `favicon.ico`, "
                                  "`.well-known/`)")
    show_review: bool = option("show_review", _boolean, False,
                               "flag low-confidence and unreviewed sidecar items \"needs review\" on pages, "
                               "until an editor marks them `review: done` (for an editors' preview, not for "
                               "readers; `serve` flags them anyway in review mode)")
    review_below: float = option("review_below", _fraction, 0.6, "confidence under which an item needs review")
    # The preview's review mode (`serve`): explainers get the controls that edit
    # their sidecar, and `_review/` lists what awaits review. Not a setting of
    # site.yaml: a published build never has it.
    review: bool = False
    warnings: tuple[ConfigError, ...] = field(default=(), compare=False)  # unknown keys
    # The site folder as the user named it on the command line (--site), for the
    # commands hints suggest; None when they named none. Not a setting: no page depends on it.
    named: str | None = field(default=None, compare=False, repr=False)

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def preview_dir(self) -> Path:
        """Where `serve` builds, so previewing never touches the publishable output/."""
        return self.root / PREVIEW_NAME

    @property
    def for_editors(self) -> bool:
        """Pages flag what awaits review: an editors' preview (`show_review`) or review mode."""
        return self.show_review or self.review

    def command(self, name: str, *args: str) -> str:
        """A command to suggest, as the user can type it where they are:
        `python -m generator extract --site my-site --refresh river`."""
        site = ("--site", self.named) if self.named is not None else ()
        return shlex.join(["python", "-m", "generator", name, *site, *args])


OPTIONS = tuple(f for f in dataclasses.fields(SiteConfig) if "key" in f.metadata)
FOLDERS = tuple(f.name for f in OPTIONS if f.type in ("Path", Path))


def find_site(start: Path) -> Path:
    """The site a command run in `start` is about: the nearest folder, `start`
    or one above it, holding a site.yaml (as Hugo and Zola look for theirs), so
    a command works from content/ too; `start` itself when there is none (and
    `load_config` says so)."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return start


def load_config(site: Path, base_url: str | None = None, named: str | None = None) -> SiteConfig:
    """site.yaml of the site folder `site`, checked; `base_url` (from the command
    line) overrides the file's. `named`: the site folder as the user wrote it
    (`--site`), for the commands that hints suggest."""
    root = site.resolve()
    path = root / CONFIG_NAME
    if not root.is_dir():
        raise ConfigError(f"site folder {site} does not exist")
    if not path.is_file():
        raise ConfigError(f"no {CONFIG_NAME} in {site}; run `python -m generator new {site}` to create a site",
                          path)
    node = yamlio.read(path, ConfigError, max_bytes=256 * 1024) or yamlio.Node("map", [], 1, 1)
    r = Reader(path, ConfigError)
    r.mapping(node, "", {f.metadata["key"] for f in OPTIONS})
    values: dict[str, Any] = {}
    for f in OPTIONS:
        value = f.metadata["read"](r, node, f.metadata["key"])
        if value is not None:
            values[f.name] = value
    for name in FOLDERS:
        given = values.get(name)
        values[name] = root / _default(name) if given is None else _confined(root, given, name, node, path)
    if base_url is not None:
        if not _BASE_URL.match(base_url):
            raise ConfigError(f"--base-url must be {BASE_URL_RULE}, found {base_url!r}")
        values["base_url"] = _with_slash(base_url)
    config = SiteConfig(root=root, warnings=tuple(r.warnings), named=named, **values)
    for problem in _overlaps(config):
        raise ConfigError(problem, path, *_pos(node.get("output")))
    return config


def _default(name: str) -> Any:
    return next(f.default for f in OPTIONS if f.name == name)


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _pos(node: yamlio.Node | None) -> tuple[int | None, int | None]:
    return (node.line, node.column) if node is not None else (None, None)


def _confined(root: Path, raw: str, name: str, node: yamlio.Node, path: Path) -> Path:
    key = next(f.metadata["key"] for f in OPTIONS if f.name == name)
    given = node.get(key)
    candidate = Path(raw)
    if candidate.is_absolute():
        raise ConfigError(f"{key} must be a folder inside the site folder, not an absolute path ({raw!r})",
                          path, *_pos(given))
    resolved = (root / candidate).resolve()
    if resolved != root and root not in resolved.parents:
        raise ConfigError(f"{key} must be a folder inside the site folder; {raw!r} points outside it",
                          path, *_pos(given))
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
                       ("static", config.static_dir), ("root_files", config.root_files_dir),
                       ("preview", config.preview_dir)):
        if out == other or other in out.parents or out in other.parents:
            problems.append(f"output must not overlap the {key} folder ({other.name}/): each build replaces it")
    return problems
