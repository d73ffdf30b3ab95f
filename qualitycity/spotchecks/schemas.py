"""API schemas of spot checks and sampling (产品质量监督抽查, 食品安全抽检): plans, samples and
their sampling records, lab reports, notices, objections and re-tests, disposal cases and pass
rates. References are by code: plan number, category code, county code, department code, the
USCC of a party or a testing institution."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from qualitycity.registry.choices import CategoryGroup
from qualitycity.spotchecks.choices import (
    Conclusion,
    DisposalStatus,
    Level,
    LinkType,
    ObjectionOutcome,
    ObjectionStatus,
    Programme,
    Purpose,
    SampleStatus,
)


class ErrorDetail(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """The platform's error shape; `code` is stable."""

    code: str
    message: str
    details: list[ErrorDetail] = []


# --- plans ----------------------------------------------------------------------------------


class SpotCheckPlanIn(Schema):
    number: str = Field(max_length=40)
    name: str = Field(max_length=200)
    programme: str = Field(description='"product" (产品质量监督抽查) or "food" (食品安全抽检).')
    purpose: str = Field("supervision", description='"supervision" or, for food only, "risk_monitoring".')
    level: str = Field(description='"national", "provincial", "city" or "county".')
    year: int = Field(ge=2000, le=2100)
    organiser: str = Field(description="The organising department's code.")
    categories: list[str] = Field(description="Product category codes.")
    counties: list[str] = Field(description="County codes the plan samples in.")
    batches_planned: int = Field(ge=1)
    institutions: list[str] = Field(
        description="USCCs of the testing institutions; each qualified for a category of the plan, "
        "every category covered by one."
    )
    start_date: dt.date
    end_date: dt.date
    is_targeted: bool = False
    note: str = ""


class SpotCheckPlanOut(Schema):
    id: int
    number: str
    name: str
    programme: str
    purpose: str
    level: str
    year: int
    organiser: str = Field(description="The organising department's code.")
    organiser_name: str
    categories: list[str]
    counties: list[str]
    batches_planned: int
    institutions: list[str] = Field(description="USCCs of the testing institutions.")
    start_date: dt.date
    end_date: dt.date
    is_targeted: bool
    note: str


class SpotCheckPlanFilter(Schema):
    programme: Programme | None = None
    purpose: Purpose | None = None
    level: Level | None = None
    year: int | None = None


class SpotCheckPlanPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[SpotCheckPlanOut]


# --- samples --------------------------------------------------------------------------------


class PartyIn(Schema):
    """A sampled unit or producer: its USCC; for one not in the register also its name and
    address as on the record (it is then recorded as unregistered)."""

    uscc: str
    name: str = Field("", max_length=200)
    address: str = Field("", max_length=300)


class SampleIn(Schema):
    """The sampling record (抽样单). Choice values and rules are checked by the sampling service,
    which names every field at once."""

    number: str = Field(max_length=40, description="The sample number printed on the record.")
    plan: str = Field(description="The plan number.")
    category: str = Field(description="The product category code.")
    county: str = Field(description="The code of the county sampled in.")
    link_type: str = Field(description='"production", "distribution", "catering" or "online".')
    place: str = Field(max_length=300)
    online_platform: str = Field("", max_length=100)
    sampled_unit: PartyIn
    producer: PartyIn | None = Field(None, description="The producer named on the label.")
    product_name: str = Field(max_length=200)
    brand: str = Field("", max_length=100)
    specification: str = Field("", max_length=100)
    batch_number: str = Field("", max_length=60)
    production_date: dt.date | None = None
    shelf_life: str = Field("", max_length=60)
    gtin: str = Field("", max_length=14)
    trace_code: str = Field("", max_length=100)
    quantity: Decimal = Field(max_digits=12, decimal_places=3)
    backup_quantity: Decimal = Field(Decimal(0), max_digits=12, decimal_places=3)
    quantity_unit: str = Field(max_length=20)
    unit_price: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    amount_paid: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    storage_condition: str = Field("", max_length=100)
    seal_number: str = Field("", max_length=60)
    samplers: list[str] = Field(description="The samplers' names; at least two.")
    unit_signed: bool = True
    refusal_note: str = Field("", max_length=300)
    sampled_at: dt.datetime = Field(description="Without a time zone: China time.")
    institution: str = Field(description="The USCC of the testing institution the sample goes to.")
    note: str = ""


class PartyOut(Schema):
    uscc: str
    name: str
    is_registered: bool = Field(description="False: recorded from a sampling record, not in the register.")


class SampleOut(Schema):
    id: int
    number: str
    plan: str = Field(description="The plan number.")
    plan_id: int
    programme: str
    purpose: str
    level: str
    category: str = Field(description="The product category code.")
    category_name: str
    category_group: str
    county: str = Field(description="The code of the county sampled in.")
    county_name: str
    link_type: str
    place: str
    online_platform: str
    sampled_unit: PartyOut
    producer: PartyOut | None
    labelled_producer: str
    labelled_producer_address: str
    product_name: str
    brand: str
    specification: str
    batch_number: str
    production_date: dt.date | None
    shelf_life: str
    gtin: str
    trace_code: str
    quantity: Decimal
    backup_quantity: Decimal
    quantity_unit: str
    unit_price: Decimal | None
    amount_paid: Decimal | None
    storage_condition: str
    seal_number: str
    samplers: list[str]
    unit_signed: bool
    refusal_note: str
    sampled_at: dt.datetime
    sampled_on: dt.date
    institution: str = Field(description="The testing institution's USCC.")
    institution_name: str
    delivery_due: dt.date | None
    delivered_on: dt.date | None
    report_due: dt.date | None
    reported_on: dt.date | None
    status: str
    conclusion: str = Field(description="From the items of the latest report (a re-test's replaces it).")
    failed_items: str
    published_at: dt.datetime | None
    note: str


class TestResultOut(Schema):
    item_id: int
    item: str = Field(description="The test item's name.")
    value: str = Field(description="As reported.")
    unit: str
    verdict: str
    limit: str = Field(description='The limit as printed on a report: "≤0.2 mg/kg", "不得检出".')


class TestReportOut(Schema):
    id: int
    number: str
    institution: str = Field(description="The lab's USCC.")
    institution_name: str
    issued_on: dt.date
    is_retest: bool
    conclusion: str
    failed_items: str
    note: str
    results: list[TestResultOut]


class SampleNoticeOut(Schema):
    id: int
    sample: str = Field(description="The sample number.")
    sample_id: int
    party: str = Field(description='"sampled_unit" or "producer".')
    uscc: str
    entity_name: str
    sent_on: dt.date
    received_on: dt.date | None
    method: str
    objection_due: dt.date | None = Field(description="The last day of the objection window.")


class ObjectionOut(Schema):
    id: int
    sample: str = Field(description="The sample number.")
    sample_id: int
    notice: int
    party: str
    uscc: str = Field(description="The objecting party's USCC.")
    entity_name: str
    submitted_on: dt.date
    reason: str
    contested_items: list[int] = Field(description="Test item ids.")
    status: str
    decision_due: dt.date | None
    decided_on: dt.date | None
    decision_note: str
    retest_institution: str | None = Field(description="The re-test lab's USCC.")
    retest_draw: dict[str, Any] = Field(description="Food: the candidates, the seed and the pick.")
    retest_report: str | None = Field(description="The re-test report's number.")
    outcome: str


class SampleDetailOut(SampleOut):
    reports: list[TestReportOut] = Field(description="Oldest first; a re-test's report comes last.")
    notices: list[SampleNoticeOut]
    objections: list[ObjectionOut]
    disposal: str | None = Field(description="The disposal case number of a failed sample.")
    disposal_id: int | None


class SampleFilter(Schema):
    programme: Programme | None = None
    purpose: Purpose | None = None
    level: Level | None = None
    category_group: CategoryGroup | None = None
    conclusion: Conclusion | None = None
    concluded: bool | None = Field(None, description="true: a final conclusion (what pass rates count).")
    status: SampleStatus | None = None
    link_type: LinkType | None = None
    plan: str = Field("", description="The plan number.")
    county: str = Field("", description="A county code (a city code: all its counties).")
    category: str = Field("", description="A category code; its sub-categories included.")
    producer: str = Field("", description="The producer's USCC.")
    sampled_from: dt.date | None = None
    sampled_to: dt.date | None = None


class SamplePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[SampleOut]


class SampleReceiptIn(Schema):
    received_on: dt.date


class TestResultIn(Schema):
    """One item's result as the lab reports it."""

    model_config = ConfigDict(coerce_numbers_to_str=True)

    item: int | str = Field(description="The test item's id, or its name.")
    value: str = Field(max_length=60, description='As reported: "0.12", "<0.01", "未检出", "符合" …')
    unit: str = Field("", max_length=30, description="Left out: the item's unit.")
    verdict: str = Field(
        "", description="The lab's verdict, if given (合格/不合格, pass/fail): checked against the limit."
    )


class TestReportIn(Schema):
    institution: str | None = Field(
        None,
        description="The lab's USCC. Left out: a lab user's own institution, else the lab the sample "
        "(or the objection's re-test) was sent to.",
    )
    number: str = Field(max_length=60)
    issued_on: dt.date
    results: list[TestResultIn]
    objection: int | None = Field(None, description="The objection id: the report is its re-test.")
    note: str = ""


# --- notices, objections ----------------------------------------------------------------------


class NoticeReceiptIn(Schema):
    received_on: dt.date
    method: str = Field(description='"platform", "in_person", "post" or "electronic".')


class ObjectionIn(Schema):
    reason: str
    submitted_on: dt.date | None = Field(
        None, description="Staff recording an objection received on paper; an enterprise's is today's."
    )
    contested_items: list[int | str] = Field([], description="Ids or names of failed test items.")


class ObjectionDecisionIn(Schema):
    accept: bool
    note: str = ""
    institution: str | None = Field(
        None, description="Products: the re-test lab's USCC. Food: left out, the lab is drawn at random."
    )


class ObjectionFilter(Schema):
    status: ObjectionStatus | None = None
    outcome: ObjectionOutcome | None = None
    sample: str = Field("", description="The sample number.")


class ObjectionPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ObjectionOut]


# --- disposal -------------------------------------------------------------------------------


class DisposalStepIn(Schema):
    kind: str = Field(description="DisposalStepKind: order_correction, recheck, public_notice, …")
    done_on: dt.date
    deadline: dt.date | None = Field(None, description="Order to correct: left out, the rule book's period.")
    passed: bool | None = Field(None, description="A recheck: whether it passed.")
    document_number: str = Field("", max_length=60)
    note: str = ""


class DisposalCloseIn(Schema):
    measures_taken: str
    closed_on: dt.date | None = Field(None, description="Left out: today.")


class DisposalStepOut(Schema):
    id: int
    kind: str
    label: str
    done_on: dt.date
    deadline: dt.date | None
    passed: bool | None
    document_number: str
    note: str


class DisposalOut(Schema):
    id: int
    number: str
    sample: str = Field(description="The sample number.")
    sample_id: int
    uscc: str = Field(description="The USCC of the entity handled.")
    entity_name: str
    county: str
    department: str | None
    opened_on: dt.date
    due_on: dt.date | None
    status: str
    lot: dict[str, Any]
    measures_taken: str
    closed_on: dt.date | None


class DisposalDetailOut(DisposalOut):
    steps: list[DisposalStepOut]
    allowed_steps: list[str] = Field(description="The steps that may come next.")
    can_close: bool
    close_blocked_by: str = Field(description="Why the case cannot close yet.")


class DisposalFilter(Schema):
    status: DisposalStatus | None = None
    county: str = Field("", description="County code.")


class DisposalPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[DisposalOut]


# --- pass rates -------------------------------------------------------------------------------


class PassRateFilter(Schema):
    """What the pass rate counts: batches with a final conclusion, by sampling date."""

    programme: Programme | None = None
    purpose: Purpose | None = None
    level: Level | None = None
    start: dt.date | None = Field(None, alias="from", description="First sampling date counted.")
    end: dt.date | None = Field(None, alias="to", description="Last sampling date counted.")
    county: str = Field("", description="County code.")
    category: str = Field("", description="Category code; its sub-categories included.")
    indicator: str = Field("", description='A plan indicator: "manufacturing", "food" or "farm".')
    by: str = Field("", description="Break down by county, category, month, level, programme or link_type.")


class PassRateRowOut(Schema):
    key: str
    label: str
    total: int
    qualified: int
    unqualified: int
    rate: float | None = Field(description="Percent, two decimals; null when no batch counts.")
    drill_url: str = Field(description="The batches counted, on the sample list.")


class PassRateOut(Schema):
    programme: str | None
    purpose: str | None
    level: str | None
    start: dt.date | None = Field(description="The `from` date.")
    end: dt.date | None = Field(description="The `to` date.")
    county: str | None
    category: str | None
    indicator: str | None
    label: str | None = Field(description="The indicator's name.")
    definition: str | None = Field(description="The indicator's definition in words.")
    total: int = Field(description="Batches with a final conclusion.")
    qualified: int
    unqualified: int
    rate: float | None = Field(description="Percent, two decimals; null when no batch counts.")
    drill_url: str = Field(description="The batches counted, on the sample list.")
    by: str | None
    rows: list[PassRateRowOut] | None = Field(description="The breakdown, when `by` is given.")
    counted_live: bool = Field(
        description="Counted from the samples now; false when read from the monthly tallies, which are used only while no sample has changed since they were built."
    )
    as_of: dt.datetime | None = Field(description="When the tallies read were built; null when counted live.")
