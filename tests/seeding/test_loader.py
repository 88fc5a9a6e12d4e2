"""Loading the seeds: idempotent, all-or-nothing, with errors that name file and entry."""

import shutil

import yaml
from sqlalchemy import func, select

from tracker import PROJECT_ROOT
from tracker.actors.models import Actor
from tracker.documents.models import Document
from tracker.recommendations.models import Recommendation, RecommendationMaker
from tracker.seeding.loader import load_seeds
from tracker.seeding.reader import SeedError
from tracker.themes.models import Theme

SEEDS = PROJECT_ROOT / "seeds"


def _row_counts(session) -> dict:
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (Actor, Theme, Document, Recommendation, RecommendationMaker)
    }


def test_every_document_and_recommendation_is_loaded(db_session):
    data_files = sorted((SEEDS / "data").glob("*.yaml"))
    expected = sum(len(yaml.safe_load(f.read_text())["recommendations"]) for f in data_files)
    assert db_session.scalar(select(func.count()).select_from(Document)) == len(data_files) == 5
    assert db_session.scalar(select(func.count()).select_from(Recommendation)) == expected


def test_loading_twice_changes_nothing(db_session):
    before = _row_counts(db_session)
    stamps = dict(db_session.execute(select(Recommendation.key, Recommendation.updated_at)).all())
    report = load_seeds(db_session, SEEDS)
    assert (report.created, report.updated) == (0, 0)
    assert report.unchanged > 0
    assert _row_counts(db_session) == before
    assert dict(db_session.execute(select(Recommendation.key, Recommendation.updated_at)).all()) == stamps


def test_a_changed_summary_is_updated_in_place(db_session, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    data_file = seeds / "data" / "hrf-wind-down-of-remain-in-mexico.yaml"
    data = yaml.safe_load(data_file.read_text())
    key = data["recommendations"][0]["key"]
    data["recommendations"][0]["summary"] = "A corrected summary"
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    before = _row_counts(db_session)
    report = load_seeds(db_session, seeds)
    assert report.updated == 1 and report.created == 0
    assert _row_counts(db_session) == before
    assert db_session.scalar(select(Recommendation.summary).where(Recommendation.key == key)) == "A corrected summary"


def test_a_new_actor_with_a_parent_counts_once_as_created(db_session, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    actors = yaml.safe_load((seeds / "actors.yaml").read_text())
    actors.append({"slug": "us-new-office", "name": "A new office", "kind": "agency", "parent": "us-government"})
    (seeds / "actors.yaml").write_text(yaml.safe_dump(actors, allow_unicode=True, sort_keys=False))
    report = load_seeds(db_session, seeds)
    assert (report.created, report.updated) == (1, 0)
    entries = (
        len(actors)
        + len(yaml.safe_load((seeds / "themes.yaml").read_text()))
        + sum(1 + len(yaml.safe_load(f.read_text())["recommendations"]) for f in (seeds / "data").glob("*.yaml"))
    )
    assert report.unchanged == entries - 1
    assert db_session.scalar(select(Actor).where(Actor.slug == "us-new-office")).parent.slug == "us-government"


def _break_seeds(tmp_path, mutate) -> tuple:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    data_file = seeds / "data" / "kind-two-years-of-remain-in-mexico.yaml"
    data = yaml.safe_load(data_file.read_text())
    mutate(data)
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return seeds, data


def _add_new_document_and_bad_entry(data):
    # A new recommendation that would be created, followed by a broken one: neither may land.
    good = dict(data["recommendations"][0], key="kind-new-entry-that-must-not-land", summary="New")
    bad = dict(data["recommendations"][1], key="kind-broken-entry", start=0)
    data["recommendations"] += [good, bad]


def test_a_malformed_entry_names_file_and_entry_and_loads_nothing(db_session, tmp_path):
    seeds, _ = _break_seeds(tmp_path, _add_new_document_and_bad_entry)
    before = _row_counts(db_session)
    try:
        load_seeds(db_session, seeds)
    except SeedError as error:
        message = str(error)
    else:
        raise AssertionError("a quote at the wrong offset must be refused")
    assert "seeds/data/kind-two-years-of-remain-in-mexico.yaml" in message
    assert "kind-broken-entry" in message
    assert "not at offset 0" in message
    assert _row_counts(db_session) == before
    assert (
        db_session.scalar(select(Recommendation).where(Recommendation.key == "kind-new-entry-that-must-not-land"))
        is None
    )


def test_unknown_references_and_invalid_yaml_are_each_reported(db_session, tmp_path):
    def mutate(data):
        data["recommendations"][0]["addressees"] = ["nobody-at-all"]
        data["recommendations"][1]["themes"] = ["no-such-theme"]

    seeds, _ = _break_seeds(tmp_path, mutate)
    (seeds / "themes.yaml").write_text((seeds / "themes.yaml").read_text() + "\n  - : [unbalanced\n")
    try:
        load_seeds(db_session, seeds)
    except SeedError as error:
        problems = error.problems
    else:
        raise AssertionError("broken references must be refused")
    joined = "\n".join(problems)
    assert "'nobody-at-all' is not a defined actor" in joined
    assert "seeds/themes.yaml: is not valid YAML" in joined


def test_the_seed_command_reports_problems_and_exits_non_zero(cli, db_session, tmp_path):
    seeds, _ = _break_seeds(tmp_path, _add_new_document_and_bad_entry)
    before = _row_counts(db_session)
    result = cli.invoke(args=["seed", "--path", str(seeds)])
    assert result.exit_code != 0
    assert "kind-broken-entry" in result.output
    assert "Nothing was loaded." in result.output
    assert _row_counts(db_session) == before


def test_the_seed_command_is_idempotent(cli, db_session):
    result = cli.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated" in result.output


def test_loading_changed_seeds_is_audited_and_an_unchanged_load_is_not(cli, db_session, tmp_path):
    from tracker.audit.models import AuditEvent

    assert cli.invoke(args=["seed"]).exit_code == 0
    assert db_session.scalars(select(AuditEvent).where(AuditEvent.action == "seeds.loaded")).all() == []
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    data_file = seeds / "data" / "msf-why-is-the-us-sending-asylum-seekers-back.yaml"
    data = yaml.safe_load(data_file.read_text())
    data["recommendations"][0]["summary"] = "End MPP and Title 42 (edited)"
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert cli.invoke(args=["seed", "--path", str(seeds)]).exit_code == 0
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "seeds.loaded")).one()
    assert "0 created, 1 updated" in event.summary
