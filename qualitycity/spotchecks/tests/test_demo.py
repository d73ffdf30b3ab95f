"""The tiny demo's spot checks: pass rates in the intended ranges, every objection and disposal
state on record, and the rows consistent with what the services would have written."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict

import pytest
from django.utils import timezone

from qualitycity.core.demo import DemoContext, fact
from qualitycity.core.uscc import is_valid
from qualitycity.credit.models import CreditEvent
from qualitycity.nqi.models import Standard
from qualitycity.registry.demo import generate_entities
from qualitycity.registry.models import Entity
from qualitycity.spotchecks import verdicts
from qualitycity.spotchecks.choices import (
    Conclusion,
    DisposalStatus,
    DisposalStepKind,
    Level,
    ObjectionOutcome,
    ObjectionStatus,
    Programme,
    Purpose,
    SampleStatus,
    Verdict,
)
from qualitycity.spotchecks.demo import ITEMS, STANDARDS, generate_spotchecks
from qualitycity.spotchecks.models import (
    Disposal,
    DisposalStep,
    Objection,
    Sample,
    SampleNotice,
    SpotCheckPlan,
    TestingInstitution,
    TestReport,
    TestResult,
)
from qualitycity.spotchecks.objections import draw_retest_lab
from qualitycity.spotchecks.rates import indicator_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> list[str]:
    lines: list[str] = []
    ctx = DemoContext(scale="tiny", entities=500, rng=random.Random(2023), out=lines.append)
    generate_entities(ctx)
    generate_spotchecks(ctx)
    return lines


def test_pass_rates_fall_in_the_intended_ranges(demo) -> None:
    start, end = dt.date(2024, 1, 1), timezone.localdate()
    food = indicator_rate("food", start, end)
    products = indicator_rate("manufacturing", start, end)
    farm = indicator_rate("farm", start, end)
    assert food.total >= 300
    assert products.total >= 100
    assert farm.total >= 80
    assert food.percent is not None
    assert products.percent is not None
    assert farm.percent is not None
    assert 97 <= food.percent <= 99, food
    assert 90 <= products.percent <= 95, products
    assert 97 <= farm.percent <= 99.5, farm
    assert 300 <= Sample.objects.count() <= 1000
    assert 4000 <= TestResult.objects.count() <= 6500


def test_every_objection_and_disposal_state_is_on_record(demo) -> None:
    statuses = Counter(Objection.objects.values_list("status", flat=True))
    for status in ObjectionStatus.values:
        assert statuses[status] >= 1, status
    outcomes = set(Objection.objects.filter(status=ObjectionStatus.DECIDED).values_list("outcome", flat=True))
    assert outcomes == set(ObjectionOutcome.values)
    assert set(Disposal.objects.values_list("status", flat=True)) == set(DisposalStatus.values)
    assert set(DisposalStep.objects.values_list("kind", flat=True)) == set(DisposalStepKind.values)
    today = timezone.localdate()
    assert Disposal.objects.filter(status=DisposalStatus.OPEN, due_on__lt=today).exists()
    assert Objection.objects.filter(status=ObjectionStatus.SUBMITTED, decision_due__lt=today).exists()
    for disposal in Disposal.objects.filter(status=DisposalStatus.CLOSED):
        assert disposal.closed_on is not None
        assert disposal.measures_taken
    for objection in Objection.objects.select_related("notice", "sample"):
        assert objection.notice.sample_id == objection.sample_id
        assert objection.notice.received_on is not None
        assert objection.submitted_on >= objection.notice.received_on
        assert objection.sample.purpose == Purpose.SUPERVISION
        if objection.status in (ObjectionStatus.RETEST_ASSIGNED, ObjectionStatus.DECIDED):
            assert objection.retest_institution_id not in (None, objection.sample.institution_id)
        if objection.status == ObjectionStatus.DECIDED:
            assert objection.retest_report is not None
            assert objection.retest_report.is_retest
            assert objection.retest_report.institution_id == objection.retest_institution_id
        if objection.sample.programme == Programme.FOOD and objection.retest_institution_id:
            draw = objection.retest_draw
            labs = list(TestingInstitution.objects.filter(uscc__in=draw["candidates"]))
            assert draw_retest_lab(labs, draw["seed"]).uscc == draw["picked"]
            assert objection.retest_institution.uscc == draw["picked"]
    # the demo lab user's lab has a re-test to report
    main_lab = TestingInstitution.objects.get(uscc=fact("lab_uscc"))
    assert Objection.objects.filter(
        status=ObjectionStatus.RETEST_ASSIGNED, retest_institution=main_lab
    ).exists()


def test_every_failed_sample_has_a_disposal_case(demo) -> None:
    failed_first = set(
        TestReport.objects.filter(is_retest=False, conclusion=Conclusion.UNQUALIFIED).values_list(
            "sample_id", flat=True
        )
    )
    assert failed_first
    assert set(Sample.objects.failed().values_list("pk", flat=True)) <= failed_first
    cases = dict(Disposal.objects.values_list("sample_id", "status"))
    assert set(cases) == failed_first
    overturned = Objection.objects.filter(outcome=ObjectionOutcome.OVERTURNED).values_list(
        "sample_id", flat=True
    )
    for sample_id in overturned:
        assert cases[sample_id] == DisposalStatus.CLOSED
    for disposal in Disposal.objects.select_related("sample__producer__county", "county"):
        producer = disposal.sample.producer
        if producer is not None and producer.county.code.startswith("1405"):
            assert disposal.county_id == producer.county_id
            assert disposal.entity_id == producer.pk
        else:
            assert disposal.county_id == disposal.sample.county_id
        assert disposal.lot["product_name"] == disposal.sample.product_name
        steps = list(disposal.steps.order_by("done_on", "pk"))
        assert all(disposal.opened_on <= s.done_on <= timezone.localdate() for s in steps)
        if disposal.sample.programme == Programme.PRODUCT:
            chain = [
                s.kind for s in steps if s.kind not in (DisposalStepKind.PENALTY, DisposalStepKind.RECALL)
            ]
            if chain:
                assert chain[0] == DisposalStepKind.ORDER_CORRECTION
    # every party of a failed result is served (or waits for service)
    for sample in Sample.objects.filter(pk__in=failed_first).prefetch_related("notices"):
        parties = {n.party for n in sample.notices.all()}
        assert "sampled_unit" in parties
        assert ("producer" in parties) == (sample.producer_id not in (None, sample.sampled_unit_id))


def test_conclusions_follow_the_reports_and_the_limits(demo) -> None:
    reports = defaultdict(list)
    for report in TestReport.objects.order_by("issued_on", "pk"):
        reports[report.sample_id].append(report)
    failed_results = set(
        TestResult.objects.filter(verdict=Verdict.FAIL).values_list("report_id", flat=True).distinct()
    )
    samples = list(Sample.objects.select_related("category__parent__parent", "institution"))
    lab_items = {
        lab.pk: set(lab.test_items.values_list("pk", flat=True)) for lab in TestingInstitution.objects.all()
    }
    for sample in samples:
        own = reports.get(sample.pk, [])
        if sample.status != SampleStatus.REPORTED:
            assert own == []
            assert sample.conclusion == Conclusion.PENDING
            continue
        latest = own[-1]
        assert sample.conclusion == latest.conclusion, sample.number
        assert sample.failed_items == latest.failed_items
        assert own[0].issued_on == sample.reported_on
        assert not own[0].is_retest
        assert sample.sampled_on <= sample.delivered_on <= sample.reported_on
        for report in own:
            failed = report.pk in failed_results
            assert failed == (report.conclusion == Conclusion.UNQUALIFIED), report.number
    categories = {s.pk: {c.pk for c in s.category.ancestors()} for s in samples}
    sample_of = {s.pk: s for s in samples}
    report_sample = dict(TestReport.objects.values_list("pk", "sample_id"))
    report_lab = dict(TestReport.objects.values_list("pk", "institution_id"))
    for result in TestResult.objects.select_related("test_item"):
        item = result.test_item
        verdict = verdicts.judge(
            verdicts.parse_value(result.value_text), item.limit_kind, item.limit_min, item.limit_max
        )
        assert verdict == result.verdict, (item.name, item.limit_text(), result.value_text)
        parsed = verdicts.parse_value(result.value_text)
        assert result.value == parsed.number
        sample = sample_of[report_sample[result.report_id]]
        assert item.category_id in categories[sample.pk]
        assert item.pk in lab_items[report_lab[result.report_id]]


def test_samples_plans_labs_and_parties_are_realistic(demo) -> None:
    today = timezone.localdate()
    statuses = Counter(Sample.objects.values_list("status", flat=True))
    assert statuses[SampleStatus.SAMPLED] >= 1
    assert statuses[SampleStatus.DELIVERED] >= 1
    assert Sample.objects.filter(status=SampleStatus.SAMPLED, delivery_due__lt=today).exists()
    assert Sample.objects.filter(status=SampleStatus.DELIVERED, report_due__lt=today).exists()
    for sample in Sample.objects.select_related("plan", "category", "institution"):
        plan = sample.plan
        assert plan.start_date <= sample.sampled_on <= plan.end_date
        assert sample.programme == plan.programme
        assert sample.purpose == plan.purpose
        assert sample.level == plan.level
        assert sample.category_group == sample.category.group
        assert sample.county.code.startswith("1405")
        assert len(sample.sampler_names()) == 2
        assert sample.institution.cma_valid_until >= sample.sampled_on
        if sample.published_at is not None:
            assert sample.purpose == Purpose.SUPERVISION
            assert sample.conclusion != Conclusion.PENDING
    assert Sample.objects.filter(published_at__isnull=False).count() > Sample.objects.count() // 2
    plans = SpotCheckPlan.objects.all()
    assert {p.year for p in plans} == {2024, 2025, 2026}
    assert {p.level for p in plans} == {Level.PROVINCIAL, Level.CITY, Level.COUNTY}
    assert {p.organiser.code for p in plans} == {
        "samr-jc",
        "samr-zz",
        "samr-gp",
        "samr-yc",
        "samr-qs",
        "samr-lc",
        "samr-cq",
    }
    assert {p.purpose for p in plans} == set(Purpose.values)
    assert plans.filter(is_targeted=True).exists()
    for plan in plans:
        assert plan.batches_planned >= plan.samples.count()
    labs = list(TestingInstitution.objects.all())
    assert 6 <= len(labs) <= 8
    assert all(is_valid(lab.uscc) for lab in labs)
    assert any(lab.cma_valid_until < today for lab in labs)
    main = TestingInstitution.objects.get(uscc=fact("lab_uscc"))
    assert main.name == "晋城市综合检验检测中心"
    outsiders = Entity.objects.filter(registration_status="unregistered")
    assert outsiders.exists()
    assert all(not e.county.code.startswith("1405") for e in outsiders.select_related("county"))
    assert Sample.objects.filter(producer__registration_status="unregistered").exists()
    assert Sample.objects.filter(producer__isnull=True).exists()
    # the catalogue: every standard an item names is on record; the demo's own unconfirmed
    names = {s[0] for s in STANDARDS}
    shipped = set(Standard.objects.exclude(number__in=names).values_list("number", flat=True))
    for spec in ITEMS:
        for number in (spec.method, spec.limit_standard):
            if number and not number.startswith("text:"):
                assert number in names or number in shipped, number
    assert not Standard.objects.filter(number__in=names, is_confirmed=True).exists()
    assert all(
        "demo" in note for note in Standard.objects.filter(number__in=names).values_list("note", flat=True)
    )


def test_archive_events_are_what_the_services_write(demo) -> None:
    events = list(CreditEvent.objects.filter(source_app="spotchecks", kind="spot_check_result"))
    by_sample = defaultdict(dict)
    for event in events:
        assert event.source_model == "spotchecks.sample"
        by_sample[int(event.source_id)][event.entity_id] = event
    for sample in Sample.objects.exclude(conclusion=Conclusion.PENDING):
        found = by_sample[sample.pk]
        parties = {sample.sampled_unit_id} | ({sample.producer_id} if sample.producer_id else set())
        assert set(found) == parties, sample.number
        for entity_id, event in found.items():
            if sample.conclusion == Conclusion.QUALIFIED:
                assert event.severity == "info"
            elif entity_id == sample.producer_id and sample.purpose == Purpose.SUPERVISION:
                assert event.severity == "serious"
            else:
                assert event.severity == "minor"
            assert event.occurred_on == sample.reported_on
            assert event.is_public == (
                sample.conclusion == Conclusion.UNQUALIFIED and sample.published_at is not None
            )
            assert event.details["role"] in ("producer", "sampled_unit")
    assert not set(by_sample) - set(Sample.objects.values_list("pk", flat=True))
    steps = CreditEvent.objects.filter(source_model="spotchecks.disposalstep")
    assert steps.count() == DisposalStep.objects.count()
    assert {"disposal", "penalty", "recall"} <= set(steps.values_list("kind", flat=True))


def test_generator_is_idempotent(demo) -> None:
    counts = (Sample.objects.count(), TestResult.objects.count(), SampleNotice.objects.count())
    generate_spotchecks(DemoContext(scale="tiny", entities=500, rng=random.Random(1), out=lambda s: None))
    assert (Sample.objects.count(), TestResult.objects.count(), SampleNotice.objects.count()) == counts
