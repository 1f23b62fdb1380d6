"""Every scheduled job and its schedule, in one place.

Each job is a function run inside the app (with a request context whose links point at BASE_URL
(portal/platform/links.py), so e-mails carry full addresses). Each is idempotent: run twice, the second run finds nothing left to do (messages
are marked sent, reminders remember the date they were sent for, escalations the level they reached). Each
runs under its own lock (locks.job_lock), and the work inside commits in small steps, so a worker killed
mid-job leaves the rest for the next run. The console commands (`portal feedback safeguarding-escalate` …)
stay for one-off runs.

Schedules are cron expressions in UTC (minute hour day month weekday).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import current_app

from portal.db import db
from portal.jobs.locks import job_lock
from portal.platform.links import base_url_context

log = logging.getLogger("portal.jobs")


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    cron: str
    run: Callable[[], str]
    description: str
    # A per-node job runs in every worker for that worker's own machine (the search index is a local folder);
    # every other job runs once for the whole service.
    per_node: bool = False


def send_outbox() -> str:
    from portal.notifications.notify import configured_sender
    from portal.notifications.services import deliver_pending

    sender = configured_sender(current_app.config)
    if sender is None:
        return "no e-mail provider configured: messages stay in the outbox"
    return f"{deliver_pending(sender, limit=200)} sent"


def escalate_safeguarding() -> str:
    from portal.feedback.safeguarding import escalate_overdue

    result = escalate_overdue()
    db.session.commit()
    return f"{result.to_leads} to leads, {result.to_admins} to administrators"


def expire_case_drafts() -> str:
    from portal.cases import requests

    warned = requests.warn_expiring_drafts()
    expired = requests.expire_drafts()
    db.session.commit()
    return f"{warned} warned, {expired} expired"


def remind_case_dates() -> str:
    from portal.cases import notify

    sent = notify.remind_due_soon(days=7)
    db.session.commit()
    return f"{sent} reminders queued"


def remind_complaints() -> str:
    from portal.feedback.complaints import purge_drafts, remind

    count = remind(date.today())
    purged = purge_drafts()
    db.session.commit()
    return f"{count} reminders queued, {purged} drafts deleted"


def publish_scheduled_pages() -> str:
    from portal.local_offer import publishing

    done = publishing.publish_due()
    db.session.commit()
    return f"{len(done)} pages published"


def remind_content_owners() -> str:
    from portal.local_offer import freshness

    count = freshness.send_reminders()
    db.session.commit()
    return f"{count} reminders queued"


def check_links() -> str:
    from portal.local_offer import links

    problems = links.check_links(external=False, timeout=5.0)
    db.session.commit()
    return f"{len(problems)} broken links"


def purge_expired_data() -> str:
    from portal.auth.privacy import purge

    removed = purge()
    db.session.commit()
    return ", ".join(f"{count} {name}" for name, count in removed.items())


def expire_role_grants() -> str:
    from portal.officers.services import expire_grants

    count = expire_grants()
    db.session.commit()
    return f"{count} role requests expired"


def refresh_search_index() -> str:
    from portal.search.services import ensure_fresh

    return "rebuilt" if ensure_fresh(force_check=True) else "up to date"


SCHEDULE: tuple[ScheduledJob, ...] = (
    ScheduledJob("outbox-send", "* * * * *", send_outbox, "Send queued e-mails through GOV.UK Notify"),
    ScheduledJob("safeguarding-escalate", "*/5 * * * *", escalate_safeguarding,
                 "E-mail leads, then administrators, about unacknowledged safeguarding alerts"),
    ScheduledJob("publish-due", "* * * * *", publish_scheduled_pages, "Publish approved pages whose time has come"),
    ScheduledJob("case-drafts-expire", "15 2 * * *", expire_case_drafts,
                 "Warn about request drafts that expire soon, then close old ones"),
    ScheduledJob("case-dates-remind", "0 7 * * *", remind_case_dates, "Remind families of case dates coming up"),
    ScheduledJob("complaints-remind", "30 7 * * *", remind_complaints,
                 "Remind officers before complaint due dates; alert after them"),
    ScheduledJob("content-review-remind", "0 8 * * 1-5", remind_content_owners,
                 "E-mail owners about pages and listings due for review"),
    ScheduledJob("links-check", "30 3 * * *", check_links, "Find broken links in pages and listings"),
    ScheduledJob("role-grants-expire", "20 3 * * *", expire_role_grants,
                 "Expire role requests no second administrator approved within 7 days"),
    ScheduledJob("data-purge", "0 3 * * *", purge_expired_data, "Delete what has passed its retention period"),
    ScheduledJob("search-refresh", "* * * * * */15", refresh_search_index,
                 "Rebuild this node's search index when the content version moves", per_node=True),
)  # fmt: skip

JOBS: dict[str, ScheduledJob] = {job.name: job for job in SCHEDULE}


def run_job(name: str) -> str:
    """Run one job now in the current app, under its lock; returns a one-line summary for the log."""
    job = JOBS[name]
    started = time.monotonic()
    # A per-node job's lock would stop the other nodes doing their own share, so it takes none.
    lock = job_lock(name) if not job.per_node else _always()
    with lock as got:
        if not got:
            return "skipped: another worker is running it"
        try:
            with base_url_context():
                summary = job.run()
        except Exception:
            db.session.rollback()
            log.exception("job failed", extra={"job": name})
            raise
    log.info("job done", extra={"job": name, "summary": summary, "seconds": round(time.monotonic() - started, 3)})
    return summary


class _always:
    def __enter__(self) -> bool:
        return True

    def __exit__(self, *exc: object) -> None:
        return None
