"""The Jinja2 environment: site templates first, the default theme behind them.

Autoescape is on for every template whatever its file name, undefined names are
errors rather than empty strings, and content is only ever passed to templates
as values: article text is never compiled as a template.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import posixpath
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import urls
from ..config import SiteConfig
from ..errors import TemplateError

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"


def theme_dirs(config: SiteConfig) -> list[Path]:
    """Where templates and theme assets are looked up, in order."""
    dirs = [config.templates_dir] if config.templates_dir.is_dir() else []
    if THEME_DIR.resolve() not in [d.resolve() for d in dirs]:
        dirs.append(THEME_DIR)
    return dirs


def environment(config: SiteConfig, assets: Mapping[str, str]) -> jinja2.Environment:
    """The environment a build renders with. Its globals are what every page of
    a build shares and the environment outlives no change to (settings, the
    asset names in `assets`: logical name -> published path); what differs
    between builds (the menu) is passed to each render."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme_dirs(config)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A build renders with the templates it started with (their hashes are in
        # the build cache's key); no stat() of every template on every page.
        auto_reload=False,
    )
    env.filters["date"] = format_date
    env.filters["isodate"] = iso_date
    env.filters["script_json"] = script_json
    env.globals["site"] = config
    env.globals["asset"] = assets.__getitem__
    env.globals["feed"] = urls.FEED if urls.is_absolute(config.base_url) else None
    return env


def preload(env: jinja2.Environment) -> None:
    """Compile the theme's templates before a build forks (`split`), so both
    processes share them instead of compiling them twice, or while the model
    loads elsewhere (`site._warm`). A template that does not compile is left
    for `render` to report."""
    for name in env.list_templates(extensions=["html"]):
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)


def format_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    precision = getattr(value, "precision", "day")
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{value:%B %Y}"
    return f"{value.day} {value:%B %Y}"


def iso_date(value: dt.date | dt.datetime | None) -> str:
    """For <time datetime>: `2004-12` and `2004` are valid there too."""
    if value is None:
        return ""
    precision = getattr(value, "precision", "day")
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


# Characters that could end a <script> element, or a JavaScript string, early.
_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                   ("\u2029", "\\u2029"))


# Made once: the search index encodes a doc at a time, hundreds of thousands on an archive.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def script_json(data: Any) -> Markup:
    """JSON to put inside <script> (JSON-LD, the search index): no text in it can
    close the element, whatever the articles and sidecars say."""
    text = _COMPACT(data)
    for char, escaped in _SCRIPT_ESCAPES:  # str.replace, not translate: ten times faster on big indexes
        if char in text:
            text = text.replace(char, escaped)
    return Markup(text)


@lru_cache(maxsize=1 << 16)
def relative_url(target: str, page: str | None) -> str:
    """URL of `target` (a path from the site root, "" for the home page) as seen
    from `page` (the output file path, e.g. "x/index.html"). Relative URLs let
    output/ work from any subpath and straight from disk."""
    if page is None:
        return target
    here = posixpath.dirname(page)
    rel = _relpath(target, here)
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


def _relpath(target: str, here: str) -> str:
    """`posixpath.relpath(target or ".", here or ".")` for paths inside the site,
    without the two getcwd() calls it makes each time."""
    if ".." in target.split("/") or ".." in here.split("/") or target.startswith("/") or here.startswith("/"):
        return posixpath.relpath(target or ".", here or ".")
    to = [p for p in target.split("/") if p not in ("", ".")]
    at = [p for p in here.split("/") if p not in ("", ".")]
    common = 0
    for a, b in zip(to, at):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


def render(env: jinja2.Environment, template: str, path: str | None, base_path: str, **values: Any) -> str:
    """Render one page. `path` is its output path (None for pages served at any
    depth, like 404.html, whose links then start from `base_path`)."""

    def url(target: str) -> str:
        return relative_url(target, path) if path is not None else base_path + target

    try:
        return env.get_template(template).render(url=url, page_path=path, **values)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}", exc.filename or template, exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template '{exc.name}' not found in {', '.join(str(d) for d in env.loader.searchpath)}"  # type: ignore[union-attr]
                            ) from None
    except jinja2.UndefinedError as exc:
        frame = _template_frame(exc)
        raise TemplateError(f"template error: {exc.message}", *frame) from None
    except Exception as exc:  # noqa: BLE001 - a template bug of any kind must name the template, not crash the build
        frame = _template_frame(exc)
        raise TemplateError(f"template error: {type(exc).__name__}: {exc}", *frame) from None


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback (Jinja2 rewrites
    tracebacks so template lines appear as frames of the template file)."""
    tb = exc.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt", ".j2", ".json")):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
