"""``flask --app tracker intake FILE``, ``intake-evaluate`` and ``intake-relate``."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from tracker import PROJECT_ROOT, db
from tracker.actors.models import Actor
from tracker.documents.models import DOCUMENT_KINDS
from tracker.intake.evaluation import evaluate, folder_documents, format_report, seed_documents
from tracker.intake.extraction import paragraphs
from tracker.intake.operations import DocumentInput, add_document
from tracker.intake.related import refresh_related
from tracker.intake.safe_parse import ParseLimits, read_upload
from tracker.intake.sources import UnreadableUpload

TEST_DOCUMENTS = PROJECT_ROOT / "tests" / "intake" / "documents"


@click.command("intake")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="Document title (default: the first line of the text).")
@click.option("--publisher", "publisher_slug", help="Slug of the publishing actor.")
@click.option("--published-on", type=click.DateTime(formats=["%Y-%m-%d"]), help="YYYY-MM-DD, if the text states it.")
@click.option("--url", help="Where the document was published.")
@click.option("--language", default="en", show_default=True)
@click.option("--kind", type=click.Choice(sorted(DOCUMENT_KINDS)), default="press_release", show_default=True)
@with_appcontext
def intake_command(file: Path, title, publisher_slug, published_on, url, language, kind) -> None:
    """Add FILE (.txt, .md, .html, .pdf) as a document and print the candidates proposed for review."""
    from flask import current_app

    from tracker.intake.views import upload_folder

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
    document_input = DocumentInput(title=(title or first_line)[:500], text=text, language=language, kind=kind,
                                   publisher_id=publisher.id if publisher else None,
                                   published_on=published_on.date() if published_on else None, url=url,
                                   source_kind=source_kind, original_filename=file.name, upload=data)
    total = len(paragraphs(text))
    with current_app.app_context(), click.progressbar(length=total, label="Reading paragraphs",
                                                      file=click.get_text_stream("stderr")) as bar:
        state = {"done": 0}

        def advance(done: int) -> None:
            bar.update(done - state["done"])
            state["done"] = done

        document, candidates = add_document(session, document_input, None, upload_folder(), progress=advance)
    session.commit()
    click.echo(f"Document #{document.id} “{document.title}” added with {len(candidates)} candidates:")
    for number, candidate in enumerate(candidates, 1):
        addressees = ", ".join(a["name"] + ("" if a.get("slug") else " (new)") for a in candidate.addressees) or "?"
        makers = ", ".join(f"{m['name']} ({m.get('role')})" for m in candidate.makers) or "?"
        click.echo(f"\n{number}. {candidate.summary}\n   quote [{candidate.quote_start}:{candidate.quote_end}]: "
                   f"“{candidate.quote}”\n   to: {addressees}\n   by: {makers}\n"
                   f"   themes: {', '.join(candidate.themes) or '-'}")
    click.echo(f"\nReview them at /intake/documents/{document.id}")


@click.command("intake-evaluate")
@click.option("--documents", "folder", type=click.Path(file_okay=False, path_type=Path), default=TEST_DOCUMENTS,
              show_default="tests/intake/documents", help="A second set: <slug>.txt with <slug>.yaml of expected asks.")
def evaluate_command(folder: Path) -> None:
    """Print precision, recall and addressee accuracy of the proposals on the curated documents."""
    documents, index, themes = seed_documents(PROJECT_ROOT / "seeds")
    click.echo(format_report(evaluate("The five source documents (seeds/)", documents, index, themes)))
    if folder.is_dir():
        click.echo("")
        click.echo(format_report(evaluate(f"Documents written for the tests ({folder.name}/)",
                                          folder_documents(folder, index), index, themes)))


@click.command("intake-relate")
@with_appcontext
def relate_command() -> None:
    """Suggest related pairs among all recommendations (kept decisions are not touched)."""
    session = db.session()
    created = refresh_related(session)
    session.commit()
    click.echo(f"{created} new related pairs suggested.")


__all__ = ["intake_command", "evaluate_command", "relate_command"]
