"""Issue 16, point 14: a site's `static/` is published as it is (only the
theme's own stylesheet and script get fingerprinted names), and a site can
publish files at its root (`root/`: CNAME, favicon.ico, .well-known/), served
by a real HTTP server at the addresses a host and a browser ask for."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from tests.browser import static_server
from tests.conftest import run_cli, write_site
from tests.pages.test_render import ARTICLE, SIDECAR


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def site_with_files(root: Path) -> Path:
    write_site(root, {"river.md": ARTICLE, "river.yaml": SIDECAR})
    for rel, data in {"static/extra.css": b"p{color:#333}", "static/img/logo.svg": b"<svg/>",
                      "root/CNAME": b"explainers.example.org\n", "root/favicon.ico": b"\x00\x00\x01\x00",
                      "root/.well-known/security.txt": b"Contact: mailto:desk@example.org\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    (root / "templates").mkdir()
    base = (Path(__file__).parents[2] / "generator" / "theme" / "base.html").read_text("utf-8")
    (root / "templates" / "base.html").write_text(base.replace(
        "{% block head %}", "<link rel=\"stylesheet\" href=\"{{ url(asset('extra.css')) }}\">\n{% block head %}"),
        "utf-8")
    return root


def test_a_sites_static_files_keep_their_names_and_root_files_go_to_the_top(tmp_path: Path) -> None:
    root = site_with_files(tmp_path)
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    out = root / "output"
    assert (out / "static" / "extra.css").read_bytes() == b"p{color:#333}"
    assert (out / "static" / "img" / "logo.svg").read_bytes() == b"<svg/>"
    theme = sorted(p.name for p in (out / "static").glob("*.*") if p.name != "extra.css")
    assert [n.split(".")[0] for n in theme] == ["search", "style"] and all(len(n.split(".")[1]) == 10 for n in theme)
    assert (out / "CNAME").read_bytes() == b"explainers.example.org\n"
    assert (out / "favicon.ico").is_file() and (out / ".well-known" / "security.txt").is_file()
    page = (out / "river" / "index.html").read_text("utf-8")
    assert 'href="../static/extra.css"' in page  # asset() gives a site file's own name
    with static_server(out) as site:
        for path in ("static/extra.css", "static/img/logo.svg", "CNAME", "favicon.ico", ".well-known/security.txt"):
            assert fetch(site + path)[0] == 200, path


def test_a_site_file_named_like_a_theme_asset_replaces_it(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"river.md": ARTICLE, "river.yaml": SIDECAR})
    (root / "static").mkdir()
    (root / "static" / "style.css").write_text("body{font-family:serif}", "utf-8")
    assert run_cli("build", "--site", root).returncode == 0
    [style] = (root / "output" / "static").glob("style.*.css")
    assert style.read_text("utf-8") == "body{font-family:serif}"
    assert not (root / "output" / "static" / "style.css").exists()
    assert f'href="../static/{style.name}"' in (root / "output" / "river" / "index.html").read_text("utf-8")


def test_a_root_file_cannot_take_the_place_of_a_page(tmp_path: Path) -> None:
    root = site_with_files(tmp_path)
    (root / "root" / "index.html").write_text("<p>mine</p>", "utf-8")
    (root / "root" / "robots.txt").write_text("User-agent: *\n", "utf-8")
    result = run_cli("build", "--site", root)
    assert result.returncode == 1
    assert sorted(result.stderr.splitlines()) == [
        "error: root/index.html: would take the place of the site's own index.html; rename it or remove it",
        "error: root/robots.txt: would take the place of the site's own robots.txt; rename it or remove it"]
    assert "mine" not in (root / "output" / "index.html").read_text("utf-8")
    assert (root / "output" / "CNAME").is_file() and (root / "output" / "river" / "index.html").is_file()


def test_an_edited_static_file_renders_no_page_again(tmp_path: Path) -> None:
    """Pages name a site's static file by its name, not its content."""
    root = site_with_files(tmp_path)
    assert run_cli("build", "--site", root).returncode == 0
    (root / "static" / "extra.css").write_bytes(b"p{color:#000}")
    again = run_cli("build", "--site", root)
    assert again.returncode == 0
    assert "rendered" not in again.stdout and "1 file(s) written, 0 removed" in again.stdout
    assert (root / "output" / "static" / "extra.css").read_bytes() == b"p{color:#000}"
