"""Taking samples: the sampling record (抽样单), the parties linked to registry entities by USCC,
delivery to the lab within 5 working days (总局令15号 Art 20) and the lab's 20-working-day
report clock (Art 24), and the rule that a lower level does not re-check a product of a
higher-level spot check (《产品质量法》 Art 15)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.core import audit
from qualitycity.core.models import Division
from qualitycity.core.services import CalendarNotAvailable, rule_deadline, rule_value
from qualitycity.registry.choices import EntityType, RegistrationStatus
from qualitycity.registry.models import Entity, ProductCategory
from qualitycity.spotchecks.choices import LEVEL_RANK, Level, LinkType, Programme, SampleStatus
from qualitycity.spotchecks.models import Sample, SampleAttachment, SpotCheckPlan, TestingInstitution

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".heic")
ATTACHMENT_TYPES = (*PHOTO_TYPES, ".pdf", ".ofd", ".doc", ".docx", ".xlsx", ".mp4")


@dataclass
class Party:
    """A sampled unit or producer as the sampling record names it: its USCC, and for one not
    in the register, its name and address."""

    uscc: str = ""
    name: str = ""
    address: str = ""


@dataclass
class SampleRecord:
    """The fields of a sampling record (抽样单), as the tablet form, an import row or the API
    give them."""

    number: str
    plan: SpotCheckPlan
    category: ProductCategory
    county: Division
    link_type: str
    place: str
    sampled_unit: Party
    product_name: str
    quantity: Decimal
    quantity_unit: str
    samplers: list[str]
    sampled_at: dt.datetime
    institution: TestingInstitution
    producer: Party | None = None
    online_platform: str = ""
    brand: str = ""
    specification: str = ""
    batch_number: str = ""
    production_date: dt.date | None = None
    shelf_life: str = ""
    gtin: str = ""
    trace_code: str = ""
    backup_quantity: Decimal = Decimal(0)
    unit_price: Decimal | None = None
    amount_paid: Decimal | None = None
    storage_condition: str = ""
    seal_number: str = ""
    unit_signed: bool = True
    refusal_note: str = ""
    note: str = ""
    files: list[Any] = field(default_factory=list)


def gtin_is_valid(code: str) -> bool:
    """GS1 check digit of a GTIN-8/12/13/14."""
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    digits = [int(c) for c in code]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def _region_division(uscc: str) -> Division | None:
    """The division of a USCC's region code (positions 3–8): the county, else its city, else its
    province, when the platform knows it."""
    region = uscc[2:8]
    for code in (region, region[:4] + "00", region[:2] + "0000"):
        found = Division.objects.filter(code=code).first()
        if found is not None:
            return found
    return None


def entity_for_party(party: Party, *, actor: Any, field_name: str, fallback_county: Division) -> Entity:
    """The registry entity of a party by USCC; one not in the register is recorded as such
    (`RegistrationStatus.UNREGISTERED`), in the division its code names (else the county
    sampled in), with the name and address from the record."""
    from qualitycity.registry.validators import clean_uscc

    try:
        uscc = clean_uscc(party.uscc)
    except ValidationError as exc:
        raise ValidationError({field_name: exc.messages}) from exc
    existing = Entity.objects.filter(uscc=uscc).first()
    if existing is not None:
        return existing
    if not party.name.strip():
        raise ValidationError(
            {
                field_name: [
                    _("{uscc} is not in the register: give the name and address as on the record.").format(
                        uscc=uscc
                    )
                ]
            }
        )
    division = _region_division(uscc)
    if division is None:
        county = fallback_county
    elif division.is_county or not division.contains(fallback_county):
        county = division
    else:  # the code names only the city or province the sample was taken in
        county = fallback_county
    entity = Entity(
        uscc=uscc,
        name=party.name.strip()[:200],
        entity_type=EntityType.INDIVIDUAL_BUSINESS if uscc[1] == "2" else EntityType.ENTERPRISE,
        registration_status=RegistrationStatus.UNREGISTERED,
        address=party.address.strip()[:300],
        county=county,
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    entity.created_by = entity.updated_by = user
    entity.save()
    audit.record_change(actor=actor, obj=entity, before=None, message="recorded from a sample")
    return entity


def higher_level_sample(record: SampleRecord, producer: Entity | None) -> Sample | None:
    """A sample of the same producer and category taken by a higher-level product spot check
    within the rule-book period before this one: a lower level may not check it again
    (《产品质量法》 Art 15)."""
    if record.plan.programme != Programme.PRODUCT or producer is None:
        return None
    sampled_on = _local_date(record.sampled_at)
    months = int(rule_value("spotcheck-higher-level-months", on=sampled_on))
    since = sampled_on - dt.timedelta(days=round(months * 30.44))
    higher = [lvl for lvl, rank in LEVEL_RANK.items() if rank > LEVEL_RANK[Level(record.plan.level)]]
    return (
        Sample.objects.filter(
            programme=Programme.PRODUCT,
            producer=producer,
            category=record.category,
            level__in=higher,
            sampled_on__gte=since,
            sampled_on__lte=sampled_on,
        )
        .order_by("-sampled_on")
        .first()
    )


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def check_record(record: SampleRecord) -> dict[str, list[str]]:
    """Every field error of a sampling record (nothing written)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    plan = record.plan
    sampled_on = _local_date(record.sampled_at)
    if not record.number.strip():
        add("number", _("Enter the sample number printed on the record."))
    elif Sample.objects.filter(number=record.number.strip()).exists():
        add("number", _("Sample number {number} is already on record.").format(number=record.number.strip()))
    plan_categories = {c.pk for c in plan.categories.all()}
    if not any(c.pk in plan_categories for c in record.category.ancestors()):
        add(
            "category",
            _("{category} is not a category of plan {plan}.").format(
                category=record.category, plan=plan.number
            ),
        )
    plan_counties = list(plan.counties.all())
    if plan_counties and not any(c.contains(record.county) for c in plan_counties):
        add(
            "county",
            _("{county} is not a county of plan {plan}.").format(county=record.county, plan=plan.number),
        )
    if not plan.start_date <= sampled_on <= plan.end_date:
        add(
            "sampled_at",
            _("The sampling date lies outside the plan's period ({start} to {end}).").format(
                start=plan.start_date.isoformat(), end=plan.end_date.isoformat()
            ),
        )
    if sampled_on > timezone.localdate():
        add("sampled_at", _("The sampling date is in the future."))
    if not plan.institutions.filter(pk=record.institution.pk).exists():
        add(
            "institution",
            _("{lab} is not a testing institution of plan {plan}.").format(
                lab=record.institution, plan=plan.number
            ),
        )
    elif not record.institution.is_qualified_for_category(record.category):
        add(
            "institution",
            _("{lab} is not qualified (CMA scope) for {category}.").format(
                lab=record.institution, category=record.category
            ),
        )
    elif not record.institution.cma_valid_on(sampled_on):
        add("institution", _("The CMA qualification of {lab} has expired.").format(lab=record.institution))
    names = [n.strip() for n in record.samplers if n.strip()]
    if len(set(names)) < 2:
        add("samplers", _("A sample is taken by at least two samplers; name each on its own line."))
    if record.quantity is None or record.quantity <= 0:
        add("quantity", _("Enter the quantity sampled."))
    if record.backup_quantity is not None and record.backup_quantity < 0:
        add("backup_quantity", _("The backup quantity cannot be negative."))
    if not record.quantity_unit.strip():
        add("quantity_unit", _("Enter the unit of the quantity (袋, 瓶, kg …)."))
    if not record.product_name.strip():
        add("product_name", _("Enter the product name."))
    if not record.place.strip():
        add("place", _("Enter the sampling place."))
    if record.link_type not in LinkType.values:
        add("link_type", _("Choose the link: production, distribution, catering or online."))
    if record.link_type == LinkType.ONLINE and not record.online_platform.strip():
        add("online_platform", _("Name the online platform of an online sample."))
    if not record.unit_signed and not record.refusal_note.strip():
        add("refusal_note", _("Without the sampled unit's signature, note its refusal and who witnessed it."))
    if record.gtin and not gtin_is_valid(record.gtin):
        add(
            "gtin",
            _("{gtin} is not a valid GTIN (8, 12, 13 or 14 digits with its check digit).").format(
                gtin=record.gtin
            ),
        )
    if record.production_date and record.production_date > sampled_on:
        add("production_date", _("The production date is after the sampling date."))
    if plan.programme == Programme.FOOD and not (record.batch_number or record.production_date):
        add("batch_number", _("Give the batch number or the production date of the lot."))
    if record.unit_price is not None and record.unit_price < 0:
        add("unit_price", _("The unit price cannot be negative."))
    for upload in record.files:
        message = attachment_error(upload)
        if message:
            add("files", message)
    return errors


def attachment_error(upload: Any) -> str:
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(ATTACHMENT_TYPES):
        return _(
            "{name}: only photos (jpg, png, webp, heic), video (mp4) and documents (pdf, ofd, doc, docx, xlsx) are accepted."
        ).format(name=name)
    if getattr(upload, "size", 0) > MAX_ATTACHMENT_BYTES:
        return _("{name} is larger than 20 MB.").format(name=name)
    return ""


def delivery_due(sampled_on: dt.date, programme: str = Programme.FOOD) -> dt.date | None:
    """The day the sample must reach the lab: the food rule (总局令15号 Art 20) or the
    product rule (unconfirmed; configurable in the rule book)."""
    try:
        return rule_deadline(f"{programme}-sample-delivery", sampled_on)
    except CalendarNotAvailable:
        return None


@transaction.atomic
def record_sample(record: SampleRecord, *, actor: Any) -> Sample:
    """Record a sample from its sampling record. Every field error is raised at once; the parties
    are linked to registry entities by USCC (an unregistered one recorded as such)."""
    errors = check_record(record)
    sampled_unit = producer = None
    try:
        sampled_unit = entity_for_party(
            record.sampled_unit, actor=actor, field_name="sampled_unit", fallback_county=record.county
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if record.producer is not None and (record.producer.uscc or record.producer.name):
        if not record.producer.uscc:
            errors.setdefault("producer", []).append(
                _("Give the producer's unified social credit code (on the label or the licence).")
            )
        else:
            try:
                producer = entity_for_party(
                    record.producer, actor=actor, field_name="producer", fallback_county=record.county
                )
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if not errors:
        higher = higher_level_sample(record, producer)
        if higher is not None:
            errors["producer"] = [
                _(
                    "The {level} spot check sampled this producer's {category} on {date} ({number}): a lower level does not check it again (产品质量法 Art 15)."
                ).format(
                    level=higher.get_level_display(),
                    category=record.category,
                    date=higher.sampled_on.isoformat(),
                    number=higher.number,
                )
            ]
    if errors:
        raise ValidationError(errors)
    assert sampled_unit is not None
    plan = record.plan
    sampled_at = record.sampled_at
    sampled_on = _local_date(sampled_at)
    user = actor if getattr(actor, "is_authenticated", False) else None
    sample = Sample.objects.create(
        number=record.number.strip(),
        plan=plan,
        programme=plan.programme,
        purpose=plan.purpose,
        level=plan.level,
        category=record.category,
        category_group=record.category.group,
        county=record.county,
        link_type=record.link_type,
        place=record.place.strip(),
        online_platform=record.online_platform.strip(),
        sampled_unit=sampled_unit,
        producer=producer,
        labelled_producer=(record.producer.name if record.producer else "")[:200],
        labelled_producer_address=(record.producer.address if record.producer else "")[:300],
        product_name=record.product_name.strip(),
        brand=record.brand.strip(),
        specification=record.specification.strip(),
        batch_number=record.batch_number.strip(),
        production_date=record.production_date,
        shelf_life=record.shelf_life.strip(),
        gtin=record.gtin.strip(),
        trace_code=record.trace_code.strip(),
        quantity=record.quantity,
        backup_quantity=record.backup_quantity or Decimal(0),
        quantity_unit=record.quantity_unit.strip(),
        unit_price=record.unit_price,
        amount_paid=record.amount_paid,
        storage_condition=record.storage_condition.strip(),
        seal_number=record.seal_number.strip(),
        samplers="\n".join(n.strip() for n in record.samplers if n.strip()),
        unit_signed=record.unit_signed,
        refusal_note=record.refusal_note.strip(),
        sampled_at=sampled_at,
        sampled_on=sampled_on,
        institution=record.institution,
        delivery_due=delivery_due(sampled_on, record.plan.programme),
        note=record.note,
        created_by=user,
        updated_by=user,
    )
    for upload in record.files:
        name = getattr(upload, "name", "file")
        SampleAttachment.objects.create(
            sample=sample, file=upload, name=name[:200], is_photo=name.lower().endswith(PHOTO_TYPES)
        )
    audit.record_change(actor=actor, obj=sample, before=None, message="sampled")
    return sample


@transaction.atomic
def receive_sample(sample: Sample, *, actor: Any, received_on: dt.date) -> Sample:
    """The lab confirms it received the sample; its 20-working-day report clock starts."""
    sample = Sample.objects.select_for_update(of=("self",)).get(pk=sample.pk)
    if sample.status != SampleStatus.SAMPLED:
        raise ValidationError(
            {
                "received_on": [
                    ValidationError(_("The lab has already received this sample."), code="already_received")
                ]
            }
        )
    if received_on < sample.sampled_on or received_on > timezone.localdate():
        raise ValidationError(
            {"received_on": [_("The date received must lie between the sampling date and today.")]}
        )
    before = audit.snapshot(sample)
    sample.delivered_on = received_on
    sample.status = SampleStatus.DELIVERED
    try:
        sample.report_due = rule_deadline(f"{sample.programme}-lab-report", received_on)
    except CalendarNotAvailable:
        sample.report_due = None
    sample.save(update_fields=["delivered_on", "status", "report_due", "updated_at"])
    audit.record_change(actor=actor, obj=sample, before=before, message="received by the lab")
    return sample


def clock_state(due: dt.date | None, done: dt.date | None, today: dt.date | None = None) -> str:
    """ "met", "missed", "overdue", "due_soon" (2 working days or less) or "running"."""
    from qualitycity.core.services import workdays_between

    today = today or timezone.localdate()
    if due is None:
        return "unknown"
    if done is not None:
        return "met" if done <= due else "missed"
    if today > due:
        return "overdue"
    try:
        left = workdays_between(today, due)
    except CalendarNotAvailable:
        left = (due - today).days
    return "due_soon" if left <= 2 else "running"
