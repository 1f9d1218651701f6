"""Issue 8, point 3: every path stays in its folder after resolving. Output
paths cannot leave output/ (`..`, absolute, sibling-prefix tricks such as
`output-evil`); links in content/ and static/ that lead outside, in circles or
nowhere are refused by name; two files that would publish to one page (by
case, accent or spelling) are an error naming both. Issue 16, point 16: each
refused file fails alone, like any other bad file: the rest of the site builds."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from generator.build.publish import Publisher, confine
from generator.config import load_config
from generator.errors import ConfigError, ContentError, GeneratorError, PathError
from generator.pages import assets
from generator.preview import server as serve
from generator.source.discover import discover
from tests.conftest import run_cli, write_site
from tests.pages.test_render import ARTICLE, SIDECAR

# --- output paths ----------------------------------------------------------------


@pytest.mark.parametrize("rel", ["../x.html", "../../etc/passwd", "/etc/passwd", "a/../../x", "a/../b", "./a",
                                 "a//b", "", ".", "a/.", "a\\..\\..\\x", "a\x00b", "../output-evil/x.html",
                                 "//host/x"])
def test_output_paths_cannot_leave_output(tmp_path: Path, rel: str) -> None:
    with pytest.raises(PathError, match="refusing to write outside the output folder"):
        confine(rel)
    out = tmp_path / "output"
    with Publisher(out) as publisher, pytest.raises(PathError):
        publisher.put(rel, b"evil")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".output.staging")) == []


def test_ordinary_output_paths_are_kept_as_they_are() -> None:
    assert confine("river/index.html") == "river/index.html"
    assert confine("static/style.0123456789.css") == "static/style.0123456789.css"


@pytest.mark.parametrize(("config", "message"), [
    ("output: ../site-evil\n", "output must be a folder inside the site folder; '../site-evil' points outside it"),
    ("content: ../site-evil/content\n", "content must be a folder inside the site folder; "
                                        "'../site-evil/content' points outside it"),
    ("static: ../site2\n", "static must be a folder inside the site folder; '../site2' points outside it"),
    ("templates: /etc\n", "templates must be a folder inside the site folder, not an absolute path ('/etc')"),
    ("output: linked\n", "output must be a folder inside the site folder; 'linked' points outside it"),
    ("output: linked/inner\n", "output must be a folder inside the site folder; 'linked/inner' points outside it"),
])
def test_site_folders_stay_inside_the_site_after_resolving(tmp_path: Path, config: str, message: str) -> None:
    root = write_site(tmp_path / "site", {}, config)
    (tmp_path / "site-evil").mkdir()
    (root / "linked").symlink_to(tmp_path / "site-evil")  # a link whose name looks inside
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    assert caught.value.message == message and caught.value.line == 1


# --- links in content/ ----------------------------------------------------------


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    """A site beside a sibling folder whose name starts like it, holding a secret."""
    root = write_site(tmp_path / "site", {"river.md": ARTICLE, "river.yaml": SIDECAR})
    evil = tmp_path / "site-evil"
    evil.mkdir()
    for folder in (evil, root / "content-evil"):
        folder.mkdir(exist_ok=True)
        (folder / "secret.md").write_text("# Secret\n\nThe password is hunter2.\n", "utf-8")
        (folder / "secret.yaml").write_text(SIDECAR, "utf-8")
    return root


def link(path: Path, target: Path | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    return path


LINKS = {
    # name in content/ -> (where it points, relative to the site folder's parent; the message)
    "leak.md": ("site-evil/secret.md", "links to a file outside the content folder; copy it in instead"),
    "prefix.md": ("site/content-evil/secret.md", "links to a file outside the content folder; copy it in instead"),
    "river.yaml": ("site-evil/secret.yaml", "links to a file outside the content folder; copy it in instead"),
    "wire": ("site-evil", "links to a folder outside the content folder; copy it in instead"),
    "sub/up": ("site", "links to a folder outside the content folder; copy it in instead"),
    "broken.md": ("site/content/nowhere.md", "is a broken or circular link"),
    "loop.md": ("site/content/loop.md", "is a broken or circular link"),
    "ping.md": ("site/content/pong.md", "is a broken or circular link"),
}


@pytest.mark.parametrize("name", LINKS)
def test_links_leaving_content_or_going_nowhere_are_refused_by_name(site: Path, name: str) -> None:
    target, message = LINKS[name]
    content = site / "content"
    if name == "river.yaml":
        (content / name).unlink()
    if name == "ping.md":
        link(content / "pong.md", content / "ping.md")
    link(content / name, site.parent / target)
    found = discover(content)
    errors = [r.error for r in found.refused]
    assert {e.message for e in errors} == {message}
    assert content.resolve() / name in {e.path for e in errors}
    assert all(isinstance(e, GeneratorError) for e in errors)
    # the article the link stops is named with it; a folder or a lone sidecar stops none
    stopped = {r.source.rel for r in found.refused if r.source is not None}
    assert stopped == ({"river.md"} if name == "river.yaml" else {"ping.md", "pong.md"} if name == "ping.md"
                       else {name} if name.endswith(".md") else set())
    assert [s.rel for s in found.articles] == ([] if name == "river.yaml" else ["river.md"])


def test_links_inside_content_are_fine(site: Path) -> None:
    content = site / "content"
    link(content / "again.md", "river.md")  # the same article at a second address
    link(content / "again.yaml", "river.yaml")
    link(content / "archive", ".")  # a folder inside: not followed, its files are found where they are
    link(content / "content-evil-link", "../content-evil")  # a folder in the site, but outside content/
    found = discover(content)
    assert [r.error.message for r in found.refused] == ["links to a folder outside the content folder; "
                                                        "copy it in instead"]
    assert [s.rel for s in found.articles] == ["again.md", "river.md"]
    (content / "content-evil-link").unlink()
    assert discover(content).refused == ()


def test_a_refused_link_fails_alone_and_the_rest_builds(site: Path) -> None:
    assert run_cli("build", "--site", site).returncode == 0
    link(site / "content" / "leak.md", site.parent / "site-evil" / "secret.md")
    link(site / "content" / "wire", site.parent / "site-evil")
    (site / "content" / "lake.md").write_text(ARTICLE.replace("river is safe;", "lake is safe;"), "utf-8")
    (site / "content" / "lake.yaml").write_text(SIDECAR.replace("river.md", "lake.md"), "utf-8")
    result = run_cli("build", "--site", site)
    assert result.returncode == 1
    assert sorted(result.stderr.strip().splitlines()) == [
        "error: content/leak.md: links to a file outside the content folder; copy it in instead",
        "error: content/wire: links to a folder outside the content folder; copy it in instead"]
    out = site / "output"
    assert (out / "lake" / "index.html").is_file() and (out / "river" / "index.html").is_file()
    assert "lake/" in (out / "index.html").read_text("utf-8") and not (out / "leak").exists()
    assert "hunter2" not in "".join(p.read_text("utf-8", "replace") for p in out.rglob("*") if p.is_file())
    check = run_cli("check", "--site", site)
    assert check.returncode == 1 and sorted(check.stderr.strip().splitlines()) == sorted(
        result.stderr.strip().splitlines())


# --- links in static/ ---------------------------------------------------------

STATIC_LINKS = {
    "key.pem": ("site-evil/secret.md", "links to a file outside the static folder; copy it in instead"),
    "prefix.css": ("site/static-evil/x.css", "links to a file outside the static folder; copy it in instead"),
    "fonts": ("site-evil", "links to a folder outside the static folder; copy it in instead"),
    "broken.css": ("site/static/nowhere.css", "is a broken or circular link"),
    "loop.css": ("site/static/loop.css", "is a broken or circular link"),
}


@pytest.mark.parametrize("name", STATIC_LINKS)
def test_links_leaving_static_or_going_nowhere_are_refused_by_name(site: Path, name: str) -> None:
    target, message = STATIC_LINKS[name]
    (site / "static-evil").mkdir()
    (site / "static-evil" / "x.css").write_text("body{}", "utf-8")
    (site / "static").mkdir()
    (site / "static" / "ok.css").write_text("p{}", "utf-8")
    link(site / "static" / name, site.parent / target)
    found, refused = assets.collect([], site / "static")
    assert [(e.message, e.path) for e in refused] == [(message, (site / "static").resolve() / name)]
    assert all(isinstance(e, PathError) for e in refused)
    assert sorted(found) == ["ok.css"]


def test_a_static_link_out_fails_alone_and_links_inside_are_published(site: Path) -> None:
    (site / "static" / "img").mkdir(parents=True)
    (site / "static" / "img" / "logo.svg").write_text("<svg/>", "utf-8")
    link(site / "static" / "logo.svg", "img/logo.svg")
    assert run_cli("build", "--site", site).returncode == 0
    assert (site / "output" / "static" / "logo.svg").read_text("utf-8") == "<svg/>"
    link(site / "static" / "id_rsa", site.parent / "site-evil" / "secret.md")
    (site / "content" / "river.md").write_text(ARTICLE.replace("date: 2024-06-01", "date: 2024-06-02"), "utf-8")
    result = run_cli("build", "--site", site)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: static/id_rsa: links to a file outside the static folder; copy it in instead"]
    assert "2 June 2024" in (site / "output" / "river" / "index.html").read_text("utf-8")  # the rest was built
    assert (site / "output" / "static" / "logo.svg").is_file() and not (site / "output" / "static" / "id_rsa").exists()


# --- two files, one page --------------------------------------------------------

NFD = unicodedata.normalize("NFD", "café.md")


@pytest.mark.parametrize(("first", "second", "slug"), [
    ("Report.md", "report.md", "report"),
    ("café.md", "cafe.md", "cafe"),
    ("café.md", NFD, "cafe"),  # the same name to the eye, two files to Linux
    ("Straße.md", "strae.txt", "strae"),
    ("river report.md", "River-Report.txt", "river-report"),
    ("a/b.md", "a-b.md", "a-b"),
    ("x.md", "x.txt", "x"),
    ("!!!.md", "article.md", "article"),
])
def test_two_files_for_one_page_is_an_error_naming_both(tmp_path: Path, first: str, second: str,
                                                        slug: str) -> None:
    write_site(tmp_path, {first: "# A\n\nText.\n", second: "# B\n\nText.\n", "other.md": "# C\n\nText.\n"})
    found = discover(tmp_path / "content")
    names = sorted([first, second])
    assert [s.rel for s in found.articles] == ["other.md"]
    assert {r.source.rel for r in found.refused if r.source} == {first, second}  # neither is the one
    [message] = {r.error.message for r in found.refused}
    assert isinstance(found.refused[0].error, ContentError)
    assert message == (f"two articles would publish to the same page '{slug}/': {names[0]} and {names[1]}; "
                       "rename one of them")


def test_a_clash_fails_those_two_with_one_line_and_the_rest_builds(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"river.md": ARTICLE, "river.yaml": SIDECAR})
    assert run_cli("build", "--site", root).returncode == 0
    page = (root / "output" / "river" / "index.html").read_bytes()
    (root / "content" / "River.md").write_text(ARTICLE, "utf-8")
    (root / "content" / "lake.md").write_text(ARTICLE.replace("river is safe;", "lake is safe;"), "utf-8")
    (root / "content" / "lake.yaml").write_text(SIDECAR.replace("river.md", "lake.md"), "utf-8")
    result = run_cli("build", "--site", root)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: content/river.md: two articles would publish to the same page 'river/': River.md and river.md; "
        "rename one of them"]
    assert (root / "output" / "lake" / "index.html").is_file()
    assert (root / "output" / "river" / "index.html").read_bytes() == page  # the last good page stays


@pytest.mark.parametrize("name", ["actors.md", "Tags.txt", "search.md", "STATIC.md", "page.md", "claims.txt"])
def test_an_article_cannot_take_the_place_of_a_site_page(tmp_path: Path, name: str) -> None:
    write_site(tmp_path, {name: "# A\n\nText.\n"})
    found = discover(tmp_path / "content")
    slug = name.split(".")[0].lower()
    assert found.articles == () and [r.source.rel for r in found.refused if r.source] == [name]
    assert found.refused[0].error.message == (f"would publish to '{slug}/', where the site's own pages go "
                                              "(actors/, tags/, search/, static/, page/, claims/); rename it")


# --- the preview server's folder ------------------------------------------------

def test_preview_requests_stay_in_the_preview_folder_after_resolving(tmp_path: Path) -> None:
    preview = tmp_path / ".preview"
    (preview / "river").mkdir(parents=True)
    (preview / "river" / "index.html").write_text("page", "utf-8")
    evil = tmp_path / ".preview-evil"
    evil.mkdir()
    (evil / "secret.html").write_text("secret", "utf-8")
    link(preview / "prefix", evil)  # the sibling whose name starts like the root
    link(preview / "up.html", tmp_path / "site.yaml")
    (tmp_path / "site.yaml").write_text("title: x\n", "utf-8")
    assert serve.resolve(preview, "/river/") == (preview / "river" / "index.html").resolve()
    for request in ("/prefix/secret.html", "/up.html", "/../.preview-evil/secret.html", "/%2e%2e/site.yaml",
                    "/river/%2e%2e/%2e%2e/site.yaml", "/..%2f.preview-evil/secret.html", "/river%00/index.html",
                    "/..\\site.yaml", "/" + str(tmp_path / "site.yaml")):
        assert serve.resolve(preview, request) is None, request
    assert os.path.exists(tmp_path / "site.yaml")
