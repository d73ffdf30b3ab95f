"""The page shell: language, dates, navigation by permission, detail pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db


def test_chinese_by_default_even_for_an_english_browser() -> None:
    page = Client(headers={"Accept-Language": "en-US,en;q=0.9"}).get("/login/")
    assert "<h1>登录</h1>" in page.content.decode()


def test_english_when_chosen(client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert "<h1>Log in</h1>" in client.get("/login/").content.decode()


def test_dates_in_chinese_convention(login) -> None:
    e = entity("140525", date_established="2023-05-01")
    page = login("staff").get(f"/registry/market-entities/{e.pk}/").content.decode()
    assert "2023年5月1日" in page


def test_navigation_shows_only_permitted_modules(login) -> None:
    auditor_page = login("auditor").get("/").content.decode()
    assert "审计日志" in auditor_page
    assert "市场主体名录" not in auditor_page
    staff_page = login("staff").get("/").content.decode()
    assert "市场主体名录" in staff_page
    assert "审计日志" not in staff_page


def test_header_names_user_role_and_division(login) -> None:
    page = login("zezhou").get("/").content.decode()
    assert "县级市场监管局" in page
    assert "泽州县" in page


def test_detail_masks_personal_data_until_revealed_and_records_the_view(login) -> None:
    from qualitycity.core.models import AuditRecord

    e = entity("140525", legal_representative="张三丰")
    client = login("staff")
    masked = client.get(f"/registry/market-entities/{e.pk}/").content.decode()
    assert "张**" in masked
    assert "张三丰" not in masked
    assert not AuditRecord.objects.filter(action="view_personal").exists()
    shown = client.get(f"/registry/market-entities/{e.pk}/?reveal=1").content.decode()
    assert "张三丰" in shown
    rec = AuditRecord.objects.get(action="view_personal")
    assert rec.object_id == str(e.pk)
    assert rec.actor_username == "staff"


def test_leader_cannot_reveal_personal_data(login) -> None:
    e = entity("140525", legal_representative="张三丰")
    assert login("leader").get(f"/registry/market-entities/{e.pk}/?reveal=1").status_code == 403


def test_edit_records_field_level_changes(login) -> None:
    from qualitycity.core.models import AuditRecord

    e = entity("140525", name="晋城市泽州县旧名有限公司")
    client = login("zezhou")
    form = client.get(f"/registry/market-entities/{e.pk}/edit/").context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["name"] = "晋城市泽州县新名有限公司"
    response = client.post(f"/registry/market-entities/{e.pk}/edit/", data)
    assert response.status_code == 302
    rec = AuditRecord.objects.get(action="update", object_id=str(e.pk))
    assert rec.changes["name"] == ["晋城市泽州县旧名有限公司", "晋城市泽州县新名有限公司"]
    assert set(rec.changes) == {"name", "updated_by"}
    assert rec.actor_username == "zezhou"
    history = client.get(f"/registry/market-entities/{e.pk}/").content.decode()
    assert "晋城市泽州县旧名有限公司" in history


def test_list_filters_sorts_and_paginates(login) -> None:
    for i in range(30):
        entity("140525", name=f"晋城市泽州县排序{i:02d}有限公司")
    client = login("staff")
    page = client.get("/registry/market-entities/?sort=-name&per_page=25")
    rows = page.context["rows"]
    assert len(rows) == 25
    assert rows[0][0].name == "晋城市泽州县排序29有限公司"
    second = client.get("/registry/market-entities/?sort=-name&per_page=25&page=2").context["rows"]
    assert len(second) == 5
    partial = client.get("/registry/market-entities/?q=排序05", headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert "排序05" in partial.content.decode()


def test_column_chooser_is_remembered(login) -> None:
    entity("140525")
    client = login("staff")
    client.get("/registry/market-entities/?columns=uscc&columns=name")
    columns = client.get("/registry/market-entities/").context["columns"]
    assert [c.name for c in columns] == ["uscc", "name"]


def test_history_masks_personal_data_unless_revealed(login) -> None:
    e = entity("140525", legal_representative="张三丰")
    client = login("staff")
    form = client.get(f"/registry/market-entities/{e.pk}/edit/").context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["legal_representative"] = "李四光"
    data["tags"] = []
    assert client.post(f"/registry/market-entities/{e.pk}/edit/", data).status_code == 302
    for url in (f"/registry/market-entities/{e.pk}/", f"/registry/market-entities/{e.pk}/history/"):
        page = client.get(url).content.decode()
        assert "李四光" not in page
        assert "李**" in page
    revealed = client.get(f"/registry/market-entities/{e.pk}/?reveal=1").content.decode()
    assert "李四光" in revealed


def test_history_shows_dates_in_the_readers_format(login) -> None:
    e = entity("140525", date_established=dt.date(2019, 5, 6))
    client = login("staff")
    form = client.get(f"/registry/market-entities/{e.pk}/edit/").context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["date_established"] = "2020-01-02"
    data["tags"] = []
    assert client.post(f"/registry/market-entities/{e.pk}/edit/", data).status_code == 302
    page = client.get(f"/registry/market-entities/{e.pk}/history/").content.decode()
    assert "2019年5月6日" in page
    assert "2020年1月2日" in page
    assert "2020-01-02" not in page


def test_list_count_is_capped_for_large_results(login, monkeypatch) -> None:
    from qualitycity.core.generic import views

    monkeypatch.setattr(views, "COUNT_CAP", 3)
    for _ in range(5):
        entity("140525")
    page = login("staff").get("/registry/market-entities/")
    assert page.context["page"].paginator.capped is True
    assert page.context["page"].paginator.count == 3
    assert "3" in page.content.decode()
