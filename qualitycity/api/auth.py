"""API authentication: bearer tokens from `POST /auth/token`, or the browser session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from qualitycity.core.models import ApiToken


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


class StaffSessionAuth(SessionAuth):
    """The logged-in browser session (CSRF-checked for writes)."""


AUTH = [BearerAuth(), StaffSessionAuth()]
