"""The staff pages of complaints and tip-offs: the case list and page, the steps posted through
the page, the hotline entry, the to-dos and the home-page panel, and the configuration."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from qualitycity.complaints.choices import CaseStatus, ClockName, ClockState
from qualitycity.complaints.models import (
    CaseAction,
    CaseClock,
    Category,
    ComplaintCase,
    DisclosurePolicy,
    FirstPayout,
    MediationSession,
    OdrMessage,
)
from qualitycity.complaints.services import Submission, TransitionError, start_mediation, submit
from qualitycity.complaints.views_cases import complaint_clocks_panel, complaint_todos
from qualitycity.core.models import AuditRecord, Department
from qualitycity.core.tests.test_browser import browser, page  # noqa: F401  (fixtures)
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()
TODAY = dt.date(2026, 11, 30)  # a Monday


@pytest.fixture(autouse=True)
def _frozen_today(monkeypatch) -> None:
    """Clock states and the steps' dates use today's date; a given moment keeps its own day."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr(timezone, "localdate", localdate)


NAME, PHONE, ID_NUMBER = "李小四", "13912345678", "140502199001011234"


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def received(day: dt.date, county: str = "140525", **fields) -> ComplaintCase:
    """A complaint about a registered entity of `county`, received on `day` by 12315."""
    shop = fields.pop("respondent", None) or entity(county)
    data = {
        "kinds": ["complaint"],
        "subject": "电饭煲",
        "facts": "购买的电饭煲使用一周后无法加热，商家拒绝退换。",
        "request": "退货退款",
        "respondent_name": shop.name,
        "respondent_uscc": shop.uscc,
        "complainant_name": NAME,
        "complainant_phone": PHONE,
        "complainant_address": "晋城市城区凤台街10号",
        "complainant_id_number": ID_NUMBER,
        "received_at": at(day),
    }
    data.update(fields)
    return submit(Submission(**data), actor=None, channel="12315").cases[0]


def open_case(client, case: ComplaintCase, query: str = "") -> str:
    response = client.get(f"/complaints/cases/{case.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def browser_page(request, live_server):
    """A Playwright page against the live server (the setup of core/tests/test_browser.py)."""
    from pathlib import Path

    from qualitycity.core.tests.test_browser import CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    return request.getfixturevalue("page")


def step(client, case: ComplaintCase, name: str, data: dict | None = None, **extra):
    return client.post(f"/complaints/cases/{case.pk}/steps/{name}/", data or {}, **extra)


# ---------------------------------------------------------------- the steps


def test_an_out_of_order_step_is_refused_with_the_reason_and_changes_nothing(login) -> None:
    staff = login("staff")
    case = received(dt.date(2026, 11, 2))
    actions = CaseAction.objects.filter(case=case).count()
    audits = AuditRecord.objects.filter(
        object_type="complaints.complaintcase", object_id=str(case.pk)
    ).count()

    response = step(staff, case, "start-mediation", {"note": "双方同意调解"})

    assert response.status_code == 400
    with translation.override("zh-hans"), pytest.raises(TransitionError) as refused:
        start_mediation(case, actor=None)  # the service's own words for the refusal
    assert refused.value.code == "out_of_order"
    reason = refused.value.messages[0]
    assert escape(reason) in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED
    assert CaseAction.objects.filter(case=case).count() == actions
    assert not CaseClock.objects.filter(case=case, name=ClockName.MEDIATION).exists()
    assert (
        AuditRecord.objects.filter(object_type="complaints.complaintcase", object_id=str(case.pk)).count()
        == audits
    )


def test_the_page_offers_only_the_steps_the_status_allows(login) -> None:
    staff = login("staff")
    case = received(dt.date(2026, 11, 2))
    html = open_case(staff, case)
    assert "step-accept" in html
    assert "step-reject" in html
    assert "step-start-mediation" not in html
    assert "step-decide" not in html  # a tip-off's step

    assert step(staff, case, "accept", {"note": "材料齐全"}).status_code == 302
    html = open_case(staff, case)
    assert "step-accept" not in html
    assert "step-start-mediation" in html
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    assert open_case(login("leader"), case).count('class="step-form') == 0


def test_a_complaint_runs_through_the_page_from_acceptance_to_the_follow_up(
    login, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    staff = login("staff")
    case = received(dt.date(2026, 6, 1))
    food = Category.objects.get(kind="object", code="appliances")
    quality = Category.objects.get(kind="nature", code="quality")
    assert (
        step(
            staff, case, "classify", {"object_category": food.pk, "problem_category": quality.pk}
        ).status_code
        == 302
    )
    assert step(staff, case, "accept").status_code == 302
    assert step(staff, case, "start-mediation").status_code == 302
    agreement = SimpleUploadedFile("调解书.pdf", b"%PDF-1.4 agreement", content_type="application/pdf")
    session = {"held_on": "2026-06-10", "mode": "on_site", "note": "双方达成退货协议", "agreed": "on"}
    assert step(staff, case, "session", {**session, "agreement": agreement}).status_code == 302
    assert step(staff, case, "odr-note", {"text": "请企业三日内答复"}).status_code == 302
    assert step(staff, case, "payout", {"amount": "299", "paid_on": "2026-06-12"}).status_code == 302
    closing = {"outcome": "mediated", "amount_recovered": "299.00", "note": "退货退款"}
    assert step(staff, case, "close", closing).status_code == 302
    assert step(staff, case, "follow-up", {"satisfaction": "5", "note": "满意"}).status_code == 302

    case.refresh_from_db()
    assert (case.status, case.outcome, case.amount_recovered) == (
        CaseStatus.CLOSED,
        "mediated",
        Decimal("299.00"),
    )
    assert (case.object_category, case.problem_category, case.classification_confirmed) == (
        food,
        quality,
        True,
    )
    assert case.satisfaction == 5
    session_row = MediationSession.objects.get(case=case)
    assert session_row.agreement.read() == b"%PDF-1.4 agreement"
    download = f"/complaints/cases/{case.pk}/files/agreement/{session_row.pk}/"
    assert b"".join(staff.get(download).streaming_content) == b"%PDF-1.4 agreement"
    assert login("gaoping").get(download).status_code == 404
    assert OdrMessage.objects.get(case=case).party == "staff"
    assert FirstPayout.objects.get(case=case).amount == Decimal("299")
    assert list(CaseAction.objects.filter(case=case).values_list("action", flat=True)) == [
        "received",
        "classify",
        "accept",
        "start-mediation",
        "mediation-session",
        "odr-note",
        "first-payout",
        "close",
        "follow-up",
    ]
    html = open_case(staff, case)
    assert "step-publication" in html  # the disclosure policy publishes mediated complaints after review
    assert step(staff, case, "publication", {"approve": "1", "published_text": ""}).status_code == 400
    assert step(staff, case, "publication", {"approve": "0", "reason": ""}).status_code == 400
    text = f"某电器商行：电饭煲无法加热，调解退货退款。投诉人电话{PHONE}"
    assert step(staff, case, "publication", {"approve": "1", "published_text": text}).status_code == 302
    case.refresh_from_db()
    assert PHONE not in case.published_text
    assert case.publication_status == "approved"


def test_a_tip_off_is_verified_extended_once_and_decided(login) -> None:
    staff = login("staff")
    case = received(dt.date(2026, 11, 2), kinds=["tip_off"])
    assert step(staff, case, "start-verification").status_code == 302
    assert step(staff, case, "extend", {"approval": "局长批准延长"}).status_code == 302
    assert "step-extend" not in open_case(staff, case)
    assert step(staff, case, "extend", {"approval": "再次延长"}).status_code == 400
    assert step(staff, case, "decide", {"opened": "1", "note": "立案"}).status_code == 302
    assert "step-notify-reporter" in open_case(staff, case)
    assert step(staff, case, "notify-reporter", {"note": "电话告知"}).status_code == 302
    states = {c.name: c.stopped_on is not None for c in CaseClock.objects.filter(case=case)}
    assert states == {"verify": True, "reporter_notice": True}


def test_a_transfer_with_a_disputed_jurisdiction_runs_its_clock_until_settled(login) -> None:
    staff = login("staff")
    case = received(dt.date(2026, 11, 2))
    gaoping = Department.objects.get(code="samr-gp")
    data = {"to_department": gaoping.pk, "reason": "经营地在高平", "disputed": "on"}
    assert step(staff, case, "transfer", data).status_code == 302
    case.refresh_from_db()
    assert (case.handling_department, case.county.code) == (gaoping, "140581")
    assert CaseClock.objects.get(case=case, name="jurisdiction").stopped_on is None
    assert step(staff, case, "settle-dispute").status_code == 302
    assert CaseClock.objects.get(case=case, name="jurisdiction").stopped_on is not None
    assert step(staff, case, "transfer", {"to_department": gaoping.pk, "reason": ""}).status_code == 400


def test_a_time_barred_complaint_is_flagged_and_may_be_refused_on_that_ground(login) -> None:
    staff = login("staff")
    case = received(dt.date(2026, 11, 3), harm_known_on=dt.date(2023, 11, 2))
    assert "time-barred" in open_case(staff, case)
    assert step(staff, case, "reject", {"ground": "time_barred"}).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.rejection_ground) == (CaseStatus.REJECTED, "time_barred")
    inside = received(
        dt.date(2026, 11, 2), harm_known_on=dt.date(2024, 1, 1), complainant_phone="13800000001"
    )
    assert "time-barred" not in open_case(staff, inside)
    assert step(staff, inside, "reject", {"ground": "time_barred"}).status_code == 400


def test_steps_need_the_change_permission(login) -> None:
    case = received(dt.date(2026, 11, 2))
    assert step(login("leader"), case, "accept").status_code == 403
    assert step(login("enterprise"), case, "accept").status_code == 403
    assert step(login("staff"), case, "no-such-step").status_code == 404
    assert ComplaintCase.objects.get(pk=case.pk).status == CaseStatus.RECEIVED


# ---------------------------------------------------------------- data scope and personal data


def test_a_county_officer_sees_only_the_cases_of_their_county(login) -> None:
    own = received(dt.date(2026, 11, 2), county="140525")
    other = received(dt.date(2026, 11, 2), county="140581", complainant_phone="13800000002")
    assert own.county.name == "泽州县"
    zezhou = login("zezhou")
    listing = zezhou.get("/complaints/cases/").content.decode()
    assert own.number in listing
    assert other.number not in listing
    assert zezhou.get(f"/complaints/cases/{other.pk}/").status_code == 404
    assert zezhou.get(f"/complaints/cases/{own.pk}/").status_code == 200
    assert step(zezhou, other, "accept").status_code == 404
    assert ComplaintCase.objects.get(pk=other.pk).status == CaseStatus.RECEIVED
    assert step(zezhou, own, "accept").status_code == 302


def test_personal_data_is_masked_in_the_list_and_page_until_revealed(login) -> None:
    staff = login("staff")
    case = received(dt.date(2026, 11, 2))
    columns = "".join(
        f"&columns={c}"
        for c in (
            "number",
            "complainant_name",
            "complainant_phone",
            "complainant_id_number",
            "complainant_address",
        )
    )
    listing = staff.get(f"/complaints/cases/?q={case.number}{columns}").content.decode()
    assert case.number in listing
    for raw in (NAME, PHONE, ID_NUMBER, "凤台街10号"):
        assert raw not in listing
    assert "李**" in listing
    assert "139****5678" in listing
    response = staff.get(f"/complaints/cases/?q={case.number}{columns}&export=csv")
    export = b"".join(response.streaming_content).decode("utf-8-sig")
    assert PHONE not in export
    assert "139****5678" in export

    html = open_case(staff, case)
    assert PHONE not in html
    assert NAME not in html
    revealed = open_case(staff, case, "?reveal=1")
    assert PHONE in revealed
    assert NAME in revealed
    assert AuditRecord.objects.filter(action="view_personal", object_id=str(case.pk)).count() == 1
    assert login("leader").get(f"/complaints/cases/{case.pk}/?reveal=1").status_code == 403


def test_the_list_filters_by_clock_state_and_search(login) -> None:
    staff = login("staff")
    late = received(dt.date(2026, 6, 1))  # never accepted: the accept clock is overdue
    fresh = received(dt.date(2026, 11, 27), complainant_phone="13800000003")
    listing = staff.get("/complaints/cases/?clock=overdue&clock_name=accept").content.decode()
    assert late.number in listing
    assert fresh.number not in listing
    by_uscc = staff.get(f"/complaints/cases/?q={fresh.respondent_uscc}").content.decode()
    assert fresh.number in by_uscc
    assert late.number not in by_uscc
    by_phone = staff.get("/complaints/cases/?q=13800000003").content.decode()
    assert fresh.number in by_phone
    assert late.number not in by_phone
    late_ones = staff.get("/complaints/cases/?due=true&on_time=false").content.decode()
    assert late.number in late_ones
    assert fresh.number not in late_ones


# ---------------------------------------------------------------- the clocks table


def test_the_clocks_table_shows_the_rule_version_and_flags_it_to_be_confirmed(login) -> None:
    case = received(dt.date(2026, 4, 16))
    html = open_case(login("staff"), case)
    assert "complaint-acceptance@2026-04-15" in html
    assert gettext("to be confirmed") in html
    assert "2026年4月27日" in html
    older = received(dt.date(2026, 4, 14), complainant_phone="13800000004")
    older_html = open_case(login("staff"), older)
    assert "complaint-acceptance@2019-12-01" in older_html
    assert gettext("to be confirmed") not in older_html


# ---------------------------------------------------------------- hotline entry


def _call(**over: str) -> dict[str, str]:
    data = {
        "kinds": "complaint",
        "channel": "12345",
        "received_at": "2026-11-02T10:30",
        "complainant_name": NAME,
        "complainant_phone": PHONE,
        "complainant_id_number": ID_NUMBER,
        "complainant_address": "晋城市城区凤台街10号",
        "respondent_name": "晋城市某某超市",
        "respondent_address": "晋城市泽州县南村镇1号",
        "subject": "月饼",
        "amount": "88",
        "facts": "购买的月饼已过保质期，食用后腹泻。",
        "request": "退款并赔偿",
        "county": "",
    }
    data.update(over)
    return data


def test_the_hotline_form_creates_a_case_counted_from_the_day_the_call_came_in(login) -> None:
    from qualitycity.core.models import Division

    staff = login("staff")
    response = staff.post("/complaints/cases/add/", _call(county=str(Division.objects.get(code="140525").pk)))
    case = ComplaintCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/cases/{case.pk}/"
    assert (case.channel, case.received_on, case.county.code) == ("12345", dt.date(2026, 11, 2), "140525")
    assert case.handling_department.code == "samr-zz"
    clock = CaseClock.objects.get(case=case, name=ClockName.ACCEPT)
    assert clock.started_on == dt.date(2026, 11, 2)
    assert clock.due_on == dt.date(2026, 11, 11)
    assert case.object_category.code == "food"  # suggested from the text


def test_the_hotline_form_names_each_missing_field(login) -> None:
    staff = login("staff")
    response = staff.post(
        "/complaints/cases/add/",
        _call(
            request="",
            complainant_name="",
            respondent_uscc="91140500MA0ABCDEF1",
            received_at="2030-01-01T09:00",
        ),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"request", "complainant_name", "respondent_uscc", "received_at"}
    assert form.errors["request"] == [gettext("This field is required.")]
    assert not ComplaintCase.objects.exists()


def test_the_hotline_form_splits_a_complaint_and_tip_off(login) -> None:
    staff = login("staff")
    assert staff.post("/complaints/cases/add/", _call(kinds="both")).status_code == 302
    assert sorted(ComplaintCase.objects.values_list("kind", flat=True)) == ["complaint", "tip_off"]


def test_the_respondent_is_looked_up_in_the_register(login) -> None:
    staff = login("staff")
    shop = entity("140525", name="晋城市泽州县好运来超市有限公司")
    found = staff.get("/complaints/cases/respondent-lookup/?respondent_q=好运来").content.decode()
    assert shop.uscc in found
    picked = staff.get(f"/complaints/cases/respondent-lookup/?pick={shop.pk}").content.decode()
    assert f'value="{shop.uscc}"' in picked
    assert login("gaoping").get(f"/complaints/cases/respondent-lookup/?pick={shop.pk}").status_code == 404
    assert login("leader").get("/complaints/cases/respondent-lookup/?respondent_q=好运来").status_code == 403


# ---------------------------------------------------------------- to-dos, panel, configuration


def test_to_dos_and_panel_count_overdue_and_due_soon_clocks(cast) -> None:
    late = received(dt.date(2026, 6, 1))
    soon = received(dt.date(2026, 11, 20), complainant_phone="13800000008")  # due 1 December
    received(dt.date(2026, 11, 27), complainant_phone="13800000005")  # due 8 December
    staff = cast("staff")
    items = {item.title: item for item in complaint_todos(staff)}
    waiting = items[gettext("Complaints and tip-offs received and not yet accepted")]
    assert waiting.count == 3
    due_soon = items[gettext("Due soon: {clock}").format(clock=ClockName.ACCEPT.label)]
    assert (due_soon.count, due_soon.due) == (1, dt.date(2026, 12, 1))
    assert soon.handling_due == dt.date(2026, 12, 1)
    overdue = items[gettext("Overdue: {clock}").format(clock=ClockName.ACCEPT.label)]
    assert (overdue.count, overdue.due) == (1, late.handling_due)
    assert overdue.url == "/complaints/cases/?clock=overdue&clock_name=accept"
    panel = complaint_clocks_panel(staff)
    assert panel is not None
    counts = {s["state"]: s["count"] for s in panel.context["states"]}
    assert counts == {ClockState.DUE_SOON: 1, ClockState.OVERDUE: 1}
    assert complaint_todos(cast("gaoping")) == []
    assert complaint_clocks_panel(cast("enterprise")) is None


def test_the_home_page_shows_the_complaint_clocks_panel(login) -> None:
    received(dt.date(2026, 6, 1))
    html = login("zezhou").get("/").content.decode()
    assert gettext("Complaint clocks") in html
    assert "/complaints/cases/?clock=overdue" in html


def test_the_disclosure_policy_is_edited_in_place(login) -> None:
    staff = login("staff")
    policy = DisclosurePolicy.objects.get()
    response = staff.get("/complaints/disclosure-policy/")
    assert response["Location"] == f"/complaints/disclosure-policies/{policy.pk}/"
    data = {"is_enabled": "on", "delay_days": "10", "keep_years": "3", "outcomes": ["mediated"], "note": "x"}
    assert staff.post(f"/complaints/disclosure-policies/{policy.pk}/edit/", data).status_code == 302
    policy.refresh_from_db()
    assert (policy.delay_days, policy.outcomes, policy.require_review) == (10, ["mediated"], False)
    assert login("zezhou").post(f"/complaints/disclosure-policies/{policy.pk}/edit/", data).status_code == 403


def test_a_category_keeps_to_its_taxonomy(login) -> None:
    staff = login("staff")
    goods = Category.objects.get(kind="object", code="goods")
    data = {
        "kind": "nature",
        "parent": goods.pk,
        "code": "x",
        "name": "错挂",
        "order": "0",
        "is_active": "on",
    }
    response = staff.post("/complaints/categories/add/", data)
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    listing = staff.get("/complaints/categories/?kind=object").content.decode()
    assert "商品 › 食品" in listing


# ---------------------------------------------------------------- in a browser


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_hotline_call_to_case_page_in_a_browser(browser_page) -> None:
    """Register a call with the respondent picked from the register (htmx), then accept, start
    the mediation and pause its clock through the case page; the screenshots are kept."""
    from qualitycity.core.testing.users import user
    from qualitycity.core.tests.test_browser import log_in, shot

    tab = browser_page
    user("staff")
    shop = entity("140525", name="晋城市泽州县好运来超市有限公司")
    earlier = received(dt.date(2026, 4, 16), respondent=shop, complainant_phone="13800000006")
    submit(
        Submission(
            kinds=["complaint"],
            facts="同一超市：酸奶过期。",
            subject="酸奶",
            request="退款",
            respondent_name=shop.name,
            respondent_uscc=shop.uscc,
            complainant_name=NAME,
            complainant_phone=PHONE,
            complainant_address="晋城市城区凤台街10号",
            complainant_id_number=ID_NUMBER,
            received_at=at(dt.date(2026, 11, 25)),
        ),
        actor=None,
        channel="portal",
    )
    log_in(tab, "staff")
    tab.goto(tab.base + "/complaints/cases/add/")
    tab.fill("#respondent-q", "好运来")
    tab.wait_for_selector(".lookup-results button")
    tab.click(".lookup-results button")
    tab.wait_for_function(f"document.querySelector('#id_respondent_uscc').value === '{shop.uscc}'")
    tab.check("input[name=kinds][value=complaint]")
    tab.fill("#id_received_at", "2026-11-23T09:30")
    for name, value in {
        "complainant_name": NAME,
        "complainant_phone": PHONE,
        "complainant_id_number": ID_NUMBER,
        "complainant_address": "晋城市城区凤台街10号",
        "subject": "月饼",
        "amount": "88",
        "facts": "在好运来超市购买的月饼已过保质期，食用后腹泻，商家拒绝退款。",
        "request": "退款并赔偿",
    }.items():
        tab.fill(f"#id_{name}", value)
    shot(tab, "complaint-hotline")
    tab.click("#hotline-form button[type=submit]")
    tab.wait_for_selector(".case-number")
    case = ComplaintCase.objects.order_by("-pk").first()
    assert case is not None
    assert case.duplicate_of_id is not None
    assert case.received_on == dt.date(2026, 11, 23)
    assert PHONE not in tab.content()

    tab.click("details.step-accept summary")
    tab.click("form.step-accept button[type=submit]")
    tab.wait_for_selector(".step-start-mediation")
    tab.click("details.step-start-mediation summary")
    tab.click("form.step-start-mediation button[type=submit]")
    tab.wait_for_selector(".step-pause-clock")
    tab.click("details.step-pause-clock summary")
    tab.fill("form.step-pause-clock textarea", "送检测机构检测")
    tab.click("form.step-pause-clock button[type=submit]")
    tab.wait_for_selector(".clock-paused")
    shot(tab, "complaint-case")

    tab.goto(tab.base + f"/complaints/cases/{earlier.pk}/")
    assert "complaint-acceptance@2026-04-15" in tab.content()
    shot(tab, "complaint-case-order-121")
    tab.goto(tab.base + "/complaints/cases/?clock=overdue")
    assert earlier.number in tab.content()
    shot(tab, "complaint-list-overdue")
