"""Forms of the reports feature: the period and filters, saving, reviewing.

The period form validates the dates; the filters go through the list's own
``parse_list_args`` so a report's URL means what the same filters mean elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from tracker.collation import sorted_by_name
from tracker.core.forms import TrackerForm, no_nul_bytes
from tracker.dates import TypedDateField
from tracker.recommendations.filters import InvalidFilters, ListState, parse_list_args
from tracker.reports.computation import FILTER_FACETS
from tracker.reports.period import Period
from tracker.themes.models import Theme

MAX_REVIEW = 5000
MAX_SUMMARY = 5000


class ReportForm(TrackerForm):
    """The period (from/to, inclusive) and the optional filters of a progress report."""

    class Meta:
        csrf = False  # a GET form: reading a report changes nothing

    date_from = TypedDateField(
        _l("From"), name="from", validators=[InputRequired(_l("Give the first day of the period."))]
    )
    date_to = TypedDateField(_l("To"), name="to", validators=[InputRequired(_l("Give the last day of the period."))])
    addressee = SelectField(_l("Addressed to"), choices=[], validate_choice=False)
    maker = SelectField(_l("Made by"), choices=[], validate_choice=False)
    theme = SelectField(_l("Theme"), choices=[], validate_choice=False)
    # Typed, not chosen from a menu of every document (15,000 at 300,000 recommendations):
    # the view turns what is typed into ``document=slug`` (``tracker/documents/queries.py``).
    document = StringField(
        _l("Document"),
        name="document_find",
        description=_l("Type words of its title, or its slug."),
    )

    def validate_date_to(self, field) -> None:
        """The period must not end in the future nor before it starts."""
        if field.data is None:
            return
        if field.data > date.today():
            raise ValidationError(
                _l("The period cannot end in the future (today is %(today)s).", today=date.today().isoformat())
            )
        if self.date_from.data is not None and self.date_from.data > field.data:
            raise ValidationError(
                _l("The period must end on or after its first day (%(start)s).", start=self.date_from.data.isoformat())
            )

    def fill_choices(self, session: Session) -> None:
        """Options for the theme menu (slugs as values). Addressees and makers are chosen
        with the actor picker (``tracker.recommendations.actor_filters``), a document by
        typing words of its title."""
        anything = [("", _l("Any"))]
        # Theme names come from the seeds and are translated through the catalog.
        themes = [(slug, gettext(name)) for slug, name in session.execute(select(Theme.slug, Theme.name))]
        self.theme.choices = anything + sorted_by_name(themes, lambda theme: theme[1])


class SaveReportForm(ReportForm):
    """Saving a report: the same fields, posted back as hidden inputs with a CSRF token."""

    class Meta:
        csrf = True


class ReviewForm(TrackerForm):
    """A reviewer's comment; it marks the report reviewed, or asks its author for changes."""

    comment = TextAreaField(
        _l("Review comment"),
        validators=[
            DataRequired(_l("Write a comment: what you checked, and anything to follow up.")),
            Length(max=MAX_REVIEW),
            no_nul_bytes,
        ],
    )


class SummaryForm(TrackerForm):
    """The executive summary of a saved report (may be emptied)."""

    summary = TextAreaField(
        _l("Executive summary"),
        description=_l(
            "A few sentences for partners: what moved, what regressed, what to watch. Printed on the PDF's cover."
        ),
        validators=[Length(max=MAX_SUMMARY), no_nul_bytes],
    )


class ResubmitForm(TrackerForm):
    """The author's answer to a request for changes; resubmitting takes a new snapshot."""

    comment = TextAreaField(
        _l("What you changed"),
        validators=[DataRequired(_l("Say what you changed, for the reviewer.")), Length(max=MAX_REVIEW), no_nul_bytes],
    )


@dataclass
class ReportRequest:
    """A validated (or refused) request for a report."""

    form: ReportForm
    submitted: bool
    period: Period | None = None
    state: ListState | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.submitted and not self.errors

    def validated(self) -> tuple[Period, ListState]:
        """The period and the filters of a valid request."""
        if not self.valid or self.period is None or self.state is None:
            raise ValueError(f"the report request is not valid: {self.errors}")
        return self.period, self.state


def read_report_request(session: Session, formdata: MultiDict, form_class=ReportForm) -> ReportRequest:
    """Validate the period and the filters in ``formdata`` (a query string or a posted form).

    ``submitted`` is false when neither date was given (the page then only shows the form).
    ``errors`` lists one clear message per problem, for the page's error summary.
    """
    form = form_class(formdata=formdata)
    form.fill_choices(session)
    submitted = bool(formdata.get("from") or formdata.get("to"))
    request = ReportRequest(form=form, submitted=submitted)
    if not submitted:
        return request
    form.validate()
    for name in ("date_from", "date_to", "csrf_token"):
        bound = getattr(form, name, None)
        if bound is not None:
            request.errors.extend(f"{bound.label.text}: {error}" for error in bound.errors)
    # Only the filter facets: a status or sort in the URL means nothing to a report.
    filter_args = MultiDict([(key, value) for key in FILTER_FACETS for value in formdata.getlist(key) if value])
    try:
        request.state = parse_list_args(session, filter_args)
    except InvalidFilters as error:
        request.errors.extend(error.messages)
        for facet in FILTER_FACETS:
            field_ = getattr(form, facet)
            field_.errors = [m for m in error.messages if facet in m.lower()]
    if not request.errors:
        request.period = Period(form.date_from.data, form.date_to.data)
    return request
