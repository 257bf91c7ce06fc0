"""The key of what Pagefind reads of a page: it changes with anything Pagefind reads, and with
nothing else where this reading is sure of the markup; where it is not, the text is keyed."""

from __future__ import annotations

import time

import pytest

from factpress.indexed_text import document_key

PAGE = b"""<!doctype html><html lang="vi"><head><title>T</title>
<link rel="stylesheet" href="/a.css"></head><body><nav><a href="/">Home</a></nav>
<article data-pagefind-body><h1>Title</h1>
<p>Body text.</p></article><footer>F</footer></body></html>"""


def _same(page: bytes, old: bytes, new: bytes) -> bool:
    return document_key(page.replace(old, new)) == document_key(page)


@pytest.mark.parametrize(
    ("old", "new"),
    [(b"/a.css", b"/b.css"), (b"<nav>", b"<!-- x --><nav>"), (b"Home</a>", b"Start</a>")],
)
def test_a_change_before_the_body_that_pagefind_does_not_read_keeps_the_key(
    old: bytes, new: bytes
) -> None:
    assert _same(PAGE, old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"Body text.", b"Body text!"),
        (b'lang="vi"', b'lang="en"'),
        (b"<title>T</title>", b"<title>U</title>"),  # its title, were the h1 to go
        (b"<footer>F", b"<footer>G"),
    ],
)
def test_a_change_to_what_pagefind_may_read_changes_the_key(old: bytes, new: bytes) -> None:
    assert not _same(PAGE, old, new)


@pytest.mark.parametrize("mark", [b"data-pagefind-meta", b"DATA-PAGEFIND-META"])
def test_an_element_before_the_body_marked_for_pagefind_keys_the_whole_page(mark: bytes) -> None:
    marked = PAGE.replace(b"<nav>", b"<nav " + mark + b'="section">')
    assert not _same(marked, b"Home", b"Start")


IGNORING = PAGE.replace(
    b"<p>Body text.</p>",
    b'<p>Body text.</p><section class="cited" data-pagefind-ignore><div><p>Claim A.</p></div>'
    b"<!-- a <div> in a comment --><div title='<b>'>B</div><br></section><p>After.</p>",
)


def test_text_pagefind_ignores_leaves_the_key_and_text_after_it_does_not() -> None:
    assert _same(IGNORING, b"Claim A.", b"Claim Z.")
    assert _same(IGNORING, b">B<", b">C<")
    assert not _same(IGNORING, b"After.", b"Later.")
    assert not _same(IGNORING, b"Body text.", b"Body!")


def _in_body(snippet: bytes) -> bytes:
    return PAGE.replace(b"<p>Body text.</p>", b"<p>Body text.</p>" + snippet)


# Each page below holds "Zed" where Pagefind reads it (checked against Pagefind 1.5.2's index):
# changing it must change the key.
IGNORED = b"<div data-pagefind-ignore>"
READ = {
    "a heading inside, a result's title": b"<section data-pagefind-ignore><h1>Zed</h1></section>",
    "an image inside, a result's image": IGNORED + b'<img src="/Zed.png"></div>',
    "metadata inside": IGNORED + b'<p data-pagefind-meta="m:Zed">c</p></div>',
    "metadata inside, in capitals": IGNORED + b'<p DATA-PAGEFIND-META="m:Zed">c</p></div>',
    "a filter on it": b'<div data-pagefind-ignore data-pagefind-filter="k:Zed">c</div>',
    "after a parent's end tag closes it": b"<section>" + IGNORED + b"x</section><p>Zed</p>",
    "after an end tag in capitals": IGNORED + b"<div>x</DIV> y </div><p>Zed</p>",
    "after a tag in an attribute's value": IGNORED + b'<a title="<div>">a</a></div><p>Zed</p>',
    "after CDATA": IGNORED + b"<![CDATA[<div>]]></div><p>Zed</p>",
    "after raw text": IGNORED + b"<noscript><div></noscript></div><p>Zed</p>",
    "after a custom element": b"<div-x data-pagefind-ignore>i</div-x><p>Zed</p>",
    "an attribute of another name": b"<div data-pagefind-ignore-x><p>Zed</p></div>",
    "the words in another attribute": b'<div title="a data-pagefind-ignore b"><p>Zed</p></div>',
    "a mark written in a comment": b"<!-- <div data-pagefind-ignore> --><p>Zed</p>",
    "a mark in a script": b"<script>'<div data-pagefind-ignore>'</script><p>Zed</p>",
    "an element whose end tag may be left out": b"<p data-pagefind-ignore>x<div>Zed</div></p>",
    "inside a span a block may end": b"<p><span data-pagefind-ignore>x<div>Zed</div></span></p>",
    "after a list item left open": b"<ul data-pagefind-ignore><li>a<li>b</ul><p>Zed</p>",
    "with no end": IGNORED + b"<p>Zed</p>",
    "after an empty comment": IGNORED + b"<!--></div><p>Zed</p>-->",
    "after a comment closed by --!>": IGNORED + b"<!-- x --!></div><p>Zed</p><!-- -->",
    "after an end tag of no name": IGNORED + b"</ x></div><p>Zed</p>",
}


@pytest.mark.parametrize("snippet", READ.values(), ids=READ.keys())
def test_what_pagefind_reads_in_or_after_an_ignored_element_is_keyed(snippet: bytes) -> None:
    assert not _same(_in_body(snippet), b"Zed", b"Qux")


def test_an_image_before_the_body_is_keyed_whole_though_its_alt_holds_a_bracket() -> None:
    page = PAGE.replace(b"<nav>", b'<img alt="a > b" src="/Zed.png"><nav>')
    assert not _same(page, b"Zed", b"Qux")


def test_the_key_of_a_page_of_unclosed_marks_is_worked_out_in_linear_time() -> None:
    def seconds(count: int) -> float:
        page = _in_body(b"<div data-pagefind-ignore><p>x</p>" * count)
        started = time.perf_counter()
        document_key(page)
        return time.perf_counter() - started

    small, large = min(seconds(500) for _ in range(3)), min(seconds(4000) for _ in range(3))
    assert large < 20 * small + 0.01, (small, large)  # eight times the page: not 64 times
