"""Every mistake a writer or reviewer can make is reported as `path:line:col: error: …` with a
hint, all at once, with exit status 1, no traceback, and the previous site/ left exactly as it was.

Each case edits a copy of tests/projects/minimal (which builds cleanly) and lists the exact lines
the build must print, in order; a compiled pattern stands for a line whose wording is not fixed.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
import hashlib
import os
from pathlib import Path
import re
from typing import Any

import pytest
from support import (
    override,
    page,
    parse_diagnostics,
    replace,
    rewrite_source,
    staging_leftovers,
    tree_digest,
    write,
)

from factpress.layout import DEFAULT_THEME

YAML_HINT = (
    "    hint: check indentation, and quote text that contains ': ', '#' or starts with a quote"
)
ARTICLE = (Path(__file__).parent / "projects" / "minimal" / "sources" / "thu-vien.txt").read_text(
    "utf-8"
)
DRIFTED = ARTICLE + "Một dòng thêm vào sau khi lưu trữ.\n"
VI_CATALOG = "locale/vi/LC_MESSAGES/messages.po"
ANY_HINT = re.compile(r"    hint: \S.*")
REPO = Path(__file__).resolve().parent.parent
PERCENT_HINT = (
    "    hint: write %% for a percent sign; a placeholder is written %(name)s, as in the msgid"
)


def line_of(rel_path: str, text: str) -> int:
    """The 1-based line of the project file where `text` starts, so expectations follow edits
    of the default templates and catalogs."""
    content = (DEFAULT_THEME / rel_path).read_text("utf-8")
    assert text in content, f"{text!r} is no longer in {rel_path}"
    return content[: content.index(text)].count("\n") + 1


PAGE_H1_LINE = line_of("templates/page.html", "<h1>")
CLAIM_REVIEW_H2_LINE = line_of("templates/claim.html", '<h2>{{ _("Review") }}</h2>')
BADGE_MACRO_LINE = line_of("templates/macros.html", "{% macro status_badge")
CLAIM_REVIEWER_LINE = line_of("templates/claim.html", "{{ view.claim.reviewer }}")


@dataclass(frozen=True)
class Case:
    id: str
    edit: Callable[[Path], None]
    expected: tuple[str | re.Pattern[str], ...]  # each diagnostic's line, then its hint line


def _both_pages(old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        replace(root, "content/en/index.md", old, new)
        replace(root, "content/vi/index.md", old, new)

    return edit


def _duplicate_claim(root: Path) -> None:
    facts = root / "facts.yaml"
    facts.write_text(facts.read_text("utf-8") + "  library-third:\n    source: thu-vien\n", "utf-8")


def _claim_named_index(root: Path) -> None:
    for rel in ("content/vi/index.md", "content/en/index.md"):
        replace(root, rel, "[@library-books]", "[@index]")
    replace(root, "facts.yaml", "  library-books:", "  index:")


def _ambiguous_quote(root: Path) -> None:
    rewrite_source(root, "thu-vien", ARTICLE + "Thư viện có 12.000 đầu sách.\n")


def _slug_of_generated_page(root: Path) -> None:
    replace(root, "content/en/ke-hoach.md", "slug: plan", "slug: claims")
    replace(root, "content/en/index.md", "(/en/plan/)", "(/en/claims/)")


def _second_page_same_slug(root: Path) -> None:
    write(root, "content/en/other.md", page("Other", "Another page.", "Text.\n", slug="plan"))
    write(root, "content/vi/other.md", page("Khác", "Trang khác.", "Chữ.\n", slug="ke-hoach"))


def _new_template_string(root: Path) -> None:
    replace(
        root,
        "templates/page.html",
        "  <h1>{{ page.source.front.title }}</h1>\n",
        '  <h1>{{ page.source.front.title }}</h1>\n  <p>{{ _("A label nobody translated") }}</p>\n',
    )


# A project catalog holds only what the project changes or adds to the default's.
OWN_CATALOG = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
OWN_ENTRY_LINE = 4


def _own_entry_untranslated(root: Path) -> None:
    write(root, VI_CATALOG, OWN_CATALOG + 'msgid "Our own label"\nmsgstr ""\n')


CASES = [
    # --- malformed YAML, in each of the four kinds of YAML file
    Case(
        "yaml-syntax-facts",
        lambda root: replace(
            root, "facts.yaml", "en: City A opened its 3rd", "en: City A: opened its 3rd"
        ),
        (
            "facts.yaml:7:15: error: YAML syntax error: mapping values are not allowed in this "
            "context [yaml-syntax]",
            YAML_HINT,
        ),
    ),
    Case(
        "yaml-syntax-quote-never-closed",
        lambda root: replace(
            root, "facts.yaml", "en: The city plans 2 more", 'en: "The city plans 2 more'
        ),
        (
            # PyYAML says the file ended (line 33), where the quote was never closed.
            "facts.yaml:28:9: error: YAML syntax error: while scanning a quoted scalar opened "
            "here, found unexpected end of stream [yaml-syntax]",
            YAML_HINT,
        ),
    ),
    Case(
        "yaml-syntax-front-matter",
        lambda root: replace(
            root, "content/en/index.md", "title: City A's libraries", "title: City A: libraries"
        ),
        (
            "content/en/index.md:2:14: error: YAML syntax error: mapping values are not allowed "
            "in this context [yaml-syntax]",
            YAML_HINT,
        ),
    ),
    Case(
        "yaml-syntax-source-metadata",
        lambda root: replace(
            root, "sources/thu-vien.yaml", "publisher: Báo Mẫu", "publisher: Báo: Mẫu"
        ),
        (
            "sources/thu-vien.yaml:2:15: error: YAML syntax error: mapping values are not allowed "
            "in this context [yaml-syntax]",
            YAML_HINT,
        ),
    ),
    Case(
        "yaml-syntax-site",
        lambda root: write(root, "site.yaml", "publisher: Báo: Mẫu\n"),
        (
            "site.yaml:1:15: error: YAML syntax error: mapping values are not allowed in this "
            "context [yaml-syntax]",
            YAML_HINT,
        ),
    ),
    # --- fields: missing, wrongly typed, unknown
    Case(
        "field-missing-claim",
        lambda root: replace(
            root,
            "facts.yaml",
            "    reviewer: Trần D\n    reviewed: 2026-11-02\n  library-books:",
            "    reviewed: 2026-11-02\n  library-books:",
        ),
        (
            "facts.yaml:2:3: error: claim 'library-third' has no 'reviewer' [field-missing]",
            "    hint: add a line such as `reviewer: <name>`",
        ),
    ),
    Case(
        "field-missing-front-matter",
        lambda root: replace(
            root,
            "content/en/index.md",
            "summary: How many libraries City A has, and how many more are planned.\n",
            "",
        ),
        (
            "content/en/index.md:2:1: error: the front matter has no 'summary' [field-missing]",
            "    hint: add a line such as `summary: …`",
        ),
    ),
    Case(
        "field-type-date",
        lambda root: replace(
            root,
            "facts.yaml",
            "    reviewed: 2026-11-02\n  library-books:",
            "    reviewed: yesterday\n  library-books:",
        ),
        (
            "facts.yaml:10:15: error: 'reviewed' of claim 'library-third' must be a date "
            "(YYYY-MM-DD), not str 'yesterday' [field-type]",
            "    hint: write `reviewed:` followed by a date (YYYY-MM-DD)",
        ),
    ),
    Case(
        "review-dated-after-tomorrow",
        lambda root: replace(
            root,
            "facts.yaml",
            "    reviewed: 2026-11-02\n  library-books:",
            "    reviewed: 2999-11-02\n  library-books:",
        ),
        (
            re.compile(
                r"facts\.yaml:2:3: error: claim 'library-third' was reviewed on 2999-11-02, a "
                r"day still to come \(today is \d{4}-\d\d-\d\d\) \[review-date\]"
            ),
            "    hint: write the day the claim was checked against its source in `reviewed:`",
        ),
    ),
    Case(
        "source-published-after-archived",
        lambda root: replace(
            root, "sources/thu-vien.yaml", "published: 2021-06-01", "published: 2026-11-03"
        ),
        (
            # Archived 2026-11-01: the day after passes (time zones), two days after does not.
            "sources/thu-vien.yaml:5:12: error: source 'thu-vien' was published on 2026-11-03, "
            "after it was archived (2026-11-01) [source-dates]",
            "    hint: a page is archived on or after the day it is published: correct one of them",
        ),
    ),
    Case(
        "field-type-quoted-date",
        lambda root: replace(
            root,
            "facts.yaml",
            "    reviewed: 2026-11-02\n  library-books:",
            "    reviewed: '2026-11-02'\n  library-books:",
        ),
        (
            "facts.yaml:10:15: error: 'reviewed' of claim 'library-third' must be a date "
            "(YYYY-MM-DD), not str '2026-11-02' [field-type]",
            "    hint: write `reviewed: 2026-11-02` without quotes: quoted, it is text",
        ),
    ),
    Case(
        "field-type-quoted-time",
        lambda root: replace(
            root,
            "sources/thu-vien.yaml",
            "archived: 2026-11-01",
            "archived: 2026-11-01\nfetched_at: '2026-11-01T08:14:03Z'",
        ),
        (
            "sources/thu-vien.yaml:8:13: error: 'fetched_at' of source 'thu-vien' must be a date "
            "and time (YYYY-MM-DDTHH:MM:SSZ), not str '2026-11-01T08:14:03Z' [field-type]",
            "    hint: write `fetched_at: 2026-11-01T08:14:03Z` without quotes: quoted, it is text",
        ),
    ),
    Case(
        "field-type-not-a-time",
        lambda root: replace(
            root,
            "sources/thu-vien.yaml",
            "archived: 2026-11-01",
            "archived: 2026-11-01\nfetched_at: this morning",
        ),
        (
            "sources/thu-vien.yaml:8:13: error: 'fetched_at' of source 'thu-vien' must be a date "
            "and time (YYYY-MM-DDTHH:MM:SSZ), not str 'this morning' [field-type]",
            "    hint: write `fetched_at:` followed by a date and time in UTC, such as "
            "2026-12-06T08:14:03Z",
        ),
    ),
    Case(
        "field-type-no-such-day",
        lambda root: replace(
            root,
            "facts.yaml",
            "    reviewed: 2026-11-02\n  library-books:",
            "    reviewed: 2026-02-30\n  library-books:",
        ),
        (
            "facts.yaml:10:15: error: 'reviewed' of claim 'library-third' must be a date "
            "(YYYY-MM-DD), not '2026-02-30', which is not a real date [field-type]",
            "    hint: write `reviewed:` followed by a date (YYYY-MM-DD)",
        ),
    ),
    Case(
        "field-type-tagged-not-a-number",
        lambda root: replace(
            root,
            "facts.yaml",
            "    reviewed: 2026-11-02\n  library-books:",
            "    reviewed: !!int abc\n  library-books:",
        ),
        (
            "facts.yaml:10:15: error: 'reviewed' of claim 'library-third' must be a date "
            "(YYYY-MM-DD), not 'abc', which is not a whole number [field-type]",
            "    hint: write `reviewed:` followed by a date (YYYY-MM-DD)",
        ),
    ),
    Case(
        # As `capture` writes a value it could not find: a value is missing, not quotes.
        "field-null-source-metadata",
        lambda root: replace(
            root, "sources/thu-vien.yaml", "publisher: Báo Mẫu", "publisher: null"
        ),
        (
            "sources/thu-vien.yaml:2:12: error: 'publisher' of source 'thu-vien' must be text, "
            "not empty [field-type]",
            "    hint: `publisher:` has no value: write text after it",
        ),
    ),
    Case(
        "field-unknown-claim",
        lambda root: replace(
            root,
            "facts.yaml",
            "    reviewed: 2026-11-02\n  library-books:",
            "    reviewed: 2026-11-02\n    reviwer: X\n  library-books:",
        ),
        (
            "facts.yaml:11:5: error: unknown field 'reviwer' in claim 'library-third' "
            "[field-unknown]",
            "    hint: did you mean 'reviewer'?",
        ),
    ),
    Case(
        "field-unknown-source-metadata",
        lambda root: replace(
            root, "sources/thu-vien.yaml", "language: vi", "language: vi\nauther: X"
        ),
        (
            "sources/thu-vien.yaml:5:1: error: unknown field 'auther' in source 'thu-vien' "
            "[field-unknown]",
            "    hint: did you mean 'author'?",
        ),
    ),
    Case(
        "field-unknown-site",
        lambda root: write(root, "site.yaml", "publisher: Báo Mẫu\nbase_ulr: https://x.org\n"),
        (
            "site.yaml:2:1: error: unknown field 'base_ulr' in site.yaml [field-unknown]",
            "    hint: did you mean 'base_url'?",
        ),
    ),
    # --- claims
    Case(
        "duplicate-claim-id",
        _duplicate_claim,
        (
            "facts.yaml:33:3: error: duplicate key 'library-third' (first defined at line 2) "
            "[yaml-duplicate-key]",
            "    hint: every key of a mapping must be unique: rename or merge the two",
        ),
    ),
    Case(
        "reserved-claim-id",
        _claim_named_index,
        (
            "facts.yaml:11:3: error: claim id 'index' is reserved [claim-id]",
            "    hint: /<lang>/claims/index.html is the first page of the reviewer table: "
            "rename the claim",
        ),
    ),
    Case(
        "unknown-status",
        lambda root: replace(
            root,
            "facts.yaml",
            "status: verified\n    reviewer: Trần D\n    reviewed: 2026-11-02\n  library-books",
            "status: verifed\n    reviewer: Trần D\n    reviewed: 2026-11-02\n  library-books",
        ),
        (
            "facts.yaml:8:13: error: unknown review status 'verifed' [claim-status]",
            "    hint: use one of: verified, needs-review, needs-corroboration, disputed",
        ),
    ),
    Case(
        "unknown-source",
        lambda root: replace(
            root,
            "facts.yaml",
            "  library-third:\n    source: thu-vien",
            "  library-third:\n    source: thu-vienn",
        ),
        (
            "facts.yaml:3:13: error: claim 'library-third' cites unknown source 'thu-vienn' "
            "[source-unknown]",
            "    hint: did you mean 'thu-vien'?",
        ),
    ),
    Case(
        "quote-not-found",
        lambda root: replace(
            root, "facts.yaml", "đã mở thư viện thứ 3", "đã khai trương thư viện thứ 3"
        ),
        (
            "facts.yaml:4:12: error: the quote of claim 'library-third' is not in source "
            "'thu-vien' [quote-not-found]",
            re.compile(
                r"    hint: the closest sentence \(sources/thu-vien\.txt:3:1, p2s1, \d+% alike\) "
                r"reads: \(TTX\) Thành phố A đã mở thư viện thứ 3 vào năm 2021\."
            ),
        ),
    ),
    Case(
        "quote-ambiguous",
        _ambiguous_quote,
        (
            "facts.yaml:13:12: error: the quote of claim 'library-books' occurs 2 times in source "
            "'thu-vien': at sources/thu-vien.txt:3:54 and sources/thu-vien.txt:5:1 "
            "[quote-ambiguous]",
            "    hint: quote more of the sentence so that the words occur only once",
        ),
    ),
    Case(
        "number-not-in-quote",
        lambda root: replace(
            root,
            "facts.yaml",
            "en: The library holds 12,000 titles.",
            "en: The library holds 13,000 titles.",
        ),
        (
            "facts.yaml:16:5: error: the en text of claim 'library-books' has 13000, which its "
            "quote does not [claim-number-unsupported]",
            "    hint: a claim may state only the numbers its quote contains: quote more, or "
            "correct the claim",
        ),
    ),
    Case(
        "number-written-as-the-other-language-writes-it",
        lambda root: replace(
            root,
            "facts.yaml",
            "vi: Thư viện có 12.000 đầu sách.",
            "vi: Thư viện có 12,000 đầu sách.",
        ),
        (
            "facts.yaml:15:5: error: the vi text of claim 'library-books' has 12,000 (which reads "
            "12 in vi), which its quote does not [claim-number-unsupported]",
            "    hint: a claim may state only the numbers its quote contains: quote more, or "
            "correct the claim",
        ),
    ),
    # --- sources
    Case(
        "source-file-missing",
        lambda root: (root / "sources" / "thu-vien.txt").unlink(),
        (
            "sources/thu-vien.yaml:1:1: error: the archived file sources/thu-vien.txt is missing "
            "[source-missing]",
            "    hint: put the captured document, unchanged, next to its metadata",
        ),
    ),
    Case(
        "source-metadata-missing",
        lambda root: (root / "sources" / "thu-vien.yaml").unlink(),
        (
            "sources/thu-vien.txt:1:1: error: source 'thu-vien' has no metadata file "
            "[source-no-metadata]",
            "    hint: describe it in sources/thu-vien.yaml (title, publisher, sha256, …)",
        ),
    ),
    Case(
        "source-sha256-drift",
        lambda root: (root / "sources" / "thu-vien.txt").write_text(DRIFTED, "utf-8"),
        (
            "sources/thu-vien.yaml:8:9: error: sources/thu-vien.txt no longer matches its "
            f"recorded sha256 (now {hashlib.sha256(DRIFTED.encode()).hexdigest()[:12]}…); "
            "claims resting on it: library-books, library-plan, library-third [source-changed]",
            "    hint: restore the archived bytes; if the new capture is intended, review those "
            "claims against it again, then record the new sha256",
        ),
    ),
    # --- citations in pages
    Case(
        "unknown-citation",
        _both_pages("[@library-books]", "[@library-book]"),
        (
            "content/en/index.md:5:82: error: unknown claim 'library-book' [claim-unknown]",
            "    hint: did you mean 'library-books'?",
            "content/vi/index.md:5:87: error: unknown claim 'library-book' [claim-unknown]",
            "    hint: did you mean 'library-books'?",
            "facts.yaml:11:3: warning: claim 'library-books' is not cited by any page "
            "[claim-unused]",
            "    hint: cite it as [@library-books], or remove it",
        ),
    ),
    Case(
        "invalid-citation-id",
        lambda root: replace(
            root,
            "content/en/index.md",
            "See also [the plan](/en/plan/).\n",
            "See also [the plan](/en/plan/).\n\nMore [@Bad_ID].\n",
        ),
        (
            "content/en/index.md:9:6: error: '[@Bad_ID]' is not a valid claim citation "
            "[citation-syntax]",
            "    hint: claim ids use only lower-case letters, digits and hyphens",
        ),
    ),
    Case(
        "mistyped-citations",
        lambda root: replace(
            root,
            "content/en/index.md",
            "See also [the plan](/en/plan/).\n",
            "See also [the plan](/en/plan/).\n\n"
            "[@ plan] [ @plan] [@plan, @library-books] [@plan; @library-books] "
            "\\[@as-text] [@plan\n",
        ),
        (
            "content/en/index.md:9:1: error: '[@ plan]' is not a valid claim citation "
            "[citation-syntax]",
            "    hint: write it with no space inside the brackets: [@claim-id] "
            "(or \\[@ to show it as text)",
            "content/en/index.md:9:10: error: '[ @plan]' is not a valid claim citation "
            "[citation-syntax]",
            "    hint: write it with no space inside the brackets: [@claim-id] "
            "(or \\[@ to show it as text)",
            "content/en/index.md:9:19: error: '[@plan, @library-books]' is not a valid claim "
            "citation [citation-syntax]",
            "    hint: cite each claim in brackets of its own: [@first-id][@second-id]",
            "content/en/index.md:9:43: error: '[@plan; @library-books]' is not a valid claim "
            "citation [citation-syntax]",
            "    hint: cite each claim in brackets of its own: [@first-id][@second-id]",
            "content/en/index.md:9:79: error: '[@plan' is not a valid claim citation "
            "[citation-syntax]",
            "    hint: close it with `]` on the same line: [@claim-id]",
        ),
    ),
    # --- the two languages
    Case(
        "missing-translation",
        lambda root: write(root, "content/en/extra.md", page("Extra", "More.", "Text.\n")),
        (
            "content/en/extra.md:1:1: error: this page has no Vietnamese version "
            "(content/vi/extra.md is missing) [translation-missing]",
            "    hint: translate it, or create content/vi/extra.md with `translation: pending`, "
            "a title and a summary",
        ),
    ),
    Case(
        "claims-differ-between-languages",
        lambda root: replace(
            root, "content/en/index.md", " It holds 12,000 titles [@library-books].", ""
        ),
        (
            "content/vi/index.md:5:87: error: claim 'library-books' is cited here but not in "
            "content/en/index.md [translation-claims-differ]",
            "    hint: both languages of a page must cite the same claims",
        ),
    ),
    # --- links and URLs
    Case(
        "link-to-a-sentence-the-source-does-not-have",
        lambda root: replace(
            root,
            "content/en/index.md",
            "See also [the plan](/en/plan/).\n",
            "See also [the plan](/en/plan/), [the plan's sentence](/en/sources/thu-vien/#p3s1)"
            " and [another](/en/sources/thu-vien/#p9s9).\n\n"
            "[One](/en/sources/thu-vien#p8s1), [two](/en/sources/thu-vien/index.html#p7s1).\n",
        ),
        (
            "content/en/index.md:7:97: error: link to /en/sources/thu-vien/#p9s9 leads to no "
            "sentence of source 'thu-vien', whose sentences run from p1s1 to p3s1 [link-broken]",
            "    hint: find the sentence on the source's page and link to its id there",
            "content/en/index.md:9:7: error: link to /en/sources/thu-vien#p8s1 leads to no "
            "sentence of source 'thu-vien', whose sentences run from p1s1 to p3s1 [link-broken]",
            "    hint: find the sentence on the source's page and link to its id there",
            "content/en/index.md:9:41: error: link to /en/sources/thu-vien/index.html#p7s1 leads "
            "to no sentence of source 'thu-vien', whose sentences run from p1s1 to p3s1 "
            "[link-broken]",
            "    hint: find the sentence on the source's page and link to its id there",
        ),
    ),
    Case(
        "broken-internal-link",
        lambda root: replace(root, "content/en/index.md", "(/en/plan/)", "(/en/plans/)"),
        (
            "content/en/index.md:7:21: error: link to /en/plans/ leads nowhere in the site "
            "[link-broken]",
            "    hint: did you mean /en/plan/?",
        ),
    ),
    Case(
        "broken-link-with-non-ascii-target",
        lambda root: replace(root, "content/en/index.md", "(/en/plan/)", "(/en/đối-tác/)"),
        (
            re.compile(
                r"content/en/index\.md:7:21: error: link to "
                r"(/en/đối-tác/|/en/%C4%91%E1%BB%91i-t%C3%A1c/) leads nowhere in the site "
                r"\[link-broken\]"
            ),
            ANY_HINT,
        ),
    ),
    Case(
        "broken-reference-link",
        lambda root: replace(
            root,
            "content/en/index.md",
            "[the plan](/en/plan/).",
            "[the plan][p].\n\n[p]: /en/plans/",
        ),
        (
            re.compile(
                r"content/en/index\.md:(7:10|9:6): error: link to /en/plans/ leads nowhere in "
                r"the site \[link-broken\]"
            ),
            "    hint: did you mean /en/plan/?",
        ),
    ),
    Case(
        "broken-image",
        lambda root: replace(
            root, "content/en/index.md", "[the plan](/en/plan/).", "![a map](/static/map.png)."
        ),
        (
            re.compile(r"content/en/index\.md:7:\d+: error: .*/static/map\.png.* \[[a-z-]+\]"),
            ANY_HINT,
        ),
    ),
    Case(
        "two-pages-same-url",
        _second_page_same_slug,
        (
            "content/en/other.md:1:1: error: /en/plan/ is also the address of "
            "content/en/ke-hoach.md [url-conflict]",
            "    hint: give one of them another `slug:`",
            "content/vi/other.md:1:1: error: /vi/ke-hoach/ is also the address of "
            "content/vi/ke-hoach.md [url-conflict]",
            "    hint: give one of them another `slug:`",
        ),
    ),
    Case(
        "page-url-taken-by-claims-table",
        _slug_of_generated_page,
        (
            re.compile(r"content/en/ke-hoach\.md:\d+:\d+: error: .*/en/claims/.* \[url-conflict\]"),
            ANY_HINT,
        ),
    ),
    # --- interface catalogs
    Case(
        "catalog-entry-untranslated",
        _own_entry_untranslated,
        (
            f"{VI_CATALOG}:{OWN_ENTRY_LINE}:1: error: 'Our own label' has no translation "
            "[catalog-untranslated]",
            "    hint: fill in its msgstr",
        ),
    ),
    Case(
        "catalog-entry-fuzzy",
        lambda root: write(
            root, VI_CATALOG, OWN_CATALOG + '#, fuzzy\nmsgid "Our own label"\nmsgstr "Nhãn"\n'
        ),
        (
            f"{VI_CATALOG}:{OWN_ENTRY_LINE + 1}:1: error: 'Our own label' is marked fuzzy, so its "
            "translation is not used [catalog-untranslated]",
            "    hint: check the msgstr, then remove the `#, fuzzy` line above the msgid",
        ),
    ),
    Case(
        "catalog-plural-entry-empty",
        lambda root: write(
            root,
            VI_CATALOG,
            OWN_CATALOG + 'msgid "%(num)s label"\nmsgid_plural "%(num)s labels"\nmsgstr[0] ""\n',
        ),
        (
            f"{VI_CATALOG}:{OWN_ENTRY_LINE}:1: error: '%(num)s label' has no translation "
            "[catalog-untranslated]",
            "    hint: fill in its msgstr",
        ),
    ),
    Case(
        "source-name",
        lambda root: (
            write(root, "sources/Nguồn.txt", (root / "sources/thu-vien.txt").read_text()),
            write(root, "sources/Nguồn.yaml", (root / "sources/thu-vien.yaml").read_text()),
        ),
        (
            "sources/Nguồn.yaml:1:1: error: a source's file name makes its URL, and "
            "'Nguồn' is not a URL name [source-name]",
            "    hint: rename both its files sources/nguon.txt and .yaml, and the claims' "
            "`source: nguon`",
        ),
    ),
    Case(
        "source-url",
        lambda root: replace(
            root,
            "sources/thu-vien.yaml",
            "url: https://news.example.com/thu-vien",
            "url: javascript:alert(1)",
        ),
        (
            re.compile(
                r"sources/thu-vien\.yaml:\d+:6: error: 'url' of source 'thu-vien' must be the "
                r"address it was published at, http:// or https://, not 'javascript:alert\(1\)' "
                r"\[source-url\]"
            ),
            "    hint: copy the address from the browser's address bar, or leave `url:` out",
        ),
    ),
    Case(
        "source-language",
        lambda root: replace(root, "sources/thu-vien.yaml", "language: vi", "language: Vietnamese"),
        (
            re.compile(
                r"sources/thu-vien\.yaml:\d+:11: error: 'language' of source 'thu-vien' must be "
                r"a language tag, such as vi or en, not 'Vietnamese' \[source-language\]"
            ),
            "    hint: write the BCP 47 tag of the source's language: vi, en, fr, zh-Hant…",
        ),
    ),
    Case(
        "config-review-age",
        lambda root: write(root, "site.yaml", "review_max_age_days: -3\n"),
        (
            "site.yaml:1:22: error: review_max_age_days is -3: every review would be due at "
            "once [config-review-age]",
            "    hint: give the days a review stays current, 1 to 36500 (without it, 365)",
        ),
    ),
    Case(
        "config-base-url-without-host",
        lambda root: write(root, "site.yaml", 'base_url: "https://"\n'),
        (
            "site.yaml:1:11: error: base_url 'https://' is not an absolute http(s) address "
            "[config-base-url]",
            "    hint: write it as https://example.org (canonical links are built on it)",
        ),
    ),
    Case(
        "file-unreadable-site-yaml-a-folder",
        lambda root: (root / "site.yaml").mkdir(),
        (
            "site.yaml:1:1: error: cannot read site.yaml: Is a directory [file-unreadable]",
            "    hint: check the file's permissions, or move it out of the project",
        ),
    ),
    Case(
        "config-base-url-with-an-ipv6-bracket-left-open",
        lambda root: write(root, "site.yaml", "base_url: https://[::1\n"),
        (
            "site.yaml:1:11: error: base_url 'https://[::1' is not an absolute http(s) address "
            "[config-base-url]",
            "    hint: write it as https://example.org (canonical links are built on it)",
        ),
    ),
    Case(
        "config-base-url-with-a-port-that-is-no-number",
        lambda root: write(root, "site.yaml", "base_url: https://example.org:abc\n"),
        (
            "site.yaml:1:11: error: base_url 'https://example.org:abc' is not an absolute http(s) "
            "address [config-base-url]",
            "    hint: write it as https://example.org (canonical links are built on it)",
        ),
    ),
    Case(
        "source-url-with-an-ipv6-bracket-left-open",
        lambda root: replace(
            root,
            "sources/thu-vien.yaml",
            "url: https://news.example.com/thu-vien",
            'url: "https://[::1"',
        ),
        (
            re.compile(
                r"sources/thu-vien\.yaml:\d+:6: error: 'url' of source 'thu-vien' must be the "
                r"address it was published at, http:// or https://, not 'https://\[::1' "
                r"\[source-url\]"
            ),
            "    hint: copy the address from the browser's address bar, or leave `url:` out",
        ),
    ),
    Case(
        "link-broken-no-valid-address",
        lambda root: replace(root, "content/en/index.md", "(/en/plan/)", "(http://[oops/)"),
        (
            "content/en/index.md:7:21: error: link to http://[oops/ is no valid address "
            "(Invalid IPv6 URL) [link-broken]",
            "    hint: check its brackets (an IPv6 host) and its port",
        ),
    ),
    Case(
        "front-matter-slug-on-the-home-page",
        lambda root: replace(root, "content/en/index.md", "title:", "slug: home\ntitle:"),
        (
            "content/en/index.md:2:7: error: the home page's address is /en/: it takes no slug "
            "[front-matter-slug]",
            "    hint: remove the `slug:` line (another page with a slug of its own is another "
            "file)",
        ),
    ),
    Case(
        "template-empty",
        lambda root: write(root, "templates/base.html", "\n"),
        (
            "templates/base.html:1:1: error: page.html renders nothing for /en/: "
            "templates/base.html is empty [template-empty]",
            '    hint: restore the template, or extend the default one: {% extends "default/'
            'base.html" %}',
            "templates/base.html:1:1: error: page.html renders nothing for /vi/: "
            "templates/base.html is empty [template-empty]",
            '    hint: restore the template, or extend the default one: {% extends "default/'
            'base.html" %}',
        ),
    ),
    Case(
        "catalog-string-not-closed",
        lambda root: write(root, VI_CATALOG, OWN_CATALOG + 'msgid "All claims"\nmsgstr "Tất cả\n'),
        (
            f"{VI_CATALOG}:{OWN_ENTRY_LINE + 1}:1: error: line {OWN_ENTRY_LINE + 1} of the catalog "
            "is not a keyword and a string in double quotes [catalog-syntax]",
            '    hint: close the string with ", and write a " inside it as \\"',
        ),
    ),
    Case(
        "catalog-msgstr-missing",
        lambda root: write(root, VI_CATALOG, OWN_CATALOG + 'msgid "All claims"\n\nmsgid "B"\n'),
        (
            f"{VI_CATALOG}:{OWN_ENTRY_LINE}:1: error: cannot read the catalog: missing msgstr for "
            "msgid 'All claims' [catalog-syntax]",
            "    hint: each entry is a msgid line and a msgstr line, both in double quotes",
        ),
    ),
    Case(
        "catalog-placeholder-misspelt",
        lambda root: write(
            root,
            VI_CATALOG,
            OWN_CATALOG + 'msgid "Claim %(number)s"\nmsgstr "Nhận định %(numbr)s"\n',
        ),
        (
            f"{VI_CATALOG}:{OWN_ENTRY_LINE}:1: error: the translation of 'Claim %(number)s' "
            "uses %(numbr)s, which its msgid does not have [catalog-placeholder]",
            "    hint: use the msgid's placeholders as they are written: %(number)s",
        ),
    ),
    Case(
        "catalog-placeholder-cut-short",
        lambda root: write(
            root,
            VI_CATALOG,
            OWN_CATALOG + 'msgid "Claim %(number)s"\nmsgstr "Nhận định %(number)"\n',
        ),
        (
            f"{VI_CATALOG}:{OWN_ENTRY_LINE}:1: error: the translation of 'Claim %(number)s' "
            "has a % that is no placeholder: '%(number)' [catalog-placeholder]",
            PERCENT_HINT,
        ),
    ),
    # Every string is filled in with `%`, with arguments or without (newstyle gettext).
    Case(
        "catalog-percent-sign-without-placeholders",
        lambda root: write(
            root, VI_CATALOG, OWN_CATALOG + 'msgid "All claims"\nmsgstr "100% nhận định"\n'
        ),
        (
            f"{VI_CATALOG}:{OWN_ENTRY_LINE}:1: error: the translation of 'All claims' has a % "
            "that is no placeholder: '% nhận định' [catalog-placeholder]",
            PERCENT_HINT,
        ),
    ),
    Case(
        "catalog-percent-sign-with-placeholders",
        lambda root: write(
            root,
            VI_CATALOG,
            OWN_CATALOG + 'msgid "Sentence %(id)s of “%(title)s”"\n'
            'msgstr "Câu %(id)s trong “%(title)s”, 100% khớp"\n',
        ),
        (
            f"{VI_CATALOG}:{OWN_ENTRY_LINE}:1: error: the translation of 'Sentence %(id)s of "
            "“%(title)s”' has a % that is no placeholder: '% khớp' [catalog-placeholder]",
            PERCENT_HINT,
        ),
    ),
    Case(
        "catalog-placeholder-without-a-name",
        lambda root: write(
            root, VI_CATALOG, OWN_CATALOG + 'msgid "All claims"\nmsgstr "Tất cả %s nhận định"\n'
        ),
        (
            f"{VI_CATALOG}:{OWN_ENTRY_LINE}:1: error: the translation of 'All claims' has a % "
            "that is no placeholder: '%s nhận định' [catalog-placeholder]",
            PERCENT_HINT,
        ),
    ),
    Case(
        "catalog-entry-missing-for-new-template-string",
        _new_template_string,
        (
            re.compile(
                rf"(templates/page\.html:{PAGE_H1_LINE + 1}"
                r"|locale/vi/LC_MESSAGES/messages\.po:\d+):\d+: error: "
                r".*'A label nobody translated'.* \[[a-z-]+\]"
            ),
            ANY_HINT,
        ),
    ),
    # --- templates: these fail in the render stage, after every check has passed
    Case(
        "template-syntax-error",
        lambda root: replace(
            root, "templates/claim.html", '<h2>{{ _("Review") }}</h2>', '<h2>{{ _("Review") }</h2>'
        ),
        (
            f"templates/claim.html:{CLAIM_REVIEW_H2_LINE}"
            ":1: error: template syntax error: unexpected '}' "
            "[template-syntax]",
            "    hint: see the Jinja template documentation for the tag's form",
        ),
    ),
    Case(
        "template-syntax-error-in-imported-macros",
        lambda root: replace(
            root,
            "templates/macros.html",
            "{% macro status_badge(status) -%}",
            "{% macro status_badge(status) -%}{% if %}",
        ),
        (
            f"templates/macros.html:{BADGE_MACRO_LINE}:1: "
            "error: template syntax error: Expected an expression, "
            "got 'end of statement block' [template-syntax]",
            "    hint: see the Jinja template documentation for the tag's form",
        ),
    ),
    Case(
        "template-undefined-variable",
        lambda root: replace(
            root,
            "templates/page.html",
            "<h1>{{ page.source.front.title }}</h1>",
            "<h1>{{ page_title }}</h1>",
        ),
        tuple(
            line
            for lang in ("en", "vi")
            for line in (
                f"templates/page.html:{PAGE_H1_LINE}:1: error: UndefinedError: "
                f"'page_title' is undefined (rendering /{lang}/, and 1 other page) "
                "[template-error]",
                "    hint: a name the template uses is not defined for this page, or is misspelt",
            )
        ),
    ),
    Case(
        "template-undefined-attribute",
        lambda root: replace(
            root,
            "templates/claim.html",
            "<dd>{{ view.claim.reviewer }}</dd>",
            "<dd>{{ view.claim.reviewr }}</dd>",
        ),
        tuple(
            line
            for lang in ("en", "vi")
            for line in (
                f"templates/claim.html:{CLAIM_REVIEWER_LINE}:1: error: UndefinedError: "
                "'factpress.model.Claim object' has no attribute 'reviewr' "
                f"(rendering /{lang}/claims/library-third.html, and 2 other pages) "
                "[template-error]",
                "    hint: a name the template uses is not defined for this page, or is misspelt",
            )
        ),
    ),
    Case(
        "template-expression-failing",
        lambda root: replace(
            root,
            "templates/page.html",
            "<h1>{{ page.source.front.title }}</h1>",
            "<h1>{{ page.source.front.title }} {{ 1 // (page.cited_ids|length * 0) }}</h1>",
        ),
        tuple(
            line
            for lang in ("en", "vi")
            for line in (
                f"templates/page.html:{PAGE_H1_LINE}:1: error: ZeroDivisionError: "
                f"integer division or modulo by zero (rendering /{lang}/, and 1 other page) "
                "[template-error]",
                "    hint: the expression on this line fails on that page's data: guard it with "
                "an {% if %}",
            )
        ),
    ),
]


@pytest.fixture
def built_minimal(project: Callable[[str], Path], run_cli: Callable[..., Any]) -> Path:
    """The minimal project with a good site/ already built, as after a previous build."""
    root = project("minimal")
    result = run_cli("--root", root)
    assert result.code == 0, result.err
    return root


def _assert_lines(actual: list[str], expected: tuple[str | re.Pattern[str], ...]) -> None:
    shown = "\n".join(actual)
    assert len(actual) == len(expected), f"expected {len(expected)} lines, got:\n{shown}"
    for got, want in zip(actual, expected, strict=True):
        if isinstance(want, re.Pattern):
            assert want.fullmatch(got), f"{got!r} does not match {want.pattern!r}\n{shown}"
        else:
            assert got == want, f"\n{shown}"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_user_error_is_reported_with_place_and_hint_and_site_is_kept(
    case: Case, built_minimal: Path, run_cli: Callable[..., Any]
) -> None:
    root = built_minimal
    before = tree_digest(root / "site")
    case.edit(root)

    result = run_cli("--root", root)

    assert result.code == 1
    assert result.out == ""
    err = result.err
    assert "Traceback" not in err
    *diagnostic_lines, summary = err.splitlines()
    _assert_lines(diagnostic_lines, case.expected)
    printed, other = parse_diagnostics(err)
    assert other == [summary]
    assert all(d.hint for d in printed), "every diagnostic has a hint line"
    errors = sum(d.severity == "error" for d in printed)
    warnings = len(printed) - errors
    assert summary == (
        f"{errors} error{'' if errors == 1 else 's'}, "
        f"{warnings} warning{'' if warnings == 1 else 's'}: {root / 'site'} not written"
    )
    assert tree_digest(root / "site") == before
    assert staging_leftovers(root) == []


def test_all_errors_of_a_build_are_reported_together(
    built_minimal: Path, run_cli: Callable[..., Any]
) -> None:
    root = built_minimal
    before = tree_digest(root / "site")
    replace(root, "facts.yaml", "status: needs-corroboration", "status: corroborated")
    replace(root, "content/en/index.md", "(/en/plan/)", "(/en/plans/)")
    replace(root, "content/vi/index.md", "(/vi/ke-hoach/)", "(/vi/ke-hoac/)")
    write(root, "site.yaml", "publisher: Báo Mẫu\ncontatc: x@example.org\n")
    _own_entry_untranslated(root)

    result = run_cli("--root", root)

    assert result.code == 1
    printed, _ = parse_diagnostics(result.err)
    assert [d.head for d in printed] == [
        "content/en/index.md:7:21: error: link to /en/plans/ leads nowhere in the site "
        "[link-broken]",
        "content/vi/index.md:7:21: error: link to /vi/ke-hoac/ leads nowhere in the site "
        "[link-broken]",
        "facts.yaml:17:13: error: unknown review status 'corroborated' [claim-status]",
        f"{VI_CATALOG}:{OWN_ENTRY_LINE}:1: error: 'Our own label' has no translation "
        "[catalog-untranslated]",
        "site.yaml:2:1: error: unknown field 'contatc' in site.yaml [field-unknown]",
    ]
    assert result.err.splitlines()[-1].startswith("5 errors, 0 warnings: ")
    assert tree_digest(root / "site") == before


def test_a_claim_with_a_wrong_field_still_has_its_quote_and_its_dates_checked(
    built_minimal: Path, run_cli: Callable[..., Any]
) -> None:
    # A misspelt status makes the claim unpublishable, but its source, its quote and its review
    # date read: what is wrong with them is said in the same build, not after the next fix.
    root = built_minimal
    replace(root, "facts.yaml", "status: needs-corroboration", "status: verfied")
    replace(root, "facts.yaml", "quote: Thư viện có 12.000 đầu sách", "quote: Thư viện có 13 sách")
    replace(
        root,
        "facts.yaml",
        "    reviewed: 2026-11-02\n    notes:",
        "    reviewed: 2099-11-27\n    notes:",
    )
    replace(
        root,
        "facts.yaml",
        "    source: thu-vien\n    quote: 'Chúng",
        "    source: thu-vin\n    quote: 'Chúng",
    )
    replace(root, "facts.yaml", "    attributed_to:", "    attributed: X\n    attributed_to:")

    result = run_cli("--root", root)

    assert result.code == 1
    printed, _ = parse_diagnostics(result.err)
    # The day the build runs on is not the test's to fix.
    heads = [re.sub(r"today is [\d-]+", "today is …", d.head) for d in printed]
    assert heads == [
        "facts.yaml:11:3: error: claim 'library-books' was reviewed on 2099-11-27, a day still "
        "to come (today is …) [review-date]",
        "facts.yaml:13:12: error: the quote of claim 'library-books' is not in source "
        "'thu-vien' [quote-not-found]",
        "facts.yaml:17:13: error: unknown review status 'verfied' [claim-status]",
        "facts.yaml:24:13: error: claim 'library-plan' cites unknown source 'thu-vin' "
        "[source-unknown]",
        "facts.yaml:32:5: error: unknown field 'attributed' in claim 'library-plan' "
        "[field-unknown]",
    ]


def test_a_page_that_fails_to_load_breaks_no_link_to_it_and_is_named_where_it_may_be_linked(
    built_minimal: Path, run_cli: Callable[..., Any]
) -> None:
    # Its address is unknown while its front matter does not read: the Vietnamese page's is its
    # file's name, which links to it reach; the English page's is its `slug: plan`.
    for lang in ("vi", "en"):
        replace(built_minimal, f"content/{lang}/ke-hoach.md", "order: 2\n", "order: 2\norder: 3\n")
    result = run_cli("--root", built_minimal)
    printed, _ = parse_diagnostics(result.err)
    assert [(d.head, d.hint) for d in printed] == [
        (
            "content/en/index.md:7:21: error: link to /en/plan/ leads nowhere in the site "
            "[link-broken]",
            "    hint: content/en/ke-hoach.md did not load (see its error): if the link is to "
            "that page, fix it first",
        ),
        (
            "content/en/ke-hoach.md:5:1: error: duplicate key 'order' (first defined at line 4) "
            "[yaml-duplicate-key]",
            "    hint: every key of a mapping must be unique: rename or merge the two",
        ),
        (
            "content/vi/ke-hoach.md:5:1: error: duplicate key 'order' (first defined at line 4) "
            "[yaml-duplicate-key]",
            "    hint: every key of a mapping must be unique: rename or merge the two",
        ),
    ]


def test_a_home_page_that_fails_to_load_breaks_no_link_to_its_address(
    built_minimal: Path, run_cli: Callable[..., Any]
) -> None:
    # A home page's address is its language's, not /en/index/.
    for lang in ("vi", "en"):
        page = built_minimal / "content" / lang / "index.md"
        page.write_text(page.read_text("utf-8").replace("title:", "title: x\ntitle:", 1), "utf-8")
        plan = built_minimal / "content" / lang / "ke-hoach.md"
        plan.write_text(plan.read_text("utf-8") + f"\n[home](/{lang}/)\n", "utf-8")
    result = run_cli("--root", built_minimal)
    printed, _ = parse_diagnostics(result.err)
    assert [d.code for d in printed] == ["yaml-duplicate-key", "yaml-duplicate-key"]
    assert [d.path for d in printed] == ["content/en/index.md", "content/vi/index.md"]


def test_a_mistyped_citation_in_one_language_is_one_error_not_a_translation_mismatch(
    built_minimal: Path, run_cli: Callable[..., Any]
) -> None:
    replace(built_minimal, "content/en/index.md", "[@library-books]", "[@library-book]")
    result = run_cli("--root", built_minimal)
    printed, _ = parse_diagnostics(result.err)
    assert [d.head for d in printed] == [
        "content/en/index.md:5:82: error: unknown claim 'library-book' [claim-unknown]"
    ]


def test_a_file_that_cannot_be_read_is_reported_not_left_out(
    built_minimal: Path, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a file with no read permission would be for anyone but root (who runs these tests).
    root = built_minimal
    before = tree_digest(root / "site")
    locked = {root / "content" / "vi" / "ke-hoach.md", root / "sources" / "thu-vien.yaml"}
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path in locked:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    for path in locked:
        os.utime(path)  # as chmod would, it moves the file's ctime: its stat is not trusted
    result = run_cli("--root", root)

    assert result.code == 1
    assert "Traceback" not in result.err
    printed, _ = parse_diagnostics(result.err)
    assert [d.head for d in printed] == [
        "content/vi/ke-hoach.md:1:1: error: cannot read content/vi/ke-hoach.md: "
        "Permission denied [file-unreadable]",
        "sources/thu-vien.yaml:1:1: error: cannot read sources/thu-vien.yaml: "
        "Permission denied [file-unreadable]",
    ]
    assert tree_digest(root / "site") == before


def test_a_file_that_is_not_utf8_is_reported_at_its_first_bad_byte(
    built_minimal: Path, run_cli: Callable[..., Any]
) -> None:
    # As a page saved by an editor set to Windows-1258, the legacy Vietnamese code page. Files
    # the build does not read as text are left alone: an image beside the templates, say.
    root = built_minimal
    override(root, "templates/page.html")
    (root / "templates" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    before = tree_digest(root / "site")
    hint = "    hint: save the file as UTF-8; text in another encoding (Windows-1258, VNI, TCVN3, "
    edited = [
        "content/vi/ke-hoach.md",
        "facts.yaml",
        "sources/thu-vien.yaml",
        "templates/page.html",
    ]
    expected = []
    for rel in edited:
        path = root / rel
        text = path.read_text("utf-8").rstrip("\n")
        path.write_bytes(text.encode("utf-8") + "\n# Thư\n".encode("cp1258"))
        line = text.count("\n") + 2
        expected.append(
            f"{rel}:{line}:5: error: not UTF-8 text: byte 0xfd (invalid start byte) [file-encoding]"
        )

    result = run_cli("--root", root)

    assert result.code == 1
    assert "Traceback" not in result.err
    printed, _ = parse_diagnostics(result.err)
    assert [d.head for d in printed] == expected
    assert all(line.startswith(hint) for line in result.err.splitlines()[1:-1:2])
    assert tree_digest(root / "site") == before

    reanchored = run_cli("reanchor", "thu-vien", root / "sources" / "thu-vien.txt", "--root", root)
    assert reanchored.code == 1
    assert "Traceback" not in reanchored.err
    assert [d.head for d in parse_diagnostics(reanchored.err)[0]] == expected


def test_a_catalog_is_read_in_the_charset_its_header_declares(
    built_minimal: Path, run_cli: Callable[..., Any]
) -> None:
    catalog = override(built_minimal, VI_CATALOG)
    text = catalog.read_text("utf-8")
    catalog.write_bytes(text.encode("utf-8") + "\n# Thư\n".encode("cp1258"))
    result = run_cli("--root", built_minimal)
    assert result.code == 1
    assert "Traceback" not in result.err
    printed, _ = parse_diagnostics(result.err)
    assert [(d.path, d.code) for d in printed] == [(VI_CATALOG, "file-encoding")]

    # Declared, another charset is fine: babel reads the catalog in it. (Windows-1258 lacks
    # some precomposed letters; they become "?", which is enough to show it is read.)
    declared = text.replace("charset=utf-8", "charset=CP1258")
    assert declared != text
    catalog.write_bytes(declared.encode("cp1258", "replace"))
    assert run_cli("--root", built_minimal).code == 0


@pytest.mark.parametrize(
    ("out", "code"),
    [
        (".", "output-in-project"),
        ("..", "output-in-project"),
        ("content/public", "output-in-project"),
        ("sources", "output-in-project"),
        (".cache", "output-in-project"),
        ("../notes", "output-not-a-site"),  # a folder of the writer's own files
        ("../notes/todo.txt", "output-not-a-site"),
    ],
)
def test_an_output_folder_that_would_replace_other_files_is_refused(
    out: str, code: str, built_minimal: Path, run_cli: Callable[..., Any]
) -> None:
    # A build replaces its output folder whole: `--out .` once replaced the whole project.
    root = built_minimal
    write(root.parent, "notes/todo.txt", "Gọi lại cho thư viện.\n")
    before = tree_digest(root.parent)

    result = run_cli("--root", root, "--out", root / out)
    checked = run_cli("check", "--root", root, "--out", root / out)  # the gate says so too

    assert result.code == checked.code == 1
    assert "Traceback" not in result.err
    printed, _ = parse_diagnostics(result.err)
    assert [d.code for d in printed] == [code]
    assert printed[0].path == str((root / out).resolve())
    assert tree_digest(root.parent) == before


def test_a_site_folder_of_the_writer_s_own_files_is_refused_too(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    write(root, "site/notes.txt", "Ghi chú của tôi.\n")
    result = run_cli("--root", root)
    assert result.code == 1
    printed, _ = parse_diagnostics(result.err)
    assert [d.code for d in printed] == ["output-not-a-site"]
    assert (root / "site" / "notes.txt").read_text("utf-8") == "Ghi chú của tôi.\n"


def test_a_site_folder_missing_a_file_a_writer_deleted_is_built_again(
    built_minimal: Path, run_cli: Callable[..., Any]
) -> None:
    # Deleting a file of site/ is how a writer has it made again: claims.json too.
    site = built_minimal / "site"
    before = (site / "claims.json").read_bytes()
    (site / "claims.json").unlink()
    assert run_cli("--root", built_minimal).code == 0
    assert (site / "claims.json").read_bytes() == before


@pytest.mark.parametrize("export", ["claims.csv", "claims.json"])
def test_a_folder_of_the_writer_s_own_files_with_an_export_s_name_is_still_refused(
    export: str, project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    write(root, f"../data/{export}", '{"mine": true}\n')
    write(root, "../data/notes.txt", "Ghi chú của tôi.\n")
    result = run_cli("--root", root, "--out", root.parent / "data")
    assert result.code == 1
    printed, _ = parse_diagnostics(result.err)
    assert [d.code for d in printed] == ["output-not-a-site"]
    assert (root.parent / "data" / "notes.txt").is_file()


def test_an_output_folder_that_is_new_empty_or_built_before_is_used(
    built_minimal: Path, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "new" / "site", tmp_path / "empty", built_minimal / "site"):
        assert run_cli("--root", built_minimal, "--out", out).code == 0
        assert (out / "claims.json").is_file()
    assert run_cli("--root", built_minimal, "--out", tmp_path / "empty").code == 0


def test_an_output_folder_inside_an_input_folder_that_is_a_link_is_refused(
    built_minimal: Path, run_cli: Callable[..., Any]
) -> None:
    # static/ shared with other projects through a link: the site must not be written into it.
    root = built_minimal
    shared = root.parent / "shared-static"
    override(root, "static/style.css")
    (root / "static").rename(shared)
    (root / "static").symlink_to(shared)
    before = tree_digest(shared)
    result = run_cli("--root", root, "--out", root / "static" / "out")
    assert result.code == 1
    assert [d.code for d in parse_diagnostics(result.err)[0]] == ["output-in-project"]
    assert tree_digest(shared) == before


@pytest.mark.parametrize("given", ["from inside the project", "as a relative --root"])
def test_a_template_error_names_its_file_from_the_project_folder(
    project: Callable[[str], Path],
    run_cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    given: str,
) -> None:
    root = project("minimal")
    broken = '{% extends "default/page.html" %}{% block main %}{% endblok %}'
    write(root, "templates/page.html", broken)
    if given == "from inside the project":
        monkeypatch.chdir(root)
        result = run_cli()
    else:
        monkeypatch.chdir(root.parent)
        result = run_cli("--root", root.name)
    assert result.code == 1
    expected = "templates/page.html:1:1: error: template syntax error"
    assert result.err.startswith(expected), result.err


def test_a_template_that_fails_on_one_claim_s_data_names_the_pages_it_failed_on(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    failing = '{{ 1 // (view.id != "library-books")|int }}'
    replace(root, "templates/claim.html", "{{ view.claim.reviewer }}", failing)
    printed, _ = parse_diagnostics(run_cli("--root", root).err)
    assert [d.message for d in printed] == [
        "ZeroDivisionError: integer division or modulo by zero "
        f"(rendering /{lang}/claims/library-books.html)"
        for lang in ("en", "vi")
    ]


def test_a_template_that_does_not_parse_is_reported_with_the_content_s_errors(
    built_minimal: Path, run_cli: Callable[..., Any]
) -> None:
    root = built_minimal
    write(root, "templates/page.html", '{% extends "default/page.html" %}{% endblok %}')
    replace(root, "facts.yaml", "status: needs-corroboration", "status: needs-corroborate")
    result = run_cli("--root", root)
    printed, _ = parse_diagnostics(result.err)
    assert result.code == 1
    assert sorted(d.code for d in printed) == ["claim-status", "template-syntax"]
    assert [d.path for d in printed if d.code == "template-syntax"] == ["templates/page.html"]


def test_a_markdown_file_that_is_no_page_is_a_warning_not_a_silence(
    built_minimal: Path, run_cli: Callable[..., Any]
) -> None:
    root = built_minimal
    page_text = (root / "content/en/index.md").read_text("utf-8")
    write(root, "content/about.md", page_text)  # outside both languages
    write(root, "content/en/about.markdown", page_text)  # not named .md
    write(root, "content/en/notes.txt", "mine")  # not Markdown: the desk's own
    write(root, "content/README.md", "# How this desk writes\n")  # Markdown, but no page
    result = run_cli("--root", root)
    assert result.code == 0
    printed, _ = parse_diagnostics(result.err)
    assert [(d.path, d.code, d.severity) for d in printed] == [
        ("content/about.md", "content-ignored", "warning"),
        ("content/en/about.markdown", "content-ignored", "warning"),
    ]
    assert all(d.hint for d in printed)
    assert run_cli("--root", root, "--strict").code == 1, "the gate does not publish without it"


@pytest.mark.parametrize("name", ["sources/new-src.txt", "sources/new-src.yaml"])
def test_a_folder_named_like_a_source_s_file_is_no_source_as_one_named_like_a_page_is_no_page(
    project: Callable[[str], Path], run_cli: Callable[..., Any], name: str
) -> None:
    root = project("minimal")
    (root / name).mkdir()
    (root / "content/en/new-page.md").mkdir()
    result = run_cli("check", "--root", root)
    assert (result.code, parse_diagnostics(result.err)[0]) == (0, [])


def test_every_problem_the_engine_can_report_carries_a_hint() -> None:
    # Read from the engine's code, so that a new error without a hint fails here first.
    hintless = []
    for module in sorted((REPO / "factpress").glob("*.py")):
        for call in ast.walk(ast.parse(module.read_text("utf-8"))):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
                continue
            if call.func.id in ("error", "warning") and len(call.args) + len(call.keywords) < 4:
                hintless.append(f"{module.name}:{call.lineno}")
    assert hintless == []


def test_a_blank_page_is_blamed_on_its_template_not_on_another_empty_one(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    write(root, "templates/corrections_note.html", "")  # empty on purpose, and unused here
    write(root, "templates/page.html", "\n")
    printed, _ = parse_diagnostics(run_cli("--root", root).err)
    assert {(d.path, d.code) for d in printed} == {("templates/page.html", "template-empty")}


def test_a_template_in_a_linked_templates_folder_is_named_as_the_project_s(
    project: Callable[[str], Path], run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    root = project("minimal")
    shared = tmp_path / "shared-theme"
    shared.mkdir()
    (shared / "page.html").write_text('{% extends "default/page.html" %}{% endblok %}', "utf-8")
    (root / "templates").symlink_to(shared)
    printed, _ = parse_diagnostics(run_cli("--root", root).err)
    assert [(d.path, d.code) for d in printed] == [("templates/page.html", "template-syntax")]


def test_a_bad_byte_of_a_source_is_placed_in_characters_as_an_editor_counts(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    text = root / "sources" / "thu-vien.txt"
    text.write_bytes("Hà Nội có thư viện ".encode() + b"\xff" + text.read_bytes())
    printed, _ = parse_diagnostics(run_cli("--root", root).err)
    assert [(d.path, d.line, d.column) for d in printed if d.code == "source-encoding"] == [
        ("sources/thu-vien.txt", 1, 20)
    ]


def test_a_catalog_error_keeps_the_msgid_whole(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    write(root, VI_CATALOG, OWN_CATALOG + 'msgid "Checked by the desk based on sources"\n\n')
    printed, _ = parse_diagnostics(run_cli("--root", root).err)
    assert [d.message for d in printed] == [
        "cannot read the catalog: missing msgstr for msgid 'Checked by the desk based on sources'"
    ]


def test_a_review_age_past_any_calendar_is_an_error(
    project: Callable[[str], Path], run_cli: Callable[..., Any]
) -> None:
    root = project("minimal")
    write(root, "site.yaml", "review_max_age_days: 1000000\n")
    result = run_cli("--root", root)
    printed, _ = parse_diagnostics(result.err)
    assert [d.code for d in printed] == ["config-review-age"] and "Traceback" not in result.err


def test_a_folder_of_pages_that_cannot_be_listed_is_reported(
    built_minimal: Path, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a folder with no read permission would be for anyone but root (who runs these tests).
    root = built_minimal
    access = os.access
    locked = root / "content" / "en"
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != locked and access(p, mode))
    result = run_cli("--root", root)
    printed, _ = parse_diagnostics(result.err)
    assert result.code == 1
    assert [(d.path, d.code) for d in printed] == [("content/en", "file-unreadable")]
