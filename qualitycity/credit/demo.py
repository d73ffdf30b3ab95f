"""Demo archive: events spread over 2021–2026 for the demo register, then the lists and the
risk classes computed from them. Bulk inserts; deterministic with the demo seed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qualitycity.core.demo import BulkInserter, DemoContext, register_generator
from qualitycity.credit.choices import CreditEventKind, Severity

START = dt.date(2021, 1, 1)
END = dt.date(2026, 11, 20)

#: (kind, severity, share of entities per year, summaries, public, details)
EVENT_TYPES: list[tuple[str, str, float, list[str], bool, dict[str, Any]]] = [
    (CreditEventKind.INSPECTION_RESULT, Severity.INFO, 0.06, ["双随机抽查：未发现问题"], True, {}),
    (CreditEventKind.INSPECTION_RESULT, Severity.MINOR, 0.012, ["双随机抽查：发现问题已责令改正"], True, {}),
    (CreditEventKind.SPOT_CHECK_RESULT, Severity.INFO, 0.02, ["产品质量监督抽查：合格"], True, {}),
    (
        CreditEventKind.SPOT_CHECK_RESULT,
        Severity.SERIOUS,
        0.004,
        [
            "产品质量监督抽查：不合格（力学性能）",
            "食品安全抽检：不合格（菌落总数）",
            "产品质量监督抽查：不合格（标识）",
        ],
        True,
        {},
    ),
    (
        CreditEventKind.COMPLAINT,
        Severity.MINOR,
        0.03,
        ["消费投诉：商品质量", "消费投诉：售后服务", "消费投诉：虚假宣传"],
        False,
        {},
    ),
    (
        CreditEventKind.TIP_OFF,
        Severity.SERIOUS,
        0.003,
        ["举报查实：无证经营", "举报查实：以次充好"],
        False,
        {"substantiated": True},
    ),
    (
        CreditEventKind.PENALTY,
        Severity.SERIOUS,
        0.004,
        ["行政处罚：生产销售不合格产品", "行政处罚：未按规定标注"],
        True,
        {"heavier": False},
    ),
    (
        CreditEventKind.PENALTY,
        Severity.SEVERE,
        0.0008,
        ["行政处罚：罚没款并责令停产停业"],
        True,
        {"heavier": True},
    ),
    (
        CreditEventKind.REGISTRATION_CHANGE,
        Severity.INFO,
        0.05,
        ["变更登记：住所", "变更登记：法定代表人"],
        True,
        {},
    ),
    (CreditEventKind.HONOUR, Severity.POSITIVE, 0.001, ["晋城市市长质量奖", "山西省质量奖提名"], True, {}),
    (
        CreditEventKind.CERTIFICATION,
        Severity.POSITIVE,
        0.01,
        ["ISO 9001 质量管理体系认证", "ISO 14001 环境管理体系认证"],
        True,
        {},
    ),
]


def _day(rng: Any) -> dt.date:
    return START + dt.timedelta(days=rng.randint(0, (END - START).days))


def generate_events(ctx: DemoContext) -> int:
    """About 1.2 events per entity over the six years, weighted by the shares above."""
    from django.db import connection

    from qualitycity.credit.models import CreditEvent
    from qualitycity.registry.models import Entity

    details_field = CreditEvent._meta.get_field("details")
    rng = ctx.rng
    ids = list(Entity.objects.order_by("pk").values_list("pk", flat=True))
    columns = [
        "entity_id",
        "kind",
        "occurred_on",
        "severity",
        "summary",
        "source_app",
        "is_public",
        "details",
    ]
    inserter = BulkInserter(CreditEvent, columns)
    years = 6
    for kind, severity, share, summaries, public, details in EVENT_TYPES:
        count = int(len(ids) * share * years)
        for entity_id in rng.choices(ids, k=count) if ids else []:
            event_details = dict(details)
            if kind == CreditEventKind.REGISTRATION_CHANGE:
                summary = rng.choice(summaries)
                event_details["field"] = "address" if "住所" in summary else "legal_representative"
            else:
                summary = rng.choice(summaries)
            inserter.add(
                (
                    entity_id,
                    str(kind),
                    _day(rng),
                    str(severity),
                    summary,
                    "demo",
                    public,
                    details_field.get_db_prep_save(event_details, connection),
                )
            )
    inserter.flush()
    ctx.out(f"  {inserter.count} credit events")
    return inserter.count


def _exists() -> bool:
    from qualitycity.credit.models import CreditEvent

    return CreditEvent.objects.exists()


@register_generator("credit archive", exists=_exists)
def generate_archive(ctx: DemoContext) -> None:
    from qualitycity.credit import lists, punishment, risk

    generate_events(ctx)
    lists.demo_lists(ctx)
    punishment.ensure_default_rules()
    risk.demo_recompute(ctx)
