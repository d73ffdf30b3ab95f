"""Issue 3: the register's new fields, tags, towns and products; search; the batch import,
the mapping step and the CLI; PATCH in the API; the change hook."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycity.core import audit
from qualitycity.core.choices import JobStatus
from qualitycity.core.models import AuditRecord, Job
from qualitycity.core.pinyin import search_key
from qualitycity.registry import hooks
from qualitycity.registry.choices import RegistrationStatus
from qualitycity.registry.models import Entity, EntityTag, Product, ProductCategory, SpecialisedTown
from qualitycity.registry.search import entity_search_key, fast_search_key, search_entities
from qualitycity.registry.tests.factories import entity, make_uscc

pytestmark = pytest.mark.django_db

HEADERS = [
    "统一社会信用代码",
    "企业名称",
    "类型",
    "法定代表人",
    "注册资本",
    "成立日期",
    "登记状态",
    "住所",
    "行业代码",
    "所属区县",
]


def _xlsx(rows: list[list[object]], headers: list[str] = HEADERS) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            sheet.write_string(i, j, str(value))
    book.close()
    return buffer.getvalue()


def _row(uscc: str, name: str, **over: str) -> list[object]:
    values = {
        "uscc": uscc,
        "name": name,
        "type": "企业",
        "rep": "王五",
        "capital": "500万元",
        "date": "2023年5月1日",
        "status": "存续",
        "address": "泽州县南村镇",
        "industry": "C3391",
        "county": "140525",
    }
    values.update(over)
    return list(values.values())


def _upload(client, content: bytes, capture, run_worker, name: str = "r.xlsx") -> Job:
    with capture(execute=True):
        response = client.post(
            "/registry/market-entities/import/", {"file": SimpleUploadedFile(name, content)}
        )
    assert response.status_code == 302
    run_worker()
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def _confirm(client, job: Job, mode: str, capture, run_worker) -> Job:
    with capture(execute=True):
        client.post(f"/jobs/{job.pk}/confirm/", {"mode": mode})
    run_worker()
    job.refresh_from_db()
    return job


@pytest.fixture
def staff(login) -> Client:
    return login("staff")


@pytest.fixture
def recorded():
    """Registers a change hook for the test and returns what it was called with."""
    calls: list[tuple[str, dict, str]] = []

    def hook(entity, changes, actor) -> None:
        calls.append((entity.uscc, dict(changes), getattr(actor, "username", "")))

    hooks.on_entity_changed(hook)
    yield calls
    hooks.remove_hook(hook)


# -- specialised towns (migration 0003) -----------------------------------------------------


def test_the_ten_specialised_towns_are_loaded_with_their_counties() -> None:
    towns = dict(SpecialisedTown.objects.values_list("name", "county__code"))
    assert len(towns) == 10
    assert towns["泽州铸造专业镇"] == "140525"
    assert towns["阳城陶瓷琉璃(珐华)专业镇"] == "140522"
    assert towns["沁水蜂蜜专业镇"] == "140521"
    assert sum(1 for c in towns.values() if c == "140581") == 3


# -- search ---------------------------------------------------------------------------------


def test_fast_search_key_equals_the_core_pinyin_key() -> None:
    names = [
        "晋城市泽州县鼎盛铸造有限公司",
        "高平市长平重工有限公司",
        "长治市解州银行支行",
        "ABC１号科技（晋城）有限公司",
        "阳城县行行好百货店",
        "〇一二三",
        "",
    ]
    assert [fast_search_key(n) for n in names] == [search_key(n) for n in names]


#: Pieces of register names: place names (with the overridden readings), trade words,
#: characters with several readings, Latin letters, digits, full-width forms and punctuation.
NAME_PIECES = [
    *"晋城泽州高平阳城陵川沁水长治平都解繁峙行重银乐",
    "有限公司",
    "有限责任公司",
    "铸造",
    "陶瓷",
    "长平",
    "高都",
    "重工",
    "ABC",
    "Ａ",
    "１号",
    "12345",
    "（",
    "）",
    " ",
    "-",
    "·",
    "〇",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=12).map("".join))
def test_fast_search_key_equals_the_core_pinyin_key_for_any_name(name: str) -> None:
    assert fast_search_key(name) == search_key(name)


def test_search_finds_pinyin_initials_former_names_and_uscc_parts(staff) -> None:
    target = entity("140525", name="晋城市泽州县鼎盛铸造有限公司")
    renamed = entity("140525", name="晋城市泽州县新华铸造有限公司", former_names="晋城市泽州县老字号陶瓷厂")
    Entity.objects.filter(pk=renamed.pk).update(
        search_key=entity_search_key(renamed.name, renamed.former_names)
    )
    other = entity("140581", name="高平市丝绸有限公司")

    def found(q: str) -> set[str]:
        page = staff.get("/registry/market-entities/", {"q": q})
        assert page.status_code == 200
        return {obj.name for obj, _cells in page.context["rows"]}

    assert found("jcszzxds") == {target.name}
    assert found("dingsheng") == {target.name}
    assert found("老字号陶瓷") == {renamed.name}  # a former name, through the index
    assert found("lzhtc") == {renamed.name}  # its pinyin initials
    assert found(target.uscc[9:18].lower()) == {target.name}
    assert found("丝绸") == {other.name}  # two characters: the LIKE path
    assert found("nothing-like-it") == set()


def test_filters_by_tag_town_industry_level_and_status(staff) -> None:
    town = SpecialisedTown.objects.get(code="zezhou-casting")
    member = entity("140525", specialised_town=town)
    tagged = entity("140525", registration_status="cancelled")
    EntityTag.objects.create(entity=tagged, tag="high_tech")
    plain = entity("140581")

    def found(**params: object) -> set[int]:
        page = staff.get("/registry/market-entities/", params)
        return {obj.pk for obj, _cells in page.context["rows"]}

    assert found(tag="high_tech") == {tagged.pk}
    assert found(specialised_town_id=town.pk) == {member.pk}
    assert found(industry="C") == {member.pk, tagged.pk, plain.pk}
    assert found(industry="339") == {member.pk, tagged.pk, plain.pk}
    assert found(industry="A") == set()
    assert found(registration_status="cancelled") == {tagged.pk}


def test_filters_by_risk_class_and_list_through_reverse_relations(staff) -> None:
    from qualitycity.credit import models as credit

    risky = entity("140525")
    listed = entity("140525")
    entity("140525")
    risk_model = credit.RiskModel.objects.create(name="t", classes=[{"code": "A", "min_score": 0}])
    credit.RiskAssessment.objects.create(
        entity=risky, model=risk_model, risk_class="D", score=80, is_current=True, assessed_at=timezone.now()
    )
    credit.ListEntry.objects.create(
        entity=listed, kind="abnormal_operations", ground="unreachable", listed_on=dt.date(2026, 1, 5)
    )

    def found(**params: object) -> set[int]:
        return {obj.pk for obj, _c in staff.get("/registry/market-entities/", params).context["rows"]}

    assert found(risk_class="d") == {risky.pk}
    assert found(on_list="abnormal_operations") == {listed.pk}
    assert found(on_list="serious_violation") == set()


# -- the edit form, the detail page, the hook -----------------------------------------------


def test_edit_sets_tags_and_calls_the_change_hook(staff, recorded) -> None:
    e = entity("140525", name="晋城市泽州县旧铸造有限公司")
    town = SpecialisedTown.objects.get(code="zezhou-casting")
    data = {
        "uscc": e.uscc,
        "name": "晋城市泽州县新铸造有限公司",
        "entity_type": "enterprise",
        "legal_representative": "张三丰",
        "registration_status": "existing",
        "county": e.county_id,
        "industry": e.industry_id,
        "registered_capital": "500",
        "contact_phone": "13812345678",
        "former_names": "晋城市泽州县旧铸造有限公司\n",
        "specialised_town": town.pk,
        "tags": ["above_scale", "specialised"],
    }
    response = staff.post(f"/registry/market-entities/{e.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    e.refresh_from_db()
    assert e.registered_capital == Decimal("500")
    assert sorted(e.tags.values_list("tag", flat=True)) == ["above_scale", "specialised"]
    assert "jcszzxjzzyxgs" in e.search_key  # the former name's initials are searchable
    assert len(recorded) == 1
    uscc, changes, actor = recorded[0]
    assert (uscc, actor) == (e.uscc, "staff")
    assert changes["name"] == ("晋城市泽州县旧铸造有限公司", "晋城市泽州县新铸造有限公司")
    assert changes["tags"] == ([], ["above_scale", "specialised"])
    tag_record = AuditRecord.objects.get(object_id=str(e.pk), message="tags")
    assert tag_record.changes["tags"] == [[], ["above_scale", "specialised"]]
    response = staff.get(f"/registry/market-entities/{e.pk}/")
    assert response.context["personal"]["contact_phone"] == "138****5678"
    fields = dict(response.context["fields"])
    label = str(e._meta.get_field("contact_phone").verbose_name)
    assert fields[label] == "138****5678"
    assert "泽州铸造专业镇" in response.content.decode()


def test_specialised_town_in_another_county_is_refused(staff) -> None:
    e = entity("140525")
    town = SpecialisedTown.objects.get(code="gaoping-silk")
    data = {
        "uscc": e.uscc,
        "name": e.name,
        "entity_type": "enterprise",
        "registration_status": "existing",
        "county": e.county_id,
        "specialised_town": town.pk,
    }
    response = staff.post(f"/registry/market-entities/{e.pk}/edit/", data)
    assert response.status_code == 200
    assert "specialised_town" in response.context["form"].errors
    e.refresh_from_db()
    assert e.specialised_town_id is None


def test_products_show_on_the_entity_page_and_respect_scope(login) -> None:
    e = entity("140525")
    category = ProductCategory.objects.create(code="castings", name="铸件")
    Product.objects.create(entity=e, name="球墨铸铁管件", category=category)
    assert "球墨铸铁管件" in login("staff").get(f"/registry/market-entities/{e.pk}/").content.decode()
    product = Product.objects.get()
    assert login("zezhou").get(f"/registry/products/{product.pk}/").status_code == 200
    assert login("gaoping").get(f"/registry/products/{product.pk}/").status_code == 404
    assert login("auditor").get("/registry/products/").status_code == 403
    assert "球墨铸铁管件" not in login("enterprise").get("/registry/products/").content.decode()


def test_product_add_by_uscc_and_denied_outside_scope(login) -> None:
    own = entity("140525")
    other = entity("140581")
    client = login("zezhou")
    response = client.post("/registry/products/add/", {"entity": own.uscc.lower(), "name": "铸铁锅"})
    assert response.status_code == 302
    assert Product.objects.get().entity == own
    response = client.post("/registry/products/add/", {"entity": other.uscc, "name": "外县产品"})
    assert response.status_code == 200
    assert Product.objects.count() == 1


def test_new_model_pages_for_roles(login) -> None:
    town = SpecialisedTown.objects.get(code="zezhou-casting")
    staff = login("staff")
    assert staff.get("/registry/specialised-towns/").status_code == 200
    assert staff.get(f"/registry/specialised-towns/{town.pk}/").status_code == 200
    assert staff.get("/registry/product-categories/").status_code == 200
    assert login("gaoping").get(f"/registry/specialised-towns/{town.pk}/").status_code == 404
    assert login("auditor").get("/registry/specialised-towns/").status_code == 403
    count = SpecialisedTown.objects.count()
    assert (
        login("leader").post("/registry/specialised-towns/add/", {"code": "x", "name": "x"}).status_code
        == 403
    )
    assert SpecialisedTown.objects.count() == count


# -- the import -----------------------------------------------------------------------------


def test_register_export_with_new_columns_and_date_spellings(
    staff, django_capture_on_commit_callbacks, run_worker
):
    headers = [*HEADERS, "标签", "曾用名", "联系电话"]
    rows = [
        [
            *_row(make_uscc(), "晋城市泽州县甲铸造有限公司", date="2023/5/1"),
            "规上、高新技术",
            "泽州县甲厂",
            "0356-1234567",
        ],
        [*_row(make_uscc(), "晋城市泽州县乙铸造有限公司", date="20230501"), "specialised", "", ""],
        [*_row(make_uscc(), "晋城市泽州县丙铸造有限公司", capital="5,000,000元"), "", "", ""],
    ]
    job = _upload(staff, _xlsx(rows, headers), django_capture_on_commit_callbacks, run_worker)
    assert (job.result["valid"], job.result["invalid"]) == (3, 0), job.result["errors"]
    job = _confirm(staff, job, "all_or_nothing", django_capture_on_commit_callbacks, run_worker)
    assert job.status == JobStatus.SUCCEEDED
    first = Entity.objects.get(name="晋城市泽州县甲铸造有限公司")
    assert first.date_established == dt.date(2023, 5, 1)
    assert Entity.objects.get(name="晋城市泽州县乙铸造有限公司").date_established == dt.date(2023, 5, 1)
    assert first.registered_capital == Decimal("500")
    assert Entity.objects.get(name="晋城市泽州县丙铸造有限公司").registered_capital == Decimal("500")
    assert sorted(first.tags.values_list("tag", flat=True)) == ["above_scale", "high_tech"]
    assert first.former_names == "泽州县甲厂"
    assert "zzxjc" in first.search_key
    assert AuditRecord.objects.filter(action="create", object_type="registry.entity").count() == 3
    assert audit.verify().ok


def test_bad_rows_of_issue_3_are_named(staff, django_capture_on_commit_callbacks, run_worker) -> None:
    good = make_uscc()
    rows = [
        _row(good, "正确有限公司"),
        _row("91140525MA0000000X", "校验位错误有限公司"),
        _row(" " + good.lower()[:9] + " " + good.lower()[9:], "大小写空格重复有限公司"),
        _row(make_uscc(), "行业层级错误有限公司", industry="C339"),
        _row(make_uscc(), "未知区县有限公司", county="149999"),
        _row(make_uscc(), "日期错误有限公司", date="2023年2月30日"),
        _row(make_uscc(), "注册资本错误有限公司", capital="五百万"),
        _row(good, "再次重复有限公司"),
    ]
    job = _upload(staff, _xlsx(rows), django_capture_on_commit_callbacks, run_worker)
    assert (job.result["valid"], job.result["invalid"]) == (1, 7)
    errors = {(e["row"], e["column"]): e["message"] for e in job.result["errors"]}
    assert set(errors) == {
        (3, "统一社会信用代码"),
        (4, "统一社会信用代码"),
        (5, "行业代码"),
        (6, "所属区县"),
        (7, "成立日期"),
        (8, "注册资本"),
        (9, "统一社会信用代码"),
    }
    assert "2" in errors[(4, "统一社会信用代码")]
    assert "小类" in errors[(5, "行业代码")]
    assert "149999" in errors[(6, "所属区县")]


def test_reimport_updates_audits_fields_and_calls_the_hook(
    staff, recorded, django_capture_on_commit_callbacks, run_worker
) -> None:
    existing = entity("140525", name="晋城市泽州县旧名有限公司", registration_status="existing")
    unchanged = entity("140525", name="晋城市泽州县不变有限公司")
    rows = [
        _row(existing.uscc, "晋城市泽州县新名有限公司", status="注销"),
        _row(unchanged.uscc, unchanged.name, capital="", date="", address="", industry="3391"),
    ]
    headers = HEADERS
    job = _upload(staff, _xlsx(rows, headers), django_capture_on_commit_callbacks, run_worker)
    assert (job.result["created"], job.result["updated"]) == (0, 2)
    job = _confirm(staff, job, "all_or_nothing", django_capture_on_commit_callbacks, run_worker)
    existing.refresh_from_db()
    assert existing.name == "晋城市泽州县新名有限公司"
    assert existing.registration_status == "cancelled"
    rec = AuditRecord.objects.get(action="update", object_id=str(existing.pk))
    assert rec.changes["name"] == ["晋城市泽州县旧名有限公司", "晋城市泽州县新名有限公司"]
    assert rec.changes["registration_status"] == ["existing", "cancelled"]
    changed = {uscc: changes for uscc, changes, _actor in recorded}
    assert changed[existing.uscc]["registration_status"] == ("existing", "cancelled")
    assert all(actor == "staff" for _u, _c, actor in recorded)
    assert audit.verify().ok


def test_county_officer_import_is_bounded(login, django_capture_on_commit_callbacks, run_worker) -> None:
    client = login("zezhou")
    outside = entity("140581")
    rows = [_row(make_uscc(), "本县有限公司"), _row(outside.uscc, "外县改名有限公司", county="140581")]
    job = _upload(client, _xlsx(rows), django_capture_on_commit_callbacks, run_worker)
    assert job.result["invalid"] == 1
    assert job.result["errors"][0]["row"] == 3
    job = _confirm(client, job, "valid_rows", django_capture_on_commit_callbacks, run_worker)
    outside.refresh_from_db()
    assert outside.name != "外县改名有限公司"
    assert Entity.objects.filter(name="本县有限公司").count() == 1


def test_mapping_step(staff, login, django_capture_on_commit_callbacks, run_worker) -> None:
    headers = ["代码", "单位名称", "类型", "区县", "备注"]
    rows = [[make_uscc(), "晋城市泽州县映射有限公司", "企业", "140525", "x"]]
    job = _upload(staff, _xlsx(rows, headers), django_capture_on_commit_callbacks, run_worker)
    assert job.status == JobStatus.FAILED
    form = job.result["mapping_form"]
    assert [c["header"] for c in form["columns"]] == headers
    page = staff.get(f"/jobs/{job.pk}/").content.decode()
    assert 'name="col_0"' in page
    mapping = {
        "job": job.pk,
        "col_0": "uscc",
        "col_1": "name",
        "col_2": "entity_type",
        "col_3": "county",
        "col_4": "",
    }
    # another user cannot re-map the job
    assert login("leader").post("/registry/market-entities/import/", mapping).status_code in (403, 404)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post("/registry/market-entities/import/", mapping)
    assert response.status_code == 302
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.AWAITING_CONFIRMATION
    assert job.params["mapping"] == {"0": "uscc", "1": "name", "2": "entity_type", "3": "county", "4": ""}
    assert job.result["valid"] == 1
    job = _confirm(staff, job, "all_or_nothing", django_capture_on_commit_callbacks, run_worker)
    assert Entity.objects.filter(name="晋城市泽州县映射有限公司").count() == 1


def test_cli_imports_and_reports(cast, tmp_path) -> None:
    cast("staff")
    path = tmp_path / "register.xlsx"
    existing = entity("140525", name="晋城市泽州县命令行旧名有限公司")
    rows = [
        _row(make_uscc(), "晋城市泽州县命令行有限公司"),
        _row(existing.uscc, "晋城市泽州县命令行新名有限公司"),
        _row("bad", "坏代码有限公司"),
    ]
    path.write_bytes(_xlsx(rows))
    out = io.StringIO()
    rejects = tmp_path / "rejects.xlsx"
    call_command("import", "entities", str(path), "--user", "staff", "--rejects", str(rejects), stdout=out)
    assert out.getvalue().splitlines() == [
        "imported 1, updated 1, rejected 1",
        f"rejected rows written to {rejects}",
    ]
    assert rejects.exists()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_xlsx([_row("bad", "坏代码有限公司")]))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "entities", str(bad), "--user", "staff", stdout=io.StringIO())
    count = Entity.objects.count()
    with pytest.raises(CommandError, match=r"1 rows have errors|有 1 行"):
        call_command(
            "import", "entities", str(path), "--user", "staff", "--all-or-nothing", stdout=io.StringIO()
        )
    cast("leader")
    with pytest.raises(CommandError, match="may not import"):
        call_command("import", "entities", str(path), "--user", "leader", stdout=io.StringIO())
    assert Entity.objects.count() == count


# -- the API --------------------------------------------------------------------------------


@pytest.fixture
def zezhou_api(cast, password) -> Client:
    cast("zezhou")
    response = Client().post(
        "/api/v1/auth/token", {"username": "zezhou", "password": password}, content_type="application/json"
    )
    return Client(headers={"Authorization": f"Bearer {response.json()['token']}"})


def test_patch_changes_only_the_fields_sent(zezhou_api, recorded) -> None:
    e = entity("140525", address="旧地址", contact_phone="13812345678")
    EntityTag.objects.create(entity=e, tag="above_scale")
    response = zezhou_api.patch(
        f"/api/v1/entities/{e.uscc.lower()}",
        {
            "registered_capital": "120.5",
            "former_names": ["旧名一", "旧名二"],
            "specialised_town": "zezhou-casting",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["former_names"] == ["旧名一", "旧名二"]
    assert body["specialised_town"] == "zezhou-casting"
    assert body["tags"] == ["above_scale"]
    assert body["contact_phone"] == "138****5678"
    e.refresh_from_db()
    assert (e.address, e.registered_capital) == ("旧地址", Decimal("120.5"))
    rec = AuditRecord.objects.get(action="update", object_id=str(e.pk))
    assert rec.actor_username == "zezhou"
    assert set(rec.changes) == {"registered_capital", "former_names", "specialised_town", "updated_by"}
    assert recorded[0][0] == e.uscc


def test_patch_bad_data_is_422_and_out_of_scope_is_404(zezhou_api) -> None:
    e = entity("140525")
    response = zezhou_api.patch(
        f"/api/v1/entities/{e.uscc}", {"industry_code": "C33"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "industry_code"
    response = zezhou_api.patch(
        f"/api/v1/entities/{e.uscc}", {"specialised_town": "nowhere"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "specialised_town"
    other = entity("140581")
    response = zezhou_api.patch(
        f"/api/v1/entities/{other.uscc}", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name != "x"
    assert not AuditRecord.objects.filter(action="update").exists()


# -- demo -----------------------------------------------------------------------------------


def test_demo_has_tags_towns_capital_and_products(monkeypatch) -> None:
    monkeypatch.setenv("QCITY_DEMO_PASSWORD", "Demo-Pass-2026")
    call_command("demo", "--scale", "tiny", stdout=io.StringIO())
    # Registered enterprises (spot checks add unregistered producers, with no register data).
    enterprises = Entity.objects.filter(entity_type="enterprise").exclude(
        registration_status=RegistrationStatus.UNREGISTERED
    )
    assert enterprises.filter(registered_capital__isnull=False).count() == enterprises.count()
    assert EntityTag.objects.filter(tag="above_scale").exists()
    members = Entity.objects.filter(specialised_town__isnull=False).select_related("specialised_town")
    assert members.exists()
    assert all(m.county_id == m.specialised_town.county_id for m in members)
    assert Product.objects.exists()
    assert not Product.objects.exclude(entity__entity_type="enterprise").exists()
    page_key = Entity.objects.exclude(former_names="").first()
    if page_key is not None:
        assert page_key.search_key == entity_search_key(page_key.name, page_key.former_names)
    # the search index was filled after the bulk load
    from qualitycity.registry.filters import EntityFilterSet

    target = Entity.objects.order_by("pk").last()
    found = EntityFilterSet({"q": target.uscc[8:]}, queryset=Entity.objects.all()).qs
    assert list(found.values_list("pk", flat=True)) == [target.pk]


def test_new_model_views_for_every_role(cast) -> None:
    """The URL walk of core/tests/test_url_walk.py, over the registry's new models."""
    from qualitycity.core.generic.registry import get_config
    from qualitycity.core.tests.test_url_walk import ROLES, _expected, _url

    e = entity("140525")
    category = ProductCategory.objects.create(code="castings", name="铸件")
    objects = {
        SpecialisedTown: SpecialisedTown.objects.get(code="zezhou-casting"),
        ProductCategory: category,
        Product: Product.objects.create(entity=e, name="铸铁锅", category=category),
    }
    failures = []
    checked = 0
    for model, obj in objects.items():
        config = get_config(model)
        for action in config.views:
            url = _url(config, action, obj)
            for role in ROLES:
                member = cast(role)
                client = Client()
                client.force_login(member)
                status = client.get(url).status_code
                checked += 1
                if status != _expected(member, model, action, obj):
                    failures.append(f"{role} {url}: {status}")
    assert failures == []
    assert checked == 3 * 6 * len(ROLES)


def test_hooks_are_not_called_for_creates_or_unchanged_saves(cast, recorded) -> None:
    from qualitycity.registry.services import save_entity

    staff = cast("staff")
    e = entity("140525")
    save_entity(actor=staff, data={"name": e.name}, instance=e)
    assert recorded == []
    save_entity(actor=staff, data={"address": "新地址"}, instance=e)
    assert recorded[0][1]["address"] == ("", "新地址")


def test_imported_entities_are_audited_and_indexed_as_if_saved_one_by_one(cast, tmp_path) -> None:
    """The batch path writes rows with plain inserts: each created entity's audit record holds
    what `audit.snapshot` gives for the saved row, the chain verifies, the search index finds
    the new names, and a deleted entity's id is not handed out again."""
    cast("staff")
    gone = entity("140525", name="晋城市泽州县已删除有限公司")
    gone_pk = gone.pk
    gone.delete()
    path = tmp_path / "register.xlsx"
    rows = [
        _row(make_uscc(), "晋城市泽州县批量甲有限公司"),
        _row(make_uscc(), "晋城市泽州县批量乙有限公司", capital="", date="20230501"),
    ]
    path.write_bytes(_xlsx(rows))
    call_command("import", "entities", str(path), "--user", "staff", stdout=io.StringIO())
    created = list(Entity.objects.filter(name__contains="批量").order_by("pk"))
    assert len(created) == 2
    assert min(e.pk for e in created) > gone_pk
    for made in created:
        record = AuditRecord.objects.get(
            object_type="registry.entity", object_id=str(made.pk), action="create"
        )
        expected = {k: [None, v] for k, v in audit.snapshot(made).items() if v is not None}
        assert json.loads(record.data)["changes"] == expected
        assert made.search_key == entity_search_key(made.name)
        assert made.created_by.username == "staff"
    assert created[1].date_established == dt.date(2023, 5, 1)
    assert created[0].registered_capital == Decimal("500")
    assert audit.verify().ok
    found = Entity.objects.filter(pk__in=search_entities(Entity.objects.all(), "zzxpl").values("pk"))
    assert {e.pk for e in found} == {e.pk for e in created}
