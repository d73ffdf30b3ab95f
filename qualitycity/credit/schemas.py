from __future__ import annotations

import datetime as dt

from ninja import Schema


class CreditEventOut(Schema):
    id: int
    kind: str
    kind_label: str
    occurred_on: dt.date
    severity: str
    summary: str
    source_app: str
    is_public: bool
    public_until: dt.date | None


class ArchiveOut(Schema):
    uscc: str
    name: str
    count: int
    events: list[CreditEventOut]


class RestrictionOut(Schema):
    rule: str
    condition: str
    reason: str
    legal_basis: str


class RestrictionsOut(Schema):
    uscc: str
    action: str
    on: dt.date
    restricted: bool
    restrictions: list[RestrictionOut]
