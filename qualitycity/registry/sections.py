"""Sections of the entity page that other modules contribute (the archive, risk class, lists).

The registry does not import those modules: they register a function here that returns a
section for an entity and a user, or None when the user may not see it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Section:
    title: str
    template: str
    context: dict[str, Any]
    order: int = 100


SectionProvider = Callable[[Any, Any], Section | None]
_providers: list[SectionProvider] = []


def register_entity_section(provider: SectionProvider) -> SectionProvider:
    """Register `provider(entity, user) -> Section | None`."""
    _providers.append(provider)
    return provider


def sections_for(entity: Any, user: Any) -> list[Section]:
    found = [s for p in _providers if (s := p(entity, user)) is not None]
    return sorted(found, key=lambda s: s.order)
