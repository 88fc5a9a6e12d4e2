"""The command line: intake FILE and intake-evaluate."""
from sqlalchemy import select

from tests.intake.helpers import LETTER
from tracker.documents.models import Document
from tracker.intake.models import IntakeCandidate


def test_intake_adds_the_file_and_prints_its_candidates(cli, db_session, tmp_path, app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    result = cli.invoke(args=["intake", str(path), "--title", "CLI letter", "--publisher", "wola"])
    assert result.exit_code == 0, result.output
    assert "3 candidates" in result.output
    assert "“stop expelling asylum seekers under Title 42”" in result.output
    assert "to: Alejandro Mayorkas, Secretary of Homeland Security" in result.output
    document = db_session.scalar(select(Document).where(Document.title == "CLI letter"))
    assert len(db_session.scalars(select(IntakeCandidate).where(IntakeCandidate.document_id == document.id)).all()) == 3


def test_intake_refuses_a_disguised_file(cli, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_text("not a pdf", encoding="utf-8")
    result = cli.invoke(args=["intake", str(path)])
    assert result.exit_code != 0 and "is not a PDF" in result.output and "Nothing was added" in result.output


def test_intake_evaluate_prints_precision_and_recall_for_both_sets(cli):
    result = cli.invoke(args=["intake-evaluate"])
    assert result.exit_code == 0, result.output
    assert result.output.count("precision") == 2 and "recall" in result.output
    assert "The five source documents" in result.output and "Documents written for the tests" in result.output
