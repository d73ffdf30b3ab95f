"""Template helpers of the page shell."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def attr_value(obj: Any, name: str) -> Any:
    """A field's value for display: the choice label where the field has choices."""
    display = getattr(obj, f"get_{name}_display", None)
    if callable(display):
        return display()
    return getattr(obj, name, None)
