"""Re-anchor the claims of a source in a new capture of it, and say what became of each quote.

Each quote is looked for in the new text, both sides normalized as the quote locator does.
Found exactly once, it is `intact` when its sentence and its 32 characters of context on either
side are unchanged, and `moved` otherwise. Not found, the new text is searched for the span most
like it, scored the way annotation tools (Hypothesis) re-anchor: the quote's similarity weighs
50, the similarity of the text before and after it 20 each, and nearness to the old position 2.
A best span at least `MIN_SIMILARITY` alike makes the claim `changed` (with the new words);
otherwise it is `gone`. A quote found more than once is `changed` too: it must be made unique.

Writing (unless `dry_run`) replaces the archived text (and the kept page, when the new capture is
a web page), records their sha256 and the capture date in the source's metadata, and sets the
status of every changed or gone claim to `needs-review`, each by rewriting that one line in place.
Quotes are never rewritten: the reviewer decides. The report also lists the pages' links to
sentences of the source whose sentence has another id in the new capture (sentence ids are
numbers: a link would land on another sentence with no error).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
import difflib
import enum
import hashlib
from pathlib import Path, PurePosixPath
import re

from factpress.content import load_pages
from factpress.diagnostics import BuildError, Location, error
from factpress.extract import extract_article
from factpress.facts import load_claims
from factpress.fetch import Page, is_address, read_page
from factpress.inplace import record_capture
from factpress.inputs import check_utf8, input_digests
from factpress.model import Claim, Source
from factpress.model import Page as ParsedPage
from factpress.parse import make_markdown, parse_page
from factpress.quotes import normalize
from factpress.sentences import Sentence, split_sentences
from factpress.sources import load_sources
from factpress.urls import link_target, sentence_link

CONTEXT = 32
BOM = "\ufeff"  # the byte-order mark, as decoded
MIN_SIMILARITY = 0.6
_WEIGHTS = (50.0, 20.0, 20.0, 2.0)  # quote, prefix, suffix, position
_PUNCTUATION = ".,;:!?…\"'“”‘’()[]«»"
_SHORTLIST_MARGIN = 0.15  # word similarity below the best that still gets a full score
_SHORTLIST_SIZE = 40


class Outcome(enum.Enum):
    INTACT = "intact"
    MOVED = "moved"
    CHANGED = "changed"
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class Result:
    claim_id: str
    outcome: Outcome
    old_sentence: str  # sentence id in the old capture ("" if the quote was not anchored)
    new_sentence: str = ""  # in the new capture ("" when gone)
    new_text: str = ""  # changed: the words of the new capture that stand in the quote's place
    similarity: float = 1.0  # changed: how alike they are (difflib ratio)
    note: str = ""


@dataclass(frozen=True, slots=True)
class SentenceLink:
    """A page's link to a sentence of the source (`…/sources/<id>/#p5s1`) that has another
    id in the new capture, or none: sentence ids are numbers, not words."""

    where: Location
    sentence_id: str
    now: str | None  # the id of the sentence it named, in the new capture (None: not there)


@dataclass(frozen=True, slots=True)
class Report:
    source_id: str
    results: tuple[Result, ...]
    written: bool
    links: tuple[SentenceLink, ...] = ()
    identical: bool = False  # the new capture is the archived one, byte for byte: not recorded

    @property
    def needs_review(self) -> tuple[str, ...]:
        return tuple(
            r.claim_id for r in self.results if r.outcome in (Outcome.CHANGED, Outcome.GONE)
        )


def reanchor(
    root: Path, source_id: str, new_file: Path | str, *, archived: date, dry_run: bool = False
) -> Report:
    """Compare every claim of `source_id` with `new_file`, a new capture: its text (a .txt
    file), or a web page (a saved .html file or an http(s) address) whose article is extracted
    as `capture` does; write unless `dry_run`. InputError if the page cannot be captured."""
    unreadable = input_digests(root).problems()
    if unreadable:
        raise BuildError(unreadable)
    sources, _broken, problems = load_sources(root)
    claims, _, claim_problems = load_claims(root)
    source = sources.get(source_id)
    where = Location(PurePosixPath("sources", f"{source_id}.yaml"))
    if source is None:
        raise BuildError(
            [
                *problems,
                error(
                    where,
                    "source-unknown",
                    f"there is no source '{source_id}'",
                    "give the id of a source (the name of its files in sources/) first, then the "
                    "new capture",
                ),
            ]
        )
    if source.actual_sha256 != source.sha256:
        raise BuildError(
            [
                error(
                    source.sha256_at,
                    "source-changed",
                    f"{source.src_path} no longer matches its sha256, so the text the claims "
                    "were reviewed against is not there to compare with",
                    "restore the archived file (e.g. from version control), then re-anchor",
                )
            ]
        )
    if claim_problems:
        raise BuildError(claim_problems)
    if archived < source.archived:
        raise BuildError(
            [
                error(
                    Location(source.meta_path),
                    "capture-date",
                    f"the new capture of '{source_id}' would be dated {archived.isoformat()} "
                    f"(--archived, or today), before the one it replaces "
                    f"({source.archived.isoformat()})",
                    f"give the day of the new capture: --archived {source.archived.isoformat()} "
                    "or later",
                )
            ]
        )
    page: Page | None = None
    if is_page(str(new_file)):
        # A web page is captured as `capture` does it: the article's text, and the page kept.
        page = read_page(str(new_file))
        new_text = extract_article(page, str(new_file)).text
        data = (new_text + "\n").encode("utf-8")
    elif source.page_sha256_at is not None:
        # The kept page would no longer be the page the text came from.
        raise BuildError(
            [
                error(
                    source.page_sha256_at,
                    "source-page-kept",
                    f"source '{source_id}' keeps the web page its text was extracted from "
                    f"({source.page_path}): a new capture must be a page too",
                    "give the page again, saved (.html) or as its address; or, to archive a "
                    "text by hand from now on, delete the page and its html_sha256 line first",
                )
            ]
        )
    else:
        new_text = _read_text(Path(new_file))
        data = new_text.encode("utf-8")
    mine = sorted((c for c in claims.values() if c.source_id == source_id), key=lambda c: c.id)
    capture = _Capture(new_text, *normalize(new_text), split_sentences(new_text))
    results = tuple(_reanchor_claim(claim, source, capture) for claim in mine)
    links = tuple(_moved_sentence_links(root, source, capture))
    # The same bytes again (and the same page, if one is kept): recording them would only move
    # `archived:`, and make every claim of the source due for a review it does not need. A text
    # archived by hand with a byte-order mark is the same text without it.
    identical = data == source.text.removeprefix(BOM).encode("utf-8") and (
        page is None or hashlib.sha256(page.data).hexdigest() == source.page_sha256
    )
    report = Report(
        source_id, results, written=not dry_run and not identical, links=links, identical=identical
    )
    if not identical:  # a dry run too: it is told of a value that could not be rewritten
        review = [claims[i] for i in report.needs_review]
        record_capture(root, source, data, archived, review, page, write=report.written)
    return report


def _read_text(path: Path) -> str:
    """The text of a new capture given as a text file; BuildError if it is not UTF-8 or has
    no text. A byte-order mark before it (some editors save one) is dropped: it is no part of
    the text, the build reads a page without it, and `capture` archives none."""
    text = _decode(path, path.read_bytes()).removeprefix(BOM)
    # No text at all is a file saved before it was filled in, or a download cut short; kept,
    # it would replace the archive and call every claim gone. A short one may be the whole of
    # a source archived by hand (a statement, a post): capture's floor for an article is not
    # applied to a text.
    if not text.strip():
        raise BuildError(
            [
                error(
                    Location(PurePosixPath(str(path)), 1, 1),
                    "capture-empty",
                    "the new capture has no text: the file is empty or holds only white space",
                    "give the file the new capture's text was saved to, once it is all there "
                    "(nothing was written)",
                )
            ]
        )
    return text


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = check_utf8(data)
        assert bad is not None
        raise BuildError(
            [
                error(
                    Location(PurePosixPath(str(path)), bad.line, bad.column),
                    "source-encoding",
                    f"not UTF-8 (byte {exc.start})",
                    "save the new capture as UTF-8 text",
                )
            ]
        ) from exc


def is_page(new_file: str) -> bool:
    """Whether a new capture is a web page (an address, or a saved .html) rather than a text."""
    return is_address(new_file) or new_file.lower().endswith((".html", ".htm", ".xhtml"))


def format_report(report: Report) -> list[str]:
    lines = []
    for r in report.results:
        line = f"{r.claim_id}: {r.outcome.value}"
        if r.outcome is Outcome.INTACT:
            line += f" ({r.old_sentence})"
        elif r.outcome is Outcome.MOVED and r.old_sentence == r.new_sentence:
            line += f" ({r.old_sentence}, the text around it changed)"
        elif r.outcome is Outcome.MOVED:
            line += f" ({r.old_sentence} → {r.new_sentence})"
        elif r.outcome is Outcome.CHANGED:
            line += (
                f" ({r.old_sentence or '?'} → {r.new_sentence}, {r.similarity:.0%} alike): "
                f"{r.new_text!r}"
            )
        if r.note:
            line += f"; {r.note}"
        lines.append(line)
    for link in report.links:
        lines.append(
            f"{link.where}: this page links to sentence {link.sentence_id}, which is "
            + (
                f"{link.now} in the new capture: link to #{link.now}"
                if link.now
                else "not in the new capture: link to another sentence, or to none"
            )
        )
    if report.identical:
        lines.append(
            f"the new capture is the archived text of '{report.source_id}', byte for byte: "
            "nothing recorded"
        )
    elif report.written:
        lines.append(f"recorded the new capture of '{report.source_id}' (sha256, archived)")
        if report.needs_review:
            lines.append(f"set to needs-review: {', '.join(report.needs_review)}")
    else:
        lines.append("dry run: nothing written")
    return lines


@dataclass(frozen=True, slots=True)
class _Capture:
    """The new capture, prepared once for all the claims of its source."""

    text: str
    normalized: str
    offsets: list[int]  # normalized index → offset in `text`
    sentences: tuple[Sentence, ...]


def _reanchor_claim(claim: Claim, source: Source, capture: _Capture) -> Result:
    quote = normalize(claim.quote.strip())[0]
    old, _ = normalize(source.text)
    new, new_offsets, new_sentences = capture.normalized, capture.offsets, capture.sentences
    at = old.find(quote)
    if at == -1 or old.find(quote, at + 1) != -1:
        return _not_anchored(claim.id, quote, capture)
    old_sentence = _sentence_at(source.sentences, _original(source.text, at))
    # A text archived by hand may begin with a byte-order mark, which no new capture keeps:
    # it is not part of the words before the quote.
    prefix, suffix = (
        old[max(0, at - CONTEXT) : at].removeprefix(BOM),
        old[at + len(quote) : at + len(quote) + CONTEXT],
    )
    hits = [m.start() for m in re.finditer(f"(?={re.escape(quote)})", new)]
    if len(hits) == 1:
        hit = hits[0]
        new_sentence = _sentence_at(new_sentences, new_offsets[hit])
        same_context = (
            new[max(0, hit - CONTEXT) : hit] == prefix
            and new[hit + len(quote) : hit + len(quote) + CONTEXT] == suffix
        )
        outcome = Outcome.INTACT if same_context and new_sentence == old_sentence else Outcome.MOVED
        return Result(claim.id, outcome, old_sentence, new_sentence)
    if len(hits) > 1:
        return Result(
            claim.id,
            Outcome.CHANGED,
            old_sentence,
            _sentence_at(new_sentences, new_offsets[hits[0]]),
            claim.quote,
            1.0,
            note=f"the quote now occurs {len(hits)} times: quote more words",
        )
    start, end, similarity = _best_span(quote, prefix, suffix, new, at / max(len(old), 1))
    if similarity < MIN_SIMILARITY:
        return Result(claim.id, Outcome.GONE, old_sentence, similarity=similarity)
    original_start, original_end = new_offsets[start], new_offsets[end]
    return Result(
        claim.id,
        Outcome.CHANGED,
        old_sentence,
        _sentence_at(new_sentences, original_start),
        capture.text[original_start:original_end].strip(),
        similarity,
    )


def _moved_sentence_links(root: Path, source: Source, capture: _Capture) -> list[SentenceLink]:
    """The pages' links to sentences of `source` (resolved as the build resolves them) whose
    id will name another sentence once the new capture is in place. A sentence reworded where
    it was keeps its link; one moved is given its new id; one gone, none."""
    old = {s.id: normalize(s.text)[0] for s in source.sentences}
    new = [(s.id, normalize(s.text)[0]) for s in capture.sentences]
    found = []
    for page in _pages(root):
        for link in page.links:
            resolved = link_target(page.url, link.href)
            linked = sentence_link(*resolved) if resolved else None
            if linked is None or linked[0] != source.id or linked[1] not in old:
                continue
            now = _where_now(linked[1], old[linked[1]], new)
            if now != linked[1]:
                found.append(SentenceLink(link.where, linked[1], now))
    return found


def _pages(root: Path) -> list[ParsedPage]:
    """The site's pages, parsed as the build parses them (those that cannot be read are the
    build's to report)."""
    md = make_markdown()
    sources, _, _ = load_pages(root)
    return [parse_page(source, md)[0] for source in sources]


def _where_now(sentence_id: str, text: str, new: Sequence[tuple[str, str]]) -> str | None:
    """The id in the new capture of the old sentence `text`: where it is word for word, else
    where the most alike sentence is (reworded), else None (gone)."""
    for new_id, new_text in new:
        if new_text == text:
            return new_id
    alike = [(difflib.SequenceMatcher(None, text, t).ratio(), i) for i, t in new]
    best, best_id = max(alike, default=(0.0, None))
    if best < MIN_SIMILARITY:
        return None
    same_place = dict(new).get(sentence_id)
    if same_place is not None and difflib.SequenceMatcher(None, text, same_place).ratio() == best:
        return sentence_id  # reworded where it was: the link still leads to it
    return best_id


def _not_anchored(claim_id: str, quote: str, capture: _Capture) -> Result:
    """A claim whose quote the old text did not hold once (it was failing already): looked
    for in the new text all the same, with no context to go by, as a claim to review."""
    note = "the quote was not anchored in the old text"
    new = capture.normalized
    hits = [m.start() for m in re.finditer(f"(?={re.escape(quote)})", new)]
    if len(hits) > 1:
        note += f"; it occurs {len(hits)} times in the new one: quote more words"
    if hits:
        start, end = hits[0], hits[0] + len(quote)
        similarity = 1.0
    else:
        start, end, similarity = _best_span(quote, "", "", new, 0.5)
        if similarity < MIN_SIMILARITY:
            return Result(claim_id, Outcome.GONE, "", similarity=similarity, note=note)
    original_start, original_end = capture.offsets[start], capture.offsets[end]
    return Result(
        claim_id,
        Outcome.CHANGED,
        "",
        _sentence_at(capture.sentences, original_start),
        capture.text[original_start:original_end].strip(),
        similarity,
        note=note + "; found once in the new one" if len(hits) == 1 else note,
    )


def _best_span(
    quote: str, prefix: str, suffix: str, text: str, old_position: float
) -> tuple[int, int, float]:
    """The span of `text` that best stands in for `quote`: (start, end, quote similarity).

    Word windows about as long as the quote are compared word by word first (cheap, and words
    tell same-language windows apart far better than letters do); the closest few are then
    scored on their letters, their context and their position."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    keys = [_key(text[start:end]) for start, end in words]
    wanted = [_key(word) for word in quote.split()]
    matcher = difflib.SequenceMatcher(None, [], wanted, autojunk=False)
    alike: list[tuple[float, int, int]] = []
    best = 0.0
    for i in range(len(words)):
        for j in range(i + max(1, len(wanted) - 2), min(len(words), i + len(wanted) + 2) + 1):
            matcher.set_seq1(keys[i:j])
            if matcher.quick_ratio() < best - _SHORTLIST_MARGIN:
                continue
            ratio = matcher.ratio()
            best = max(best, ratio)
            alike.append((ratio, i, j))
    shortlist = sorted((c for c in alike if c[0] >= best - _SHORTLIST_MARGIN), reverse=True)
    w_quote, w_prefix, w_suffix, w_pos = _WEIGHTS
    chosen: tuple[float, int, int, float] = (-1.0, 0, 0, 0.0)
    for _, i, j in shortlist[:_SHORTLIST_SIZE]:
        start, end = _trim(text, words[i][0], words[j - 1][1], quote)
        similarity = _alike(quote, text[start:end])
        score = (
            w_quote * similarity
            + w_prefix * _alike(prefix, text[max(0, start - len(prefix)) : start])
            + w_suffix * _alike(suffix, text[end : end + len(suffix)])
            + w_pos * (1 - abs(start / max(len(text), 1) - old_position))
        ) / sum(_WEIGHTS)
        if score > chosen[0]:
            chosen = (score, start, end, similarity)
    return chosen[1], chosen[2], chosen[3]


def _key(word: str) -> str:
    return word.strip(_PUNCTUATION).casefold()


def _trim(text: str, start: int, end: int, quote: str) -> tuple[int, int]:
    """Drop the punctuation at either end of a word span that the quote does not have."""
    while start < end and text[start] in _PUNCTUATION and not quote.startswith(text[start]):
        start += 1
    while end > start and text[end - 1] in _PUNCTUATION and not quote.endswith(text[end - 1]):
        end -= 1
    return start, end


def _alike(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _original(text: str, normalized_index: int) -> int:
    return normalize(text)[1][normalized_index]


def _sentence_at(sentences: Sequence[Sentence], offset: int) -> str:
    return next((s.id for s in sentences if s.start <= offset < s.end), "")
