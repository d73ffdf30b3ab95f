"""Entity factory for tests: valid USCCs, real divisions and industries."""

from __future__ import annotations

import itertools
from typing import Any

from qualitycity.core.models import Division, Industry
from qualitycity.core.uscc import generate
from qualitycity.registry.models import Entity

_serial = itertools.count(900_000)


def make_uscc(county_code: str = "140525") -> str:
    return generate("9", "1", county_code, next(_serial))


def entity(county: str = "140525", **fields: Any) -> Entity:
    """An entity in `county` (default 泽州县) with a valid USCC."""
    county_obj = Division.objects.get(code=county)
    defaults: dict[str, Any] = {
        "uscc": make_uscc(county),
        "name": f"晋城市{county_obj.name}测试铸造有限公司{next(_serial)}",
        "entity_type": "enterprise",
        "legal_representative": "张三丰",
        "county": county_obj,
        "industry": Industry.objects.get(code="3391"),
        "registration_status": "existing",
    }
    defaults.update(fields)
    obj = Entity(**defaults)
    obj.save()
    return obj
