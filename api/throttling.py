import logging

from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class TokenRateThrottle(SimpleRateThrottle):
    """Limits requests made with an API token, per token owner. Browser sessions are not limited here.

    The counts live in the cache (Redis). With Redis out of reach the request goes ahead and
    the error is logged: this limit shares the load fairly, it protects no account (failed
    passwords are counted in the database, ``organizations.signin``)."""

    scope = "token"

    def get_cache_key(self, request, view):
        from .models import ApiToken

        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # redis-py raises several kinds of connection and timeout errors
            logger.error("API rate limit not counted: the cache is unavailable", exc_info=True)
            return True
