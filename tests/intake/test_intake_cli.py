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
    result = cli.invoke(args=["intake-evaluate", "--half", "dev"])
    assert result.exit_code == 0, result.output
    assert result.output.count("precision") == 3 and "recall" in result.output
    assert "The five source documents" in result.output and "Documents written for the tests" in result.output
    assert "Corpus, dev half" in result.output and "Corpus, test half" not in result.output
    for column in ("negation kept", "makers found", "right addressee", "date found"):
        assert column in result.output


def test_intake_evaluate_never_lists_documents_of_the_test_half(cli, tmp_path):
    for half in ("dev", "test"):
        (tmp_path / half).mkdir()
        (tmp_path / half / "doc.txt").write_text("We urge the council to reopen the library.", encoding="utf-8")
        (tmp_path / half / "doc.yaml").write_text(
            'language: en\npublished: null\nmakers: []\nasks:\n  - snippet: "reopen the library"\n'
            '    negated: false\n    addressees: ["the council"]\n',
            encoding="utf-8",
        )
    result = cli.invoke(args=["intake-evaluate", "--corpus", str(tmp_path), "--details"])
    assert result.exit_code == 0, result.output
    assert "Corpus, dev half" in result.output and "Corpus, test half" in result.output
    assert result.output.count("[en] doc") == 1, "per-document lines only for the dev half"


def test_intake_evaluate_names_an_annotation_whose_snippet_is_not_in_the_text(cli, tmp_path):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "doc.txt").write_text("We urge the council to reopen the library.", encoding="utf-8")
    (tmp_path / "dev" / "doc.yaml").write_text(
        'language: en\nmakers: []\nasks:\n  - snippet: "close the library"\n', encoding="utf-8"
    )
    result = cli.invoke(args=["intake-evaluate", "--corpus", str(tmp_path), "--half", "dev"])
    assert result.exit_code != 0 and "doc.yaml: snippet not found in the text" in result.output


def test_intake_json_prints_the_document_and_its_candidates(cli, db_session, tmp_path, app, monkeypatch):
    import json

    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    path = tmp_path / "pronunciamiento.txt"
    path.write_text(
        "Pronunciamiento\n\nCiudad de México, a 2 de mayo de 2024\n\n"
        "Exigimos a la COMAR no cerrar su oficina de Tenosique y contratar más personal.\n\n"
        "Organizaciones firmantes:\nRed de Prueba\n",
        encoding="utf-8",
    )
    result = cli.invoke(args=["intake", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"]["language"] == "es"
    assert (data["document"]["published"], data["document"]["published_precision"]) == ("2024-05-02", "day")
    first, second = data["candidates"]
    assert set(first) >= {"quote", "start", "end", "summary", "negated", "makers", "addressees", "themes"}
    assert (first["quote"], first["negated"]) == ("no cerrar su oficina de Tenosique", True)
    assert (second["quote"], second["negated"]) == ("contratar más personal", False)
    assert first["addressees"][0] == {
        "name": "Comisión Mexicana de Ayuda a Refugiados",
        "slug": "comar",
        "new": False,
        "kind": "agency",
        "role": None,
    }
    assert first["makers"] == [
        {"name": "Red de Prueba", "slug": None, "new": True, "kind": "organisation", "role": "signatory"}
    ]


def test_intake_language_overrides_detection(cli, db_session, tmp_path, app, monkeypatch):
    import json

    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    path = tmp_path / "short.txt"
    path.write_text("Exigimos justicia.\n\nThe council must reopen the shelter.\n", encoding="utf-8")
    data = json.loads(cli.invoke(args=["intake", str(path), "--json", "--language", "en"]).stdout)
    assert data["document"]["language"] == "en"
    assert [c["quote"] for c in data["candidates"]] == ["must reopen the shelter"]
    result = cli.invoke(args=["intake", str(path), "--language", "fr"])
    assert result.exit_code != 0 and "Invalid value for '--language'" in result.output
