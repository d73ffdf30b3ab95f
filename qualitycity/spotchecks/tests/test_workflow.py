"""The spot-check loop through the services: sample → lab report → conclusion from the items →
notices → objection in the window → re-test at another lab → disposal steps → archive and
risk class."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qualitycity.credit.models import CreditEvent
from qualitycity.registry.tests.factories import entity
from qualitycity.spotchecks import services
from qualitycity.spotchecks.choices import (
    Conclusion,
    DisposalStatus,
    ObjectionOutcome,
    ObjectionStatus,
    SampleStatus,
)
from qualitycity.spotchecks.models import Disposal, SampleNotice, TestReport
from qualitycity.spotchecks.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(cast):
    items = f.flour_items()
    first, second, third = f.lab(), f.lab(), f.lab()
    plan = f.plan(labs=[first, second, third])
    return {"staff": cast("staff"), "items": items, "labs": (first, second, third), "plan": plan}


def test_passing_report_concludes_qualified_and_archives_info(setup) -> None:
    producer = entity("140525", name="泽州县面粉加工有限公司")
    sample = f.sample(setup["plan"], setup["staff"], producer=producer)
    f.report(sample, setup["staff"], f.PASSING)
    sample.refresh_from_db()
    assert sample.status == SampleStatus.REPORTED
    assert sample.conclusion == Conclusion.QUALIFIED
    assert sample.failed_items == ""
    assert not SampleNotice.objects.filter(sample=sample).exists()
    assert not Disposal.objects.filter(sample=sample).exists()
    event = CreditEvent.objects.get(entity=producer, kind="spot_check_result")
    assert event.severity == "info"


def test_one_failed_item_makes_the_sample_unqualified(setup) -> None:
    producer = entity("140581", name="高平市面粉厂")
    seller = entity("140525", name="泽州县便民超市")
    sample = f.sample(setup["plan"], setup["staff"], producer=producer, seller=seller)
    f.report(sample, setup["staff"], f.FAILING)
    sample.refresh_from_db()
    assert sample.conclusion == Conclusion.UNQUALIFIED
    assert "铅(以Pb计) 0.35" in sample.failed_items
    assert "≤0.2 mg/kg" in sample.failed_items
    parties = dict(SampleNotice.objects.filter(sample=sample).values_list("party", "entity_id"))
    assert parties == {"sampled_unit": seller.pk, "producer": producer.pk}
    assert CreditEvent.objects.get(entity=producer, kind="spot_check_result").severity == "serious"
    assert CreditEvent.objects.get(entity=seller, kind="spot_check_result").severity == "minor"
    disposal = Disposal.objects.get(sample=sample)
    # the producer lies in the city: its county handles the case
    assert disposal.county.code == "140581"
    assert disposal.department.code == "samr-gp"
    assert disposal.lot["batch_number"] == "20260301"
    assert disposal.lot["producer"] == producer.uscc


def test_report_refused_for_sample_not_delivered(setup) -> None:
    sample = f.sample(setup["plan"], setup["staff"], delivered=False)
    with pytest.raises(ValidationError) as exc:
        f.report(sample, setup["staff"], f.PASSING)
    assert "sample" in exc.value.message_dict
    assert (
        "not been delivered" in exc.value.message_dict["sample"][0]
        or "尚未" in exc.value.message_dict["sample"][0]
    )
    assert not TestReport.objects.exists()


def test_report_refused_for_item_the_lab_is_not_qualified_for(setup) -> None:
    items = setup["items"]
    narrow = f.lab(items=items[:1])
    plan = f.plan(labs=[narrow])
    sample = f.sample(plan, setup["staff"])
    with pytest.raises(services.ReportError) as exc:
        f.report(sample, setup["staff"], f.PASSING)
    assert set(exc.value.rows) == {1, 2}
    assert "item" in exc.value.rows[1]
    assert not TestReport.objects.exists()


def test_report_refused_for_wrong_unit_and_missing_limit(setup) -> None:
    sample = f.sample(setup["plan"], setup["staff"])
    lead = setup["items"][0]
    no_limit = f.item(name="镉(以Cd计)", limit_kind="", limit_max=None)
    setup["labs"][0].test_items.add(no_limit)
    rows = [
        services.ResultRow(item=lead, value_text="0.05", unit="g/kg"),
        services.ResultRow(item=no_limit, value_text="0.01", unit="mg/kg"),
    ]
    with pytest.raises(services.ReportError) as exc:
        services.enter_report(
            sample,
            actor=setup["staff"],
            institution=sample.institution,
            number="R1",
            issued_on=timezone.localdate(),
            rows=rows,
        )
    assert set(exc.value.rows[0]) == {"unit"}
    assert set(exc.value.rows[1]) == {"item"}
    assert "mg/kg" in exc.value.rows[0]["unit"]


def test_lab_verdict_contradicting_the_limit_is_refused(setup) -> None:
    sample = f.sample(setup["plan"], setup["staff"])
    rows = [services.ResultRow(item=setup["items"][0], value_text="0.35", unit="mg/kg", lab_verdict="合格")]
    with pytest.raises(services.ReportError) as exc:
        services.enter_report(
            sample,
            actor=setup["staff"],
            institution=sample.institution,
            number="R2",
            issued_on=timezone.localdate(),
            rows=rows,
        )
    assert set(exc.value.rows[0]) == {"verdict"}


def test_duplicate_sample_number_is_refused(setup) -> None:
    first = f.sample(setup["plan"], setup["staff"])
    with pytest.raises(ValidationError) as exc:
        services.record_sample(f.record(setup["plan"], number=first.number), actor=setup["staff"])
    assert "number" in exc.value.message_dict


def test_sampling_record_needs_two_samplers_and_a_refusal_note(setup) -> None:
    with pytest.raises(ValidationError) as exc:
        services.record_sample(
            f.record(setup["plan"], samplers=["李抽样", "李抽样"], unit_signed=False), actor=setup["staff"]
        )
    assert {"samplers", "refusal_note"} <= set(exc.value.message_dict)


def test_unregistered_producer_is_recorded_as_such(setup) -> None:
    from qualitycity.core.uscc import generate
    from qualitycity.registry.models import Entity

    code = generate("9", "1", "370100", 424242)  # 济南市: another province
    record = f.record(setup["plan"])
    record.producer = services.Party(uscc=code, name="山东某面粉有限公司", address="山东省济南市")
    sample = services.record_sample(record, actor=setup["staff"])
    producer = Entity.objects.get(uscc=code)
    assert sample.producer == producer
    assert producer.registration_status == "unregistered"
    assert producer.county.code == "370000"


def _failed(setup, **kw):
    producer = kw.pop("producer", None) or entity("140525", name="泽州县面粉厂")
    sample = f.sample(setup["plan"], setup["staff"], producer=producer, **kw)
    f.report(sample, setup["staff"], f.FAILING, issued_on=timezone.localdate() - dt.timedelta(days=10))
    sample.refresh_from_db()
    return sample, producer


def test_objection_after_the_food_window_is_refused_with_the_window(setup) -> None:
    sample, _producer = _failed(setup)
    notice = SampleNotice.objects.get(sample=sample, party="producer")
    received = timezone.localdate() - dt.timedelta(days=9)
    services.serve_notice(notice, actor=setup["staff"], received_on=received, method="in_person")
    notice.refresh_from_db()
    assert notice.objection_due is not None
    with pytest.raises(ValidationError) as exc:
        services.submit_objection(
            notice,
            actor=setup["staff"],
            reason="复检",
            submitted_on=notice.objection_due + dt.timedelta(days=1),
        )
    message = exc.value.message_dict["submitted_on"][0]
    assert notice.objection_due.strftime("%Y") in message


def test_objection_in_the_window_leads_to_a_random_retest_at_another_lab(setup) -> None:
    sample, producer = _failed(setup)
    notice = SampleNotice.objects.get(sample=sample, party="producer")
    services.serve_notice(
        notice, actor=setup["staff"], received_on=timezone.localdate() - dt.timedelta(days=1), method="post"
    )
    objection = services.submit_objection(notice, actor=setup["staff"], reason="对铅检测结果有异议")
    objection = services.decide_objection(objection, actor=setup["staff"], accept=True)
    assert objection.status == ObjectionStatus.RETEST_ASSIGNED
    assert objection.retest_institution != sample.institution
    draw = objection.retest_draw
    assert sample.institution.uscc not in draw["candidates"]
    assert len(draw["candidates"]) == 2
    # the draw can be re-run from its seed and candidates
    labs = [lab for lab in setup["labs"] if lab.uscc in draw["candidates"]]
    assert services.draw_retest_lab(labs, draw["seed"]).uscc == draw["picked"]
    f.report(sample, setup["staff"], f.PASSING, institution=objection.retest_institution, objection=objection)
    sample.refresh_from_db()
    objection.refresh_from_db()
    assert sample.conclusion == Conclusion.QUALIFIED
    assert objection.outcome == ObjectionOutcome.OVERTURNED
    assert TestReport.objects.filter(sample=sample).count() == 2
    assert Disposal.objects.get(sample=sample).status == DisposalStatus.CLOSED
    assert CreditEvent.objects.get(entity=producer, kind="spot_check_result").severity == "info"


def test_retest_at_the_first_lab_is_refused(setup) -> None:
    sample, _producer = _failed(setup)
    notice = SampleNotice.objects.get(sample=sample, party="producer")
    services.acknowledge_notice(notice, actor=setup["staff"])
    objection = services.submit_objection(notice, actor=setup["staff"], reason="复检")
    objection = services.decide_objection(objection, actor=setup["staff"], accept=True)
    with pytest.raises(services.ReportError) as exc:
        f.report(sample, setup["staff"], f.PASSING, institution=sample.institution, objection=objection)
    assert "institution" in exc.value.report_errors


def test_product_disposal_follows_the_article_17_chain(setup, cast) -> None:
    from qualitycity.spotchecks.choices import DisposalStepKind as K

    castings = f.item(
        f.CASTINGS,
        "抗拉强度",
        limit_kind="min",
        limit_min=Decimal(400),
        limit_max=None,
        unit="MPa",
        limit_standard=None,
    )
    plab = f.lab(codes=(f.CASTINGS,))
    plan = f.plan(programme="product", codes=(f.CASTINGS,), labs=[plab])
    producer = entity("140525", name="泽州县铸造厂")
    sample = f.sample(
        plan,
        setup["staff"],
        producer=producer,
        seller=producer,
        link_type="production",
        product_name="球墨铸铁管件",
    )
    services.enter_report(
        sample,
        actor=setup["staff"],
        institution=plab,
        number="P1",
        issued_on=timezone.localdate(),
        rows=[services.ResultRow(item=castings, value_text="350", unit="MPa")],
    )
    disposal = Disposal.objects.get(sample=sample)
    assert services.allowed_steps(disposal)[0] == K.ORDER_CORRECTION
    with pytest.raises(ValidationError):
        services.add_step(disposal, actor=setup["staff"], kind=K.SUSPENSION, done_on=timezone.localdate())
    today = timezone.localdate()
    if (today + dt.timedelta(days=31)).year > 2026:
        # the default deadline runs into a year without holiday data: the officer must set it
        with pytest.raises(ValidationError) as exc:
            services.add_step(disposal, actor=setup["staff"], kind=K.ORDER_CORRECTION, done_on=today)
        assert "deadline" in exc.value.message_dict
    services.add_step(
        disposal,
        actor=setup["staff"],
        kind=K.ORDER_CORRECTION,
        done_on=today,
        deadline=today + dt.timedelta(days=20),
    )
    services.add_step(disposal, actor=setup["staff"], kind=K.RECHECK, done_on=today, passed=False)
    assert services.allowed_steps(disposal)[0] == K.PUBLIC_NOTICE
    ok, _why = services.can_close(disposal)
    assert not ok
    services.add_step(disposal, actor=setup["staff"], kind=K.PUBLIC_NOTICE, done_on=today)
    services.add_step(disposal, actor=setup["staff"], kind=K.RECHECK, done_on=today, passed=True)
    services.close_disposal(disposal, actor=setup["staff"], measures_taken="整改后复查合格")
    disposal.refresh_from_db()
    assert disposal.status == DisposalStatus.CLOSED
    kinds = list(CreditEvent.objects.filter(entity=producer).order_by("pk").values_list("kind", flat=True))
    assert kinds.count("disposal") == 4
    assert "spot_check_result" in kinds


def test_without_the_calendar_an_objection_within_n_calendar_days_is_in_time(setup) -> None:
    sample, _producer = _failed(setup)
    notice = SampleNotice.objects.get(sample=sample, party="producer")
    received = timezone.localdate() - dt.timedelta(days=9)
    services.serve_notice(notice, actor=setup["staff"], received_on=received, method="in_person")
    # as if the window's end fell in a year without holiday data
    SampleNotice.objects.filter(pk=notice.pk).update(objection_due=None)
    notice.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.submit_objection(
            notice, actor=setup["staff"], reason="复检", submitted_on=received + dt.timedelta(days=8)
        )
    assert "submitted_on" in exc.value.message_dict
    objection = services.submit_objection(
        notice, actor=setup["staff"], reason="复检", submitted_on=received + dt.timedelta(days=7)
    )
    assert objection.status == ObjectionStatus.SUBMITTED


def test_an_enterprise_cannot_acknowledge_another_entitys_notice(setup, cast) -> None:
    sample, _producer = _failed(setup)
    notice = SampleNotice.objects.get(sample=sample, party="producer")
    stranger = cast("enterprise", uscc=entity("140581").uscc)
    with pytest.raises(ValidationError):
        services.acknowledge_notice(notice, actor=stranger)
    notice.refresh_from_db()
    assert notice.received_on is None


def test_the_retest_lab_sees_its_sample_once_and_a_retest_needs_its_own_sample(setup, cast) -> None:
    from qualitycity.core.permissions import restrict_queryset
    from qualitycity.spotchecks.models import Sample

    sample, _producer = _failed(setup)
    other, _other_producer = _failed(setup)
    notice = SampleNotice.objects.get(sample=sample, party="producer")
    services.acknowledge_notice(notice, actor=setup["staff"])
    objection = services.decide_objection(
        services.submit_objection(notice, actor=setup["staff"], reason="复检"),
        actor=setup["staff"],
        accept=True,
    )
    lab_user = cast("lab", uscc=objection.retest_institution.uscc)
    visible = restrict_queryset(Sample.objects.all(), lab_user)
    assert list(visible.values_list("pk", flat=True)) == [sample.pk]
    with pytest.raises(services.ReportError) as exc:
        f.report(
            other, setup["staff"], f.PASSING, institution=objection.retest_institution, objection=objection
        )
    assert "objection" in exc.value.report_errors


def test_refusals_keep_their_code(setup) -> None:
    sample = f.sample(setup["plan"], setup["staff"])
    with pytest.raises(ValidationError) as exc:
        services.receive_sample(sample, actor=setup["staff"], received_on=sample.delivered_on)
    assert exc.value.error_dict["received_on"][0].code == "already_received"


def test_a_failed_sample_and_its_disposal_raise_the_producers_risk_score(
    setup, run_worker, django_capture_on_commit_callbacks
) -> None:
    """Failed sample → archive events → risk re-score (the real worker) with the spot-check
    indicator's contribution naming the sample's event."""
    from qualitycity.credit.models import RiskAssessment
    from qualitycity.credit.risk import recompute

    producer = entity("140525", name="泽州县风险面粉厂")
    recompute(entity_ids=[producer.pk])
    before = RiskAssessment.objects.get(entity=producer, is_current=True)
    with django_capture_on_commit_callbacks(execute=True):
        _failed(setup, producer=producer)
    run_worker()
    after = RiskAssessment.objects.get(entity=producer, is_current=True)
    assert after.score >= before.score + 15
    event = CreditEvent.objects.get(entity=producer, kind="spot_check_result")
    cited = [c for c in after.contributions if event.pk in c.get("events", [])]
    assert cited, after.contributions
