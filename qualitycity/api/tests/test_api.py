"""The REST API: tokens, error shape, entity endpoints, scoping, bad input."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from qualitycity.core.models import AuditRecord
from qualitycity.registry.models import Entity
from qualitycity.registry.tests.factories import entity, make_uscc

pytestmark = pytest.mark.django_db


def _token(client: Client, username: str, password: str) -> str:
    response = client.post(
        "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


@pytest.fixture
def zezhou_api(cast, password) -> Client:
    cast("zezhou")
    client = Client()
    token = _token(client, "zezhou", password)
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_token_with_wrong_password_is_401(cast) -> None:
    cast("staff")
    response = Client().post(
        "/api/v1/auth/token", {"username": "staff", "password": "nope"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "http_error"


def test_no_token_is_401_with_error_shape(db) -> None:
    response = Client().get("/api/v1/entities")
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message", "details"}


def test_bad_token_is_401(db) -> None:
    response = Client(headers={"Authorization": "Bearer forged"}).get("/api/v1/entities")
    assert response.status_code == 401


def test_list_is_scoped_to_the_county(zezhou_api) -> None:
    own = entity("140525")
    entity("140581")
    body = zezhou_api.get("/api/v1/entities").json()
    assert body["count"] == 1
    assert body["results"][0]["uscc"] == own.uscc
    assert body["results"][0]["legal_representative"] == "张**"


def test_get_by_uscc_accepts_lower_case(zezhou_api) -> None:
    own = entity("140525")
    response = zezhou_api.get(f"/api/v1/entities/{own.uscc.lower()}")
    assert response.status_code == 200
    assert response.json()["name"] == own.name


def test_other_county_entity_is_404(zezhou_api) -> None:
    other = entity("140581")
    response = zezhou_api.get(f"/api/v1/entities/{other.uscc}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_invalid_uscc_is_422_naming_the_field(zezhou_api) -> None:
    response = zezhou_api.get("/api/v1/entities/91140525MA0000000X")
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "uscc"


def _payload(**extra) -> dict:
    data = {
        "uscc": make_uscc("140525"),
        "name": "晋城市泽州县接口新建铸造有限公司",
        "entity_type": "enterprise",
        "legal_representative": "李四",
        "date_established": "2020-05-01",
        "county_code": "140525",
        "industry_code": "3391",
    }
    data.update(extra)
    return data


def test_create_entity_writes_one_audit_record(zezhou_api) -> None:
    before = AuditRecord.objects.filter(action="create").count()
    response = zezhou_api.post("/api/v1/entities", _payload(), content_type="application/json")
    assert response.status_code == 201, response.content
    created = Entity.objects.get(uscc=response.json()["uscc"])
    assert created.created_by.username == "zezhou"
    assert AuditRecord.objects.filter(action="create").count() == before + 1
    rec = AuditRecord.objects.get(action="create", object_id=str(created.pk))
    assert rec.actor_username == "zezhou"


def test_create_with_invalid_uscc_is_422_and_writes_nothing(zezhou_api) -> None:
    count = Entity.objects.count()
    response = zezhou_api.post(
        "/api/v1/entities", _payload(uscc="91140525MA0000000X"), content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["details"][0]["field"] == "uscc"
    assert Entity.objects.count() == count


def test_create_in_another_county_is_refused(zezhou_api) -> None:
    response = zezhou_api.post(
        "/api/v1/entities",
        _payload(uscc=make_uscc("140581"), county_code="140581"),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "county"
    assert not Entity.objects.filter(county__code="140581").exists()


def test_duplicate_uscc_is_422(zezhou_api) -> None:
    existing = entity("140525")
    response = zezhou_api.post(
        "/api/v1/entities", _payload(uscc=existing.uscc), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "uscc"


def test_malformed_json_is_a_4xx_with_error_shape(zezhou_api) -> None:
    response = zezhou_api.post("/api/v1/entities", "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert set(response.json()) == {"code", "message", "details"}


def test_overlong_name_is_422(zezhou_api) -> None:
    response = zezhou_api.post("/api/v1/entities", _payload(name="厂" * 500), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "name"


def test_html_and_sql_in_text_are_stored_as_text(zezhou_api, login) -> None:
    name = "<script>alert(1)</script>'; DROP TABLE registry_entity; --"
    response = zezhou_api.post("/api/v1/entities", _payload(name=name), content_type="application/json")
    assert response.status_code == 201
    assert Entity.objects.get(name=name)
    page = login("zezhou").get("/registry/market-entities/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_role_without_permission_is_403(cast, password) -> None:
    cast("reporter_gxj")
    token = _token(Client(), "reporter_gxj", password)
    response = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/entities")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_calendar_endpoint(db) -> None:
    response = Client().get("/api/v1/calendar/add-workdays?start=2026-09-30&days=1")
    assert response.status_code == 200
    assert response.json() == {"start": "2026-09-30", "days": 1, "result": "2026-10-08"}


def test_calendar_endpoint_without_data_is_422(db) -> None:
    response = Client().get("/api/v1/calendar/add-workdays?start=2027-03-01&days=3")
    assert response.status_code == 422
    assert "2027" in response.json()["message"]


def test_calendar_endpoint_bad_date_is_422(db) -> None:
    response = Client().get("/api/v1/calendar/add-workdays?start=2026-13-01&days=1")
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "start"


def test_openapi_document_is_served(db) -> None:
    doc = json.loads(Client().get("/api/v1/openapi.json").content)
    assert "/api/v1/entities" in doc["paths"]
    assert "/api/v1/calendar/add-workdays" in doc["paths"]


def test_committed_openapi_document_is_current(db) -> None:
    """CI fails when the API changed and `make openapi` was not run."""
    from pathlib import Path

    committed = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"
    served = Client().get("/api/v1/openapi.json").json()
    assert json.loads(committed.read_text(encoding="utf-8")) == served


def test_api_docs_are_served_without_a_cdn(db) -> None:
    page = Client().get("/api/v1/docs").content.decode()
    assert "cdn." not in page
    assert "/static/ninja/" in page
