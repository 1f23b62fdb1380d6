"""The demo data set: deterministic, fast, realistic, and visible to the demo families."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from portal.auth import family
from portal.auth import services as auth
from portal.auth.models import Role
from portal.cases import dashboard
from portal.cases.models import Case, CaseMilestone, MilestoneStatus, Stage
from portal_demo import cases as demo

TODAY = date(2026, 11, 25)


def seed_families():
    from portal_demo.commands import _seed_demo_families

    for email, roles in (("parent.one@example.com", [Role.PARENT]), ("parent.two@example.com", [Role.PARENT]),
                         ("young.person@example.com", [Role.YOUNG_PERSON]),
                         ("caseworker@example.com", [Role.CASEWORKER]), ("manager@example.com", [Role.MANAGER])):  # fmt: skip
        if auth.find_user(email) is None:
            auth.create_user(email=email, password="correct horse battery", roles=roles, verified=True)
    _seed_demo_families()


def test_demo_cases_are_realistic_and_the_families_see_theirs(db_session):
    seed_families()
    # How long seeding takes is a benchmark's business, not a test's (shared machines are noisy).
    summary = demo.seed_demo(today=TODAY, count=2000)
    assert summary.startswith("Demo cases: 2002 cases")
    stages = dict(db_session.execute(select(Case.stage, func.count()).where(Case.demo.is_(True))
                                     .group_by(Case.stage)).all())  # fmt: skip
    for stage in (Stage.REQUESTED, Stage.ASSESSING, Stage.NOT_ASSESSING, Stage.DRAFT_PLAN, Stage.PLAN_ISSUED,
                  Stage.NO_PLAN):  # fmt: skip
        assert stages.get(stage, 0) > 0, stage
    years = dashboard.figures()
    assert len(years) >= 3
    recent = [f for f in years if f.plans][-2]
    assert 25 < recent.plans_pct_including < 80
    assert recent.plans_pct_excluding >= recent.plans_pct_including
    late = db_session.scalar(select(func.count()).select_from(CaseMilestone).where(
        CaseMilestone.status == MilestoneStatus.DONE, CaseMilestone.completed_on > CaseMilestone.due))  # fmt: skip
    assert late > 100
    for email, name in (("parent.one@example.com", "Milo"), ("young.person@example.com", "Casey")):
        user = auth.find_user(email)
        child_ids = [c.id for c in family.children_of(user)]
        cases = db_session.scalars(select(Case).where(Case.child_id.in_(child_ids))).all()
        assert [c.child_name.split()[0] for c in cases] == [name]
    assert demo.seed_demo(today=TODAY) == "Demo cases: already there."


def test_demo_is_deterministic(db_session):
    seed_families()
    demo.seed_demo(today=TODAY, count=150)
    first = db_session.execute(select(Case.reference, Case.stage, Case.next_due).order_by(Case.reference)).all()
    db_session.rollback()
    seed_families()
    demo.seed_demo(today=TODAY, count=150)
    again = db_session.execute(select(Case.reference, Case.stage, Case.next_due).order_by(Case.reference)).all()
    assert first == again
