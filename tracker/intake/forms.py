"""Intake forms: the one place that validates new documents and review decisions."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from tracker.core.forms import TrackerForm, no_nul_bytes
from tracker.dates import TypedDateField
from tracker.documents.models import DOCUMENT_KINDS
from tracker.intake.jobs import BACKGROUND_KINDS, MAX_TEXT
from tracker.intake.safe_parse import ParseLimits, read_upload
from tracker.intake.sources import MAX_UPLOAD_BYTES, UnreadableUpload, detect_kind, normalise
from tracker.updates.forms import http_links, not_in_future

MAX_TITLE = 500
LANGUAGES = [
    ("", _l("Detect from the text")),
    ("en", _l("English")),
    ("es", _l("Spanish")),
    ("fr", _l("French")),
    ("pt", _l("Portuguese")),
]
UPLOAD_MESSAGES = {
    "Upload a .txt, .md, .html or .pdf file.": _l("Upload a .txt, .md, .html or .pdf file."),
    "The file is empty.": _l("The file is empty."),
    "The file is larger than 5 MB.": _l("The file is larger than 5 MB."),
    "This file is named .pdf but is not a PDF.": _l("This file is named .pdf but is not a PDF."),
    "This file is named .html but contains no HTML.": _l("This file is named .html but contains no HTML."),
}


class DocumentForm(TrackerForm):
    """A new document: pasted text or an upload, with its title, publisher, date, URL and language."""

    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Give the document’s title.")), Length(max=MAX_TITLE), no_nul_bytes]
    )
    text = TextAreaField(
        _l("Paste the text"),
        validators=[Optional(), Length(max=MAX_TEXT), no_nul_bytes],
        description=_l("Or upload a file below. Paste the whole document: quotes are located in it."),
    )
    upload = FileField(
        _l("Or upload a file"),
        description=_l(
            ".txt, .md, .html or .pdf, at most 5 MB. Files cannot be kept if the form has errors: choose it again."
        ),
    )
    publisher = SelectField(_l("Publisher"), choices=[], validate_choice=True)
    new_publisher = StringField(
        _l("Or a publisher not in the list"),
        validators=[Optional(), Length(max=200), no_nul_bytes],
        description=_l("A new organisation is created with this name."),
    )
    published_on = TypedDateField(
        _l("Publication date"),
        validators=[Optional(), not_in_future],
        description=_l("Leave empty to take the date the text states, if any; day/month/year."),
    )
    url = StringField(_l("Web address"), validators=[Optional(), Length(max=2000), no_nul_bytes, http_links])
    language = SelectField(
        _l("Language"),
        choices=LANGUAGES,
        default="",
        description=_l("English and Spanish texts are read with their own grammar."),
    )
    kind = SelectField(
        _l("Kind of document"), choices=[(k, _l(v)) for k, v in DOCUMENT_KINDS.items()], default="press_release"
    )

    def __init__(self, *args, publishers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.publisher.choices = [("", _l("— Choose, or type a new one below —"))] + [
            (str(actor.id), actor.display_name) for actor in publishers
        ]
        self.document_text: str | None = None
        self.source_kind = "pasted"
        self.upload_bytes: bytes | None = None
        self.upload_name: str | None = None

    def validate_upload(self, field) -> None:
        """Check the file cheaply here; PDF and HTML are read by a worker (``tracker.intake.jobs``)."""
        storage = field.data
        if not storage or not getattr(storage, "filename", ""):
            return
        data = storage.stream.read(MAX_UPLOAD_BYTES + 1)
        try:
            kind = detect_kind(storage.filename, data)
            text = (
                None
                if kind in BACKGROUND_KINDS
                else read_upload(storage.filename, data, ParseLimits.from_config(current_app.config))[1]
            )
        except UnreadableUpload as error:
            raise ValidationError(UPLOAD_MESSAGES.get(str(error), _l("%(reason)s", reason=str(error)))) from None
        if text is not None and len(text) > MAX_TEXT:
            raise ValidationError(_l("The file holds more than %(n)s characters of text.", n=MAX_TEXT))
        self.document_text, self.source_kind = text, kind
        self.upload_bytes, self.upload_name = data, storage.filename

    @property
    def read_in_background(self) -> bool:
        """Whether the upload is a PDF or HTML file, to be read by a worker."""
        return self.upload_bytes is not None and self.source_kind in BACKGROUND_KINDS

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        pasted = normalise(self.text.data or "")
        has_file = bool(self.upload.data and getattr(self.upload.data, "filename", ""))
        if valid and not has_file:
            if not pasted.strip():
                self.text.errors.append(_l("Paste the document’s text or upload a file."))
                return False
            self.document_text = pasted
        if valid and has_file and pasted.strip():
            self.text.errors.append(_l("Paste text or upload a file, not both."))
            return False
        if valid and self.publisher.data and self.new_publisher.data:
            self.new_publisher.errors.append(_l("Choose a publisher from the list or type a new one, not both."))
            return False
        return valid


class CandidateForm(TrackerForm):
    """A reviewer's decision on one candidate, with the edits made before accepting.

    Makers and addressees are chosen with the actor picker (``tracker.actors.picker``),
    read by the view beside this form and required only to accept."""

    summary = StringField(
        _l("Summary"), validators=[DataRequired(_l("Write a short summary of the ask.")), Length(max=300), no_nul_bytes]
    )
    themes = SelectMultipleField(_l("Themes"), choices=[], validate_choice=True)
    merge_into = SelectField(_l("Same as an existing recommendation"), choices=[], default="", validate_choice=True)
    action = SelectField(
        choices=[("accept", _l("Accept")), ("merge", _l("Merge")), ("reject", _l("Reject"))],
        validators=[DataRequired(_l("Choose accept, merge or reject."))],
    )

    def __init__(self, *args, candidate=None, themes=(), recommendations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.themes.choices = [(t.slug, _l(t.name)) for t in themes]
        self.merge_into.choices = [("", _l("— Choose when merging —"))] + [
            (str(r.id), f"#{r.id} {r.summary[:90]}") for r in recommendations
        ]
        for field in self:
            # Several candidate forms share a page: ids must stay unique.
            field.id = f"c{candidate.id}-{field.name}"
            field.label.field_id = field.id

    def validate_merge_into(self, field) -> None:
        if self.action.data == "merge" and not field.data:
            raise ValidationError(_l("Choose the recommendation this candidate is the same as."))

    @staticmethod
    def defaults(candidate) -> dict:
        """The form's starting values: the candidate's proposals."""
        return {"summary": candidate.summary, "themes": list(candidate.themes)}


class QuoteForm(TrackerForm):
    """Widen or narrow a candidate's quote: the new quote, copied from the document's text."""

    quote = TextAreaField(
        _l("Quote"),
        validators=[DataRequired(_l("Copy the quote from the document’s text.")), Length(max=5000), no_nul_bytes],
        description=_l("Add words from the text around it, or remove some: it must stay word for word."),
    )


class SplitForm(TrackerForm):
    """Split a candidate in two where the second ask starts."""

    second = StringField(
        _l("The second ask starts with"),
        validators=[DataRequired(_l("Type the words the second ask starts with.")), Length(max=300), no_nul_bytes],
        description=_l("A few words copied from the quote, e.g. “end the use”."),
    )


class ConfirmForm(TrackerForm):
    """A bare form: only the CSRF token (bulk decisions, re-processing, related pairs)."""
