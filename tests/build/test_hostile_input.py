"""Issue 8, point 4: encodings and shapes. Each article below builds, or fails
with one line naming its file (and line) within a bounded time, and every
other article still builds, with the real CLI and the real model. Issue 16,
point 16: so do a link out of content/ and two files for one page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, write_site
from tests.htmlcheck import parse_html
from tests.pages.test_render import ARTICLE, SIDECAR

PROSE = "The minister said on Monday that the bridge was safe. The union denied that the bridge was safe."

# Articles that must build, and the title each must show.
BUILDS: dict[str, tuple[bytes, str]] = {
    "bom.txt": (b"\xef\xbb\xbfBOM title\n\n" + PROSE.encode(), "BOM title"),
    "utf16le.txt": (f"UTF-16 title\n\n{PROSE} Caf\u00e9 \u201cquotes\u201d.\n".encode("utf-16"), "UTF-16 title"),
    "utf16be.md": (b"\xfe\xff" + f"---\ntitle: Big end\u00e9\n---\n\n{PROSE}\n".encode("utf-16-be"), "Big endé"),
    "crlf.md": (f"---\r\ntitle: CRLF title\r\ndate: 2024-01-02\r\n---\r\n\r\n{PROSE}\r\n\r\nMore.\r\n".encode(),
                "CRLF title"),
    "cr.txt": (f"CR title\r\r{PROSE}\r".encode(), "CR title"),
    # Pathological Markdown: nesting far past markdown-it's limit, thousands of brackets
    "deep.md": (("# Deep\n\n" + PROSE + "\n\n" + "> " * 5000 + "quoted\n\n"
                 + "".join("  " * i + "- item\n" for i in range(200)) + "\n" + "*a " * 2000 + "\n\n"
                 + "_a_ " * 1000 + "\n").encode(), "Deep"),
    "brackets.md": (("# Brackets\n\n" + PROSE + "\n\n" + "[" * 900 + "\n\n" + "[a](b) " * 1000 + "\n\n"
                     + "![" * 400 + "\n\n" + "[" * 300 + "a" + "](x)" * 100 + "\n\n" + "<" * 900 + "\n\n"
                     + "`" * 900 + "\n\n" + "[r]: /x\n" * 300 + "\n" + "[r] " * 1000 + "\n").encode(), "Brackets"),
}

# Articles that must fail, and the one line each gets (after "error: content/").
FAILS: dict[str, tuple[bytes, str]] = {
    "cp1252.txt": (b"Title\n\nThe minister said \x93the bridge is safe\x94.\n",
                   "cp1252.txt:3: is not valid UTF-8 text (byte 0x93 cannot be decoded); save it as UTF-8"),
    "nul.txt": (b"Title\n\nText\x00 more.\n", "nul.txt:3: contains a NUL byte; this is not a text file"),
    "utf16-no-bom.txt": ("Title\n\nText.\n".encode("utf-16-le"), "utf16-no-bom.txt:1: contains a NUL byte; "
                         "this is not a text file (if it is UTF-16 text, save it as UTF-8)"),
    "empty.md": (b"", "empty.md: is empty; write the article or delete the file"),
    "blank.txt": (b"  \n\t\r\n\n", "blank.txt: is empty; write the article or delete the file"),
    "front-matter-only.md": (b"---\ntitle: Only front matter\n---\n", "front-matter-only.md:4: has a title but no text"),
    "title-only.txt": (b"Just a title\n", "title-only.txt:2: has a title but no text"),
    "no-title.md": (b"---\n---\n\nText but no title.\n", "no-title.md:1: has no title; add `title:` to the front "
                    "matter or start with a '# Heading' line"),
    "unclosed.md": (b"---\ntitle: Never closed\n\nBody text.\n", "unclosed.md:1: front matter starts with '---' "
                    "on line 1 but is never closed; add a '---' line after it"),
    "huge.txt": (b"Huge\n\n" + (PROSE.encode() + b"\n\n") * 53_000,
                 "huge.txt: is 5,194,006 bytes, over the 262,144-byte limit for an article; "
                 "split it into shorter articles"),
    "run.md": (b"# Run\n\n" + PROSE.encode() + b"\n\n" + b"[" * 50_000 + b"\n",
               "run.md:5: has 50,000 characters in a row without a space (extraction reads at most 1,000); "
               "break them up or remove them"),
    "emoji.txt": (("Emoji\n\n" + PROSE + "\n\n" + "\U0001f600" * 3000 + "\n").encode(),
                  "emoji.txt:5: has 3,000 characters in a row without a space (extraction reads at most 1,000); "
                  "break them up or remove them"),
    # A file name that would rewrite the terminal if printed as it is
    "esc\x1b[2J\x07.txt": (b"T\n\n\x93quoted\x94\n", "esc\\x1b[2J\\x07.txt:3: is not valid UTF-8 text (byte 0x93 "
                                                         "cannot be decoded); save it as UTF-8"),
}


# Files refused before they are read, each failing alone (after "error: content/").
REFUSED = {
    "leak.md": "leak.md: links to a file outside the content folder; copy it in instead",
    "Clash.md": "clash.txt: two articles would publish to the same page 'clash/': Clash.md and clash.txt; "
                "rename one of them",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    files: dict[str, str | bytes] = {"river.md": ARTICLE, "river.yaml": SIDECAR, "Clash.md": ARTICLE,
                                     "clash.txt": "Clash\n\n" + PROSE}
    files.update({name: data for name, (data, _) in {**BUILDS, **FAILS}.items()})
    folder = tmp_path_factory.mktemp("shapes")
    (folder / "secret.md").write_text("# Secret\n\nThe password is hunter2.\n", "utf-8")
    root = write_site(folder / "site", files, "title: Shapes\nbase_url: https://example.org/\n")
    (root / "content" / "leak.md").symlink_to(folder / "secret.md")
    # The new articles are extracted with the real model; generous, as it takes seconds.
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--site", str(root)], cwd=REPO,
                            capture_output=True, text=True, timeout=600)
    return root, result


def test_each_bad_article_fails_with_one_line_naming_it(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    _, result = built
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if not line.startswith(("Loading", "Extracting"))]
    expected = [*(line for _, line in FAILS.values()), *REFUSED.values()]
    assert sorted(errors) == sorted(f"error: content/{line}" for line in expected)
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "Traceback" not in result.stderr
    total = len(BUILDS) + len(FAILS) + 1 + 3  # the link and the two files for one page
    assert f"Built {len(BUILDS) + 1} of {total} article(s), extracted {len(BUILDS)}" in result.stdout


@pytest.mark.parametrize("name", BUILDS)
def test_each_odd_but_readable_article_builds_as_written(built: tuple[Path, subprocess.CompletedProcess[str]],
                                                         name: str) -> None:
    root, _ = built
    _, title = BUILDS[name]
    slug = name.rsplit(".", 1)[0]
    html = (root / "output" / slug / "index.html").read_text("utf-8")
    page = parse_html(html)
    assert page.find("h1").text == title
    assert PROSE.split(".")[0] in page.find("div", class_="text").text
    assert "\r" not in html and "\ufeff" not in html
    assert (root / "content" / f"{slug}.yaml").is_file()  # extracted by the real model


def test_text_survives_every_encoding(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, _ = built
    assert "Café “quotes”." in parse_html((root / "output" / "utf16le" / "index.html").read_text("utf-8")).text
    data = json.loads((root / "output" / "claims.json").read_text("utf-8"))
    crlf = next(a for a in data["articles"] if a["slug"] == "crlf")
    assert crlf["date"] == "2024-01-02"  # front matter read through CRLF line ends
    assert (root / "output" / "river" / "index.html").is_file()


def test_every_good_article_builds_beside_the_bad_ones(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, _ = built
    published = {p.parent.name for p in (root / "output").glob("*/index.html")} - {"actors", "tags", "search"}
    assert published == {"river", *(name.rsplit(".", 1)[0] for name in BUILDS)}
    listed = {a["slug"] for a in json.loads((root / "output" / "claims.json").read_text("utf-8"))["articles"]}
    assert listed == published
    assert "hunter2" not in "".join(p.read_text("utf-8", "replace") for p in (root / "output").rglob("*")
                                    if p.is_file())
