"""Interface strings and locale formatting: gettext catalogs compiled in memory, Babel formats."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path, PurePosixPath
import re

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import Translations
from jinja2 import TemplateSyntaxError
from jinja2.ext import babel_extract

from factpress.diagnostics import Diagnostic, Location, error
from factpress.layout import DEFAULT_THEME, LOCALE_DIR, TEMPLATES_DIR, theme_files
from factpress.model import LANGS, Lang, primary_language


def N_(message: str) -> str:  # noqa: N802 - the gettext convention, which pybabel extracts
    """Mark a string for the catalog without translating it here."""
    return message


# Strings the engine itself shows (outside templates); listed so the catalog check sees them.
CITE_LABEL = N_("Claim %(number)s")
ENGINE_MESSAGES = (CITE_LABEL,)


def catalog_path(lang: Lang) -> PurePosixPath:
    return PurePosixPath(LOCALE_DIR, lang, "LC_MESSAGES", "messages.po")


def load_translations(
    root: Path, *, check_templates: bool = True
) -> tuple[dict[Lang, Translations], list[Diagnostic]]:
    """One compiled catalog per language: the default theme's, with every entry the project's
    own catalog translates in place of the default's. A broken catalog, or a string shown to
    readers with no translation, is an error: never English on a Vietnamese page.
    `check_templates=False` skips looking for template strings the catalogs lack, for a build
    that knows neither the templates nor the catalogs changed since one that found none."""
    # Translations.load() quietly returns NullTranslations when a catalog is missing, which
    # would publish a Vietnamese page with English labels: compile the .po ourselves instead.
    translations: dict[Lang, Translations] = {}
    diagnostics: list[Diagnostic] = []
    for lang in LANGS:
        rel = catalog_path(lang)
        catalog = _read_catalog(DEFAULT_THEME / rel, rel, lang, diagnostics)
        if (root / rel).is_file():
            own = _read_catalog(root / rel, rel, lang, diagnostics)
            if catalog is None or own is None:
                catalog = catalog or own
            else:
                for message in own:
                    # An entry the project leaves empty (or fuzzy) does not hide the default's.
                    if message.id and (_translated(message) or message.id not in catalog):
                        # Setting an entry that exists keeps its msgstr: replace it whole.
                        catalog.delete(message.id, message.context)
                        catalog[message.id] = message
        if catalog is None:
            continue
        if lang != "en":  # an English msgid is the English text
            diagnostics.extend(_untranslated(rel, catalog))
        diagnostics.extend(_drop_wrong_placeholders(rel, catalog))
        if lang != "en" and check_templates:  # English msgids are the English text
            diagnostics.extend(_check_coverage(root, lang, catalog))
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        translations[lang] = Translations(buffer)
    return translations, diagnostics


def _forms(message: Message) -> tuple[str, ...]:
    """An entry's msgstr: one string, or a plural entry's forms (a tuple or list)."""
    return (message.string,) if isinstance(message.string, str) else tuple(message.string or ())


def _translated(message: Message) -> bool:
    """Whether an entry translates: some form filled in, and not marked fuzzy (gettext's
    tools leave a fuzzy entry out, as the compiled catalog does)."""
    return any(_forms(message)) and not message.fuzzy


def _untranslated(rel: PurePosixPath, catalog: Catalog) -> list[Diagnostic]:
    """The entries that would show their English msgid: empty (a plural entry: every form),
    or fuzzy. (A plural form left empty among filled ones cannot be: Vietnamese has one form,
    and the reader refuses more; in English the compiled catalog shows the msgid's.)"""
    found = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        forms = _forms(message)
        if not any(forms):
            problem, hint = f"'{msgid}' has no translation", "fill in its msgstr"
        elif message.fuzzy:
            problem = f"'{msgid}' is marked fuzzy, so its translation is not used"
            hint = "check the msgstr, then remove the `#, fuzzy` line above the msgid"
        else:
            continue
        found.append(
            error(Location(rel, message.lineno or 1, 1), "catalog-untranslated", problem, hint)
        )
    return found


_PLACEHOLDER = re.compile(r"(?<!%)%\((\w+)\)")  # `%%(x)s` is a percent sign and text


def _drop_wrong_placeholders(rel: PurePosixPath, catalog: Catalog) -> list[Diagnostic]:
    """A translation may use only the placeholders of its msgid (`%(number)s`): the page
    fills in those, and any other name would stop the build at the first page using it. Nor
    may it have a `%` that is no placeholder (`%(number)` cut short, `100% nhận định`): every
    string is filled in with `%`, with or without arguments (newstyle gettext, and
    templating.py), so that would stop the build too; a percent sign is `%%`. One that does
    either is said, and shown as its msgid meanwhile (the build stops at the checks, with the
    other problems found)."""
    found = []
    for message in catalog:
        if not message.id or not _translated(message):
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = _forms(message)
        known = {name for text in ids for name in _PLACEHOLDER.findall(text)}
        unknown = sorted({n for text in strings for n in _PLACEHOLDER.findall(text)} - known)
        for name in unknown:
            given = ", ".join(f"%({k})s" for k in sorted(known)) or "none"
            found.append(
                error(
                    Location(rel, message.lineno or 1, 1),
                    "catalog-placeholder",
                    f"the translation of '{ids[0]}' uses %({name})s, which its msgid does not have",
                    f"use the msgid's placeholders as they are written: {given}",
                )
            )
        broken = None if unknown else _format_problem(strings, known, plural=len(ids) > 1)
        if broken:
            found.append(
                error(
                    Location(rel, message.lineno or 1, 1),
                    "catalog-placeholder",
                    f"the translation of '{ids[0]}' has a % that is no placeholder: {broken}",
                    "write %% for a percent sign; a placeholder is written %(name)s, "
                    "as in the msgid",
                )
            )
        if unknown or broken:  # shown as its msgid meanwhile: the build stops at the checks
            message.string = message.id
    return found


class _Arguments(dict[str, int]):
    """The msgid's placeholders, each given a number. A `%s` without a name would take the
    arguments whole and show them as `{…}`: that raises here instead."""

    def __str__(self) -> str:
        raise ValueError("a %s, %d… without a name")

    __repr__ = __str__


def _format_problem(strings: tuple[str, ...], known: set[str], *, plural: bool) -> str | None:
    """Why a translation's forms cannot be filled in with its msgid's placeholders (as the
    page does: `ngettext` adds `num`), or None if they can."""
    arguments = _Arguments(dict.fromkeys(known | ({"num"} if plural else set()), 1))
    for text in strings:
        try:
            text % arguments
        except (ValueError, TypeError, KeyError) as exc:
            stray = next((m for m in _PERCENT.finditer(text) if not m.group(1)), None)
            return f"'{text[stray.start() : stray.start() + 12]}'" if stray else str(exc)
    return None


# A `%` and what follows it: a percent sign, a placeholder, or (no group) anything else.
_PERCENT = re.compile(r"%(%|\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa])?")


def _read_catalog(
    path: Path, rel: PurePosixPath, lang: Lang, diagnostics: list[Diagnostic]
) -> Catalog | None:
    """The catalog at `path` (shown to the writer as `rel`), or None with its problem said."""
    try:
        data = path.read_bytes()
        unquoted = _unquoted_lines(rel, data)
        if unquoted:
            diagnostics.extend(unquoted)
            return None
        return read_po(BytesIO(data), locale=lang, abort_invalid=True)
    except FileNotFoundError:
        diagnostics.append(
            error(
                Location(rel),
                "catalog-missing",
                f"no interface catalog for '{lang}'",
                f"copy {catalog_path('en')} and translate its msgstr lines",
            )
        )
    except PoFileError as exc:
        line = (getattr(exc, "lineno", None) or 0) + 1  # Babel counts from 0
        diagnostics.append(
            error(
                Location(rel, line, 1),
                "catalog-syntax",
                f"cannot read the catalog: {str(exc).removesuffix(f' on {exc.lineno}')}",
                "each entry is a msgid line and a msgstr line, both in double quotes",
            )
        )
    except (UnicodeDecodeError, LookupError) as exc:  # bytes not in the declared charset
        diagnostics.append(
            error(
                Location(rel),
                "file-encoding",
                f"cannot read the catalog in the charset its header declares: {exc}",
                "save it as UTF-8, with `charset=UTF-8` in its Content-Type header line",
            )
        )
    return None


# A line of a catalog that is not a comment: a keyword and a quoted string, or a string alone
# (continuing the one above).
_PO_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"')


def _unquoted_lines(rel: PurePosixPath, data: bytes) -> list[Diagnostic]:
    """The lines whose string is not closed (or has a stray quote): the catalog reader drops
    such a string's last letter without a word."""
    found = []
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        text = line.strip()
        if text and not text.startswith("#") and not _PO_LINE.fullmatch(text):
            found.append(
                error(
                    Location(rel, number, 1),
                    "catalog-syntax",
                    f"line {number} of the catalog is not a keyword and a string in double quotes",
                    'close the string with ", and write a " inside it as \\"',
                )
            )
    return found


def template_syntax(where: Location, message: str) -> Diagnostic:
    return error(
        where,
        "template-syntax",
        f"template syntax error: {message}",
        "see the Jinja template documentation for the tag's form",
    )


def _check_coverage(root: Path, lang: Lang, catalog: Catalog) -> list[Diagnostic]:
    """A string the templates use but the catalog lacks would silently show in English. A
    template that does not parse is said here, with the other problems of the build."""
    used, problems = _used_messages(root)
    reported: set[str] = set()
    for where, msgid in used:
        if msgid in reported or catalog.get(msgid) is not None:
            continue
        reported.add(msgid)
        problems.append(
            error(
                where,
                "catalog-entry-missing",
                f"'{msgid}' is shown to readers but {catalog_path(lang)} has no entry for it",
                "add it to the catalog and translate it (README: Interface strings)",
            )
        )
    return problems


def _used_messages(root: Path) -> tuple[list[tuple[Location, str]], list[Diagnostic]]:
    used = [(Location(PurePosixPath("factpress", "i18n.py")), msgid) for msgid in ENGINE_MESSAGES]
    problems = []
    options = {"extensions": "jinja2.ext.i18n", "silent": "false"}
    for name, path in sorted(theme_files(root, TEMPLATES_DIR)):
        if not name.endswith(".html"):
            continue
        rel = PurePosixPath(name)
        with Path(path).open("rb") as fp:
            try:
                found = list(babel_extract(fp, list(DEFAULT_KEYWORDS), [], options))
            except TemplateSyntaxError as exc:
                where = Location(rel, exc.lineno or 1, 1)
                problems.append(template_syntax(where, exc.message or ""))
                continue
        for line, _function, message, _comments in found:
            msgid = message if isinstance(message, str) else (message or (None,))[0]
            if msgid:
                used.append((Location(rel, line, 1), msgid))
    return used, problems


def format_date(value: date, lang: Lang) -> str:
    return babel_format_date(value, "long", locale=lang)


def format_number(value: float, lang: Lang) -> str:
    return format_decimal(value, locale=lang)


def format_language(code: str, lang: Lang) -> str:
    """The name of the language `code` (a BCP 47 tag) in `lang`: `en` is "tiếng Anh" in
    Vietnamese; a tag Babel does not know is given as it is."""
    names = Locale.parse(lang).languages
    name = str(names.get(code.replace("-", "_"), names.get(primary_language(code), code)))
    # Babel gives Vietnamese names as headings write them ("Tiếng Anh"); a sentence writes
    # "tiếng Anh". English names keep their capital in both.
    return name[:1].lower() + name[1:] if lang == "vi" else name
