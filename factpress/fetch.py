"""Get a web page's bytes, exactly as saved or served, and the text they stand for: from a saved
file or from an http(s) address, within a time limit, a size cap and a number of redirects."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from datetime import UTC, datetime
import email.message
import http.client
from pathlib import Path
import re
import time
from typing import IO
import urllib.error
import urllib.parse
import urllib.request

from factpress import __version__
from factpress.urls import malformed

TIMEOUT = 10.0  # seconds for the whole answer, not only for each read
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = f"factpress/{__version__} (source capture for a fact-checked site)"
_CHUNK = 64 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# The HTML standard looks for the charset in the first 1024 bytes; pages saved by hand or by
# older tools put it later, after long comments or scripts, so look at the whole <head>.
_PRESCAN = 16 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# WHATWG Encoding: these labels mean windows-1252 on the web.
_WEB_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252"}
# Python's text codecs in which no page is written: escapes of Python's own source, of domain
# names, and one that refuses every byte (Windows' "mbcs" and "oem" mean the machine's code page).
# Decoding a page in them gives garbled text, or fails with no byte to point at.
_NOT_CHARSETS = frozenset(
    ("unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined", "mbcs", "oem")
)
# What a browser leaves as it is in the path and the query of an address it is given, beyond
# letters, digits and "-._~" (WHATWG URL: the path and query percent-encode sets). "%" is kept,
# so that an address copied already encoded is not encoded twice.
_PATH_SAFE = "!$%&'()*+,/:;=@[\\]^|"
_QUERY_SAFE = _PATH_SAFE + "?`{}"


class InputError(Exception):
    """A page that cannot be captured: where (a path or an address), a stable code, what is
    wrong and how to mend it; printed as the build prints its problems."""

    def __init__(self, where: str, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.where, self.code, self.message, self.hint = where, code, message, hint

    def format(self) -> str:
        head = f"{self.where}: error: {self.message} [{self.code}]"
        return head if not self.hint else f"{head}\n    hint: {self.hint}"


@dataclass(frozen=True, slots=True)
class Page:
    """A page as it was captured: its bytes untouched, and their text."""

    data: bytes
    text: str
    charset: str  # the codec the text was decoded with
    charset_from: str  # "HTTP header", "<meta charset>", "byte order mark" or "UTF-8 default"
    url: str | None  # the address it was served from, after redirects; None for a saved file
    fetched_at: datetime | None  # when it was served (UTC); None for a saved file


def as_sent(address: str) -> str:
    """`address` as a browser sends it: spaces, accented letters and the like in its path and
    query percent-encoded (UTF-8); http.client refuses them as they are."""
    parts = urllib.parse.urlsplit(address)
    path = urllib.parse.quote(parts.path, safe=_PATH_SAFE)
    query = urllib.parse.quote(parts.query, safe=_QUERY_SAFE)
    return parts._replace(path=path, query=query).geturl()


def is_address(text: str) -> bool:
    """Whether `text` is an address (scheme://…) rather than the path of a file."""
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", text) is not None


def place(given: str) -> str:
    """How a message names the input: an address as it is, a file as `path:1:1`, the shape
    editors and terminals jump to."""
    return given if is_address(given) else f"{given}:1:1"


def read_page(given: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Page:
    """The page at `given`, a saved file or an http(s) address; InputError if it cannot be had,
    is not HTML, is larger than `max_bytes` or (an address) takes longer than `timeout`."""
    if is_address(given):
        return _fetch(given, timeout, max_bytes)
    return _read_file(Path(given), given, max_bytes)


def _read_file(path: Path, given: str, max_bytes: int) -> Page:
    given = place(given)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError(given, "page-unreadable", "not a file", "give a saved page (.html)")
        if size > max_bytes:
            raise _too_large(given, size, max_bytes)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            given, "page-unreadable", "no such file", "give a saved page (.html) or an address"
        ) from None
    except OSError as exc:
        raise InputError(given, "page-unreadable", exc.strerror or str(exc)) from None
    if not _looks_like_html(data):
        raise InputError(
            given,
            "page-not-html",
            "this file is not a web page (it does not begin with HTML markup)",
            "save the page from the browser as HTML (\u201cWeb page, HTML only\u201d)",
        )
    text, charset, charset_from = _decode(data, None, given)
    return Page(data, text, charset, charset_from, None, None)


def _fetch(address: str, timeout: float, max_bytes: int) -> Page:
    scheme = address.partition(":")[0].lower()  # is_address: a scheme, then "://"
    if scheme not in ("http", "https"):
        raise InputError(
            address,
            "page-unreadable",
            f"{scheme}: addresses are not fetched",
            "give an http(s) address, or a saved page (.html)",
        )
    why = _malformed(address, relative=False)
    if why:
        raise InputError(
            address,
            "page-unreadable",
            f"not a valid address ({why})",
            "copy the address again from the browser's address bar",
        )
    opener = urllib.request.build_opener(_Redirects)
    request = urllib.request.Request(
        as_sent(address),
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"},
    )
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            fetched_at = datetime.now(UTC).replace(microsecond=0)
            final = response.geturl()
            headers: email.message.Message = response.headers
            # Without a Content-Type, the bytes themselves say whether it is a page.
            kind = headers.get_content_type() if headers.get("Content-Type") else None
            if kind is not None and kind not in _HTML_TYPES:
                raise InputError(
                    address,
                    "page-not-html",
                    f"the server answered with {kind}, not a web page (text/html)",
                    "give the address of the article's page itself",
                )
            declared = headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise _too_large(address, int(declared), max_bytes)
            data = _read_body(response, address, deadline, max_bytes)
            if kind is None and not _looks_like_html(data):
                raise InputError(
                    address,
                    "page-not-html",
                    "the server's answer is not a web page (it names no type and holds no HTML)",
                    "give the address of the article's page itself",
                )
    except InputError as exc:
        exc.where = exc.where or address
        raise
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:  # urllib's own refusal: a loop, or a scheme it never follows
            reason = str(exc.reason).splitlines()[0]
            raise _bad_redirect(f"a redirect that cannot be followed ({reason})", address) from None
        raise InputError(
            address,
            "page-unreadable",
            f"the server answered {exc.code} {exc.reason}",
            "check the address in a browser",
        ) from None
    except urllib.error.URLError as exc:
        raise _unreachable(address, exc.reason, timeout) from None
    except (OSError, http.client.HTTPException) as exc:
        raise _unreachable(address, exc, timeout) from None
    text, charset, charset_from = _decode(data, headers.get_content_charset(), address)
    return Page(data, text, charset, charset_from, final, fetched_at)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS redirects, and only to http(s) addresses. (urllib itself
    refuses other schemes but ftp, and stops a loop after four visits to one address.)"""

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> object:
        # urllib splits the new address before it asks redirect_request, and raises ValueError
        # on a malformed one; the port it leaves for http.client to refuse, as if unreachable.
        newurl = headers.get("Location") or headers.get("URI") or ""
        why = _malformed(newurl, relative=True)
        if why:
            raise _bad_redirect(f"the server redirected to {newurl}, not a valid address ({why})")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: email.message.Message,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise _bad_redirect(f"the server redirected to {newurl}, not an http(s) address")
        # Each address a request was redirected to is a key of its redirect_dict.
        if len(getattr(req, "redirect_dict", {})) >= MAX_REDIRECTS:
            raise _bad_redirect(f"more than {MAX_REDIRECTS} redirects")
        return super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]


def _read_body(
    response: http.client.HTTPResponse, address: str, deadline: float, max_bytes: int
) -> bytes:
    # The socket's timeout bounds each read; the deadline bounds them all, so that a server
    # that trickles a byte at a time cannot hold the capture for ever.
    announced = response.length  # its Content-Length; None if it sends the page in chunks
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := response.read(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(address, size, max_bytes, at_least=True)
            if time.monotonic() > deadline:
                raise TimeoutError("timed out")
            chunks.append(chunk)
    except http.client.IncompleteRead:  # a chunk, or the chunk that ends the page, not all sent
        raise _cut_short(address, "the connection closed before the page's end") from None
    # read(n) takes a connection closed early for the end of the page: only the count tells.
    if announced is not None and size < announced:
        raise _cut_short(address, f"{size:,} of the {announced:,} bytes announced came")
    return b"".join(chunks)


def _decode(data: bytes, header_charset: str | None, where: str) -> tuple[str, str, str]:
    """The text of `data`: in the charset of its byte order mark, else of the HTTP header, else
    of its <meta charset>, else UTF-8 (the HTML standard's order)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return data.decode(name), name, "byte order mark"
    meta = _META_CHARSET.search(data[:_PRESCAN])
    if header_charset:
        label, origin = header_charset, "HTTP header"
    elif meta is not None:
        label, origin = meta.group(1).decode("ascii"), "<meta charset>"
    else:
        label, origin = "utf-8", "UTF-8 default"
    label = label.strip().lower()
    try:
        codec = _charset(_WEB_ALIASES.get(label, label))
    except LookupError:
        raise InputError(
            where,
            "page-charset",
            f"the page declares an unknown charset '{label}' ({origin})",
            'save the page as UTF-8, with <meta charset="utf-8">, and capture the file',
        ) from None
    try:
        return data.decode(codec), codec, origin
    except UnicodeDecodeError as exc:
        hint = (
            "the page does not say its charset: save it again as UTF-8"
            if origin == "UTF-8 default"
            else "the page says one charset and is written in another"
        )
        raise InputError(
            where, "page-charset", f"byte {exc.start} is not {codec} ({origin})", hint
        ) from None


def _charset(label: str) -> str:
    """The name of the codec a charset's label stands for; LookupError if none does. codecs also
    knows codecs from bytes to bytes (hex, base64, zlib…), which bytes.decode refuses, and
    _NOT_CHARSETS: both are no charset a page can be written in."""
    info = codecs.lookup(label)
    if not info._is_text_encoding or info.name in _NOT_CHARSETS:
        raise LookupError(label)
    return info.name


def _malformed(address: str, *, relative: bool) -> str:
    """Why `address` cannot be an address, or "" if it can: a bracket of an IPv6 host left
    open, a port that is not a number up to 65535, a space in the host, no host (unless it may
    be `relative`)."""
    why = malformed(address)
    if why:
        return why
    parts = urllib.parse.urlsplit(address)
    if any(c.isspace() or not c.isprintable() for c in parts.netloc):
        return "a space or a control character in its host"  # a browser refuses it too
    return "" if relative or parts.hostname else "it names no host"


def _looks_like_html(data: bytes) -> bool:
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return start == b"<" or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _bad_redirect(message: str, where: str = "") -> InputError:
    # The redirect handler does not know the address the writer gave: _fetch fills it in.
    return InputError(
        where,
        "page-unreadable",
        message,
        "open the address in a browser, and capture the address it ends at",
    )


def _cut_short(where: str, how: str) -> InputError:
    return InputError(
        where,
        "page-unreadable",
        f"the page was cut short: {how}",
        "try again; if it keeps happening, save the page from a browser and capture the file",
    )


def _too_large(where: str, size: int, cap: int, *, at_least: bool = False) -> InputError:
    more = "more than " if at_least else ""
    return InputError(
        where,
        "page-too-large",
        f"the page is {more}{size:,} bytes, over the cap of {cap:,}",
        "a news article is far smaller: check that the address is the article's page",
    )


def _unreachable(address: str, reason: object, timeout: float) -> InputError:
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return InputError(
            address,
            "page-unreadable",
            f"the server did not answer within {timeout:g} s",
            "try again later, or save the page from a browser and capture the file",
        )
    return InputError(
        address, "page-unreadable", f"the server does not answer ({reason})", "check the address"
    )
