"""claims.json, claims.csv, the Web Annotation collection and the raw archived texts."""

from __future__ import annotations

from collections.abc import Callable
import csv
import hashlib
import io
import json
from pathlib import Path
import unicodedata

from claim_record import build_site
import yaml

BASE = "https://check.example.org"


def test_claims_json_is_versioned_and_holds_every_claim(project: Callable[[str], Path]) -> None:
    site, _ = build_site(project("record"))
    data = json.loads((site / "claims.json").read_text("utf-8"))
    assert data["schema_version"] == 1
    claims = {c["id"]: c for c in data["claims"]}
    assert set(claims) == {
        "bridge-opened",
        "bridge-lanes",
        "bridge-cost",
        "bridge-time",
        "bridge-mood",
    }
    lanes = claims["bridge-lanes"]
    assert lanes["status"] == "verified"
    assert lanes["text"] == {
        "vi": "Cầu Sông Xanh có 4 làn xe.",
        "en": "The Song Xanh bridge has 4 lanes.",
    }
    assert lanes["date_modified"] == "2026-11-25"
    assert lanes["corrections"][0]["date"] == "2026-11-25"
    assert lanes["url"]["en"] == f"{BASE}/en/claims/bridge-lanes.html"
    assert lanes["cited_by"] == {"vi": [f"{BASE}/vi/"], "en": [f"{BASE}/en/"]}
    [source] = data["sources"]
    assert source["archive_url"] == f"{BASE}/sources/cau-song-xanh.txt"


def test_claims_csv_opens_in_a_spreadsheet_with_vietnamese_intact(
    project: Callable[[str], Path],
) -> None:
    site, _ = build_site(project("record"))
    raw = (site / "claims.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark spreadsheets look for
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 5
    time = next(r for r in rows if r["id"] == "bridge-time")
    assert time["vi"] == "Cây cầu rút ngắn thời gian đi lại còn 15 phút."
    assert time["status"] == "disputed"
    assert time["review_due"] == "no"


def test_annotations_select_the_span_of_the_archived_text(
    project: Callable[[str], Path],
) -> None:
    root = project("record")
    site, _ = build_site(root)
    collection = json.loads((site / "annotations.jsonld").read_text("utf-8"))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == 5
    archived = (site / "sources" / "cau-song-xanh.txt").read_text("utf-8")
    nfc = unicodedata.normalize("NFC", archived)
    for item in items:
        assert item["type"] == "Annotation"
        target = item["target"]
        assert target["source"] == "https://news.example.com/cau-song-xanh?id=7"
        quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
        position = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")
        assert nfc[position["start"] : position["end"]] == quote["exact"]
        assert nfc[: position["start"]].endswith(quote["prefix"])
        assert nfc[position["end"] :].startswith(quote["suffix"])
        assert len(quote["prefix"]) == min(32, position["start"])
        assert len(quote["suffix"]) == min(32, len(nfc) - position["end"])
        assert target["state"] == {
            "type": "TimeState",
            "sourceDate": "2026-11-18T00:00:00Z",
            "cached": f"{BASE}/sources/cau-song-xanh.txt",
        }
    opened = next(i for i in items if i["id"].endswith("/bridge-opened.html"))
    exact = opened["target"]["selector"][0]["exact"]
    assert exact == "Ngày 22-12-2024, tỉnh Bình Minh khánh thành cầu Sông Xanh dài 1.200 m"


def test_positions_count_code_points_of_the_nfc_text(project: Callable[[str], Path]) -> None:
    # Archive the source decomposed (NFD): offsets into the file and into its NFC text differ.
    root = project("record")
    path = root / "sources" / "cau-song-xanh.txt"
    path.write_text(unicodedata.normalize("NFD", path.read_text("utf-8")), "utf-8")
    meta = root / "sources" / "cau-song-xanh.yaml"
    fields = yaml.safe_load(meta.read_text("utf-8"))
    new_sha = hashlib.sha256(path.read_bytes()).hexdigest()
    meta.write_text(meta.read_text("utf-8").replace(fields["sha256"], new_sha), "utf-8")
    site, _ = build_site(root)
    collection = json.loads((site / "annotations.jsonld").read_text("utf-8"))
    nfc = unicodedata.normalize("NFC", path.read_text("utf-8"))
    for item in collection["first"]["items"]:
        quote, position = item["target"]["selector"]
        assert nfc[position["start"] : position["end"]] == quote["exact"]
        assert unicodedata.is_normalized("NFC", quote["exact"])


def test_the_archived_text_is_published_byte_for_byte(project: Callable[[str], Path]) -> None:
    root = project("record")
    site, _ = build_site(root)
    original = (root / "sources" / "cau-song-xanh.txt").read_bytes()
    assert (site / "sources" / "cau-song-xanh.txt").read_bytes() == original


def test_pages_may_link_to_the_exports(project: Callable[[str], Path]) -> None:
    root = project("record")
    page = root / "content" / "en" / "index.md"
    page.write_text(
        page.read_text("utf-8")
        + "\nDownload [the claims](/claims.csv) or [the source](/sources/cau-song-xanh.txt).\n",
        "utf-8",
    )
    _, report = build_site(root)
    assert not [w for w in report.warnings if w.code == "link-broken"]
