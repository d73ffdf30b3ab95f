"""Request context for the audit trail, and the idle-session timeout."""

from __future__ import annotations

import contextvars
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestInfo:
    ip: str = ""
    request_id: str = ""


_request_info: contextvars.ContextVar[RequestInfo] = contextvars.ContextVar(
    "qcity_request_info",
    default=RequestInfo(),  # noqa: B039  (a frozen dataclass: immutable)
)


def client_ip(request: HttpRequest) -> str:
    """The client address (REMOTE_ADDR; a proxy in front sets it with its own middleware)."""
    return request.META.get("REMOTE_ADDR", "")


def current_request_info() -> RequestInfo:
    return _request_info.get()


class RequestContextMiddleware:
    """Remembers the client address and a request id for audit records written during it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-ID", "")[:36] or str(uuid.uuid4())
        token = _request_info.set(RequestInfo(ip=client_ip(request), request_id=request_id))
        try:
            response = self.get_response(request)
        finally:
            _request_info.reset(token)
        response["X-Request-ID"] = request_id
        return response


class IdleTimeoutMiddleware:
    """Logs a user out after the security policy's idle time without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            from qualitycity.core.security import idle_timeout_seconds

            now = int(time.time())
            last = request.session.get("last_seen")
            if last is not None and now - int(last) > idle_timeout_seconds():
                logout(request)
            else:
                request.session["last_seen"] = now
        return self.get_response(request)


class LanguageMiddleware:
    """Simplified Chinese unless the user chose another language (the language cookie set by
    the switcher); the browser's Accept-Language is not consulted, so a workstation with an
    English browser still gets the Chinese UI by default."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]  # as LocaleMiddleware does
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
