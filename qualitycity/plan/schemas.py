"""API schemas of the quality plan: plans, measures, indicators with their current value and
status, and the departments' progress reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class ErrorDetail(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """The platform's error shape; `code` is stable."""

    code: str
    message: str
    details: list[ErrorDetail] = []


class DepartmentOut(Schema):
    code: str
    name: str


class PlanOut(Schema):
    id: int
    title: str
    document_number: str
    issuer: str
    start_year: int
    target_year: int
    report_frequency: str
    is_default: bool


class MeasureOut(Schema):
    id: int
    number: int
    label: str
    chapter: str
    title: str
    lead_department: DepartmentOut
    co_departments: list[DepartmentOut]


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    direction: str
    target_value: Decimal | None
    target_text: str
    target_year: int
    baseline_value: Decimal | None
    baseline_year: int | None
    responsible_department: DepartmentOut
    measure_id: int | None
    source: str = Field(description='"computed" or "reported".')
    source_key: str = Field(description="For computed indicators, the registered source key.")
    value: Decimal | None
    as_of: dt.date | None
    status: str = Field(description="attained, on_track, warning, missed or no_data.")
    status_label: str
    rule: str
    note: str
    drill_url: str


class ValueIn(Schema):
    indicator: str = Field(description="The indicator's code.")
    value: Decimal
    unit: str = Field(description="Must be the indicator's unit.")
    as_of: dt.date | None = Field(None, description="Default: the period's last day.")
    note: str = Field("", max_length=300)


class ReportIn(Schema):
    measure: int = Field(description="The measure's number in the plan, e.g. 3 for (三).")
    period: str = Field(description="2026-Q3, 2026-09, 2026-H2 or 2026.")
    work_done: str = Field("", max_length=20_000)
    figures: str = Field("", max_length=10_000)
    values: list[ValueIn] = []
    submit: bool = Field(True, description="False keeps the report as a draft.")


class ReportOut(Schema):
    id: int
    measure: int
    department: str
    period: str
    due_on: dt.date
    status: str
    submitted_at: dt.datetime | None
    late: bool
    values: int
    evidence: int
