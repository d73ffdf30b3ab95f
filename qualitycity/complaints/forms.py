"""Forms of complaints and tip-offs (投诉举报): the configuration (categories, routing, the
disclosure policy), the staff entry of hotline calls, the steps of the case page, and the
import of cases exported from other systems (with its batch importer).

A form only reads and shapes what staff type; every change to a case goes through
`complaints.services` (intake and transitions), which decides and refuses in words."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from qualitycity.complaints import services
from qualitycity.complaints.choices import (
    CaseKind,
    CaseStatus,
    CategoryKind,
    Channel,
    Outcome,
    Party,
    RejectionGround,
)
from qualitycity.complaints.models import (
    CaseAction,
    Category,
    ComplaintCase,
    DisclosurePolicy,
    MediationSession,
    RoutingRule,
)
from qualitycity.complaints.workflow import COMPLAINT_OUTCOMES
from qualitycity.core.generic.importing import RowOutcome, SeenKeys, _cell
from qualitycity.core.models import Department, Division
from qualitycity.core.permissions import in_scope
from qualitycity.core.uscc import normalize
from qualitycity.registry.forms import CodeChoiceField, parse_chinese_date
from qualitycity.registry.models import Entity

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXTAREA = {"rows": 3}
#: The action code of the timeline entry that keeps an imported case's registration number.
IMPORTED_ACTION = "imported"


def _categories(kind: str) -> Any:
    return Category.objects.filter(kind=kind, is_active=True).select_related("parent")


class CategoryChoiceField(forms.ModelChoiceField):
    """A category shown with its parent (商品 › 食品)."""

    def label_from_instance(self, obj: Any) -> str:
        if obj.parent_id and obj.parent is not None:
            return f"{obj.parent.name} › {obj.name}"
        return str(obj.name)


# ---------------------------------------------------------------- configuration


class CategoryForm(forms.ModelForm):
    """A class of either taxonomy; the tree has two levels (a parent and its sub-categories)."""

    class Meta:
        model = Category
        fields = ["kind", "parent", "code", "name", "keywords", "order", "is_active"]
        widgets = {"keywords": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parents = Category.objects.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        parent.queryset = parents

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        parent = cleaned.get("parent")
        if parent is not None:
            if parent.kind != cleaned.get("kind"):
                self.add_error("parent", gettext("The parent belongs to the other taxonomy."))
            elif self.instance.pk and self.instance.children.exists():
                self.add_error(
                    "parent",
                    gettext("This category has sub-categories itself; it cannot be placed under another."),
                )
        return cleaned


class RoutingRuleForm(forms.ModelForm):
    """One row of the routing table: county × (optional) object category → handling unit."""

    class Meta:
        model = RoutingRule
        fields = ["county", "category", "department", "note"]
        help_texts = {
            "category": _(
                "Leave empty for the county's default unit; a sub-category's rule wins over its parent's."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        county = self.fields["county"]
        assert isinstance(county, forms.ModelChoiceField)
        county.queryset = Division.objects.counties()
        self.fields["category"] = CategoryChoiceField(
            _categories(CategoryKind.OBJECT), label=_("object category"), required=False
        )


class DisclosurePolicyForm(forms.ModelForm):
    """The single disclosure policy (消费投诉信息公示)."""

    outcomes = forms.MultipleChoiceField(
        label=_("outcomes published"),
        choices=[(o.value, o.label) for o in COMPLAINT_OUTCOMES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = DisclosurePolicy
        fields = ["is_enabled", "delay_days", "keep_years", "outcomes", "require_review", "note"]
        widgets = {"note": forms.Textarea(attrs=TEXTAREA)}


# ---------------------------------------------------------------- hotline entry

KIND_CHOICES = [
    ("complaint", _("Complaint")),
    ("tip_off", _("Tip-off")),
    ("both", _("Complaint and tip-off (two cases)")),
]
KINDS = {
    "complaint": [CaseKind.COMPLAINT],
    "tip_off": [CaseKind.TIP_OFF],
    "both": [CaseKind.COMPLAINT, CaseKind.TIP_OFF],
}
STAFF_CHANNELS = [
    (c.value, c.label)
    for c in (Channel.HOTLINE_12315, Channel.HOTLINE_12345, Channel.WALK_IN, Channel.LETTER)
]


class HotlineForm(forms.Form):
    """A call (12315, 12345), a visit or a letter, typed in by staff. What the rules require
    depends on the kind and the date received; the intake service checks it and names every
    missing field, which the page shows on that field."""

    kinds = forms.ChoiceField(label=_("kind"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    channel = forms.ChoiceField(label=_("channel"), choices=STAFF_CHANNELS)
    received_at = forms.DateTimeField(
        label=_("received at"),
        widget=DATETIME_WIDGET,
        help_text=_(
            "When the call came in (or the letter arrived): every statutory clock counts from this day."
        ),
    )
    complainant_name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=50, required=False)
    complainant_phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    complainant_id_number = forms.CharField(
        label=_("ID number"),
        max_length=30,
        required=False,
        help_text=_("Required for complaints received from 15 April 2026 (Order 121)."),
    )
    complainant_address = forms.CharField(
        label=pgettext_lazy("postal", "address"), max_length=200, required=False
    )
    is_anonymous = forms.BooleanField(label=_("anonymous tip-off"), required=False)
    respondent_name = forms.CharField(label=_("respondent name"), max_length=200)
    respondent_uscc = forms.CharField(
        label=_("respondent USCC"),
        max_length=40,
        required=False,
        help_text=_("Found in the register when given; otherwise type the name and address as told."),
    )
    respondent_address = forms.CharField(label=_("respondent address"), max_length=300, required=False)
    is_online = forms.BooleanField(label=_("online purchase"), required=False)
    platform_name = forms.CharField(label=_("online platform"), max_length=200, required=False)
    platform_uscc = forms.CharField(label=_("platform USCC"), max_length=40, required=False)
    subject = forms.CharField(label=_("goods or service"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("amount involved (yuan)"), max_digits=12, decimal_places=2, required=False
    )
    harm_known_on = forms.DateField(label=_("harm known on"), widget=DATE_WIDGET, required=False)
    facts = forms.CharField(label=_("what happened"), widget=forms.Textarea(attrs={"rows": 5}))
    request = forms.CharField(label=_("what is asked"), widget=forms.Textarea(attrs=TEXTAREA), required=False)
    county = forms.ModelChoiceField(
        Division.objects.counties(),
        label=_("county"),
        required=False,
        help_text=_("Only when the respondent is not in the register: the county where it operates."),
    )
    object_category = CategoryChoiceField(
        _categories(CategoryKind.OBJECT),
        label=_("object"),
        required=False,
        to_field_name="code",
        help_text=_("Leave empty to take the suggestion from the text."),
    )
    problem_category = CategoryChoiceField(
        _categories(CategoryKind.NATURE),
        label=_("nature of the problem"),
        required=False,
        to_field_name="code",
    )

    def submission(self) -> services.Submission:
        data = self.cleaned_data
        return services.Submission(
            kinds=list(KINDS[data["kinds"]]),
            facts=data["facts"],
            subject=data["subject"],
            request=data["request"],
            respondent_name=data["respondent_name"],
            respondent_uscc=data["respondent_uscc"],
            respondent_address=data["respondent_address"],
            platform_name=data["platform_name"],
            platform_uscc=data["platform_uscc"],
            is_online=data["is_online"],
            amount=data["amount"],
            harm_known_on=data["harm_known_on"],
            complainant_name=data["complainant_name"],
            complainant_phone=data["complainant_phone"],
            complainant_id_number=data["complainant_id_number"],
            complainant_address=data["complainant_address"],
            is_anonymous=data["is_anonymous"],
            county_code=data["county"].code if data["county"] else "",
            object_category=data["object_category"].code if data["object_category"] else "",
            problem_category=data["problem_category"].code if data["problem_category"] else "",
            received_at=data["received_at"],
        )

    def add_service_errors(self, exc: ValidationError) -> None:
        """The intake service's errors, each on the field it names."""
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add_error(None, message)
            return
        for name, messages in exc.message_dict.items():
            target = {"county_code": "county"}.get(name, name)
            for message in messages:
                self.add_error(target if target in self.fields else None, message)


# ---------------------------------------------------------------- steps of the case page


class StepForm(forms.Form):
    """A step of the case page; `service_kwargs` turns its data into the service's arguments."""

    def __init__(self, *args: Any, case: ComplaintCase | None = None, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def _note(label: Any = None, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label or _("note"), widget=forms.Textarea(attrs={"rows": 2}), required=required
    )


class AcceptForm(StepForm):
    note = _note()


class RejectForm(StepForm):
    ground = forms.ChoiceField(label=_("ground for not accepting"), choices=RejectionGround.choices)
    note = _note()


class StartMediationForm(StepForm):
    note = _note()


class PauseForm(StepForm):
    reason = _note(_("reason (testing, appraisal …)"), required=True)


class ResumeForm(StepForm):
    note = _note()


class CloseForm(StepForm):
    outcome = forms.ChoiceField(label=_("outcome"), choices=[(o.value, o.label) for o in COMPLAINT_OUTCOMES])
    amount_recovered = forms.DecimalField(
        label=_("amount recovered (yuan)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    note = _note(_("closing note"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            outcome = self.fields["outcome"]
            assert isinstance(outcome, forms.ChoiceField)
            outcome.choices = [(o.value, o.label) for o in closing_outcomes(self.case.status)]


def closing_outcomes(status: str) -> list[Outcome]:
    """The outcomes a complaint may close with from its status (the service says why not)."""
    if status == CaseStatus.RECEIVED:
        return [Outcome.SETTLED, Outcome.WITHDRAWN]
    if status == CaseStatus.ACCEPTED:
        return [o for o in COMPLAINT_OUTCOMES if o != Outcome.MEDIATED]
    return list(COMPLAINT_OUTCOMES)


class TransferForm(StepForm):
    to_department = forms.ModelChoiceField(
        Department.objects.filter(kind="market_supervision"), label=_("transfer to")
    )
    reason = _note(_("reason"), required=True)
    disputed = forms.BooleanField(
        label=_("jurisdiction disputed"),
        required=False,
        help_text=_("The units do not agree who handles it: a 7-working-day clock runs until settled."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None and self.case.handling_department_id:
            field = self.fields["to_department"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Department.objects.filter(kind="market_supervision").exclude(
                pk=self.case.handling_department_id
            )


class EmptyStepForm(StepForm):
    """A step that only needs the button (settle the dispute, notify the end of mediation)."""


class StartVerificationForm(StepForm):
    note = _note()


class ExtendForm(StepForm):
    approval = _note(_("approval (who approved, document number)"), required=True)


class DecideForm(StepForm):
    opened = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("Open a case")), ("0", _("No case"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = _note()


class NotifyReporterForm(StepForm):
    note = _note(_("how and when the reporter was told"))


class ClassificationForm(StepForm):
    object_category = CategoryChoiceField(_categories(CategoryKind.OBJECT), label=_("object"))
    problem_category = CategoryChoiceField(_categories(CategoryKind.NATURE), label=_("nature of the problem"))


class MediationSessionForm(forms.ModelForm):
    MODES = [
        ("on_site", _("On site")),
        ("phone", _("By phone")),
        ("video", _("By video")),
        ("online", _("Online (ODR)")),
    ]
    mode = forms.ChoiceField(label=_("mode"), choices=MODES)

    class Meta:
        model = MediationSession
        fields = ["held_on", "mode", "note", "agreed", "agreement"]
        widgets = {"held_on": DATE_WIDGET, "note": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args: Any, case: ComplaintCase | None = None, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("agreement") and not cleaned.get("agreed"):
            self.add_error(
                "agreed", gettext("A mediation agreement is uploaded only when agreement was reached.")
            )
        held_on = cleaned.get("held_on")
        if held_on and held_on > timezone.localdate():
            self.add_error("held_on", gettext("The session cannot lie in the future."))
        return cleaned


class OdrNoteForm(StepForm):
    text = _note(_("staff note"), required=True)


class PayoutForm(StepForm):
    amount = forms.DecimalField(label=_("amount (yuan)"), max_digits=12, decimal_places=2)
    paid_on = forms.DateField(label=_("paid on"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class FollowUpForm(StepForm):
    satisfaction = forms.TypedChoiceField(
        label=_("satisfaction (1–5)"),
        choices=[("", "—"), *((str(n), str(n)) for n in range(1, 6))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = _note(_("follow-up call note"), required=True)


class PublicationReviewForm(StepForm):
    """Approve the masked text for publication, or withhold the complaint with the reason."""

    approve = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("Approve for publication")), ("0", _("Withhold"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    published_text = forms.CharField(
        label=_("text for publication"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Personal data left in the text is masked once more when it is approved."),
    )
    reason = forms.CharField(label=_("reason for withholding"), max_length=500, required=False)


# ---------------------------------------------------------------- import


def parse_received_at(value: Any) -> dt.datetime | None:
    """登记时间 / 受理日期 as other systems export it: a date (2026-04-16, 2026年4月16日,
    20260416) with or without a time (10:20, 10:20:30, 10时20分)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        text = str(value).strip()
        match = re.match(
            r"^(.*?[\d日])(?:[\sT]*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?\s*[分秒]?)?$",
            text,
        )
        if match is None:
            raise forms.ValidationError(
                gettext("Not a date: write it as 2026-04-16 or 2026年4月16日 (a time may follow)."),
                code="date",
            )
        day = parse_chinese_date(match.group(1))
        assert day is not None
        hour, minute, second = (int(g) if g else 0 for g in match.groups()[1:])
        try:
            moment = dt.datetime.combine(day, dt.time(hour, minute, second))
        except ValueError as exc:
            raise forms.ValidationError(gettext("No such time of day."), code="date") from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class ReceivedAtField(forms.Field):
    def to_python(self, value: Any) -> dt.datetime | None:
        return parse_received_at(value)


def parse_amount(value: Any) -> Decimal | None:
    """涉及金额 in yuan: 299, 299.00, ¥299, 299元, 1,299."""
    if value in (None, ""):
        return None
    text = str(value).strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    text = text.removesuffix("元").removeprefix("人民币").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise forms.ValidationError(
            gettext("Not an amount in yuan: write it as 299 or 299.50."), code="amount"
        ) from exc
    if not amount.is_finite() or amount >= Decimal(10) ** 10:
        raise forms.ValidationError(
            gettext("Not an amount in yuan: write it as 299 or 299.50."), code="amount"
        )
    return amount.quantize(Decimal("0.01"))


class AmountField(forms.Field):
    def to_python(self, value: Any) -> Decimal | None:
        return parse_amount(value)


class KindField(forms.Field):
    """投诉, 举报, or both (投诉举报, 投诉、举报): the kinds of the submission."""

    def to_python(self, value: Any) -> list[str]:
        text = str(value or "").strip()
        if not text:
            return []
        lowered = text.lower().replace("-", "_").replace(" ", "_")
        kinds = [
            kind
            for kind, words in (
                (CaseKind.COMPLAINT, ("投诉", "complaint")),
                (CaseKind.TIP_OFF, ("举报", "tip_off")),
            )
            if any(word in lowered for word in words) or lowered == str(kind.label).lower().replace("-", "_")
        ]
        if not kinds:
            raise forms.ValidationError(
                gettext("“{value}” is neither 投诉 nor 举报.").format(value=text), code="kind"
            )
        return [str(k) for k in kinds]


class ComplaintCaseImportForm(forms.Form):
    """One row of a file of cases exported from another system (12315 platform, 12345 hotline,
    a county's own register), with the column names those exports use."""

    kind = KindField(label=_("complaint or tip-off"), help_text=_("投诉, 举报, or 投诉举报 for both."))
    external_number = forms.CharField(
        label=_("registration number"),
        max_length=100,
        required=False,
        help_text=_("The number in the other system; kept on the case's timeline."),
    )
    received_at = ReceivedAtField(
        label=_("received at"), help_text=_("The day the case was registered: every clock counts from it.")
    )
    complainant_name = forms.CharField(label=_("complainant"), max_length=50, required=False)
    complainant_phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    complainant_id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    complainant_address = forms.CharField(
        label=pgettext_lazy("postal", "address"), max_length=200, required=False
    )
    respondent_name = forms.CharField(
        label=_("respondent"),
        max_length=200,
        required=False,
        help_text=_("May be left empty when the USCC of a registered entity is given."),
    )
    respondent_uscc = forms.CharField(label=_("respondent USCC"), max_length=40, required=False)
    respondent_address = forms.CharField(label=_("respondent address"), max_length=300, required=False)
    subject = forms.CharField(label=_("goods or service"), max_length=200, required=False)
    amount = AmountField(label=_("amount involved (yuan)"), required=False)
    facts = forms.CharField(label=_("what happened"))
    request = forms.CharField(label=_("what is asked"), required=False)
    county = CodeChoiceField(
        Division.objects.counties(),
        label=_("county"),
        required=False,
        help_text=_("Code or name; used when the respondent is not in the register."),
    )

    header_aliases = {
        "kind": ["投诉举报类型", "投诉举报类别", "类别", "类型", "件类型", "诉求类型", "信息类别"],
        "external_number": ["登记编号", "登记号", "工单编号", "工单号", "编号", "投诉编号", "举报编号"],
        "received_at": ["登记时间", "受理日期", "登记日期", "受理时间", "接收时间", "投诉时间", "举报时间"],
        "complainant_name": ["投诉人", "举报人", "投诉人姓名", "举报人姓名", "投诉举报人", "姓名"],
        "complainant_phone": ["联系电话", "电话", "手机", "手机号码", "投诉人电话", "联系方式"],
        "complainant_id_number": ["身份证号", "身份证号码", "证件号码", "投诉人身份证号"],
        "complainant_address": ["地址", "投诉人地址", "举报人地址", "联系地址", "住址"],
        "respondent_name": [
            "被投诉人/被举报人",
            "被投诉人",
            "被举报人",
            "被投诉方",
            "被投诉单位",
            "被举报单位",
            "被投诉人名称",
            "被举报人名称",
        ],
        "respondent_uscc": [
            "统一社会信用代码",
            "信用代码",
            "被投诉人统一社会信用代码",
            "被举报人统一社会信用代码",
        ],
        "respondent_address": ["被投诉方地址", "被投诉人地址", "被举报人地址", "被投诉单位地址", "经营地址"],
        "subject": ["商品或服务名称", "商品或服务", "商品名称", "服务名称", "涉及商品或服务"],
        "amount": ["涉及金额", "金额", "涉案金额", "涉及金额元"],
        "facts": [
            "投诉内容/事实",
            "投诉内容",
            "举报内容",
            "事实",
            "主要内容",
            "内容",
            "事实和理由",
            "问题描述",
        ],
        "request": ["诉求", "投诉诉求", "请求", "诉求内容"],
        "county": ["区县", "所属区县", "县区", "区域", "属地"],
    }

    def clean(self) -> dict[str, Any]:
        """A registered respondent may be given by its USCC alone (the register has the name);
        a tip-off without the reporter's name and phone is an anonymous one."""
        cleaned = super().clean() or {}
        uscc = (cleaned.get("respondent_uscc") or "").strip()
        if not (cleaned.get("respondent_name") or "").strip() and "respondent_name" not in self.errors:
            entity = Entity.objects.filter(uscc=normalize(uscc)).first() if uscc else None
            if entity is None:
                self.add_error("respondent_name", gettext("This field is required."))
            else:
                cleaned["respondent_name"] = entity.name
        return cleaned

    def submission(self) -> services.Submission:
        data = self.cleaned_data
        tip_off_only = list(data["kind"]) == [CaseKind.TIP_OFF]
        return services.Submission(
            is_anonymous=tip_off_only and not (data["complainant_name"] or data["complainant_phone"]),
            kinds=list(data["kind"]),
            facts=data["facts"],
            subject=data["subject"],
            request=data["request"],
            respondent_name=data["respondent_name"],
            respondent_uscc=data["respondent_uscc"],
            respondent_address=data["respondent_address"],
            amount=data["amount"],
            complainant_name=data["complainant_name"],
            complainant_phone=data["complainant_phone"],
            complainant_id_number=data["complainant_id_number"],
            complainant_address=data["complainant_address"],
            county_code=data["county"].code if data["county"] else "",
            received_at=data["received_at"],
        )


#: intake's field names → the import form's
_IMPORT_FIELD = {"kinds": "kind", "county_code": "county"}


class _DryRun(Exception):
    """Rolls a checked row back: the check writes nothing."""


class _OutOfArea(Exception):
    """The row's case would be handled outside the importing user's area."""


class ComplaintCaseImporter:
    """Checks and writes rows of a case file through `services.submit(channel="import")`, one
    row at a time inside its own savepoint. The check runs the same submission and rolls it
    back, so it reports exactly what the commit would refuse: per row, the column and the
    reason. The registration number of the other system goes on the case's timeline
    (action "imported"); a number already imported, or repeated in the file, is refused."""

    chunk_size = 200

    def __init__(
        self, config: Any, actor: Any, mapping: dict[int, str], headers: list[str], *, commit: bool
    ) -> None:
        self.actor = actor
        self.commit = commit
        self.mapping = mapping
        self.column_of = {name: str(headers[i]) for i, name in mapping.items()}
        self.seen = SeenKeys()

    def _error(self, outcome: RowOutcome, name: str, message: Any) -> None:
        field = ComplaintCaseImportForm.base_fields.get(name)
        column = self.column_of.get(name) or (str(field.label) if field is not None else "")
        outcome.errors.append({"field": name, "column": column, "message": str(message)})

    def process(self, rows: list[tuple[int, list[Any]]]) -> list[RowOutcome]:
        return [self.row(number, list(values)) for number, values in rows]

    def row(self, number: int, values: list[Any]) -> RowOutcome:
        outcome = RowOutcome(row=number, ok=False, values=values)
        data = {name: _cell(values[i] if i < len(values) else None) for i, name in self.mapping.items()}
        form = ComplaintCaseImportForm(data=data)
        if not form.is_valid():
            for name, errors in form.errors.items():
                for message in errors:
                    self._error(outcome, "" if name == "__all__" else name, str(message))
            return outcome
        external = form.cleaned_data["external_number"].strip()
        if external:
            seen_at = self.seen.earlier_row(external, number)
            if seen_at is not None:
                self._error(
                    outcome,
                    "external_number",
                    gettext("Same {field} as row {row}.").format(
                        field=form.fields["external_number"].label, row=seen_at
                    ),
                )
                return outcome
            earlier = (
                CaseAction.objects.filter(action=IMPORTED_ACTION, note=external)
                .select_related("case")
                .first()
            )
            if earlier is not None:
                self._error(
                    outcome,
                    "external_number",
                    gettext("Already imported as case {number}.").format(number=earlier.case.number),
                )
                return outcome
        try:
            with transaction.atomic():
                result = services.submit(
                    form.submission(), actor=self.actor, channel=Channel.IMPORT, source=f"import-row-{number}"
                )
                if result.merged:
                    raise ValidationError(
                        gettext("Repeats case {number}.").format(number=result.cases[0].number)
                    )
                for case in result.cases:
                    if not in_scope(case, self.actor, "view"):
                        raise _OutOfArea
                    if external:
                        CaseAction.objects.create(
                            case=case,
                            action=IMPORTED_ACTION,
                            at=timezone.now(),
                            actor=self.actor,
                            party=Party.STAFF,
                            from_status=case.status,
                            to_status=case.status,
                            note=external,
                        )
                if not self.commit:
                    raise _DryRun
        except _DryRun:
            pass
        except _OutOfArea:
            self._error(outcome, "county", gettext("The case would be handled outside your area."))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, messages in exc.message_dict.items():
                    for message in messages:
                        self._error(outcome, _IMPORT_FIELD.get(name, name), message)
            else:
                for message in exc.messages:
                    self._error(outcome, "", message)
        outcome.ok = not outcome.errors
        outcome.created = outcome.ok
        return outcome

    def finish(self) -> None:
        """Every row is written as it is processed: nothing is left after the last chunk."""
