from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

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
    operating_address: str = ""
    registered_capital: Decimal | None = Field(None, description="In 10k yuan (万元).")
    contact_phone: str = Field("", description="Masked (138****5678).")
    former_names: list[str] = []
    specialised_town: str | None = Field(None, description="The specialised town's code.")
    tags: list[str] = Field([], description="EntityTagKind codes.")
    risk_class: str | None = Field(
        None, description="Internal users only (GET by USCC): the current credit-risk class. Never public."
    )
    lists: list[dict[str, Any]] = Field(
        [], description="GET by USCC: current listings (kind, ground, listed_on, decision_number)."
    )


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
    operating_address: str = Field("", max_length=300)
    registered_capital: Decimal | None = None
    contact_phone: str = Field("", max_length=30)
    former_names: list[str] = []
    specialised_town: str | None = None
    tags: list[str] = []


class EntityPatch(Schema):
    """A partial update: only the fields sent are changed (the USCC is the key, not a field)."""

    name: str | None = Field(None, max_length=200)
    entity_type: str | None = None
    legal_representative: str | None = Field(None, max_length=50)
    date_established: dt.date | None = None
    registration_status: str | None = None
    address: str | None = Field(None, max_length=300)
    county_code: str | None = None
    township_code: str | None = None
    industry_code: str | None = None
    operating_address: str | None = Field(None, max_length=300)
    registered_capital: Decimal | None = None
    contact_phone: str | None = Field(None, max_length=30)
    former_names: list[str] | None = None
    specialised_town: str | None = None
    tags: list[str] | None = None


class EntityFilter(Schema):
    """The same parameter names as the entity list page and its export."""

    q: str | None = None
    county_id: int | None = None
    township_id: int | None = None
    industry: str | None = None
    entity_type: str | None = None
    registration_status: str | None = None
    tag: str | None = None
    specialised_town_id: int | None = None
    risk_class: str | None = None
    on_list: str | None = None


class EntityPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[EntityOut]
