"""The plain, immutable values that flow from one build stage to the next."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
import enum
from pathlib import PurePosixPath
from typing import Generic, Literal, TypeVar
from urllib.parse import quote

from markdown_it.token import Token

from factpress.diagnostics import Location
from factpress.sentences import Sentence
from factpress.urls import page_url

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
T = TypeVar("T")


# How far after today a date may be: a desk in Vietnam (UTC+7) is a day ahead of a build
# server on UTC for seven hours of every day.
GRACE = timedelta(days=1)


def primary_language(tag: str) -> str:
    """The language of a BCP 47 tag, in lower case: `en-GB` and `EN` are both `en`, so that a
    source's `language:` is compared with the site's languages as a reader would."""
    return tag.split("-", 1)[0].lower()


@dataclass(frozen=True, slots=True)
class Bilingual(Generic[T]):
    """Exactly one value per language: a missing translation cannot be represented."""

    vi: T
    en: T

    def __getitem__(self, lang: Lang) -> T:
        return self.vi if lang == "vi" else self.en


class Status(enum.Enum):
    """A claim's review status; the meaning of each is documented in the README."""

    VERIFIED = "verified"
    NEEDS_REVIEW = "needs-review"
    NEEDS_CORROBORATION = "needs-corroboration"
    DISPUTED = "disputed"


@dataclass(frozen=True, slots=True)
class Source:
    """An archived document: its bytes as captured, its metadata and its sentences."""

    id: str
    src_path: PurePosixPath  # the archived text, relative to the project root
    meta_path: PurePosixPath  # its metadata file
    title: str
    publisher: str
    author: str | None
    language: str
    published: date | None
    url: str | None
    archived: date
    sha256: str  # as recorded in the metadata file
    sha256_at: Location
    actual_sha256: str  # of the bytes on disk now
    text: str
    sentences: tuple[Sentence, ...]
    # For each sentence, whether it states something a reviewer could check (coverage.py). A
    # tuple, not a set of ids: a set's order changes with the hash seed, and so would its digest.
    checkable: tuple[bool, ...]
    # The web page the text was extracted from, when it is kept (sources/<id>.html): evidence
    # in the repository, never published. Its sha256 as recorded and of the bytes on disk now.
    page_path: PurePosixPath | None = None
    page_sha256: str | None = None
    page_sha256_at: Location | None = None
    actual_page_sha256: str | None = None

    def sentence(self, sentence_id: str) -> Sentence:
        return next(s for s in self.sentences if s.id == sentence_id)


@dataclass(frozen=True, slots=True)
class Correction:
    """One dated change to a published claim."""

    date: date
    text: Bilingual[str]  # what changed and why
    # Where its date is written: out of its repr, which the build's digests read, so that
    # moving a claim in facts.yaml changes no output.
    date_at: Location = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable statement and the span of its source that supports it."""

    id: str
    source_id: str
    quote: str
    # The quote rendered into each site language other than the source's, by language, as
    # written (`quote_vi:`, `quote_en:`); which of them a claim needs is known only once its
    # source is (verify.py).
    renderings: Mapping[Lang, str]
    text: Bilingual[str]
    status: Status
    reviewer: str
    reviewed: date
    attributed_to: str | None
    notes: Bilingual[str] | None
    short: Bilingual[str] | None  # a brief form for ClaimReview's claimReviewed
    corrections: tuple[Correction, ...]
    defined_at: Location  # the id's line in facts.yaml
    source_at: Location
    quote_at: Location  # the quote's line, where quote problems are reported
    renderings_at: Mapping[Lang, Location]  # where each rendering is written
    text_at: Mapping[Lang, Location]  # where the claim's text is written (`vi:`, `en:`)
    short_at: Location | None  # where `short:` is written, if it is

    @property
    def quote_en(self) -> str | None:
        """The English rendering; None when the source is in English (nothing to render)."""
        return self.renderings.get("en")


@dataclass(frozen=True, slots=True)
class Draft:
    """A claim that did not read whole: the fields of it that did. It is never published, but
    the checks that need only those fields still run (its quote is looked for in its source),
    so that fixing one field does not reveal the next problem only on the next build."""

    id: str
    defined_at: Location  # the id's line in facts.yaml
    source_id: str | None = None
    source_at: Location | None = None
    quote: str | None = None
    quote_at: Location | None = None
    reviewed: date | None = None
    corrections: tuple[Correction, ...] = ()


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a claim's quote sits in its source, as found by the build."""

    claim_id: str
    source_id: str
    start: int  # code point offsets into Source.text
    end: int
    sentence_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FrontMatter:
    title: str
    summary: str
    order: int
    slug: str
    translation_pending: bool


@dataclass(frozen=True, slots=True)
class PageSource:
    """A markdown file as read from content/<lang>/, front matter split from its body."""

    lang: Lang
    name: str  # path under content/<lang>/ without `.md`, posix; pairs the two languages
    src_path: PurePosixPath
    front: FrontMatter
    body: str
    body_line: int  # file line of the body's first line


@dataclass(frozen=True, slots=True)
class ClaimUse:
    claim_id: str
    where: Location


@dataclass(frozen=True, slots=True)
class Link:
    """A link written in a page's markdown, to be checked if it points inside the site."""

    href: str
    where: Location


@dataclass(frozen=True, slots=True)
class Page:
    """A parsed page: tokens to render later, and the citations and links found in it."""

    source: PageSource
    tokens: tuple[Token, ...] = field(compare=False)
    uses: tuple[ClaimUse, ...]
    links: tuple[Link, ...]
    # Worked out once: every build asks each page for them several times over (a save in the
    # preview asked ~22,000 and ~10,000 times at 1,000 explainers per language).
    url: str = field(init=False)  # site-absolute, always ending in `/`
    cited_ids: tuple[str, ...] = field(init=False)  # claim ids in order of first citation

    def __post_init__(self) -> None:
        slug, lang = self.source.front.slug, self.source.lang
        object.__setattr__(self, "url", page_url(lang, slug))
        cited = tuple(dict.fromkeys(use.claim_id for use in self.uses))
        object.__setattr__(self, "cited_ids", cited)

    @property
    def lang(self) -> Lang:
        return self.source.lang

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def pending(self) -> bool:
        """Published in its language before its translation (`translation: pending`)."""
        return self.source.front.translation_pending


@dataclass(frozen=True, slots=True)
class RenderedFile:
    dest_path: PurePosixPath  # relative to the output directory
    content: bytes


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Settings from site.yaml, with defaults for everything a small site need not say."""

    title: Bilingual[str]
    base_url: str  # no trailing slash; canonical and alternate URLs are built on it
    publisher: str  # the organisation that publishes the fact-checks
    contact: str | None  # where readers report an error: an e-mail address, or a form's page
    review_max_age_days: int

    def report_href(self, subject: str | None = None) -> str | None:
        """The link to report an error (about `subject`): the form's page as it is, or a mail
        to the address. config.py has checked that `contact` is one or the other."""
        if self.contact is None or "://" in self.contact:
            return self.contact
        return f"mailto:{self.contact}" + (f"?subject={quote(subject)}" if subject else "")


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the renderer needs, once every check has passed."""

    config: SiteConfig
    pages: tuple[Page, ...]
    claims: Mapping[str, Claim] = field(compare=False)
    sources: Mapping[str, Source] = field(compare=False)
    anchors: Mapping[str, Anchor] = field(compare=False)
    today: date = field(default_factory=date.today)  # the build's date: reviews fall due by it
