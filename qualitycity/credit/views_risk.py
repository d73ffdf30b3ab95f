"""Risk-class screens: the entity page's "Risk class" section, the distribution page and the
"re-score all" action. Internal only: the class is never shown to enterprises or the public
(domain-rules §2)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qualitycity.core.generic.registry import get_config
from qualitycity.core.permissions import restrict_queryset, user_can
from qualitycity.credit import risk
from qualitycity.credit.models import AnnualReport, CreditEvent, ListEntry, RiskAssessment, RiskModel
from qualitycity.registry.models import Entity
from qualitycity.registry.sections import Section, register_entity_section

GROUP_LABELS = {
    "basic": gettext_lazy("Basic attributes"),
    "registration": gettext_lazy("Registration and licensing"),
    "annual_report": gettext_lazy("Annual reports"),
    "supervision": gettext_lazy("Supervision results"),
    "complaints": gettext_lazy("Complaints and tip-offs"),
    "penalties": gettext_lazy("Penalties and lists"),
    "related": gettext_lazy("Related entities"),
    "honours": gettext_lazy("Honours"),
}
HISTORY_LENGTH = 24

# The risk model's page shows its classes and indicators and links to the distribution.
get_config(RiskModel).detail_template = "credit/risk/riskmodel_detail.html"


def _class_labels(model: RiskModel) -> dict[str, str]:
    return {str(c["code"]): str(c.get("label") or c["code"]) for c in model.classes}


def explain(assessment: RiskAssessment, user: Any) -> list[dict[str, Any]]:
    """The assessment's contributions with the records behind them, as far as `user` may see
    them (one query per kind of record)."""
    wanted: dict[str, set[int]] = {
        "events": set(),
        "list_entries": set(),
        "annual_reports": set(),
        "entities": set(),
    }
    for item in assessment.contributions:
        for key, ids in wanted.items():
            ids.update(item.get(key) or ())
    sources = {
        "events": CreditEvent.objects.all(),
        "list_entries": ListEntry.objects.all(),
        "annual_reports": AnnualReport.objects.all(),
        "entities": Entity.objects.all(),
    }
    found = {
        key: {obj.pk: obj for obj in restrict_queryset(sources[key], user).filter(pk__in=ids)} if ids else {}
        for key, ids in wanted.items()
    }
    rows = []
    for item in assessment.contributions:
        records = [found[key].get(pk) for key in wanted for pk in item.get(key) or ()]
        rows.append(
            {
                "name": item.get("name", ""),
                "group": GROUP_LABELS.get(item.get("group", ""), item.get("group", "")),
                "points": item.get("points", ""),
                "count": item.get("count", 0),
                "capped": item.get("capped", False),
                "records": [r for r in records if r is not None],
                "hidden": sum(1 for r in records if r is None),
            }
        )
    return rows


@register_entity_section
def risk_section(entity: Entity, user: Any) -> Section | None:
    """The entity's class, score, the contribution of every indicator with its records, and
    the class history. Only for internal users who may view risk assessments: enterprise users
    and the portal never see it."""
    if not user_can(user, RiskAssessment, "view"):
        return None
    history = list(
        restrict_queryset(RiskAssessment.objects.filter(entity=entity), user)
        .select_related("model")
        .order_by("-assessed_at", "-pk")[:HISTORY_LENGTH]
    )
    current = next((a for a in history if a.is_current), None)
    context: dict[str, Any] = {"current": current, "history": history, "entity": entity}
    if current is not None:
        labels = _class_labels(current.model)
        context.update(
            {
                "label": labels.get(current.risk_class, current.risk_class),
                "override": risk.OVERRIDE_LABELS.get(current.override, current.override),
                "rows": explain(current, user),
            }
        )
    return Section(title=_("Risk class"), template="credit/risk/_section.html", context=context, order=40)


@login_required
def risk_distribution(request: HttpRequest) -> HttpResponse:
    """Classes within the user's scope by county and by industry section, with the change since
    the classes current a month ago; after editing weights, this is where the effect shows."""
    if not user_can(request.user, RiskAssessment, "view"):
        raise PermissionDenied
    by_county = risk.distribution(request.user, "county")
    by_section = risk.distribution(request.user, "industry_section")
    chart = {
        "labels": [f"{t['code']} {t['label']}" for t in by_county["totals"]],
        "values": [t["n"] for t in by_county["totals"]],
        "series_name": _("entities"),
    }
    context = {
        "by_county": by_county,
        "by_section": by_section,
        "chart": chart,
        "model": risk.active_model(),
        "can_recompute": user_can(request.user, RiskModel, "change"),
    }
    return render(request, "credit/risk/distribution.html", context)


@login_required
@require_POST
def risk_recompute(request: HttpRequest) -> HttpResponse:
    """Staff start a full re-scoring; the core job page shows its progress."""
    if not user_can(request.user, RiskModel, "change"):
        raise PermissionDenied
    job = risk.start_recompute(actor=request.user)
    messages.success(request, _("Re-scoring of all entities has started."))
    return redirect("core:job_detail", pk=job.pk)


urlpatterns = [
    path("risk-assessments/distribution/", risk_distribution, name="risk_distribution"),
    path("risk-assessments/recompute/", risk_recompute, name="risk_recompute"),
]
