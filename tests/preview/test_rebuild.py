"""What a preview rebuild redoes: a sidecar edit renders that page and the pages
that list it with no NLP, an article edit extracts that article alone, a
template edit renders again without extracting, a site.yaml edit rebuilds
everything. And the state the preview keeps between builds (`site.Memory`)
never makes a build differ from a fresh one.

The real `serve.Rebuilder` (what the server's build thread runs), real files and
the real model; no server or browser (test_serve.py drives those)."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from generator.build import cache as buildcache
from generator.build.site import build
from generator.preview.rebuild import Rebuilder
from tests.build.test_incremental import BRIDGE, CONFIG, RIVER, SCHOOLS, write_site
from tests.conftest import REPO, run_cli


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("serve-rebuilds")
    write_site(root, {"river.md": RIVER, "bridge.md": BRIDGE, "schools.md": SCHOOLS}, CONFIG)
    assert run_cli("extract", "--site", root).returncode == 0
    return root


@pytest.fixture
def rebuilder(extracted: Path, tmp_path: Path) -> Rebuilder:
    root = tmp_path / "site"
    shutil.copytree(extracted, root)
    builder = Rebuilder(root, log=lambda line: None, on_built=lambda state: None)
    assert not builder.build_now(set(), "first build").errors
    return builder


def _rebuild(builder: Rebuilder, *changed: Path) -> list[str]:
    """Rebuild after `changed` were saved; the lines the server would print."""
    lines: list[str] = []
    builder.log = lines.append
    state = builder.build_now(set(changed), "test")
    assert not state.errors, state.errors
    return lines


def _outputs(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _fresh(root: Path, tmp_path: Path) -> dict[str, str]:
    """The preview a fresh process would build from the same files."""
    fresh = tmp_path / "fresh"
    shutil.copytree(root / "content", fresh / "content")
    shutil.copy(root / "site.yaml", fresh / "site.yaml")
    if (root / "templates").exists():
        shutil.copytree(root / "templates", fresh / "templates")
    config = Rebuilder(fresh, log=lambda line: None, on_built=lambda state: None).config
    assert build(config, drafts=True).ok
    return _outputs(config.output_dir)


def test_a_sidecar_edit_renders_its_page_and_the_pages_listing_it_without_nlp(rebuilder: Rebuilder) -> None:
    import sys

    sidecar = rebuilder.config.content_dir / "bridge.yaml"
    text = sidecar.read_text("utf-8")
    assert "Daniel Brennan" in text
    sidecar.write_text(text.replace("Daniel Brennan", "Dan Brennan"), "utf-8")
    spacy_loaded = "spacy" in sys.modules
    lines = _rebuild(rebuilder, sidecar)
    report = rebuilder.last_report
    assert report is not None and report.extracted == []
    assert ("spacy" in sys.modules) == spacy_loaded  # no model was loaded for it
    rendered = set(report.rendered)
    assert "bridge/index.html" in rendered
    assert not rendered & {"river/index.html", "schools/index.html"}  # they do not list it
    assert "actors/dan-brennan/index.html" in rendered and "index.html" in rendered
    assert not any(p.startswith("tags/water/") for p in rendered)  # bridge is not tagged Water
    assert "extracted" not in lines[0]


def test_an_article_edit_extracts_that_article_alone(rebuilder: Rebuilder) -> None:
    article = rebuilder.config.content_dir / "schools.md"
    article.write_text(SCHOOLS + "\nThe authority said new pipes would be fitted by September.\n", "utf-8")
    lines = _rebuild(rebuilder, article)
    report = rebuilder.last_report
    assert report is not None and report.extracted == ["schools"]
    assert "schools/index.html" in report.rendered
    assert not set(report.rendered) & {"river/index.html", "bridge/index.html"}
    assert "extracted 1" in lines[0]


def test_a_template_edit_renders_again_without_extracting(rebuilder: Rebuilder) -> None:
    templates = rebuilder.config.root / "templates"
    templates.mkdir()
    base = (REPO / "generator" / "theme" / "base.html").read_text("utf-8")
    (templates / "base.html").write_text(base.replace("<body>", '<body class="edited">'), "utf-8")
    _rebuild(rebuilder, templates / "base.html")
    report = rebuilder.last_report
    assert report is not None and report.extracted == []
    assert {"river/index.html", "bridge/index.html", "schools/index.html", "index.html"} <= set(report.rendered)
    assert 'class="edited"' in (rebuilder.config.output_dir / "river" / "index.html").read_text("utf-8")


def test_a_site_yaml_edit_rebuilds_everything(rebuilder: Rebuilder) -> None:
    config_path = rebuilder.config.config_path
    config_path.write_text(CONFIG.replace("title: Incremental", "title: Renamed"), "utf-8")
    _rebuild(rebuilder, config_path)
    report = rebuilder.last_report
    assert report is not None and report.extracted == []
    pages = {p for p in _outputs(rebuilder.config.output_dir) if p.endswith(".html")}
    assert pages <= set(report.rendered)
    assert "Renamed" in (rebuilder.config.output_dir / "index.html").read_text("utf-8")


def test_what_the_preview_keeps_between_builds_never_changes_a_page(rebuilder: Rebuilder, tmp_path: Path) -> None:
    content = rebuilder.config.content_dir
    river, bridge = content / "river.yaml", content / "bridge.yaml"
    edits = [
        (river, lambda t: t.replace("Maria Lopez", "María López")),  # joins or splits a site actor
        (bridge, lambda t: t.replace("Valemont Construction", "Valemont Group")),
        (content / "schools.md", lambda t: t.replace("three schools", "four schools")),  # re-extracted
        (river, lambda t: t.replace("María López", "Maria Lopez")),  # and back
    ]
    for n, (path, edit) in enumerate(edits):
        path.write_text(edit(path.read_text("utf-8")), "utf-8")
        _rebuild(rebuilder, path)
        assert _outputs(rebuilder.config.output_dir) == _fresh(rebuilder.config.root, tmp_path / str(n))


def test_a_file_rewritten_within_the_same_clock_tick_is_hashed_again(tmp_path: Path) -> None:
    hashes = buildcache.FileHashes()
    path = tmp_path / "x.yaml"
    path.write_text("role: mayor\n", "utf-8")
    stamp = path.stat().st_mtime_ns
    assert hashes(path) == buildcache.file_sha(path)
    path.write_text("role: mayer\n", "utf-8")  # same size
    os.utime(path, ns=(stamp, stamp))  # and the same mtime, as a coarse clock gives
    assert hashes(path) == buildcache.file_sha(path)
    # A file older than a second when it was hashed is trusted while it keeps its size, mtime and inode.
    old = time.time_ns() - 5 * buildcache.FileHashes.RACY_NS
    os.utime(path, ns=(old, old))
    first = hashes(path)
    assert hashes(path) == first


def test_a_review_write_builds_at_once_and_the_watcher_seeing_it_later_builds_nothing(rebuilder: Rebuilder) -> None:
    """`request_now` (a review write, `preview/review.py`): no quiet time waited for,
    the terminal line names the review, and the same write reported later by the
    watcher (polling is up to a second late) is no save of the user's."""
    lines: list[str] = []
    rebuilder.log = lines.append
    rebuilder.quiet = 5.0  # a save would wait this long for the burst to end; a review write must not
    sidecar = rebuilder.config.content_dir / "river.yaml"
    sidecar.write_text(sidecar.read_text("utf-8") + "# reviewed\n", "utf-8")
    rebuilder.start()
    try:
        started = time.monotonic()
        from generator.source.discover import discover

        source = next(s for s in discover(rebuilder.config.content_dir).articles if s.slug == "river")
        rebuilder.request_now(sidecar, buildcache.file_sha(sidecar) or "", "review: accepted claim c1 in x", source)
        while len(lines) < 1:
            assert time.monotonic() - started < 3, "no build within 3 s"
            time.sleep(0.01)
        assert lines[0].split(" ", 1)[1].startswith("review: accepted claim c1 in x: rebuilt:")
        rebuilder.quiet = 0.05
        rebuilder.request({sidecar})  # the watcher, late
        time.sleep(1.0)
        assert len(lines) == 1, lines
        sidecar.write_text(sidecar.read_text("utf-8") + "# and a save by hand\n", "utf-8")
        rebuilder.request({sidecar})
        deadline = time.monotonic() + 10
        while len(lines) < 2:
            assert time.monotonic() < deadline, "a save by hand after a review write was not built"
            time.sleep(0.01)
        assert "content/river.yaml changed" in lines[1]
    finally:
        rebuilder.stop()


def test_a_review_writes_page_is_in_place_before_its_build(rebuilder: Rebuilder) -> None:
    """`build/ahead.py`: the page of the sidecar a review wrote is rendered from the
    last build's state and put in place first (its tabs reload then); the build
    that follows renders the same bytes, so those tabs are not reloaded again."""
    from generator.source.discover import discover

    page = rebuilder.config.output_dir / "river" / "index.html"
    events: list[tuple[str, frozenset[str], bool]] = []
    rebuilder.on_ahead = lambda pages: events.append(("ahead", pages, "Aheadmarker" in page.read_text("utf-8")))
    rebuilder.on_built = lambda state: events.append(("built", state.shown, "Aheadmarker" in page.read_text("utf-8")))
    sidecar = rebuilder.config.content_dir / "river.yaml"
    sidecar.write_text(sidecar.read_text("utf-8").replace("  text: ", "  text: Aheadmarker ", 1), "utf-8")
    source = next(s for s in discover(rebuilder.config.content_dir).articles if s.slug == "river")
    rebuilder.start()
    try:
        rebuilder.request_now(sidecar, buildcache.file_sha(sidecar) or "", "review: edited", source)
        deadline = time.monotonic() + 10
        while len(events) < 2:
            assert time.monotonic() < deadline, events
            time.sleep(0.01)
    finally:
        rebuilder.stop()
    assert events == [("ahead", frozenset({"river/index.html"}), True),
                      ("built", frozenset({"river/index.html"}), True)]


def test_the_build_after_a_review_write_lets_the_reloading_tab_go_first(rebuilder: Rebuilder) -> None:
    """While a tab reloads the page put in place ahead, the build that follows
    waits (until the page has fetched its review script, at most
    RELOAD_SECONDS): in the same interpreter it would slow the page being served."""
    from generator.preview.rebuild import RELOAD_SECONDS
    from generator.source.discover import discover

    sidecar = rebuilder.config.content_dir / "river.yaml"
    source = next(s for s in discover(rebuilder.config.content_dir).articles if s.slug == "river")
    times: dict[str, float] = {}
    build_now = rebuilder.build_now

    def timed(*args: object, **kwargs: object):  # noqa: ANN202
        times["build"] = time.monotonic()
        return build_now(*args, **kwargs)

    rebuilder.build_now = timed
    rebuilder.start()
    try:
        for fetched_after in (None, 0.05):  # no tab fetches it; the tab fetches it at once
            times.clear()

            def ahead(pages: frozenset[str], fetched_after: float | None = fetched_after) -> bool:
                times["ahead"] = time.monotonic()
                if fetched_after is not None:
                    threading.Timer(fetched_after, rebuilder.reloaded.set).start()
                return True  # a tab shows the page

            rebuilder.on_ahead = ahead
            sidecar.write_text(sidecar.read_text("utf-8") + f"# {fetched_after}\n", "utf-8")
            rebuilder.request_now(sidecar, buildcache.file_sha(sidecar) or "", "review", source)
            deadline = time.monotonic() + 10
            while "build" not in times:
                assert time.monotonic() < deadline
                time.sleep(0.005)
            waited = times["build"] - times["ahead"]
            if fetched_after is None:
                assert RELOAD_SECONDS <= waited < RELOAD_SECONDS + 0.5
            else:
                assert fetched_after <= waited < RELOAD_SECONDS - 0.1
            time.sleep(0.5)
    finally:
        rebuilder.stop()
