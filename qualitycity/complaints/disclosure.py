"""Public disclosure of handled complaints (消费投诉信息公示) and the complainant's own rating.

- `mask_free_text(text, known=...)` finds and masks personal data inside free text: the
  complainant's own details, names next to 投诉人/消费者/本人/我叫 and in 王先生/李女士/姓王
  forms, mobile and landline numbers, resident ID numbers, bank cards and other long numbers,
  e-mail addresses, WeChat/QQ accounts and house numbers (栋/单元/室/号).
- `prepare_publication(case)` drafts the text staff review; `approve`, `withhold` and
  `publish_due` move a closed complaint through `PublicationStatus` under the
  `DisclosurePolicy` (publish `delay_days` working days after closure, keep `keep_years`).
- `published_cases()` is the only queryset the portal reads for disclosure; it never loads a
  complainant's name, phone, ID number or address.

The rules follow 《市场监督管理投诉举报处理暂行办法》 Art 35 (the bureau may publish complaint
information to the public) and 《个人信息保护法》 Art 28 (identity numbers, financial accounts and
whereabouts are sensitive personal information). Masking errs on the side of hiding: a house
number or an order number masked by mistake costs readability, a name left visible costs a
complainant's privacy.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, Final

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitycity.complaints.choices import (
    TIMELINE_LABELS,
    CaseKind,
    CaseStatus,
    Outcome,
    Party,
    PublicationStatus,
)
from qualitycity.complaints.models import CaseAction, ComplaintCase, DisclosurePolicy, OdrMessage
from qualitycity.complaints.odr import OPEN_FOR_ODR
from qualitycity.complaints.workflow import TransitionError
from qualitycity.core import audit
from qualitycity.core.masking import MASK, mask_address, mask_id_number, mask_name, mask_phone, mask_text
from qualitycity.core.services import CalendarNotAvailable, add_workdays
from qualitycity.registry.choices import EntityTagKind
from qualitycity.registry.models import Entity, EntityTag

__all__ = [
    "approve",
    "mask_free_text",
    "personal_data",
    "policy",
    "prepare_publication",
    "publish_due",
    "published_cases",
    "receipt_view",
    "record_satisfaction",
    "respondent_summary",
    "withhold",
]

# --- personal data inside free text ---------------------------------------------------------

#: Compound surnames first: they must win over their first character.
_COMPOUND_SURNAMES: Final = [
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "轩辕",
    "令狐",
    "钟离",
    "端木",
    "南宫",
    "独孤",
    "西门",
    "申屠",
    "公羊",
    "澹台",
    "太史",
    "万俟",
    "闻人",
    "百里",
    "呼延",
    "濮阳",
    "第五",
]
#: Common single-character surnames (the top three hundred or so of 百家姓 by population).
_SURNAMES: Final = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎"
    "贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧"
    "耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍"
    "华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏"
    "宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝晋原"
    "郜郭畅暴栗赫"
)
#: Surnames that are also everyday function words; after 本人/消费者 they are far more often
#: the word (本人于…, 本人和朋友, 消费者向商家), so only the honorific and 姓X forms use them.
_AMBIGUOUS_SURNAMES: Final = "于和向全应时单关常方费查项钱原明成文安高金路车房管解边师连包"
#: Characters that end a name: particles, verbs and nouns that follow a name in a complaint.
_STOP: Final = (
    "的了在是和与及或从向到把被给对于为以将就都也还又再很最已曾等家店商厂司人们这那某该其您你"
    "我他她它说称问找让叫请购买卖付退换修要求想表反映投诉举报因所通过多次月日年元号个件台只些"
    "上下中内外前后去来回者称于并但却而且即既"
)
_CJK: Final = r"[\u4e00-\u9fff]"
_GIVEN: Final = rf"(?:(?![{_STOP}]){_CJK})"
_ANY_SURNAME: Final = "(?:" + "|".join(_COMPOUND_SURNAMES) + f"|[{_SURNAMES}])"
_CONTEXT_SURNAME: Final = (
    "(?:"
    + "|".join(_COMPOUND_SURNAMES)
    + "|["
    + "".join(ch for ch in _SURNAMES if ch not in _AMBIGUOUS_SURNAMES)
    + "])"
)
_HONORIFICS: Final = "先生|女士|小姐|老师|师傅|经理|阿姨|大姐|大哥|同学"
#: 王先生, 李小红女士: the whole name before the honorific.
_HONORIFIC_NAME: Final = re.compile(rf"{_ANY_SURNAME}{_GIVEN}{{0,2}}(?={_HONORIFICS})")
#: 姓王 (but not 百姓).
_SURNAME_ONLY: Final = re.compile(rf"(?<!百姓)(?<=姓){_ANY_SURNAME}")
#: 投诉人张三, 消费者：李四, 我叫王小明, 本人赵六.
_CONTEXT_NAME: Final = re.compile(
    r"(?P<lead>投诉人|举报人|消费者|本人|我叫|我是|联系人|申请人|当事人|姓名|名字|业主|患者)"
    r"(?P<sep>[\s:：,，]*(?:是|叫|为)?[\s:：]*)"
    rf"(?P<name>{_CONTEXT_SURNAME}{_GIVEN}{{1,2}})"
)

_EMAIL: Final = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
#: A landline with its area code: 0356-1234567, 010 12345678, 03561234567.
_LANDLINE: Final = re.compile(r"(?<![0-9])0[0-9]{2,3}[- ]?[0-9]{7,8}(?![0-9])")
#: A number right after a word that says it is a phone: 电话2345678, 联系方式：123456789.
_KEYWORD_PHONE: Final = re.compile(
    r"(?:电话|手机|座机|联系方式|联系电话|号码|tel|Tel|TEL)[\s:：是为]*(?P<number>[0-9]{5,12})(?![0-9*])"
)
#: Any run of digits joined by single spaces or hyphens (bank cards, order numbers, numbers the
#: other rules missed); 11 or more digits are masked but the last four.
_DIGIT_RUN: Final = re.compile(r"\d+(?:[ -]\d+)*")
_LONG_RUN: Final = 11
_ACCOUNT: Final = re.compile(r"(?:微信号?|QQ号?|qq号?|VX|vx)[\s:：是为]*(?P<account>[A-Za-z0-9_-]{5,})")
#: House-level address details: 3号楼2单元501室, 10号, 5栋, 1-2-301. A 号 after 月 is a day
#: (5月3号) and 号线/号店/号码 are not addresses.
_NUM: Final = r"[0-9０-９]+[A-Za-z]?"
_UNIT: Final = r"(?:号楼|号院|栋|幢|单元|层|楼|室|弄|户|号(?![线店码机文称召]))"
_CN_NUM: Final = r"[一二三四五六七八九十百零〇两]+"
_STRONG_UNIT: Final = r"(?:号楼|号院|栋|幢|单元|室)"
_HOUSE: Final = re.compile(
    rf"(?<![月0-9０-９])(?:(?:{_NUM}(?:-{_NUM})*\s?{_UNIT})|(?:{_CN_NUM}{_STRONG_UNIT}))"
    rf"(?:\s?(?:(?:{_NUM}(?:-{_NUM})*\s?{_UNIT})|(?:{_CN_NUM}{_STRONG_UNIT})))*"
)
_BUILDING_UNIT_ROOM: Final = re.compile(r"(?<![0-9-])[0-9]{1,3}-[0-9]{1,2}-[0-9]{3,4}(?![0-9-])")

#: Shortest known values replaced verbatim: shorter ones would mask unrelated text.
_MIN_KNOWN = {"name": 2, "phone": 7, "id": 8, "address": 4}


def _mask_digits(text: str, keep_tail: int) -> str:
    positions = [i for i, ch in enumerate(text) if ch.isdigit()]
    chars = list(text)
    for i in positions[: max(0, len(positions) - keep_tail)]:
        chars[i] = MASK
    return "".join(chars)


def _long_run(match: re.Match[str]) -> str:
    run = match.group(0)
    if sum(ch.isdigit() for ch in run) < _LONG_RUN:
        return run
    return _mask_digits(run, 4)


def _email(match: re.Match[str]) -> str:
    local, domain = match.group(0).split("@", 1)
    return f"{local[0]}{MASK * 3}@{domain}"


def _account(match: re.Match[str]) -> str:
    lead = match.group(0)[: match.start("account") - match.start()]
    return lead + match.group("account")[0] + MASK * 3


def _context_name(match: re.Match[str]) -> str:
    return match.group("lead") + match.group("sep") + mask_name(match.group("name"))


def _replace_known(text: str, known: Iterable[tuple[str, str]]) -> str:
    for kind, value in sorted(known, key=lambda item: -len(item[1])):
        value = (value or "").strip()
        if len(value) < _MIN_KNOWN[kind]:
            continue
        masked = {
            "name": mask_name,
            "phone": mask_phone,
            "id": mask_id_number,
            "address": mask_address,
        }[kind](value)
        text = text.replace(value, masked)
        if kind == "id":
            text = text.replace(value.lower(), masked.lower()).replace(value.upper(), masked.upper())
    return text


def _known_pairs(known: Any) -> list[tuple[str, str]]:
    """`known` is a `personal_data(case)` dict, or plain strings (treated as names, phones,
    ID numbers or addresses by their shape)."""
    if not known:
        return []
    if isinstance(known, dict):
        return [(kind, str(value)) for kind, value in known.items() if kind in _MIN_KNOWN and value]
    pairs = []
    for value in known:
        value = str(value or "").strip()
        digits = sum(ch.isdigit() for ch in value)
        if not value:
            continue
        if digits >= 15 and len(value) in (15, 18):
            pairs.append(("id", value))
        elif digits >= 7 and digits >= len(value) - 4:
            pairs.append(("phone", value))
        elif len(value) <= 6:
            pairs.append(("name", value))
        else:
            pairs.append(("address", value))
    return pairs


def mask_free_text(text: str | None, known: Any = None) -> str:
    """Mask personal data inside free text; idempotent (masking twice changes nothing more).

    `known` holds the values known to be personal in this text (the complainant's name, phone,
    ID number and address, as `personal_data(case)` or a list of strings): they are replaced
    wherever they occur, before the patterns run. Built on `core.masking` (`mask_name`,
    `mask_phone`, `mask_id_number`, `mask_address`, `mask_text`).
    """
    if not text:
        return ""
    text = _replace_known(text, _known_pairs(known))
    text = _EMAIL.sub(_email, text)
    text = mask_text(text)
    text = _LANDLINE.sub(lambda m: mask_phone(m.group(0)), text)
    text = _KEYWORD_PHONE.sub(
        lambda m: m.group(0)[: m.start("number") - m.start()] + mask_phone(m.group("number")), text
    )
    text = _DIGIT_RUN.sub(_long_run, text)
    text = _ACCOUNT.sub(_account, text)
    text = _BUILDING_UNIT_ROOM.sub(MASK * 3, text)
    text = _HOUSE.sub(MASK * 3, text)
    text = _HONORIFIC_NAME.sub(lambda m: MASK * len(m.group(0)), text)
    text = _SURNAME_ONLY.sub(lambda m: MASK * len(m.group(0)), text)
    return _CONTEXT_NAME.sub(_context_name, text)


def personal_data(case: ComplaintCase) -> dict[str, str]:
    """The complainant's own details, for `mask_free_text(known=...)`."""
    return {
        "name": case.complainant_name,
        "phone": case.complainant_phone,
        "id": case.complainant_id_number,
        "address": case.complainant_address,
    }


# --- the publication workflow ---------------------------------------------------------------


def policy() -> DisclosurePolicy | None:
    """The disclosure policy in force (one row, edited by admins)."""
    return DisclosurePolicy.objects.order_by("pk").first()


def prepare_publication(case: ComplaintCase) -> str:
    """Draft the published text of a closed complaint for staff review: the goods or service,
    what happened and what was asked (each masked), and the outcome. Nothing is saved."""
    known = personal_data(case)
    lines = []
    if case.subject:
        lines.append(_("Goods or service: {subject}").format(subject=mask_free_text(case.subject, known)))
    lines.append(_("What happened: {facts}").format(facts=mask_free_text(case.facts, known)))
    if case.request:
        lines.append(_("What was asked: {request}").format(request=mask_free_text(case.request, known)))
    if case.outcome:
        lines.append(_("Outcome: {outcome}").format(outcome=Outcome(case.outcome).label))
    if case.amount_recovered:
        lines.append(_("Amount recovered: {amount} yuan").format(amount=case.amount_recovered))
    return "\n".join(lines)


def _locked(case: ComplaintCase) -> ComplaintCase:
    return ComplaintCase.objects.select_for_update().get(pk=case.pk)


def _log(case: ComplaintCase, actor: Any, action: str, before: str, note: str = "") -> None:
    user = actor if getattr(actor, "is_authenticated", False) else None
    CaseAction.objects.create(
        case=case,
        action=action,
        at=timezone.now(),
        actor=user,
        party=Party.STAFF,
        from_status=case.status,
        to_status=case.status,
        note=note,
    )
    audit.record(
        actor=actor,
        action="update",
        obj=case,
        before={"publication_status": before},
        after={"publication_status": case.publication_status},
        message=f"{action}: {before} → {case.publication_status}",
    )


#: Where staff approval may start from; a published record may have its text corrected.
APPROVABLE = (
    PublicationStatus.PENDING_REVIEW,
    PublicationStatus.APPROVED,
    PublicationStatus.WITHHELD,
    PublicationStatus.PUBLISHED,
)
WITHHOLDABLE = (PublicationStatus.PENDING_REVIEW, PublicationStatus.APPROVED, PublicationStatus.PUBLISHED)


@transaction.atomic
def approve(case: ComplaintCase, *, actor: Any, text: str) -> ComplaintCase:
    """Staff approve the text to publish; it goes public with `publish_due` once the policy's
    delay has passed. The text is masked once more (a safety net; masking is idempotent)."""
    case = _locked(case)
    if case.kind != CaseKind.COMPLAINT or case.status != CaseStatus.CLOSED:
        raise TransitionError(_("Only a closed complaint can be published."), code="out_of_order")
    if case.publication_status not in APPROVABLE:
        raise TransitionError(_("This complaint is not for publication."), code="out_of_order")
    if not text.strip():
        raise TransitionError(_("Write the text to publish."), code="text_required")
    before = case.publication_status
    if before != PublicationStatus.PUBLISHED:
        case.publication_status = PublicationStatus.APPROVED
    case.published_text = mask_free_text(text.strip(), personal_data(case))
    case.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    case.save(update_fields=["publication_status", "published_text", "updated_by", "updated_at"])
    _log(case, actor, "publication-approve", before)
    return case


@transaction.atomic
def withhold(case: ComplaintCase, *, actor: Any, reason: str) -> ComplaintCase:
    """Staff decide a complaint is not published (or take a published one down), with the reason."""
    if not reason.strip():
        raise TransitionError(_("Say why the complaint is withheld."), code="reason_required")
    case = _locked(case)
    if case.publication_status not in WITHHOLDABLE:
        raise TransitionError(_("This complaint is not for publication."), code="out_of_order")
    before = case.publication_status
    case.publication_status = PublicationStatus.WITHHELD
    case.published_at = None
    case.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    case.save(update_fields=["publication_status", "published_at", "updated_by", "updated_at"])
    _log(case, actor, "publication-withhold", before, reason.strip())
    return case


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _publication_cutoff(today: dt.date, current: DisclosurePolicy | None) -> dt.datetime:
    """Records published before this moment have been public for the policy's keep_years."""
    years = current.keep_years if current is not None else 3
    start = _years_before(today, years)
    return dt.datetime.combine(start, dt.time.min, tzinfo=timezone.get_current_timezone())


@transaction.atomic
def publish_due(today: dt.date | None = None) -> dict[str, int]:
    """Publish approved complaints whose closure lies `delay_days` working days back, and take
    down those published longer than `keep_years`. Without staff review in the policy, cases
    awaiting review are published with the drafted text. Idempotent; run daily.

    Returns {"published": n, "unpublished": n, "waiting": n}; `waiting` counts cases whose
    date cannot be worked out because the working-day calendar lacks the year."""
    today = today or timezone.localdate()
    current = policy()
    counts = {"published": 0, "unpublished": 0, "waiting": 0}
    now = timezone.now()
    if current is not None and current.is_enabled:
        statuses = [PublicationStatus.APPROVED]
        if not current.require_review:
            statuses.append(PublicationStatus.PENDING_REVIEW)
        candidates = ComplaintCase.objects.select_for_update().filter(
            kind=CaseKind.COMPLAINT,
            status=CaseStatus.CLOSED,
            publication_status__in=statuses,
            closed_on__isnull=False,
            closed_on__lt=today,
        )
        for case in candidates.order_by("closed_on", "pk"):
            assert case.closed_on is not None
            try:
                due = add_workdays(case.closed_on, current.delay_days)
            except CalendarNotAvailable:
                counts["waiting"] += 1
                continue
            if due > today:
                continue
            before = case.publication_status
            if not case.published_text:
                case.published_text = prepare_publication(case)
            case.publication_status = PublicationStatus.PUBLISHED
            case.published_at = now
            case.save(update_fields=["publication_status", "published_text", "published_at", "updated_at"])
            _log(case, None, "publication-publish", before)
            counts["published"] += 1
    expired = ComplaintCase.objects.select_for_update().filter(
        publication_status=PublicationStatus.PUBLISHED, published_at__lt=_publication_cutoff(today, current)
    )
    for case in expired.order_by("pk"):
        # PublicationStatus has no "expired": "not for publication" with published_at kept
        # records that it was public once and keeps publish_due from publishing it again.
        case.publication_status = PublicationStatus.NOT_APPLICABLE
        case.save(update_fields=["publication_status", "updated_at"])
        _log(case, None, "publication-expire", PublicationStatus.PUBLISHED)
        counts["unpublished"] += 1
    return counts


# --- what the public sees -------------------------------------------------------------------

#: The columns a published record may load: never the complainant's.
PUBLIC_FIELDS = (
    "pk",
    "number",
    "kind",
    "received_at",
    "received_on",
    "closed_on",
    "subject",
    "outcome",
    "amount_recovered",
    "published_text",
    "published_at",
    "publication_status",
    "respondent_name",
    "respondent_uscc",
    "is_online",
    "respondent__uscc",
    "respondent__name",
    "county__code",
    "county__name",
    "object_category__code",
    "object_category__name",
    "object_category__parent__code",
    "object_category__parent__name",
    "problem_category__code",
    "problem_category__name",
)


def published_cases(today: dt.date | None = None) -> QuerySet[ComplaintCase]:
    """Published complaints still inside the policy's keep period, with public columns only."""
    today = today or timezone.localdate()
    return (
        ComplaintCase.objects.filter(
            kind=CaseKind.COMPLAINT,
            publication_status=PublicationStatus.PUBLISHED,
            published_at__gte=_publication_cutoff(today, policy()),
        )
        .select_related("respondent", "county", "object_category__parent", "problem_category")
        .only(*PUBLIC_FIELDS)
        .order_by("-closed_on", "-pk")
    )


def respondent_summary(entity: Entity, today: dt.date | None = None) -> dict[str, Any]:
    """An entity's public complaint record over the policy's period: published complaints by
    object category and outcome, its ODR participation and its first-payout commitment."""
    today = today or timezone.localdate()
    current = policy()
    cases = list(published_cases(today).filter(respondent=entity))
    by_category: Counter[str] = Counter()
    for case in cases:
        category = case.object_category
        by_category[category.name if category else _("Not classified")] += 1
    by_outcome = Counter(str(Outcome(c.outcome).label) if c.outcome else "—" for c in cases)
    answered = (
        OdrMessage.objects.filter(case__in=[c.pk for c in cases], party=Party.RESPONDENT)
        .values("case")
        .distinct()
        .count()
    )
    tags = set(
        EntityTag.objects.filter(entity=entity)
        .filter(Q(tag=EntityTagKind.ODR) | Q(tag=EntityTagKind.FIRST_COMPENSATION))
        .values_list("tag", flat=True)
    )
    return {
        "entity": entity,
        "period_start": _years_before(today, current.keep_years if current else 3),
        "period_end": today,
        "total": len(cases),
        "by_category": by_category.most_common(),
        "by_outcome": by_outcome.most_common(),
        "is_odr": EntityTagKind.ODR in tags,
        "odr_answered": answered,
        "first_payout_commitment": EntityTagKind.FIRST_COMPENSATION in tags,
        "cases": cases[:50],
    }


# --- the complainant's rating ---------------------------------------------------------------

RATABLE = (CaseStatus.CLOSED, CaseStatus.REJECTED)


@transaction.atomic
def record_satisfaction(case: ComplaintCase, *, score: int, comment: str = "") -> ComplaintCase:
    """The complainant rates the handling (1–5) through the receipt link, once, after closure.
    The staff follow-up call (`workflow.record_follow_up`) may later overwrite the score."""
    case = _locked(case)
    if case.status not in RATABLE:
        raise TransitionError(_("The handling can be rated once the case is closed."), code="out_of_order")
    if case.satisfaction is not None:
        raise TransitionError(_("This case has already been rated."), code="already_rated")
    if not 1 <= score <= 5:
        raise TransitionError(_("Satisfaction is a score from 1 to 5."), code="bad_satisfaction")
    case.satisfaction = score
    case.save(update_fields=["satisfaction", "updated_at"])
    CaseAction.objects.create(
        case=case,
        action="complainant-rating",
        at=timezone.now(),
        party=Party.COMPLAINANT,
        from_status=case.status,
        to_status=case.status,
        note=f"{score}/5 {comment.strip()[:1000]}".strip(),
    )
    audit.record(actor=None, action="update", obj=case, message=f"complainant rated {score}/5")
    return case


# --- what the receipt holder sees -----------------------------------------------------------

#: The timeline the complainant reads through the receipt link: these actions only (internal
#: steps such as classification and publication review stay with staff), never who did them.
PUBLIC_ACTIONS: dict[str, Promise] = {
    **{
        action: TIMELINE_LABELS[action]
        for action in (
            "received",
            "accept",
            "reject",
            "start-mediation",
            "pause-clock",
            "resume-clock",
            "mediation-session",
            "close",
            "notify-end",
            "transfer",
            "settle-dispute",
            "start-verification",
            "extend",
            "decide",
            "notify-reporter",
            "odr-answer",
            "first-payout",
            "follow-up",
        )
    },
    "complainant-rating": gettext_lazy("You rated the handling"),
}
#: Actions whose note the complainant reads (masked): the grounds and outcomes owed to them.
PUBLIC_NOTES = frozenset(
    {"received", "reject", "close", "pause-clock", "transfer", "decide", "complainant-rating"}
)


def receipt_view(case: ComplaintCase) -> dict[str, Any]:
    """What the holder of a case's receipt sees: its timeline without staff names, the ODR
    thread with the enterprise's proposals, and what they may do next (reply, decide, rate)."""
    timeline = [
        {
            "at": action.at,
            "label": PUBLIC_ACTIONS[action.action],
            "party": Party(action.party).label if action.party in Party.values else "",
            "note": mask_free_text(action.note) if action.action in PUBLIC_NOTES else "",
        }
        for action in CaseAction.objects.filter(case=case).order_by("at", "pk")
        if action.action in PUBLIC_ACTIONS
    ]
    is_open = case.kind == CaseKind.COMPLAINT and case.status in OPEN_FOR_ODR
    messages = list(
        OdrMessage.objects.filter(case=case)
        .only(
            "pk",
            "case_id",
            "party",
            "text",
            "proposed_amount",
            "is_proposal",
            "agreed_at",
            "rejected_at",
            "at",
        )
        .order_by("at", "pk")
    )
    return {
        "timeline": timeline,
        #: (message, whether the complainant may still agree to or decline it)
        "odr_messages": [
            (m, bool(is_open and m.is_proposal and not m.agreed_at and not m.rejected_at)) for m in messages
        ],
        "can_reply": is_open,
        "can_rate": case.status in RATABLE and case.satisfaction is None,
    }
