"""Bulk import of cases exported from other systems (12315 platform, 12345 hotline): the
Chinese column names, per-row errors by row and column, the registration number kept on the
timeline, and the clocks counted from the date in the file."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext

from qualitycity.complaints.models import CaseAction, CaseClock, ComplaintCase
from qualitycity.core.choices import JobStatus
from qualitycity.core.models import Job
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db

HEADERS = [
    "投诉举报类型",
    "登记编号",
    "登记时间",
    "投诉人",
    "联系电话",
    "身份证号",
    "地址",
    "被投诉人/被举报人",
    "统一社会信用代码",
    "被投诉方地址",
    "商品或服务名称",
    "涉及金额",
    "投诉内容/事实",
    "诉求",
    "区县",
]


def _row(number: str, **over: str) -> list[str]:
    values = {
        "kind": "投诉",
        "number": number,
        "received": "2026-11-02 09:30",
        "name": "张小三",
        "phone": "13912345678",
        "id": "140525199001011234",
        "address": "晋城市泽州县南村镇1号",
        "respondent": "晋城市泽州县某某超市",
        "uscc": "",
        "respondent_address": "晋城市泽州县南村镇8号",
        "subject": "月饼",
        "amount": "88元",
        "facts": "购买的月饼已过保质期。",
        "request": "退款",
        "county": "泽州县",
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
def upload(login, django_capture_on_commit_callbacks, run_worker):
    def _upload(path: Path, who: str = "staff") -> Job:
        client = login(who)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/complaints/cases/import/", {"file": SimpleUploadedFile(path.name, path.read_bytes())}
            )
        assert response.status_code == 302, response.content.decode()[:2000]
        run_worker()
        return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))

    return _upload


@pytest.fixture
def confirm(login, django_capture_on_commit_callbacks, run_worker):
    def _confirm(job: Job, mode: str, who: str = "staff") -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            response = login(who).post(f"/jobs/{job.pk}/confirm/", {"mode": mode})
        assert response.status_code == 302
        run_worker()
        job.refresh_from_db()
        return job

    return _confirm


def test_a_case_file_imports_with_chinese_headers(tmp_path, upload, confirm) -> None:
    shop = entity("140581")
    rows = [
        _row("12315-0001"),
        _row("12315-0002", kind="举报", name="", phone="", id="", address="", received="2026年11月3日"),
        _row("12315-0003", kind="投诉举报", uscc=shop.uscc, respondent="", county="", received="20261104"),
    ]
    job = upload(_xlsx(tmp_path / "导出.xlsx", rows))
    assert job.status == JobStatus.AWAITING_CONFIRMATION, job.result
    assert (job.result["total"], job.result["valid"], job.result["invalid"]) == (3, 3, 0), job.result[
        "errors"
    ]
    assert job.result["unknown_headers"] == []
    assert not ComplaintCase.objects.exists()  # the check writes nothing

    job = confirm(job, "all_or_nothing")
    assert job.status == JobStatus.SUCCEEDED, job.result
    first = CaseAction.objects.get(action="imported", note="12315-0001").case
    assert (first.kind, first.channel, first.received_on) == ("complaint", "import", dt.date(2026, 11, 2))
    assert (first.county.code, first.handling_department.code) == ("140525", "samr-zz")
    assert first.amount == 88
    clock = CaseClock.objects.get(case=first, name="accept")
    assert (clock.started_on, clock.due_on) == (dt.date(2026, 11, 2), dt.date(2026, 11, 11))
    tip_off = CaseAction.objects.get(action="imported", note="12315-0002").case
    assert (tip_off.kind, tip_off.received_on) == ("tip_off", dt.date(2026, 11, 3))
    assert CaseClock.objects.get(case=tip_off).name == "verify"
    both = [
        a.case for a in CaseAction.objects.filter(action="imported", note="12315-0003").order_by("case__pk")
    ]
    assert [c.kind for c in both] == ["complaint", "tip_off"]
    assert {(c.respondent, c.county.code, c.received_on) for c in both} == {
        (shop, "140581", dt.date(2026, 11, 4))
    }
    assert ComplaintCase.objects.count() == 4


def test_bad_rows_are_reported_by_row_and_column(tmp_path, upload, confirm) -> None:
    rows = [
        _row("A-1"),
        _row("A-2", received="2026年13月1日"),
        _row("A-3", request=""),
        _row("A-4", uscc="91140500MA0ABCDEF1"),
        _row("A-5", amount="八十八元"),
        _row("A-6", kind="咨询"),
        _row("A-1"),
        _row("A-8", county="火星县"),
    ]
    job = upload(_xlsx(tmp_path / "errors.xlsx", rows))
    assert job.status == JobStatus.AWAITING_CONFIRMATION, job.result
    assert (job.result["valid"], job.result["invalid"]) == (1, 7)
    errors = {(e["row"], e["column"]) for e in job.result["errors"]}
    assert errors == {
        (3, "登记时间"),
        (4, "诉求"),
        (5, "统一社会信用代码"),
        (6, "涉及金额"),
        (7, "投诉举报类型"),
        (8, "登记编号"),
        (9, "区县"),
    }
    messages = {e["row"]: e["message"] for e in job.result["errors"]}
    assert messages[4] == gettext("This field is required.")
    assert messages[8] == gettext("Same {field} as row {row}.").format(
        field=gettext("registration number"), row=2
    )
    assert "火星县" in messages[9]

    job = confirm(job, "valid_rows")
    assert job.status == JobStatus.SUCCEEDED, job.result
    assert job.result_file.endswith("rejected.xlsx")
    assert list(CaseAction.objects.filter(action="imported").values_list("note", flat=True)) == ["A-1"]


def test_a_number_already_imported_is_refused(tmp_path, upload, confirm) -> None:
    path = _xlsx(tmp_path / "once.xlsx", [_row("B-1")])
    assert confirm(upload(path), "all_or_nothing").status == JobStatus.SUCCEEDED
    again = upload(path)
    assert again.result["invalid"] == 1
    number = ComplaintCase.objects.get().number
    assert again.result["errors"][0]["message"] == gettext("Already imported as case {number}.").format(
        number=number
    )


def test_a_county_officer_imports_only_cases_of_their_county(tmp_path, upload, confirm) -> None:
    rows = [_row("C-1"), _row("C-2", county="高平市")]
    job = upload(_xlsx(tmp_path / "county.xlsx", rows), who="zezhou")
    assert (job.result["valid"], job.result["invalid"]) == (1, 1)
    assert job.result["errors"][0]["row"] == 3
    job = confirm(job, "valid_rows", who="zezhou")
    assert job.status == JobStatus.SUCCEEDED
    assert ComplaintCase.objects.get().county.code == "140525"


def test_the_import_page_lists_the_columns_and_offers_a_template(login) -> None:
    from python_calamine import CalamineWorkbook

    from qualitycity.complaints.forms import ComplaintCaseImportForm

    staff = login("staff")
    page = staff.get("/complaints/cases/import/").content.decode()
    assert "被投诉人/被举报人" in page
    response = staff.get("/complaints/cases/import/?template=1")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    headers = book.get_sheet_by_index(0).to_python()[0]
    assert headers == [str(f.label) for f in ComplaintCaseImportForm.base_fields.values()]
    assert login("leader").get("/complaints/cases/import/").status_code == 403
