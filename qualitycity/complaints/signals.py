"""Risk signals from repeated complaints (投诉风险信号).

Repeated complaints about one market entity, or about one product whoever sold it, point the
bureau at a supervision risk. The rule book's `complaint-repeat-signal` (a platform setting,
default 5) is the number of complaints received within the last 12 months that raises a
signal; a tip-off (举报) is not counted, so a submission split into a complaint and a tip-off
counts once.

- Entity signals count the complaints whose respondent is the registered entity.
- Product signals count the complaints whose goods or service (`subject`), normalised by
  `normalise_subject`, is the same, across all respondents.

The signals are computed on read (one aggregate query and one scan of the window's subjects);
they are not stored, so nothing needs recomputing when a case is reclassified."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from qualitycity.complaints.choices import CaseKind
from qualitycity.complaints.models import ComplaintCase
from qualitycity.core.services import rule_value

RULE_KEY = "complaint-repeat-signal"
ENTITY = "entity"
PRODUCT = "product"


@dataclass(frozen=True)
class Signal:
    """One risk signal: an entity or a product with at least `threshold` complaints received
    from `since` to `until`."""

    kind: str
    #: the entity's primary key (as text) or the normalised subject
    key: str
    label: str
    count: int
    threshold: int
    since: dt.date
    until: dt.date
    latest: dt.date
    #: how many different respondents the complaints name (1 for an entity signal)
    respondents: int = 1
    entity_id: int | None = None
    #: the cases behind a product signal (an entity signal is found by its respondent)
    case_ids: tuple[int, ...] = field(default=(), repr=False)


def window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The 12 months ending `today`: from the day after the same date a year earlier."""
    today = today or timezone.localdate()
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + dt.timedelta(days=1), today


def threshold(today: dt.date | None = None) -> int:
    """The rule book's number of complaints in 12 months that raises a signal."""
    return int(rule_value(RULE_KEY, on=today or timezone.localdate()))


def normalise_subject(text: str) -> str:
    """The comparable form of a goods-or-service text: full-width folded to half-width (NFKC),
    case folded, and spaces, punctuation and symbols removed ("美的 电饭煲！" = "美的电饭煲")."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def window_complaints(today: dt.date | None = None, user: Any = None) -> QuerySet[ComplaintCase]:
    """The complaints received in the 12 months ending `today`, as far as `user` may see them."""
    since, until = window(today)
    qs = ComplaintCase.objects.all() if user is None else ComplaintCase.objects.restrict(user)
    return qs.filter(kind=CaseKind.COMPLAINT, received_on__gte=since, received_on__lte=until)


def entity_signals(today: dt.date | None = None, user: Any = None) -> list[Signal]:
    """Registered entities named as respondent in at least the threshold of complaints."""
    since, until = window(today)
    limit = threshold(until)
    rows = (
        window_complaints(until, user)
        .exclude(respondent=None)
        .values("respondent_id", "respondent__name")
        .annotate(n=Count("pk"), latest=Max("received_on"))
        .filter(n__gte=limit)
        .order_by("-n", "respondent_id")
    )
    return [
        Signal(
            kind=ENTITY,
            key=str(row["respondent_id"]),
            label=row["respondent__name"],
            count=row["n"],
            threshold=limit,
            since=since,
            until=until,
            latest=row["latest"],
            entity_id=row["respondent_id"],
        )
        for row in rows
    ]


def product_signals(today: dt.date | None = None, user: Any = None) -> list[Signal]:
    """Products (normalised subjects) named in at least the threshold of complaints, whoever
    the respondent. The label is the subject text written most often."""
    since, until = window(today)
    limit = threshold(until)
    rows = window_complaints(until, user).values_list(
        "pk", "subject", "respondent_id", "respondent_name", "received_on"
    )
    cases: dict[str, list[int]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    respondents: dict[str, set[str]] = defaultdict(set)
    latest: dict[str, dt.date] = {}
    for pk, subject, respondent_id, respondent_name, received_on in rows:
        key = normalise_subject(subject)
        if not key:
            continue
        cases[key].append(pk)
        spellings[key][subject.strip()] += 1
        respondents[key].add(
            f"id:{respondent_id}" if respondent_id else f"name:{normalise_subject(respondent_name)}"
        )
        latest[key] = max(latest.get(key, received_on), received_on)
    found = [
        Signal(
            kind=PRODUCT,
            key=key,
            label=spellings[key].most_common(1)[0][0],
            count=len(ids),
            threshold=limit,
            since=since,
            until=until,
            latest=latest[key],
            respondents=len(respondents[key]),
            case_ids=tuple(sorted(ids)),
        )
        for key, ids in cases.items()
        if len(ids) >= limit
    ]
    return sorted(found, key=lambda s: (-s.count, s.key))


def signals(today: dt.date | None = None, user: Any = None) -> list[Signal]:
    """Every entity and product signal of the 12 months ending `today` (default today), the
    strongest first; restricted to the cases `user` may see when a user is given."""
    found = entity_signals(today, user) + product_signals(today, user)
    return sorted(found, key=lambda s: (-s.count, s.kind, s.label, s.key))


def product_cases(key: str, today: dt.date | None = None, user: Any = None) -> QuerySet[ComplaintCase]:
    """The complaints behind the product signal `key` (a normalised subject)."""
    qs = window_complaints(today, user)
    ids = [pk for pk, subject in qs.values_list("pk", "subject") if normalise_subject(subject) == key]
    return qs.filter(pk__in=ids)


def entity_profile(entity: Any, today: dt.date | None = None, user: Any = None) -> dict[str, Any]:
    """An entity's complaints and tip-offs received in the 12 months ending `today`: totals by
    kind, complaints by object category, nature of the problem and outcome, and whether the
    complaints reach the signal threshold."""
    since, until = window(today)
    limit = threshold(until)
    qs = ComplaintCase.objects.all() if user is None else ComplaintCase.objects.restrict(user)
    cases = qs.filter(respondent=entity, received_on__gte=since, received_on__lte=until)
    complaints = cases.filter(kind=CaseKind.COMPLAINT)
    by_kind = dict(cases.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    count = by_kind.get(CaseKind.COMPLAINT, 0)

    def grouped(*fields: str) -> list[dict[str, Any]]:
        return list(complaints.values(*fields).annotate(n=Count("pk")).order_by("-n", *fields))

    return {
        "since": since,
        "until": until,
        "threshold": limit,
        "complaints": count,
        "tip_offs": by_kind.get(CaseKind.TIP_OFF, 0),
        "is_signal": count >= limit,
        "by_category": grouped("object_category_id", "object_category__name"),
        "by_nature": grouped("problem_category_id", "problem_category__name"),
        "by_outcome": grouped("outcome"),
    }
