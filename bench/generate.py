"""Generate a synthetic project in our exact format, deterministically, for the benchmark.

`python bench/generate.py OUT --pages N --claims K` writes site.yaml, facts.yaml, sources/
(text and metadata with its sha256), content/vi and content/en (N explainers each plus the
home pages, ~800 words each, citing every claim), and overrides one template of the default
theme with a copy of it (templates/page.html), as a desk that changed its pages would.
The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path
import random

REPO = Path(__file__).resolve().parent.parent

VI_WORDS = [
    "người",
    "dân",
    "thành",
    "phố",
    "tỉnh",
    "chính",
    "quyền",
    "kế",
    "hoạch",
    "năm",
    "nay",
    "dự",
    "án",
    "đầu",
    "tư",
    "hạ",
    "tầng",
    "giao",
    "thông",
    "trường",
    "học",
    "bệnh",
    "viện",
    "nông",
    "nghiệp",
    "kinh",
    "tế",
    "phát",
    "triển",
    "xã",
    "hội",
    "ngân",
    "sách",
    "đã",
    "được",
    "công",
    "bố",
    "theo",
    "báo",
    "cáo",
    "của",
    "sở",
    "cho",
    "biết",
    "trong",
    "khi",
    "đó",
    "các",
    "chuyên",
    "gia",
    "nhận",
    "định",
    "rằng",
    "việc",
    "triển",
    "khai",
    "còn",
    "chậm",
    "so",
    "với",
    "mục",
    "tiêu",
    "đề",
    "ra",
    "tuy",
    "nhiên",
    "kết",
    "quả",
    "bước",
    "đầu",
    "khá",
    "khả",
    "quan",
    "đời",
    "sống",
    "nước",
    "sạch",
    "điện",
    "lực",
    "doanh",
    "nghiệp",
    "lao",
    "động",
    "việc",
    "làm",
    "thu",
    "nhập",
    "bình",
    "quân",
    "tăng",
    "giảm",
    "so",
    "cùng",
    "kỳ",
    "hội",
    "đồng",
    "nhân",
    "dân",
    "ủy",
    "ban",
    "quyết",
    "định",
    "nghị",
    "quyết",
    "thực",
    "hiện",
    "giám",
    "sát",
    "minh",
    "bạch",
    "công",
    "khai",
    "số",
    "liệu",
]
EN_WORDS = [
    "the",
    "city",
    "province",
    "government",
    "plan",
    "this",
    "year",
    "project",
    "investment",
    "infrastructure",
    "transport",
    "school",
    "hospital",
    "agriculture",
    "economy",
    "development",
    "society",
    "budget",
    "was",
    "announced",
    "according",
    "to",
    "the",
    "department",
    "report",
    "said",
    "meanwhile",
    "experts",
    "noted",
    "that",
    "implementation",
    "remains",
    "slow",
    "compared",
    "with",
    "the",
    "stated",
    "target",
    "however",
    "early",
    "results",
    "look",
    "promising",
    "living",
    "standards",
    "clean",
    "water",
    "electricity",
    "businesses",
    "workers",
    "jobs",
    "average",
    "income",
    "rose",
    "fell",
    "year",
    "on",
    "year",
    "council",
    "committee",
    "decision",
    "resolution",
    "oversight",
    "transparency",
    "public",
    "figures",
    "data",
]
VI_CAPS = [
    "Theo",
    "Trong",
    "Người",
    "Các",
    "Việc",
    "Kết",
    "Ông",
    "Bà",
    "Năm",
    "Đến",
    "Ủy",
    "Hội",
    "Sở",
    "Dự",
]
EN_CAPS = [
    "According",
    "In",
    "The",
    "Residents",
    "Officials",
    "Experts",
    "Meanwhile",
    "By",
    "Last",
    "Next",
    "This",
]


def _sentence(rng: random.Random, words: list[str], caps: list[str], length: int) -> str:
    body = " ".join(rng.choice(words) for _ in range(length - 1))
    return f"{rng.choice(caps)} {body}."


def generate(out: Path, pages: int, claims: int, seed: int = 1) -> None:
    """Write the project into `out` (which must not exist)."""
    rng = random.Random(seed)
    out.mkdir(parents=True)
    (out / "templates").mkdir()
    page_template = REPO / "factpress" / "default_theme" / "templates" / "page.html"
    (out / "templates" / "page.html").write_bytes(page_template.read_bytes())
    (out / "site.yaml").write_text(
        "title:\n  vi: Giải thích có kiểm chứng\n  en: Fact-checked explainers\n"
        "base_url: https://bench.example.org\npublisher: Bench\n",
        "utf-8",
    )
    n_sources = max(1, claims // 20)
    quotes = _write_sources(out, rng, n_sources, claims)
    _write_facts(out, rng, quotes)
    _write_pages(out, rng, pages, claims)


def _write_sources(
    out: Path, rng: random.Random, n_sources: int, claims: int
) -> list[tuple[str, str, str]]:
    """Each source: ~300 sentences, each made unique by a serial number; returns, per claim,
    (source id, quote, language)."""
    folder = out / "sources"
    folder.mkdir()
    quotes: list[tuple[str, str, str]] = []
    for s in range(n_sources):
        source_id = f"nguon-{s:04d}"
        lang = "vi" if s % 4 else "en"
        words, caps = (VI_WORDS, VI_CAPS) if lang == "vi" else (EN_WORDS, EN_CAPS)
        sentences = []
        for n in range(300):
            text = _sentence(rng, words, caps, rng.randint(12, 24))
            sentences.append(
                text[:-1] + f" mã {s}-{n}." if lang == "vi" else text[:-1] + f" ref {s}-{n}."
            )
        lines = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
        data = ("Tiêu đề nguồn số " + str(s) + "\n\n" + "\n\n".join(lines) + "\n").encode()
        (folder / f"{source_id}.txt").write_bytes(data)
        (folder / f"{source_id}.yaml").write_text(
            f"title: Nguồn thử nghiệm {s}\npublisher: Báo Thử\nauthor: null\nlanguage: {lang}\n"
            f"published: 2025-0{1 + s % 9}-1{s % 10}\nurl: https://news.example.com/{s}\n"
            f"archived: 2026-11-01\nsha256: {hashlib.sha256(data).hexdigest()}\n",
            "utf-8",
        )
        per_source = claims // n_sources + (1 if s < claims % n_sources else 0)
        for n in rng.sample(range(300), per_source):
            quotes.append((source_id, sentences[n], lang))
    return quotes


def _write_facts(out: Path, rng: random.Random, quotes: list[tuple[str, str, str]]) -> None:
    lines = ["claims:"]
    statuses = ("verified", "verified", "verified", "needs-review", "needs-corroboration")
    for k, (source_id, quote, lang) in enumerate(quotes):
        vi = _sentence(rng, VI_WORDS, VI_CAPS, 14)
        en = _sentence(rng, EN_WORDS, EN_CAPS, 14)
        # The quote rendered into the site language its source is not written in.
        rendering = (
            f'    quote_en: "{_sentence(rng, EN_WORDS, EN_CAPS, 14)}"'
            if lang == "vi"
            else f'    quote_vi: "{_sentence(rng, VI_WORDS, VI_CAPS, 14)}"'
        )
        lines += [
            f"  claim-{k:05d}:",
            f"    source: {source_id}",
            f'    quote: "{quote}"',
            rendering,
            f"    vi: {vi}",
            f"    en: {en}",
            "    short:",  # as a writer gives each claim, so that the build is free of warnings
            f"      vi: {_brief(vi)}",
            f"      en: {_brief(en)}",
            f"    status: {statuses[k % len(statuses)]}",
            "    reviewer: Nguyễn An",
            f"    reviewed: 2026-11-{1 + k % 9:02d}",  # after the sources were archived
        ]
        if k % 7 == 0:
            lines += ["    notes:", f"      vi: {vi}", f"      en: {en}"]
    (out / "facts.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def _brief(text: str) -> str:
    """At most 75 characters, cut at a word: the short form of a claim."""
    return text if len(text) <= 75 else text[:75].rsplit(" ", 1)[0]


def page_name(i: int) -> str:
    return f"bai-{i:04d}"


def _write_pages(out: Path, rng: random.Random, pages: int, claims: int) -> None:
    cited: list[list[int]] = [[] for _ in range(pages)]
    for k in range(claims):
        cited[k % pages].append(k)
    for lang, words, caps in (("vi", VI_WORDS, VI_CAPS), ("en", EN_WORDS, EN_CAPS)):
        folder = out / "content" / lang
        folder.mkdir(parents=True)
        title = "Trang chủ" if lang == "vi" else "Home"
        (folder / "index.md").write_text(
            f"---\ntitle: {title}\nsummary: {title}.\n---\n"
            + _sentence(rng, words, caps, 20)
            + "\n",
            "utf-8",
        )
        for i in range(pages):
            body = _page_body(rng, words, caps, lang, i, pages, cited[i])
            front = (
                f"---\ntitle: {_sentence(rng, words, caps, 6)[:-1]}\n"
                f"summary: {_sentence(rng, words, caps, 16)}\norder: {i + 1}\n---\n"
            )
            (folder / f"{page_name(i)}.md").write_text(front + body, "utf-8")


def _page_body(
    rng: random.Random,
    words: list[str],
    caps: list[str],
    lang: str,
    i: int,
    pages: int,
    claims: list[int],
) -> str:
    """About 800 words: headings, paragraphs with emphasis, a list, links and citations."""
    blocks: list[str] = []
    to_cite = list(claims)
    for section in range(5):
        blocks.append("## " + _sentence(rng, words, caps, 5)[:-1])
        for _ in range(2):
            sentences = [_sentence(rng, words, caps, rng.randint(10, 20)) for _ in range(5)]
            if to_cite:
                sentences[2] = sentences[2][:-1] + f" [@claim-{to_cite.pop():05d}]."
            sentences[1] = sentences[1].replace(" ", " **", 1).replace(".", "**.", 1)
            if rng.random() < 0.3:
                other = page_name(rng.randrange(pages))
                sentences[3] = sentences[3][:-1] + f" ([{words[0]}](/{lang}/{other}/))."
            blocks.append(" ".join(sentences))
        if section == 1:
            blocks.append("\n".join("- " + _sentence(rng, words, caps, 8) for _ in range(4)))
    while to_cite:
        blocks.append(_sentence(rng, words, caps, 12)[:-1] + f" [@claim-{to_cite.pop():05d}].")
    return "\n\n".join(blocks) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=200, help="explainers per language")
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.pages, args.claims, args.seed)


if __name__ == "__main__":
    main()
