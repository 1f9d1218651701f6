"""Reading articles: both formats, and one clear error for each kind of bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.source.article import read_article
from generator.source.discover import SourceFile, article_slug, discover
from tests.conftest import SAMPLE


def read(path: Path):
    return read_article(SourceFile(path, path.name, article_slug(path.stem)))


def test_sample_text_article_title_paragraphs_and_subheadings() -> None:
    article = read(SAMPLE)
    assert article.title.startswith("US Officials: Russia Asked China For Military")
    headings = [b.text for b in article.blocks if b.kind == "heading"]
    assert headings == ["Sullivan meets with Chinese:", "White House slams China response:"]
    first = article.blocks[0]
    assert first.kind == "paragraph" and first.text.endswith("two US officials told CNN.")
    assert article.format == "txt" and article.slug == "russia-china-aid"
    # extraction reads the title and every block
    assert article.text.startswith(article.title + "\n\n" + first.text)


def test_markdown_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "River Report.md"
    path.write_text('---\ntitle: "River safe, says council"\ndate: 2024-06-01\nsource: Gazette\n'
                    "source_url: https://example.org/river\ntags: [environment, no]\ndraft: false\n"
                    "licence: CC BY 2.5\n---\n\nThe council *said* the river is safe.\n\n## Reaction\n\n"
                    "Campaigners disagreed.\n", "utf-8")
    article = read(path)
    assert article.title == "River safe, says council"
    assert article.date == dt.date(2024, 6, 1)
    assert article.source == "Gazette" and article.source_url == "https://example.org/river"
    assert article.tags == ("environment", "no")  # YAML 1.1 `no` stays text
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("paragraph", "The council said the river is safe."), ("heading", "Reaction"),
        ("paragraph", "Campaigners disagreed.")]
    assert article.slug == "river-report"


def test_markdown_title_from_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# The headline\n\nBody text here.\n", "utf-8")
    article = read(path)
    assert article.title == "The headline"
    assert [b.text for b in article.blocks] == ["Body text here."]


@pytest.mark.parametrize(("content", "message", "line"), [
    (b"---\ntitle: ok\ndate: [1, 2\n---\nBody\n", "invalid YAML", 4),
    (b"---\ntitle: ok\nbody text\n", "never closed", 1),
    (b"---\ntitle: ok\ndate: next tuesday\n---\nBody\n", "date: expected a date", 3),
    (b"---\ntitle: ok\ndraft: maybe\n---\nBody\n", "draft: expected true or false", 3),
    (b"Title\n\nCaf\xe9 society\n", "not valid UTF-8", 3),
    (b"   \n\n", "is empty", None),
    (b"---\ndate: 2024-01-01\n---\nJust a body without a title.\n", "has no title", 1),
    (b"Title\n\nA NUL\x00 byte\n", "NUL byte", 3),
])
def test_bad_articles_name_file_and_line(tmp_path: Path, content: bytes, message: str, line: int | None) -> None:
    path = tmp_path / ("bad.md" if content.startswith(b"---") else "bad.txt")
    path.write_bytes(content)
    with pytest.raises(ContentError) as caught:
        read(path)
    error = caught.value
    assert message in error.message
    assert error.path == path
    assert error.line == line
    assert error.describe().startswith(f"{path}:{line}:" if line else f"{path}:")


def test_utf8_bom_utf16_and_crlf_are_read(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfTitle one\r\n\r\nBody one.\r\n")
    (tmp_path / "wide.txt").write_bytes("Title two\n\nBody two.\n".encode("utf-16"))
    one, two = read(tmp_path / "bom.txt"), read(tmp_path / "wide.txt")
    assert (one.title, one.blocks[0].text) == ("Title one", "Body one.")
    assert (two.title, two.blocks[0].text) == ("Title two", "Body two.")


def test_discover_refuses_clashing_slugs(tmp_path: Path) -> None:
    (tmp_path / "Report.md").write_text("# A\n\nx\n", "utf-8")
    (tmp_path / "report.txt").write_text("B\n\ny\n", "utf-8")
    found = discover(tmp_path)
    assert found.articles == ()
    assert {r.error.message for r in found.refused} == {
        "two articles would publish to the same page 'report/': Report.md and report.txt; rename one of them"}


def test_discover_skips_sidecars_and_hidden_files(tmp_path: Path) -> None:
    for name in ("a.md", "a.yaml", ".hidden.md", "_draft.txt", "notes.pdf", "sub/b.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("T\n\nx\n", "utf-8")
    assert [s.rel for s in discover(tmp_path).articles] == ["a.md", "sub/b.txt"]
    assert [s.slug for s in discover(tmp_path).articles] == ["a", "sub-b"]


def test_article_slugs() -> None:
    assert article_slug("Café Report 2.md") == "cafe-report-2"
    assert article_slug("news/Café Report 2.md") == "news-cafe-report-2"
    assert article_slug("../../etc/passwd") == "etc-passwd"
    assert article_slug("!!!.txt") == "article"


def test_dates_known_only_to_the_month_or_year(tmp_path: Path) -> None:
    from generator.pages.render import format_date, iso_date

    path = tmp_path / "old.md"
    path.write_text("---\ntitle: Old news\ndate: 2004-12\n---\n\nBody.\n", "utf-8")
    date = read(path).date
    assert (date.year, date.month) == (2004, 12)
    assert (format_date(date), iso_date(date)) == ("December 2004", "2004-12")
