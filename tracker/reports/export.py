"""A report's content as CSV (tidy, one value per row) and as PDF (WeasyPrint).

Both are made from the same content dict as the page, live or saved, so the three
always agree.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from flask import Response, render_template

from tracker import PROJECT_ROOT
from tracker.csvstream import SafeWriter
from tracker.recommendations.statuses import STATUS_CODES, stylesheet

CSV_COLUMNS = (
    "section",
    "name",
    "status",
    "value",
    "recommendation",
    "summary",
    "effective_on",
    "from_status",
    "to_status",
    "direction",
    "note",
    "evidence",
    "author",
    "priority",
)
FIGURES = ("total", "changed", "forward", "regressed", "other", "unchanged")
MOVES = ("changed", "forward", "regressed")


def evidence_text(evidence: list[dict]) -> str:
    """Evidence in one cell: links and "quotation" — source, separated by ' | '."""
    parts = []
    for item in evidence:
        if item.get("url"):
            parts.append(item["url"])
        if item.get("quotation"):
            parts.append(f"“{item['quotation']}” — {item.get('source') or ''}".rstrip(" —"))
    return " | ".join(parts)


def csv_rows(content: dict, meta: dict | None = None) -> Iterator[dict]:
    """The report as rows of ``CSV_COLUMNS`` (missing columns are empty).

    Sections: report (period and, for a saved report, its number, author and review),
    filter, figure, distribution (name start/end), change, not_updated, by_addressee and
    by_maker (a row per status at the end of the period, then the moves), government (a
    row per response and status at the end of the period) and government_disputed (the
    government says implemented, the assessed status says otherwise). ``priority`` (high or
    normal) is filled on each recommendation's row (empty in reports saved before it existed).
    """
    period = content["period"]
    for name in ("from", "to", "start_as_of"):
        yield {"section": "report", "name": name, "value": period[name]}
    yield {"section": "report", "name": "generated_at", "value": content["generated_at"]}
    for name, value in (meta or {}).items():
        yield {"section": "report", "name": name, "value": value}
    for facet, values in content["filters"].items():
        for item in values:
            yield {"section": "filter", "name": facet, "value": item["slug"], "summary": item["name"]}
    for name in FIGURES:
        yield {"section": "figure", "name": name, "value": content["figures"][name]}
    for row in content["distribution"]:
        for moment in ("start", "end"):
            yield {"section": "distribution", "name": moment, "status": row["status"], "value": row[moment]}
    for change in content["changes"]:
        yield {
            "section": "change",
            "recommendation": change["recommendation_key"],
            "summary": change["summary"],
            "effective_on": change["effective_on"],
            "from_status": change["from_status"],
            "to_status": change["to_status"],
            "direction": change["direction"],
            "note": change["note"],
            "evidence": evidence_text(change["evidence"]),
            "author": change["author"],
            "priority": change.get("priority", ""),
        }
    yield {"section": "not_updated", "name": "total", "value": content["not_updated"]["total"]}
    for item in content["not_updated"]["items"]:
        yield {
            "section": "not_updated",
            "recommendation": item["recommendation_key"],
            "summary": item["summary"],
            "status": item["status"],
            "priority": item.get("priority", ""),
        }
    for section in ("by_addressee", "by_maker"):
        for actor in content[section]:
            for code in STATUS_CODES:
                yield {"section": section, "name": actor["name"], "status": code, "value": actor["counts"][code]}
            for move in MOVES:
                yield {"section": section, "name": actor["name"], "direction": move, "value": actor[move]}
    yield from _government_rows(content.get("government"))


def _government_rows(government: dict | None) -> Iterator[dict]:
    """The government's responses beside the assessed statuses (reports saved before they existed have none)."""
    if not government:
        return
    for response, counts in government["table"].items():
        for code in STATUS_CODES:
            yield {"section": "government", "name": response, "status": code, "value": counts.get(code, 0)}
    yield {"section": "government", "name": "claims_implemented", "value": government["claims_implemented"]}
    yield {"section": "government", "name": "disputed", "value": government["disputed"]}
    for item in government["disputed_items"]:
        yield {
            "section": "government_disputed",
            "recommendation": item["recommendation_key"],
            "summary": item["summary"],
            "status": item["status"],
            "name": item["response"],
            "value": "claims_implemented" if item["claims_implemented"] else "",
            "effective_on": item["responded_on"],
            "evidence": " | ".join(part for part in (item["source_url"], item["quotation"]) if part),
            "priority": item.get("priority", ""),
        }


def csv_text(content: dict, meta: dict | None = None) -> str:
    """The whole CSV as text (a report is bounded: its longest list is capped)."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer, CSV_COLUMNS)
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(content, meta):
        writer.writedict(row)
    return buffer.getvalue()


def csv_download(content: dict, filename: str, meta: dict | None = None) -> Response:
    """The CSV as a download."""
    return Response(
        csv_text(content, meta),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def pdf_bytes(template: str, **context) -> bytes:
    """Render ``template`` and print it to PDF with the report print stylesheet.

    The stylesheets are given to WeasyPrint as files (nothing is fetched over HTTP).
    """
    from weasyprint import CSS, HTML  # imported here: loading pango takes a moment

    html = render_template(template, **context)
    status_css = stylesheet() + "".join(f".w-{n} {{ width: {n}%; }}\n" for n in range(101))
    stylesheets = [CSS(filename=str(PROJECT_ROOT / "tracker" / "static" / "reports-print.css")), CSS(string=status_css)]
    return HTML(string=html, base_url=str(PROJECT_ROOT)).write_pdf(stylesheets=stylesheets)


def pdf_download(template: str, filename: str, **context) -> Response:
    """The PDF as a download."""
    return Response(
        pdf_bytes(template, **context),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
