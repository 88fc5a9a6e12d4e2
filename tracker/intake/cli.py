"""``flask --app tracker intake FILE``, ``intake-evaluate`` and ``intake-relate``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from tracker import PROJECT_ROOT, db
from tracker.actors.models import Actor
from tracker.documents.models import DOCUMENT_KINDS
from tracker.intake.corpus import HALVES, CorpusError, evaluate_half, format_half, load_half
from tracker.intake.dates import StatedDate
from tracker.intake.evaluation import evaluate, folder_documents, format_report, seed_documents
from tracker.intake.extraction import paragraphs
from tracker.intake.language import LANGUAGES
from tracker.intake.operations import DocumentInput, add_document
from tracker.intake.related import refresh_related
from tracker.intake.safe_parse import ParseLimits, read_upload
from tracker.intake.sources import UnreadableUpload

TEST_DOCUMENTS = PROJECT_ROOT / "tests" / "intake" / "documents"
CORPUS = PROJECT_ROOT / "tests" / "intake" / "corpus"


@click.command("intake")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="Document title (default: the first line of the text).")
@click.option("--publisher", "publisher_slug", help="Slug of the publishing actor (default: read from the text).")
@click.option(
    "--published-on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="YYYY-MM-DD (default: the date the text states, if any).",
)
@click.option("--url", help="Where the document was published.")
@click.option(
    "--language",
    type=click.Choice(sorted(LANGUAGES)),
    default=None,
    help="Read the text as English or Spanish (default: detected).",
)
@click.option("--kind", type=click.Choice(sorted(DOCUMENT_KINDS)), default="press_release", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the document and its candidates as JSON.")
@with_appcontext
def intake_command(file: Path, title, publisher_slug, published_on, url, language, kind, as_json) -> None:
    """Add FILE (.txt, .md, .html, .pdf) as a document and print the candidates proposed for review."""
    from flask import current_app

    from tracker.intake.jobs import upload_folder

    data = file.read_bytes()
    try:
        source_kind, text = read_upload(file.name, data, ParseLimits.from_config(current_app.config))
    except UnreadableUpload as error:
        raise click.ClickException(f"{file}: {error} Nothing was added.") from error
    session = db.session()
    publisher = None
    if publisher_slug:
        publisher = session.scalar(select(Actor).where(Actor.slug == publisher_slug))
        if publisher is None:
            raise click.ClickException(f"No actor with slug {publisher_slug!r}. Nothing was added.")
    first_line = next((line.strip() for line in text.split("\n") if line.strip()), file.stem)
    document_input = DocumentInput(
        title=(title or first_line)[:500],
        text=text,
        language=language,
        kind=kind,
        publisher_id=publisher.id if publisher else None,
        published_on=published_on.date() if published_on else None,
        url=url,
        source_kind=source_kind,
        original_filename=file.name,
        upload=data,
    )
    total = len(paragraphs(text))
    with click.progressbar(length=total, label="Reading paragraphs", file=sys.stderr) as bar:
        state = {"done": 0}

        def advance(done: int) -> None:
            bar.update(done - state["done"])
            state["done"] = done

        document, candidates = add_document(session, document_input, None, upload_folder(), progress=advance)
    session.commit()
    if as_json:
        click.echo(json.dumps(document_json(document, candidates), ensure_ascii=False, indent=2))
        return
    click.echo(
        f"Document #{document.id} “{document.title}” ({document.language}) added with {len(candidates)} candidates:"
    )
    for number, candidate in enumerate(candidates, 1):
        addressees = ", ".join(a["name"] + ("" if a.get("slug") else " (new)") for a in candidate.addressees) or "?"
        makers = ", ".join(f"{m['name']} ({m.get('role')})" for m in candidate.makers) or "?"
        click.echo(
            f"\n{number}. {candidate.summary}\n   quote [{candidate.quote_start}:{candidate.quote_end}]: "
            f"“{candidate.quote}”\n   to: {addressees}\n   by: {makers}\n"
            f"   themes: {', '.join(candidate.themes) or '-'}"
        )
    click.echo(f"\nReview them at /intake/documents/{document.id}")


def _actor_json(proposal: dict) -> dict:
    data = {
        "name": proposal["name"],
        "slug": proposal.get("slug"),
        "new": not proposal.get("slug"),
        "kind": proposal.get("kind"),
        "role": proposal.get("role"),
    }
    if proposal.get("parent"):
        data["parent"] = proposal["parent"]
    return data


def document_json(document, candidates) -> dict:
    """The document and its candidates in the shape ``intake FILE --json`` prints."""
    published = (
        StatedDate(document.published_on, document.published_precision or "day") if document.published_on else None
    )
    return {
        "document": {
            "id": document.id,
            "slug": document.slug,
            "title": document.title,
            "language": document.language,
            "kind": document.kind,
            "url": document.url,
            "publisher": document.publisher.slug if document.publisher else None,
            "published": published.iso() if published else None,
            "published_precision": published.precision if published else None,
        },
        "candidates": [
            {
                "id": c.id,
                "quote": c.quote,
                "start": c.quote_start,
                "end": c.quote_end,
                "summary": c.summary,
                "negated": bool(c.negated),
                "makers": [_actor_json(m) for m in c.makers],
                "addressees": [_actor_json(a) for a in c.addressees],
                "themes": list(c.themes),
            }
            for c in candidates
        ],
    }


@click.command("intake-evaluate")
@click.option(
    "--documents",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=TEST_DOCUMENTS,
    show_default="tests/intake/documents",
    help="A second set: <slug>.txt with <slug>.yaml of expected asks.",
)
@click.option(
    "--corpus",
    "corpus",
    type=click.Path(file_okay=False, path_type=Path),
    default=CORPUS,
    show_default="tests/intake/corpus",
    help="The corpus of real documents, in dev/ and test/.",
)
@click.option(
    "--half",
    type=click.Choice(["dev", "test", "both"]),
    default="both",
    show_default=True,
    help="Which half of the corpus to measure.",
)
@click.option("--details", is_flag=True, help="List every miss and mistake per document (dev half only).")
def evaluate_command(folder: Path, corpus: Path, half: str, details: bool) -> None:
    """Print recall, precision, negation, makers, addressees and dates, per corpus half and language."""
    documents, index, themes = seed_documents(PROJECT_ROOT / "seeds")
    click.echo(format_report(evaluate("The five source documents (seeds/)", documents, index, themes)))
    if folder.is_dir():
        click.echo("")
        click.echo(
            format_report(
                evaluate(
                    f"Documents written for the tests ({folder.name}/)", folder_documents(folder, index), index, themes
                )
            )
        )
    for name in HALVES if half == "both" else (half,):
        if not (corpus / name).is_dir():
            click.echo(f"\nCorpus, {name} half: no folder {corpus / name}.")
            continue
        try:
            half_documents = load_half(corpus / name)
        except CorpusError as error:
            raise click.ClickException(str(error)) from error
        click.echo("")
        # Per-document results of the test half are never printed: nobody may tune on them.
        click.echo(format_half(evaluate_half(name, half_documents, index, themes), details and name == "dev"))


@click.command("intake-relate")
@with_appcontext
def relate_command() -> None:
    """Suggest related pairs among all recommendations (kept decisions are not touched)."""
    session = db.session()
    created = refresh_related(session)
    session.commit()
    click.echo(f"{created} new related pairs suggested.")


__all__ = ["intake_command", "evaluate_command", "relate_command"]
