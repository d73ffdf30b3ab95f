"""The home page's to-do list (待办) and panels: modules register providers that list a user's
pending work, and panels (a template and its context) such as charts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class TodoItem:
    title: str
    url: str
    count: int = 1
    due: Any = None
    module: str = ""


Provider = Callable[[Any], list[TodoItem]]
#: At most this many items of one kind are listed; a provider adds "… and N more" for the rest.
ITEM_LIMIT = 20
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Register a function user → list of TodoItem."""
    _providers.append(provider)
    return provider


def items_for(user: Any) -> list[TodoItem]:
    items: list[TodoItem] = []
    for provider in _providers:
        items.extend(provider(user))
    return sorted(items, key=lambda i: (i.due is None, str(i.due or ""), i.title))


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any]


PanelProvider = Callable[[Any], Panel | None]
_panels: list[PanelProvider] = []


def register_panel(provider: PanelProvider) -> PanelProvider:
    """Register a function user → Panel (or None when the user may not see it)."""
    _panels.append(provider)
    return provider


def panels_for(user: Any) -> list[Panel]:
    return [panel for provider in _panels if (panel := provider(user)) is not None]
