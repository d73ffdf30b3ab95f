"""Progress reports: periods and due dates, the expected reports, the department's draft and
submission (evidence and unit checks), the bureau's return and acceptance, late and missing
reports, the pages and the to-dos."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext

from qualitycity.core import todo
from qualitycity.core.services import add_workdays
from qualitycity.plan import indicators, reports
from qualitycity.plan.choices import IndicatorStatus, ReportStatus
from qualitycity.plan.models import ProgressReport
from qualitycity.plan.tests import factories as f

pytestmark = pytest.mark.django_db


class BigFile:
    """An upload that says it is 200 MB without holding it."""

    name = "证明材料.pdf"
    size = 200 * 1024 * 1024


def test_periods_by_frequency() -> None:
    assert [p.code for p in reports.periods(2026, "quarterly")] == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert len(reports.periods(2026, "monthly")) == 12
    assert reports.periods(2026, "half_yearly")[1].start == dt.date(2026, 7, 1)
    assert reports.parse_period("2026-Q3").end == dt.date(2026, 9, 30)
    assert reports.parse_period("2026-02").end == dt.date(2026, 2, 28)
    assert reports.period_containing(dt.date(2026, 5, 5), "quarterly").code == "2026-Q2"
    assert reports.last_ended_period(dt.date(2026, 5, 5), "quarterly").code == "2026-Q1"
    with pytest.raises(ValidationError):
        reports.parse_period("2026-Q5")


def test_due_date_is_ten_working_days_after_the_period() -> None:
    end = dt.date(2026, 3, 31)
    assert reports.due_on(end) == add_workdays(end, 10)
    assert reports.due_on(end) > end + dt.timedelta(days=13)


def test_ensure_reports_one_per_measure_and_department() -> None:
    p = f.plan()
    f.measure(p, 3, lead="gxj", co=("samr-jc", "fgw"))
    f.measure(p, 4, lead="samr-jc", co=())
    made = reports.ensure_reports(p, "2024-Q1")
    assert len(made) == 4
    assert made[0].department.code == "gxj"
    assert reports.ensure_reports(p, "2024-Q1") == made
    assert ProgressReport.objects.count() == 4


def test_department_submits_and_bureau_returns_then_accepts(cast) -> None:
    p = f.plan()
    m = f.measure(p)
    ind = f.indicator(p, "gs", measure=m, target_value=Decimal("100"), unit="家")
    report = f.report(m)
    reporter = cast("reporter_gxj")
    staff = cast("staff")
    value = reports.ValueInput(ind, Decimal("60"), "家")
    evidence = SimpleUploadedFile("台账.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    reports.save_draft(report, actor=reporter, work_done="开展质量提升行动", values=[value], files=[evidence])
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.attachments.count() == 1
    reports.submit(report, actor=reporter, values=[value])
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == reporter
    # not accepted yet: the indicator has no data
    assert indicators.current(ind, on=dt.date(2024, 4, 30)).status == IndicatorStatus.NO_DATA
    with pytest.raises(ValidationError):
        reports.return_report(report, actor=staff, comment="  ")
    reports.return_report(report, actor=staff, comment="请补充证明材料")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    reports.submit(report, actor=reporter, values=[reports.ValueInput(ind, Decimal("70"), "家")])
    with pytest.raises(ValidationError):
        reports.accept(report, actor=staff, quality_score=101)
    reports.accept(report, actor=staff, quality_score=85)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert report.quality_score == 85
    now = indicators.current(ind, on=dt.date(2024, 4, 30))
    assert now.value == Decimal("70")
    assert now.as_of == dt.date(2024, 3, 31)
    assert now.drill_url == f"/plan/reports/{report.pk}/"
    with pytest.raises(ValidationError):
        reports.save_draft(report, actor=reporter, work_done="改")


def test_only_the_reports_department_may_fill_it(cast) -> None:
    p = f.plan()
    m = f.measure(p, lead="fgw", co=())
    report = f.report(m, department="fgw")
    with pytest.raises(PermissionDenied):
        reports.submit(report, actor=cast("reporter_gxj"), work_done="x")
    gxj_report = f.report(f.measure(p, 5), period="2024-Q2")
    with pytest.raises(PermissionDenied):
        reports.accept(gxj_report, actor=cast("reporter_gxj"), quality_score=90)


def test_wrong_unit_and_bad_evidence_are_refused(cast) -> None:
    p = f.plan()
    m = f.measure(p)
    ind = f.indicator(p, "gs", name="规上工业企业数", measure=m, unit="家")
    report = f.report(m)
    reporter = cast("reporter_gxj")
    with pytest.raises(ValidationError) as wrong_unit:
        reports.submit(
            report, actor=reporter, work_done="x", values=[reports.ValueInput(ind, Decimal("5"), "%")]
        )
    message = wrong_unit.value.message_dict["values"][0]
    assert "规上工业企业数" in message
    assert "“%”" in message
    assert "“家”" in message
    only_pdf = gettext(
        "{name}: only pdf, jpg, png, docx, xlsx and ofd files are accepted as evidence."
    ).format(name="a.exe")
    with pytest.raises(ValidationError, match=re.escape(only_pdf)):
        reports.submit(report, actor=reporter, work_done="x", files=[SimpleUploadedFile("a.exe", b"MZ")])
    too_large = gettext("{name} is {mb} MB; evidence files may be at most 20 MB.").format(
        name=BigFile.name, mb=200.0
    )
    with pytest.raises(ValidationError, match=re.escape(too_large)):
        reports.submit(report, actor=reporter, work_done="x", files=[BigFile()])
    other = f.indicator(p, "fg", department="fgw")
    not_reported = gettext("{indicator} is not a reported indicator of {department}.").format(
        indicator=other.name, department=report.department
    )
    with pytest.raises(ValidationError, match=re.escape(not_reported)):
        reports.submit(
            report, actor=reporter, work_done="x", values=[reports.ValueInput(other, Decimal("1"), "家")]
        )
    with pytest.raises(ValidationError):
        reports.submit(report, actor=reporter, work_done="")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.attachments.count() == 0


def test_late_and_missing(cast) -> None:
    p = f.plan()
    m = f.measure(p)
    missing = f.report(m, period="2024-Q1")
    late = f.report(m, period="2024-Q2")
    late.work_done = "x"
    late.save()
    reports.submit(late, actor=cast("reporter_gxj"))
    late.refresh_from_db()
    qs = ProgressReport.objects.all()
    assert list(reports.missing_reports(qs)) == [missing]
    assert reports.is_missing(missing)
    assert list(reports.late_reports(qs)) == [late]  # submitted today, long after its due date
    on_time = f.report(m, period=f"{timezone.localdate().year + 1}-Q1")
    assert not reports.is_missing(on_time)


def test_report_pages_and_todos(login, cast, tmp_path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path
    p = f.plan()
    m = f.measure(p)
    ind = f.indicator(p, "gs", measure=m, unit="家")
    report = f.report(m)
    other = f.report(f.measure(p, 5, lead="fgw", co=()), department="fgw")
    reporter = login("reporter_gxj")
    titles = [i.title for i in todo.items_for(cast("reporter_gxj"))]
    assert "Overdue progress reports" in titles
    page = reporter.get("/plan/my-reports/")
    assert page.status_code == 200
    assert report.measure.title in page.content.decode()
    assert reporter.get(f"/plan/reports/{other.pk}/").status_code == 404
    assert reporter.get(f"/plan/reports/{other.pk}/fill/").status_code == 404
    wrong = reporter.post(
        f"/plan/reports/{report.pk}/fill/",
        {"work_done": "做了", f"value_{ind.pk}": "5", f"unit_{ind.pk}": "个", "submit": "1"},
    )
    assert wrong.status_code == 400
    assert "“个”" in wrong.content.decode()
    ok = reporter.post(
        f"/plan/reports/{report.pk}/fill/",
        {
            "work_done": "做了",
            f"value_{ind.pk}": "5",
            f"unit_{ind.pk}": "家",
            "evidence": SimpleUploadedFile("证明.pdf", b"%PDF-1.4"),
            "submit": "1",
        },
    )
    assert ok.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    attachment = report.attachments.get()
    assert reporter.get(f"/plan/reports/{report.pk}/evidence/{attachment.pk}/").status_code == 200
    staff = login("staff")
    assert any(i.title == "Progress reports awaiting review" for i in todo.items_for(cast("staff")))
    assert any(i.title == "Missing progress reports" for i in todo.items_for(cast("leader")))
    assert staff.get(f"/plan/reports/{report.pk}/review/").status_code == 200
    assert reporter.get(f"/plan/reports/{report.pk}/review/").status_code == 403
    assert staff.post(f"/plan/reports/{report.pk}/review/", {"decision": "return"}).status_code == 400
    assert (
        staff.post(
            f"/plan/reports/{report.pk}/review/", {"decision": "accept", "quality_score": "90"}
        ).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    listing = staff.get(f"/plan/reports/late-and-missing/?plan={p.pk}").content.decode()
    assert f"/plan/reports/{other.pk}/" in listing
    assert (
        staff.post(f"/plan/reports/late-and-missing/?plan={p.pk}", {"period": "2024-Q3"}).status_code == 302
    )
    assert ProgressReport.objects.filter(plan=p, period="2024-Q3").count() == 3
    assert reporter.get("/plan/reports/late-and-missing/").status_code == 403
    assert login("leader").post("/plan/reports/late-and-missing/", {"period": "2024-Q4"}).status_code == 403
    measure_page = staff.get(f"/plan/measures/{m.pk}/").content.decode()
    assert "2024-Q1" in measure_page
