"""Entity import and export through the core machinery, with the real task worker."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from qualitycity.core.choices import JobStatus
from qualitycity.core.models import AuditRecord, Job
from qualitycity.registry.models import Entity
from qualitycity.registry.search import search_entities
from qualitycity.registry.tests.factories import entity, make_uscc

pytestmark = pytest.mark.django_db

HEADERS = [
    "统一社会信用代码",
    "企业名称",
    "类型",
    "法定代表人",
    "成立日期",
    "登记状态",
    "住所",
    "所属区县",
    "行业代码",
]


def _xlsx(rows: list[list[object]], headers: list[str] = HEADERS) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            sheet.write_string(i, j, str(value)) if isinstance(value, str) else sheet.write(i, j, value)
    book.close()
    return buffer.getvalue()


def _row(uscc: str, name: str, county: str = "140525", **over: str) -> list[object]:
    values = {
        "uscc": uscc,
        "name": name,
        "type": "企业",
        "rep": "王五",
        "date": "2023年5月1日",
        "status": "存续",
        "address": "泽州县南村镇",
        "county": county,
        "industry": "C3391",
    }
    values.update(over)
    return list(values.values())


def _upload(client, content: bytes, name: str, django_capture_on_commit_callbacks, run_worker) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/registry/market-entities/import/", {"file": SimpleUploadedFile(name, content)}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    run_worker()
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def _confirm(client, job: Job, mode: str, django_capture_on_commit_callbacks, run_worker) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/jobs/{job.pk}/confirm/", {"mode": mode})
    assert response.status_code == 302
    run_worker()
    job.refresh_from_db()
    return job


@pytest.fixture
def staff(login):
    return login("staff")


def test_valid_file_is_checked_then_imported(staff, django_capture_on_commit_callbacks, run_worker) -> None:
    rows = [_row(make_uscc(), f"晋城市泽州县导入{i}铸造有限公司") for i in range(3)]
    job = _upload(staff, _xlsx(rows), "register.xlsx", django_capture_on_commit_callbacks, run_worker)
    assert job.status == JobStatus.AWAITING_CONFIRMATION
    assert (job.result["total"], job.result["valid"], job.result["invalid"]) == (3, 3, 0)
    assert Entity.objects.count() == 0
    page = staff.get(f"/jobs/{job.pk}/").content.decode()
    assert "导入全部" in page or "Import all rows" in page
    job = _confirm(staff, job, "all_or_nothing", django_capture_on_commit_callbacks, run_worker)
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["created"] == 3
    created = Entity.objects.get(name="晋城市泽州县导入0铸造有限公司")
    assert created.date_established.isoformat() == "2023-05-01"
    assert created.industry.code == "3391"
    assert created.registration_status == "existing"
    assert AuditRecord.objects.filter(action="create", object_type="registry.entity").count() == 3
    assert AuditRecord.objects.filter(action="import").count() == 1


def test_imported_entities_are_found_by_name_part_and_pinyin_initials(
    staff, django_capture_on_commit_callbacks, run_worker
) -> None:
    rows = [_row(make_uscc(), f"晋城市泽州县丹河{i}铸造有限公司") for i in range(3)]
    job = _upload(staff, _xlsx(rows), "register.xlsx", django_capture_on_commit_callbacks, run_worker)
    job = _confirm(staff, job, "valid_rows", django_capture_on_commit_callbacks, run_worker)
    assert job.result["created"] == 3
    # the search index was filled at the end of the import, and its insert trigger is back
    assert search_entities(Entity.objects.all(), "丹河1铸造").count() == 1
    assert search_entities(Entity.objects.all(), "jcszzxdh").count() == 3
    later = entity(name="晋城市泽州县丹河后来铸造有限公司")
    assert list(search_entities(Entity.objects.all(), "丹河后来")) == [later]


def test_rows_with_errors_are_named_and_rejected(
    staff, django_capture_on_commit_callbacks, run_worker
) -> None:
    good = make_uscc()
    rows = [
        _row(good, "晋城市泽州县正确铸造有限公司"),
        _row("91140525MA0000000X", "校验位错误有限公司"),
        _row(make_uscc(), "未知区县有限公司", county="999999"),
        _row(make_uscc(), "行业层级错误有限公司", industry="C33"),
        _row(good.lower(), "重复代码有限公司"),
        _row(make_uscc(), "日期错误有限公司", date="2023年13月1日"),
    ]
    job = _upload(staff, _xlsx(rows), "errors.xlsx", django_capture_on_commit_callbacks, run_worker)
    assert job.status == JobStatus.AWAITING_CONFIRMATION
    assert (job.result["valid"], job.result["invalid"]) == (1, 5)
    errors = {(e["row"], e["column"]) for e in job.result["errors"]}
    assert errors == {
        (3, "统一社会信用代码"),
        (4, "所属区县"),
        (5, "行业代码"),
        (6, "统一社会信用代码"),
        (7, "成立日期"),
    }
    messages = {e["row"]: e["message"] for e in job.result["errors"]}
    assert "18" in messages[3]
    assert "第 2 行" in messages[6] or "row 2" in messages[6]
    assert "小类" in messages[5]
    # all-or-nothing is not offered, and is refused if forced
    staff.post(f"/jobs/{job.pk}/confirm/", {"mode": "all_or_nothing"})
    job.refresh_from_db()
    assert job.status == JobStatus.AWAITING_CONFIRMATION
    job = _confirm(staff, job, "valid_rows", django_capture_on_commit_callbacks, run_worker)
    assert job.status == JobStatus.SUCCEEDED
    assert list(Entity.objects.values_list("uscc", flat=True)) == [good]
    rejects = CalamineWorkbook.from_path(job.result_file).get_sheet_by_index(0).to_python()
    assert len(rejects) == 6
    assert rejects[0][-1] in ("错误原因", "Errors")
    assert rejects[1][0] == "91140525MA0000000X"
    download = staff.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200


def test_all_or_nothing_writes_nothing_when_a_row_fails_at_commit(
    login, django_capture_on_commit_callbacks, run_worker
) -> None:
    from qualitycity.core.models import Division

    client = login("zezhou")
    taken = entity("140525")
    rows = [_row(make_uscc(), "晋城市泽州县甲铸造有限公司"), _row(taken.uscc, "晋城市泽州县乙铸造有限公司")]
    job = _upload(client, _xlsx(rows), "race.xlsx", django_capture_on_commit_callbacks, run_worker)
    assert job.result["invalid"] == 0
    # between the check and the commit, the entity of row 3 moves to another county
    Entity.objects.filter(pk=taken.pk).update(county=Division.objects.get(code="140581"))
    job = _confirm(client, job, "all_or_nothing", django_capture_on_commit_callbacks, run_worker)
    assert job.status == JobStatus.FAILED
    assert job.result["committed"] is False
    assert Entity.objects.count() == 1
    assert not AuditRecord.objects.filter(action="create", object_type="registry.entity").exists()


def test_county_officer_cannot_import_into_another_county(
    login,
    django_capture_on_commit_callbacks,
    run_worker,
) -> None:
    client = login("zezhou")
    rows = [
        _row(make_uscc(), "晋城市泽州县本县有限公司"),
        _row(make_uscc("140581"), "高平市外县有限公司", county="140581"),
    ]
    job = _upload(client, _xlsx(rows), "county.xlsx", django_capture_on_commit_callbacks, run_worker)
    assert (job.result["valid"], job.result["invalid"]) == (1, 1)
    assert job.result["errors"][0]["row"] == 3
    job = _confirm(client, job, "all_or_nothing", django_capture_on_commit_callbacks, run_worker)
    assert job.status == JobStatus.AWAITING_CONFIRMATION  # refused: the file has invalid rows
    job = _confirm(client, job, "valid_rows", django_capture_on_commit_callbacks, run_worker)
    assert list(Entity.objects.values_list("county__code", flat=True)) == ["140525"]


def test_reimport_updates_and_records_the_change(
    staff, django_capture_on_commit_callbacks, run_worker
) -> None:
    existing = entity("140525", name="晋城市泽州县旧名称有限公司")
    rows = [_row(existing.uscc, "晋城市泽州县新名称有限公司")]
    job = _upload(staff, _xlsx(rows), "update.xlsx", django_capture_on_commit_callbacks, run_worker)
    assert (job.result["created"], job.result["updated"]) == (0, 1)
    _confirm(staff, job, "all_or_nothing", django_capture_on_commit_callbacks, run_worker)
    existing.refresh_from_db()
    assert existing.name == "晋城市泽州县新名称有限公司"
    rec = AuditRecord.objects.get(action="update", object_id=str(existing.pk))
    assert rec.changes["name"] == ["晋城市泽州县旧名称有限公司", "晋城市泽州县新名称有限公司"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_every_office_encoding(
    staff, encoding, django_capture_on_commit_callbacks, run_worker
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerow(_row(make_uscc(), "晋城市泽州县编码测试铸造有限公司", date="2021/3/9"))
    job = _upload(
        staff,
        buffer.getvalue().encode(encoding),
        "register.csv",
        django_capture_on_commit_callbacks,
        run_worker,
    )
    assert job.result["valid"] == 1, job.result


def test_a_png_named_xlsx_is_refused_in_chinese(
    staff, django_capture_on_commit_callbacks, run_worker
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    job = _upload(staff, png, "register.xlsx", django_capture_on_commit_callbacks, run_worker)
    assert job.status == JobStatus.FAILED
    assert job.result["file_error"]
    assert Entity.objects.count() == 0


def test_missing_required_columns_are_listed(staff, django_capture_on_commit_callbacks, run_worker) -> None:
    job = _upload(
        staff, _xlsx([["x"]], headers=["备注"]), "wrong.xlsx", django_capture_on_commit_callbacks, run_worker
    )
    assert job.status == JobStatus.FAILED
    assert "统一社会信用代码" in job.result["file_error"]
    assert "主体名称" in job.result["file_error"]


def test_merged_cells_are_refused(staff, django_capture_on_commit_callbacks, run_worker) -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    sheet.write_row(1, 0, _row(make_uscc(), "甲有限公司"))
    sheet.merge_range(2, 7, 3, 7, "140525")
    book.close()
    job = _upload(staff, buffer.getvalue(), "merged.xlsx", django_capture_on_commit_callbacks, run_worker)
    assert job.status == JobStatus.FAILED
    assert "H" in job.result["file_error"]


def test_empty_upload_is_refused_by_the_form(staff) -> None:
    response = staff.post("/registry/market-entities/import/", {"file": SimpleUploadedFile("e.xlsx", b"")})
    assert response.status_code == 400
    assert Job.objects.count() == 0


def test_template_has_the_form_columns(staff) -> None:
    response = staff.get("/registry/market-entities/import/?template=1")
    content = b"".join(response.streaming_content)
    path = Path(pytest.importorskip("tempfile").mkstemp(suffix=".xlsx")[1])
    path.write_bytes(content)
    header = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[0]
    assert "统一社会信用代码" in header or "unified social credit code" in header


def test_small_export_streams_csv_and_is_audited(staff) -> None:
    e = entity("140525", name="晋城市泽州县导出铸造有限公司", legal_representative="张三丰")
    response = staff.get("/registry/market-entities/?export=csv&q=导出")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][0] == e.uscc
    assert "张**" in rows[1]
    assert "张三丰" not in body
    assert AuditRecord.objects.filter(action="export", object_type="registry.entity").count() == 1


def test_small_export_xlsx(staff, tmp_path) -> None:
    entity("140525")
    response = staff.get("/registry/market-entities/?export=xlsx")
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert len(rows) == 2


def test_large_export_runs_as_a_job(staff, settings, django_capture_on_commit_callbacks, run_worker) -> None:
    settings.QCITY_EXPORT_SYNC_LIMIT = 2
    for _ in range(3):
        entity("140525")
    entity("140581")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.get(
            "/registry/market-entities/?export=xlsx&county_id=" + str(Entity.objects.first().county_id)
        )
    assert response.status_code == 302
    run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["rows"] == 3
    rows = CalamineWorkbook.from_path(job.result_file).get_sheet_by_index(0).to_python()
    assert len(rows) == 4
    assert staff.get(f"/jobs/{job.pk}/download/").status_code == 200


def test_another_user_cannot_download_a_job_result(
    login, settings, django_capture_on_commit_callbacks, run_worker
) -> None:
    settings.QCITY_EXPORT_SYNC_LIMIT = 0
    entity("140525")
    with django_capture_on_commit_callbacks(execute=True):
        login("staff").get("/registry/market-entities/?export=csv")
    run_worker()
    job = Job.objects.get()
    assert login("leader").get(f"/jobs/{job.pk}/download/").status_code == 404


def test_home_chart_counts_entities_in_scope(login) -> None:
    entity("140525")
    entity("140525")
    entity("140581")
    page = login("zezhou").get("/")
    data = page.context["panels"][0].context
    assert data["labels"] == ["泽州县"]
    assert data["values"] == [2]
    assert 'id="by-county-data"' in page.content.decode()
    assert login("staff").get("/").context["panels"][0].context["total"] == 3
    assert login("auditor").get("/").context["panels"] == []
