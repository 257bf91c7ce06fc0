"""Interface strings and locale formatting: gettext catalogs compiled in memory, Babel formats."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path, PurePosixPath

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import Translations

from factpress.diagnostics import Diagnostic, Location, error
from factpress.model import LANGS, Lang

LOCALE_DIR = "locale"


def catalog_path(lang: Lang) -> PurePosixPath:
    return PurePosixPath(LOCALE_DIR, lang, "LC_MESSAGES", "messages.po")


def load_translations(root: Path) -> tuple[dict[Lang, Translations], list[Diagnostic]]:
    """One compiled catalog per language; a missing or broken catalog is an error, never English."""
    # Translations.load() quietly returns NullTranslations when a catalog is missing, which
    # would publish a Vietnamese page with English labels: compile the .po ourselves instead.
    translations: dict[Lang, Translations] = {}
    diagnostics: list[Diagnostic] = []
    for lang in LANGS:
        rel = catalog_path(lang)
        path = root / rel
        if not path.is_file():
            diagnostics.append(
                error(
                    Location(rel),
                    "catalog-missing",
                    f"no interface catalog for '{lang}'",
                    f"copy {catalog_path('en')} and translate its msgstr lines",
                )
            )
            continue
        try:
            with path.open("rb") as fp:
                catalog = read_po(fp, locale=lang, abort_invalid=True)
        except PoFileError as exc:
            diagnostics.append(
                error(Location(rel), "catalog-syntax", f"cannot read the catalog: {exc}")
            )
            continue
        untranslated = [m for m in catalog if m.id and not m.string and lang != "en"]
        for message in untranslated:
            line = message.lineno or 1
            diagnostics.append(
                error(
                    Location(rel, line, 1),
                    "catalog-untranslated",
                    f"'{message.id}' has no translation",
                    "fill in its msgstr",
                )
            )
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        translations[lang] = Translations(buffer)
    return translations, diagnostics


def format_date(value: date, lang: Lang) -> str:
    return babel_format_date(value, "long", locale=lang)


def format_number(value: float, lang: Lang) -> str:
    return format_decimal(value, locale=lang)
