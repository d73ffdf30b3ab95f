"""The complaint indicators page, its drill-down links and export, and the risk signals: the
figures are checked against a hand count of a small, fixed set of cases."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from decimal import Decimal
from itertools import count
from pathlib import Path

import django_filters
import pytest
from django.db.models import Q
from django.utils import timezone

from qualitycity.complaints import signals as risk_signals
from qualitycity.complaints import views_stats
from qualitycity.complaints.choices import CaseKind, Outcome
from qualitycity.complaints.filters import ComplaintCaseFilterSet
from qualitycity.complaints.models import Category, ComplaintCase
from qualitycity.complaints.services import Submission, submit
from qualitycity.core.generic.registry import get_config
from qualitycity.core.models import AuditRecord, Rule
from qualitycity.core.spreadsheets import read_table
from qualitycity.core.testing.users import user
from qualitycity.core.tests.test_browser import (  # noqa: F401  (fixtures)
    CHROMIUM,
    SCREENSHOTS,
    browser,
    log_in,
    page,
    shot,
)
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()
PAGE = "/complaints/indicators/"
PERIOD = "?start=2025-01-01&end=2025-12-31"
_phones = count(13_700_000_000)
DRILL = re.compile(r'<a class="drill" href="([^"]+)" data-count="(\d+)">')


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, tzinfo=TZ)


def case(
    day: dt.date,
    shop,
    *,
    due: dt.date | None = None,
    on_time: bool | None = None,
    kind: str = CaseKind.COMPLAINT,
    outcome: str = "",
    recovered: str | None = None,
    category: str | None = None,
    subject: str = "电饭煲",
) -> ComplaintCase:
    """A case about `shop` received on `day`, with its handling limit and result set as given
    (the clocks that would set them are tested in test_case_flow)."""
    created = submit(
        Submission(
            kinds=[kind],
            subject=subject,
            facts=f"{subject}使用一周后出现故障，商家拒绝处理。",
            request="退货退款",
            respondent_name=shop.name,
            respondent_uscc=shop.uscc,
            complainant_name="王五",
            complainant_phone=str(next(_phones)),
            complainant_address="晋城市城区凤台街10号",
            complainant_id_number="140502199001011234",
            received_at=at(day),
        ),
        actor=None,
        channel="12315",
    ).cases[0]
    ComplaintCase.objects.filter(pk=created.pk).update(
        handling_due=due,
        on_time=on_time,
        outcome=outcome,
        amount_recovered=Decimal(recovered) if recovered else None,
        object_category=Category.objects.get(kind="object", code=category) if category else None,
    )
    created.refresh_from_db()
    return created


@pytest.fixture
def today(monkeypatch):
    """The page's today: after every handling limit of the data set."""
    day = dt.date(2025, 11, 30)
    monkeypatch.setattr(views_stats, "_today", lambda: day)
    return day


@pytest.fixture
def cases(db) -> dict[str, ComplaintCase]:
    """Eight cases (hand count in the tests):

    | case | county | received   | limit      | on time | kind     | outcome          | ¥      | object     |
    | A    | 泽州   | 2025-03-03 | 2025-03-12 | yes     | complaint| mediated         | 200    | appliances |
    | B    | 泽州   | 2025-03-05 | 2025-03-14 | no      | complaint| mediation_failed |        | appliances |
    | C    | 泽州   | 2025-04-01 | 2025-04-10 | (open)  | complaint|                  |        | food       |
    | D    | 高平   | 2025-04-02 | 2025-04-11 | yes     | complaint| withdrawn        |        | food       |
    | E    | 高平   | 2025-05-06 | 2025-05-15 | yes     | complaint| settled          | 99.50  | catering   |
    | F    | 高平   | 2025-05-07 | 2025-05-20 | yes     | tip-off  |                  |        | food       |
    | G    | 泽州   | 2024-12-20 | 2025-01-05 | yes     | complaint| mediated         |        | appliances |
    | H    | 泽州   | 2025-12-22 | 2026-01-05 | (open)  | complaint|                  |        | clothing   |

    Respondents: shop1 (A, B, G), shop2 (C, H) in 泽州; shop3 (D, E, F) in 高平.
    """
    shop1, shop2, shop3 = entity("140525"), entity("140525"), entity("140581")
    d = dt.date
    return {
        "A": case(d(2025, 3, 3), shop1, due=d(2025, 3, 12), on_time=True, outcome="mediated", recovered="200", category="appliances"),
        "B": case(d(2025, 3, 5), shop1, due=d(2025, 3, 14), on_time=False, outcome="mediation_failed", category="appliances"),
        "C": case(d(2025, 4, 1), shop2, due=d(2025, 4, 10), category="food"),
        "D": case(d(2025, 4, 2), shop3, due=d(2025, 4, 11), on_time=True, outcome="withdrawn", category="food"),
        "E": case(d(2025, 5, 6), shop3, due=d(2025, 5, 15), on_time=True, outcome="settled", recovered="99.50", category="catering"),
        "F": case(d(2025, 5, 7), shop3, due=d(2025, 5, 20), on_time=True, kind=CaseKind.TIP_OFF, category="food"),
        "G": case(d(2024, 12, 20), shop1, due=d(2025, 1, 5), on_time=True, outcome="mediated", category="appliances"),
        "H": case(d(2025, 12, 22), shop2, due=d(2026, 1, 5), category="clothing"),
    }  # fmt: skip


def get_page(client, query: str = PERIOD):
    response = client.get(PAGE + query)
    assert response.status_code == 200
    return response


def by_label(rows) -> dict[str, tuple[int, int, float | None]]:
    return {str(r["label"]): (r["due"], r["on_time"], r["rate"]) for r in rows}


def listed(client, url: str) -> set[int]:
    """The primary keys the case list shows for a drill-down link."""
    response = client.get(html.unescape(url) + "&per_page=200")
    assert response.status_code == 200
    return {obj.pk for obj, _cells in response.context["rows"]}


def test_the_figures_match_a_hand_count(login, cases, today):
    response = get_page(login("staff"))
    ctx = response.context
    overall = ctx["overall"]
    # due: A B C D E G (C is open past its limit; F is a tip-off; H is due in 2026)
    assert (overall["due"], overall["on_time"], overall["late"], overall["rate"]) == (6, 4, 2, 66.67)
    tables = ctx["tables"]
    assert by_label(tables["month"]) == {
        "2025-01": (1, 1, 100.0),
        "2025-03": (2, 1, 50.0),
        "2025-04": (2, 1, 50.0),
        "2025-05": (1, 1, 100.0),
    }
    assert by_label(tables["county"]) == {"泽州县": (4, 2, 50.0), "高平市": (2, 2, 100.0)}
    assert by_label(tables["department"]) == {
        "泽州县市场监管局": (4, 2, 50.0),
        "高平市市场监管局": (2, 2, 100.0),
    }
    assert by_label(tables["category"]) == {
        "商品·食品": (2, 1, 50.0),
        "商品·家用电器": (3, 2, 66.67),
        "服务·餐饮住宿": (1, 1, 100.0),
    }
    received = ctx["received"]
    assert received["cases"] == 7  # all but G (received in 2024)
    assert [(r["label"], r["n"]) for r in received["kinds"]] == [
        (CaseKind.COMPLAINT.label, 6),
        (CaseKind.TIP_OFF.label, 1),
    ]
    assert {r["key"]: r["n"] for r in received["outcomes"]} == {
        "mediated": 1,
        "mediation_failed": 1,
        "withdrawn": 1,
        "settled": 1,
        "": 3,  # C, F, H
    }
    assert received["recovered"] == Decimal("299.50")
    assert received["recovered_cases"] == 2
    assert [(r["label"], r["n"]) for r in received["top_categories"]] == [
        ("食品", 3),
        ("家用电器", 2),
        ("餐饮住宿", 1),  # ties by code: catering before clothing
        ("服装鞋帽", 1),
    ]
    shop3 = cases["D"].respondent
    top = received["top_respondents"][0]
    assert (top["label"], top["n"]) == (shop3.name, 3)
    assert sorted(r["n"] for r in received["top_respondents"]) == [2, 2, 3]  # shop1 A B; shop2 C H
    month = ctx["charts"]["month"]
    assert len(month["labels"]) == 12
    assert month["rate"][:4] == [100.0, None, 50.0, 50.0]
    counties = {c["name"]: (c["rate"], c["cases"]) for c in ctx["map"]["counties"]}
    assert counties["泽州县"] == (50.0, 4)
    assert counties["高平市"] == (100.0, 3)
    assert counties["城区"] == (None, 0)
    body = response.content.decode()
    assert str(ctx["definition"]) in body
    assert 'id="on-time-rate">66.67%' in body
    assert "stats-map-data" in body
    assert "core/geo/jincheng_counties.geojson" in body


def test_the_period_defaults_to_this_year(login, cases, today):
    client = login("staff")
    assert get_page(client, "").context["overall"]["due"] == 6
    ctx = get_page(client, "?start=2025-04-01&end=2025-04-30").context
    assert (ctx["overall"]["due"], ctx["overall"]["on_time"]) == (2, 1)
    assert ctx["received"]["cases"] == 2  # C D


def test_the_unit_county_and_category_filters_narrow_every_figure(login, cases, today):
    client = login("staff")
    gaoping = cases["D"].county
    ctx = get_page(client, f"{PERIOD}&county={gaoping.pk}").context
    assert (ctx["overall"]["due"], ctx["overall"]["on_time"]) == (2, 2)
    assert ctx["received"]["cases"] == 3
    unit = cases["A"].handling_department
    ctx = get_page(client, f"{PERIOD}&department={unit.pk}").context
    assert (ctx["overall"]["due"], ctx["overall"]["on_time"]) == (4, 2)
    goods = Category.objects.get(kind="object", code="goods")
    ctx = get_page(client, f"{PERIOD}&category={goods.pk}").context
    assert (ctx["overall"]["due"], ctx["overall"]["on_time"]) == (5, 3)  # not E (catering)
    assert ctx["received"]["cases"] == 6


def test_every_drill_down_link_lists_exactly_the_cases_behind_its_figure(login, cases, today):
    client = login("staff")
    body = get_page(client).content.decode()
    links = DRILL.findall(body)
    assert len(links) >= 10
    for url, n in links:
        assert len(listed(client, url)) == int(n), url
    received = get_page(client).context["received"]
    pk = {name: c.pk for name, c in cases.items()}
    assert listed(client, received["cases_url"]) == {pk[n] for n in "ABCDEFH"}
    assert listed(client, received["kinds"][1]["url"]) == {pk["F"]}
    assert listed(client, received["top_respondents"][0]["url"]) == {pk["D"], pk["E"], pk["F"]}
    assert listed(client, received["by_county"]["140525"]["url"]) == {pk[n] for n in "ABCH"}
    food = next(r for r in received["top_categories"] if r["label"] == "食品")
    assert listed(client, food["url"]) == {pk["C"], pk["D"], pk["F"]}


@pytest.mark.skipif(
    not {"handling_due_after", "handling_due_before", "due", "on_time"}
    <= set(views_stats.ComplaintCaseFilterSet.base_filters),
    reason="the case list has no handling-limit / on-time filters yet: the on-time figures are not linked",
)
def test_on_time_links_list_the_due_on_time_and_late_cases(login, cases, today):
    client = login("staff")
    overall = get_page(client).context["overall"]
    pk = {name: c.pk for name, c in cases.items()}
    assert listed(client, overall["links"]["due"]) == {pk[n] for n in "ABCDEG"}
    assert listed(client, overall["links"]["on_time"]) == {pk[n] for n in "ADEG"}
    assert listed(client, overall["links"]["late"]) == {pk["B"], pk["C"]}


class ProposedFilterSet(ComplaintCaseFilterSet):
    """The case-list filters the on-time and outcome figures need (proposed for filters.py):
    with them every figure of the page links to exactly its cases."""

    handling_due_after = django_filters.DateFilter(field_name="handling_due", lookup_expr="gte")
    handling_due_before = django_filters.DateFilter(field_name="handling_due", lookup_expr="lte")
    due = django_filters.BooleanFilter(method="filter_due")
    on_time = django_filters.BooleanFilter(method="filter_on_time")
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices)
    has_outcome = django_filters.BooleanFilter(method="filter_has_outcome")
    has_recovery = django_filters.BooleanFilter(method="filter_has_recovery")

    def filter_due(self, queryset, name, value):
        """true: closed or past its handling limit, as in `indicators.due_cases`."""
        due = Q(on_time__isnull=False) | Q(handling_due__lt=timezone.localdate())
        return queryset if value is None else queryset.filter(due if value else ~due)

    def filter_on_time(self, queryset, name, value):
        """true: handled within every limit; false: not (late, or open past its limit)."""
        if value is None:
            return queryset
        return queryset.filter(on_time=True) if value else queryset.exclude(on_time=True)

    def filter_has_outcome(self, queryset, name, value):
        return (
            queryset
            if value is None
            else queryset.exclude(outcome="")
            if value
            else queryset.filter(outcome="")
        )

    def filter_has_recovery(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(amount_recovered__gt=0) if value else queryset.exclude(amount_recovered__gt=0)


def test_with_the_proposed_filters_every_figure_links_to_exactly_its_cases(login, cases, today, monkeypatch):
    monkeypatch.setattr(get_config(ComplaintCase), "filterset", ProposedFilterSet)
    monkeypatch.setattr(views_stats, "ComplaintCaseFilterSet", ProposedFilterSet)
    client = login("staff")
    response = get_page(client)
    links = DRILL.findall(response.content.decode())
    unlinked = re.findall(
        r'<(?:td|th) class="num">\s*\d+\s*</(?:td|th)>|<b>\s*\d+\s*</b>', response.content.decode()
    )
    assert unlinked == []  # no figure left without its link
    for url, n in links:
        assert len(listed(client, url)) == int(n), url
    pk = {name: c.pk for name, c in cases.items()}
    overall = response.context["overall"]
    assert listed(client, overall["links"]["due"]) == {pk[n] for n in "ABCDEG"}
    assert listed(client, overall["links"]["on_time"]) == {pk[n] for n in "ADEG"}
    assert listed(client, overall["links"]["late"]) == {pk["B"], pk["C"]}
    march = next(r for r in response.context["tables"]["month"] if r["key"] == "2025-03")
    assert listed(client, march["links"]["late"]) == {pk["B"]}
    received = response.context["received"]
    assert listed(client, received["recovered_url"]) == {pk["A"], pk["E"]}
    open_cases = next(r for r in received["outcomes"] if r["key"] == "")
    assert listed(client, open_cases["url"]) == {pk["C"], pk["F"], pk["H"]}


def test_figures_without_a_list_filter_are_not_linked(login, cases, today):
    ctx = get_page(login("staff")).context
    names = set(views_stats.ComplaintCaseFilterSet.base_filters)
    if "due" not in names:
        assert ctx["overall"]["links"] == {"due": "", "on_time": "", "late": ""}
    if "outcome" not in names:
        assert all(r["url"] == "" for r in ctx["received"]["outcomes"])
    assert views_stats.list_url(no_such_filter="1") == ""


def test_a_county_officer_sees_only_their_county(login, cases, today):
    client = login("zezhou")
    response = get_page(client)
    ctx = response.context
    assert (ctx["overall"]["due"], ctx["overall"]["on_time"]) == (4, 2)  # A B C G
    assert by_label(ctx["tables"]["county"]) == {"泽州县": (4, 2, 50.0)}
    assert ctx["received"]["cases"] == 4  # A B C H
    assert [c["name"] for c in ctx["map"]["counties"]] == ["泽州县"]
    assert [str(c) for c in ctx["form"].fields["county"].queryset] == ["泽州县"]
    body = response.content.decode()
    assert cases["D"].respondent.name not in body
    for url, n in DRILL.findall(body):
        assert len(listed(client, url)) == int(n), url
    # asking for another county shows nothing of it
    gaoping = cases["D"].county
    ctx = get_page(client, f"{PERIOD}&county={gaoping.pk}").context
    assert "county" in ctx["form"].errors
    assert ctx["filters"].county is None
    assert ctx["received"]["cases"] == 4


def test_the_page_is_for_bureau_users_only(login, cases, today):
    assert login("enterprise").get(PAGE).status_code == 403
    assert login("reporter_gxj").get(PAGE).status_code == 403
    assert login("auditor").get(PAGE).status_code == 403
    assert login("leader").get(PAGE).status_code == 200
    assert login("staff").get("/complaints/risk-signals/").status_code == 200
    assert login("enterprise").get("/complaints/risk-signals/").status_code == 403


def test_a_table_exports_to_excel_with_an_audit_record(login, cases, today):
    response = login("staff").get(PAGE + PERIOD + "&export=county")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    table = read_table(b"".join(response.streaming_content), filename="county.xlsx")
    rows = [list(row.values) for row in table.rows]
    assert rows == [["泽州县", 4, 2, 2, 50], ["高平市", 2, 2, 0, 100]]
    record = AuditRecord.objects.get(action="export", object_type="complaints.indicators")
    assert record.actor_username == "staff"
    assert login("staff").get(PAGE + PERIOD + "&export=nothing").status_code == 404


def test_the_period_must_not_end_before_it_starts(login, cases, today):
    ctx = get_page(login("staff"), "?start=2025-12-31&end=2025-01-01").context
    assert ctx["form"].non_field_errors()
    assert (ctx["filters"].start, ctx["filters"].end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert ctx["overall"]["due"] == 6


# ---------------------------------------------------------------- risk signals


def _complaints_about(shop, n: int, day: dt.date, subject: str = "") -> list[ComplaintCase]:
    return [
        case(day - dt.timedelta(days=i), shop, category="appliances", subject=subject or f"商品{i}号")
        for i in range(n)
    ]


def test_an_entity_signal_appears_at_the_threshold_and_not_below(db):
    day = dt.date(2026, 6, 30)
    shop = entity()
    _complaints_about(shop, 4, day)
    case(day, shop, kind=CaseKind.TIP_OFF)  # tip-offs do not count
    case(day - dt.timedelta(days=400), shop)  # outside the 12 months
    assert risk_signals.entity_signals(day) == []
    _complaints_about(shop, 1, day - dt.timedelta(days=200), "其他商品")
    (signal,) = risk_signals.entity_signals(day)
    assert (signal.kind, signal.entity_id, signal.count, signal.threshold) == ("entity", shop.pk, 5, 5)
    assert signal.since == dt.date(2025, 7, 1)
    assert signal.latest == day
    # the rule book decides the threshold
    Rule.objects.filter(key="complaint-repeat-signal").update(value=6)
    assert risk_signals.entity_signals(day) == []


def test_a_product_signal_counts_one_product_across_entities(db):
    day = dt.date(2026, 6, 30)
    spellings = ["小米 手机", "小米手机", "小米手机！", "ＸＩＡＯＭＩ手机", "xiaomi 手机"]
    assert {risk_signals.normalise_subject(s) for s in spellings[:3]} == {"小米手机"}
    assert risk_signals.normalise_subject(spellings[3]) == risk_signals.normalise_subject(spellings[4])
    made = [case(day, entity(), subject="小米 手机") for _ in range(3)]
    made.append(case(day, entity("140581"), subject="小米手机！"))
    assert risk_signals.product_signals(day) == []
    made.append(case(day, entity("140581"), subject="小米手机"))
    (signal,) = risk_signals.product_signals(day)
    assert (signal.key, signal.count, signal.respondents) == ("小米手机", 5, 5)
    assert signal.label == "小米 手机"
    assert set(signal.case_ids) == {c.pk for c in made}
    assert set(risk_signals.product_cases("小米手机", day).values_list("pk", flat=True)) == set(
        signal.case_ids
    )


def test_signals_are_limited_to_the_users_area(db, cast):
    day = dt.date(2026, 6, 30)
    zezhou_shop, gaoping_shop = entity("140525"), entity("140581")
    _complaints_about(zezhou_shop, 5, day)
    _complaints_about(gaoping_shop, 5, day)
    everyone = {s.entity_id for s in risk_signals.signals(day, cast("staff"))}
    assert everyone == {zezhou_shop.pk, gaoping_shop.pk}
    assert {s.entity_id for s in risk_signals.signals(day, cast("zezhou"))} == {zezhou_shop.pk}


def test_the_home_panel_and_the_signals_page_link_to_the_cases(login, db):
    today = timezone.localdate() - dt.timedelta(days=1)  # received yesterday: never in the future
    shop = entity()
    made = _complaints_about(shop, 5, today, subject="电动自行车")
    client = login("staff")
    home = client.get("/").content.decode()
    assert shop.name in home
    assert "/complaints/indicators/" in home
    body = client.get("/complaints/risk-signals/").content.decode()
    links = {html.unescape(u): int(n) for u, n in DRILL.findall(body)}
    entity_link = next(u for u in links if f"respondent_id={shop.pk}" in u)
    assert links[entity_link] == 5
    assert listed(client, entity_link) == {c.pk for c in made}
    product_link = next(u for u in links if "risk-signals/cases/" in u)
    response = client.get(product_link)
    assert [c.pk for c in response.context["cases"]] == [c.pk for c in made]  # the latest first
    assert "电动自行车" in response.content.decode()
    assert login("gaoping").get(product_link).context["cases"] == []
    assert client.get("/complaints/risk-signals/cases/").status_code == 404
    assert shop.name not in login("enterprise").get("/").content.decode()


def test_the_entity_page_shows_its_complaints_by_category_and_outcome(login, cast):
    today = timezone.localdate() - dt.timedelta(days=1)  # received yesterday: never in the future
    shop = entity()
    made = _complaints_about(shop, 3, today)
    ComplaintCase.objects.filter(pk=made[0].pk).update(outcome="mediated")
    case(today, shop, kind=CaseKind.TIP_OFF)
    client = login("staff")
    response = client.get(f"/registry/market-entities/{shop.pk}/")
    body = response.content.decode()
    section = next(
        s for s in response.context["sections"] if s.template == "complaints/stats_section_entity.html"
    )
    assert (section.context["complaints"], section.context["tip_offs"]) == (3, 1)
    assert not section.context["is_signal"]
    assert [(str(r["label"]), r["n"]) for r in section.context["by_category"]] == [("家用电器", 3)]
    assert sorted(r["n"] for r in section.context["by_outcome"]) == [1, 2]
    assert listed(client, section.context["all_url"]) == {c.pk for c in made}
    for url, n in DRILL.findall(body):
        assert len(listed(client, url)) == int(n), url
    # not for users outside the bureau, nor for a county officer of another county
    assert login("gaoping").get(f"/registry/market-entities/{shop.pk}/").status_code == 404
    owner = cast("enterprise")
    owner.uscc = shop.uscc
    owner.save(update_fields=["uscc"])
    own_page = login("enterprise").get(f"/registry/market-entities/{shop.pk}/")
    assert own_page.status_code == 200
    assert all(s.template != "complaints/stats_section_entity.html" for s in own_page.context["sections"])


# ---------------------------------------------------------------- the page in a browser


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_the_indicators_page_in_a_browser(page, transactional_db, monkeypatch):  # noqa: F811
    monkeypatch.setattr(views_stats, "_today", lambda: dt.date(2025, 11, 30))
    shops = [entity(code) for code in ("140525", "140525", "140581", "140502", "140521", "140522", "140524")]
    d = dt.date
    plan = [
        # (shop, received, limit, on time, outcome, ¥, category)
        (0, d(2025, 1, 6), d(2025, 1, 15), True, "mediated", "120", "appliances"),
        (0, d(2025, 2, 10), d(2025, 2, 19), True, "mediated", "", "appliances"),
        (1, d(2025, 3, 3), d(2025, 3, 12), False, "mediation_failed", "", "food"),
        (1, d(2025, 3, 17), d(2025, 3, 26), True, "settled", "89", "food"),
        (2, d(2025, 4, 7), d(2025, 4, 16), True, "withdrawn", "", "clothing"),
        (2, d(2025, 5, 12), d(2025, 5, 21), True, "mediated", "560", "auto"),
        (3, d(2025, 6, 2), d(2025, 6, 11), False, "mediation_failed", "", "catering"),
        (3, d(2025, 7, 7), d(2025, 7, 16), True, "mediated", "35", "catering"),
        (4, d(2025, 8, 4), d(2025, 8, 13), True, "settled", "", "prepaid"),
        (5, d(2025, 9, 1), d(2025, 9, 10), True, "mediated", "1200", "education"),
        (6, d(2025, 10, 13), d(2025, 10, 22), None, "", "", "online_shopping"),
        (0, d(2025, 10, 20), d(2025, 10, 29), True, "mediated", "45", "appliances"),
    ]
    for shop, received, limit, on_time, outcome, amount, category in plan:
        case(
            received,
            shops[shop],
            due=limit,
            on_time=on_time,
            outcome=outcome,
            recovered=amount or None,
            category=category,
        )
    for day in (d(2025, 11, 3), d(2025, 11, 10)):  # received, not yet counted in the rate
        case(day, shops[0], category="appliances", subject="电饭煲")
    user("staff")
    log_in(page, "staff")
    page.goto(page.base + PAGE + PERIOD)
    page.wait_for_selector("#stats-map-chart svg path")
    page.wait_for_selector("#stats-month-chart svg")
    assert page.inner_text("#on-time-rate") == "75.00%"
    shot(page, "complaints-indicators")
    page.click("[data-map-mode=cases]")
    page.wait_for_timeout(300)
    assert "map=cases" in page.url
    page.locator("#county-map-card").screenshot(path=str(SCREENSHOTS / "complaints-indicators-map-cases.png"))
    data = json.loads(page.inner_text("#stats-map-data"))
    assert {c["name"] for c in data["counties"]} >= {"泽州县", "高平市", "城区"}
    # the home panel lists the entity with five complaints; its page has the complaints section
    page.goto(page.base + "/")
    page.wait_for_selector("table.signals")
    assert shops[0].name in page.inner_text("table.signals")
    shot(page, "complaints-signals-home")
    page.goto(page.base + f"/registry/market-entities/{shops[0].pk}/")
    page.wait_for_selector(".entity-section .kpis")
    shot(page, "complaints-entity-section")
