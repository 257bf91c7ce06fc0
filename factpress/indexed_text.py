"""What Pagefind reads of a written page, as a key: a page whose key is the same need not be
indexed again (search.py).

Pagefind reads from the first element marked `data-pagefind-body` to the end, and before it
the page's language, its title and the first heading or image it may take for a result. It
does not read the text of an element marked `data-pagefind-ignore` (an explainer's list of
the claims it cites, a source's whole text), so an edit there indexes nothing again. Reading
HTML is the browser's and Pagefind's business, not this module's: it follows only markup it
is sure of (tags, quoted attributes, comments, end tags that close what they should) and keys
everything from the first thing it is not sure of. Keying too much costs an index; keying too
little would leave the index stale.
"""

from __future__ import annotations

import hashlib
import re

_BODY = b"data-pagefind-body"

# What Pagefind may read before the body: the language, the title, the first heading or image.
_READ_BEFORE_BODY = re.compile(
    rb"<html\b[^>]*>|<title\b.*?</title>|<h1\b.*?</h1>|<img\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S | re.I,
)

# A comment, a tag (its attributes quoted or not), or the start of any other markup (a
# doctype, CDATA, a processing instruction), which this reading does not follow.
_MARKUP = re.compile(
    rb"<!--(?!-?>).*?-->|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    rb"|<[!?]|</(?![a-zA-Z])",
    re.S,
)
_QUOTED = re.compile(rb"\"[^\"]*\"|'[^']*'")
_IGNORE = re.compile(rb"(?:^|\s)data-pagefind-ignore(?=[\s=/>]|$)", re.I)
_ANY_PAGEFIND = re.compile(rb"data-pagefind-", re.I)
# Elements whose text HTML reads raw (a `<` in them is no tag) or in another language (SVG,
# MathML): this reading does not follow them inside an ignored element, and skips them whole
# outside one.
_RAW = frozenset(
    b"script style textarea title xmp noscript iframe noembed noframes plaintext template "
    b"svg math".split()
)
_VOID = frozenset(b"area base br col embed hr img input link meta source track wbr".split())
# The ignored elements whose end this reading can be sure of: containers whose end tag HTML
# requires and which no start tag closes by itself (as a block closes an open <p>, which
# would end a <span> inside it, or a <li> the <li> before it).
_CONTAINERS = frozenset(
    b"section div aside nav ol ul dl details figure blockquote article header footer main "
    b"form fieldset".split()
)
# Read even inside an ignored element: the first heading may be a result's title, the first
# image its image.
_READ_ANYWAY = frozenset((b"h1", b"img"))


def document_key(html: bytes) -> str:
    """A digest of what Pagefind reads of the page `html`."""
    found = html.find(_BODY)
    start = html.rfind(b"<", 0, found) if found >= 0 else 0
    if found < 0 or _ANY_PAGEFIND.search(html, 0, start) is not None:
        # No body marked, or an element before it marked for Pagefind: the page is read whole.
        return hashlib.blake2b(html, digest_size=16).hexdigest()
    before = b"\0".join(_READ_BEFORE_BODY.findall(html, 0, start))
    read = _without_ignored(html, start)
    return hashlib.blake2b(before + b"\0" + read, digest_size=16).hexdigest()


def _without_ignored(html: bytes, start: int) -> bytes:
    """html[start:] without each element marked `data-pagefind-ignore` whose end is sure: a
    container (_CONTAINERS) that holds nothing Pagefind reads anyway, nothing this reading
    does not follow, and whose every end tag closes the element opened last (else the
    browser's repairs decide where it ends). From the first element that is not sure, the
    rest is kept whole."""
    lowered = html.lower()
    if b"data-pagefind-ignore" not in lowered[start:]:
        return html[start:]
    kept: list[bytes] = []
    at = start  # kept up to here
    opened = 0  # where the ignored element being read opened
    stack: list[bytes] = []  # the elements open inside it, itself first
    position = start
    while (markup := _MARKUP.search(html, position)) is not None:
        position = markup.end()
        closing, name, attributes = markup.groups()
        if name is None:  # a comment, or markup this reading does not follow (an empty comment
            # `<!-->`, one closed by `--!>`, `</` and no letter: bogus comments the browser ends
            # at the first `>`)
            comment = markup.group()
            if comment.startswith(b"<!--") and b"--!>" not in comment:
                continue
            break
        name = name.lower()
        if not stack:
            if closing:
                continue
            if name in _RAW:  # its text is no markup: on to its end tag
                end = lowered.find(b"</" + name, position)
                if end < 0:
                    break
                position = end
            elif b"data-pagefind-ignore" in attributes.lower() and _ignores(attributes):
                if name not in _CONTAINERS:
                    break
                opened, stack = markup.start(), [name]
            continue
        if name in _RAW or name in _READ_ANYWAY or _ANY_PAGEFIND.search(attributes):
            break
        if closing:
            if name != stack[-1]:
                break
            stack.pop()
            if not stack:
                kept.append(html[at:opened])
                at = position
        elif name not in _VOID:
            stack.append(name)
    kept.append(html[at:])
    return b"".join(kept)


def _ignores(attributes: bytes) -> bool:
    """The attributes mark the element `data-pagefind-ignore` and for nothing else Pagefind
    reads (a filter or metadata on it is read all the same)."""
    names = _QUOTED.sub(b'""', attributes)
    return _IGNORE.search(names) is not None and len(_ANY_PAGEFIND.findall(names)) == 1
