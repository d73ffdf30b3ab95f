"""API schemas of complaints and tip-offs (投诉举报): intake, the case with its statutory clocks,
transitions and the on-time rate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from ninja import Field, Schema


class ErrorDetail(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """The platform's error shape; `code` is stable (e.g. "out_of_order", "throttled")."""

    code: str
    message: str
    details: list[ErrorDetail] = []


class ComplaintCaseIn(Schema):
    """A submission: one case, or two when `kinds` names both. Which fields are required
    depends on the kind and on the rule book in force (Order 121 asks a complainant's ID number
    from 2026-04-15); every missing field is named in the 422's details."""

    kinds: list[str] = Field(
        default_factory=list, description='["complaint"], ["tip_off"] or ["complaint", "tip_off"].'
    )
    facts: str = Field("", max_length=10_000, description="What happened.")
    subject: str = Field("", max_length=200, description="The goods or service.")
    request: str = Field("", max_length=5_000, description="What the complainant asks for.")
    respondent_name: str = Field("", max_length=200)
    respondent_uscc: str = Field("", max_length=30, description="Unified social credit code, if known.")
    respondent_address: str = Field("", max_length=300)
    platform_name: str = Field("", max_length=200)
    platform_uscc: str = Field("", max_length=30)
    is_online: bool = False
    amount: Decimal | None = Field(None, max_digits=12, decimal_places=2, description="Yuan.")
    harm_known_on: dt.date | None = None
    complainant_name: str = Field("", max_length=50)
    complainant_phone: str = Field("", max_length=30)
    complainant_id_number: str = Field("", max_length=30)
    complainant_address: str = Field("", max_length=200)
    is_anonymous: bool = Field(False, description="Anonymous tip-off (no name or phone kept).")
    county_code: str = Field("", max_length=12, description="County of the respondent when not registered.")
    object_category: str = Field("", max_length=40, description="Object category code (else suggested).")
    problem_category: str = Field("", max_length=40, description="Nature-of-problem code (else suggested).")
    channel: str | None = Field(
        None,
        description='Staff only: "12315", "12345", "walk_in", "letter", "import" or "api" (default). '
        'Without a token the channel is "api".',
    )
    received_at: dt.datetime | None = Field(
        None,
        description="Staff only: when the case was received elsewhere or earlier; every statutory "
        "clock counts from this day. Ignored without a token (the time of the request is used).",
    )


class ClockOut(Schema):
    name: str = Field(description="accept, mediation, end_notice, verify, reporter_notice, jurisdiction.")
    label: str
    started_on: dt.date
    due: dt.date | None = Field(
        description="In working days; null when the working-day calendar lacks the year."
    )
    state: str = Field(description="running, due_soon, overdue, paused, met or missed.")
    rule_version: str = Field(description="The rule-book version counted by: key@effective_from.")
    rule_source: str
    rule_confirmed: bool
    paused_days: int
    extension_days: int
    stopped_on: dt.date | None


class ComplainantOut(Schema):
    name: str
    phone: str
    id_number: str
    address: str


class RespondentOut(Schema):
    name: str
    uscc: str
    address: str
    is_registered: bool = Field(description="Found in the register of market entities.")


class ComplaintCaseOut(Schema):
    """A case. Staff in scope see the complainant's personal data; the respondent enterprise
    and the holder of a receipt code see it masked (`personal_data_masked`)."""

    number: str
    kind: str
    channel: str
    status: str
    status_label: str
    received_at: dt.datetime
    received_on: dt.date
    complainant: ComplainantOut
    is_anonymous: bool
    personal_data_masked: bool
    respondent: RespondentOut
    is_online: bool
    subject: str
    amount: Decimal | None
    facts: str
    request: str
    harm_known_on: dt.date | None
    object_category: str | None = Field(description="Object category code.")
    problem_category: str | None = Field(description="Nature-of-problem code.")
    county: str | None = Field(description="County code.")
    handling_department: str | None = Field(description="Handling unit code.")
    accepted_on: dt.date | None
    rejected_on: dt.date | None
    rejection_ground: str
    closed_on: dt.date | None
    outcome: str
    amount_recovered: Decimal | None
    handling_due: dt.date | None = Field(description="The latest due date of the handling clocks.")
    on_time: bool | None = Field(description="Null while clocks run and none is overdue.")
    split_from: str | None = Field(description="Number of the case this one was split from.")
    duplicate_of: str | None = Field(description="Number of a possible earlier duplicate.")
    clocks: list[ClockOut]


class IntakeCaseOut(Schema):
    number: str
    kind: str
    status: str
    channel: str
    received_at: dt.datetime
    county: str | None
    handling_department: str | None
    receipt_code: str = Field(description="Only in this answer: opens the case without an account.")
    clocks: list[ClockOut]


class IntakeOut(Schema):
    merged: bool = Field(description="True: an identical repeat within minutes; the earlier case(s).")
    cases: list[IntakeCaseOut]


class TransitionIn(Schema):
    """The fields of a transition; each transition reads only its own:

    - `reject`: `ground` (a RejectionGround), `note`
    - `pause-clock`: `reason`
    - `close`: `outcome`, `amount_recovered`, `note`
    - `transfer`: `department` (the receiving unit's code), `reason`, `disputed`
    - `decide`: `opened`, `note`
    - `extend`: `approval`
    - `accept`, `start-mediation`, `resume-clock`, `start-verification`, `notify-reporter`: `note`
    """

    note: str = Field("", max_length=5_000)
    ground: str = ""
    reason: str = Field("", max_length=5_000)
    outcome: str = ""
    amount_recovered: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    department: str = ""
    disputed: bool = False
    opened: bool | None = None
    approval: str = Field("", max_length=2_000)


class OnTimeRateFilter(Schema):
    """The period and filters of the on-time rate (`from` and `to` are dates)."""

    start: dt.date | None = Field(None, alias="from", description="Default: 1 January of this year.")
    end: dt.date | None = Field(None, alias="to", description="Default: today.")
    county: str = Field("", description="County code.")
    department: str = Field("", description="Handling unit code.")
    category: str = Field("", description="Object category code (a parent includes its children).")
    kind: str = Field("complaint", description='"complaint" (default), "tip_off" or "all".')


class OnTimeRateOut(Schema):
    start: dt.date
    end: dt.date
    county: str | None
    due: int = Field(description="Cases whose handling limit falls in the period and which are due.")
    on_time: int
    rate: float | None = Field(description="Percent, two decimals; null when nothing is due.")
    definition: str


class OnTimeRowOut(Schema):
    key: str
    label: str
    due: int
    on_time: int
    rate: float | None


class OnTimeByOut(Schema):
    by: str
    start: dt.date
    end: dt.date
    county: str | None
    definition: str
    rows: list[OnTimeRowOut]


class TransitionName(StrEnum):
    """The transitions of `complaints.services.TRANSITIONS`."""

    ACCEPT = "accept"
    REJECT = "reject"
    START_MEDIATION = "start-mediation"
    PAUSE_CLOCK = "pause-clock"
    RESUME_CLOCK = "resume-clock"
    CLOSE = "close"
    TRANSFER = "transfer"
    START_VERIFICATION = "start-verification"
    DECIDE = "decide"
    EXTEND = "extend"
    NOTIFY_REPORTER = "notify-reporter"
