from collections.abc import Callable
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject, empty


class SecurityHeadersMiddleware:
    """A content security policy with no inline script, on every response; responses to a
    signed-in person are never stored (``Cache-Control: private, no-store``).

    Styles may be inline: the design system's web components carry their styles inside
    their shadow roots.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data:",
                "font-src 'self'",
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self._private(request):
            # What a signed-in person (or a token) is shown is theirs: no shared cache or
            # browser history keeps it (a new API token on the profile page, say).
            add_never_cache_headers(response)
        response.setdefault("Content-Security-Policy", self.policy)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response

    @staticmethod
    def _private(request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is None:
            return False
        try:
            return bool(user.is_authenticated)
        except DatabaseError:
            # The session could not be read (the database is down): kept private, to be safe,
            # and the page the view gave (a clear message) still reaches the person.
            return True


class RequestUserMiddleware:
    """The person making the request as a plain object for the rest of the request.

    Placed after the sign-in check, which has read the person: templates and queries
    then read ``request.user`` without going through the lazy wrapper each time, and what is
    looked up about the person once (their memberships) may be kept on the object, which
    lives for this one request only (``request_scoped``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: object) -> None:
        lazy: Any = getattr(request, "user", None)
        # Only a person already read: a page open to everyone reads nobody it does not need.
        if isinstance(lazy, SimpleLazyObject) and vars(lazy)["_wrapped"] is not empty:
            request.user = vars(lazy)["_wrapped"]
            vars(request.user)["request_scoped"] = True
