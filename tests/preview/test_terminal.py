"""Issue 16, point 12: what `serve` tells the user, in the terminal and on the
page, with the real server process and the real model: the warnings a build
finds (each once), one line per save (the sidecar a build writes itself is no
second save), one line per template error in the banner, and drafts marked as
drafts on the preview's pages."""

from __future__ import annotations

import queue
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, write_site
from tests.pages.test_render import ARTICLE, SIDECAR
from tests.preview.test_server import Server, serving

pytestmark = pytest.mark.browser


def lines_until_quiet(server: Server, quiet: float = 1.5) -> list[str]:
    """The lines the server prints until it has printed nothing for `quiet` seconds."""
    out = []
    while True:
        try:
            out.append(server.lines.get(timeout=quiet).rstrip("\n"))
        except queue.Empty:
            return out


def fetch(server: Server, path: str) -> str:
    with urllib.request.urlopen(server.url + path, timeout=10) as response:  # noqa: S310 - loopback only
        return response.read().decode("utf-8")


def test_warnings_show_in_the_terminal_each_once(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"river.md": ARTICLE, "river.yaml": SIDECAR.replace(
        "    kind: organization\n", "    kind: organization\n    twitter: '@council'\n")}, "title: x\ntitel: y\n")
    with serving(root) as server:
        first = server.startup
        assert "  warning: site.yaml:2:1: titel: unknown key (ignored) (did you mean 'title'?)" in first
        assert "  warning: content/river.yaml:8:5: actors[0].twitter: unknown key (ignored)" in first
        assert sum("warning" in line for line in first) == 2
        # a save that adds a warning shows that one, not the others again
        (root / "content" / "river.yaml").write_text(SIDECAR.replace(
            "    kind: organization\n", "    kind: organization\n    twitter: '@council'\n").replace(
            "    kind: group\n", "    kind: group\n    rol: x\n"), "utf-8")
        server.wait_for_generation(2)
        later = [line for line in lines_until_quiet(server) if "warning" in line]
        assert later == ["  warning: content/river.yaml:12:5: actors[1].rol: unknown key (ignored) "
                         "(did you mean 'role'?)"]


def test_one_save_is_one_line_though_the_build_writes_the_sidecar(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"aid.txt": SAMPLE.read_text("utf-8")})
    with serving(root) as server:
        lines_until_quiet(server)
        assert (root / "content" / "aid.yaml").is_file()  # extracted and written by the first build
        with (root / "content" / "aid.txt").open("a", encoding="utf-8") as article:
            article.write("\nThe minister said the talks had failed.\n")
        server.wait_for_generation(2)
        lines = lines_until_quiet(server, quiet=3)
        assert len(lines) == 1 and "content/aid.txt changed: rebuilt: extracted 1" in lines[0], lines
        assert server.status()["generation"] == 2  # the sidecar the build wrote started no build


def test_a_template_error_is_one_line_in_the_banner(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"river.md": ARTICLE, "river.yaml": SIDECAR,
                                          "lake.md": ARTICLE, "lake.yaml": SIDECAR.replace("river.md", "lake.md")})
    with serving(root) as server:
        (root / "templates").mkdir()
        (root / "templates" / "base.html").write_text("<html><body>{{ no_such_value.x }}</body></html>", "utf-8")
        status = server.wait_for_generation(2)
        assert len(status["errors"]) == 1, status["errors"]
        assert status["errors"][0].startswith("templates/base.html:1: template error:")
        assert fetch(server, "").count("<li><code>") == 1


def test_drafts_are_marked_as_drafts_in_the_preview(tmp_path: Path) -> None:
    draft = ARTICLE.replace("date: 2024-06-01", "date: 2024-06-01\ndraft: true")
    root = write_site(tmp_path / "site", {"river.md": draft, "river.yaml": SIDECAR})
    with serving(root) as server:
        page = fetch(server, "river/")
        assert "Draft: not published." in page and '<meta name="robots" content="noindex">' in page
        assert '<span class="review draft">Draft</span>' in fetch(server, "")
