"""Importing the status history (status-updates.csv).

Updates are matched by id only. The history is append-only: a row whose id exists
must equal the stored update (then it is unchanged) or it is a bad row. New rows are
appended through ``tracker.updates.operations.append_update`` — the same code as the
update form — so ``from_status`` is recomputed (the file's value is not applied), the
recommendation's current status follows the latest effective date and its version is
bumped once per update.

An import cannot claim that someone else recorded an update, or when: new updates are
recorded by the importing user at import time, and the file's ``recorded_by`` and
``recorded_at`` are kept as "originally recorded by/at" (shown as such on the
timeline). Only the migration mode (``keep_recorded``, administrators only, audited)
stores them as the update's own recorder and time; there ``recorded_by`` must name an
existing user.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from tracker.accounts.models import User
from tracker.core.inputs import InvalidJson, is_http_url, loads_json
from tracker.recommendations.models import Recommendation
from tracker.recommendations.statuses import STATUS_BY_CODE
from tracker.transfer.catalog import Importer
from tracker.transfer.formats import CellError, choice, day, integer, slug, text, timestamp
from tracker.transfer.importing import Row
from tracker.updates.forms import MAX_LINKS, MAX_NOTE, MAX_QUOTATION, MAX_SOURCE, MAX_URL
from tracker.updates.models import StatusUpdate
from tracker.updates.operations import EvidenceInput, append_update, link_neighbours


def parse_evidence(value: str) -> list[dict]:
    """The evidence cell: a JSON list of {"url"} and {"quotation", "source"} objects."""
    value = text(value) or ""
    if not value.strip():
        return []
    try:
        items = loads_json(value)
    except InvalidJson:
        raise CellError(_('is not a JSON list such as [{"url": "https://…"}]')) from None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise CellError(_("must be a JSON list of objects"))
    links = 0
    for item in items:
        if set(item) - {"url", "quotation", "source"} or not all(isinstance(v, str) for v in item.values()):
            raise CellError(_("each item may only have the text fields url, quotation and source"))
        url, quotation, source = item.get("url"), item.get("quotation"), item.get("source")
        if url is not None:
            links += 1
            if not is_http_url(url, MAX_URL):
                raise CellError(_("“%(url)s” is not a web address starting with http:// or https://", url=url[:80]))
        if bool(quotation) != bool(source) or (url is None and not quotation):
            raise CellError(_("each item needs a url, or a quotation together with its source"))
        if len(quotation or "") > MAX_QUOTATION or len(source or "") > MAX_SOURCE:
            raise CellError(_("a quotation or source is too long"))
    if links > MAX_LINKS:
        raise CellError(_("at most %(n)s links", n=MAX_LINKS))
    return items


def _evidence_dicts(update: StatusUpdate) -> list[dict]:
    return [
        {k: v for k, v in (("url", e.url), ("quotation", e.quotation), ("source", e.source)) if v}
        for e in update.evidence
    ]


class StatusUpdateImporter(Importer):
    """status-updates.csv: id, recommendation, effective_on, from_status, to_status, note,
    evidence, corrects, recorded_at, recorded_by, and (optional) original_recorded_at,
    original_recorded_by."""

    model = StatusUpdate

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seen_ids: dict[int, tuple[int, str | None]] = {}  # id -> (line, recommendation key)
        self.recommendations: dict[str, int] = {}
        self.users: dict[str, int | None] = {}
        self.new_ids = False

    @property
    def explicit_id_tables(self) -> list[str]:
        return ["status_updates"] if self.new_ids else []

    def check(self, rows: list[Row]) -> None:
        for row in rows:
            self._parse(row)
        keys = {row.values["recommendation"] for row in rows if row.values.get("recommendation")}
        self.recommendations.update(
            self.session.execute(
                select(Recommendation.key, Recommendation.id).where(
                    Recommendation.key.in_(keys - self.recommendations.keys())
                )
            ).all()
        )
        emails = {row.values["recorded_by"] for row in rows if row.values.get("recorded_by")} - self.users.keys()
        self.users.update(self.session.execute(select(User.email, User.id).where(User.email.in_(emails))).all())
        ids = {row.values["id"] for row in rows if row.values.get("id") is not None}
        ids |= {row.values["corrects"] for row in rows if row.values.get("corrects") is not None}
        existing = {}
        if ids:
            existing = {
                update.id: (update, key, email)
                for update, key, email in self.session.execute(
                    select(StatusUpdate, Recommendation.key, User.email)
                    .join(Recommendation, StatusUpdate.recommendation_id == Recommendation.id)
                    .outerjoin(User, StatusUpdate.user_id == User.id)
                    .where(StatusUpdate.id.in_(ids))
                )
            }
        for row in rows:
            self._check(row, existing)

    def _parse(self, row: Row) -> None:
        values = row.values
        values["id"] = row.parse("id", integer, required=False)
        values["recommendation"] = row.parse("recommendation", slug)
        values["effective_on"] = row.parse("effective_on", day)
        if values["effective_on"] and values["effective_on"] > date.today():
            row.fail("effective_on", _("cannot be in the future"))
        if row.cells.get("from_status", "").strip():
            values["from_status"] = row.parse("from_status", choice, STATUS_BY_CODE)
        values["to_status"] = row.parse("to_status", choice, STATUS_BY_CODE)
        values["note"] = row.parse("note", text, required=True, max_length=MAX_NOTE)
        values["evidence"] = row.parse("evidence", parse_evidence)
        values["corrects"] = row.parse("corrects", integer, required=False)
        values["recorded_at"] = row.parse("recorded_at", timestamp)
        email = row.cells.get("recorded_by", "").strip().lower()
        values["recorded_by"] = email or None
        # Set when the file was exported from a tracker that had imported the update:
        # the first source's recorder and time stay the "original" ones.
        values["original_recorded_at"] = row.parse("original_recorded_at", timestamp)
        values["original_recorded_by"] = row.parse("original_recorded_by", text, max_length=254)

    def _check(self, row: Row, existing: dict) -> None:
        values = row.values
        key, update_id = values.get("recommendation"), values.get("id")
        if key and key not in self.recommendations:
            row.fail("recommendation", _("there is no recommendation with key “%(key)s”", key=key))
        if self.keep_recorded and values["recorded_by"] and self.users.get(values["recorded_by"]) is None:
            row.fail(
                "recorded_by",
                _(
                    "there is no user %(email)s (leave it empty to record the update as yours)",
                    email=values["recorded_by"][:80],
                ),
            )
        corrects = values.get("corrects")
        if corrects is not None:
            target = existing.get(corrects)
            target_key = target[1] if target else (self.seen_ids.get(corrects) or (0, None))[1]
            if target_key is None or (corrects in self.seen_ids and self.seen_ids[corrects][0] >= row.line):
                row.fail("corrects", _("there is no earlier status update %(id)s", id=corrects))
            elif key and target_key != key:
                row.fail("corrects", _("update %(id)s belongs to another recommendation", id=corrects))
        if update_id is not None:
            if update_id in self.seen_ids:
                return row.fail(
                    "id", _("id %(id)s is also on line %(line)s", id=update_id, line=self.seen_ids[update_id][0])
                )
            self.seen_ids[update_id] = (row.line, key)
        if row.failed:
            return
        if update_id in existing:
            differences = self._differences(row, *existing[update_id])
            if differences:
                return row.fail(
                    "id",
                    _(
                        "status update %(id)s already exists with other values (%(columns)s); "
                        "the history is append-only: add an update that corrects it instead",
                        id=update_id,
                        columns=", ".join(differences),
                    ),
                )
            row.target = update_id
            self.report.count(False, False)
        else:
            self.report.count(True, False)

    @staticmethod
    def _differences(row: Row, update: StatusUpdate, key: str, email: str | None) -> list[str]:
        values = row.values
        stored = {
            "recommendation": key,
            "effective_on": update.effective_on,
            "to_status": update.to_status,
            "note": update.note,
            "evidence": _evidence_dicts(update),
            "corrects": update.corrects_id,
            "from_status": update.from_status,
            "recorded_at": update.recorded_at,
            "recorded_by": email,
        }
        optional = {"from_status", "recorded_at", "recorded_by"}  # compared only when given
        return [
            name
            for name, value in stored.items()
            if not (name in optional and values.get(name) is None) and values.get(name) != value
        ]

    def write(self, rows: list[Row]) -> None:
        new = [row for row in rows if row.target is None]
        ids = {self.recommendations[row.values["recommendation"]] for row in new}
        recommendations = {
            r.id: r for r in self.session.scalars(select(Recommendation).where(Recommendation.id.in_(ids)))
        }
        default_user = getattr(self.user, "id", None)
        for row in new:
            values = row.values
            if self.keep_recorded:
                recorder = self.users.get(values["recorded_by"]) if values["recorded_by"] else default_user
                recorded = {
                    "user_id": recorder,
                    "recorded_at": values["recorded_at"],
                    "original_recorded_by": values["original_recorded_by"],
                    "original_recorded_at": values["original_recorded_at"],
                }
            else:
                recorded = {
                    "user_id": default_user,
                    "original_recorded_by": values["original_recorded_by"] or values["recorded_by"],
                    "original_recorded_at": values["original_recorded_at"] or values["recorded_at"],
                }
            append_update(
                self.session,
                recommendations[self.recommendations[values["recommendation"]]],
                link=False,  # the batch's histories are linked at once below
                new_status=values["to_status"],
                effective_on=values["effective_on"],
                note=values["note"],
                evidence=[EvidenceInput(**item) for item in values["evidence"]],
                corrects_id=values["corrects"],
                update_id=values["id"],
                **recorded,
            )
            self.new_ids = self.new_ids or values["id"] is not None
        # The neighbour columns (prior status and date) of every history the batch
        # appended to: one statement per slice of recommendations, not one per update.
        link_neighbours(self.session, ids)
