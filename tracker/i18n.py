"""Languages: which one a request is served in, switching it, and the message catalogs.

The interface is in English (the source language) and Spanish
(``translations/es/LC_MESSAGES/messages.po``). A request's language is, in order: the
``lang`` cookie set by the language links in the header, the browser's Accept-Language,
English. Data — recommendation summaries, quotes, document text, actor names — stays in
the language it was written in; theme names and descriptions come from the seeds and are
translated through the catalog (``extract_seed_themes`` puts them there).

See "Languages" in README.md for adding one.
"""

from __future__ import annotations

import functools

import yaml
from babel import Locale
from babel.numbers import get_group_symbol
from flask import Blueprint, Flask, has_request_context, redirect, request
from flask_babel import Babel, format_decimal, get_locale, get_translations

from tracker import PROJECT_ROOT
from tracker.core.inputs import safe_next

#: Locale code -> the language's name in that language (never translated).
LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT_LOCALE = "en"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
TRANSLATIONS = PROJECT_ROOT / "translations"

blueprint = Blueprint("i18n", __name__)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it here: it is translated where
    it is shown, e.g. ``{{ _(status.label) }}`` (vocabularies defined at import time)."""
    return message


def select_locale() -> str:
    """The request's language: the ``lang`` cookie, then Accept-Language, then English
    (English too outside a request: the command line speaks English)."""
    if not has_request_context():
        return DEFAULT_LOCALE
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES.keys()) or DEFAULT_LOCALE


def current_language() -> str:
    return str(get_locale() or DEFAULT_LOCALE)


def format_number(value) -> str:
    """A number as the request's language writes it ("12,345" / "12.345"), like Babel's
    ``format_decimal``. Whole numbers, the counts a list page shows ~150 of, are grouped
    directly: Babel parses the locale and applies its pattern on each call (~35 µs each)."""
    if type(value) is int and value >= 0:
        separator = _thousands_separator(current_language())
        if separator is not None:
            return f"{value:,}".replace(",", separator)
    return format_decimal(value)


def load_locale_data() -> None:
    """Load every language's CLDR data and parse the number and date patterns pages use
    (Babel keeps both for the process; see ``tracker.web.prepare_process``)."""
    from datetime import date

    from babel.dates import format_date
    from babel.numbers import format_decimal as babel_decimal
    from babel.numbers import format_percent

    for code in LANGUAGES:
        babel_decimal(1234.5, locale=code)
        format_percent(0.5, locale=code)
        format_date(date(2000, 1, 31), "long", locale=code)
        _thousands_separator(code)


@functools.cache
def _thousands_separator(locale: str) -> str | None:
    """The locale's group symbol when its decimal pattern groups plain digits by three with
    no prefix or suffix (English, Spanish); None for any other pattern (Babel formats it)."""
    parsed = Locale.parse(locale)
    pattern = parsed.decimal_formats[None]
    plain = pattern.prefix[0] == "" and pattern.suffix[0] == "" and pattern.int_prec[0] == 1
    if pattern.grouping != (3, 3) or not plain or parsed.default_numbering_system != "latn":
        return None
    return get_group_symbol(parsed)


def _safe_next(target: str | None) -> str:
    """Only a path on this site to go back to after switching (else the home page)."""
    return safe_next(target) or "/"


@blueprint.get("/language/<code>")
def switch(code: str):
    """Remember ``code`` in a cookie and go back where the visitor was (``?next=``).

    A GET that only sets a preference cookie, so it works from a plain link on every
    page without JavaScript or a form; it changes nothing stored on the server.
    """
    response = redirect(_safe_next(request.args.get("next")), code=303)
    if code in LANGUAGES:
        response.set_cookie(
            COOKIE, code, max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax", secure=request.is_secure
        )
    return response


# Titles and default explanations of error pages, by HTTP status (Werkzeug's are English).
ERROR_TITLES = {
    400: N_("Bad Request"),
    401: N_("Unauthorized"),
    403: N_("Forbidden"),
    404: N_("Not Found"),
    405: N_("Method Not Allowed"),
    409: N_("Conflict"),
    413: N_("Request Entity Too Large"),
    415: N_("Unsupported Media Type"),
    422: N_("Unprocessable Entity"),
    429: N_("Too Many Requests"),
    500: N_("Internal Server Error"),
    503: N_("Service Unavailable"),
}
ERROR_DESCRIPTIONS = {
    400: N_("The request could not be understood: check the address."),
    401: N_("You need to sign in to see this."),
    403: N_("You do not have permission to see or do this."),
    404: N_("There is nothing at this address. Check it, or start from the list of recommendations."),
    405: N_("This address does not accept that kind of request."),
    413: N_("What you sent is too large."),
    429: N_("Too many requests: wait a moment and try again."),
}


def error_text(error) -> tuple[str, str]:
    """The translated title and explanation of an HTTPException for its error page."""
    from flask_babel import gettext

    title = ERROR_TITLES.get(error.code)
    title = gettext(title) if title else error.name
    description = error.description
    if description == type(error).description and error.code in ERROR_DESCRIPTIONS:
        description = gettext(ERROR_DESCRIPTIONS[error.code])  # Werkzeug's default, in English
    return title, description


def _install_template_gettext(app: Flask) -> None:
    """Templates' ``_()`` and ``ngettext()`` find the catalog by the request's locale in a
    dictionary of this app's catalogs. Flask-Babel's own callables look the catalog up
    anew for every message (the locale through three context proxies, its name rebuilt,
    then its cache): ~50 µs each, and a list page translates ~270 strings. The catalogs
    are compiled files read once per process either way; ``force_locale`` still applies,
    since the locale is asked for at every message."""
    catalogs: dict = {}

    def catalog():
        locale = get_locale()
        found = catalogs.get(locale)
        if found is None:
            found = catalogs[locale] = get_translations()
        return found

    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        gettext=lambda s: catalog().ugettext(s),
        ngettext=lambda s, p, n: catalog().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: catalog().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalog().unpgettext(c, s, p, n),
    )


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=select_locale)
    _install_template_gettext(app)
    app.register_blueprint(blueprint)
    from tracker.collation import localesort

    app.add_template_filter(localesort)

    @app.context_processor
    def language_for_templates():
        return {"html_lang": current_language(), "LANGUAGES": LANGUAGES, "error_text": error_text}

    @app.after_request
    def vary_on_language(response):
        # The same URL is served in several languages.
        if response.mimetype == "text/html":
            response.vary.add("Accept-Language")
            response.vary.add("Cookie")
        return response


# --- Catalog --------------------------------------------------------------------------


def extract_seed_themes(fileobj, keywords, comment_tags, options):
    """Babel extractor for seeds/themes.yaml: each theme's name and description.

    Templates show them with ``_(theme.name)``, so a Spanish name is a catalog entry like
    any other string (see babel.cfg).
    """
    themes = yaml.safe_load(fileobj.read().decode("utf-8")) or []
    for index, theme in enumerate(themes, start=1):
        for key in ("name", "description"):
            if theme.get(key):
                yield index, "_", theme[key], [f"theme {theme.get('slug')}: {key}"]


def compile_catalogs(directory=TRANSLATIONS) -> list[str]:
    """Compile every messages.po under ``directory`` whose .mo is missing or older.

    ``make setup`` runs ``pybabel compile``; this does the same from Python so the test
    suite and servers started without make always have current catalogs.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = []
    for po_path in sorted(directory.glob("*/LC_MESSAGES/messages.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        compiled.append(str(mo_path))
    return compiled
