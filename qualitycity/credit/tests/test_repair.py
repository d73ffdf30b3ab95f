"""Credit repair: eligibility (国市监信规〔2021〕3号; 总局令45号 Art 14), decisions, the
applicant's own entity only, the bureau's review in scope, and the to-do list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from qualitycity.core import todo
from qualitycity.credit import lists, repair
from qualitycity.credit.models import CreditEvent, CreditRepair, ListEntry
from qualitycity.credit.services import record_event
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted as their English msgids, whatever the catalogue holds."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


TODAY = D(2026, 3, 2)


@pytest.fixture
def frozen_today(monkeypatch):
    """Pages use today's date; freeze it so working-day deadlines are stable."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def _entry(e, *, kind="abnormal_operations", ground="unreachable", on=None):
    return lists.list_entity(actor=None, entity=e, kind=kind, ground=ground, listed_on=on or D(2026, 1, 5))


def _penalty(e, *, on=None, **details):
    return record_event(
        actor=None,
        entity=e,
        kind="penalty",
        occurred_on=on or D(2026, 1, 10),
        summary="罚款5000元",
        severity="serious",
        is_public=True,
        details={"penalty_type": "fine", **details},
    )


def _apply(actor, e, **kwargs):
    kwargs.setdefault("kind", "abnormal_removal")
    kwargs.setdefault("reason", "已在新址正常经营，承诺今后依法公示")
    return repair.apply_for_repair(actor=actor, entity=e, **kwargs)


def _refusal(actor, e, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        _apply(actor, e, **kwargs)
    return exc.value


# ---------------------------------------------------------------- applying


def test_enterprise_applies_for_its_own_entity_with_due_date(cast) -> None:
    e = entity()
    entry = _entry(e)
    member = cast("enterprise", uscc=e.uscc)
    created = _apply(member, e, list_entry=entry, applied_on=D(2026, 3, 2))
    assert (created.status, created.applicant, created.applied_on) == ("submitted", member, D(2026, 3, 2))
    assert created.due_on == D(2026, 3, 23)  # 15 working days (rule credit-repair-decision)
    assert repair.is_overdue(created, D(2026, 3, 23)) is False
    assert repair.is_overdue(created, D(2026, 3, 24)) is True


def test_enterprise_cannot_apply_for_another_entity(cast) -> None:
    mine, theirs = entity(), entity()
    entry = _entry(theirs)
    member = cast("enterprise", uscc=mine.uscc)
    with pytest.raises(PermissionDenied, match="only for their own entity"):
        _apply(member, theirs, list_entry=entry)
    assert CreditRepair.objects.count() == 0


def test_list_repair_needs_a_current_entry_of_the_right_list(cast) -> None:
    staff = cast("staff")
    e = entity()
    entry = _entry(e)
    assert _refusal(staff, e, kind="abnormal_removal").code == "target_required"
    wrong = _refusal(staff, e, kind="serious_early_removal", list_entry=entry)
    assert (wrong.code, wrong.messages) == (
        "wrong_list",
        ["Early removal from the serious violation list applies to the Serious violation list only."],
    )
    assert _refusal(staff, entity(), list_entry=entry).code == "wrong_entity"
    lists.remove_from_list(actor=None, entry=entry, removed_on=D(2026, 2, 1), reason="cured")
    assert _refusal(staff, e, list_entry=entry).code == "not_listed"
    assert _refusal(staff, e, list_entry=_entry(e), reason=" ").code == "reason_required"
    assert CreditRepair.objects.count() == 0


def test_missing_annual_report_must_be_filed_first(cast) -> None:
    staff = cast("staff")
    e = entity(date_established=D(2020, 1, 1))
    lists.annual_report_sweep(actor=None, year=2025, today=D(2026, 7, 1))
    entry = ListEntry.objects.get(entity=e)
    refused = _refusal(staff, e, list_entry=entry, applied_on=D(2026, 7, 6))
    assert (refused.code, refused.messages) == (
        "report_not_filed",
        ["File the missing annual report for 2025 first."],
    )
    lists.record_annual_report(actor=staff, entity=e, year=2025, status="filed", filed_on=D(2026, 7, 3))
    assert _apply(staff, e, list_entry=entry, applied_on=D(2026, 7, 6)).status == "submitted"


def test_individual_business_restores_normal_status(cast) -> None:
    shop = entity(entity_type="individual_business")
    entry = _entry(shop)
    assert entry.kind == "abnormal_status"
    assert _refusal(cast("staff"), shop, list_entry=entry).code == "wrong_list"
    created = _apply(cast("staff"), shop, kind="abnormal_status_restore", list_entry=entry)
    assert created.kind == "abnormal_status_restore"


def test_one_open_repair_per_target(cast) -> None:
    staff = cast("staff")
    e = entity()
    entry = _entry(e)
    first = _apply(staff, e, list_entry=entry)
    refused = _refusal(staff, e, list_entry=entry)
    assert (refused.code, refused.messages) == (
        "repair_open",
        ["An application for this item is already awaiting a decision."],
    )
    repair.decide_repair(actor=staff, repair=first, approve=False, note="证据不足")
    assert _apply(staff, e, list_entry=entry).status == "submitted"
    assert CreditRepair.objects.filter(list_entry=entry).count() == 2


def test_serious_list_early_removal_only_after_a_year(cast) -> None:
    staff = cast("staff")
    e = entity()
    entry = _entry(e, kind="serious_violation", ground="serious_violation", on=D(2025, 3, 1))
    refused = _refusal(staff, e, kind="serious_early_removal", list_entry=entry, applied_on=D(2026, 2, 28))
    assert (refused.code, refused.messages) == (
        "too_early",
        ["Early removal from the serious violation list can be requested from 2026-03-01."],
    )
    ok = _apply(staff, e, kind="serious_early_removal", list_entry=entry, applied_on=D(2026, 3, 2))
    assert ok.kind == "serious_early_removal"


def test_penalty_publicity_eligibility(cast) -> None:
    staff = cast("staff")
    e = entity()
    stop = {"kind": "penalty_publicity_stop"}
    heavy = _penalty(e, penalty_type=repair.LICENCE_REVOCATION)
    refused = _refusal(staff, e, penalty_event=heavy, applied_on=D(2027, 1, 10), **stop)
    assert refused.code == "not_repairable"
    for penalty_type in sorted(repair.NON_REPAIRABLE_PENALTY_TYPES):
        event = _penalty(entity(), penalty_type=penalty_type)
        assert (
            _refusal(staff, event.entity, penalty_event=event, applied_on=D(2027, 1, 10), **stop).code
            == "not_repairable"
        )
    warning = _penalty(e, penalty_type=repair.WARNING)
    assert _refusal(staff, e, penalty_event=warning, applied_on=D(2027, 1, 10), **stop).code == "expires"
    criticism = _penalty(e, penalty_type=repair.CIRCULATED_CRITICISM)
    assert _refusal(staff, e, penalty_event=criticism, applied_on=D(2027, 1, 10), **stop).code == "expires"
    fine = _penalty(e)
    early = _refusal(staff, e, penalty_event=fine, applied_on=D(2026, 7, 9), **stop)
    assert (early.code, early.messages) == (
        "too_early",
        ["The publicity of this penalty can be stopped early from 2026-07-10."],
    )
    honour = record_event(
        actor=None, entity=e, kind="honour", occurred_on=D(2025, 1, 1), summary="x", is_public=True
    )
    assert _refusal(staff, e, penalty_event=honour, applied_on=D(2027, 1, 10), **stop).code == "not_a_penalty"
    assert _apply(staff, e, penalty_event=fine, applied_on=D(2026, 7, 10), **stop).penalty_event == fine
    assert CreditRepair.objects.count() == 1


def test_food_penalty_needs_one_year_of_publicity(cast) -> None:
    staff = cast("staff")
    e = entity()
    food = _penalty(e, on=D(2025, 7, 1), domain="food")
    refused = _refusal(staff, e, kind="penalty_publicity_stop", penalty_event=food, applied_on=D(2026, 6, 30))
    assert (refused.code, refused.messages) == (
        "too_early",
        ["The publicity of this penalty can be stopped early from 2026-07-01."],
    )
    assert (
        _apply(staff, e, kind="penalty_publicity_stop", penalty_event=food, applied_on=D(2026, 7, 1)).status
        == "submitted"
    )
    # a non-food penalty of the same date could have applied after 6 months
    fine = _penalty(e, on=D(2025, 7, 1), domain="industrial_products")
    assert (
        _apply(staff, e, kind="penalty_publicity_stop", penalty_event=fine, applied_on=D(2026, 1, 5)).status
        == "submitted"
    )


def test_listed_entity_cannot_stop_penalty_publicity(cast) -> None:
    e = entity()
    _entry(e)
    fine = _penalty(e)
    refused = _refusal(
        cast("staff"), e, kind="penalty_publicity_stop", penalty_event=fine, applied_on=D(2027, 1, 10)
    )
    assert refused.code == "entity_listed"


# ---------------------------------------------------------------- deciding


def test_approval_removes_the_listing_and_writes_events(cast) -> None:
    staff = cast("staff")
    e = entity()
    entry = _entry(e)
    application = _apply(staff, e, list_entry=entry, applied_on=D(2026, 3, 2))
    decided = repair.decide_repair(
        actor=staff, repair=application, approve=True, note="", decided_on=D(2026, 3, 5)
    )
    assert (decided.status, decided.decided_on, decided.decided_by) == ("approved", D(2026, 3, 5), staff)
    entry.refresh_from_db()
    assert (entry.status, entry.removed_on, entry.removal_reason) == (
        "removed",
        D(2026, 3, 5),
        "Credit repair approved.",
    )
    assert CreditEvent.objects.filter(entity=e, kind="list_removal").count() == 1
    event = CreditEvent.objects.get(entity=e, kind="credit_repair")
    assert (event.is_public, event.severity, event.occurred_on) == (True, "positive", D(2026, 3, 5))
    with pytest.raises(ValidationError) as exc:
        repair.decide_repair(actor=staff, repair=application, approve=False, note="again")
    assert exc.value.code == "already_decided"


def test_approval_stops_penalty_publicity(cast) -> None:
    staff = cast("staff")
    e = entity()
    fine = _penalty(e)
    application = _apply(
        staff, e, kind="penalty_publicity_stop", penalty_event=fine, applied_on=D(2026, 8, 3)
    )
    repair.decide_repair(
        actor=staff, repair=application, approve=True, note="已履行", decided_on=D(2026, 8, 10)
    )
    fine.refresh_from_db()
    assert (fine.is_public, fine.public_until) == (False, D(2026, 8, 10))
    assert CreditEvent.objects.filter(entity=e, kind="credit_repair").count() == 1


def test_rejection_needs_a_note_and_changes_nothing_else(cast) -> None:
    staff = cast("staff")
    e = entity()
    entry = _entry(e)
    application = _apply(staff, e, list_entry=entry)
    with pytest.raises(ValidationError) as exc:
        repair.decide_repair(actor=staff, repair=application, approve=False, note=" ")
    assert (exc.value.code, exc.value.messages) == ("note_required", ["Give the reason for the rejection."])
    rejected = repair.decide_repair(actor=staff, repair=application, approve=False, note="仍无法联系")
    assert (rejected.status, rejected.decision_note) == ("rejected", "仍无法联系")
    entry.refresh_from_db()
    assert entry.status == "listed"
    assert not CreditEvent.objects.filter(entity=e, kind="credit_repair").exists()


# ---------------------------------------------------------------- screens


def test_deadline_in_a_year_without_calendar_is_refused(cast) -> None:
    e = entity()
    refused = _refusal(cast("staff"), e, list_entry=_entry(e), applied_on=D(2099, 12, 30))
    assert refused.code == "calendar_not_available"
    assert CreditRepair.objects.count() == 0


def test_enterprise_applies_through_the_page(cast, frozen_today) -> None:
    e = entity()
    entry = _entry(e)
    member = cast("enterprise", uscc=e.uscc)
    client = Client()
    client.force_login(member)
    url = f"/credit/market-entities/{e.pk}/credit-repairs/apply/"
    page = client.get(url).content.decode()
    assert f'value="entry-{entry.pk}"' in page
    data = {"target": f"entry-{entry.pk}", "reason": "已恢复联系", "declaration": "on"}
    response = client.post(url, data)
    created = CreditRepair.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/credit/my-credit-repairs/{created.pk}/"
    assert (created.applicant, created.list_entry) == (member, entry)
    own = client.get(f"/credit/my-credit-repairs/{created.pk}/")
    assert own.status_code == 200
    assert "已恢复联系" in own.content.decode()
    assert created.due_on == D(2026, 3, 23)
    assert e.name in client.get("/credit/my-credit-repairs/").content.decode()
    # the bureau's review page is not theirs
    assert client.get(f"/credit/credit-repairs/{created.pk}/decide/").status_code == 403


def test_enterprise_cannot_apply_or_read_for_another_entity(cast) -> None:
    mine, theirs = entity(), entity()
    entry = _entry(theirs)
    other_repair = _apply(cast("staff"), theirs, list_entry=entry)
    client = Client()
    client.force_login(cast("enterprise", uscc=mine.uscc))
    data = {"target": f"entry-{entry.pk}", "reason": "x", "declaration": "on"}
    assert client.post(f"/credit/market-entities/{theirs.pk}/credit-repairs/apply/", data).status_code == 404
    assert client.get(f"/credit/my-credit-repairs/{other_repair.pk}/").status_code == 404
    assert CreditRepair.objects.count() == 1


def test_apply_page_shows_eligibility_refusal(cast, frozen_today) -> None:
    e = entity()
    fine = _penalty(e, on=D(2025, 1, 6), penalty_type=repair.SUSPENSION)
    client = Client()
    client.force_login(cast("enterprise", uscc=e.uscc))
    data = {"target": f"penalty-{fine.pk}", "reason": "x", "declaration": "on"}
    response = client.post(f"/credit/market-entities/{e.pk}/credit-repairs/apply/", data)
    assert response.status_code == 200
    assert "cannot be stopped early" in response.content.decode()
    assert CreditRepair.objects.count() == 0


def test_bureau_decides_in_scope_only(login, cast, frozen_today) -> None:
    e = entity("140525")
    entry = _entry(e)
    application = _apply(cast("staff"), e, list_entry=entry, applied_on=D(2026, 3, 2))
    url = f"/credit/credit-repairs/{application.pk}/decide/"
    data = {"approve": "1", "note": "", "decided_on": "2026-03-05"}
    assert login("gaoping").post(url, data).status_code == 404
    assert login("inspector").post(url, data).status_code == 403
    application.refresh_from_db()
    assert application.status == "submitted"
    client = login("zezhou")
    assert f'href="{url}"' in client.get(f"/credit/credit-repairs/{application.pk}/").content.decode()
    response = client.post(url, data)
    assert response.status_code == 302
    application.refresh_from_db()
    entry.refresh_from_db()
    assert (application.status, entry.status) == ("approved", "removed")
    rejected = login("zezhou").post(url, {"approve": "0", "note": "", "decided_on": "2026-03-05"})
    assert "already been decided" in rejected.content.decode()


def test_todo_lists_repairs_awaiting_decision_overdue_first(cast, frozen_today) -> None:
    staff = cast("staff")
    recent_entity = entity(name="近期审核铸造有限公司")
    recent = _apply(staff, recent_entity, list_entry=_entry(recent_entity), applied_on=D(2026, 2, 27))
    late_entity = entity(name="逾期审核铸造有限公司")
    late = _apply(staff, late_entity, list_entry=_entry(late_entity), applied_on=D(2026, 1, 6))
    other_county = entity("140581")
    _apply(staff, other_county, list_entry=_entry(other_county), applied_on=D(2026, 1, 6))
    items = [i for i in todo.items_for(cast("zezhou")) if i.module == "Credit repair"]
    assert [i.url for i in items] == [
        f"/credit/credit-repairs/{late.pk}/decide/",
        f"/credit/credit-repairs/{recent.pk}/decide/",
    ]
    assert (late.due_on, recent.due_on) == (D(2026, 1, 27), D(2026, 3, 19))  # 28 Feb is a make-up workday
    assert items[0].title == "Overdue: decide the credit repair of 逾期审核铸造有限公司"
    assert items[1].title == "Decide the credit repair of 近期审核铸造有限公司"
    assert [i for i in todo.items_for(cast("enterprise")) if i.module == "Credit repair"] == []
    assert len([i for i in todo.items_for(staff) if i.module == "Credit repair"]) == 3
