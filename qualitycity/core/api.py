"""Core API: the working-day calendar."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from qualitycity.core import services

router = Router(tags=["calendar"])


class AddWorkdaysIn(Schema):
    start: dt.date
    days: int


class AddWorkdaysOut(Schema):
    start: dt.date
    days: int
    result: dt.date


@router.get("/calendar/add-workdays", response=AddWorkdaysOut, auth=None)
def add_workdays(request: HttpRequest, params: Query[AddWorkdaysIn]) -> dict:
    """The `days`-th working day after `start` (the start day not counted)."""
    if abs(params.days) > 3650:
        raise HttpError(422, "days must be between -3650 and 3650")
    try:
        result = services.add_workdays(params.start, params.days)
    except services.CalendarNotAvailable as exc:
        raise HttpError(422, f"holiday schedule for {exc.year} not entered") from exc
    return {"start": params.start, "days": params.days, "result": result}
