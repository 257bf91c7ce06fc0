"""Load site.yaml: the site's title, base URL and publisher; every key has a default."""

from __future__ import annotations

from pathlib import Path
import re

from factpress.diagnostics import Diagnostic, Location, error, warning
from factpress.fields import FieldReader
from factpress.layout import CONFIG_FILE
from factpress.model import Bilingual, SiteConfig
from factpress.urls import is_web_address
from factpress.yamlio import load_yaml

# What a mail program takes as an address: a name, @, and a domain with a dot.
_EMAIL = re.compile(r"[^@\s:/?#&<>\"',;]+@[^@\s:/?#&<>\"',;]+\.[^@\s:/?#&<>\"',;]+")
_MAX_REVIEW_AGE = 36_500  # a century: longer reaches past the dates Python can count

DEFAULT = SiteConfig(
    title=Bilingual(vi="Giải thích có kiểm chứng", en="Fact-checked explainers"),
    base_url="https://example.org",
    publisher="factpress",
    contact=None,
    review_max_age_days=365,
)
_FIELDS = (
    "title",
    "base_url",
    "publisher",
    "contact",
    "review_max_age_days",
    "claims_per_page",  # no longer used: accepted with a warning, see below
)


def load_config(root: Path) -> tuple[SiteConfig, list[Diagnostic]]:
    path = root / CONFIG_FILE
    if not path.is_file():
        return DEFAULT, []
    node, diagnostics = load_yaml(path.read_text("utf-8"), CONFIG_FILE)
    if node is None:
        return DEFAULT, diagnostics
    if not node.is_mapping:
        return DEFAULT, [
            error(
                Location(CONFIG_FILE),
                "config-shape",
                "site.yaml must be a mapping",
                "write one `key: value` per line, such as `publisher: Báo Mẫu`",
            )
        ]
    fields = FieldReader(node, "site.yaml", diagnostics)
    fields.check_known(_FIELDS)
    title = DEFAULT.title
    title_node = node.mapping().get("title")
    if title_node is not None:
        if title_node.is_mapping:
            titles = FieldReader(title_node, "the site title", diagnostics)
            titles.check_known(("vi", "en"))
            vi, en = titles.text("vi"), titles.text("en")
            title = Bilingual(vi=vi or title.vi, en=en or title.en)
        else:
            diagnostics.append(
                error(
                    title_node.where,
                    "config-title",
                    "`title:` needs `vi:` and `en:` under it",
                    "indent a `vi:` line and an `en:` line under `title:`, each with the title",
                )
            )
    per_page = node.mapping().get("claims_per_page")
    if per_page is not None:
        # The reviewer table became one page over every claim (its script reads them all);
        # a site.yaml written for the paged table still builds.
        diagnostics.append(
            warning(
                per_page.where,
                "config-deprecated",
                "`claims_per_page` is no longer used: the reviewer table shows every claim",
                "remove the line from site.yaml",
            )
        )
    base_url = fields.text("base_url", optional=True) or DEFAULT.base_url
    if not is_web_address(base_url, bare=True):
        diagnostics.append(
            error(
                node.mapping()["base_url"].where,
                "config-base-url",
                f"base_url '{base_url}' is not an absolute http(s) address",
                "write it as https://example.org (canonical links are built on it)",
            )
        )
    max_age = fields.integer("review_max_age_days", DEFAULT.review_max_age_days)
    if not 1 <= max_age <= _MAX_REVIEW_AGE:
        max_age, given = DEFAULT.review_max_age_days, max_age
        diagnostics.append(
            error(
                node.mapping()["review_max_age_days"].where,
                "config-review-age",
                f"review_max_age_days is {given}: "
                + ("every review would be due at once" if given < 1 else "past any calendar"),
                f"give the days a review stays current, 1 to {_MAX_REVIEW_AGE} (without it, "
                f"{DEFAULT.review_max_age_days})",
            )
        )
    contact = fields.text("contact", optional=True)
    if contact is not None and not (_EMAIL.fullmatch(contact) or is_web_address(contact)):
        diagnostics.append(
            error(
                node.mapping()["contact"].where,
                "config-contact",
                f"contact '{contact}' is neither an e-mail address nor a web address",
                "write where readers report an error: an address such as "
                "corrections@example.org, or the https:// address of a form",
            )
        )
        contact = None
    return (
        SiteConfig(
            title=title,
            base_url=base_url.rstrip("/"),
            publisher=fields.text("publisher", optional=True) or DEFAULT.publisher,
            contact=contact,
            review_max_age_days=max_age,
        ),
        diagnostics,
    )
