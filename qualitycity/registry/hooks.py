"""Change hooks: other modules learn of changes to an entity's registration without the
registry importing them.

The credit app registers a function that writes a `registration_change` CreditEvent per
changed entity (企业信息公示暂行条例 Art 6: registration changes are part of the public
record); the registry's form save, API and import call `entity_changed(...)` inside the
transaction of the change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: field name → (before, after); values as in an audit snapshot (foreign keys as ids).
Changes = dict[str, tuple[Any, Any]]
ChangeHook = Callable[[Any, Changes, Any], None]
_hooks: list[ChangeHook] = []


def on_entity_changed(fn: ChangeHook) -> ChangeHook:
    """Register `fn(entity, changes, actor)`, called after an existing entity was updated
    (not on creation), inside the same transaction. Usable as a decorator."""
    if fn not in _hooks:
        _hooks.append(fn)
    return fn


def remove_hook(fn: ChangeHook) -> None:
    """Unregister `fn` (for tests)."""
    if fn in _hooks:
        _hooks.remove(fn)


def entity_changed(entity: Any, changes: Changes, actor: Any) -> None:
    """Call every registered hook; nothing happens when there are no changes."""
    if not changes:
        return
    for fn in list(_hooks):
        fn(entity, changes, actor)


def changes_from_diff(diff: dict[str, list[Any]]) -> Changes:
    """`core.audit.diff` output (field → [before, after]) as hook changes."""
    return {name: (pair[0], pair[1]) for name, pair in diff.items()}


ApiExtra = Callable[[Any, Any], dict[str, Any]]
_api_extras: list[ApiExtra] = []


def register_api_extra(fn: ApiExtra) -> ApiExtra:
    """Register `fn(entity, user) -> dict` adding fields to `GET /api/v1/entities/{uscc}`
    (e.g. the credit archive's risk class and lists, for internal users only)."""
    _api_extras.append(fn)
    return fn


def api_extras(entity: Any, user: Any) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    for fn in _api_extras:
        extra.update(fn(entity, user))
    return extra
