"""Real workers on the embedded queue and on Redis: jobs run, failures are retried and
then shown to administrators, and a worker killed in the middle of a job loses nothing."""

from __future__ import annotations

import io
import signal

from sqlalchemy import func, select

from tests.jobs.conftest import wait_for
from tests.notifications.conftest import Inbox
from tracker import db as tracker_db
from tracker.actors.models import Actor
from tracker.jobs.models import Job
from tracker.jobs.operations import job_progress
from tracker.notifications.operations import notify
from tracker.transfer.jobs import start_import

ACTOR_HEADER = "id,slug,name,kind,acronym,aliases,description,parent\n"


def _actors_csv(count: int) -> bytes:
    rows = "".join(f",bulk-agency-{i},Bulk agency {i},agency,,,Made by the worker test,\n" for i in range(count))
    return (ACTOR_HEADER + rows).encode()


def _job(setup, job_id: int) -> Job:
    with setup.session() as session:
        return session.get(Job, job_id)


def _start_import(setup, data: bytes) -> int:
    with setup.app.test_request_context("/"):
        session = tracker_db.session()
        job = start_import(session, io.BytesIO(data), "bulk-actors.csv", None)
        session.commit()
        return job.id


def test_a_worker_killed_mid_import_loses_nothing(queue_setup):
    rows = 8000
    job_id = _start_import(queue_setup, _actors_csv(rows))
    first = queue_setup.start_worker()

    def running_with_progress():
        job = _job(queue_setup, job_id)
        progress = job_progress(job)
        return job.status == "running" and progress and progress["done"] > 0

    wait_for(running_with_progress, what="the import to be under way")
    first.send_signal(signal.SIGKILL)
    first.wait()
    with queue_setup.session() as session:
        # Killed halfway: the job is still marked running and nothing of the file is in.
        assert session.get(Job, job_id).status == "running"
        assert session.scalar(select(func.count()).select_from(Actor).where(Actor.slug.like("bulk-agency-%"))) == 0
    # Another worker notices the missing heartbeat, runs the job again, and finishes it.
    queue_setup.start_worker()
    job = wait_for(lambda: (j := _job(queue_setup, job_id)).finished and j, timeout=240, what="the import to finish")
    assert job.status == "succeeded", job.error
    assert job.attempts == 2  # the killed attempt and the one that finished
    assert job.result["ok"] and job.result["created"] == rows
    with queue_setup.session() as session:
        assert session.scalar(select(func.count()).select_from(Actor).where(Actor.slug.like("bulk-agency-%"))) == rows


def test_a_worker_delivers_notification_emails_through_smtp(queue_setup):
    from aiosmtpd.controller import Controller

    from tests.live_server import free_port
    from tracker.accounts.models import User

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        queue_setup.start_worker({"SMTP_URL": f"smtp://127.0.0.1:{port}"})
        with queue_setup.app.test_request_context("/"):
            session = tracker_db.session()
            reader = User(
                email="reader@example.org",
                name="Reader",
                role="advocate",
                password_hash="x",
                email_frequency="immediately",
            )
            session.add(reader)
            session.flush()
            notify(
                session,
                "comment",
                key="worker-test",
                title="A recommendation",
                url="/recommendations/1",
                details={"excerpt": "Sent by a real worker"},
                recipients={reader.id: {"kind": "mention"}},
            )
            session.commit()
        wait_for(lambda: inbox.to("reader@example.org"), what="the e-mail")
        [message] = inbox.to("reader@example.org")
        assert "Sent by a real worker" in message.get_body(preferencelist=("plain",)).get_content()
    finally:
        controller.stop()


def test_a_failing_job_is_retried_then_shown_to_administrators(queue_setup):
    from tests.live_server import free_port
    from tracker.accounts.models import User

    closed_port = free_port()  # nothing listens there: every attempt fails
    queue_setup.start_worker({"SMTP_URL": f"smtp://127.0.0.1:{closed_port}"})
    with queue_setup.app.test_request_context("/"):
        session = tracker_db.session()
        reader = User(
            email="unlucky@example.org",
            name="Unlucky",
            role="advocate",
            password_hash="x",
            email_frequency="immediately",
        )
        session.add(reader)
        session.flush()
        notify(
            session,
            "comment",
            key="failing",
            title="A recommendation",
            url="/recommendations/1",
            recipients={reader.id: {"kind": "mention"}},
        )
        session.commit()
        job_id = session.scalar(select(Job.id).where(Job.kind == "email_notifications"))
    job = wait_for(lambda: (j := _job(queue_setup, job_id)).status == "failed" and j, what="the job to fail")
    assert job.attempts == job.max_attempts == 3
    assert "Connection refused" in job.error or "ConnectionRefusedError" in job.error
    with queue_setup.app.test_request_context("/"):
        from tracker.notifications.models import Notification

        session = tracker_db.session()
        # The notification is still waiting to be e-mailed (not lost, not marked sent).
        assert session.scalar(select(Notification.email_status)) == "pending"
