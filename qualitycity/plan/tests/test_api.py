"""The plan API: plans, measures, indicators with value and status, and a department's report."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext

from qualitycity.plan.choices import ReportStatus
from qualitycity.plan.models import ProgressReport
from qualitycity.plan.tests import factories as f

pytestmark = pytest.mark.django_db


def _post(client, url: str, body: dict):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_read_plans_measures_and_indicators(login) -> None:
    p = f.plan()
    f.measure(p, 3, co=("samr-jc",))
    f.indicator(
        p, "towns", kind="computed", source="registry.specialised_towns", unit="个", target_value=Decimal("1")
    )
    f.indicator(p, "food", kind="computed", source="spotchecks.food_pass_rate", unit="%")
    client = login("reporter_gxj")
    plans = client.get("/api/v1/plans").json()
    assert p.pk in [row["id"] for row in plans]
    measures = client.get(f"/api/v1/plans/{p.pk}/measures").json()
    assert measures[0]["lead_department"]["code"] == "gxj"
    assert [d["code"] for d in measures[0]["co_departments"]] == ["samr-jc"]
    rows = {row["code"]: row for row in client.get(f"/api/v1/plans/{p.pk}/indicators").json()}
    assert rows["towns"]["source"] == "computed"
    assert rows["towns"]["status"] == "attained"
    assert rows["towns"]["as_of"]
    assert rows["towns"]["drill_url"].endswith("/registry/specialised-towns/")
    assert rows["food"]["value"] is None
    assert rows["food"]["status"] == "no_data"
    # the spot-check module is there, but has no batch for the period
    assert rows["food"]["note"] == gettext("The source has no figure for this period yet.")


def test_department_files_a_report_with_evidence(login) -> None:
    p = f.plan()
    m = f.measure(p, 3)
    f.indicator(p, "gs", name="规上工业企业数", measure=m, unit="家")
    client = login("reporter_gxj")
    body = {
        "measure": 3,
        "period": "2024-Q1",
        "work_done": "开展质量提升行动",
        "values": [{"indicator": "gs", "value": "62", "unit": "家"}],
        "submit": False,
    }
    made = _post(client, f"/api/v1/plans/{p.pk}/reports", body)
    assert made.status_code == 201, made.content
    report_id = made.json()["id"]
    assert made.json()["status"] == "draft"
    assert made.json()["values"] == 1
    upload = client.post(
        f"/api/v1/plans/{p.pk}/reports/{report_id}/evidence",
        {"files": [SimpleUploadedFile("台账.pdf", b"%PDF-1.4")]},
    )
    assert upload.status_code == 200, upload.content
    assert upload.json()["evidence"] == 1
    bad = client.post(
        f"/api/v1/plans/{p.pk}/reports/{report_id}/evidence", {"files": [SimpleUploadedFile("x.exe", b"MZ")]}
    )
    assert bad.status_code == 422
    only_pdf = gettext(
        "{name}: only pdf, jpg, png, docx, xlsx and ofd files are accepted as evidence."
    ).format(name="x.exe")
    assert only_pdf in bad.json()["details"][0]["message"]
    sent = _post(client, f"/api/v1/plans/{p.pk}/reports", {**body, "submit": True})
    assert sent.status_code == 200
    assert sent.json()["status"] == ReportStatus.SUBMITTED
    assert sent.json()["late"] is True
    again = _post(client, f"/api/v1/plans/{p.pk}/reports", body)
    assert again.status_code == 409


def test_bad_reports_are_refused(login) -> None:
    p = f.plan()
    f.measure(p, 3)
    f.measure(p, 4, lead="fgw", co=())
    f.indicator(p, "gs", name="规上工业企业数", unit="家")
    client = login("reporter_gxj")
    other = _post(
        client, f"/api/v1/plans/{p.pk}/reports", {"measure": 4, "period": "2024-Q1", "work_done": "x"}
    )
    assert other.status_code == 403
    assert other.json()["code"] == "not_your_measure"
    unit = _post(
        client,
        f"/api/v1/plans/{p.pk}/reports",
        {
            "measure": 3,
            "period": "2024-Q1",
            "work_done": "x",
            "values": [{"indicator": "gs", "value": "5", "unit": "%"}],
        },
    )
    assert unit.status_code == 422
    assert "规上工业企业数" in unit.json()["details"][0]["message"]
    assert not ProgressReport.objects.filter(plan=p).exists()
    period = _post(
        client, f"/api/v1/plans/{p.pk}/reports", {"measure": 3, "period": "2024-Q9", "work_done": "x"}
    )
    assert period.status_code == 422
    enterprise = login("enterprise")
    assert enterprise.get("/api/v1/plans").json() == []
