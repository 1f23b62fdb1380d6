"""The job schedule: one registry, run in-process under `make run` and by procrastinate workers in production."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from portal.jobs import locks
from portal.jobs.local import LocalScheduler
from portal.jobs.queue import conninfo, make_queue
from portal.jobs.schedule import JOBS, SCHEDULE, run_job

# Every command an operator used to schedule by hand has a job.
SCHEDULED_COMMANDS = {
    "notifications send": "outbox-send",
    "feedback safeguarding-escalate": "safeguarding-escalate",
    "cases expire-drafts": "case-drafts-expire",
    "cases remind-due": "case-dates-remind",
    "feedback complaints-remind": "complaints-remind",
    "content-admin publish-due": "publish-due",
    "content-admin send-reminders": "content-review-remind",
    "content-admin check-links": "links-check",
    "data purge": "data-purge",
    "users expire-grants": "role-grants-expire",
    "search rebuild": "search-refresh",
}


def test_every_scheduled_command_is_a_registered_job():
    assert set(SCHEDULED_COMMANDS.values()) == set(JOBS)
    assert len(JOBS) == len(SCHEDULE), "job names are unique"


def test_only_the_search_index_runs_on_every_node():
    assert [job.name for job in SCHEDULE if job.per_node] == ["search-refresh"]


def test_the_queue_schedules_every_shared_job_once():
    queue = make_queue("postgresql+psycopg://nobody@127.0.0.1:1/none")
    periodic = {task.periodic_id: task.cron for task in queue.periodic_registry.periodic_tasks.values()}
    shared = {job.name: job.cron for job in SCHEDULE if not job.per_node}
    assert {name: periodic[name] for name in shared} == shared
    assert "retry-stalled" in periodic, "a dead worker's job is run again"
    for name in shared:
        assert queue.tasks[name].lock == name and queue.tasks[name].queueing_lock == name


def test_sqlalchemy_urls_become_libpq_urls():
    assert conninfo("postgresql+psycopg://u@h:5432/d") == "postgresql://u@h:5432/d"


def test_local_schedule_runs_a_job_once_when_its_time_comes(app):
    scheduler = LocalScheduler(app, [JOBS["outbox-send"], JOBS["data-purge"]])
    minute = scheduler._next["outbox-send"]
    assert scheduler.due(minute - 1) == []
    assert [job.name for job in scheduler.due(minute)] == ["outbox-send"]
    assert scheduler.due(minute + 1) == [], "not again in the same minute"
    assert datetime.fromtimestamp(scheduler._next["outbox-send"], UTC).second == 0


def test_local_schedule_runs_due_jobs_in_the_app(app, db_session):
    scheduler = LocalScheduler(app, [JOBS["outbox-send"]])
    assert scheduler.run_due(now=scheduler._next["outbox-send"]) == ["outbox-send"]


def test_a_job_runs_and_reports(app, db_session):
    assert run_job("outbox-send") == "no e-mail provider configured: messages stay in the outbox"
    assert "warned" in run_job("case-drafts-expire")
    assert "to leads" in run_job("safeguarding-escalate")


def test_jobs_command_lists_the_schedule(app):
    result = app.test_cli_runner().invoke(args=["jobs", "list"])
    assert result.exit_code == 0
    assert all(job.name in result.output for job in SCHEDULE)


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("PORTAL_TEST_DATABASE_URL"), reason="needs PostgreSQL")
def test_a_job_lock_is_held_by_one_worker_at_a_time(app):
    with app.app_context():
        with locks.job_lock("outbox-send") as first:
            with locks.job_lock("outbox-send") as second:
                assert first is True and second is False
        with locks.job_lock("outbox-send") as again:
            assert again is True, "released when the job ends"
