"""The generic screens of the random-inspection module: the check-item list import with the
column names of published lists, the plan's ratios, the inspector pool."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext
from python_calamine import CalamineWorkbook

from qualitycity.core.choices import JobStatus
from qualitycity.core.models import AuditRecord, Department, Division, Job
from qualitycity.inspections.models import CheckItem, Draw, InspectionPlan, InspectionTask, Inspector

pytestmark = pytest.mark.django_db

HEADERS = [
    "编号",
    "抽查事项名称",
    "抽查子项",
    "抽查依据",
    "抽查主体",
    "抽查对象",
    "抽查比例",
    "抽查频次",
    "抽查方式",
    "检查人员要求",
    "事项类别",
    "部门",
]


def _row(number: str, department: str = "晋城市市场监督管理局", **over: str) -> list[str]:
    values = {
        "number": number,
        "name": "企业公示信息情况的检查",
        "sub_item": "年度报告公示信息的检查",
        "legal_basis": "《企业信息公示暂行条例》第三条",
        "body": "市场监管部门",
        "target": "企业",
        "ratio": "5%",
        "frequency": "每年1次",
        "method": "书面检查、实地核查",
        "requirements": "2名以上执法人员",
        "weight": "重点",
        "department": department,
    }
    values.update(over)
    return list(values.values())


def _xlsx(path: Path, rows: list[list[str]], headers: list[str] = HEADERS) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            sheet.write_string(i, j, value)
    book.close()
    return path


@pytest.fixture
def staff(login):
    return login("staff")


@pytest.fixture
def upload(staff, django_capture_on_commit_callbacks, run_worker):
    """Post a file to an import page (the check items' by default) and run the checking job."""

    def _upload(path: Path, url: str = "/inspections/check-items/import/") -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            response = staff.post(url, {"file": SimpleUploadedFile(path.name, path.read_bytes())})
        assert response.status_code == 302, response.content.decode()[:2000]
        run_worker()
        return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))

    return _upload


@pytest.fixture
def confirm(staff, django_capture_on_commit_callbacks, run_worker):
    def _confirm(job: Job, mode: str) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            response = staff.post(f"/jobs/{job.pk}/confirm/", {"mode": mode})
        assert response.status_code == 302
        run_worker()
        job.refresh_from_db()
        return job

    return _confirm


def test_check_item_list_imports_with_chinese_headers(tmp_path, upload, confirm) -> None:
    rows = [
        _row("SJ-001"),
        _row("SJ-002", department="市市场监管局", weight="一般", ratio="3%", frequency=""),
        _row("SJ-003", department="samr-zz", sub_item="", ratio="", frequency="每两年1次"),
    ]
    job = upload(_xlsx(tmp_path / "清单.xlsx", rows))
    assert job.status == JobStatus.AWAITING_CONFIRMATION, job.result
    assert (job.result["total"], job.result["valid"], job.result["invalid"]) == (3, 3, 0)
    assert job.result["unknown_headers"] == []
    assert CheckItem.objects.count() == 0

    job = confirm(job, "all_or_nothing")
    assert job.status == JobStatus.SUCCEEDED, job.result
    assert job.result["created"] == 3
    first = CheckItem.objects.get(number="SJ-001")
    assert first.department == Department.objects.get(code="samr-jc")
    assert first.name == "企业公示信息情况的检查"
    assert first.sub_item == "年度报告公示信息的检查"
    assert first.legal_basis == "《企业信息公示暂行条例》第三条"
    assert first.inspecting_body == "市场监管部门"
    assert first.target_type == "企业"
    assert first.check_method == "书面检查、实地核查"
    assert first.inspector_requirements == "2名以上执法人员"
    assert first.ratio_and_frequency == "5%，每年1次"
    assert first.weight == "key"
    assert first.is_active is True
    second = CheckItem.objects.get(number="SJ-002")
    assert (second.department.code, second.weight, second.ratio_and_frequency) == ("samr-jc", "general", "3%")
    third = CheckItem.objects.get(number="SJ-003")
    assert (third.department.code, third.sub_item, third.ratio_and_frequency) == ("samr-zz", "", "每两年1次")
    assert AuditRecord.objects.filter(action="create", object_type="inspections.checkitem").count() == 3


def test_bad_check_item_rows_are_reported_by_row_and_column(tmp_path, upload, confirm) -> None:
    CheckItem.objects.create(
        department=Department.objects.get(code="samr-jc"),
        number="SJ-009",
        name="已有事项",
        sub_item="年度报告公示信息的检查",
        legal_basis="x",
        inspecting_body="x",
        target_type="x",
        check_method="x",
    )
    rows = [
        _row("SJ-001"),
        _row("SJ-002", department="火星市场监督管理局"),
        _row("SJ-003", legal_basis=""),
        _row("SJ-004", weight="特别重点"),
        _row("SJ-009"),
    ]
    job = upload(_xlsx(tmp_path / "errors.xlsx", rows))
    assert job.status == JobStatus.AWAITING_CONFIRMATION, job.result
    assert (job.result["valid"], job.result["invalid"]) == (1, 4)
    errors = {(e["row"], e["column"]) for e in job.result["errors"]}
    assert errors == {(3, "部门"), (4, "抽查依据"), (5, "事项类别"), (6, "")}
    messages = {e["row"]: e["message"] for e in job.result["errors"]}
    assert "火星市场监督管理局" in messages[3]
    assert messages[4] == gettext("This field is required.")

    job = confirm(job, "valid_rows")
    assert job.status == JobStatus.SUCCEEDED
    assert sorted(CheckItem.objects.values_list("number", flat=True)) == ["SJ-001", "SJ-009"]


def _plan_data(**ratios: str) -> dict[str, str]:
    data = {
        "department": str(Department.objects.get(code="samr-jc").pk),
        "year": "2026",
        "name": "2026年度双随机抽查计划",
        "ratio_a": "3",
        "ratio_b": "5",
        "ratio_c": "10",
        "ratio_d": "30",
        "ratio_unclassified": "5",
        "inspectors_per_target": "2",
        "note": "",
    }
    data.update(ratios)
    return data


def test_plan_ratios_are_saved_per_risk_class(staff) -> None:
    response = staff.post("/inspections/plans/add/", _plan_data(ratio_b="2.50", ratio_unclassified="0"))
    assert response.status_code == 302, response.context["form"].errors
    plan = InspectionPlan.objects.get()
    assert plan.ratios == {"A": "3", "B": "2.5", "C": "10", "D": "30", "-": "0"}
    page = staff.get(f"/inspections/plans/{plan.pk}/edit/").content.decode()
    assert 'name="ratio_b" value="2.5"' in page


def test_plan_form_refuses_a_ratio_over_100_naming_the_class(staff) -> None:
    response = staff.post("/inspections/plans/add/", _plan_data(ratio_a="120"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["ratio_a"]
    assert errors["ratio_a"] == [
        gettext("The sampling ratio of {risk_class} must be between 0 and 100 percent.").format(
            risk_class=gettext("class {code}").format(code="A")
        )
    ]
    assert not InspectionPlan.objects.exists()


def test_plan_form_refuses_more_than_two_decimals_naming_the_class(staff) -> None:
    response = staff.post("/inspections/plans/add/", _plan_data(ratio_c="3.333", ratio_unclassified="3.333"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert sorted(errors) == ["ratio_c", "ratio_unclassified"]
    message = gettext("The sampling ratio of {risk_class} may have at most two decimals.")
    assert errors["ratio_c"] == [message.format(risk_class=gettext("class {code}").format(code="C"))]
    assert errors["ratio_unclassified"] == [message.format(risk_class=gettext("unclassified entities"))]
    assert not InspectionPlan.objects.exists()


def _inspector(code: str, expiry: dt.date) -> Inspector:
    return Inspector.objects.create(
        code=code,
        name=f"检查员{code}",
        department=Department.objects.get(code="samr-zz"),
        county=Division.objects.get(code="140525"),
        certificate_number=f"CERT-{code}",
        certificate_expiry=expiry,
    )


def test_expired_certificate_is_flagged_in_the_inspector_list(staff) -> None:
    today = timezone.localdate()
    _inspector("ZZ-001", today - dt.timedelta(days=1))
    _inspector("ZZ-002", today)
    page = staff.get("/inspections/inspectors/").content.decode()
    rows = {code: row for row in page.split("<tr>") for code in ("ZZ-001", "ZZ-002") if code in row}
    assert gettext("⚠ Expired") in rows["ZZ-001"]
    assert gettext("⚠ Expired") not in rows["ZZ-002"]
    assert gettext("Valid") in rows["ZZ-002"]
    expired = staff.get("/inspections/inspectors/?certificate_expired=true").content.decode()
    assert "ZZ-001" in expired
    assert "ZZ-002" not in expired


def test_inspector_phone_is_masked_in_the_list_and_page(staff) -> None:
    inspector = _inspector("ZZ-003", dt.date(2030, 1, 1))
    inspector.phone = "13812345678"
    inspector.save(update_fields=["phone"])
    listing = staff.get("/inspections/inspectors/?columns=code&columns=phone").content.decode()
    page = staff.get(f"/inspections/inspectors/{inspector.pk}/").content.decode()
    assert "13812345678" not in listing
    assert "13812345678" not in page


def test_draw_page_keeps_the_seed_sealed_until_the_draw(staff) -> None:
    city = Department.objects.get(code="samr-jc")
    plan = InspectionPlan.objects.create(department=city, year=2026, name="计划")
    task = InspectionTask.objects.create(
        number="T-1",
        name="任务",
        plan=plan,
        lead_department=city,
        start_date=dt.date(2026, 3, 1),
        end_date=dt.date(2026, 6, 30),
        status="approved",
    )
    seed = "ab" * 32
    draw = Draw.objects.create(
        task=task,
        algorithm="qcity-draw-v1",
        seed=seed,
        commitment=hashlib.sha256(seed.encode()).hexdigest(),
        committed_at=timezone.now(),
    )
    page = staff.get(f"/inspections/draws/{draw.pk}/").content.decode()
    assert draw.commitment in page
    assert seed not in page
    assert seed not in staff.get("/inspections/draws/?columns=task&columns=seed").content.decode()
    draw.drawn_at = timezone.now()
    draw.save(update_fields=["drawn_at"])
    assert seed in staff.get(f"/inspections/draws/{draw.pk}/").content.decode()


INSPECTOR_HEADERS = [
    "检查人员编号",
    "姓名",
    "部门",
    "所属区县",
    "执法证号",
    "执法证有效期",
    "联系电话",
    "状态",
]


def test_inspector_pool_imports_and_updates_by_code(tmp_path, upload, confirm) -> None:
    rows = [
        ["ZZ-101", "王检查", "泽州县市场监管局", "140525", "14052500101", "2027年6月30日", "13800000001", ""],
        ["ZZ-102", "赵检查", "samr-zz", "泽州县", "14052500102", "2024-01-31", "", "on_leave"],
    ]
    url = "/inspections/inspectors/import/"
    job = upload(_xlsx(tmp_path / "名录库.xlsx", rows, INSPECTOR_HEADERS), url)
    assert (job.result["valid"], job.result["invalid"]) == (2, 0), job.result
    job = confirm(job, "all_or_nothing")
    assert job.result["created"] == 2
    first = Inspector.objects.get(code="ZZ-101")
    assert first.department.code == "samr-zz"
    assert first.county is not None
    assert first.county.code == "140525"
    assert first.certificate_expiry == dt.date(2027, 6, 30)
    assert (first.status, Inspector.objects.get(code="ZZ-102").status) == ("active", "on_leave")

    rows[0][5] = "2029年6月30日"
    job = confirm(
        upload(_xlsx(tmp_path / "名录库2.xlsx", rows[:1], INSPECTOR_HEADERS), url), "all_or_nothing"
    )
    assert (job.result["created"], job.result["updated"]) == (0, 1)
    first.refresh_from_db()
    assert first.certificate_expiry == dt.date(2029, 6, 30)


def test_inspector_export_flags_expired_certificates(staff) -> None:
    _inspector("ZZ-001", timezone.localdate() - dt.timedelta(days=1))
    response = staff.get("/inspections/inspectors/?export=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert len(rows) == 2
    assert gettext("⚠ Expired") in rows[1]
