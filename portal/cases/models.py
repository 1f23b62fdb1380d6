"""EHC needs assessment requests and the cases they open.

A request starts as a server-side draft (save and return), becomes a submitted request with a reference,
and opens a case. A case belongs to a child (portal.auth.models.Child) and carries its milestones. Each
milestone's `due` date is fixed when the milestone is created from the statutory rules
(portal/cases/deadlines.py) and never moves: an exception (school closure, personal circumstances, absence
from the area, missed appointment) is recorded separately and only explains lateness.

Concurrency: a case and each milestone carry a version counter (SQLAlchemy `version_id_col`), so two officers
updating the same row cannot silently overwrite each other: the second commit raises StaleDataError.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, IdMixin


class RequesterKind(enum.StrEnum):
    PARENT = "parent"  # a parent or carer
    YOUNG_PERSON = "young_person"  # a young person aged 16 to 25, for themselves
    SCHOOL = "school"  # a school, college or setting, with the family's consent


class RequestStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    EXPIRED = "expired"  # a draft past DRAFT_DAYS, kept only until the purge


class Stage(enum.StrEnum):
    """Where a case is, in the order families meet them."""

    REQUESTED = "requested"  # request received, deciding whether to assess (6 weeks)
    ASSESSING = "assessing"  # decided to assess: gathering advice
    NOT_ASSESSING = "not_assessing"  # decided not to assess (appealable)
    DECIDING_PLAN = "deciding_plan"  # advice back: deciding whether to issue a plan
    NO_PLAN = "no_plan"  # decided not to issue a plan (appealable)
    DRAFT_PLAN = "draft_plan"  # draft served: the family's 15-day comment window
    PLAN_ISSUED = "plan_issued"  # final plan issued (appealable)
    REVIEW = "review"  # annual review cycle
    CLOSED = "closed"  # withdrawn, moved away, plan ceased


class MilestoneStatus(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"
    NOT_NEEDED = "not_needed"  # e.g. no "decision not to issue" once a draft plan is served


class ExceptionKind(enum.StrEnum):
    """The exceptions the regulations allow (reference: statutory-timelines.md section 4)."""

    SCHOOL_CLOSURE = "school_closure"  # school or college closed for 4 or more weeks
    PERSONAL_CIRCUMSTANCES = "personal_circumstances"  # exceptional personal circumstances of child or parent
    ABSENT_FROM_AREA = "absent_from_area"  # child or parent absent from the area for 4 or more weeks
    MISSED_APPOINTMENT = "missed_appointment"  # failed to keep an appointment for advice


class AssessmentRequest(IdMixin, Base):
    """A request for an EHC needs assessment: a draft while it is being written, then the submitted request.

    `answers` holds the form journey's answers by step (JSON), so the journey can change without migrations;
    what officers and reports need is copied into columns when it is submitted.
    """

    __tablename__ = "assessment_request"

    reference: Mapped[str | None] = mapped_column(String(20), unique=True)  # given on submission; not guessable
    status: Mapped[str] = mapped_column(String(20), default=RequestStatus.DRAFT, index=True)
    requester_kind: Mapped[str | None] = mapped_column(String(20))
    user_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"), index=True)  # who is filling it in
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    last_step: Mapped[str | None] = mapped_column(String(60))  # where "resume" takes them
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # drafts only
    expiry_warned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submit_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # idempotent submit
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_on: Mapped[date | None] = mapped_column(Date)  # the statutory clock's start
    child_id: Mapped[str | None] = mapped_column(ForeignKey("child.id"), index=True)

    case: Mapped[Case | None] = relationship(back_populates="request", uselist=False)


class Case(IdMixin, Base):
    """One child's EHC needs assessment and plan, from the request onwards."""

    __tablename__ = "ehc_case"
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative config
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    request_id: Mapped[str | None] = mapped_column(ForeignKey("assessment_request.id"), unique=True)
    child_id: Mapped[str | None] = mapped_column(ForeignKey("child.id"), index=True)
    # Copied from the request so queues and reports need no JSON look-ups; the request keeps the family's words.
    child_name: Mapped[str] = mapped_column(String(200))
    child_dob: Mapped[date | None] = mapped_column(Date)
    school: Mapped[str | None] = mapped_column(String(200), index=True)
    year_group: Mapped[str | None] = mapped_column(String(40))
    team: Mapped[str | None] = mapped_column(String(60), index=True)  # area team, e.g. "North"
    stage: Mapped[str] = mapped_column(String(30), default=Stage.REQUESTED, index=True)
    requester_kind: Mapped[str] = mapped_column(String(20), default=RequesterKind.PARENT)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    rule_set: Mapped[str] = mapped_column(String(60))  # RuleSet.name in force on received_on
    caseworker_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    next_due: Mapped[date | None] = mapped_column(Date, index=True)  # earliest pending milestone (for the queue)
    # Outcomes the DfE SEN2 return counts (None until decided).
    assess_decision: Mapped[str | None] = mapped_column(String(20))  # "assess" | "not_assess"
    assess_decision_on: Mapped[date | None] = mapped_column(Date)
    plan_decision: Mapped[str | None] = mapped_column(String(20))  # "issue" | "not_issue"
    plan_decision_on: Mapped[date | None] = mapped_column(Date)
    draft_served_on: Mapped[date | None] = mapped_column(Date)
    plan_issued_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closed_reason: Mapped[str | None] = mapped_column(String(200))
    demo: Mapped[bool] = mapped_column(Boolean, default=False)  # part of the fictional demo data set

    request: Mapped[AssessmentRequest | None] = relationship(back_populates="case")
    milestones: Mapped[list[CaseMilestone]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseMilestone.due"
    )
    exceptions: Mapped[list[CaseException]] = relationship(back_populates="case", cascade="all, delete-orphan")
    documents: Mapped[list[CaseDocument]] = relationship(back_populates="case", cascade="all, delete-orphan")
    messages: Mapped[list[CaseMessage]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseMessage.created_at"
    )


class CaseMilestone(IdMixin, Base):
    """One dated step of a case. `due` is set once from the rules and never changes."""

    __tablename__ = "case_milestone"
    __table_args__ = (UniqueConstraint("case_id", "code", "sequence"),)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative config
    case_id: Mapped[str] = mapped_column(ForeignKey("ehc_case.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))  # deadlines.py codes, or the service's own ("panel", "sign_off")
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # several of one code: advisers, yearly reviews
    name: Mapped[str] = mapped_column(String(200))
    rule: Mapped[str] = mapped_column(String(300))  # the rule as written in the reference, for the page
    statutory: Mapped[bool] = mapped_column(Boolean, default=True)  # False for the service's own targets
    verify: Mapped[bool] = mapped_column(Boolean, default=False)  # the rule is marked (verify) in the reference
    start: Mapped[date | None] = mapped_column(Date)
    due: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default=MilestoneStatus.PENDING, index=True)
    completed_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(60))  # e.g. "assess", "not_assess", "issue"
    note: Mapped[str | None] = mapped_column(Text)  # officer's note (not shown to the family)
    adviser: Mapped[str | None] = mapped_column(String(120))  # for advice milestones: whose advice
    updated_by: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # "deadline near" sent

    case: Mapped[Case] = relationship(back_populates="milestones")


class CaseException(IdMixin, Base):
    """An exception to a time limit: recorded with dates, evidence and who approved it; the due date stays."""

    __tablename__ = "case_exception"

    case_id: Mapped[str] = mapped_column(ForeignKey("ehc_case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # ExceptionKind
    milestone_code: Mapped[str | None] = mapped_column(String(40))  # the time limit it affects
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text)
    family_explanation: Mapped[str] = mapped_column(Text)  # plain words shown to the family
    recorded_by: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    approved_by: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case] = relationship(back_populates="exceptions")


class CaseDocument(IdMixin, Base):
    """A file attached to a request or case. Stored outside the web root; served only to those who may see it."""

    __tablename__ = "case_document"

    case_id: Mapped[str | None] = mapped_column(ForeignKey("ehc_case.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[str | None] = mapped_column(ForeignKey("assessment_request.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40), default="evidence")  # evidence, draft_plan, final_plan, letter…
    filename: Mapped[str] = mapped_column(String(255))  # as the uploader named it (shown, never used as a path)
    content_type: Mapped[str] = mapped_column(String(100))  # from the file's content, not its name
    size: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(100), unique=True)  # random name under UPLOAD_DIR
    sha256: Mapped[str] = mapped_column(String(64))
    scan_status: Mapped[str] = mapped_column(String(20), default="not_scanned")  # clean, infected, not_scanned
    uploaded_by: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    from_family: Mapped[bool] = mapped_column(Boolean, default=True)

    case: Mapped[Case | None] = relationship(back_populates="documents")


class CaseMessage(IdMixin, Base):
    """A message between the family and the case's officers, kept in the case."""

    __tablename__ = "case_message"

    case_id: Mapped[str] = mapped_column(ForeignKey("ehc_case.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    from_family: Mapped[bool] = mapped_column(Boolean)
    body: Mapped[str] = mapped_column(Text)
    submit_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # idempotent send
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case] = relationship(back_populates="messages")


class DraftComment(IdMixin, Base):
    """The family's comments on a draft plan, and the school or college they ask to be named."""

    __tablename__ = "draft_comment"

    case_id: Mapped[str] = mapped_column(ForeignKey("ehc_case.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    comments: Mapped[str] = mapped_column(Text)
    school_requested: Mapped[str | None] = mapped_column(String(200))
    wants_meeting: Mapped[bool] = mapped_column(Boolean, default=False)
    submit_token: Mapped[str | None] = mapped_column(String(64), unique=True)


class PanelRecord(IdMixin, Base):
    """The SEN panel's recommendation on a case, and the manager's sign-off (service target: within 24 hours)."""

    __tablename__ = "panel_record"

    case_id: Mapped[str] = mapped_column(ForeignKey("ehc_case.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(String(30))  # "assess" (whether to assess) or "issue" (whether to issue)
    panel_on: Mapped[date] = mapped_column(Date)
    recommendation: Mapped[str] = mapped_column(String(30))  # "assess", "not_assess", "issue", "not_issue", "defer"
    reasons: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    signed_off_by: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    signed_off_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sign_off_decision: Mapped[str | None] = mapped_column(String(30))


class ProjectionAssumptions(IdMixin, Base):
    """The manager's editable assumptions for the 12-month projection of plans in force (one row per council)."""

    __tablename__ = "projection_assumptions"

    requests_per_month: Mapped[float | None] = mapped_column()  # None: use the last 12 months' rate
    conversion_rate: Mapped[float | None] = mapped_column()  # share of requests that lead to a plan; None: measured
    ceasing_per_month: Mapped[float | None] = mapped_column()  # plans ending each month; None: measured
    updated_by: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))


class NotificationPreference(IdMixin, Base):
    """How a family member hears about their case, and the secret for their calendar feed."""

    __tablename__ = "case_notification_preference"

    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id"), unique=True)
    email_on_change: Mapped[bool] = mapped_column(Boolean, default=True)
    email_before_due: Mapped[bool] = mapped_column(Boolean, default=True)
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # rotate to revoke the iCal link
