"""Lists and annual reports: listing, removal, the 3-year move, the annual-report sweep, the
command, the background jobs and the screens (scope and permissions)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from qualitycity.core.choices import JobStatus
from qualitycity.core.models import AuditRecord, Job
from qualitycity.credit import lists
from qualitycity.credit.models import AnnualReport, CreditEvent, ListEntry
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


def _list(e, *, kind="abnormal_operations", ground="unreachable", on=None, actor=None):
    return lists.list_entity(actor=actor, entity=e, kind=kind, ground=ground, listed_on=on or D(2026, 3, 2))


# ---------------------------------------------------------------- list_entity


def test_list_entity_creates_entry_public_event_and_audit_record(cast) -> None:
    staff = cast("staff")
    e = entity()
    entry = lists.list_entity(
        actor=staff,
        entity=e,
        kind="abnormal_operations",
        ground="unreachable",
        listed_on=D(2026, 3, 2),
        decision_number="晋市监异〔2026〕1号",
    )
    assert (entry.kind, entry.ground, entry.status, entry.listed_on) == (
        "abnormal_operations",
        "unreachable",
        "listed",
        D(2026, 3, 2),
    )
    assert entry.decided_by == staff.department
    event = CreditEvent.objects.get(entity=e, kind="list_entry")
    assert (event.is_public, event.severity, event.occurred_on) == (True, "minor", D(2026, 3, 2))
    assert event.source_id == str(entry.pk)
    assert event.details["decision_number"] == "晋市监异〔2026〕1号"
    rec = AuditRecord.objects.get(object_type="credit.listentry", object_id=str(entry.pk))
    assert (rec.action, rec.actor_id) == ("create", staff.pk)


def test_second_current_entry_of_the_same_kind_is_refused(cast) -> None:
    e = entity()
    _list(e)
    with pytest.raises(ValidationError) as exc:
        _list(e, ground="false_disclosure")
    assert exc.value.code == "already_listed"
    assert exc.value.messages == [f"{e.name} is already on the Abnormal operations list."]
    assert ListEntry.objects.filter(entity=e).count() == 1
    # the serious list is another list
    _list(e, kind="serious_violation", ground="serious_violation")
    assert ListEntry.objects.filter(entity=e).count() == 2


def test_abnormal_list_takes_only_its_four_grounds() -> None:
    e = entity()
    with pytest.raises(ValidationError) as exc:
        _list(e, ground="serious_violation")
    assert exc.value.code == "ground_not_allowed"
    assert exc.value.messages == [
        "Heavier administrative penalty for a serious violation is not a ground for the Abnormal operations list."
    ]
    with pytest.raises(ValidationError) as exc:
        _list(e, kind="serious_violation", ground="unreachable")
    assert exc.value.code == "ground_not_allowed"
    for ground in lists.ABNORMAL_GROUNDS:
        other = entity()
        assert _list(other, ground=ground).ground == ground
    assert ListEntry.objects.filter(entity=e).count() == 0


def test_individual_business_gets_abnormal_status() -> None:
    shop = entity(entity_type="individual_business")
    entry = _list(shop, ground="annual_report_not_filed")
    assert entry.kind == "abnormal_status"
    company = entity()
    with pytest.raises(ValidationError) as exc:
        _list(company, kind="abnormal_status")
    assert exc.value.code == "not_individual_business"


# ---------------------------------------------------------------- remove_from_list


def test_remove_from_list_records_removal_event(cast) -> None:
    staff = cast("staff")
    e = entity()
    entry = _list(e)
    removed = lists.remove_from_list(
        actor=staff, entry=entry, removed_on=D(2026, 4, 1), reason="地址已变更登记"
    )
    assert (removed.status, removed.removed_on, removed.removal_reason) == (
        "removed",
        D(2026, 4, 1),
        "地址已变更登记",
    )
    event = CreditEvent.objects.get(entity=e, kind="list_removal")
    assert (event.is_public, event.occurred_on) == (True, D(2026, 4, 1))
    with pytest.raises(ValidationError) as exc:
        lists.remove_from_list(actor=staff, entry=entry, removed_on=D(2026, 4, 2), reason="again")
    assert exc.value.code == "not_listed"
    assert CreditEvent.objects.filter(entity=e, kind="list_removal").count() == 1


def test_remove_needs_reason_and_a_date_after_listing() -> None:
    entry = _list(entity())
    with pytest.raises(ValidationError) as exc:
        lists.remove_from_list(actor=None, entry=entry, removed_on=D(2026, 4, 1), reason="  ")
    assert (exc.value.code, exc.value.messages) == ("reason_required", ["Give the reason for the removal."])
    with pytest.raises(ValidationError) as exc:
        lists.remove_from_list(actor=None, entry=entry, removed_on=D(2026, 3, 1), reason="x")
    assert exc.value.code == "date_before_listing"
    entry.refresh_from_db()
    assert entry.status == "listed"


# ---------------------------------------------------------------- the 3-year move


def test_move_after_exactly_three_years_and_idempotent() -> None:
    e = entity()
    old = _list(e, on=D(2022, 3, 1))
    assert lists.move_overdue_to_serious(actor=None, today=D(2025, 2, 28)) == []
    old.refresh_from_db()
    assert old.status == "listed"
    moved = lists.move_overdue_to_serious(actor=None, today=D(2025, 3, 1))
    assert len(moved) == 1
    serious = moved[0]
    assert (serious.kind, serious.ground, serious.status, serious.listed_on) == (
        "serious_violation",
        "abnormal_three_years",
        "listed",
        D(2025, 3, 1),
    )
    old.refresh_from_db()
    assert (old.status, old.moved_to_id, old.removed_on) == ("moved_to_serious", serious.pk, D(2025, 3, 1))
    assert CreditEvent.objects.filter(entity=e, kind="list_entry", severity="severe").count() == 1
    assert lists.move_overdue_to_serious(actor=None, today=D(2025, 3, 2)) == []
    assert ListEntry.objects.filter(entity=e).count() == 2


def test_move_leaves_individual_businesses_and_removed_entries() -> None:
    shop = _list(entity(entity_type="individual_business"), on=D(2021, 1, 4))
    removed = _list(entity(), on=D(2021, 1, 4))
    lists.remove_from_list(actor=None, entry=removed, removed_on=D(2021, 6, 1), reason="cured")
    assert lists.move_overdue_to_serious(actor=None, today=D(2026, 1, 5)) == []
    shop.refresh_from_db()
    assert shop.status == "listed"


def test_add_years_ends_29_february_on_28_february() -> None:
    assert lists.add_years(D(2024, 2, 29), 3) == D(2027, 2, 28)
    assert lists.add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    e = entity()
    _list(e, on=D(2024, 2, 29))
    assert len(lists.move_overdue_to_serious(actor=None, today=D(2027, 2, 28))) == 1


# ---------------------------------------------------------------- annual reports


def test_record_annual_report_upserts_with_one_event(cast) -> None:
    staff = cast("staff")
    e = entity()
    first = lists.record_annual_report(actor=staff, entity=e, year=2025, status="missing")
    again = lists.record_annual_report(
        actor=staff, entity=e, year=2025, status="filed", filed_on=D(2026, 7, 20)
    )
    assert first.pk == again.pk
    assert (again.status, again.filed_on) == ("filed_late", D(2026, 7, 20))  # after 30 June
    event = CreditEvent.objects.get(entity=e, kind="annual_report")
    assert (event.is_public, event.details) == (True, {"year": 2025, "status": "filed_late"})
    on_time = lists.record_annual_report(
        actor=staff, entity=entity(), year=2025, status="filed", filed_on=D(2026, 5, 1)
    )
    assert on_time.status == "filed"
    with pytest.raises(ValidationError) as exc:
        lists.record_annual_report(actor=staff, entity=e, year=2024, status="filed")
    assert exc.value.code == "filed_on_required"


def test_sweep_before_1_july_is_refused() -> None:
    e = entity(date_established=D(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:
        lists.annual_report_sweep(actor=None, year=2025, today=D(2026, 6, 30))
    assert exc.value.code == "sweep_too_early"
    assert exc.value.messages == [
        "The annual reports for 2025 may be filed until 2026-06-30; the sweep can run from 2026-07-01."
    ]
    assert not AnnualReport.objects.filter(entity=e).exists()
    assert not ListEntry.objects.filter(entity=e).exists()


def _sweep_population():
    old = D(2020, 5, 1)
    filed = entity(date_established=old)
    lists.record_annual_report(actor=None, entity=filed, year=2025, status="filed", filed_on=D(2026, 3, 1))
    return {
        "filed": filed,
        "missing": entity(date_established=old),
        "shop": entity(date_established=old, entity_type="individual_business"),
        "listed": entity(date_established=old),
        "new": entity(date_established=D(2026, 1, 5)),
        "cancelled": entity(date_established=old, registration_status="cancelled"),
    }


def test_sweep_marks_missing_reports_and_lists_non_filers() -> None:
    people = _sweep_population()
    _list(people["listed"], ground="unreachable", on=D(2026, 2, 2))
    counts = lists.annual_report_sweep(actor=None, year=2025, today=D(2026, 7, 1))
    assert counts == {"checked": 4, "missing": 3, "listed": 2, "already_listed": 1}
    assert AnnualReport.objects.get(entity=people["missing"], year=2025).status == "missing"
    assert AnnualReport.objects.get(entity=people["filed"], year=2025).status == "filed"
    assert not AnnualReport.objects.filter(entity__in=[people["new"], people["cancelled"]]).exists()
    entry = ListEntry.objects.get(entity=people["missing"])
    assert (entry.kind, entry.ground, entry.listed_on) == (
        "abnormal_operations",
        "annual_report_not_filed",
        D(2026, 7, 1),
    )
    assert ListEntry.objects.get(entity=people["shop"]).kind == "abnormal_status"
    assert ListEntry.objects.filter(entity=people["listed"]).count() == 1
    event = CreditEvent.objects.get(entity=people["missing"], kind="list_entry")
    assert (event.source_model, event.source_id, event.is_public) == ("credit.listentry", str(entry.pk), True)
    assert AuditRecord.objects.filter(object_type="credit.listentry", object_id=str(entry.pk)).count() == 1
    # running again lists nobody twice
    again = lists.annual_report_sweep(actor=None, year=2025, today=D(2026, 7, 2))
    assert again == {"checked": 4, "missing": 3, "listed": 0, "already_listed": 3}
    assert ListEntry.objects.filter(ground="annual_report_not_filed").count() == 2


def test_command_prints_sweep_and_move_counts() -> None:
    _sweep_population()
    out = io.StringIO()
    call_command("lists", "annual-report-sweep", "2025", "--today", "2026-07-01", stdout=out)
    assert out.getvalue() == "annual reports 2025: checked 4, missing 3, listed 3\n"
    out = io.StringIO()
    call_command("lists", "move-overdue", "--today", "2029-07-01", stdout=out)
    assert out.getvalue() == "moved 2 entries to the serious violation list\n"
    rec = AuditRecord.objects.filter(object_type="credit.listentry").order_by("-seq").first()
    assert (rec.actor_id, rec.actor_username) == (None, "")
    with pytest.raises(CommandError, match="may be filed until 2026-06-30"):
        call_command("lists", "annual-report-sweep", "2025", "--today", "2026-06-01", stdout=io.StringIO())


# ---------------------------------------------------------------- jobs and screens


def test_staff_starts_sweep_job_from_the_page(login, django_capture_on_commit_callbacks, run_worker) -> None:
    people = _sweep_population()
    client = login("staff")
    assert client.get("/credit/list-jobs/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/credit/list-jobs/", {"action": "sweep", "year": "2025"})
    assert response.status_code == 302
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert response["Location"] == f"/jobs/{job.pk}/"
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"checked": 4, "missing": 3, "listed": 3, "already_listed": 0}
    assert job.result_name == "annual report sweep 2025 - checked 4, missing 3, listed 3.xlsx"
    assert ListEntry.objects.get(entity=people["missing"]).ground == "annual_report_not_filed"


def test_move_job_runs_through_the_worker(login, django_capture_on_commit_callbacks, run_worker) -> None:
    e = entity()
    _list(e, on=D(2021, 3, 1))
    client = login("staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/credit/list-jobs/", {"action": "move"})
    assert response.status_code == 302
    run_worker()
    job = Job.objects.get(kind="list_move")
    assert (job.status, job.result) == (JobStatus.SUCCEEDED, {"moved": 1})
    assert ListEntry.objects.get(entity=e, kind="serious_violation").ground == "abnormal_three_years"


def test_sweep_for_the_current_year_is_refused_on_the_page(login) -> None:
    import django.utils.timezone as tz

    client = login("staff")
    year = tz.localdate().year
    response = client.post("/credit/list-jobs/", {"action": "sweep", "year": str(year)})
    assert response.status_code == 200
    assert f"The annual reports for {year} may be filed until {year + 1}-06-30" in response.content.decode()
    assert Job.objects.count() == 0


@pytest.mark.parametrize("member", ["zezhou", "inspector", "leader", "enterprise"])
def test_only_city_staff_start_list_jobs(login, member) -> None:
    client = login(member)
    assert client.get("/credit/list-jobs/").status_code == 403
    assert client.post("/credit/list-jobs/", {"action": "move"}).status_code == 403
    assert Job.objects.count() == 0


def test_county_officer_lists_only_in_their_county(login) -> None:
    own = entity("140525")
    other = entity("140581")
    client = login("zezhou")
    data = {
        "kind": "abnormal_operations",
        "ground": "unreachable",
        "listed_on": "2026-03-02",
        "decision_number": "x",
    }
    assert client.post(f"/credit/market-entities/{other.pk}/list-entries/add/", data).status_code == 404
    assert not ListEntry.objects.filter(entity=other).exists()
    response = client.post(f"/credit/market-entities/{own.pk}/list-entries/add/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/registry/market-entities/{own.pk}/"
    assert ListEntry.objects.get(entity=own).decision_number == "x"


def test_listing_form_shows_service_refusal(login) -> None:
    e = entity()
    _list(e)
    client = login("staff")
    data = {"kind": "abnormal_operations", "ground": "false_disclosure", "listed_on": "2026-03-02"}
    response = client.post(f"/credit/market-entities/{e.pk}/list-entries/add/", data)
    assert response.status_code == 200
    assert "is already on the Abnormal operations list." in response.content.decode()
    assert ListEntry.objects.filter(entity=e).count() == 1


@pytest.mark.parametrize("member", ["inspector", "leader", "enterprise"])
def test_roles_without_decision_rights_cannot_list_or_remove(login, member) -> None:
    e = entity()
    entry = _list(e)
    client = login(member)
    assert client.get(f"/credit/market-entities/{e.pk}/list-entries/add/").status_code == 403
    assert (
        client.post(
            f"/credit/list-entries/{entry.pk}/remove/", {"removed_on": "2026-04-01", "reason": "x"}
        ).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.status == "listed"


def test_remove_from_list_page(login) -> None:
    e = entity("140525")
    entry = _list(e)
    assert (
        login("gaoping")
        .post(f"/credit/list-entries/{entry.pk}/remove/", {"removed_on": "2026-04-01", "reason": "x"})
        .status_code
        == 404
    )
    client = login("zezhou")
    detail = client.get(f"/credit/list-entries/{entry.pk}/").content.decode()
    assert f'href="/credit/list-entries/{entry.pk}/remove/"' in detail
    response = client.post(
        f"/credit/list-entries/{entry.pk}/remove/", {"removed_on": "2026-04-01", "reason": "已补报"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.removal_reason) == ("removed", "已补报")
    assert "/remove/" not in client.get(f"/credit/list-entries/{entry.pk}/").content.decode()


def test_entity_page_section_shows_lists_reports_and_actions(login, cast) -> None:
    e = entity(date_established=D(2020, 1, 1))
    _list(e, ground="false_disclosure")
    lists.record_annual_report(actor=None, entity=e, year=2024, status="filed", filed_on=D(2025, 3, 1))
    page = login("staff").get(f"/registry/market-entities/{e.pk}/").content.decode()
    assert "Lists and annual reports" in page
    assert "Disclosure hides facts or is falsified" in page
    assert f'href="/credit/market-entities/{e.pk}/list-entries/add/"' in page
    assert "Apply for credit repair" not in page
    member = cast("enterprise", uscc=e.uscc)
    from django.test import Client

    client = Client()
    client.force_login(member)
    own = client.get(f"/registry/market-entities/{e.pk}/").content.decode()
    assert f'href="/credit/market-entities/{e.pk}/credit-repairs/apply/"' in own
    assert "list-entries/add/" not in own
    assert "Disclosure hides facts or is falsified" in own
    # a reporter sees no section (no credit permission, not their entity)
    assert (
        "Lists and annual reports"
        not in login("reporter_gxj").get(f"/registry/market-entities/{e.pk}/").content.decode()
    )


def test_demo_lists_fills_reports_and_listings(cast) -> None:
    import random

    from qualitycity.core.demo import DemoContext

    for i in range(60):
        entity(
            date_established=D(2019, 1, 1), entity_type="individual_business" if i % 5 == 0 else "enterprise"
        )
    lines: list[str] = []
    lists.demo_lists(DemoContext(scale="tiny", entities=60, rng=random.Random(7), out=lines.append))
    assert AnnualReport.objects.filter(year=2021).count() == 60
    assert AnnualReport.objects.filter(status="filed").count() > 250
    assert ListEntry.objects.count() >= 10
    assert CreditEvent.objects.filter(kind="list_entry").count() == ListEntry.objects.count()
    # no entity is twice on one list at a time
    current = list(ListEntry.objects.current().values_list("entity_id", "kind"))
    assert len(current) == len(set(current))
    assert lines[0].startswith("annual reports: ")
