"""The spot-check screens through HTTP: the tablet sampling record, the lab's receipt and report,
a results file as a job, service and objection decision, disposal steps, publication, the
pass-rate page, imports of plans and samples, and the plan's overview."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from qualitycity.core.models import Job
from qualitycity.registry.tests.factories import entity
from qualitycity.spotchecks import services
from qualitycity.spotchecks.choices import Conclusion, DisposalStatus, ObjectionStatus, SampleStatus
from qualitycity.spotchecks.models import Disposal, Objection, Sample, SampleNotice, SpotCheckPlan, TestReport
from qualitycity.spotchecks.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(cast):
    f.flour_items()
    labs = (f.lab(), f.lab(), f.lab())
    plan = f.plan(labs=list(labs))
    return {"staff": cast("staff"), "labs": labs, "plan": plan}


def _lab_client(cast, login, lab):
    cast("lab", uscc=lab.uscc)
    return login("lab")


def _xlsx(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            sheet.write_string(i, j, value)
    book.close()
    return path


def _form_data(plan: SpotCheckPlan, seller, **over) -> dict:
    data = {
        "plan": plan.pk,
        "number": "JC2026SC0001",
        "category": plan.categories.first().pk,
        "county": seller.county.pk,
        "link_type": "distribution",
        "place": "泽州县金村镇便民超市",
        "sampled_unit_uscc": seller.uscc,
        "product_name": "小麦粉",
        "brand": "太行",
        "specification": "5kg/袋",
        "batch_number": "20260301",
        "production_date": "2026-03-01",
        "quantity": "4",
        "backup_quantity": "2",
        "quantity_unit": "袋",
        "unit_price": "25",
        "amount_paid": "150",
        "samplers": "李抽样\n王抽样",
        "sampled_at": (timezone.localtime() - dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "institution": plan.institutions.first().pk,
        "unit_signed": "on",
    }
    data.update(over)
    return data


def test_tablet_sampling_record_creates_the_sample(setup, login) -> None:
    seller = entity("140525", name="泽州县便民超市")
    client = login("staff")
    assert (
        gettext("Choose the plan this sample belongs to.")
        in client.get("/spotchecks/samples/add/").content.decode()
    )
    page = client.get(f"/spotchecks/samples/add/?plan={setup['plan'].pk}").content.decode()
    assert 'capture="environment"' in page
    photo = SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff\xe0 fake jpeg", content_type="image/jpeg")
    response = client.post("/spotchecks/samples/add/", {**_form_data(setup["plan"], seller), "photos": photo})
    assert response.status_code == 302, response.content.decode()[:3000]
    sample = Sample.objects.get(number="JC2026SC0001")
    assert sample.sampled_unit == seller
    assert sample.delivery_due is not None
    assert sample.attachments.get().is_photo
    assert client.get(f"/spotchecks/samples/{sample.pk}/").status_code == 200


def test_tablet_form_names_every_bad_field_and_writes_nothing(setup, login) -> None:
    seller = entity("140525")
    client = login("staff")
    data = _form_data(setup["plan"], seller, samplers="李抽样", gtin="6901234567890", unit_signed="")
    page = client.post("/spotchecks/samples/add/", data).content.decode()
    assert escape(gettext("A sample is taken by at least two samplers; name each on its own line.")) in page
    assert (
        escape(gettext("Without the sampled unit's signature, note its refusal and who witnessed it."))
        in page
    )
    assert "6901234567890" in page  # the GTIN's check digit is wrong: named with its value
    assert not Sample.objects.exists()


def test_lab_receives_and_enters_the_report_item_by_item(setup, cast, login) -> None:
    lab = setup["labs"][0]
    sample = f.sample(setup["plan"], setup["staff"], delivered=False, institution=lab)
    client = _lab_client(cast, login, lab)
    assert sample.number in client.get("/spotchecks/lab/").content.decode()
    received = sample.sampled_on + dt.timedelta(days=1)
    response = client.post(f"/spotchecks/samples/{sample.pk}/receipt/", {"received_on": received.isoformat()})
    assert response.status_code == 302
    sample.refresh_from_db()
    assert sample.status == SampleStatus.DELIVERED
    assert sample.report_due is not None
    items = {i.name: i for i in services.applicable_items(sample)}
    data = {"number": "JCJY-2026-001", "issued_on": timezone.localdate().isoformat()}
    for name, value in f.FAILING.items():
        data[f"item_{items[name].pk}_value"] = value
        data[f"item_{items[name].pk}_unit"] = items[name].unit
    # a wrong unit is named on its row and nothing is written
    bad = {**data, f"item_{items['铅(以Pb计)'].pk}_unit": "g/kg"}
    page = client.post(f"/spotchecks/samples/{sample.pk}/report/", bad).content.decode()
    assert "g/kg" in page
    assert not TestReport.objects.exists()
    response = client.post(f"/spotchecks/samples/{sample.pk}/report/", data)
    assert response.status_code == 302
    sample.refresh_from_db()
    assert sample.conclusion == Conclusion.UNQUALIFIED
    assert Disposal.objects.filter(sample=sample).exists()


def test_a_lab_cannot_touch_another_labs_sample(setup, cast, login) -> None:
    sample = f.sample(setup["plan"], setup["staff"], institution=setup["labs"][0])
    client = _lab_client(cast, login, setup["labs"][1])
    assert client.get(f"/spotchecks/samples/{sample.pk}/").status_code == 404
    assert client.get(f"/spotchecks/samples/{sample.pk}/report/").status_code == 404
    assert sample.number not in client.get("/spotchecks/samples/").content.decode()


def test_results_file_is_all_or_nothing_with_rows_named(
    setup, cast, login, tmp_path, run_worker, django_capture_on_commit_callbacks
) -> None:
    lab = setup["labs"][0]
    first = f.sample(setup["plan"], setup["staff"], institution=lab)
    second = f.sample(setup["plan"], setup["staff"], institution=lab)
    headers = ["样品编号", "报告编号", "签发日期", "检验项目", "检验结果", "计量单位", "单项判定"]
    today = timezone.localdate().strftime("%Y年%m月%d日").replace("年0", "年").replace("月0", "月")
    rows = [
        [first.number, "R-1", today, "铅(以Pb计)", "0.05", "mg/kg", "合格"],
        [first.number, "R-1", today, "玉米赤霉烯酮", "12", "μg/kg", ""],
        [second.number, "R-2", today, "铅(以Pb计)", "0.50", "mg/kg", "合格"],  # contradicts the limit
        [second.number, "R-2", today, "苯甲酸及其钠盐(以苯甲酸计)", "未检出", "g/kg", ""],
    ]
    client = _lab_client(cast, login, lab)

    def upload(path: Path) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/spotchecks/results/upload/", {"file": SimpleUploadedFile(path.name, path.read_bytes())}
            )
        assert response.status_code == 302, response.content.decode()[:2000]
        run_worker()
        return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))

    job = upload(_xlsx(tmp_path / "结果.xlsx", headers, rows))
    assert job.status == "failed"
    assert [(e["row"], e["column"][0]) for e in job.result["errors"]] == [(4, "G")]
    assert not TestReport.objects.exists()
    rows[2][6] = "不合格"
    job = upload(_xlsx(tmp_path / "结果2.xlsx", headers, rows))
    assert job.status == "succeeded", job.result
    assert job.result["reports"] == 2
    assert job.result["failed_samples"] == [second.number]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.conclusion, second.conclusion) == (Conclusion.QUALIFIED, Conclusion.UNQUALIFIED)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert gettext("Reports entered") in page


def _failed_sample(setup):
    producer = entity("140525", name="泽州县面粉厂")
    sample = f.sample(setup["plan"], setup["staff"], producer=producer)
    f.report(sample, setup["staff"], f.FAILING)
    return sample


def test_serve_then_decide_an_objection_then_retest_at_the_drawn_lab(setup, cast, login) -> None:
    sample = _failed_sample(setup)
    notice = SampleNotice.objects.get(sample=sample, party="producer")
    client = login("staff")
    client.post(
        f"/spotchecks/notices/{notice.pk}/serve/",
        {"received_on": timezone.localdate().isoformat(), "method": "post"},
    )
    notice.refresh_from_db()
    assert notice.received_on == timezone.localdate()
    response = client.post(
        f"/spotchecks/notices/{notice.pk}/objection/",
        {"submitted_on": timezone.localdate().isoformat(), "reason": "送检样品保存不当"},
    )
    assert response.status_code == 302
    objection = Objection.objects.get(sample=sample)
    client.post(f"/spotchecks/objections/{objection.pk}/decision/", {"accept": "1", "note": ""})
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.RETEST_ASSIGNED
    assert objection.retest_institution != sample.institution
    retest_client = _lab_client(cast, login, objection.retest_institution)
    items = {i.name: i for i in services.applicable_items(sample)}
    data = {"number": "FJ-001", "issued_on": timezone.localdate().isoformat()}
    for name, value in f.FAILING.items():
        data[f"item_{items[name].pk}_value"] = value
    assert retest_client.post(f"/spotchecks/objections/{objection.pk}/retest/", data).status_code == 302
    objection.refresh_from_db()
    assert objection.outcome == "upheld"
    assert TestReport.objects.filter(sample=sample, is_retest=True).count() == 1


def test_disposal_step_out_of_order_is_refused_on_the_page(setup, login) -> None:
    sample = _failed_sample(setup)
    disposal = Disposal.objects.get(sample=sample)
    client = login("zezhou")  # the producer is in 泽州: its county handles the case
    today = timezone.localdate().isoformat()
    response = client.post(
        f"/spotchecks/disposals/{disposal.pk}/steps/",
        {"kind": "recheck", "done_on": today, "passed": "1"},
        follow=True,
    )
    assert disposal.steps.count() == 0
    assert gettext("Recheck") in response.content.decode()
    client.post(
        f"/spotchecks/disposals/{disposal.pk}/steps/",
        {"kind": "shelf_removal", "done_on": today, "document_number": "泽市监责〔2026〕1号"},
    )
    client.post(
        f"/spotchecks/disposals/{disposal.pk}/close/", {"closed_on": today, "measures_taken": "已下架并召回"}
    )
    disposal.refresh_from_db()
    assert disposal.status == DisposalStatus.CLOSED
    assert login("gaoping").get(f"/spotchecks/disposals/{disposal.pk}/").status_code == 404


def test_pass_rate_page_matches_a_hand_count_and_drills_down(setup, login) -> None:
    concluded = []
    for i, values in enumerate([f.PASSING, f.PASSING, f.PASSING, f.FAILING]):
        s = f.sample(setup["plan"], setup["staff"], seller=entity("140525" if i < 3 else "140581"))
        f.report(s, setup["staff"], values)
        concluded.append(s)
    f.sample(setup["plan"], setup["staff"])  # still at the lab: not counted
    client = login("staff")
    page = client.get("/spotchecks/pass-rates/")
    assert page.status_code == 200
    food = next(i for i in page.context["data"]["indicators"] if i["key"] == "food")
    assert (food["total"], food["qualified"], food["rate"]) == (4, 3, Decimal("75.00"))
    by_county = {row["label"]: row for row in page.context["data"]["by_county"]}
    assert by_county["泽州县"]["total"] == 3
    assert by_county["高平市"]["unqualified"] == 1
    listing = client.get(by_county["高平市"]["failed_url"]).content.decode()
    assert concluded[3].number in listing
    assert concluded[0].number not in listing
    export = client.get("/spotchecks/pass-rates/?export=county")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    # a county officer counts only their county
    zz = login("zezhou").get("/spotchecks/pass-rates/").context["data"]["overall"]
    assert (zz["total"], zz["qualified"]) == (3, 3)
    assert login("enterprise").get("/spotchecks/pass-rates/").status_code == 403


def test_publication_after_the_delay_and_the_daily_command(setup, capsys) -> None:
    s = f.sample(setup["plan"], setup["staff"], sampled_at=timezone.now() - dt.timedelta(days=60))
    f.report(s, setup["staff"], f.FAILING, issued_on=timezone.localdate() - dt.timedelta(days=40))
    fresh = f.sample(setup["plan"], setup["staff"])
    f.report(fresh, setup["staff"], f.PASSING)
    call_command("spotchecks", "publish-due")
    assert "published 1 results" in capsys.readouterr().out
    s.refresh_from_db()
    fresh.refresh_from_db()
    assert s.published_at is not None
    assert fresh.published_at is None
    from qualitycity.credit.models import CreditEvent

    assert CreditEvent.objects.get(entity=s.sampled_unit, kind="spot_check_result").is_public


def test_a_risk_signal_suggests_a_targeted_plan(setup, login) -> None:
    producer = entity("140525", name="泽州县屡次不合格面粉厂")
    for _ in range(2):
        s = f.sample(setup["plan"], setup["staff"], producer=producer)
        f.report(s, setup["staff"], f.FAILING)
    found = services.signals()
    signal = next(x for x in found if x.kind == "producer_failures")
    assert signal.subject == producer.name
    page = login("staff").get(signal.suggestion_url).content.decode()
    assert producer.uscc in page  # the suggested plan's note names the producer
    home = login("staff").get("/").content.decode()
    assert producer.name in home


def test_plans_import_from_xlsx_with_chinese_headers(
    setup, login, tmp_path, run_worker, django_capture_on_commit_callbacks
) -> None:
    lab = setup["labs"][0]
    headers = [
        "计划编号",
        "计划名称",
        "抽查类型",
        "层级",
        "年度",
        "组织部门",
        "产品类别",
        "区县",
        "计划批次",
        "检验机构",
        "开始日期",
        "结束日期",
    ]
    rows = [
        [
            "JC-2026-SP-09",
            "2026年小麦粉专项抽检",
            "食品安全抽检",
            "市级",
            "2026",
            "市市场监管局",
            "food-01-01",
            "泽州县、高平市",
            "120",
            lab.name,
            "2026-03-01",
            "2026-11-30",
        ],
        [
            "JC-2026-SP-10",
            "错误计划",
            "食品安全抽检",
            "市级",
            "2026",
            "市市场监管局",
            "不存在的类别",
            "泽州县",
            "10",
            lab.name,
            "2026-03-01",
            "2026-11-30",
        ],
    ]
    client = login("staff")
    path = _xlsx(tmp_path / "计划.xlsx", headers, rows)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/spotchecks/plans/import/", {"file": SimpleUploadedFile(path.name, path.read_bytes())}
        )
    assert response.status_code == 302
    run_worker()
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert job.result.get("valid") == 1, (job.status, job.error, job.result)
    assert job.result["invalid"] == 1
    assert job.result["errors"][0]["row"] == 3
    assert "不存在的类别" in job.result["errors"][0]["message"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/jobs/{job.pk}/confirm/", {"mode": "valid_rows"})
    run_worker()
    plan = SpotCheckPlan.objects.get(number="JC-2026-SP-09")
    assert sorted(c.name for c in plan.counties.all()) == ["泽州县", "高平市"]
    assert list(plan.institutions.all()) == [lab]
    assert plan.programme == "food"


def test_entity_page_lists_its_samples(setup, login) -> None:
    producer = entity("140525", name="泽州县面粉加工厂")
    s = f.sample(setup["plan"], setup["staff"], producer=producer)
    page = login("staff").get(f"/registry/market-entities/{producer.pk}/").content.decode()
    assert s.number in page
    assert gettext("Spot checks") in page


def test_enterprise_users_are_sent_to_their_own_page_of_a_sample(setup, cast, client) -> None:
    producer = entity("140525", name="泽州县自家面粉厂")
    s = f.sample(setup["plan"], setup["staff"], producer=producer)
    client.force_login(cast("enterprise", uscc=producer.uscc))
    response = client.get(f"/spotchecks/samples/{s.pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/spotchecks/my/{s.number}/")
    assert client.get(f"/spotchecks/samples/{s.pk}/history/").status_code == 302
    assert "李抽样" not in client.get("/").content.decode()


def test_sampling_records_import_through_the_service(
    setup, login, tmp_path, run_worker, django_capture_on_commit_callbacks
) -> None:
    from qualitycity.core.uscc import generate

    seller = entity("140525", name="泽州县导入超市")
    lab = setup["labs"][0]
    outsider = generate("9", "1", "410100", 515151)  # 郑州: a producer from another province
    headers = [
        "计划编号",
        "抽样单编号",
        "食品类别",
        "抽样地区",
        "抽样环节",
        "抽样地点",
        "被抽样单位统一社会信用代码",
        "生产者统一社会信用代码",
        "标称生产企业名称",
        "样品名称",
        "批号",
        "抽样数量",
        "数量单位",
        "抽样人员",
        "抽样日期",
        "检验机构",
    ]
    day = (timezone.localdate() - dt.timedelta(days=5)).isoformat()
    base = [
        setup["plan"].number,
        "",
        "food-01-01",
        "泽州县",
        "流通",
        "泽州县导入超市",
        seller.uscc,
        outsider,
        "河南某面粉有限公司",
        "小麦粉",
        "20260101",
        "4",
        "袋",
        "李抽样、王抽样",
        day,
        lab.name,
    ]
    good, bad = list(base), list(base)
    good[1], bad[1] = "DR-0001", "DR-0002"
    bad[13] = "李抽样"  # one sampler only
    path = _xlsx(tmp_path / "抽样单.xlsx", headers, [good, bad])
    client = login("staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/spotchecks/samples/import/", {"file": SimpleUploadedFile(path.name, path.read_bytes())}
        )
    assert response.status_code == 302
    run_worker()
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert job.result.get("valid") == 1, (job.status, job.error, job.result)
    assert job.result["invalid"] == 1
    assert job.result["errors"][0]["row"] == 3
    assert job.result["errors"][0]["field"] == "samplers"
    assert not Sample.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/jobs/{job.pk}/confirm/", {"mode": "valid_rows"})
    run_worker()
    sample = Sample.objects.get(number="DR-0001")
    assert sample.producer.uscc == outsider
    assert sample.producer.registration_status == "unregistered"
    assert sample.producer.county.code == "410000"
    assert sample.delivery_due is not None
