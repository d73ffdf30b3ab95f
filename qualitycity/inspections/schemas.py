"""API schemas of random inspections (双随机、一公开): tasks, draws, results, publication."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict


class ErrorDetail(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """The platform's error shape; `code` is stable (e.g. "already_drawn", "not_drawn")."""

    code: str
    message: str
    details: list[ErrorDetail] = []


class PoolFilterIn(Schema):
    """The target pool as a saved entity filter: the parameter names of the entity list."""

    model_config = ConfigDict(extra="forbid")

    county_id: int | None = None
    township_id: int | None = None
    industry: str | None = None
    tag: str | None = None
    entity_type: str | None = None
    registration_status: str | None = None


class InspectionTaskIn(Schema):
    plan: int = Field(description="The inspection plan's id.")
    name: str = Field(max_length=200)
    number: str | None = Field(
        None, max_length=30, description="Left out: the next SJ-YYYY-NNNN of the start date's year."
    )
    lead_department: str = Field(description="The lead department's code.")
    participating_departments: list[str] = Field([], description="Department codes (joint task).")
    check_items: list[int] = Field(description="Check-item ids of the lead and participating departments.")
    pool_filter: PoolFilterIn = Field(default_factory=PoolFilterIn)
    is_directed: bool = False
    ratios: dict[str, str] | None = Field(
        None,
        description='Percent per risk class, e.g. {"A": "3", "D": "30", "-": "5"}; "-" is entities '
        "not yet classified. Left out: the plan's ratios.",
    )
    inspectors_per_target: int | None = Field(None, ge=1, le=20, description="Left out: the plan's.")
    start_date: dt.date
    end_date: dt.date
    note: str = ""


class PublicationOut(Schema):
    due: dt.date | None = Field(description="The last day to publish the results.")
    state: str = Field(description="PublicationState: not_due, due, due_soon, overdue, published, …")


class InspectionTaskOut(Schema):
    id: int
    number: str
    name: str
    plan: int
    plan_name: str
    lead_department: str
    participating_departments: list[str]
    check_items: list[int]
    pool_filter: dict[str, Any]
    is_directed: bool
    ratios: dict[str, str]
    inspectors_per_target: int
    start_date: dt.date
    end_date: dt.date
    status: str
    approved_at: dt.datetime | None
    published_at: dt.datetime | None
    current_draw: int | None = Field(description="The id of the draw in force (committed or drawn).")
    commitment: str | None = Field(description="The current draw's commitment, once approved.")
    publication: PublicationOut
    note: str


class InspectionTaskFilter(Schema):
    """The parameter names of the task list page."""

    q: str | None = None
    lead_department_id: int | None = None
    plan_id: int | None = None
    status: str | None = None
    is_directed: bool | None = None
    since: dt.date | None = None


class InspectionTaskPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[InspectionTaskOut]


class RedoIn(Schema):
    reason: str = Field(max_length=2000)


class DrawTargetOut(Schema):
    uscc: str
    risk_class: str = Field(description="Internal: the class at draw time. Never public.")
    inspectors: list[str] = Field(description="Inspector codes in slot order.")


class DrawOut(Schema):
    """A draw. Before the draw only the commitment is known: the seed is never sent before."""

    id: int
    task: str = Field(description="The task number.")
    task_id: int
    sequence: int
    status: str
    algorithm: str
    commitment: str = Field(description="SHA-256 of the seed, published at approval.")
    committed_at: dt.datetime
    redo_reason: str
    supersedes: int | None
    seed: str | None = Field(None, description="Only once drawn.")
    pool_hash: str | None = None
    pool_size: int | None = None
    staffing_hash: str | None = None
    strata: dict[str, Any] | None = None
    drawn_at: dt.datetime | None = None
    target_count: int | None = None
    inspector_count: int | None = None
    targets: list[DrawTargetOut] | None = Field(None, description="In draw order; single draws only.")


class DrawFilter(Schema):
    q: str | None = None
    task_id: int | None = None
    status: str | None = None


class DrawPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[DrawOut]


class DrawVerificationOut(Schema):
    ok: bool
    targets: int
    inspectors: int
    differences: list[str]


class ItemResultIn(Schema):
    check_item: int = Field(description="The check item's id.")
    category: str = Field(description="The result category's code.")
    note: str = Field("", max_length=500)


class InspectionResultIn(Schema):
    task: int | str = Field(description="The task's id or number.")
    uscc: str
    department: str = Field(description="The inspecting department's code.")
    inspected_on: dt.date
    items: list[ItemResultIn]
    note: str = ""
    entered_by: str | None = Field(
        None, description="Inspector code; left out: the inspector record of the token's user."
    )


class ConfirmIn(Schema):
    inspector: str | None = Field(
        None, description="Inspector code; left out: the inspector record of the token's user."
    )


class ItemResultOut(Schema):
    check_item: int
    check_item_name: str
    category: str
    note: str


class InspectionResultOut(Schema):
    id: int
    task: str = Field(description="The task number.")
    task_id: int
    uscc: str
    entity_name: str
    department: str
    inspected_on: dt.date
    category: str
    status: str
    submitted_by: str
    confirmed_by: str | None
    confirmed_at: dt.datetime | None
    published_at: dt.datetime | None
    note: str
    items: list[ItemResultOut]


class InspectionResultFilter(Schema):
    """The parameter names of the result list page; `task` also takes the task number."""

    q: str | None = None
    task: str | None = Field(None, description="The task's id or number.")
    entity_id: int | None = None
    department_id: int | None = None
    county_id: int | None = None
    category_id: int | None = None
    status: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


class InspectionResultPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[InspectionResultOut]


class TaskPublicationOut(PublicationOut):
    expected: int = Field(description="Targets × departments of the current draw.")
    confirmed: int
    published: int


class PublishOut(TaskPublicationOut):
    published_now: int
