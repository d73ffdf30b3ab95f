"""The archive on the entity page and the quality credit report."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from python_calamine import CalamineWorkbook

from qualitycity.core.models import AuditRecord
from qualitycity.credit.events import record_event
from qualitycity.credit.models import CreditEvent, RiskAssessment, RiskModel
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db


def test_record_event_is_audited_and_idempotent_per_source(cast) -> None:
    e = entity("140525")
    staff = cast("staff")
    first = record_event(
        actor=staff, entity=e, kind="honour", occurred_on=dt.date(2025, 5, 1), summary="市长质量奖", source=e
    )
    again = record_event(
        actor=staff,
        entity=e,
        kind="honour",
        occurred_on=dt.date(2025, 5, 2),
        summary="市长质量奖（更正）",
        source=e,
    )
    assert first.pk == again.pk
    assert CreditEvent.objects.count() == 1
    assert AuditRecord.objects.filter(object_type="credit.creditevent").count() == 2


def test_entity_page_shows_the_timeline(cast, login) -> None:
    e = entity("140525")
    record_event(
        actor=cast("staff"),
        entity=e,
        kind="spot_check_result",
        occurred_on=dt.date(2025, 8, 1),
        summary="抽检不合格：铸件力学性能",
        severity="serious",
        is_public=True,
    )
    page = login("zezhou").get(f"/registry/market-entities/{e.pk}/").content.decode()
    assert "抽检不合格：铸件力学性能" in page
    assert 'data-kind="spot_check_result"' in page


def test_report_page_and_xlsx_hide_the_risk_class_from_the_enterprise(cast, login) -> None:
    e = entity("140525", legal_representative="张三丰")
    record_event(
        actor=cast("staff"), entity=e, kind="honour", occurred_on=dt.date(2025, 5, 1), summary="市长质量奖"
    )
    model = RiskModel.objects.create(
        name="m", classes=[{"code": "A", "min_score": 0}, {"code": "D", "min_score": 60}]
    )
    RiskAssessment.objects.create(
        entity=e, model=model, assessed_at="2026-01-01T00:00:00Z", score=12, risk_class="A"
    )
    staff_page = login("staff").get(f"/credit/market-entities/{e.pk}/report/").content.decode()
    assert "市长质量奖" in staff_page
    assert "张**" in staff_page
    assert "张三丰" not in staff_page
    assert "（12.00）" in staff_page
    enterprise = cast("enterprise", uscc=e.uscc)
    from django.test import Client

    client = Client()
    client.force_login(enterprise)
    own = client.get(f"/credit/market-entities/{e.pk}/report/").content.decode()
    assert "市长质量奖" in own
    assert "（12.00）" not in own
    response = login("staff").get(f"/credit/market-entities/{e.pk}/report/?format=xlsx")
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[1][1] == e.uscc
    assert any(r and r[-2] == "市长质量奖" for r in rows if len(r) >= 4)
    assert AuditRecord.objects.filter(action="export", object_id=str(e.pk)).count() == 1


def test_report_of_another_county_is_404(login) -> None:
    other = entity("140581")
    assert login("zezhou").get(f"/credit/market-entities/{other.pk}/report/").status_code == 404
