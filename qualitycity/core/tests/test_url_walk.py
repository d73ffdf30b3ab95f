"""Walk every URL of every app for every role: anonymous → login, wrong role → 403,
wrong county → 404, allowed → 200."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from qualitycity.core.generic.registry import OBJECT_ACTIONS, registered_models
from qualitycity.core.models import AuditRecord, CalendarDay, Department, Division, Industry, Rule, User
from qualitycity.core.permissions import role_allows
from qualitycity.core.testing.users import CAST
from qualitycity.registry.models import Entity
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db

ROLES = sorted(CAST)
#: URLs anyone may open without logging in.
PUBLIC_PREFIXES = ("/public/", "/login/", "/logout/", "/i18n/", "/jsi18n/", "/api/v1/")
ACTION_PERMISSION = {
    "list": "view",
    "detail": "view",
    "history": "view",
    "add": "add",
    "edit": "change",
    "delete": "delete",
    "import": "import",
}


def _objects(cast) -> dict[type, Any]:

    from qualitycity.core import audit
    from qualitycity.credit import models as credit
    from qualitycity.credit.services import record_event

    auditor = cast("auditor")
    staff = cast("staff")
    e = entity("140525")
    risk_model = credit.RiskModel.objects.create(
        name="walk", classes=[{"code": "A", "min_score": 0}, {"code": "D", "min_score": 60}]
    )
    from qualitycity.registry.models import Product, ProductCategory, SpecialisedTown

    category = ProductCategory.objects.create(code="castings", name="铸件")
    return {
        **_inspection_objects(cast, e),
        **_complaint_objects(cast, e),
        **_plan_objects(),
        **_spotcheck_objects(cast, e),
        Entity: e,
        SpecialisedTown: SpecialisedTown.objects.get(code="zezhou-casting"),
        ProductCategory: category,
        Product: Product.objects.create(entity=e, name="球墨铸铁管件", category=category),
        Division: Division.objects.get(code="140525"),
        Industry: Industry.objects.get(code="3391"),
        Department: Department.objects.get(code="samr-zz"),
        CalendarDay: CalendarDay.objects.create(date=dt.date(2027, 1, 1), is_workday=False, name="元旦"),
        Rule: Rule.objects.order_by("pk").first(),
        User: cast("zezhou"),
        AuditRecord: audit.record(actor=auditor, action="settings", message="walk"),
        credit.CreditEvent: record_event(
            actor=staff, entity=e, kind="honour", occurred_on=dt.date(2026, 1, 5), summary="walk"
        ),
        credit.ListEntry: credit.ListEntry.objects.create(
            entity=e, kind="abnormal_operations", ground="unreachable", listed_on=dt.date(2026, 1, 5)
        ),
        credit.AnnualReport: credit.AnnualReport.objects.create(entity=e, year=2025, status="filed"),
        credit.CreditRepair: credit.CreditRepair.objects.create(
            entity=e,
            kind="abnormal_removal",
            applicant=staff,
            applied_on=dt.date(2026, 2, 1),
            reason="walk",
            due_on=dt.date(2026, 2, 20),
        ),
        credit.RiskModel: risk_model,
        credit.RiskIndicator: credit.RiskIndicator.objects.create(
            model=risk_model, group="basic", rule="walk", name="walk", points=5
        ),
        credit.JointPunishmentRule: credit.JointPunishmentRule.objects.create(
            name="walk", condition="on_serious_list", restricted_actions=["quality_award"], legal_basis="walk"
        ),
    }


def _inspection_objects(cast, e: Entity) -> dict[type, Any]:
    """One object per registered inspections model: the pool and the conflict in 泽州 (its
    county officer sees them), the plan, task and draw of the city bureau (泽州 does not), and
    a result for the 泽州 entity."""
    import hashlib

    from django.utils import timezone

    from qualitycity.inspections import models as inspections

    city = Department.objects.get(code="samr-jc")
    zezhou = Department.objects.get(code="samr-zz")
    check_item = inspections.CheckItem.objects.create(
        department=city,
        number="JC-001",
        name="企业公示信息情况的检查",
        legal_basis="《企业信息公示暂行条例》",
        inspecting_body="市场监管部门",
        target_type="企业",
        check_method="书面检查",
    )
    inspector = inspections.Inspector.objects.create(
        code="ZZ-001",
        name="李检查",
        department=zezhou,
        county=Division.objects.get(code="140525"),
        certificate_number="14050000001",
        certificate_expiry=dt.date(2030, 12, 31),
        phone="13800000000",
    )
    plan = inspections.InspectionPlan.objects.create(
        department=city, year=2026, name="2026年度双随机抽查计划", ratios={"A": "3", "-": "5"}
    )
    task = inspections.InspectionTask.objects.create(
        number="JC-2026-001",
        name="企业公示信息抽查",
        plan=plan,
        lead_department=city,
        ratios=plan.ratios,
        start_date=dt.date(2026, 3, 1),
        end_date=dt.date(2026, 6, 30),
        status="drawn",
    )
    task.check_items.add(check_item)
    seed = "0" * 64
    draw = inspections.Draw.objects.create(
        task=task,
        algorithm="qcity-draw-v1",
        seed=seed,
        commitment=hashlib.sha256(seed.encode()).hexdigest(),
        committed_at=timezone.now(),
    )
    target = inspections.DrawTarget.objects.create(
        draw=draw, position=1, entity=e, uscc=e.uscc, risk_class="A", sort_key="0" * 64
    )
    return {
        inspections.CheckItem: check_item,
        inspections.Inspector: inspector,
        inspections.InspectorConflict: inspections.InspectorConflict.objects.create(
            inspector=inspector, entity=e, kind="relative", declared_on=dt.date(2026, 1, 5)
        ),
        inspections.InspectionPlan: plan,
        inspections.ResultCategory: inspections.ResultCategory.objects.get(code="no_problem"),
        inspections.InspectionTask: task,
        inspections.Draw: draw,
        inspections.InspectionResult: inspections.InspectionResult.objects.create(
            task=task,
            target=target,
            entity=e,
            department=zezhou,
            inspected_on=dt.date(2026, 4, 1),
            category=inspections.ResultCategory.objects.get(code="no_problem"),
            submitted_by=inspector,
        ),
    }


def _complaint_objects(cast, e: Entity) -> dict[type, Any]:
    """One object per registered complaints model: a complaint about the 泽州 entity (routed to
    the 泽州 bureau, so its county officer sees it and 高平's does not), its first payout, and
    the shared configuration (a category, the 泽州 default routing, the disclosure policy)."""
    from decimal import Decimal

    from qualitycity.complaints import models as complaints
    from qualitycity.complaints.services import Submission, record_payout, submit

    staff = cast("staff")
    case = submit(
        Submission(
            kinds=["complaint"],
            facts="购买的铸铁锅有砂眼，商家拒绝退换。",
            subject="铸铁锅",
            request="退货退款",
            respondent_name=e.name,
            respondent_uscc=e.uscc,
            complainant_name="王五",
            complainant_phone="13912340000",
            complainant_address="晋城市泽州县金村镇1号",
            complainant_id_number="140525199001011234",
        ),
        actor=staff,
        channel="12315",
    ).cases[0]
    return {
        complaints.ComplaintCase: case,
        complaints.FirstPayout: record_payout(
            case, actor=staff, amount=Decimal("100"), paid_on=dt.date(2026, 11, 2)
        ),
        complaints.Category: complaints.Category.objects.get(kind="object", code="food"),
        complaints.RoutingRule: complaints.RoutingRule.objects.get(
            county__code="140525", category__isnull=True
        ),
        complaints.DisclosurePolicy: complaints.DisclosurePolicy.objects.order_by("pk").first(),
    }


def _spotcheck_objects(cast, e: Entity) -> dict[type, Any]:
    """One object per registered spot-check model: a failed flour sample taken in 泽州 from the
    泽州 entity (its county officer sees it, 高平's does not), its report, notice, objection and
    disposal case; the shared catalogue (a test item, the lab) and the plan of the city bureau;
    a shipped standard."""
    from django.utils import timezone

    from qualitycity.nqi.models import Standard
    from qualitycity.spotchecks import models as sc
    from qualitycity.spotchecks import services
    from qualitycity.spotchecks.tests import factories as f

    staff = cast("staff")
    f.flour_items()
    first, second = f.lab(), f.lab()
    plan = f.plan(labs=[first, second])
    sample = f.sample(plan, staff, seller=e, producer=e)
    f.report(sample, staff, f.FAILING)
    notice = sc.SampleNotice.objects.get(sample=sample)
    services.serve_notice(notice, actor=staff, received_on=timezone.localdate(), method="in_person")
    objection = services.submit_objection(notice, actor=staff, reason="walk")
    return {
        Standard: Standard.objects.get(number="GB 2762-2022"),
        sc.TestItem: sc.TestItem.objects.order_by("pk").first(),
        sc.TestingInstitution: first,
        sc.SpotCheckPlan: plan,
        sc.Sample: sample,
        sc.TestReport: sc.TestReport.objects.get(sample=sample),
        sc.SampleNotice: notice,
        sc.Objection: objection,
        sc.Disposal: sc.Disposal.objects.get(sample=sample),
    }


def _plan_objects() -> dict[type, Any]:
    """One object per registered plan model: a plan with a goal group, a section, a measure led
    by 工信局 (gxj) and its report (its reporter sees it; other departments' reporters do not),
    and an indicator."""
    from qualitycity.plan import models as plan

    gxj = Department.objects.get(code="gxj")
    p = plan.Plan.objects.create(
        title="walk plan", division=Division.objects.get(code="140500"), start_year=2024, target_year=2025
    )
    measure = plan.Measure.objects.create(
        plan=p, number=3, label="(三)", chapter="walk", title="walk", text="walk", lead_department=gxj
    )
    return {
        plan.Plan: p,
        plan.GoalGroup: plan.GoalGroup.objects.create(plan=p, number=1, title="walk", text="walk"),
        plan.PlanSection: plan.PlanSection.objects.create(
            plan=p, number=1, label="(一)", title="walk", text="walk"
        ),
        plan.Measure: measure,
        plan.Indicator: plan.Indicator.objects.create(
            plan=p,
            code="walk",
            name="walk",
            direction="gte",
            target_value=1,
            target_year=2025,
            responsible_department=gxj,
            kind="reported",
        ),
        plan.ProgressReport: plan.ProgressReport.objects.create(
            plan=p,
            department=gxj,
            measure=measure,
            period="2025-Q1",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 3, 31),
            due_on=dt.date(2025, 4, 15),
        ),
    }


def _url(config: Any, action: str, obj: Any) -> str:
    meta = config.model._meta
    kwargs = {"pk": obj.pk} if action in OBJECT_ACTIONS else None
    return reverse(f"{meta.app_label}:{meta.model_name}_{action}", kwargs=kwargs)


def _expected(member: Any, model: type, action: str, obj: Any) -> int:
    """403 without the permission; for object pages 404 when the object is outside the
    member's data scope; 200 otherwise."""
    from qualitycity.core.permissions import restrict_queryset

    meta = model._meta
    permission = ACTION_PERMISSION[action]
    if not role_allows(member.role, meta.app_label, meta.model_name, permission):
        return 403
    if action in OBJECT_ACTIONS:
        visible = restrict_queryset(model._default_manager.all(), member, permission)
        return 200 if visible.filter(pk=obj.pk).exists() else 404
    return 200


def test_every_model_view_for_every_role(cast, client) -> None:
    objects = _objects(cast)
    checked = 0
    failures = []
    for config in registered_models():
        obj = objects[config.model]
        for action in config.views:
            url = _url(config, action, obj)
            anonymous = client.get(url)
            if anonymous.status_code != 302 or "/login/" not in anonymous["Location"]:
                failures.append(f"anonymous {url}: {anonymous.status_code}")
            for role_name in ROLES:
                from django.test import Client

                member = cast(role_name)
                c = Client()
                c.force_login(member)
                status = c.get(url).status_code
                want = _expected(member, config.model, action, obj)
                checked += 1
                if status != want:
                    failures.append(f"{role_name} {url}: {status} != {want}")
    assert failures == []
    assert checked > 300
    # the walk covers real refusals, not only successes
    assert sum(1 for config in registered_models() for a in config.views) > 50


def test_county_officer_sees_only_their_county(login, cast) -> None:
    own = entity("140525", name="泽州本县铸造有限公司")
    other = entity("140581", name="高平外县铸造有限公司")
    client = login("zezhou")
    listing = client.get("/registry/market-entities/").content.decode()
    assert own.name in listing
    assert other.name not in listing
    assert client.get(f"/registry/market-entities/{other.pk}/").status_code == 404
    assert client.get(f"/registry/market-entities/{own.pk}/").status_code == 200
    assert client.post(f"/registry/market-entities/{other.pk}/edit/", {"name": "x"}).status_code == 404


def test_enterprise_user_sees_only_their_entity(cast, client) -> None:
    mine = entity("140525")
    theirs = entity("140525")
    member = cast("enterprise", uscc=mine.uscc)
    client.force_login(member)
    listing = client.get("/registry/market-entities/").content.decode()
    assert mine.name in listing
    assert theirs.name not in listing


def _plain_urls(resolver: URLResolver, prefix: str = "") -> list[str]:
    urls = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            urls.extend(_plain_urls(pattern, route))
        elif isinstance(pattern, URLPattern) and "<" not in route and "^" not in route:
            urls.append("/" + route)
    return urls


def test_every_url_needs_login_unless_public(client, db) -> None:
    urls = _plain_urls(get_resolver())
    assert len(urls) > 20
    for url in urls:
        response = client.get(url)
        if url.startswith(PUBLIC_PREFIXES):
            assert response.status_code in (200, 302, 401, 404, 405, 422), url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/login/"), url


def test_walk_sees_out_of_scope_refusals(cast) -> None:
    """The expectations above are not all 200: other-county users get 404 on 泽州 objects."""
    from qualitycity.core.permissions import restrict_queryset

    e = entity("140525")
    gaoping = cast("gaoping")
    assert not restrict_queryset(Entity.objects.all(), gaoping).filter(pk=e.pk).exists()
    assert restrict_queryset(Entity.objects.all(), cast("zezhou")).filter(pk=e.pk).exists()
