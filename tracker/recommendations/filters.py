"""The list's state in the URL: filters, sorting and pagination, parsed and validated.

The HTML list, the JSON API, the CSV export and the home page all read their filters
through ``parse_list_args`` so that one URL means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import quote_plus, urlencode

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tracker.actors.models import Actor
from tracker.core.inputs import MAX_DATE, MIN_DATE, date_in_range, has_nul, is_ascii_number, parse_id, parse_int
from tracker.dates import DateNotUnderstood, parse_user_date
from tracker.documents.models import Document
from tracker.i18n import N_
from tracker.recommendations.columns import DEFAULT_COLUMNS, TABLE_COLUMNS, parse_columns
from tracker.recommendations.models import PRIORITIES
from tracker.recommendations.search import search_terms
from tracker.recommendations.statuses import STATUS_BY_CODE
from tracker.themes.models import Theme

FACETS = ("status", "maker", "addressee", "theme", "document")
SORTS = {  # labels are translated where shown: {{ _(label) }}
    "relevance": N_("Best match (with a search)"),
    "updated": N_("Recently updated"),
    "document": N_("Document (newest first)"),
    "summary": N_("Summary (A–Z)"),
    "status": N_("Status"),
    "follow_up": N_("Follow-up date (soonest first)"),
}
# Team-workflow filters (tracker/workflow/filters.py): repeatable values, then yes/no flags.
WORKFLOW_FACETS = ("owner", "follow_up", "response")
# What moved most recently comes first; it is also the order an index serves directly
# (the document order sorts every match, 0.4 s at 300,000 recommendations).
DEFAULT_SORT = "updated"
MAX_QUERY_LENGTH = 200
MAX_PAGE = 1_000_000


class InvalidFilters(ValueError):
    """The URL asks for values that do not exist; ``messages`` says which."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


@dataclass(frozen=True)
class ListState:
    """Validated list state. Filter values are the public identifiers (codes and slugs)."""

    status: tuple[str, ...] = ()
    maker: tuple[str, ...] = ()
    addressee: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    document: tuple[str, ...] = ()
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = 25
    as_of: date | None = None
    q: str = ""
    owner: tuple[str, ...] = ()
    follow_up: tuple[str, ...] = ()
    response: tuple[str, ...] = ()
    disputed: bool = False
    stale_days: int | None = None
    priority: tuple[str, ...] = ()
    # The table view's columns (display only: not a filter); () means the default ones.
    cols: tuple[str, ...] = ()
    # Resolved database ids, filled by parse_list_args.
    ids: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_filtered(self) -> bool:
        return (
            bool(self.terms)
            or any(getattr(self, facet) for facet in FACETS)
            or self.workflow_filtered
            or bool(self.priority)
        )

    @property
    def workflow_filtered(self) -> bool:
        """Whether a team-workflow filter applies (such counts are never cached: owners and
        follow-ups change without moving the data version, and ``owner=me`` differs per user)."""
        return any(getattr(self, facet) for facet in WORKFLOW_FACETS) or self.disputed or self.stale_days is not None

    @property
    def active_filters(self) -> int:
        """How many facet values are chosen (the search box shows the search itself)."""
        return sum(len(self.values(facet)) for facet in FACETS)

    @property
    def filter_key(self) -> tuple:
        """Everything that decides which recommendations match (not the page or the order)."""
        return (
            self.status,
            self.maker,
            self.addressee,
            self.theme,
            self.document,
            self.as_of,
            self.terms,
            self.owner,
            tuple(self.ids.get("owner", ())),
            self.follow_up,
            self.response,
            self.disputed,
            self.stale_days,
            self.priority,
        )

    @property
    def terms(self) -> tuple[str, ...]:
        """The words of the full-text search, if any."""
        return search_terms(self.q)

    @property
    def plain_sort(self) -> str:
        """The order used when there is no search."""
        return DEFAULT_SORT

    @property
    def default_sort(self) -> str:
        return "relevance" if self.terms else DEFAULT_SORT

    def values(self, facet: str) -> tuple[str, ...]:
        return getattr(self, facet)

    def without(self, facet: str) -> ListState:
        """The same state with one facet cleared (used for facet counts)."""
        cleared: dict[str, Any] = {facet: ()}
        return replace(self, **cleared)

    def to_args(self, **changes) -> dict:
        """Query-string arguments for this state with ``changes`` applied (defaults omitted)."""
        state = replace(self, **changes)
        args: dict[str, object] = {facet: list(state.values(facet)) for facet in FACETS if state.values(facet)}
        if state.q:
            args["q"] = state.q
        if state.sort != state.default_sort:
            args["sort"] = state.sort
        if state.page != 1:
            args["page"] = state.page
        if state.per_page != ListState.per_page:
            args["per_page"] = state.per_page
        if state.as_of is not None:
            args["as_of"] = state.as_of.isoformat()
        if state.priority:
            args["priority"] = list(state.priority)
        if state.cols and state.cols != DEFAULT_COLUMNS:
            args["cols"] = list(state.cols)
        for facet in WORKFLOW_FACETS:
            if state.values(facet):
                args[facet] = list(state.values(facet))
        if state.disputed:
            args["disputed"] = 1
        if state.stale_days is not None:
            args["stale"] = 1
        return args

    def toggle_query(self, facet: str, value: str) -> str:
        """``toggle`` as a query string ("?status=...", or "" for none): written directly,
        since a list page has ~150 facet links and url_for for each cost tens of ms."""
        return query_string(self.toggle(facet, value))

    def toggle_queries(self, facet: str) -> Callable[[str], str]:
        """``toggle_query`` for the many values of one facet: the other arguments are encoded
        once, and each link only adds its facet's values (the same string, byte for byte).
        Encoding every link's whole query string was 5–10 ms of a list page's CPU."""
        position = FACETS.index(facet)
        others = self.to_args(page=1, **{facet: ()})
        before = urlencode({k: v for k, v in others.items() if k in FACETS[:position]}, doseq=True)
        after = urlencode({k: v for k, v in others.items() if k not in FACETS[:position]}, doseq=True)
        selected = self.values(facet)
        encoded = {value: f"{facet}={quote_plus(value)}" for value in selected}

        def query(value: str) -> str:
            if value in encoded:
                own = "&".join(encoded[v] for v in selected if v != value)
            else:
                own = "&".join([*encoded.values(), f"{facet}={quote_plus(value)}"])
            joined = "&".join(part for part in (before, own, after) if part)
            return "?" + joined if joined else ""

        return query

    def toggle(self, facet: str, value: str) -> dict:
        """Arguments that add ``value`` to a facet, or remove it when already selected (back to page 1)."""
        values = self.values(facet)
        new_values = tuple(v for v in values if v != value) if value in values else values + (value,)
        return self.to_args(**{facet: new_values, "page": 1})


def query_string(args: dict) -> str:
    """ "?a=1&b=x&b=y" for list arguments (repeated values repeated), or "" when empty."""
    return "?" + urlencode(args, doseq=True) if args else ""


def _split_values(args, name: str) -> tuple[str, ...]:
    """Values of a repeated parameter; comma-separated values are accepted too."""
    values: list[str] = []
    for raw in args.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return tuple(dict.fromkeys(values))


def _parse_positive_int(args, name: str, default: int, maximum: int | None, errors: list[str]) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    value = parse_int(raw, minimum=1, maximum=10**12)
    if value is None:
        errors.append(_("'%(name)s' must be a whole number of at least 1, not '%(value)s'.", name=name, value=raw[:40]))
        return default
    if maximum is not None and value > maximum:
        errors.append(_("'%(name)s' can be at most %(maximum)s.", name=name, maximum=maximum))
        return maximum
    return value


def _parse_as_of(raw: str | None, errors: list[str]) -> date | None:
    if not raw:
        return None
    try:
        value = parse_user_date(raw)
    except DateNotUnderstood as error:
        errors.append(_("'as_of': %(problem)s", problem=str(error)))
        return None
    if not date_in_range(value):
        errors.append(
            _(
                "'as_of': %(problem)s",
                problem=_(
                    "Give a date between %(min)s and %(max)s.", min=MIN_DATE.isoformat(), max=MAX_DATE.isoformat()
                ),
            )
        )
        return None
    if value > date.today():
        errors.append(_("'as_of' cannot be in the future."))
        return None
    return value


def _resolve(session: Session, model, key_column, values, label: str, errors: list[str]) -> tuple[list[int], tuple]:
    """Map slugs (or numeric ids) to ids, reporting each unknown value.

    Returns the ids and the values with every numeric id replaced by its slug, so that
    the rest of the app (facet labels, links, the API's next page) sees one spelling.
    """
    if not values:
        return [], ()
    numeric = [parse_id(v) for v in values if is_ascii_number(v)]
    numeric = [n for n in numeric if n]
    names = [v for v in values if not is_ascii_number(v)]
    found: dict[str, tuple[int, str]] = {}
    # Only the conditions needed: "slug IN (...) OR id IN ()" makes SQLite read every row.
    conditions = ([key_column.in_(names)] if names else []) + ([model.id.in_(numeric)] if numeric else [])
    rows: Iterable[Any] = session.execute(select(model.id, key_column).where(or_(*conditions))) if conditions else []
    for row_id, key in rows:
        found[key] = (row_id, key)
        found[str(row_id)] = (row_id, key)
    if model is Actor and set(names) - found.keys():
        # Slugs of actors merged into others still filter, by the actor they now are.
        from tracker.actors.models import ActorRedirect

        for old_slug, actor_id, slug in session.execute(
            select(ActorRedirect.old_slug, Actor.id, Actor.slug)
            .join(Actor, Actor.id == ActorRedirect.actor_id)
            .where(ActorRedirect.old_slug.in_(set(names) - found.keys()))
        ):
            found[old_slug] = (actor_id, slug)
    for value in values:
        if value not in found:
            errors.append(_("Unknown %(label)s '%(value)s'.", label=label, value=value[:80]))
    known = [found[v] for v in values if v in found]
    return sorted({row_id for row_id, _key in known}), tuple(dict.fromkeys(key for _id, key in known))


def parse_list_args(
    session: Session, args, per_page_default: int = 25, per_page_max: int = 100, user=None
) -> ListState:
    """Parse and validate list arguments; raises ``InvalidFilters`` listing every bad value.

    ``user`` (the signed-in user, if any) is who ``owner=me`` means.
    """
    from tracker.workflow.filters import parse_workflow_args

    errors: list[str] = []
    if any(has_nul(values) for values in args.listvalues()):
        raise InvalidFilters([_("The address contains an invisible NUL character.")])
    statuses = _split_values(args, "status")
    for code in statuses:
        if code not in STATUS_BY_CODE:
            errors.append(
                _(
                    "Unknown status '%(value)s'. Known statuses: %(codes)s.",
                    value=code[:40],
                    codes=", ".join(STATUS_BY_CODE),
                )
            )
    q = (args.get("q") or "").strip()
    if len(q) > MAX_QUERY_LENGTH:
        errors.append(_("The search can be at most %(n)s characters long.", n=MAX_QUERY_LENGTH))
        q = ""
    elif "\x00" in q:
        errors.append(_("The search contains an invisible NUL character."))
        q = ""
    default_sort = "relevance" if search_terms(q) else DEFAULT_SORT
    sort = args.get("sort") or default_sort
    if sort not in SORTS:
        errors.append(_("Unknown sort '%(value)s'. Choose one of: %(sorts)s.", value=sort[:40], sorts=", ".join(SORTS)))
        sort = default_sort
    if sort == "relevance" and not search_terms(q):
        sort = DEFAULT_SORT
    page = _parse_positive_int(args, "page", 1, MAX_PAGE, errors)
    as_of = _parse_as_of(args.get("as_of"), errors)
    per_page = _parse_positive_int(args, "per_page", per_page_default, per_page_max, errors)
    makers = _split_values(args, "maker")
    addressees = _split_values(args, "addressee")
    themes = _split_values(args, "theme")
    documents = _split_values(args, "document")
    ids = {}
    ids["maker"], makers = _resolve(session, Actor, Actor.slug, makers, _("maker"), errors)
    ids["addressee"], addressees = _resolve(session, Actor, Actor.slug, addressees, _("addressee"), errors)
    ids["theme"], themes = _resolve(session, Theme, Theme.slug, themes, _("theme"), errors)
    ids["document"], documents = _resolve(session, Document, Document.slug, documents, _("document"), errors)
    priorities = _split_values(args, "priority")
    for code in priorities:
        if code not in PRIORITIES:
            errors.append(
                _(
                    "Unknown priority '%(value)s'. Choose one of: %(codes)s.",
                    value=code[:40],
                    codes=", ".join(PRIORITIES),
                )
            )
    cols, unknown_cols = parse_columns(_split_values(args, "cols"))
    for code in unknown_cols:
        errors.append(
            _("Unknown column '%(value)s'. Choose among: %(codes)s.", value=code[:40], codes=", ".join(TABLE_COLUMNS))
        )
    workflow = parse_workflow_args(session, args, _split_values, user, errors)
    ids["owner"] = workflow.pop("owner_ids")
    if sort == "follow_up" and user is None:
        errors.append(_("Sign in to sort by follow-up date."))
    if errors:
        raise InvalidFilters(errors)
    return ListState(
        status=statuses,
        maker=makers,
        addressee=addressees,
        theme=themes,
        document=documents,
        sort=sort,
        page=page,
        per_page=per_page,
        as_of=as_of,
        q=q,
        ids=ids,
        priority=priorities,
        cols=cols,
        **workflow,
    )
