"""Issue 8, point 2: YAML is loaded safely in every file a build reads
(sidecars, front matter, site.yaml, and the refresh path). Tags that construct
objects, alias bombs, deep nesting, huge and non-mapping documents are refused
at once with one clear line; YAML 1.1 surprises (`no`, `yes`, `1.10`, bare
dates, `12:30:45`) stay text or fail validation, never silently change meaning."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import ConfigError, ContentError
from generator.source.article import read_article
from generator.source.discover import SourceFile
from tests.conftest import REPO, run_cli, write_site
from tests.pages.test_render import ARTICLE, SIDECAR

PWNED = "PWNED-by-yaml"
TAG = "YAML tag '{}' is not allowed; remove it (only plain values are read)"
NOT_MAPPING = "a sidecar must be a mapping with schema, article, actors, claims and denials"
DEPTH = "YAML is nested more than 32 levels deep"

# A sidecar body for each attack, and the one line a build must print for it
# (file:line:column: message). `{pwned}` is a file the attack would create.
HOSTILE_SIDECARS = {
    "object": ('schema: 1\narticle: !!python/object/apply:os.system ["touch {pwned}"]\n',
               "2:10: " + TAG.format("!!python/object/apply:os.system")),
    "new": ('schema: 1\narticle: !!python/object/new:subprocess.Popen [["touch", "{pwned}"]]\n',
            "2:10: " + TAG.format("!!python/object/new:subprocess.Popen")),
    "name": ("schema: 1\narticle:\n  path: !!python/name:os.system\n", "3:9: " + TAG.format("!!python/name:os.system")),
    "tag-directive": ('%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\nschema: 1\narticle: !p!os.system '
                      '["touch {pwned}"]\n', "4:10: " + TAG.format("!!python/object/apply:os.system")),
    "local-tag": ("schema: 1\narticle: !include /etc/passwd\n", "2:10: " + TAG.format("!include")),
    "binary": ("schema: 1\narticle:\n  path: !!binary aGVsbG8=\n", "3:9: " + TAG.format("!!binary")),
    "set": ("schema: 1\nactors: !!set {a, b}\n", "2:9: " + TAG.format("!!set")),
    "alias-bomb": ("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                   + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
                             for p, n in zip("abcdefgh", "bcdefghi")),
                   "1:4: YAML anchors (&name) are not allowed; write the value out in full"),
    "merge-key": ("schema: 1\nbase: &base {kind: person}\nactors:\n  - <<: *base\n",
                  "2:7: YAML anchors (&name) are not allowed; write the value out in full"),
    "deep-block": ("schema: 1\nx:\n" + "".join("  " * i + "-\n" for i in range(1, 200)), "34:65: " + DEPTH),
    "deep-flow": ("schema: 1\nx: " + "[" * 200_000 + "\n", "2:1003: invalid YAML: exceeded maximum nesting depth "
                  "(no file this generator reads is nested more than 32 levels deep)"),
    "huge": ("schema: 1\n" + "# padding\n" * 520_000,
             "YAML file is 5,200,010 bytes, over the 1,048,576-byte limit"),
    "list": ("- schema: 1\n- article: x\n", "1:1: " + NOT_MAPPING),
    "text": ("just a sentence\n", "1:1: " + NOT_MAPPING),
    "null": ("~\n", "1:1: " + NOT_MAPPING),
    "empty": ("", "1: the sidecar is empty; delete it to have it extracted again"),
    "two-documents": ("schema: 1\n---\nschema: 1\n", "2:1: only one YAML document is allowed here (found a second '---')"),
    "complex-key": ("? [schema, article]\n: 1\n", "1:3: mapping keys must be plain text"),
}


def _sep(message: str) -> str:
    """`file:12:3: message`, or `file: message` for a problem with no line."""
    return ":" if message[0].isdigit() else ": "


def test_hostile_sidecars_are_refused_at_once_one_line_each_and_the_rest_builds(tmp_path: Path) -> None:
    articles: dict[str, str] = {"river.md": ARTICLE, "river.yaml": SIDECAR}
    for name, (body, _) in HOSTILE_SIDECARS.items():
        articles[f"{name}.md"] = ARTICLE
        articles[f"{name}.yaml"] = body.replace("{pwned}", str(tmp_path / PWNED))
    root = write_site(tmp_path / "site", articles)
    # Generous: the whole build, all attacks included, takes about a second.
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--site", str(root)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    expected = sorted(f"error: content/{name}.yaml{_sep(line)}{line}"
                      for name, (_, line) in HOSTILE_SIDECARS.items())
    assert sorted(result.stderr.strip().splitlines()) == expected
    assert f"Built 1 of {len(HOSTILE_SIDECARS) + 1} article(s)" in result.stdout
    assert (root / "output" / "river" / "index.html").is_file()
    assert not any(p.name == PWNED for p in tmp_path.rglob("*")) and not (REPO / PWNED).exists()


@pytest.mark.parametrize(("front_matter", "message"), [
    ('title: !!python/object/apply:os.system ["touch {pwned}"]', "2:8: " + TAG.format("!!python/object/apply:os.system")),
    ("title: &t Title\nsource: *t", "2:8: YAML anchors (&name) are not allowed; write the value out in full"),
    ("title: T\nx: " + "[" * 40 + "]" * 40, "3:35: " + DEPTH),
    ("- a list\n- of things", "2:1: front matter: expected a mapping of keys to values, found a list"),
    ("just text", "2:1: front matter: expected a mapping of keys to values, found a single value"),
    ("title: T\nnote: '" + "x" * 70_000 + "'", "YAML document is 70,017 bytes, over the 65,536-byte limit"),
    ("title: T\ndraft: yes", "3:8: front matter.draft: expected true or false, found 'yes'"),
    ("title: T\ndate: 12:30:45", "3:7: front matter.date: expected a date like 2022-03-14, found '12:30:45'"),
])
def test_front_matter_yaml_is_safe(tmp_path: Path, front_matter: str, message: str) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"---\n{front_matter.replace('{pwned}', str(tmp_path / PWNED))}\n---\n\nText.\n", "utf-8")
    with pytest.raises(ContentError) as caught:
        read_article(SourceFile(path, "a.md", "a"))
    assert caught.value.describe(tmp_path) == f"a.md{_sep(message)}{message}"
    assert not (tmp_path / PWNED).exists()


@pytest.mark.parametrize(("config", "message"), [
    ('title: !!python/object/apply:os.system ["touch {pwned}"]', "1:8: " + TAG.format("!!python/object/apply:os.system")),
    ("a: &a [x, x]\nb: [*a, *a]", "1:4: YAML anchors (&name) are not allowed; write the value out in full"),
    ("- title: x", "1:1: expected a mapping of keys to values, found a list"),
    ("show_review: yes", "1:14: show_review: expected true or false, found 'yes'"),
    ("review_below: .inf", "1:15: review_below: expected a number, found '.inf'"),
])
def test_site_yaml_is_safe(tmp_path: Path, config: str, message: str) -> None:
    write_site(tmp_path, {}, config.replace("{pwned}", str(tmp_path / PWNED)) + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert caught.value.describe(tmp_path) == f"site.yaml:{message}"
    assert not (tmp_path / PWNED).exists()


# --- YAML 1.1's surprises keep their meaning -----------------------------------

SURPRISES = ["no", "yes", "on", "off", "1.10", "2024-01-01", "12:30:45", "0o17", "0x1F", "1_000", ".inf", "+12"]


def test_yaml_1_1_surprises_stay_text_all_the_way_to_the_page(tmp_path: Path) -> None:
    """Norway's language code, a version number, a time, a bare date: each is
    shown and exported exactly as typed, in every text field."""
    sidecar = (SIDECAR.replace("name: City council", "name: no")
               .replace("role: campaign group", "role: 1.10")
               .replace("name: The mayor", "name: 12:30:45")
               .replace("kind: person\n  - id: spokesperson", "kind: person\n    aliases: [yes, on, 0x1F]\n"
                        "  - id: spokesperson")
               .replace("text: The river is safe for swimming.", "text: 2024-01-01")
               .replace("text: The beach will reopen in July.", "text: 0o17")
               .replace("  - id: c2\n", "  - id: 1.10\n").replace("denies: null", "denies: 1.10"))
    article = ARTICLE.replace("source: Example Gazette", "source: off\nauthor: 1_000\ntags: [no, 1.10, +12, .inf]")
    root = write_site(tmp_path, {"river.md": article, "river.yaml": sidecar},
                      "title: yes\nlanguage: no\nbase_url: https://example.org/\n")
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    data = json.loads((root / "output" / "claims.json").read_text("utf-8"))
    assert data["site"]["title"] == "yes"
    article_data = data["articles"][0]
    assert article_data["source"] == "off" and article_data["tags"] == ["no", "1.10", "+12", ".inf"]
    names = {a["id"]: a for a in article_data["actors"]}
    assert names["city-council"]["name"] == "no" and names["clean-water-now"]["role"] == "1.10"
    assert names["mayor"]["name"] == "12:30:45" and names["mayor"]["aliases"] == ["yes", "on", "0x1F"]
    claims = {c["id"]: c for c in data["claims"]}
    assert claims["c1"]["text"] == "2024-01-01" and claims["1.10"]["text"] == "0o17"
    assert {d["id"]: d["denies"] for d in data["denials"]}["d3"] == "1.10"  # a text id, not the number 1.1
    html = (root / "output" / "river" / "index.html").read_text("utf-8")
    assert '<html lang="no"' in html and "By 1_000" in html
    assert {t.name for t in (root / "output" / "tags").iterdir()} == {"index.html", "no", "1-10", "12", "inf"}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("confidence: 0.9", "confidence: yes", "actors[0].confidence: expected a number, found 'yes'"),
    ("kind: person", "kind: yes", "actors[2].kind: must be one of person, organization, country, group; found 'yes'"),
    ("schema: 1", "schema: 1.0", "schema: expected a whole number, found '1.0'"),
    ("text: The beach will reopen in July.", "text: null", "claims[1].text: must not be empty"),
    ("text: The beach will reopen in July.", "text: ~", "claims[1].text: must not be empty"),
    ("id: c2", "id: no\n    review: no", "claims[1].review: must be one of pending, done; found 'no'"),
])
def test_yaml_1_1_surprises_in_typed_fields_fail_validation(tmp_path: Path, field: str, value: str,
                                                            message: str) -> None:
    from generator import sidecar as sidecar_module
    from generator.errors import SidecarError

    text = SIDECAR.replace("    kind: organization\n", "    kind: organization\n    confidence: 0.9\n", 1)
    assert field in text
    path = tmp_path / "x.yaml"
    path.write_text(text.replace(field, value, 1), "utf-8")
    with pytest.raises(SidecarError) as caught:
        sidecar_module.load(path)
    assert caught.value.message == message


def test_refresh_refuses_a_hostile_sidecar_before_loading_anything(tmp_path: Path) -> None:
    """The refresh path reads with ruamel.yaml's round-trip loader, which builds
    anchors and keeps tags; our safe reader must refuse the file first."""
    hostile = SIDECAR.replace("path: river.md", f'path: !!python/object/apply:os.system ["touch {tmp_path / PWNED}"]')
    root = write_site(tmp_path / "site", {"river.md": ARTICLE, "river.yaml": hostile})
    before = (root / "content" / "river.yaml").read_bytes()
    result = run_cli("extract", "--site", root, "--refresh", "river")
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: content/river.yaml:3:9: {TAG.format('!!python/object/apply:os.system')}"
    assert (root / "content" / "river.yaml").read_bytes() == before and not (tmp_path / PWNED).exists()
    assert "Loading spaCy" not in result.stderr + result.stdout
    shutil.rmtree(root)
