"""Interface strings translated when a template compiles give what Jinja's gettext gives."""

from __future__ import annotations

from io import BytesIO

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations
import jinja2
import pytest

from factpress.templating import TranslatingEnvironment

CASES = [
    '{{ _("Plain") }}',
    '<a title="{{ _("Plain") }}">{{ gettext("Plain") }}</a>',
    '{{ _("Fish & chips") }}',  # translations are markup: not escaped twice
    '{{ _("100%% sure") }}',  # always formatted, as newstyle gettext does
    '{{ _("Hello %(name)s", name=who) }}',  # arguments are escaped
    '{{ _("Not in the catalog") }}',
    '{{ ngettext("%(num)s claim", "%(num)s claims", count) }}',  # left to run time
    '{% macro label() %}{{ _("Plain") }}{% endmacro %}[{{ label() }}]',
    "{{ _(who) }}",  # not a literal: left to run time
]


def _translations() -> Translations:
    catalog = Catalog(locale="vi")
    catalog.add("Plain", "Thường")
    catalog.add("Fish & chips", "Cá <b>&amp;</b> khoai")
    catalog.add("100%% sure", "chắc 100%%")
    catalog.add("Hello %(name)s", "Chào %(name)s")
    catalog.add(("%(num)s claim", "%(num)s claims"), ("%(num)s nhận định",))
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


@pytest.mark.parametrize("source", CASES)
def test_compiled_translation_renders_as_runtime_gettext(source: str) -> None:
    translations = _translations()
    runtime = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    runtime.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    compiled = TranslatingEnvironment(translations, autoescape=True, extensions=["jinja2.ext.i18n"])
    compiled.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    values = {"who": "<Lan>", "count": 3}
    expected = runtime.from_string(source).render(values)
    assert compiled.from_string(source).render(values) == expected


def test_a_literal_message_leaves_no_gettext_call_in_the_compiled_template() -> None:
    env = TranslatingEnvironment(_translations(), autoescape=True, extensions=["jinja2.ext.i18n"])
    code = env.compile('{{ _("Plain") }}', raw=True)
    assert "Thường" in code
    assert "Plain" not in code  # no call that would look it up on every render
