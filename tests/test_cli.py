"""The command line as a user meets it: exit codes and one-sentence errors."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli, write_site
from tests.pages.test_render import ARTICLE, SIDECAR


def test_missing_site_yaml_is_one_clear_line(tmp_path: Path) -> None:
    result = run_cli("build", "--site", tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "no site.yaml" in lines[0]
    assert "Traceback" not in result.stderr


def test_verbose_shows_the_traceback(tmp_path: Path) -> None:
    result = run_cli("build", "--site", tmp_path, "--verbose")
    assert result.returncode == 1 and "Traceback" in result.stderr


def test_bad_command_line_exits_2() -> None:
    assert run_cli("frobnicate").returncode == 2
    assert run_cli("build", "--no-such-flag").returncode == 2


def test_one_broken_article_does_not_stop_the_others(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "river.md": ARTICLE, "river.yaml": SIDECAR,
        "broken.md": "---\ntitle: [oops\n---\nBody\n",
        "latin1.txt": "Title\n\nCaf\xe9\n".encode("latin-1"),
        "empty.txt": "",
    })
    result = run_cli("build", "--site", root)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any(e.startswith("error: content/broken.md:3:1: invalid YAML") for e in errors)
    assert any(e.startswith("error: content/latin1.txt:3: is not valid UTF-8") for e in errors)
    assert any(e.startswith("error: content/empty.txt: is empty") for e in errors)
    assert (root / "output" / "river" / "index.html").is_file()
    assert not (root / "output" / "broken").exists()


def test_broken_sidecar_is_reported_with_position_and_other_pages_build(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"river.md": ARTICLE, "river.yaml": SIDECAR.replace("denies: c1", "denies: c7", 1),
                                 "other.md": ARTICLE.replace("river is safe; campaigners", "lake is safe; campaigners"),
                                 "other.yaml": SIDECAR.replace("river.md", "other.md")})
    result = run_cli("build", "--site", root)
    assert result.returncode == 1
    assert "error: content/river.yaml:34:13: denial d1 denies 'c7', which is not a claim in this file" \
        in result.stderr
    assert (root / "output" / "other" / "index.html").is_file()
    check = run_cli("check", "--site", root)
    assert check.returncode == 1 and "content/river.yaml:34:13" in check.stderr


def test_check_passes_a_good_site_and_strict_fails_on_warnings(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"river.md": ARTICLE, "river.yaml": SIDECAR})
    assert run_cli("check", "--site", root).returncode == 0
    (root / "content" / "river.yaml").write_text(SIDECAR.replace("schema: 1\n", "schema: 1\nmood: happy\n"), "utf-8")
    relaxed = run_cli("check", "--site", root)
    assert relaxed.returncode == 0 and "warning: content/river.yaml:2:1: mood: unknown key" in relaxed.stderr
    assert run_cli("check", "--site", root, "--strict").returncode == 1


def test_new_creates_a_site_that_builds(tmp_path: Path) -> None:
    target = tmp_path / "my-site"
    created = run_cli("new", target)
    assert created.returncode == 0, created.stderr
    built = run_cli("build", "--site", target)
    assert built.returncode == 0, built.stderr
    assert (target / "output" / "example" / "index.html").is_file()
    assert (target / "content" / "example.yaml").is_file()
    again = run_cli("new", target)
    assert again.returncode == 1 and "not empty" in again.stderr


def test_second_build_changes_nothing(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"river.md": ARTICLE, "river.yaml": SIDECAR})
    assert run_cli("build", "--site", root).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in (root / "output").rglob("*")}
    second = run_cli("build", "--site", root)
    assert second.returncode == 0 and "nothing changed" in second.stdout
    assert {p: p.stat().st_mtime_ns for p in (root / "output").rglob("*")} == before


def test_a_bad_base_url_on_the_command_line_is_blamed_on_the_command_line(tmp_path: Path) -> None:
    """Issue 16, point 10: not on site.yaml, which says nothing about it."""
    root = write_site(tmp_path, {"river.md": ARTICLE, "river.yaml": SIDECAR}, "title: x\nbase_url: /ok/\n")
    result = run_cli("build", "--site", root, "--base-url", "example.org")
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["error: --base-url must be an http(s) URL or a path starting with '/', "
                                          "found 'example.org'"]
    assert not (root / "output").exists()


def test_a_quote_left_open_is_blamed_where_it_opens(tmp_path: Path) -> None:
    """Issue 16, point 10: the quote opened on line 25 runs on to an apostrophe on
    line 35, where YAML gives up; the line to fix is 25, and the message says so."""
    sidecar = SIDECAR.replace("    text: The river is safe for swimming.\n", "    text: 'The river is safe for swimming.\n")
    root = write_site(tmp_path, {"river.md": ARTICLE, "river.yaml": sidecar})
    check = run_cli("check", "--site", root)
    assert check.returncode == 1
    assert check.stderr.splitlines() == [
        "error: content/river.yaml:25:11: invalid YAML: the quoted text that starts at line 25, column 11 is never "
        "closed on its line, so it runs on to line 35 (close it on line 25; a ' inside '...' text is written "
        "twice (''))"]
    early = SIDECAR.replace("    text: rejected the council's claim\n", "    text: 'rejected the council's claim'\n")
    (root / "content" / "river.yaml").write_text(early, "utf-8")
    check = run_cli("check", "--site", root)
    assert check.stderr.splitlines() == [
        "error: content/river.yaml:35:11: invalid YAML: the quoted text that starts at line 35, column 11 ends at "
        "the ' in column 32, and the line goes on after it (a ' inside '...' text is written twice (''))"]
