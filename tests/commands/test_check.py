"""What `check` and `build` say about sidecars, as a user sees it on the command line:
errors as one exact line, unknown keys as warnings that `--strict` makes fatal."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli, write_site
from tests.sidecar.test_edits import new_site

GOOD = """\
schema: 1
article:
  path: x.md
actors:
  - id: peskov
    name: Dmitry Peskov
    kind: person
claims:
  - id: c1
    claimant: peskov
    text: Russia asked for help.
    evidence: Russia asked for help, officials said.
denials:
  - id: d3
    actor: peskov
    denies: c1
    text: no, there was no request
    evidence: Peskov said there was no request.
"""
ARTICLE = "Aid\n\nRussia asked for help, officials said.\n\nPeskov said there was no request.\n"


def test_check_and_build_print_the_same_one_line_error(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"x.txt": ARTICLE, "x.yaml": GOOD.replace("denies: c1", "denies: c9")})
    expected = "error: content/x.yaml:16:13: denial d3 denies 'c9', which is not a claim in this file"
    check = run_cli("check", "--site", root)
    assert check.returncode == 1 and check.stderr.splitlines() == [expected]
    build = run_cli("build", "--site", root)
    assert build.returncode == 1 and expected in build.stderr.splitlines()
    assert "Traceback" not in build.stderr + check.stderr


def test_unknown_keys_are_warnings_and_strict_makes_them_fatal(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"x.txt": ARTICLE, "x.yaml": GOOD.replace(
        "    kind: person\n", "    kind: person\n    twitter: '@peskov'\n")})
    warning = "warning: content/x.yaml:8:5: actors[0].twitter: unknown key (ignored)"
    check = run_cli("check", "--site", root)
    assert check.returncode == 0 and check.stderr.splitlines() == [warning]
    assert run_cli("check", "--strict", "--site", root).returncode == 1

    build = run_cli("build", "--site", root)
    assert build.returncode == 0 and warning in build.stderr.splitlines()
    page = root / "output" / "x" / "index.html"
    published = page.read_bytes()
    (root / "content" / "x.txt").write_text(ARTICLE.replace("Aid", "Aid to Russia"), "utf-8")
    strict = run_cli("build", "--strict", "--site", root)
    assert strict.returncode == 1 and warning in strict.stderr.splitlines()
    assert "nothing published" in strict.stdout and page.read_bytes() == published


def test_check_counts_what_awaits_review(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    path = root / "content" / "river.yaml"
    path.write_text(path.read_text("utf-8").replace("  kind: group\n", "  kind: group\n  review: pending\n", 1)
                    .replace("  confidence: 0.85\n", "  confidence: 0.85\n  review: pending\n", 1), "utf-8")
    check = run_cli("check", "--site", root)
    assert check.returncode == 0, check.stderr
    assert "content/river.yaml: 2 item(s) marked review: pending" in check.stdout.splitlines()


def test_the_summary_counts_every_warning_printed(tmp_path: Path) -> None:
    """Issue 16, point 8: a warning about site.yaml is counted like the others,
    so `--strict` never fails under a summary of "0 warning(s)"."""
    root = write_site(tmp_path, {"x.txt": ARTICLE, "x.yaml": GOOD}, "title: Test\ntitel: typo\n")
    check = run_cli("check", "--site", root)
    assert check.returncode == 0
    assert check.stderr.splitlines() == ["warning: site.yaml:2:1: titel: unknown key (ignored) (did you mean 'title'?)"]
    assert check.stdout.splitlines()[-1] == "Checked 1 article(s): 0 error(s), 1 warning(s)"
    strict = run_cli("check", "--strict", "--site", root)
    assert strict.returncode == 1
    assert strict.stdout.splitlines()[-1] == "Checked 1 article(s): 0 error(s), 1 warning(s) (fatal with --strict)"


def test_every_mistake_in_a_sidecar_is_reported_in_one_pass_with_did_you_mean(tmp_path: Path) -> None:
    """Issue 16, point 11: three mistakes, one `check`: each on its own line, in
    the file's order, with "did you mean" for a near miss of an id or a kind; an
    item with a mistake does not make the references to it mistakes too."""
    from tests.pages.test_render import ARTICLE as RIVER
    from tests.pages.test_render import SIDECAR as RIVER_SIDECAR

    sidecar = RIVER_SIDECAR.replace("    kind: group\n", "    kind: groop\n") \
        .replace("    claimant: city-council\n", "    claimant: city-counci\n") \
        .replace("    denies: c1\n    text: rejected", "    denies: c1\n    confidence: high\n    text: rejected")
    root = write_site(tmp_path, {"river.md": RIVER, "river.yaml": sidecar})
    expected = [
        "error: content/river.yaml:10:11: actors[1].kind: must be one of person, organization, country, group; "
        "found 'groop' (did you mean 'group'?)",
        "error: content/river.yaml:24:15: claim c1 has claimant 'city-counci', which is not an actor in this file "
        "(did you mean 'city-council'?)",
        "error: content/river.yaml:35:17: denials[0].confidence: expected a number, found 'high'",
    ]
    check = run_cli("check", "--site", root)
    assert check.returncode == 1 and check.stderr.splitlines() == expected
    assert check.stdout.splitlines()[-1] == "Checked 1 article(s): 3 error(s), 0 warning(s)"
    build = run_cli("build", "--site", root)
    assert build.returncode == 1 and build.stderr.splitlines() == expected
