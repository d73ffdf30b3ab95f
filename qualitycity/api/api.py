"""The REST API: mounts each app's router, sets auth, versioning and the error shape."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError

from qualitycity.api import errors
from qualitycity.api.auth import AUTH
from qualitycity.complaints.api import router as complaints_router
from qualitycity.core.api import router as core_router
from qualitycity.credit.api import router as credit_router
from qualitycity.inspections.api import router as inspections_router
from qualitycity.plan.api import router as plan_router
from qualitycity.registry.api import router as registry_router
from qualitycity.spotchecks.api import router as spotchecks_router

api = NinjaAPI(
    title="QualityCity API",
    version="1",
    description="质城 — city quality platform. Same permissions and data scope as the web UI.",
    auth=AUTH,
    urls_namespace="api",
)
errors.install(api)


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_in_hours: int


@api.post("/auth/token", auth=None, response=TokenOut, tags=["auth"])
def issue_token(request: HttpRequest, payload: TokenIn) -> dict:
    """Exchange a user name and password for a bearer token."""
    from django.conf import settings

    from qualitycity.core.models import ApiToken

    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise HttpError(401, _("Wrong user name or password, or the account is locked."))
    return {"token": ApiToken.issue(user), "expires_in_hours": settings.QCITY_API_TOKEN_HOURS}


api.add_router("/", core_router)
api.add_router("/", registry_router)
api.add_router("/", credit_router)
api.add_router("/", inspections_router)
api.add_router("/", complaints_router)
api.add_router("/", plan_router)
api.add_router("/", spotchecks_router)

__all__ = ["api", "dt"]
