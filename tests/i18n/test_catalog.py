"""Every interface string is marked for translation and has a Spanish translation.

Three checks, each listing what it finds so whoever adds a page can fix it:

1. Templates: visible text outside ``{{ _("...") }}`` / ``{% trans %}`` is found by a
   heuristic — drop Jinja comments, ``{% trans %}`` blocks, ``<script>``/``<style>``,
   ``<code>``/``<kbd>``/``<samp>`` (code is not translated), then every ``{{ ... }}`` and
   ``{% ... %}``, then HTML tags, entities and paths (``/api/...``); any word
   left (a run of letters) that is not in ``NOT_TRANSLATED`` (format names such as CSV)
   is untranslated text. Attributes people read (title, aria-label, placeholder, alt,
   summary) are checked the same way. A ``{# i18n: ignore #}`` comment on a line skips it.
2. Code: ``flash()``, ``abort(..., description)``, WTForms field labels and
   descriptions, validator messages and ``ValidationError`` with a plain string literal
   (or an f-string) instead of ``_()`` / ``_l()`` are reported with file and line.
3. Catalog: messages are extracted afresh from the code, templates and seeds (babel.cfg)
   and every one must have a non-empty, non-fuzzy ``msgstr`` in
   ``translations/es/LC_MESSAGES/messages.po``. To fix: see "Languages" in README.md
   (``make translations`` updates the catalogs; then translate the new entries).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from tracker import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "templates"
CODE = PROJECT_ROOT / "tracker"
SPANISH = PROJECT_ROOT / "translations" / "es" / "LC_MESSAGES" / "messages.po"

# Words that are the same in every language: names of formats and standards.
NOT_TRANSLATED = {"CSV", "JSON", "PDF", "API", "Atom", "OpenAPI", "UTC", "SVG", "HTTP", "HTTPS", "URL", "ID", "AND"}
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "summary", "aria-description")

_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_TRANS = re.compile(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", re.S)
_SCRIPT = re.compile(r"<(script|style|code|kbd|samp)\b.*?</\1>", re.S | re.I)
_PATH = re.compile(r"\S*/\S*")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_TAG = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&[#\w]+;")
_WORD = re.compile(r"[^\W\d_]{2,}")
_ATTRIBUTE = re.compile(r"""\s(""" + "|".join(READ_ATTRIBUTES) + r""")\s*=\s*(["'])(.*?)\2""", re.S)


def _words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text) if word not in NOT_TRANSLATED]


def untranslated_template_text(source: str) -> list[tuple[int, str]]:
    """(line, text) for each stretch of visible text that is not marked for translation."""
    lines = [line if "i18n: ignore" not in line else "" for line in source.splitlines()]
    source = "\n".join(lines)

    def blank(match):  # keep line numbers: replace a match by its newlines
        return "\n" * match.group(0).count("\n")

    source = _TRANS.sub(blank, _COMMENT.sub(blank, source))
    source = _SCRIPT.sub(blank, source)
    found = []
    # Attributes people read, whose value has words outside {{ }}.
    for match in _ATTRIBUTE.finditer(source):
        if _words(_JINJA.sub(" ", match.group(3))):
            found.append((source.count("\n", 0, match.start()) + 1, f'{match.group(1)}="{match.group(3)}"'))
    text = _PATH.sub(" ", _ENTITY.sub(" ", _TAG.sub(blank, _JINJA.sub(blank, source))))
    for number, line in enumerate(text.splitlines(), start=1):
        if _words(line):
            found.append((number, line.strip()))
    return found


def test_template_text_is_marked_for_translation():
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for line, text in untranslated_template_text(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(PROJECT_ROOT)}:{line}: {text[:100]}")
    assert not problems, 'Visible text not marked for translation (wrap it in {{ _("...") }}):\n' + "\n".join(problems)


def test_the_template_heuristic_finds_plain_text():
    assert untranslated_template_text('<p>{{ _("Fine") }} {{ rec.summary }} · CSV</p>') == []
    assert untranslated_template_text("{% trans %}Fine{% endtrans %}{# Note to self #}") == []
    assert untranslated_template_text("<p>Not fine</p>") == [(1, "Not fine")]
    assert untranslated_template_text('<a title="Plain">x</a>') == [(1, 'title="Plain"')]


# --- Code -----------------------------------------------------------------------------

VALIDATORS = {
    "DataRequired",
    "InputRequired",
    "Length",
    "Email",
    "EqualTo",
    "Regexp",
    "NumberRange",
    "AnyOf",
    "NoneOf",
    "URL",
    "Optional",
    "ValidationError",
}


def _is_plain_text(node) -> bool:
    """A string literal, f-string, or concatenation/format of one (not a _() call)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(_words(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and _words(str(v.value)) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _is_plain_text(node.left) or _is_plain_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_plain_text(node.func.value)
    return False


def _name(func) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def unmarked_code_strings(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        suspects = []
        if name == "flash":
            suspects = node.args[:1]
        elif name == "abort":
            suspects = node.args[1:2] + [k.value for k in node.keywords if k.arg == "description"]
        elif name.endswith("Field") and name[:1].isupper():
            suspects = node.args[:1] + [k.value for k in node.keywords if k.arg in ("label", "description")]
        elif name in VALIDATORS:
            args = node.args[1:] if name == "EqualTo" else node.args  # EqualTo's first is a field name
            suspects = [a for a in args if isinstance(a, (ast.Constant, ast.JoinedStr))] + [
                k.value for k in node.keywords if k.arg == "message"
            ]
        for suspect in suspects:
            if _is_plain_text(suspect):
                found.append((node.lineno, f"{name}({ast.unparse(suspect)[:80]})"))
    return found


def test_code_marks_interface_strings_for_translation():
    problems = []
    for path in sorted(CODE.rglob("*.py")):
        for line, call in unmarked_code_strings(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(PROJECT_ROOT)}:{line}: {call}")
    assert not problems, (
        "Interface strings not marked for translation (use _() in views, _l() in forms):\n" + "\n".join(problems)
    )


def test_the_code_check_finds_plain_literals():
    source = (
        'flash("Saved.")\nflash(_("Saved."))\nabort(404, description=f"No {x}")\n'
        'StringField("Email", validators=[DataRequired(message="Required")])\nStringField(_l("Email"))\n'
    )
    assert [line for line, _ in unmarked_code_strings(source)] == [1, 3, 4, 4]


# --- Catalog --------------------------------------------------------------------------


def extract_messages(tmp_path):
    """A fresh catalog template from the code, templates and seeds, as README.md says."""
    pot = tmp_path / "messages.pot"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "N_",
            "--no-location",
            "--omit-header",
            "-o",
            str(pot),
            ".",
        ],
        cwd=PROJECT_ROOT,
        env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT)),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with pot.open("rb") as file:
        return read_po(file)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    return extract_messages(tmp_path_factory.mktemp("catalog"))


def vocabularies() -> dict[str, list[str]]:
    """Labels defined in code and translated where shown (``{{ _(label) }}``): each must be
    marked (N_) so that it is extracted."""
    import yaml

    from tracker.accounts.roles import ROLE_DESCRIPTIONS, ROLE_LABELS
    from tracker.actors.models import ACTOR_KINDS
    from tracker.documents.models import DOCUMENT_KINDS
    from tracker.i18n import ERROR_DESCRIPTIONS, ERROR_TITLES
    from tracker.intake.models import CANDIDATE_STATUSES, PAIR_STATUSES, SOURCE_KINDS
    from tracker.recommendations.filters import SORTS
    from tracker.recommendations.models import MAKER_ROLES
    from tracker.recommendations.statuses import STATUSES

    themes = yaml.safe_load((PROJECT_ROOT / "seeds" / "themes.yaml").read_text(encoding="utf-8"))
    return {
        "statuses": [s.label for s in STATUSES] + [s.description for s in STATUSES],
        "sorts": list(SORTS.values()),
        "actor kinds": list(ACTOR_KINDS.values()),
        "document kinds": list(DOCUMENT_KINDS.values()),
        "maker roles": list(MAKER_ROLES.values()),
        "roles": list(ROLE_LABELS.values()) + list(ROLE_DESCRIPTIONS.values()),
        "error pages": list(ERROR_TITLES.values()) + list(ERROR_DESCRIPTIONS.values()),
        "intake": list(CANDIDATE_STATUSES.values()) + list(SOURCE_KINDS.values()) + list(PAIR_STATUSES.values()),
        "themes (seeds/themes.yaml)": [t[k] for t in themes for k in ("name", "description") if t.get(k)],
    }


def test_vocabularies_shown_through_gettext_are_extracted(extracted):
    missing = [
        f"{name}: {label!r}" for name, labels in vocabularies().items() for label in labels if label not in extracted
    ]
    assert not missing, "Labels translated where shown but never extracted (mark them with N_()):\n" + "\n".join(
        missing
    )


def test_every_message_has_a_spanish_translation(extracted):
    template = extracted
    assert len(template) > 100, "extraction found almost nothing: check babel.cfg"
    with SPANISH.open("rb") as file:
        spanish = read_po(file, locale="es")
    missing = []
    for message in template:
        if not message.id:
            continue
        translated = spanish.get(message.id, message.context)
        strings = translated.string if translated else None
        strings = strings if isinstance(strings, (tuple, list)) else (strings,)
        if translated is None or translated.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert not missing, (
        f"{len(missing)} message(s) without a Spanish translation in "
        f"{SPANISH.relative_to(PROJECT_ROOT)} (run `make translations`, then translate):\n"
        + "\n".join(f"  {m!r}" for m in missing)
    )
