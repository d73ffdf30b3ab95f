"""Lab reports: item results judged against their limits, the sample's conclusion derived from
its items (never typed), and what a conclusion sets off — the archive events, the notices of a
failed result to the sampled unit and the producer, and the disposal case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.core import audit
from qualitycity.core.models import Department
from qualitycity.core.services import CalendarNotAvailable, rule_deadline
from qualitycity.credit.choices import CreditEventKind, Severity
from qualitycity.credit.services import record_event
from qualitycity.spotchecks import verdicts
from qualitycity.spotchecks.choices import (
    Conclusion,
    DisposalStatus,
    ObjectionOutcome,
    ObjectionStatus,
    Party,
    Purpose,
    SampleStatus,
    Verdict,
)
from qualitycity.spotchecks.models import (
    Disposal,
    Objection,
    Sample,
    SampleNotice,
    TestingInstitution,
    TestItem,
    TestReport,
    TestResult,
)

__all__ = [
    "ReportError",
    "ResultRow",
    "applicable_items",
    "archive_sample",
    "check_rows",
    "enter_report",
    "failed_items_text",
]


@dataclass
class ResultRow:
    """One item's result as the lab reports it: the item, the value as text, its unit, and the
    lab's own verdict if it gives one (checked against the limit)."""

    item: TestItem | None
    value_text: str
    unit: str = ""
    lab_verdict: str = ""
    #: The item's name as the file gave it, for the error when no item matched.
    item_name: str = ""


class ReportError(ValidationError):
    """A report that cannot be taken; `rows` maps a row index (0-based) to {field: message}."""

    def __init__(self, errors: dict[str, list[str]], rows: dict[int, dict[str, str]] | None = None) -> None:
        flat = dict(errors)
        for index, fields in (rows or {}).items():
            for name, message in fields.items():
                flat.setdefault(f"results[{index}].{name}", []).append(message)
        super().__init__(flat)
        self.rows = rows or {}
        self.report_errors = errors


def applicable_items(sample: Sample) -> list[TestItem]:
    """The items of the sample's category and of its parent categories."""
    ids = [c.pk for c in sample.category.ancestors()]
    return list(TestItem.objects.filter(category_id__in=ids, is_active=True).select_related("limit_standard"))


def _judge_row(row: ResultRow, qualified: set[int], applicable: set[int]) -> tuple[dict[str, str], Any]:
    """The row's errors, or its parsed value and verdict."""
    item = row.item
    if item is None:
        return {"item": _("Unknown test item {name}.").format(name=row.item_name or "?")}, None
    if item.pk not in applicable:
        return {
            "item": _("{item} is not a test item of this sample's category.").format(item=item.name)
        }, None
    if item.pk not in qualified:
        return {
            "item": _("The lab is not qualified (CMA scope) for the item {item}.").format(item=item.name)
        }, None
    if not item.has_limit:
        return {
            "item": _(
                "{item} has no limit on record: enter its limit before its results can be judged."
            ).format(item=item.name)
        }, None
    if row.unit and item.unit and not verdicts.same_unit(row.unit, item.unit):
        return {
            "unit": _("The unit of {item} is {expected}; the result gives {given}.").format(
                item=item.name, expected=item.unit, given=row.unit
            )
        }, None
    try:
        parsed = verdicts.parse_value(row.value_text)
    except verdicts.InvalidValue:
        return {
            "value": _("{value} is not a result value.").format(value=row.value_text or _("(empty)"))
        }, None
    try:
        verdict = verdicts.judge(parsed, item.limit_kind, item.limit_min, item.limit_max)
    except verdicts.CannotJudge:
        return {
            "value": _("{value} cannot be judged against the limit {limit}.").format(
                value=row.value_text, limit=item.limit_text()
            )
        }, None
    lab_verdict = _lab_verdict(row.lab_verdict)
    if lab_verdict == "?":
        return {
            "verdict": _("{verdict} is not a verdict (合格 / 不合格).").format(verdict=row.lab_verdict)
        }, None
    if lab_verdict and lab_verdict != verdict:
        return {
            "verdict": _(
                "The lab's verdict {given} contradicts the limit {limit} for the value {value}."
            ).format(given=row.lab_verdict, limit=item.limit_text(), value=row.value_text)
        }, None
    return {}, (parsed, verdict)


def _lab_verdict(text: str) -> str:
    word = (text or "").strip().lower()
    if not word:
        return ""
    if word in {"合格", "符合", "pass", "qualified", "√"}:
        return Verdict.PASS
    if word in {"不合格", "不符合", "fail", "unqualified", "×"}:
        return Verdict.FAIL
    return "?"


def check_rows(
    sample: Sample, institution: TestingInstitution, rows: list[ResultRow]
) -> tuple[dict[int, dict[str, str]], list[tuple[ResultRow, Any, str]]]:
    """Per-row errors, and the judged rows (row, parsed value, verdict) when there are none."""
    qualified = set(institution.test_items.values_list("pk", flat=True))
    applicable = {i.pk for i in applicable_items(sample)}
    errors: dict[int, dict[str, str]] = {}
    judged: list[tuple[ResultRow, Any, str]] = []
    seen: set[int] = set()
    for index, row in enumerate(rows):
        if row.item is not None and row.item.pk in seen:
            errors[index] = {"item": _("{item} is given twice.").format(item=row.item.name)}
            continue
        if row.item is not None:
            seen.add(row.item.pk)
        row_errors, outcome = _judge_row(row, qualified, applicable)
        if row_errors:
            errors[index] = row_errors
        else:
            judged.append((row, outcome[0], outcome[1]))
    return errors, judged


def failed_items_text(results: list[TestResult]) -> str:
    """ "铅(以Pb计) 0.35 mg/kg（标准 ≤0.2 mg/kg）；…" for the failed items."""
    parts = []
    for r in results:
        if r.verdict == Verdict.FAIL:
            unit = f" {r.unit}" if r.unit and r.value is not None else ""
            parts.append(
                _("{item} {value}{unit} (limit {limit})").format(
                    item=r.test_item.name, value=r.value_text, unit=unit, limit=r.test_item.limit_text()
                )
            )
    return "；".join(parts)[:500]


def _check_report(
    sample: Sample,
    institution: TestingInstitution,
    number: str,
    issued_on: dt.date,
    objection: Objection | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if objection is None:
        if sample.status == SampleStatus.SAMPLED:
            errors["sample"] = [
                _(
                    "Sample {number} has not been delivered to the lab: record its receipt before the report."
                ).format(number=sample.number)
            ]
        elif sample.reports.filter(is_retest=False).exists():
            errors["sample"] = [_("Sample {number} already has its report.").format(number=sample.number)]
        if institution.pk != sample.institution_id:
            errors["institution"] = [
                _("Sample {number} was sent to {lab}.").format(number=sample.number, lab=sample.institution)
            ]
    else:
        if objection.sample_id != sample.pk:
            errors["objection"] = [_("This objection is about another sample.")]
        elif objection.status != ObjectionStatus.RETEST_ASSIGNED:
            errors["objection"] = [_("This objection is not waiting for a re-test.")]
        elif institution.pk != objection.retest_institution_id:
            errors["institution"] = [
                _("The re-test of this objection was assigned to {lab}.").format(
                    lab=objection.retest_institution
                )
            ]
    if not number.strip():
        errors["number"] = [_("Enter the report number.")]
    elif TestReport.objects.filter(institution=institution, number=number.strip()).exists():
        errors["number"] = [
            _("Report number {number} of this lab is already on record.").format(number=number.strip())
        ]
    earliest = sample.delivered_on or sample.sampled_on
    if objection is not None:
        earliest = objection.decided_on or objection.submitted_on
    if issued_on < earliest:
        errors["issued_on"] = [
            _("The report date is before the sample reached the lab ({date}).").format(
                date=earliest.isoformat()
            )
        ]
    if issued_on > timezone.localdate():
        errors["issued_on"] = [_("The report date is in the future.")]
    return errors


@transaction.atomic
def enter_report(
    sample: Sample,
    *,
    actor: Any,
    institution: TestingInstitution,
    number: str,
    issued_on: dt.date,
    rows: list[ResultRow],
    objection: Objection | None = None,
    note: str = "",
) -> TestReport:
    """Take a lab report: every row is checked (qualified item, unit, limit, value, the lab's
    verdict against the limit) and nothing is written unless all are good. The conclusion
    follows from the items: any failed item makes the sample unqualified. A re-test report
    (`objection`) replaces the conclusion; the first report stays on record."""
    sample = (
        Sample.objects.select_for_update(of=("self",))
        .select_related("category", "producer", "sampled_unit")
        .get(pk=sample.pk)
    )
    errors = _check_report(sample, institution, number, issued_on, objection)
    if not rows:
        errors.setdefault("results", []).append(_("A report needs at least one item result."))
    row_errors, judged = check_rows(sample, institution, rows)
    if errors or row_errors:
        raise ReportError(errors, row_errors)
    user = actor if getattr(actor, "is_authenticated", False) else None
    report = TestReport.objects.create(
        sample=sample,
        institution=institution,
        number=number.strip(),
        issued_on=issued_on,
        is_retest=objection is not None,
        conclusion=Conclusion.QUALIFIED,
        note=note,
        created_by=user,
        updated_by=user,
    )
    results = TestResult.objects.bulk_create(
        [
            TestResult(
                report=report,
                test_item=row.item,
                value_text=row.value_text.strip()[:60],
                value=parsed.number,
                unit=(row.unit or row.item.unit).strip()[:30] if row.item else row.unit,
                verdict=verdict,
            )
            for row, parsed, verdict in judged
        ]
    )
    failed = failed_items_text(results)
    report.conclusion = Conclusion.UNQUALIFIED if failed else Conclusion.QUALIFIED
    report.failed_items = failed
    report.save(update_fields=["conclusion", "failed_items", "updated_at"])
    audit.record_change(actor=actor, obj=report, before=None, message="report entered")
    previous = sample.conclusion
    before = audit.snapshot(sample)
    sample.conclusion = report.conclusion
    sample.failed_items = failed
    sample.status = SampleStatus.REPORTED
    if objection is None:
        sample.reported_on = issued_on
    sample.save(update_fields=["conclusion", "failed_items", "status", "reported_on", "updated_at"])
    audit.record_change(actor=actor, obj=sample, before=before, message="concluded")
    if objection is not None:
        _conclude_objection(objection, report, previous, actor=actor)
    archive_sample(sample, actor=actor)
    if sample.conclusion == Conclusion.UNQUALIFIED and objection is None:
        _serve_failure(sample, actor=actor, on=issued_on)
        open_disposal(sample, actor=actor, on=issued_on)
    return report


def _conclude_objection(objection: Objection, report: TestReport, previous: str, *, actor: Any) -> None:
    """The re-test's result is final: the objection is decided; an overturned failure closes
    the disposal case."""
    before = audit.snapshot(objection)
    objection.retest_report = report
    objection.status = ObjectionStatus.DECIDED
    objection.outcome = (
        ObjectionOutcome.UPHELD if report.conclusion == previous else ObjectionOutcome.OVERTURNED
    )
    objection.save(update_fields=["retest_report", "status", "outcome", "updated_at"])
    audit.record_change(actor=actor, obj=objection, before=before, message="re-test concluded")
    if objection.outcome == ObjectionOutcome.OVERTURNED:
        disposal = Disposal.objects.filter(sample=objection.sample_id, status=DisposalStatus.OPEN).first()
        if disposal is not None:
            before = audit.snapshot(disposal)
            disposal.status = DisposalStatus.CLOSED
            disposal.closed_on = report.issued_on
            disposal.measures_taken = _("The re-test (report {number}) found the sample qualified.").format(
                number=report.number
            )
            disposal.save(update_fields=["status", "closed_on", "measures_taken", "updated_at"])
            audit.record_change(
                actor=actor, obj=disposal, before=before, message="closed: overturned by re-test"
            )


def archive_sample(sample: Sample, *, actor: Any) -> None:
    """The sample's conclusion in the archive of the producer and of the sampled unit: a failed
    supervision sample is serious for the producer (it counts in the risk class, domain rules
    §11) and minor for a seller that is not the producer; risk-monitoring findings are minor."""
    if sample.conclusion == Conclusion.PENDING:
        return
    failed = sample.conclusion == Conclusion.UNQUALIFIED
    label = str(Conclusion(sample.conclusion).label)
    summary = _("{programme} {number}: {product} {batch} — {conclusion}").format(
        programme=sample.get_programme_display(),
        number=sample.number,
        product=sample.product_name,
        batch=sample.batch_number or "",
        conclusion=label,
    )
    if failed and sample.failed_items:
        summary = f"{summary}（{sample.failed_items}）"
    details = {
        "sample": sample.number,
        "plan": sample.plan.number,
        "conclusion": sample.conclusion,
        "failed_items": sample.failed_items,
        "purpose": sample.purpose,
        "lot": sample.lot(),
    }
    parties: list[tuple[Any, str]] = []
    if sample.producer is not None:
        parties.append((sample.producer, "producer"))
    if sample.sampled_unit_id != sample.producer_id:
        parties.append((sample.sampled_unit, "sampled_unit"))
    for entity, role in parties:
        if not failed:
            severity = Severity.INFO
        elif role == "producer" and sample.purpose == Purpose.SUPERVISION:
            severity = Severity.SERIOUS
        else:
            severity = Severity.MINOR
        record_event(
            actor=actor,
            entity=entity,
            kind=CreditEventKind.SPOT_CHECK_RESULT,
            occurred_on=sample.reported_on or sample.sampled_on,
            summary=summary,
            severity=severity,
            source=sample,
            is_public=failed and sample.published_at is not None,
            details={**details, "role": role},
        )


def _serve_failure(sample: Sample, *, actor: Any, on: dt.date) -> None:
    """Notices of the failed result to the sampled unit and the producer; the objection window
    of each runs from the day it is received."""
    parties: list[tuple[str, Any]] = [(Party.SAMPLED_UNIT, sample.sampled_unit)]
    if sample.producer is not None and sample.producer_id != sample.sampled_unit_id:
        parties.append((Party.PRODUCER, sample.producer))
    for party, entity in parties:
        notice, created = SampleNotice.objects.get_or_create(
            sample=sample, party=party, defaults={"entity": entity, "sent_on": on}
        )
        if created:
            audit.record_change(actor=actor, obj=notice, before=None, message="sent")


def _handling_county(sample: Sample) -> Any:
    """Who the case is against and which county handles it: the producer and its county when it
    lies in the platform's city; else the sampled unit (the seller: 下架, its own duties) in the
    county sampled in; the producer's own bureau is told through the notice served on it."""
    from qualitycity.core.models.org import division_prefix

    city = division_prefix(settings.QCITY_CITY_CODE)
    producer = sample.producer
    if producer is not None and producer.county.code.startswith(city) and producer.county.is_county:
        return producer.county, producer
    return sample.county, sample.sampled_unit


def next_disposal_number(year: int) -> str:
    prefix = f"CZ-{year}-"
    last = (
        Disposal.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


def open_disposal(sample: Sample, *, actor: Any, on: dt.date) -> Disposal:
    """The disposal case of a failed sample (核查处置), with its deadline (rule book) and the lot."""
    existing = Disposal.objects.filter(sample=sample).first()
    if existing is not None:
        return existing
    county, entity = _handling_county(sample)
    try:
        due = rule_deadline("spotcheck-disposal-period", on)
    except CalendarNotAvailable:
        due = None
    department = Department.objects.filter(kind="market_supervision", division=county).first()
    user = actor if getattr(actor, "is_authenticated", False) else None
    disposal = Disposal.objects.create(
        number=next_disposal_number(on.year),
        sample=sample,
        entity=entity,
        county=county,
        department=department,
        opened_on=on,
        due_on=due,
        lot=sample.lot(),
        created_by=user,
        updated_by=user,
    )
    audit.record_change(actor=actor, obj=disposal, before=None, message="opened")
    return disposal
