"""The home page's to-do list (待办): modules register providers that list a user's pending work."""

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
