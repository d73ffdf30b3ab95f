"""The draw algorithm on its own: the seeded shuffle against a plain re-reading of the published
description, the class quotas, and draws of the earlier algorithm still verifying."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycity.inspections import algorithm
from qualitycity.inspections.models import Draw, DrawTarget
from qualitycity.inspections.services import approve_task, draw_task, verify_draw
from qualitycity.inspections.tests import factories as f
from qualitycity.inspections.tests.test_draw import zezhou_filter, zezhou_pool

SEEDS = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)


def described_shuffle(seed: str, risk_class: str, members: list[str], k: int) -> list[tuple[str, str]]:
    """The module docstring's v2 selection, written out plainly over a materialised list."""
    order = list(members)
    picks = []
    j = 0
    for i in range(k):
        span = len(order) - i
        while True:
            digest = hashlib.sha256(f"{seed}:{risk_class}:{j}".encode()).hexdigest()
            j += 1
            x = int(digest[:16], 16)
            if x < 2**64 - 2**64 % span:
                break
        r = i + x % span
        order[i], order[r] = order[r], order[i]
        picks.append((order[i], digest))
    return picks


@settings(max_examples=60, deadline=None)
@given(seed=SEEDS, n=st.integers(1, 300), data=st.data())
def test_the_shuffle_is_the_published_one(seed, n, data):
    k = data.draw(st.integers(0, n))
    members = [f"U{i:04d}" for i in range(n)]
    picks = algorithm.shuffle_picks(seed, "B", n, k)
    assert [(members[p], d) for p, d in picks] == described_shuffle(seed, "B", members, k)
    assert len({p for p, _d in picks}) == k
    assert all(0 <= p < n for p, _d in picks)


@settings(max_examples=40, deadline=None)
@given(seed=SEEDS, sizes=st.lists(st.integers(1, 60), min_size=1, max_size=4), percent=st.integers(0, 100))
def test_every_class_gets_its_quota_in_key_order(seed, sizes, percent):
    classes = [c for c, size in zip("ABCD", sizes, strict=False) for _ in range(size)]
    usccs = [f"U{i:05d}" for i in range(len(classes))]
    ratios = dict.fromkeys("ABCD", str(percent))
    targets, strata = algorithm.select_targets(seed, usccs, classes, ratios)
    for c, size in zip("ABCD", sizes, strict=False):
        want = -(-size * percent // 100)
        assert strata[c] == {"pool": size, "ratio": str(percent), "targets": want}
        assert sum(1 for t in targets if t.risk_class == c) == want
    assert [t.key for t in targets] == sorted(t.key for t in targets)
    assert all(usccs[t.line] == t.uscc and classes[t.line] == t.risk_class for t in targets)
    assert len({t.uscc for t in targets}) == len(targets)


def test_a_draw_equals_the_description_rerun_by_hand(cast):
    zezhou_pool(7)
    task = f.task(pool_filter=zezhou_filter(), ratios={"A": "30", "B": "30", "C": "60", "D": "100"})
    f.inspectors(task.lead_department, 4)
    approve_task(task, actor=cast("staff"))
    draw = draw_task(task, actor=cast("staff"))
    assert draw.algorithm == "qcity-draw-v2"
    lines = algorithm.decompress(draw.pool_snapshot).decode().split("\n")
    by_class: dict[str, list[str]] = {}
    for line in lines:
        uscc, risk_class = line.split(",")
        by_class.setdefault(risk_class, []).append(uscc)
    expected = sorted(
        (digest, uscc)
        for c, members in by_class.items()
        for uscc, digest in described_shuffle(
            draw.seed, c, members, -(-len(members) * int(task.ratios[c]) // 100)
        )
    )
    stored = list(DrawTarget.objects.filter(draw=draw).order_by("position").values_list("sort_key", "uscc"))
    assert stored == expected


def test_draws_of_the_first_algorithm_still_verify(cast):
    zezhou_pool(6)
    task = f.task(pool_filter=zezhou_filter(), ratios={"A": "50", "B": "50", "C": "50", "D": "50"})
    f.inspectors(task.lead_department, 4)
    draw = approve_task(task, actor=cast("staff"))
    Draw.objects.filter(pk=draw.pk).update(algorithm=algorithm.ALGORITHM_V1)
    draw = draw_task(task, actor=cast("staff"))
    keys = dict(DrawTarget.objects.filter(draw=draw).values_list("uscc", "sort_key"))
    assert keys == {u: hashlib.sha256(f"{draw.seed}:{u}".encode()).hexdigest() for u in keys}
    assert verify_draw(draw).ok
    Draw.objects.filter(pk=draw.pk).update(algorithm=algorithm.ALGORITHM)
    draw.refresh_from_db()
    assert not verify_draw(draw).ok


def test_an_unknown_algorithm_is_refused():
    with pytest.raises(algorithm.DrawError) as caught:
        algorithm.select_targets("0" * 64, ["U1"], ["A"], {"A": "50"}, "qcity-draw-v9")
    assert caught.value.code == "unknown_algorithm"
