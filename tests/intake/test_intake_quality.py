"""The measured quality of the proposals meets the targets on the seeds and on new documents."""
from tracker import PROJECT_ROOT
from tracker.intake.evaluation import evaluate, folder_documents, seed_documents

TEST_DOCUMENTS = PROJECT_ROOT / "tests" / "intake" / "documents"


def test_on_the_five_source_documents():
    documents, index, themes = seed_documents(PROJECT_ROOT / "seeds")
    report = evaluate("seeds", documents, index, themes)
    assert report.recall >= 0.90 and report.precision >= 0.70 and report.addressee_rate >= 0.80


def test_on_documents_of_other_shapes_written_for_the_tests():
    _documents, index, themes = seed_documents(PROJECT_ROOT / "seeds")
    documents = folder_documents(TEST_DOCUMENTS, index)
    assert len(documents) == 4
    report = evaluate("tests", documents, index, themes)
    assert report.recall >= 0.90 and report.precision >= 0.70 and report.addressee_rate >= 0.80


def test_extraction_is_deterministic():
    documents, index, themes = seed_documents(PROJECT_ROOT / "seeds")
    first = evaluate("a", documents, index, themes)
    second = evaluate("b", documents, index, themes)
    assert [vars(d) for d in first.documents] == [vars(d) for d in second.documents]
