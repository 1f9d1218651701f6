"""The build cache: what the last build made from which inputs, so the next one
redoes only what changed.

It lives in the site folder under `.cache/explainer/`, one file per output
folder (git-ignored; `new` writes the .gitignore). Not in output/: output/ is what gets published, and the
cache is private working state that may be deleted at any time (the next build
is then a full one, with the same result). Not in the sidecars either: those
belong to editors.

What it holds, per article: the sha256 of the article's bytes and of its
sidecar's, the `ArticleRecord` built from them (what site-wide pages need), the
warnings they gave, and the key and sha256 of the explainer page rendered from
them; per site-wide page, the key of its inputs and its sha256; beside each
record, its search entries once a build has worked them out. Every key
starts from the *fingerprint* of everything else a page depends on: the
generator's own source, the library versions that shape output, the spaCy
model and extractor version, site.yaml, every template and static file.

Trust: a page is carried over only if its key matches this build's and output/
(its manifest, `publish.Publisher.reuse`) still holds exactly the bytes the
cache says were written. A cache that is corrupt (checksum, JSON, shape), from
another generator version or another site, is ignored whole: a build never
depends on it being right, only faster when it is. It is JSON, never pickle,
so a cache file from elsewhere cannot run code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import time
import types
import typing
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..config import FOLDERS, SiteConfig
from ..errors import GeneratorError
from ..files import RACY_NS
from ..pages.record import ArticleRecord
from ..pages.search import Entry as SearchEntry
from ..source.discover import SourceFile
from ..source.schema import PartialDate
from .entry import Entry, Page

FORMAT = "explainer-build-cache"
VERSION = 2
_LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "pyyaml")


def cache_path(config: SiteConfig) -> Path:
    """One cache per output folder: the preview server's and `build`'s do not
    evict each other."""
    name = _inside(config.output_dir, config.root).as_posix()
    return folder(config.root) / f"build-{key(name)[:16]}.json"


def folder(root: Path) -> Path:
    """The site's private working state: the build caches and the site's lock."""
    return root / ".cache" / "explainer"


def marks_path(config: SiteConfig) -> Path:
    """Where the sizes and mtimes of the output folder's files are kept
    (`publish.read_marks`): a shortcut, like the rest of the cache."""
    return cache_path(config).with_suffix(".marks.json")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha(path: Path) -> str | None:
    try:
        return sha(path.read_bytes())
    except OSError:
        return None


class FileHashes:
    """`file_sha` for a process that builds again and again (the preview
    server): a file whose size, mtime and inode are those it had when it was
    hashed is not read again, unless it was modified within a second of being
    hashed (a second write in the same clock tick could keep all three, so
    such a file is read every time, as git does with "racily clean" files)."""

    RACY_NS = RACY_NS  # the one rule for files too recent to trust by their stat (files.py)

    def __init__(self) -> None:
        self._known: dict[Path, tuple[tuple[int, int, int], str, int]] = {}

    def __call__(self, path: Path) -> str | None:
        try:
            st = path.stat()
        except OSError:
            return None
        mark = (st.st_size, st.st_mtime_ns, st.st_ino)
        held = self._known.get(path)
        if held is not None and held[0] == mark and st.st_mtime_ns < held[2] - self.RACY_NS:
            return held[1]
        hashed_at = time.time_ns()
        digest = file_sha(path)
        if digest is not None:
            self._known[path] = (mark, digest, hashed_at)
        return digest


def key(*parts: object) -> str:
    """One hash of several values (each JSON-able)."""
    return sha(json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def values_key(*parts: object, known: dict[int, str] | None = None) -> str:
    """A hash of template values: dataclasses, dates (with their precision),
    tuples, dicts and plain values, by what they hold, never by identity. Values
    it cannot read get a key of their own, so their page is always rendered.
    `known`: objects already keyed (by id; records by their record key), which
    stand for themselves without being walked."""
    known = known or {}

    def canonical(value: Any) -> Any:
        if id(value) in known:
            return {"@key": known[id(value)]}
        return _canonical(value)

    try:
        text = json.dumps(parts, default=canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        return "unkeyed-" + os.urandom(16).hex()
    return sha(text.encode("utf-8"))


def _canonical(value: Any) -> Any:
    names = _field_names(type(value))
    if names is not None:  # a list, not a dict: nothing for the encoder to sort
        return [type(value).__name__, *(getattr(value, name) for name in names)]
    if isinstance(value, dt.date):
        return {"@": type(value).__name__, "v": _date(value)}
    raise TypeError(f"no canonical form for {type(value).__name__}")


PACKAGE = Path(__file__).resolve().parents[1]  # the whole generator: pages, rules and theme code, not only this folder


def sources() -> list[Path]:
    """The generator's Python files, every sub-package's."""
    return sorted(PACKAGE.rglob("*.py"))


@lru_cache(maxsize=1)
def code_version() -> str:
    """The generator's own source and the libraries that shape its output."""
    h = hashlib.sha256()
    for path in sources():
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=?\0".encode())
    return h.hexdigest()


def fingerprint(config: SiteConfig, model: str | None, theme_dirs: list[Path], assets: dict[str, str]) -> str:
    """Everything every page depends on besides its own article and sidecar.
    `assets`: logical name -> published path (what `asset()` gives a template;
    a fingerprinted name changes with the file, a file published as it is
    changes no page). The extractor version is in `code_version` (the rules'
    source), so reading it never loads them."""
    templates = []
    for n, folder in enumerate(theme_dirs):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                templates.append((n, path.relative_to(folder).as_posix(), sha(path.read_bytes())))
    # Where the site folder is does not change its pages: a moved or freshly
    # cloned site keeps its cache.
    root = config.root
    folders: dict[str, Any] = {name: _inside(getattr(config, name), root) for name in FOLDERS}
    settings = repr(dataclasses.replace(config, warnings=(), root=Path("."), **folders))
    return key(FORMAT, VERSION, code_version(), model, settings, templates, sorted(assets.items()))


def _inside(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return path


# --- records as JSON ----------------------------------------------------------

def _date(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return "t" + value.isoformat()
    precision = getattr(value, "precision", "day")
    if precision == "year":
        return f"y{value.year}"
    if precision == "month":
        return f"m{value.year}-{value.month}"
    return "d" + value.isoformat()


def _undate(text: str | None) -> dt.date | dt.datetime | None:
    if text is None:
        return None
    kind, rest = text[0], text[1:]
    if kind == "t":
        return dt.datetime.fromisoformat(rest)
    if kind == "y":
        return PartialDate(int(rest))
    if kind == "m":
        year, month = rest.split("-")
        return PartialDate(int(year), int(month))
    if kind == "d":
        return dt.date.fromisoformat(rest)
    raise ValueError(f"not a cached date: {text!r}")


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names, None for other types (asked for every value encoded: kept)."""
    try:
        return _FIELD_NAMES[cls]
    except KeyError:
        names = tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None
        _FIELD_NAMES[cls] = names
        return names


def _encode(value: Any) -> Any:
    names = _field_names(type(value))
    if names is not None:
        return {name: _encode(getattr(value, name)) for name in names}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    if isinstance(value, dt.date):
        return _date(value)
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _same(value: Any) -> Any:
    return value


def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function turning JSON back into the type a field is declared with
    (records are plain values: dataclasses, tuples, dates, text and numbers)."""
    args = typing.get_args(hint)
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        if dt.date in args or dt.datetime in args:
            return _undate
        (inner,) = [a for a in args if a is not type(None)]
        decode = _decoder(inner)
        return _same if decode is _same else lambda v: None if v is None else decode(v)
    if typing.get_origin(hint) is tuple:
        item = _decoder(args[0])
        return (lambda v: tuple(v)) if item is _same else (lambda v: tuple(map(item, v)))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _class_decoder(hint)
    if hint is float:
        return float
    return _same


@cache
def _class_decoder(cls: type) -> Callable[[dict[str, Any]], Any]:
    # Written out as one call per class, as `dataclasses` writes __init__: a
    # build reads thousands of records of dozens of objects each, and a loop
    # over the fields per object costs twice as much.
    fields = [(name, _decoder(hint)) for name, hint in typing.get_type_hints(cls).items()]
    names: dict[str, Any] = {"cls": cls, **{f"c{n}": convert for n, (_, convert) in enumerate(fields)}}
    args = ", ".join(f"{name}=data[{name!r}]" if convert is _same else f"{name}=c{n}(data[{name!r}])"
                     for n, (name, convert) in enumerate(fields))
    exec(f"def decode(data):\n    return cls({args})\n", names)  # our own field names only
    decode: Callable[[dict[str, Any]], Any] = names["decode"]
    return decode


def record_data(record: ArticleRecord) -> dict[str, Any]:
    data: dict[str, Any] = _encode(record)
    return data


def record_from(data: dict[str, Any]) -> ArticleRecord:
    record: ArticleRecord = _class_decoder(ArticleRecord)(data)
    return record


def record_bytes(data: dict[str, Any]) -> bytes:
    """A record as stored: its key is the sha256 of these bytes."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def record_key(data: dict[str, Any]) -> str:
    return sha(record_bytes(data))


# --- warnings as JSON -----------------------------------------------------------

def warning_data(exc: GeneratorError, root: Path) -> dict[str, Any]:
    """A warning with its file relative to the site folder."""
    path = _inside(exc.path, root).as_posix() if exc.path else None
    return {"type": type(exc).__name__, "message": exc.message, "path": path,
            "line": exc.line, "column": exc.column, "hint": exc.hint}


def warning_from(data: dict[str, Any], root: Path) -> GeneratorError:
    from .. import errors

    cls = getattr(errors, data["type"])
    if not (isinstance(cls, type) and issubclass(cls, GeneratorError)):
        raise ValueError("not a generator error")
    path = root / data["path"] if data["path"] is not None else None
    return cls(data["message"], path, data["line"], data["column"], data["hint"])


# --- the files -------------------------------------------------------------------

class Damaged(Exception):
    """A record the cache index names is missing or not what was written: the
    build starts again without the cache."""


# What the index keeps of each article (`Entry.lasting`), by field name.
_ENTRY_FIELDS = ("article_sha", "sidecar_sha", "draft", "stale", "edited", "record_key")


def _entry_data(entry: Entry, root: Path) -> dict[str, Any]:
    data: dict[str, Any] = {"slug": entry.slug, **{name: getattr(entry, name) for name in _ENTRY_FIELDS}}
    data["warnings"] = [warning_data(w, root) for w in entry.warnings]
    data["page"] = dataclasses.astuple(entry.page) if entry.page is not None else None
    return data


def _entry_from(rel: str, data: dict[str, Any], root: Path) -> Entry:
    page = data["page"]
    return Entry.known(SourceFile(Path(rel), rel, str(data["slug"])), {name: data[name] for name in _ENTRY_FIELDS},
                       [warning_from(w, root) for w in data["warnings"]],
                       Page(*map(str, page)) if page is not None else None)


@dataclasses.dataclass
class BuildCache:
    """The index of what a build made (`path`, small: a build with nothing to
    do reads only this) and the records of its articles, one file each under
    `records_dir`, named by their sha256, read only when needed and kept in
    memory once read (the preview server keeps the whole cache between builds)."""

    fingerprint: str = ""
    site_key: str = ""
    nav: list[list[str]] = dataclasses.field(default_factory=list)
    articles: dict[str, Entry] = dataclasses.field(default_factory=dict)  # by article rel path
    pages: dict[str, Page] = dataclasses.field(default_factory=dict)  # site-wide pages by output path
    records_dir: Path | None = None
    records: dict[str, ArticleRecord] = dataclasses.field(default_factory=dict, repr=False)  # by record key
    new_records: dict[str, bytes] = dataclasses.field(default_factory=dict, repr=False)  # not yet on disk

    def article(self, source: SourceFile, article_sha: str | None, sidecar_sha: str | None) -> Entry | None:
        """The last build's entry for this article, if its bytes and its sidecar's are the same."""
        hit = self.articles.get(source.rel)
        if hit is None or hit.article_sha != article_sha or hit.sidecar_sha != sidecar_sha:
            return None
        return hit.copy(source=source, warnings=list(hit.warnings))

    def record(self, record_key: str) -> ArticleRecord:
        """The record with this key, from memory or its file; `Damaged` if neither has it."""
        found = self.records.get(record_key)
        if found is not None:
            return found
        path = (self.records_dir or Path(".")) / f"{record_key}.json"
        try:
            raw = path.read_bytes()
            if sha(raw) != record_key:
                raise ValueError("checksum")
            found = record_from(json.loads(raw))
        except Exception as exc:  # noqa: BLE001 - whatever is wrong, the cache is only a shortcut
            if self.records_dir is not None:
                path.unlink(missing_ok=True)  # written again by the build that follows
            raise Damaged(record_key) from exc
        self.records[record_key] = found
        return found

    def keep(self, record_key: str, record: ArticleRecord, stored: bytes | None = None) -> None:
        """Add a record made by this build (`stored`: its bytes, when they may not be on disk yet)."""
        self.records[record_key] = record
        if stored:
            self.new_records[record_key] = stored

    def carry(self, old: BuildCache, record_key: str) -> None:
        """Keep a record of the previous build in this one."""
        if record_key in old.records:
            self.records[record_key] = old.records[record_key]
        if record_key in old.new_records:
            self.new_records[record_key] = old.new_records[record_key]

    def same_index(self, other: BuildCache) -> bool:
        """True when saving this index would write what `other` holds. Warnings
        compare as objects: one carried over is the same object, and one made
        anew makes the index be saved again, which is never wrong."""
        def articles(cache: BuildCache) -> dict[str, tuple[object, ...]]:
            return {rel: (e.slug, *(getattr(e, n) for n in _ENTRY_FIELDS), e.page, *e.warnings)
                    for rel, e in cache.articles.items()}

        return (self.fingerprint, self.site_key, self.nav, self.pages) == \
            (other.fingerprint, other.site_key, other.nav, other.pages) and articles(self) == articles(other)


def records_dir(path: Path) -> Path:
    return path.with_suffix(".records")


def store_record(folder: Path, record_key: str, stored: bytes) -> bool:
    """Write a record where `save` would, as soon as it is made (by whichever
    process made it); False if it cannot be written now (`save` tries again)."""
    path = folder / f"{record_key}.json"
    try:
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            _write_quietly(path, stored)
    except OSError:
        return False
    return True


# --- search entries kept beside the records ---------------------------------
# Working out every record's search entries again (`pages/search.py`) took a
# third of a one-article build of a 1,000-article archive; a build reads them
# instead. They are a function of the record and the generator's code only, so
# they are kept by record key in a folder named for the code.

def _search_folder(records: Path) -> Path:
    return records / f"search-{code_version()[:16]}"


def stored_search(records: Path, record_key: str) -> list[SearchEntry] | None:
    """The record's search entries as a build stored them, or None."""
    try:
        data = json.loads((_search_folder(records) / f"{record_key}.json").read_bytes())
        if data["record"] != record_key:
            return None
        return [(str(doc), tuple(str(t) for t in terms)) for doc, terms in data["entries"]]
    except Exception:  # noqa: BLE001 - whatever is wrong with it, it is only a shortcut
        return None


def store_search(records: Path, record_key: str, entries: list[SearchEntry]) -> None:
    folder = _search_folder(records)
    data = json.dumps({"record": record_key, "entries": entries}, ensure_ascii=False, separators=(",", ":"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_quietly(folder / f"{record_key}.json", data.encode("utf-8"))
    except OSError:
        pass


def _prune_search(records: Path, wanted: set[str]) -> None:
    """Forget the search entries of records gone, and all made by other code."""
    current = _search_folder(records)
    for folder in records.glob("search-*"):
        for path in folder.glob("*.json"):
            if folder != current or path.stem not in wanted:
                path.unlink(missing_ok=True)
        if folder != current:
            with contextlib.suppress(OSError):
                folder.rmdir()


def load(path: Path, fingerprint: str, root: Path) -> BuildCache:
    """The cache of the last build with this fingerprint, or an empty one.
    `root`: the site folder, which the warnings' file names are relative to."""
    empty = BuildCache(fingerprint=fingerprint, records_dir=records_dir(path))
    try:
        raw = path.read_bytes()
        head, _, body = raw.partition(b"\n")
        header = json.loads(head)
        if header != {"format": FORMAT, "version": VERSION, "sha256": sha(body)}:
            return empty
        data = json.loads(body)
        if data["fingerprint"] != fingerprint:
            return empty
        articles = {rel: _entry_from(rel, entry, root) for rel, entry in data["articles"].items()}
        pages = {rel: Page(rel, str(k), str(d), str(c)) for rel, (k, d, c) in data["pages"].items()}
        return BuildCache(fingerprint, str(data["site_key"]), [[str(a), str(b)] for a, b in data["nav"]],
                          articles, pages, records_dir(path))
    except Exception:  # noqa: BLE001 - whatever is wrong with it, a cache is only ever a shortcut
        return empty


def save(path: Path, cache: BuildCache, root: Path) -> None:
    """Write the records the index names that are not on disk yet, then the
    index; delete the records no index names any more."""
    folder = records_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {a.record_key for a in cache.articles.values()}
    present = {p.stem for p in folder.glob("*.json")}
    for record_key in sorted(wanted - present):
        stored = cache.new_records.get(record_key)
        if stored is None:
            stored = record_bytes(record_data(cache.record(record_key)))
        _write_quietly(folder / f"{record_key}.json", stored)
    cache.new_records.clear()
    body = json.dumps({"fingerprint": cache.fingerprint, "site_key": cache.site_key, "nav": cache.nav,
                       "articles": {rel: _entry_data(a, root) for rel, a in sorted(cache.articles.items())},
                       "pages": {rel: [p.key, p.sha, p.content] for rel, p in sorted(cache.pages.items())}},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = json.dumps({"format": FORMAT, "version": VERSION, "sha256": sha(body)}).encode("utf-8")
    _write_quietly(path, header + b"\n" + body)
    for record_key in present - wanted:
        (folder / f"{record_key}.json").unlink(missing_ok=True)
    _prune_search(folder, wanted)


def _write_quietly(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename, without fsync: a cache file
    torn by a power cut fails its checksum and is ignored."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
