"""Fictional demo cases: about 2,000 over three years, so the queue and the dashboard look like a real service.

Deterministic for a given day (seeded random). Every case goes through the same lifecycle code as real ones
(services._AFTER), on objects that never touch the session, and is then written with bulk inserts, so seeding
takes seconds. The two demo families (parent.one: Milo; parent.two and young.person: Casey, 17) each get a case.
All names, schools and people are made up.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from portal.auth import family
from portal.auth import services as auth
from portal.auth.models import Child, User
from portal.cases import services
from portal.cases.models import (
    AssessmentRequest,
    Case,
    CaseException,
    CaseMessage,
    CaseMilestone,
    ExceptionKind,
    MilestoneStatus,
    PanelRecord,
    RequesterKind,
    RequestStatus,
    Stage,
)
from portal.db import db, new_id

SEED = 20261125
CASES = 2000
YEARS = 3
TEAMS = ("North", "South", "East", "West", "Central")
SCHOOLS = (
    "Abbotsbury Primary School", "Beacon Hill Academy", "Chalkdown Infant School", "Dunmere Junior School",
    "Elmstead Church of England Primary", "Foxwood Secondary School", "Greystone College", "Harrowfield Nursery",
    "Ivybridge Lane Primary", "Juniper Valley School", "Kestrel Rise Academy", "Longmoor Primary School",
    "Millbrook High School", "Netherby Special School", "Oakhanger Primary", "Pennyford Sixth Form College",
    "Quarry Bank Infants", "Redcliffe Primary Academy", "Stourmead School", "Thornleigh Free School",
    "Upton Wold Primary", "Vale of Wessex College", "Westover Academy", "Yarrow Pre-school",
)  # fmt: skip
YEAR_GROUPS = ("Nursery", "Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6", "Year 7",
               "Year 8", "Year 9", "Year 10", "Year 11", "Year 12", "Year 13")  # fmt: skip
FIRST = ("Ada", "Ben", "Cara", "Dev", "Ella", "Finn", "Gia", "Hari", "Isla", "Jude", "Kai", "Lena", "Max", "Nia",
         "Oli", "Pip", "Rae", "Sol", "Tia", "Umar", "Vic", "Wren", "Yas", "Zac")  # fmt: skip
LAST = ("Ashby", "Brook", "Carrow", "Dale", "Ellery", "Fenwick", "Garth", "Holm", "Inchley", "Jessop", "Kerridge",
        "Lowther", "Marsh", "Norcott", "Orme", "Pell", "Quenby", "Rook", "Selby", "Thorne", "Underhill", "Vane")  # fmt: skip
ADVISERS = ("Educational psychologist", "Health (community paediatrician)", "Social care", "School or setting")


def _rows(objects: list[Any]) -> list[dict[str, Any]]:
    if not objects:
        return []
    columns = [c.key for c in objects[0].__table__.columns]
    now = datetime.now(UTC)
    rows = []
    for obj in objects:
        row = {name: getattr(obj, name, None) for name in columns}
        row["created_at"] = row.get("created_at") or now
        row["updated_at"] = row.get("updated_at") or now
        if "version" in row:
            row["version"] = row["version"] or 1
        for key in ("sequence",):
            if key in row and row[key] is None:
                row[key] = 0
        for key in ("statutory",):
            if key in row and row[key] is None:
                row[key] = True
        for key in ("verify", "demo"):
            if key in row and row[key] is None:
                row[key] = False
        rows.append(row)
    return rows


class _Lifecycle:
    """Plays a case forward to `today` with random but realistic timings, using the real lifecycle rules."""

    def __init__(self, rng: random.Random, today: date, caseworker: User | None, manager: User | None) -> None:
        self.rng, self.today, self.caseworker, self.manager = rng, today, caseworker, manager
        self.panels: list[PanelRecord] = []
        self.exceptions: list[CaseException] = []

    def done(self, case: Case, code: str, on: date, outcome: str | None = None, *, advisers: tuple[str, ...] = ()
             ) -> CaseMilestone | None:  # fmt: skip
        """Complete the first pending `code` milestone on `on` if that day has come; None otherwise."""
        if on > self.today:
            return None
        pending = sorted((m for m in case.milestones if m.code == code and m.status == MilestoneStatus.PENDING),
                         key=lambda m: (m.due, m.sequence))  # fmt: skip
        if not pending:
            return None
        m = pending[0]
        allowed = services.OUTCOMES.get(code, (services.DEFAULT_OUTCOME,))
        m.status, m.completed_on, m.outcome = MilestoneStatus.DONE, on, outcome or allowed[0]
        m.updated_by = self.caseworker.id if self.caseworker else None
        after = services._AFTER.get(code)
        if after is not None:
            after(services._Step(case, m, on, m.outcome, None, advisers))
        return m

    def panel(self, case: Case, question: str, on: date, recommendation: str) -> None:
        if self.done(case, "panel", on) is None:
            return
        signed = on + timedelta(days=self.rng.choice((0, 1, 1, 1, 2, 4)))
        record = PanelRecord(id=new_id(), case_id=case.id, question=question, panel_on=on,
                             recommendation=recommendation, reasons="Demo: the panel considered the evidence.",
                             recorded_by=self.caseworker.id if self.caseworker else None)  # fmt: skip
        services._service_milestone(case, "sign_off", "Manager signs off the panel's recommendation",
                                    on + services.SIGN_OFF_WITHIN, start=on,
                                    sequence=services._next_sequence(case, "sign_off"))  # fmt: skip
        if signed <= self.today:
            record.signed_off_by = self.manager.id if self.manager else None
            record.signed_off_at = datetime(signed.year, signed.month, signed.day, 16, 0, tzinfo=UTC)
            record.sign_off_decision = "agreed"
            self.done(case, "sign_off", signed, "agreed")
        self.panels.append(record)

    def play(self, case: Case) -> None:
        rng, received = self.rng, case.received_on
        late = rng.random() < 0.18
        decided = received + timedelta(days=rng.randint(43, 75) if late else rng.randint(24, 42))
        refuse = rng.random() < 0.24
        self.panel(case, "assess", decided - timedelta(days=rng.randint(1, 8)), "not_assess" if refuse else "assess")
        advisers = tuple(rng.sample(ADVISERS, rng.randint(2, 4)))
        if self.done(case, "decision_to_assess", decided, "not_assess" if refuse else "assess",
                     advisers=advisers) is None or refuse:  # fmt: skip
            return
        for _ in advisers:
            self.done(case, "advice_due", decided + timedelta(days=rng.randint(20, 60)))
        if rng.random() < 0.06:
            on = received + timedelta(days=rng.randint(85, 126))
            self.panel(case, "issue", on - timedelta(days=3), "not_issue")
            self.done(case, "no_plan_decision", on, "not_issue")
            return
        on_time = rng.random() < 0.5
        draft = received + timedelta(days=rng.randint(84, 118) if on_time else rng.randint(110, 220))
        self.panel(case, "issue", draft - timedelta(days=rng.randint(5, 12)), "issue")
        if self.done(case, "draft_plan", draft, "served") is None:
            return
        self.done(case, "draft_comment_window", draft + timedelta(days=rng.randint(7, 15)))
        issued = draft + timedelta(days=rng.randint(16, 22) if on_time else rng.randint(16, 80))
        if self.done(case, "final_plan", issued, "issued") is None:
            return
        if issued > received + timedelta(weeks=20) and rng.random() < 0.12:
            self.exceptions.append(self._exception(case, received))
        self._reviews(case)

    def _exception(self, case: Case, received: date) -> CaseException:
        kind = self.rng.choice((ExceptionKind.PERSONAL_CIRCUMSTANCES, ExceptionKind.ABSENT_FROM_AREA))
        starts = received + timedelta(days=self.rng.randint(60, 100))
        explanation = {
            ExceptionKind.PERSONAL_CIRCUMSTANCES: "Your child was in hospital, so some advice came later than the "
            "law usually allows. Your dates have not changed.",
            ExceptionKind.ABSENT_FROM_AREA: "You were away from the area for more than 4 weeks, so we could not "
            "meet the usual time limit. Your dates have not changed.",
        }[kind]
        approved = starts + timedelta(days=35)
        return CaseException(
            id=new_id(), case_id=case.id, kind=kind, milestone_code="final_plan", starts_on=starts,
            ends_on=starts + timedelta(days=self.rng.randint(28, 50)), evidence="Demo: letter on file.",
            family_explanation=explanation, recorded_by=self.caseworker.id if self.caseworker else None,
            approved_by=self.manager.id if self.manager else None,
            approved_at=datetime(approved.year, approved.month, approved.day, 12, 0, tzinfo=UTC),
        )  # fmt: skip

    def _reviews(self, case: Case) -> None:
        rng = self.rng
        for _ in range(4):
            review = next((m for m in case.milestones if m.code == "review_complete" and m.status == "pending"), None)
            if review is None or rng.random() < 0.1:  # some reviews are simply not held: they show as overdue
                return
            meeting = review.due - timedelta(days=rng.randint(-20, 70))
            if self.done(case, "review_meeting", meeting) is None:
                return
            decided = meeting + timedelta(days=rng.randint(10, 28) if rng.random() < 0.45 else rng.randint(29, 70))
            outcome = rng.choices(("maintain", "amend", "cease"), weights=(38, 60, 2))[0]
            if self.done(case, "review_decision", decided, outcome) is None or outcome == "cease":
                return
            if outcome == "amend":
                self.done(case, "amended_plan", decided + timedelta(days=rng.randint(20, 80)))


def _new_case(rng: random.Random, n: int, received: date, caseworkers: list[User]) -> Case:
    born = received - timedelta(days=rng.randint(3 * 365, 18 * 365))
    age = (received - born).days // 365
    year_group = YEAR_GROUPS[max(0, min(len(YEAR_GROUPS) - 1, age - 3))]
    case = Case(
        id=new_id(), version=1, reference=f"DEMO-{n:05d}", child_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        child_dob=born, school=rng.choice(SCHOOLS), year_group=year_group, team=rng.choice(TEAMS),
        stage=Stage.REQUESTED, requester_kind=rng.choices(list(RequesterKind), weights=(80, 5, 15))[0],
        received_on=received, rule_set=services.deadlines.rule_set_for(received).name,
        caseworker_id=rng.choice(caseworkers).id if caseworkers and rng.random() < 0.9 else None,
        demo=True, milestones=[],
    )  # fmt: skip
    services.add_opening_milestones(case)
    return case


def _family_case(life: _Lifecycle, *, child: Child, user: User, reference: str, received: date, school: str,
                 year_group: str, team: str, answers: dict[str, Any]) -> tuple[Case, AssessmentRequest]:  # fmt: skip
    request = AssessmentRequest(
        id=new_id(), reference=reference, status=RequestStatus.SUBMITTED, requester_kind=RequesterKind.PARENT,
        user_id=user.id, answers=answers, submitted_at=datetime(received.year, received.month, received.day, 10,
                                                                tzinfo=UTC),
        received_on=received, child_id=child.id,
    )  # fmt: skip
    case = Case(
        id=new_id(), version=1, reference=reference, request_id=request.id, child_id=child.id,
        child_name=f"{child.first_name} {child.last_name}", child_dob=child.date_of_birth, school=school,
        year_group=year_group, team=team, stage=Stage.REQUESTED, requester_kind=RequesterKind.PARENT,
        received_on=received, rule_set=services.deadlines.rule_set_for(received).name,
        caseworker_id=life.caseworker.id if life.caseworker else None, demo=True, milestones=[],
    )  # fmt: skip
    services.add_opening_milestones(case)
    return case, request


def _answers(first: str, last: str, born: date, school: str, year_group: str, needs: str) -> dict[str, Any]:
    return {
        "who": {"requester_kind": "parent"},
        "relationship": {"relationship": "parent"},
        "child_name": {"first_name": first, "last_name": last},
        "child_dob": {"date_of_birth": born.isoformat()},
        "school": {"school_name": school},
        "year_group": {"year_group": year_group},
        "needs": {"communication": needs, "cognition": "Reading and writing are hard. He forgets instructions."},
        "support": {"support_now": "A teaching assistant in the mornings.", "difference": "It helps a little."},
        "professionals": {"professionals": "Speech and language therapist (demo)"},
        "views": {"child_views": "I want to have friends at school."},
        "consent": {"consent_school": "yes", "consent_professionals": "yes"},
    }


def seed_demo(today: date | None = None, count: int = CASES) -> str:
    """Create the fictional demo cases once (nothing happens if they exist already)."""
    if db.session.scalar(select(func.count()).select_from(Case).where(Case.demo.is_(True))):
        return "Demo cases: already there."
    today = today or datetime.now(services_tz()).date()
    rng = random.Random(f"{SEED}-{today.isoformat()}")
    caseworker, manager = auth.find_user("caseworker@example.com"), auth.find_user("manager@example.com")
    caseworkers = [u for u in (caseworker,) if u is not None]
    life = _Lifecycle(rng, today, caseworker, manager)
    start = today - timedelta(days=YEARS * 365)
    cases: list[Case] = []
    for n in range(1, count + 1):
        received = start + timedelta(days=rng.randint(0, YEARS * 365 - 1))
        if received.weekday() >= 5:
            received -= timedelta(days=received.weekday() - 4)  # requests are logged on working days
        case = _new_case(rng, n, received, caseworkers)
        life.play(case)
        services.refresh_next_due(case)
        cases.append(case)
    requests: list[AssessmentRequest] = []
    messages: list[CaseMessage] = []
    for found in _demo_families(life, today):
        case, request = found
        services.refresh_next_due(case)
        cases.append(case)
        requests.append(request)
        messages.append(CaseMessage(id=new_id(), case_id=case.id, author_id=request.user_id, from_family=True,
                                    body="Hello, can you tell me when the educational psychologist will visit?"))  # fmt: skip
    milestones = [m for c in cases for m in c.milestones]
    for m in milestones:
        m.id = m.id or new_id()
        m.case_id = m.case.id
    session = db.session
    for model, objects in ((AssessmentRequest, requests), (Case, cases), (CaseMilestone, milestones),
                           (PanelRecord, life.panels), (CaseException, life.exceptions), (CaseMessage, messages)):  # fmt: skip
        rows = _rows(objects)
        for chunk in range(0, len(rows), 2000):
            session.execute(insert(model.__table__), rows[chunk : chunk + 2000])
    session.flush()
    return (f"Demo cases: {len(cases)} cases, {len(milestones)} milestones, {len(life.panels)} panel records, "
            f"{len(life.exceptions)} exceptions.")  # fmt: skip


def services_tz() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/London")


def _demo_families(life: _Lifecycle, today: date) -> list[tuple[Case, AssessmentRequest]]:
    """Milo (parent.one): being assessed now. Casey, 17 (parent.two and young.person): plan issued, review due."""
    found = []
    one, two = auth.find_user("parent.one@example.com"), auth.find_user("parent.two@example.com")
    if one is not None:
        milo = next((c for c in family.children_of(one) if c.first_name == "Milo"), None)
        if milo is not None:
            received = today - timedelta(weeks=9)
            case, request = _family_case(
                life, child=milo, user=one, reference="DEMO-MILO1", received=received,
                school="Abbotsbury Primary School", year_group="Year 5", team="North",
                answers=_answers("Milo", milo.last_name, milo.date_of_birth, "Abbotsbury Primary School", "Year 5",
                                 "Milo finds it hard to say what he needs and gets upset in busy places."),
            )  # fmt: skip
            life.panel(case, "assess", received + timedelta(days=33), "assess")
            life.done(case, "decision_to_assess", received + timedelta(days=40), "assess",
                      advisers=("Educational psychologist", "Health (community paediatrician)"))  # fmt: skip
            life.done(case, "advice_due", received + timedelta(days=58))
            found.append((case, request))
    if two is not None:
        casey = next((c for c in family.children_of(two) if c.first_name == "Casey"), None)
        if casey is not None:
            received = today - timedelta(weeks=70)
            case, request = _family_case(
                life, child=casey, user=two, reference="DEMO-CASEY", received=received,
                school="Pennyford Sixth Form College", year_group="Year 12", team="South",
                answers=_answers("Casey", casey.last_name, casey.date_of_birth, "Pennyford Sixth Form College",
                                 "Year 12", "Casey needs time to process information and support with anxiety."),
            )  # fmt: skip
            life.panel(case, "assess", received + timedelta(days=30), "assess")
            life.done(case, "decision_to_assess", received + timedelta(days=38), "assess",
                      advisers=("Educational psychologist", "Social care"))  # fmt: skip
            life.done(case, "advice_due", received + timedelta(days=70))
            life.done(case, "advice_due", received + timedelta(days=75))
            life.panel(case, "issue", received + timedelta(days=95), "issue")
            life.done(case, "draft_plan", received + timedelta(days=105), "served")
            life.done(case, "draft_comment_window", received + timedelta(days=119))
            life.done(case, "final_plan", received + timedelta(days=136), "issued")
            found.append((case, request))
    return found
