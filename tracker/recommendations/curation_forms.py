"""Forms for curating recommendations: edit, retire, bring back, restore, merge, split.

The quote is re-anchored without JavaScript: the editor pastes (or edits) the passage and
the server finds it in the document text (``locate_passage``); the selection helper
(static/curation.js) may also send the exact offsets it read from a selection.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.core.forms import TrackerForm, no_nul_bytes
from tracker.core.inputs import parse_id
from tracker.recommendations.checks import QUOTE_MAX, SUMMARY_MAX
from tracker.recommendations.models import PRIORITIES, RETIREMENT_REASONS
from tracker.revisions.operations import REASON_MAX


class PassageNotFound(ValueError):
    """The passage does not occur in the text."""


def locate_passage(
    text: str, passage: str, near: int, start: int | None = None, end: int | None = None
) -> tuple[int, int]:
    """Offsets of ``passage`` in ``text``: the given ones when they match exactly, else the
    occurrence nearest to ``near``. Raises ``PassageNotFound``."""
    passage = (passage or "").replace("\r\n", "\n").strip()
    if not passage:
        raise PassageNotFound(_("Paste the passage to quote: it is required."))
    if start is not None and end is not None and 0 <= start < end <= len(text) and text[start:end] == passage:
        return start, end
    found, at = [], text.find(passage)
    while at >= 0:
        found.append(at)
        at = text.find(passage, at + 1)
    if not found:
        raise PassageNotFound(
            _(
                "This passage is not in the document's text. It must match exactly, "
                "punctuation and line breaks included: copy it from the text below."
            )
        )
    best = min(found, key=lambda position: abs(position - near))
    return best, best + len(passage)


def reason_field(label=None) -> TextAreaField:
    return TextAreaField(
        label or _l("Reason for the change"),
        description=_l("Required. Kept in the history, shown to readers."),
        validators=[
            DataRequired(_l("Say why you make this change (it is kept in the history).")),
            Length(max=REASON_MAX),
            no_nul_bytes,
        ],
    )


class VersionedForm(TrackerForm):
    """A form that carries the version the editor loaded."""

    version = IntegerField(
        widget=HiddenField.widget, validators=[InputRequired(_l("The form is missing its version; reload the page."))]
    )


class RecommendationEditForm(VersionedForm):
    """Summary, Spanish summary, priority, quote, themes and the reason (actors: the pickers)."""

    summary = StringField(
        _l("Summary"), validators=[DataRequired(_l("The summary is required.")), Length(max=SUMMARY_MAX), no_nul_bytes]
    )
    summary_es = StringField(
        _l("Summary in Spanish (optional)"),
        description=_l("Shown in the Spanish interface; the quote stays in its own language."),
        validators=[Optional(), Length(max=SUMMARY_MAX), no_nul_bytes],
    )
    priority = SelectField(_l("Priority"), choices=[(code, _l(label)) for code, label in PRIORITIES.items()])
    quote = TextAreaField(
        _l("Quoted passage"),
        description=_l("Exactly as in the document's text. Copy it from the text below, or select it there."),
        validators=[
            DataRequired(_l("Paste the passage to quote: it is required.")),
            Length(max=QUOTE_MAX),
            no_nul_bytes,
        ],
    )
    quote_start = IntegerField(widget=HiddenField.widget, validators=[Optional()])
    quote_end = IntegerField(widget=HiddenField.widget, validators=[Optional()])
    themes = SelectMultipleField(
        _l("Themes"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), validate_choice=True
    )
    reason = reason_field()


class RetireForm(VersionedForm):
    reason_code = SelectField(
        _l("Why is it retired?"),
        choices=[
            (code, _l(label))
            for code, label in RETIREMENT_REASONS.items()
            if code not in ("duplicate", "document_retired")
        ],
    )
    note = TextAreaField(
        _l("Note"),
        description=_l("Required for “Other”."),
        validators=[Optional(), Length(max=REASON_MAX), no_nul_bytes],
    )


class ReasonForm(VersionedForm):
    """Bring back, restore a revision: only a reason."""

    reason = reason_field()


class MergeForm(VersionedForm):
    into = StringField(
        _l("Keep this recommendation"),
        description=_l(
            "Its number (as in #123) or its address. This one's history, links and "
            "evidence move there; this one's address will lead there."
        ),
        validators=[DataRequired(_l("Say which recommendation to keep."))],
    )
    reason = reason_field()

    def into_id(self) -> int:
        """The id typed, as a number (accepts "#12", "12" or a URL ending in /12)."""
        raw = (self.into.data or "").strip().rstrip("/")
        digits = raw.rsplit("/", 1)[-1].lstrip("#")
        recommendation_id = parse_id(digits)
        if recommendation_id is None:
            raise ValidationError(_("Give the number of a recommendation, such as 12."))
        return recommendation_id
