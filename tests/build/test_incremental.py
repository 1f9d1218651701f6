"""Incremental builds: a second build redoes nothing, a changed article redoes
only what depends on it, and the build cache can never make a build wrong.

Real files, the real model and the real CLI. The first build of each site runs
in a subprocess (as a user runs it), the next in this process so the test can
read the build's own report (`extracted`, `rendered`): two processes, so what
the cache keys on must be the same across interpreters.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml

from generator.build import cache as buildcache
from generator.build.site import build
from generator.config import load_config
from generator.model import Actor, Claim, Denial, Statement, Verdict
from generator.pages.record import ArticleRecord
from generator.source.schema import PartialDate, parse_date
from tests.conftest import REPO, run_cli, write_site
from tests.pages.test_render import ARTICLE, SIDECAR

CONFIG = "title: Incremental\nbase_url: https://example.org/news/\n"

RIVER = """\
---
title: Council says the river is safe
date: 2024-06-01
tags: [Water]
---

The city council said on Monday that the river is safe for swimming again.

Campaign group Clean Water Now rejected the council's claim, calling it misleading.

"We have seen no evidence that the water is clean," the group's chair, Maria Lopez, told reporters.
"""

BRIDGE = """\
---
title: Bridge contract under scrutiny
date: 2024-05-02
tags: [Transport]
---

Two officials told the Evening Ledger that the bridge contract cost 40 million more than the rival bid.

Valemont Construction denied that any payment had been made to officials.

"No, there was not," spokesman Daniel Brennan said when asked whether the company had paid anyone.
"""

SCHOOLS = """\
---
title: Lead found in school water, campaigners say
date: 2024-04-20
tags: [Water, Health]
---

Maria Lopez, chair of Clean Water Now, said tests found lead in the water of three schools.

The Northbridge Water Authority dismissed the report as baseless.
"""


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            st = path.stat()
            out[path.relative_to(folder).as_posix()] = (hashlib.sha256(path.read_bytes()).hexdigest(),
                                                         st.st_ino, st.st_mtime_ns)
    return out


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three articles, extracted and built once by the CLI; copied per test."""
    root = tmp_path_factory.mktemp("incremental")
    write_site(root, {"river.md": RIVER, "bridge.md": BRIDGE, "schools.md": SCHOOLS}, CONFIG)
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    assert "extracted 3" in result.stdout
    return root


@pytest.fixture
def site(built_site: Path, tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(built_site, root, symlinks=True)
    return root


def test_a_second_build_extracts_renders_and_writes_nothing(site: Path) -> None:
    before = snapshot(site)
    report = build(load_config(site))
    assert report.ok and report.pages == 3
    assert report.extracted == [] and report.rendered == []
    assert not report.published and report.changed_files == 0
    assert snapshot(site) == before  # sidecars, output/ and the cache: same bytes, inodes, mtimes
    again = run_cli("build", "--site", site)
    assert again.returncode == 0 and "nothing changed" in again.stdout and "rendered" not in again.stdout
    assert snapshot(site) == before


def test_one_changed_article_is_extracted_and_rendered_alone(site: Path) -> None:
    content = site / "content"
    before = snapshot(site)
    (content / "bridge.md").write_text(BRIDGE.replace(
        "Valemont Construction denied",
        "The transport ministry said the tender followed the rules.\n\nValemont Construction denied"), "utf-8")
    report = build(load_config(site))
    assert report.ok
    assert report.extracted == ["bridge"]
    after = snapshot(site)
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    # Its sidecar and its page change; the other articles' sidecars and pages are untouched.
    assert {"content/bridge.yaml", "content/bridge.md", "output/bridge/index.html"} <= changed
    for other in ("river", "schools"):
        assert f"content/{other}.yaml" not in changed and f"output/{other}/index.html" not in changed
    rendered = set(report.rendered)
    assert "bridge/index.html" in rendered
    assert not rendered & {"river/index.html", "schools/index.html"}
    # Pages about only the other articles are not rendered again: the Water and
    # Health tags, and the page of every actor who does not speak in bridge.
    assert "tags/water/index.html" not in rendered and "tags/health/index.html" not in rendered
    exported = json.loads((site / "output" / "claims.json").read_text("utf-8"))
    elsewhere = [a["url"].removeprefix("https://example.org/news/") + "index.html" for a in exported["actors"]
                 if all(m["article"] != "bridge" for m in a["appears_as"])]
    assert elsewhere, "the model found no actor in river or schools"
    assert not set(elsewhere) & rendered
    # Everything rendered is listed as written or was already identical.
    assert report.changed_files >= 1 and report.published


def test_a_warning_is_reported_again_by_a_build_that_reads_nothing(tmp_path: Path) -> None:
    write_site(tmp_path, {"river.md": ARTICLE, "river.yaml": SIDECAR.replace(
        "evidence: The city council said", "evidence: The town council said", 1)}, CONFIG)
    first = run_cli("build", "--site", tmp_path)
    assert first.returncode == 0, first.stderr
    warning = [line for line in first.stderr.splitlines() if "evidence is not in the article" in line]
    assert len(warning) == 1
    report = build(load_config(tmp_path))
    assert report.rendered == []
    assert [w.describe(tmp_path) for w in report.warnings] == [warning[0].removeprefix("warning: ")]
    strict = run_cli("build", "--site", tmp_path, "--strict")
    assert strict.returncode == 1 and warning[0] in strict.stderr


def outputs(root: Path) -> dict[str, str]:
    return {rel: digest for rel, (digest, _, _) in snapshot(root / "output").items()}


def from_nothing(site: Path, tmp_path: Path) -> dict[str, str]:
    """What a build of the same content and settings makes with no output and no
    cache (`outputs`): what an incremental build must have made."""
    fresh = tmp_path / "fresh"
    shutil.copytree(site / "content", fresh / "content")
    shutil.copy(site / "site.yaml", fresh / "site.yaml")
    assert build(load_config(fresh)).ok
    return outputs(fresh)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "checksum", "record-checksum", "record-missing",
                                    "foreign", "stale-output"])
def test_a_damaged_or_foreign_cache_is_ignored(site: Path, tmp_path: Path, damage: str) -> None:
    config = load_config(site)
    cache_file = buildcache.cache_path(config)
    raw = cache_file.read_bytes()
    records = sorted(buildcache.records_dir(cache_file).glob("*.json"))
    assert len(records) == 3
    bridge = next(p for p in records if b"Bridge contract under scrutiny" in p.read_bytes())
    (site / "content" / "river.md").write_text(RIVER.replace("on Monday", "on Tuesday"), "utf-8")
    if damage == "garbage":
        cache_file.write_bytes(b"\x00not json at all")
    elif damage == "truncated":
        cache_file.write_bytes(raw[: len(raw) // 2])
    elif damage == "checksum":  # valid JSON, but not what was written: a page key changed by hand
        cache_file.write_bytes(raw.replace(b'"page_key":"', b'"page_key":"0', 1))
    elif damage == "record-checksum":  # a record of an unchanged article, its title changed by hand
        bridge.write_bytes(bridge.read_bytes().replace(b"Bridge contract under scrutiny",
                                                       b"Bridge contract approved"))
    elif damage == "record-missing":
        bridge.unlink()
    elif damage == "foreign":  # another site's cache, copied in
        other = tmp_path / "other"
        write_site(other, {"river.md": ARTICLE, "river.yaml": SIDECAR}, CONFIG)
        assert run_cli("build", "--site", other).returncode == 0
        shutil.copy(buildcache.cache_path(load_config(other)), cache_file)
    elif damage == "stale-output":  # output/ changed behind the cache's back
        shutil.rmtree(site / "output" / "schools")
        manifest = site / "output" / ".explainer-manifest.json"
        manifest.write_text(manifest.read_text("utf-8").replace('"schools/index.html"', '"gone"'), "utf-8")
        (site / "output" / "gone").write_text("x", "utf-8")
    report = build(config)
    assert report.ok, [e.describe() for e in report.errors]
    # The same site as a build with no cache at all.
    assert outputs(site) == from_nothing(site, tmp_path)


@pytest.mark.parametrize("damage", ["none", "record-missing"])
def test_an_article_extracted_while_the_build_reads_the_cache_gives_the_site_of_a_full_build(
        site: Path, tmp_path: Path, damage: str) -> None:
    """The CLI extracts a changed article in a forked copy of itself while it
    works out the other records' values from the cache (`site._warm`): a
    shortcut that must not show in the site, nor break on a damaged cache."""
    (site / "content" / "bridge.md").write_text(BRIDGE.replace(
        "Valemont Construction denied", "Maria Lopez said the tender was rigged.\n\nValemont Construction denied"),
        "utf-8")
    if damage == "record-missing":
        records = buildcache.records_dir(buildcache.cache_path(load_config(site)))
        next(p for p in records.glob("*.json") if b"Lead found in school water" in p.read_bytes()).unlink()
    result = run_cli("build", "--site", site)
    assert result.returncode == 0, result.stderr
    assert "extracted 1," in result.stdout
    assert outputs(site) == from_nothing(site, tmp_path)


@pytest.mark.parametrize("damage", ["none", "garbage", "another-record", "other-code"])
def test_search_entries_a_build_kept_give_the_site_of_a_full_build_and_go_with_their_records(
        site: Path, tmp_path: Path, damage: str) -> None:
    """While the model runs, a build stores the search entries of the records
    it already had (`site._warm`), and the next one reads them back instead of
    working them out again: neither they nor a damaged one may show in the site."""
    bridge = site / "content" / "bridge.md"
    bridge.write_text(BRIDGE.replace("Valemont Construction denied",
                                     "Maria Lopez said the tender was rigged.\n\nValemont Construction denied"), "utf-8")
    assert run_cli("build", "--site", site).returncode == 0
    records = buildcache.records_dir(buildcache.cache_path(load_config(site)))
    stored = sorted(records.glob("search-*/*.json"))
    assert len(stored) == 2  # river's and schools': bridge's record was new
    assert {p.stem for p in stored} <= {p.stem for p in records.glob("*.json")}
    if damage == "garbage":
        stored[0].write_bytes(b"{not json")
    elif damage == "another-record":
        stored[0].write_bytes(stored[1].read_bytes())
    elif damage == "other-code":  # left by another version of the generator
        shutil.copytree(stored[0].parent, records / "search-0000000000000000")
    bridge.write_text(BRIDGE.replace("Valemont Construction denied",
                                     "Maria Lopez said the tender was fixed.\n\nValemont Construction denied"), "utf-8")
    result = run_cli("build", "--site", site)
    assert result.returncode == 0, result.stderr
    assert "extracted 1," in result.stdout
    assert outputs(site) == from_nothing(site, tmp_path)
    assert sorted(p.parent.name for p in records.glob("search-*/*.json")) == [stored[0].parent.name] * 2
    (site / "content" / "schools.md").unlink()  # its record goes, and its search entries with it
    assert run_cli("build", "--site", site).returncode == 0
    assert {p.stem for p in records.glob("search-*/*.json")} < {p.stem for p in stored}


def test_a_template_change_renders_every_page_again(site: Path) -> None:
    templates = site / "templates"
    templates.mkdir()
    base = (REPO / "generator" / "theme" / "base.html").read_text("utf-8")
    (templates / "base.html").write_text(base.replace("<body>", "<body class=\"changed\">"), "utf-8")
    report = build(load_config(site))
    assert report.extracted == []
    assert {"river/index.html", "bridge/index.html", "schools/index.html", "index.html"} <= set(report.rendered)
    assert 'class="changed"' in (site / "output" / "schools" / "index.html").read_text("utf-8")


def test_a_deleted_article_leaves_the_site(site: Path) -> None:
    (site / "content" / "schools.md").unlink()
    report = build(load_config(site))
    assert report.ok and report.pages == 2 and report.extracted == []
    assert "schools/index.html" not in report.rendered and not (site / "output" / "schools").exists()
    assert "Lead found in school water" not in (site / "output" / "index.html").read_text("utf-8")


def test_records_read_back_exactly_with_date_precision() -> None:
    record = ArticleRecord(
        slug="x", url="x/", title="T", summary="S", date=PartialDate(2004, 12), updated=PartialDate(2004),
        tags=("A", "b"), source=None, source_url="https://example.org/",
        claim_count=1, denial_count=1,
        actors=(Actor("a", "Ann", "person", "mayor", ("A.",), 0.5),),
        claims=(Claim("c1", "a", "t", ("e1", "e2"), 0.8, "pending",
                      Verdict("False", "https://example.org/v", "Ed", parse_date("2024-06-01T10:00:00+02:00"))),),
        denials=(Denial("d1", "a", None, "no", ("e",)),),
        statements=(Statement("s1", None, "we will", ("e3",), 1.0),))
    back = buildcache.record_from(buildcache.record_data(record))
    assert back == record
    assert (back.date.precision, back.updated.precision) == ("month", "year")
    assert back.claims[0].verdict.date == record.claims[0].verdict.date


def test_a_new_site_keeps_its_output_and_cache_out_of_git(tmp_path: Path) -> None:
    import subprocess

    target = tmp_path / "newsroom"
    assert run_cli("new", target).returncode == 0
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    assert run_cli("build", "--site", target).returncode == 0
    assert buildcache.cache_path(load_config(target)).is_file()
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=target, check=True,
                            capture_output=True, text=True).stdout.split("\n")
    listed = sorted(line[3:] for line in status if line)
    assert listed == [".gitignore", "content/example.md", "content/example.yaml", "site.yaml"]


def test_a_damaged_record_is_written_again(site: Path) -> None:
    cache_file = buildcache.cache_path(load_config(site))
    records = sorted(buildcache.records_dir(cache_file).glob("*.json"))
    bridge = next(p for p in records if b"Bridge contract under scrutiny" in p.read_bytes())
    good = bridge.read_bytes()
    bridge.write_bytes(good.replace(b"Bridge contract under scrutiny", b"Bridge contract approved"))
    (site / "content" / "river.md").write_text(RIVER.replace("on Monday", "on Tuesday"), "utf-8")
    assert build(load_config(site)).ok  # needs every record: finds this one damaged, builds without the cache
    assert bridge.read_bytes() == good


def _long_article(n: int, role: str = "pier inspector") -> tuple[str, str]:
    """An explainer whose claims.json items come to about 0.8 MB (a sidecar's
    most), so six pass the size at which claims.json is split into a file per
    explainer."""
    said = " ".join(f"berth {n}-{i} had cracks" for i in range(1, 400))
    article = f"---\ntitle: Harbour report {n}\ndate: 2024-03-0{n + 1}\n---\n\nThe union said {said}.\n"
    claims = "".join(f"  - id: c{i}\n    claimant: union\n    text: Berth {n}-{i} and {said}.\n"
                     f"    evidence: The union said {said}.\n" for i in range(1, 46))
    sidecar = (f"schema: 1\narticle:\n  path: report-{n}.md\nactors:\n  - id: union\n    name: Dock workers union\n"
               f"    kind: group\n  - id: quist\n    name: Alma Quist\n    kind: person\n    role: {role}\n"
               f"claims:\n{claims}denials:\n  - id: d1\n    actor: quist\n    denies: c1\n    text: it is false\n"
               f"    evidence: The union said {said}.\n")
    return article, sidecar


def test_an_archive_makes_again_only_the_claims_files_whose_items_changed(tmp_path: Path) -> None:
    files = {}
    for n in range(6):
        files[f"report-{n}.md"], files[f"report-{n}.yaml"] = _long_article(n)
    root = write_site(tmp_path / "site", files, CONFIG)
    assert build(load_config(root)).ok
    claims = root / "output" / "claims"
    assert json.loads((root / "output" / "claims.json").read_text("utf-8"))["version"] == 2
    before = snapshot(claims)
    assert len(before) == 6

    # An edit to one explainer's own text: only its file is made again.
    (root / "content" / "report-2.md").write_text(files["report-2.md"].replace("Harbour report 2", "Pier 2"),
                                                  "utf-8")
    report = build(load_config(root))
    assert report.ok and "claims/report-2.json" in report.rendered
    after = snapshot(claims)
    assert [rel for rel in after if after[rel] != before[rel]] == ["report-2.json"]

    # A role given in one explainer is the merged actor's in every file that names her.
    (root / "content" / "report-2.yaml").write_text(_long_article(2, "harbour master")[1], "utf-8")
    assert build(load_config(root)).ok
    for n in range(6):
        actors = json.loads((claims / f"report-{n}.json").read_text("utf-8"))["actors"]
        assert "harbour master" in next(a for a in actors if a["name"] == "Alma Quist")["roles"]

    # And every file is what a build from nothing makes.
    assert outputs(root) == from_nothing(root, tmp_path)


def test_the_cache_is_keyed_by_the_code_of_every_sub_package() -> None:
    """A new version of the generator (its pages, its rules) renders every page
    again; the cache once hashed the build package alone."""
    hashed = {path.relative_to(REPO).as_posix() for path in buildcache.sources()}
    for module in ("generator/pages/search.py", "generator/extract/analyse.py", "generator/build/site.py",
                   "generator/sidecar/__init__.py", "generator/cli.py"):
        assert module in hashed, module


def test_an_actors_role_edited_renders_their_pages_not_those_of_the_others_in_the_article(site: Path) -> None:
    """What an actor page shows is keyed the first time its article changes
    (`sitepages.py`): from the next change on, only pages whose content changed
    are rendered."""
    sidecar = site / "content" / "bridge.yaml"
    exported = json.loads((site / "output" / "claims.json").read_text("utf-8"))
    here = [a for a in exported["actors"] if any(m["article"] == "bridge" for m in a["appears_as"])]
    assert len(here) >= 2, "the model found one actor in bridge or none"
    edited = next(m["id"] for m in here[0]["appears_as"] if m["article"] == "bridge")
    page = {a["id"]: a["url"].removeprefix("https://example.org/news/") + "index.html" for a in here}
    for role in ("harbour master", "port captain"):
        data = yaml.safe_load(sidecar.read_text("utf-8"))
        next(a for a in data["actors"] if a["id"] == edited)["role"] = role
        sidecar.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        report = build(load_config(site))
        assert report.ok and report.extracted == []
        assert page[here[0]["id"]] in report.rendered
    assert not {page[a["id"]] for a in here[1:]} & set(report.rendered)
