from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class EntityOut(Schema):
    uscc: str
    name: str
    entity_type: str
    legal_representative: str = Field(description="Masked (张*).")
    date_established: dt.date | None
    registration_status: str
    address: str
    county_code: str
    county_name: str
    township_code: str | None
    industry_code: str | None


class EntityIn(Schema):
    uscc: str = Field(max_length=40)
    name: str = Field(max_length=200)
    entity_type: str
    legal_representative: str = Field("", max_length=50)
    date_established: dt.date | None = None
    registration_status: str = "existing"
    address: str = Field("", max_length=300)
    county_code: str
    township_code: str | None = None
    industry_code: str | None = None


class EntityFilter(Schema):
    """The same parameter names as the entity list page and its export."""

    q: str | None = None
    county_id: int | None = None
    township_id: int | None = None
    industry: str | None = None
    entity_type: str | None = None
    registration_status: str | None = None


class EntityPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[EntityOut]
