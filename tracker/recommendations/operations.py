"""The business verbs of recommendations: the only place that creates or changes them.

Intake, the seed loader, the HTML pages, the API and the CLI call these; the CSV import
and the demo data write in batches through ``tracker.recommendations.bulk``. Each verb
checks its input, the version the editor saw (optimistic locking), moves
``updated_at``, records a revision (with its audit event) and keeps the facet index
exact. Verbs flush, never commit. Their input checks are in ``tracker.recommendations.checks``;
split, merge and the effect of an actor merge are in ``tracker.recommendations.restructure``.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from tracker.actors.models import Actor
from tracker.documents.models import Document
from tracker.notifications.operations import notify
from tracker.notifications.texts import shorten
from tracker.recommendations import facet_index
from tracker.recommendations.checks import (
    Maker,
    check_fields,
    check_makers,
    check_quote,
    check_themes,
    check_unique,
)
from tracker.recommendations.models import (
    RETIREMENT_REASONS,
    Recommendation,
    RecommendationMaker,
)
from tracker.recommendations.statuses import INITIAL_STATUS
from tracker.revisions.models import Revision
from tracker.revisions.operations import (
    CurationError,
    EditConflict,
    clean_reason,
    diff,
    flush_versioned,
    get_revision,
    record_created,
    record_revision,
    revisions_for,
    state_before,
)
from tracker.themes.models import Theme
from tracker.timeutil import utcnow

__all__ = [
    "CurationError",
    "EditConflict",
    "Maker",
    "create_recommendation",
    "update_recommendation",
    "retire_recommendation",
    "unretire_recommendation",
    "restore_revision",
    "snapshot",
]

# The fields an edit may change (and a revision may restore).
EDITABLE = ("summary", "summary_es", "priority", "quote_start", "quote_end", "makers", "addressees", "themes")


# The fields of a snapshot that the facet index is made from.
LINK_FIELDS = {"makers", "addressees", "themes"}


def snapshot(recommendation: Recommendation) -> dict:
    """The curated data of a recommendation as JSON values (what revisions compare)."""
    return {
        "summary": recommendation.summary,
        "summary_es": recommendation.summary_es,
        "priority": recommendation.priority,
        "quote_start": recommendation.quote_start,
        "quote_end": recommendation.quote_end,
        "quote": recommendation.quote,
        "makers": [{"actor": link.actor.slug, "role": link.role} for link in recommendation.maker_links],
        "addressees": sorted(actor.slug for actor in recommendation.addressees),
        "themes": sorted(theme.slug for theme in recommendation.themes),
    }


def next_key(session: Session, document: Document) -> str:
    """The first free key ``<document slug>-<n>``."""
    base = document.slug[:100]
    taken = set(session.scalars(select(Recommendation.key).where(Recommendation.key.like(f"{base}-%"))))
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def create_recommendation(
    session: Session,
    *,
    document: Document,
    summary: str,
    quote_start: int,
    quote_end: int,
    makers: list[Maker],
    addressees: Sequence[Actor] = (),
    themes: Sequence[Theme] = (),
    user=None,
    reason: str = "",
    key: str | None = None,
    summary_es: str | None = None,
    priority: str = "normal",
    status: str = INITIAL_STATUS,
    audit_summary: str | None = None,
) -> Recommendation:
    """Create a recommendation quoting ``document.text[quote_start:quote_end]``; flush.

    Raises ``CurationError`` (per field) on bad input. Records a "created" revision.
    """
    errors: dict[str, str] = {}
    cleaned = check_fields(errors, summary=summary, summary_es=summary_es, priority=priority)
    summary, summary_es = cleaned["summary"], cleaned["summary_es"]
    quote = check_quote(errors, document, quote_start, quote_end)
    makers = check_makers(errors, makers)
    addressees = check_unique(errors, "addressees", addressees)
    themes = check_themes(errors, themes, [])
    if errors:
        raise CurationError(errors)
    now = utcnow()
    recommendation = Recommendation(
        key=key or next_key(session, document),
        document=document,
        summary=summary,
        summary_es=summary_es,
        quote=quote,
        quote_start=quote_start,
        quote_end=quote_end,
        status=status,
        priority=priority,
        created_at=now,
        updated_at=now,
        maker_links=[RecommendationMaker(actor=m.actor, role=m.role, position=i) for i, m in enumerate(makers)],
        addressees=addressees,
        themes=themes,
    )
    session.add(recommendation)
    session.flush()
    facet_index.refresh(session, [recommendation.id])
    record_created(
        session,
        "recommendation",
        recommendation,
        snapshot(recommendation),
        user=user,
        reason=reason,
        audit_summary=audit_summary,
    )
    return recommendation


_UNSET = object()


def update_recommendation(
    session: Session,
    recommendation: Recommendation,
    *,
    user,
    reason: str,
    expected_version: int | None,
    summary=_UNSET,
    summary_es=_UNSET,
    priority=_UNSET,
    quote_start=_UNSET,
    quote_end=_UNSET,
    makers=_UNSET,
    addressees=_UNSET,
    themes=_UNSET,
    kind: str = "edited",
    restores_id: int | None = None,
    require_reason: bool = True,
    refresh_index: bool = True,
) -> Revision | None:
    """Change any of the given fields (others are left alone); flush.

    ``expected_version`` is the version the editor saw (None: no check, for the seed
    loader). Raises ``EditConflict`` (with the revisions since) when it moved, and
    ``CurationError`` per field. Returns the revision, or None when nothing changed.
    """
    reason = clean_reason(reason, required=require_reason)
    if expected_version is not None and recommendation.version != expected_version:
        raise EditConflict(expected_version, changes_since(session, recommendation, expected_version))
    before = snapshot(recommendation)
    errors: dict[str, str] = {}
    values = check_fields(
        errors,
        **{
            name: value
            for name, value in (("summary", summary), ("summary_es", summary_es), ("priority", priority))
            if value is not _UNSET
        },
    )
    if quote_start is not _UNSET or quote_end is not _UNSET:
        start = recommendation.quote_start if quote_start is _UNSET else quote_start
        end = recommendation.quote_end if quote_end is _UNSET else quote_end
        values.update(quote=check_quote(errors, recommendation.document, start, end), quote_start=start, quote_end=end)
    new_makers = check_makers(errors, makers) if makers is not _UNSET else None
    new_addressees = check_unique(errors, "addressees", addressees) if addressees is not _UNSET else None
    new_themes = check_themes(errors, themes, recommendation.themes) if themes is not _UNSET else None
    if errors:
        raise CurationError(errors)
    for name, value in values.items():
        setattr(recommendation, name, value)
    if new_makers is not None and [(m.actor.id, m.role) for m in new_makers] != [
        (link.actor_id, link.role) for link in recommendation.maker_links
    ]:
        # Existing links are reused (an actor keeps its link row: the primary key is the pair).
        existing = {link.actor_id: link for link in recommendation.maker_links}
        links = []
        for position, maker in enumerate(new_makers):
            link = existing.get(maker.actor.id) or RecommendationMaker(actor=maker.actor)
            link.role, link.position = maker.role, position
            links.append(link)
        recommendation.maker_links = links
    if new_addressees is not None:
        recommendation.addressees = new_addressees
    if new_themes is not None:
        recommendation.themes = new_themes
    changes = diff(before, snapshot(recommendation))
    if not changes:
        return None
    return _save(session, recommendation, user, reason, changes, kind, restores_id, expected_version, refresh_index)


def _save(
    session: Session,
    recommendation: Recommendation,
    user,
    reason: str,
    changes: dict,
    kind: str,
    restores_id: int | None = None,
    expected_version: int | None = None,
    refresh_index: bool = True,
) -> Revision:
    """Move ``updated_at`` and the version, flush, and record the revision (``refresh_index``
    False: the caller refreshes the facet index of many recommendations at once)."""
    recommendation.updated_at = utcnow()
    flag_modified(recommendation, "updated_at")
    flush_versioned(session, recommendation, expected_version)
    revision = record_revision(
        session,
        "recommendation",
        recommendation.id,
        user=user,
        reason=reason,
        kind=kind,
        changes=changes,
        restores_id=restores_id,
        version=recommendation.version,
    )
    if refresh_index and (kind in ("retired", "unretired") or "retired" in changes or changes.keys() & LINK_FIELDS):
        # Who it reaches (or whether it is listed at all) changed: the facet index follows.
        facet_index.refresh(session, [recommendation.id])
    # Followers hear about edits of the data (not only of the status): one notification per revision.
    # Not of an actor merge: two records of the same body become one, the meaning is unchanged
    # (and one merge would otherwise notify once per recommendation of that actor).
    if kind != "actor_merged":
        notify(
            session,
            "data_edit",
            key=str(revision.id),
            actor=user,
            recommendation=recommendation,
            details={"fields": sorted(changes), "kind": kind, "excerpt": shorten(reason)},
        )
    return revision


def changes_since(session: Session, recommendation: Recommendation, version: int) -> list[Revision]:
    """Revisions recorded after ``version`` of the recommendation, newest first."""
    return [
        r
        for r in revisions_for(session, "recommendation", recommendation.id, limit=50)
        if r.version is not None and r.version > version
    ]


def retire_recommendation(
    session: Session,
    recommendation: Recommendation,
    *,
    user,
    reason_code: str,
    note: str = "",
    expected_version: int | None = None,
) -> Revision:
    """Take a recommendation out of lists, counts and reports (reversibly); flush.

    ``reason_code`` is a key of ``RETIREMENT_REASONS``; ``note`` says more (required for "other").
    """
    if reason_code not in RETIREMENT_REASONS:
        raise CurationError({"reason": _("Choose why the recommendation is retired.")})
    note = clean_reason(note, required=reason_code == "other")
    if recommendation.retired_at is not None:
        raise CurationError(_("This recommendation is already retired."))
    if expected_version is not None and recommendation.version != expected_version:
        raise EditConflict(expected_version, changes_since(session, recommendation, expected_version))
    recommendation.retired_at = utcnow()
    recommendation.retired_reason = reason_code
    recommendation.retired_note = note or None
    changes = {"retired": [None, reason_code]} | ({"retired_note": [None, note]} if note else {})
    return _save(
        session,
        recommendation,
        user,
        note or str(RETIREMENT_REASONS[reason_code]),
        changes,
        "retired",
        expected_version=expected_version,
    )


def unretire_recommendation(
    session: Session, recommendation: Recommendation, *, user, reason: str, expected_version: int | None = None
) -> Revision:
    """Bring a retired recommendation back into lists and counts; flush.

    A recommendation merged into another stays retired (its history now lives there).
    """
    reason = clean_reason(reason)
    if recommendation.retired_at is None:
        raise CurationError(_("This recommendation is not retired."))
    if recommendation.merged_into_id is not None:
        raise CurationError(
            _(
                "This recommendation was merged into #%(id)s; it cannot be brought back.",
                id=recommendation.merged_into_id,
            )
        )
    if recommendation.document.retired_at is not None:
        raise CurationError(_("Its document is retired: bring the document back instead."))
    if expected_version is not None and recommendation.version != expected_version:
        raise EditConflict(expected_version, changes_since(session, recommendation, expected_version))
    changes = {"retired": [recommendation.retired_reason, None]}
    if recommendation.retired_note:
        changes["retired_note"] = [recommendation.retired_note, None]
    recommendation.retired_at = recommendation.retired_reason = recommendation.retired_note = None
    return _save(session, recommendation, user, reason, changes, "unretired", expected_version=expected_version)


def restore_revision(
    session: Session,
    recommendation: Recommendation,
    revision_id: int,
    *,
    user,
    reason: str,
    expected_version: int | None,
    before: bool = True,
) -> Revision | None:
    """Put the data back as it was before revision ``revision_id`` (or, ``before=False``,
    just after it), as a new revision that names the one it restores; flush.

    Actors or themes named in the old data that no longer exist are reported per field.
    """
    revision = get_revision(session, "recommendation", recommendation.id, revision_id)
    if revision is None:
        raise CurationError(_("There is no revision %(id)s of this recommendation.", id=revision_id))
    state = state_before(
        session, "recommendation", recommendation.id, revision, snapshot(recommendation), include=before
    )
    errors: dict[str, str] = {}
    slugs = {m["actor"] for m in state["makers"] or []} | set(state["addressees"] or [])
    actors = _actors_by_slug(session, slugs)
    themes = {t.slug: t for t in session.scalars(select(Theme).where(Theme.slug.in_(state["themes"] or [])))}
    missing = sorted(slugs - actors.keys()) + sorted(set(state["themes"] or []) - themes.keys())
    if missing:
        errors["makers"] = _("These no longer exist: %(slugs)s.", slugs=", ".join(missing))
        raise CurationError(errors)
    if state["quote_start"] is None or state["summary"] is None:
        raise CurationError(_("That revision created the recommendation: there is nothing before it."))
    return update_recommendation(
        session,
        recommendation,
        user=user,
        reason=reason,
        expected_version=expected_version,
        summary=state["summary"],
        summary_es=state["summary_es"],
        priority=state["priority"] or "normal",
        quote_start=state["quote_start"],
        quote_end=state["quote_end"],
        makers=[Maker(actors[m["actor"]], m["role"]) for m in state["makers"]],
        addressees=[actors[s] for s in state["addressees"]],
        themes=[themes[s] for s in state["themes"]],
        kind="restored",
        restores_id=revision.id,
    )


def _actors_by_slug(session: Session, slugs: set[str]) -> dict[str, Actor]:
    """Actors by slug, following the redirects left by merged actors."""
    from tracker.actors.operations import actors_by_slug

    return actors_by_slug(session, slugs)


def shift_quote(session: Session, recommendation: Recommendation, delta: int, *, user, reason: str) -> Revision:
    """Move the quote's offsets by ``delta`` (its document's text was trimmed before it); flush."""
    before = snapshot(recommendation)
    recommendation.quote_start += delta
    recommendation.quote_end += delta
    return _save(session, recommendation, user, reason, diff(before, snapshot(recommendation)), "edited")
