"""USCC validation with messages in the user's language."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qualitycity.core.uscc import USCCError, validate

USCC_MESSAGES = {
    "length": _("A unified social credit code has 18 characters."),
    "charset": _("The code contains a character that is not allowed (I, O, Z, S, V or a symbol)."),
    "authority": _("The first character (registration authority) is not valid."),
    "region": _("Characters 3–8 must be a 6-digit division code."),
    "check_char": _("The check character (the 18th) does not match: the code is mistyped."),
    "org_check": _("The organisation code inside the credit code (characters 9–17) fails its check."),
}


def clean_uscc(value: str) -> str:
    """Validate a USCC per GB 32100-2015 and return its canonical form.

    Raises a ValidationError in the user's language, with the code `uscc_<reason>`."""
    try:
        return validate(value or "")
    except USCCError as exc:
        message = USCC_MESSAGES.get(exc.code, _("Invalid code."))
        raise ValidationError(message, code=f"uscc_{exc.code}") from exc


def uscc_or_field_error(raw: str) -> str:
    """The canonical USCC, or a ValidationError naming the `uscc` field (the API's 422)."""
    try:
        return clean_uscc(raw)
    except ValidationError as exc:
        raise ValidationError({"uscc": exc.messages}) from exc
