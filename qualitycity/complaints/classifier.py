"""Category suggestions from a case's text (replaced by the classifier work in progress)."""

from __future__ import annotations

from typing import Any


def suggest(text: str) -> dict[str, Any]:
    """Keyword rules over the category keywords: {"object": {...}, "nature": {...}}."""
    from qualitycity.complaints.models import Category

    result: dict[str, Any] = {}
    for kind in ("object", "nature"):
        best = None
        best_hits = 0
        for category in Category.objects.filter(kind=kind, is_active=True).exclude(keywords=""):
            words = [w for w in category.keywords.replace(",", " ").split() if w]
            hits = sum(1 for w in words if w in text)
            if hits > best_hits:
                best, best_hits = category, hits
        if best is not None:
            result[kind] = {
                "code": best.code,
                "confidence": min(0.5 + 0.1 * best_hits, 0.9),
                "method": "keywords",
            }
    return result
