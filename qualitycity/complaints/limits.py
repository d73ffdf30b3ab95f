"""The per-address limits of public complaint intake and receipt look-ups, shared by the portal
form and the public API (one count per address, whichever way a sender comes in)."""

from __future__ import annotations

from qualitycity.core.throttle import Throttle

#: Cases submitted (a merged repeat is not counted; honeypot hits are).
SUBMISSIONS = Throttle(
    "complaint-submit",
    (
        (60, "QCITY_COMPLAINT_SUBMISSIONS_PER_MINUTE", 5),
        (3600, "QCITY_COMPLAINT_SUBMISSIONS_PER_HOUR", 30),
    ),
)
#: Receipt look-ups that found nothing (guessing numbers and codes).
RECEIPT_MISSES = Throttle(
    "complaint-receipt",
    (
        (60, "QCITY_COMPLAINT_TRACK_MISSES_PER_MINUTE", 10),
        (3600, "QCITY_COMPLAINT_TRACK_MISSES_PER_HOUR", 60),
    ),
)
