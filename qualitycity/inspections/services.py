"""Random inspections (双随机、一公开): the operations other modules and the views call.

- Tasks and draws: `approve_task`, `draw_task`, `redo_draw`, `verify_draw`, `pool_queryset`
  (`inspections.drawing`; the algorithm itself is `inspections.algorithm`).
- Results: `submit_result`, `confirm_result`, `publish_results`, `publication_state`,
  `coverage` (`inspections.results`).
"""

from __future__ import annotations

from qualitycity.inspections.algorithm import ALGORITHM, DrawError
from qualitycity.inspections.drawing import (
    Verification,
    approve_task,
    check_task,
    current_draw,
    draw_task,
    min_inspectors,
    next_task_number,
    pool_queryset,
    redo_draw,
    risk_classes,
    validate_ratios,
    verify_draw,
)
from qualitycity.inspections.results import (
    ItemEntry,
    assigned_inspectors,
    confirm_result,
    coverage,
    drawn_target,
    expected_results,
    overall_category,
    publication_due,
    publication_state,
    publish_results,
    submit_result,
    task_items,
)

__all__ = [
    "ALGORITHM",
    "DrawError",
    "ItemEntry",
    "Verification",
    "approve_task",
    "assigned_inspectors",
    "check_task",
    "confirm_result",
    "coverage",
    "current_draw",
    "draw_task",
    "drawn_target",
    "expected_results",
    "min_inspectors",
    "next_task_number",
    "overall_category",
    "pool_queryset",
    "publication_due",
    "publication_state",
    "publish_results",
    "redo_draw",
    "risk_classes",
    "submit_result",
    "task_items",
    "validate_ratios",
    "verify_draw",
]
