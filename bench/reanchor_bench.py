"""Time `reanchor` on the archived Báo Bình Dương article with one claim per sentence.

    python bench/reanchor_bench.py

The new capture changes a word in every third sentence and drops every seventh, so the run
covers the exact, the fuzzy and the not-found paths.
"""

from __future__ import annotations

from datetime import date
import hashlib
from pathlib import Path
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factpress.quotes import QuoteFound, locate_quote
from factpress.reanchor import Outcome, reanchor
from factpress.sentences import split_sentences

SOURCE = (
    Path(__file__).resolve().parent.parent / "sources" / "bao-binh-duong-hop-tac-quoc-te-khcn.txt"
)


def main() -> None:
    text = SOURCE.read_text("utf-8")
    sentences = [s for s in split_sentences(text) if len(s.text) > 40]
    claims = []
    for n, s in enumerate(sentences):
        quote = s.text[:80].rsplit(" ", 1)[0]
        if isinstance(locate_quote(quote, text, split_sentences(text)), QuoteFound):
            claims.append(
                f"  c{n}:\n    source: src\n    quote: {quote!r}\n    quote_en: x\n"
                f"    vi: x\n    en: x\n    status: verified\n    reviewer: r\n"
                f"    reviewed: 2026-11-20\n"
            )
    new_text = text
    for n, s in enumerate(sentences):
        if n % 7 == 6:
            new_text = new_text.replace(s.text, "", 1)
        elif n % 3 == 0:
            words = s.text.split(" ")
            words[2] = "thay-đổi"
            new_text = new_text.replace(s.text, " ".join(words), 1)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "sources").mkdir()
        (root / "sources" / "src.txt").write_text(text, "utf-8")
        sha = hashlib.sha256(text.encode()).hexdigest()
        (root / "sources" / "src.yaml").write_text(
            f"title: t\npublisher: p\nlanguage: vi\narchived: 2026-11-18\nsha256: {sha}\n", "utf-8"
        )
        (root / "facts.yaml").write_text("claims:\n" + "".join(claims), "utf-8")
        capture = root / "new.txt"
        capture.write_text(new_text, "utf-8")
        started, cpu = time.perf_counter(), time.process_time()
        report = reanchor(root, "src", capture, archived=date(2026, 11, 27), dry_run=True)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    counts = {o.value: sum(r.outcome is o for r in report.results) for o in Outcome}
    print(
        f"{len(text)} characters, {len(report.results)} claims: {counts} "
        f"in {seconds:.2f} s ({cpu:.2f} s of CPU)"
    )


if __name__ == "__main__":
    main()
