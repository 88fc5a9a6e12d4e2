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


# The figures reached on the development half of the corpus of real documents (the test
# half is measured only for the report, never asserted here, so nobody tunes on it).
DEV_FIGURES = {
    # English: 57 documents since 2026-11-30 (38 added in five fresh batches); "ensure that no one is …" is negated,
    # as the annotations mark it (the corpus README's polarity convention). The floors of recall, precision and
    # addressee moved down with the fifth batch's 4 documents (harder than the others); the 53 before lost nothing.
    "en": {"recall": 0.96, "precision": 0.92, "negation": 1.0, "makers": 0.92, "addressee": 0.86, "date": 1.0},
    # Spanish: 61 documents since 2026-11-30 (37 added in five batches, unseen by the rules when each arrived); the
    # fifth batch's documents keep recall and the addressee a little lower, nothing on the 56 before them was lost.
    "es": {"recall": 0.94, "precision": 0.94, "negation": 1.0, "makers": 0.89, "addressee": 0.88, "date": 1.0},
}


def test_on_the_development_half_of_the_corpus_of_real_documents():
    from tracker.intake.corpus import evaluate_half, load_half

    _documents, index, themes = seed_documents(PROJECT_ROOT / "seeds")
    report = evaluate_half("dev", load_half(PROJECT_ROOT / "tests" / "intake" / "corpus" / "dev"), index, themes)
    for language, floors in DEV_FIGURES.items():
        figures = report.by_language[language].figures()
        below = {name: round(figures[name], 3) for name, floor in floors.items() if figures[name] < floor}
        assert below == {}, f"{language}: below the figures reached before: {below}"
