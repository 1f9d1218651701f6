"""Editors own the sidecar: what each command does to it, on real files, with
the real CLI and the real spaCy model.

The machine-written sidecar here is written by the generator's own writer,
stamped with the installed extractor and model, so a build treats it exactly as
one it extracted itself; its items are chosen here so that the edits below have
something to edit whatever the extractor finds. Where the expected file depends
on the extractor (a re-extraction, a refresh), it is computed from what the
real model finds in the article in this very test.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from generator import sidecar
from generator.build import reading
from generator.build.extraction import machine_sidecar
from generator.config import load_config
from generator.extract import EXTRACTOR_VERSION, extract
from generator.extract import nlp as nlp_module
from generator.model import Actor, Denial, Provenance, Sidecar
from generator.sidecar import merge as rules
from generator.sidecar import roundtrip
from tests.conftest import run_cli, write_site
from tests.htmlcheck import parse_html
from tests.sidecar.test_refresh import MACHINE as REFRESH_MACHINE

ARTICLE = """\
---
title: "Council says river is safe; campaigners disagree"
date: 2024-06-01
---

The city council said on Monday that the river is safe for swimming.

Campaign group Clean Water Now rejected the council's claim.

"We have seen no evidence that the water is clean," the group's chair, Maria Lopez, told reporters.

The mayor said the beach was closed in July.

A spokesperson denied that any report was hidden.

Swimmers' union head Ana Ruiz dismissed the council's claim as wishful thinking.
"""
# The machine sidecar of test_refresh, for this article: its claim c2 must be one
# the extractor finds again as a claim (a checkable fact, not an announcement), so
# that deleting it is a deletion the refresh has to remember.
MACHINE = replace(REFRESH_MACHINE, claims=(
    REFRESH_MACHINE.claims[0],
    replace(REFRESH_MACHINE.claims[1], text="The beach was closed in July.",
            evidence=("The mayor said the beach was closed in July.",))))
CHANGED_ARTICLE = ARTICLE + "\nThe council said on Friday that the tests would be repeated.\n"

ROLE = "  role: chair of the Clean Water Now campaign  # checked with the group\n"
ADDED = """\
- id: d9
  actor: ana-ruiz
  denies: c1
  text: dismissed the council's claim as wishful thinking
  evidence: Swimmers' union head Ana Ruiz dismissed the council's claim as wishful thinking.
"""
ADDED_ACTOR = "- id: ana-ruiz\n  name: Ana Ruiz\n  kind: person\n  role: head of the swimmers' union\n"


def edit_by_hand(text: str) -> str:
    """What an editor does in a text editor: fix a role (with a comment), delete
    claim c2, relink denial d3 to c1, add an actor and a denial the model missed."""
    edited = text.replace("  role: chair of Clean Water Now\n", ROLE)
    edited = re.sub(r"(?m)^- id: c2\n(?:  .*\n)+", "", edited)
    edited = edited.replace("  denies: null\n  text: denied that any report", "  denies: c1\n  text: denied that any report")
    edited = edited.replace("claims:\n", ADDED_ACTOR + "claims:\n", 1)
    edited = edited.replace("# Fingerprints", ADDED + "# Fingerprints", 1)
    assert ROLE in edited and "denies: null" not in edited  # the edits applied
    assert edited.count("\n") == text.count("\n") - 5 + 4 + 5
    return edited


def new_site(root: Path, config: str = "title: Test\n") -> Path:
    """A site whose sidecar the machine wrote, as a build would have."""
    write_site(root, {"river.md": ARTICLE}, config)
    article = reading.read_all(load_config(root))[0].article
    model = nlp_module.installed_version("en_core_web_sm")
    sidecar.write(Sidecar(root / "content" / "river.yaml", article.rel, article.sha256, MACHINE,
                          Provenance(EXTRACTOR_VERSION, str(model), "")))
    return root


def current(root: Path):  # noqa: ANN201
    config = load_config(root)
    return config, reading.read_all(config)[0]


def machine_text_now(root: Path, nlp) -> str:  # noqa: ANN001
    """Exactly what the generator writes for the article as it is now."""
    config, entry = current(root)
    [(article, found)] = list(extract([entry.article], nlp))
    return sidecar.dumps(machine_sidecar(article, found, config))


def refreshed_text_now(root: Path, edited: str, nlp) -> str:  # noqa: ANN001
    """What a refresh of `edited` must write, by the merge rules (tested one by one
    in test_refresh.py), for what the real model finds in the article now."""
    config, entry = current(root)
    [(article, found)] = list(extract([entry.article], nlp))
    loaded = sidecar.loads_for_refresh(edited.encode(), entry.source.sidecar_path)
    result = rules.merge(loaded.sidecar.extraction, loaded.fingerprints, loaded.ledger, found)
    merged = replace(machine_sidecar(article, found, config), extraction=result.extraction)
    return roundtrip.rewrite(edited, loaded.sidecar, merged, result.ledger)


def assert_edits_survive(path: Path) -> None:
    text = path.read_text("utf-8")
    assert ROLE in text and ADDED in text and ADDED_ACTOR in text
    loaded, warnings = sidecar.load(path)
    assert warnings == []
    lopez = next(a for a in loaded.actors if a.id == "maria-lopez")
    assert lopez.role == "chair of the Clean Water Now campaign"
    gone = sidecar.findings("claim", MACHINE.claims)[1]
    assert "c2" not in {c.id for c in loaded.claims} and gone not in sidecar.findings("claim", loaded.claims)
    assert next(d for d in loaded.denials if d.id == "d3").denies == "c1"
    assert next(d for d in loaded.denials if d.id == "d9") == Denial(
        "d9", "ana-ruiz", "c1", "dismissed the council's claim as wishful thinking",
        ("Swimmers' union head Ana Ruiz dismissed the council's claim as wishful thinking.",))
    assert next(a for a in loaded.actors if a.id == "ana-ruiz") == Actor(
        "ana-ruiz", "Ana Ruiz", "person", "head of the swimmers' union")


def stale_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "stale:" in line]


# --- the table: untouched/edited x article changed or not x build/refresh ----

@pytest.mark.parametrize("command", ["build", "refresh"])
@pytest.mark.parametrize("article_changed", [False, True], ids=["same-article", "article-changed"])
@pytest.mark.parametrize("edited", [False, True], ids=["untouched", "edited"])
def test_what_each_command_leaves_in_the_sidecar(tmp_path: Path, nlp, edited: bool, article_changed: bool,  # noqa: ANN001
                                                 command: str) -> None:
    root = new_site(tmp_path)
    path = root / "content" / "river.yaml"
    before = path.read_text("utf-8")
    if edited:
        before = edit_by_hand(before)
        path.write_text(before, "utf-8")
    if article_changed:
        (root / "content" / "river.md").write_text(CHANGED_ARTICLE, "utf-8")
    mtime = path.stat().st_mtime_ns
    args = ["build"] if command == "build" else ["extract", "--refresh", "river"]
    result = run_cli(*args, "--site", root)
    assert result.returncode == 0, result.stderr

    if command == "build" and not edited and not article_changed:
        # nothing to do: no model loaded, the file not even rewritten
        assert path.read_text("utf-8") == before and path.stat().st_mtime_ns == mtime
        assert "Loading spaCy" not in result.stderr
    elif not edited:
        # nobody edited it: extracted again and replaced whole (refresh on an untouched
        # sidecar is a plain re-extraction)
        assert path.read_text("utf-8") == machine_text_now(root, nlp)
        assert sidecar.state_of(path) is sidecar.State.MACHINE
    elif command == "build":
        # an edited sidecar is kept byte for byte, whatever the article did
        assert path.read_text("utf-8") == before and path.stat().st_mtime_ns == mtime
        assert "Loading spaCy" not in result.stderr
        assert len(stale_lines(result.stderr)) == (1 if article_changed else 0)
    else:
        # a refresh proposes the fresh extraction into the edited file
        assert path.read_text("utf-8") == refreshed_text_now(root, before, nlp)
        assert_edits_survive(path)

    if edited:
        assert sidecar.state_of(path) is sidecar.State.EDITED  # never overwritten by a build
        stale = article_changed and command == "build"
        check = run_cli("check", "--site", root)
        assert ("Stale (edited, and the article changed since): river;" in check.stdout) is stale
        assert len(stale_lines(check.stderr)) == (1 if stale else 0)
        # and the next build keeps it as it is, saying stale only if it still is
        after = path.read_text("utf-8")
        again = run_cli("build", "--site", root)
        assert again.returncode == 0 and path.read_text("utf-8") == after
        assert len(stale_lines(again.stderr)) == (1 if stale else 0)
        assert "Loading spaCy" not in again.stderr


def test_the_stale_warning_names_the_file_and_the_way_out(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    path = root / "content" / "river.yaml"
    path.write_text(edit_by_hand(path.read_text("utf-8")), "utf-8")
    (root / "content" / "river.md").write_text(CHANGED_ARTICLE, "utf-8")
    result = run_cli("build", "--site", root)
    # the way out as the user can type it: with the --site they gave (issue 16, point 13)
    assert stale_lines(result.stderr) == [
        "warning: content/river.yaml: stale: the article changed after this sidecar was edited, so a build keeps "
        f"the sidecar as it is; review it (`python -m generator extract --site {root} --refresh river` proposes "
        "updates and keeps your edits)"]
    inside = run_cli("build", cwd=root / "content")  # found from content/, no --site to repeat
    assert stale_lines(inside.stderr) == [
        "warning: content/river.yaml: stale: the article changed after this sidecar was edited, so a build keeps "
        "the sidecar as it is; review it (`python -m generator extract --refresh river` proposes updates and "
        "keeps your edits)"]


# --- what counts as the article changing ---------------------------------------

def with_text_hash(root: Path) -> Path:
    """`new_site`'s sidecar as the generator writes one now: with the hash of the
    text it was extracted from (`article.text_sha256`)."""
    article = current(root)[1].article
    loaded, _ = sidecar.load(root / "content" / "river.yaml")
    sidecar.write(replace(loaded, article_text_sha256=article.text_sha256))
    return root


# A tag in front matter, a blank line, trailing spaces, a wrapped paragraph, Windows line ends.
RESHAPED = ARTICLE.replace("date: 2024-06-01\n", "date: 2024-06-01\ntags: [water]\n") \
    .replace("\n\nCampaign group", "\n\n\nCampaign group").replace("the river is safe for swimming.",
                                                                   "the river is safe\nfor swimming.   ") \
    .replace("\n", "\r\n")


@pytest.mark.parametrize("edited", [False, True], ids=["untouched", "edited"])
def test_front_matter_and_layout_are_not_a_change_to_the_article(tmp_path: Path, edited: bool) -> None:
    """Issue 16, point 4: what a sidecar depends on is the text extraction reads.
    Tags, blank lines, wrapping and line ends neither make an edited sidecar stale
    (nor fail --strict) nor send the machine's back to the model; a change to the
    words does."""
    root = with_text_hash(new_site(tmp_path))
    path = root / "content" / "river.yaml"
    if edited:
        path.write_text(edit_by_hand(path.read_text("utf-8")), "utf-8")
    before = path.read_bytes()
    (root / "content" / "river.md").write_bytes(RESHAPED.encode("utf-8"))
    for command in ("check", "build"):
        result = run_cli(command, "--strict", "--site", root)
        assert result.returncode == 0, result.stderr
        assert stale_lines(result.stderr) == [] and "Extracting" not in result.stderr
    assert path.read_bytes() == before
    assert "water" in (root / "output" / "river" / "index.html").read_text("utf-8")  # the tag is on the page

    (root / "content" / "river.md").write_text(RESHAPED.replace("on Monday", "on Tuesday"), "utf-8")
    check = run_cli("check", "--strict", "--site", root)
    if edited:
        assert check.returncode == 1 and len(stale_lines(check.stderr)) == 1
    else:
        assert "content/river.md: the article changed; the next build extracts it again" in check.stdout


def test_a_sidecar_without_the_text_hash_is_judged_by_the_article_bytes(tmp_path: Path) -> None:
    """Sidecars written before `article.text_sha256` carry only the bytes' hash."""
    root = new_site(tmp_path)
    path = root / "content" / "river.yaml"
    path.write_text(edit_by_hand(path.read_text("utf-8")), "utf-8")
    assert "text_sha256" not in path.read_text("utf-8")
    (root / "content" / "river.md").write_text(ARTICLE.replace("date: 2024-06-01\n", "date: 2024-06-01\ntags: [x]\n"),
                                               "utf-8")
    assert len(stale_lines(run_cli("check", "--site", root).stderr)) == 1


# --- a renamed article takes its sidecar along ----------------------------------

@pytest.mark.parametrize("edited", [False, True], ids=["untouched", "edited"])
def test_a_renamed_article_takes_its_sidecar_along(tmp_path: Path, edited: bool) -> None:
    """Issue 16, point 2: `mv river.md lake.md` (with a tag added on the way)
    carries river.yaml over to lake.yaml, edits and all, and says so; nothing is
    extracted afresh, and `check` says what the next build will do, moving nothing."""
    root = with_text_hash(new_site(tmp_path))
    content = root / "content"
    if edited:
        (content / "river.yaml").write_text(edit_by_hand((content / "river.yaml").read_text("utf-8")), "utf-8")
    before = (content / "river.yaml").read_text("utf-8")
    (content / "river.md").rename(content / "lake.md")
    (content / "lake.md").write_text(ARTICLE.replace("date: 2024-06-01\n", "date: 2024-06-01\ntags: [x]\n"), "utf-8")

    check = run_cli("check", "--site", root)
    assert check.returncode == 0, check.stderr
    assert "content/river.yaml: made for an article renamed content/lake.md; the next build moves it beside it" \
        in check.stdout.splitlines()
    assert "no sidecar yet" not in check.stdout
    assert (content / "river.yaml").read_text("utf-8") == before and not (content / "lake.yaml").exists()

    built = run_cli("build", "--site", root)
    assert built.returncode == 0, built.stderr
    assert "content/river.yaml: moved to content/lake.yaml, beside content/lake.md: the article was renamed, " \
        "and the sidecar goes with it" in built.stdout.splitlines()
    assert "Extracting" not in built.stderr and built.stderr == ""
    assert not (content / "river.yaml").exists()
    moved = (content / "lake.yaml").read_text("utf-8")
    assert (moved == before.replace("  path: river.md\n", "  path: lake.md\n", 1)) is edited  # the machine's is signed anew
    loaded, _ = sidecar.load(content / "lake.yaml")
    assert loaded.article_path == "lake.md" and loaded.extraction == sidecar.load_for_refresh(
        content / "lake.yaml").sidecar.extraction
    assert sidecar.state_of(content / "lake.yaml") is (sidecar.State.EDITED if edited else sidecar.State.MACHINE)
    if edited:
        assert_edits_survive(content / "lake.yaml")
        page = (root / "output" / "lake" / "index.html").read_text("utf-8")
        assert "chair of the Clean Water Now campaign" in page
    again = run_cli("build", "--site", root)
    assert again.returncode == 0 and "moved" not in again.stdout and "Extracting" not in again.stderr


def test_a_sidecar_whose_article_is_gone_is_a_warning(tmp_path: Path) -> None:
    """Issue 16, point 2: an orphan that matches no article is named by build and check (and fails --strict)."""
    root = with_text_hash(new_site(tmp_path))
    (root / "content" / "other.md").write_text("# Other\n\nThe minister said the bridge is safe.\n", "utf-8")
    (root / "content" / "other.yaml").write_text(
        "schema: 1\narticle:\n  path: other.md\nactors: []\nclaims: []\ndenials: []\n", "utf-8")
    (root / "content" / "river.md").unlink()
    warning = ("warning: content/river.yaml: there is no article river.md or river.txt beside it, and no article "
               "without a sidecar has the text it was made from, so no page uses it (rename it to go with its "
               "article's new name, or delete it if the article is gone)")
    built = run_cli("build", "--site", root)
    assert built.returncode == 0 and built.stderr.splitlines() == [warning]
    check = run_cli("check", "--site", root)
    assert check.returncode == 0 and check.stderr.splitlines() == [warning]
    assert check.stdout.splitlines()[-1] == "Checked 1 article(s): 0 error(s), 1 warning(s)"
    assert run_cli("check", "--strict", "--site", root).returncode == 1
    assert (root / "content" / "river.yaml").is_file()  # never deleted


# --- acceptance: four kinds of edit survive everything ------------------------

def test_edits_survive_build_an_article_change_and_refresh(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    path = root / "content" / "river.yaml"
    path.write_text(edit_by_hand(path.read_text("utf-8")), "utf-8")
    edited = path.read_bytes()

    assert run_cli("build", "--site", root).returncode == 0
    assert path.read_bytes() == edited
    assert_edits_survive(path)

    (root / "content" / "river.md").write_text(CHANGED_ARTICLE, "utf-8")
    built = run_cli("build", "--site", root)
    assert built.returncode == 0 and path.read_bytes() == edited
    assert len(stale_lines(built.stderr)) == 1

    refreshed = run_cli("extract", "--refresh", "river", "--site", root)
    assert refreshed.returncode == 0, refreshed.stderr
    assert refreshed.stdout.startswith("content/river.yaml: refreshed: ")
    assert "1 finding(s) you deleted not proposed again" in refreshed.stdout
    assert_edits_survive(path)
    loaded, _ = sidecar.load(path)
    assert loaded.article_sha256 == current(root)[1].article.sha256  # no longer stale
    assert sidecar.state_of(path) is sidecar.State.EDITED

    after = path.read_bytes()
    rebuilt = run_cli("build", "--site", root)
    assert rebuilt.returncode == 0 and stale_lines(rebuilt.stderr) == [] and path.read_bytes() == after
    # a second refresh with nothing new changes nothing
    mtime = path.stat().st_mtime_ns
    second = run_cli("extract", "--refresh", "river", "--site", root)
    assert second.returncode == 0 and "refreshed, no change to the file" in second.stdout
    assert path.stat().st_mtime_ns == mtime


# --- the page tells editors, and only editors ---------------------------------

@pytest.mark.parametrize("show_review", [False, True])
def test_review_pending_shows_on_the_page_only_when_site_yaml_asks(tmp_path: Path, show_review: bool) -> None:
    root = new_site(tmp_path, f"title: Test\nshow_review: {'true' if show_review else 'false'}\n")
    path = root / "content" / "river.yaml"
    page = root / "output" / "river" / "index.html"

    def notices() -> list:  # noqa: ANN202
        return list(parse_html(page.read_text("utf-8")).find_all("p", class_="review-stale"))

    assert run_cli("build", "--site", root).returncode == 0
    assert notices() == []  # untouched and current: nothing to review
    path.write_text(edit_by_hand(path.read_text("utf-8")), "utf-8")
    (root / "content" / "river.md").write_text(CHANGED_ARTICLE, "utf-8")
    assert run_cli("build", "--site", root).returncode == 0
    found = notices()
    assert len(found) == (1 if show_review else 0)
    if show_review:
        assert found[0].text.strip() == "Review pending: the article changed after this sidecar was last edited."


# --- refusing to refresh what cannot be ---------------------------------------

def test_refresh_refuses_a_broken_sidecar_and_writes_nothing(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    path = root / "content" / "river.yaml"
    broken = edit_by_hand(path.read_text("utf-8")).replace("  denies: c1\n  text: denied", "  denies: c7\n  text: denied")
    path.write_text(broken, "utf-8")
    result = run_cli("extract", "--refresh", "river", "--site", root)
    assert result.returncode == 1
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if text == "  denies: c7")
    assert result.stderr.strip().splitlines() == [
        f"error: content/river.yaml:{line}:11: denial d3 denies 'c7', which is not a claim in this file"]
    assert path.read_text("utf-8") == broken


def test_refresh_refuses_a_damaged_fingerprint_line(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    path = root / "content" / "river.yaml"
    text = edit_by_hand(path.read_text("utf-8"))
    damaged = re.sub(r"(?m)^(    c1: )[0-9a-f]{12} ", r"\1nothex ", text)
    path.write_text(damaged, "utf-8")
    assert run_cli("check", "--site", root).returncode == 0  # builds do not read fingerprints
    result = run_cli("extract", "--refresh", "river", "--site", root)
    line = next(n for n, t in enumerate(damaged.splitlines(), 1) if t.startswith("    c1: nothex"))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: content/river.yaml:{line}:9: fingerprints.claims.c1: is not a fingerprint pair (the generator "
        "writes this line; undo the change to it, or delete the fingerprints block)")
    assert path.read_text("utf-8") == damaged


@pytest.mark.parametrize("name", ["river.md", "river.yaml", "content/river.md", "CWD/content/river.yaml"])
def test_refresh_takes_a_file_name_as_well_as_a_slug(tmp_path: Path, name: str) -> None:
    """Issue 16, point 13: the name the editor has in front of them."""
    root = new_site(tmp_path)
    path = root / "content" / "river.yaml"
    path.write_text(edit_by_hand(path.read_text("utf-8")), "utf-8")
    where = root if name.startswith("CWD/") else tmp_path
    result = run_cli("extract", "--refresh", name.removeprefix("CWD/"), "--site", root, cwd=where)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("content/river.yaml: refreshed: ")
    assert_edits_survive(path)


def test_commands_find_the_site_from_a_folder_inside_it(tmp_path: Path) -> None:
    """Issue 16, point 13: run in content/ (or deeper), a command works on the
    site above it, as Hugo and Zola do; outside any site it says so."""
    root = new_site(tmp_path)
    (root / "content" / "news").mkdir()
    for folder in (root / "content", root / "content" / "news"):
        check = run_cli("check", cwd=folder)
        assert check.returncode == 0 and check.stdout.endswith("Checked 1 article(s): 0 error(s), 0 warning(s)\n")
    built = run_cli("build", cwd=root / "content" / "news")
    assert built.returncode == 0, built.stderr
    assert (root / "output" / "river" / "index.html").is_file() and not (root / "content" / "output").exists()
    refreshed = run_cli("extract", "--refresh", "river.yaml", cwd=root / "content")
    assert refreshed.returncode == 0, refreshed.stderr
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    nowhere = run_cli("check", cwd=elsewhere)
    assert nowhere.returncode == 1 and nowhere.stderr.splitlines() == [
        "error: no site.yaml in this folder or any folder above it (give the site folder with --site DIR, or "
        "create a site with `python -m generator new DIR`)"]


def test_refresh_of_an_unknown_slug_lists_the_slugs(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    result = run_cli("extract", "--refresh", "rivr", "--site", root)
    assert result.returncode == 1
    assert result.stderr.strip() == ("error: content: no article has the slug or file name 'rivr' "
                                     "(did you mean 'river'? the slugs are: river)")
