"""`qcity draw verify` and `qcity draw pool`: the exit status tells a script whether a draw
still matches its seed and snapshots; the pool file hashes to the published pool hash."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from qualitycity.core.models import Division
from qualitycity.credit.models import RiskAssessment
from qualitycity.credit.risk import active_model
from qualitycity.inspections import algorithm
from qualitycity.inspections.models import Draw, DrawTarget
from qualitycity.inspections.services import approve_task, draw_task
from qualitycity.inspections.tests import factories as f
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db


def approved(per_class: int, ratios: dict[str, str] | None = None) -> Draw:
    """A task over `per_class` Zezhou entities of each class A–D, approved: its draw is sealed."""
    model = active_model()
    for risk_class in "ABCD":
        RiskAssessment.objects.bulk_create(
            RiskAssessment(
                entity=entity(), model=model, assessed_at=timezone.now(), score=0, risk_class=risk_class
            )
            for _ in range(per_class)
        )
    task = f.task(pool_filter={"county_id": Division.objects.get(code="140525").pk}, ratios=ratios)
    f.inspectors(task.lead_department, 4)
    return approve_task(task, actor=None)


@pytest.fixture
def drawn() -> Draw:
    draw = approved(6, {"A": "50", "B": "50", "C": "50", "D": "50"})
    return draw_task(draw.task, actor=None)


def draw_command(*args: str) -> tuple[int, str, str]:
    """Run `qcity draw …`; its exit status, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("draw", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_verify_reports_an_untouched_draw_and_exits_0(drawn):
    assert draw_command("verify", str(drawn.pk)) == (
        0,
        f"draw {drawn.pk} verified: 12 targets, 4 inspectors\n",
        "",
    )


def test_verify_exits_1_naming_a_target_altered_in_the_database(drawn):
    target = DrawTarget.objects.filter(draw=drawn).order_by("position").first()
    outsider = entity()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE inspections_drawtarget SET entity_id = %s, uscc = %s WHERE id = %s",
            [outsider.pk, outsider.uscc, target.pk],
        )
    status, out, err = draw_command("verify", str(drawn.pk))
    assert status == 1
    assert out.startswith(f"draw {drawn.pk} FAILED verification:\n")
    assert f"stored target (1, '{outsider.uscc}'" in out
    assert f"expected target (1, '{target.uscc}'" in out
    assert err == ""


def test_verify_exits_1_for_a_draw_not_made_yet():
    draw = approved(1)
    assert draw_command("verify", str(draw.pk)) == (
        1,
        f"draw {draw.pk} FAILED verification:\n- the draw has not been made yet\n",
        "",
    )


def test_an_unknown_draw_exits_2_with_a_clear_error():
    assert draw_command("verify", "-1") == (2, "", "no draw with id -1\n")
    assert draw_command("pool", "-1") == (2, "", "no draw with id -1\n")


def test_pool_prints_the_snapshot_sorted_by_uscc(drawn):
    status, out, err = draw_command("pool", str(drawn.pk))
    lines = out.rstrip("\n").split("\n")
    assert status == 0
    assert err == ""
    assert len(lines) == 24
    assert lines == sorted(lines)
    assert {line.split(",")[1] for line in lines} == {"A", "B", "C", "D"}
    assert algorithm.sha256_hex(out.rstrip("\n")) == drawn.pool_hash


def test_pool_output_file_hashes_to_the_pool_hash(drawn, tmp_path):
    path = tmp_path / "pool.txt"
    status, out, _err = draw_command("pool", str(drawn.pk), "--output", str(path))
    assert status == 0
    assert hashlib.sha256(path.read_bytes()).hexdigest() == drawn.pool_hash
    assert out == f"draw {drawn.pk}: 24 pool entries written to {path} (SHA-256 {drawn.pool_hash})\n"


def test_pool_of_a_draw_not_made_yet_exits_1():
    draw = approved(1)
    assert draw_command("pool", str(draw.pk)) == (
        1,
        "",
        f"draw {draw.pk} has not been made yet: it has no pool snapshot\n",
    )
