"""Who may sign in, and when an account is locked.

Every way in (the sign-in page, the Django admin, the API token endpoint, the password asked
again before a token is made) calls ``django.contrib.auth.authenticate``, which ends in
``backends.EmailBackend``; the counting is here, once. Email addresses are stored in one
canonical form (``canonical_email``) and looked up exactly, so an account has one spelling and
one counter: failures are counted on the account's primary key, never on the typed text
(an address with no account is counted on its canonical form, so a guesser learns nothing
from when the lock-out message appears).

Two limits, counted in the database (``core.ratelimit``):
- LOGIN_MAX_FAILURES failures for an account from one client lock that client out of it
  for LOGIN_LOCKOUT_SECONDS: a stranger's guesses do not lock the owner out;
- LOGIN_ACCOUNT_MAX_FAILURES failures from all clients together lock the account
  everywhere, against guessing spread over many addresses; a password reset lifts it.
"""

import math
import unicodedata

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import ngettext

from core import ratelimit

SCOPE = "sign-in"


def canonical_email(value: str) -> str:
    """The one spelling of an address the platform stores and looks up: composed Unicode
    characters, no surrounding spaces, lower case."""
    return unicodedata.normalize("NFC", (value or "").strip()).lower()


def _keys(account: str, request: HttpRequest | None) -> tuple[str, str]:
    return account, f"{account}|{ratelimit.client_key(request)}"


def account_of(user_pk: int | None, email: str) -> str:
    return f"user:{user_pk}" if user_pk is not None else f"address:{canonical_email(email)}"


def is_locked(account: str, request: HttpRequest | None) -> bool:
    everywhere, from_client = _keys(account, request)
    return ratelimit.exceeded(
        SCOPE,
        [
            (from_client, settings.LOGIN_MAX_FAILURES),
            (everywhere, settings.LOGIN_ACCOUNT_MAX_FAILURES),
        ],
        settings.LOGIN_LOCKOUT_SECONDS,
    )


def record_failure(account: str, request: HttpRequest | None) -> None:
    ratelimit.record(SCOPE, _keys(account, request), settings.LOGIN_LOCKOUT_SECONDS)


def clear_client(account: str, request: HttpRequest | None) -> None:
    """After a success: this client's failures go; those of others still count."""
    ratelimit.clear(SCOPE, [_keys(account, request)[1]])


def clear_account(user_pk: int) -> None:
    """After a password reset: the account is open again from everywhere."""
    from django.db.models import Q

    from core.models import RateEvent

    account = account_of(user_pk, "")
    RateEvent.objects.filter(
        Q(key=account) | Q(key__startswith=f"{account}|"), scope=SCOPE
    ).delete()


def mark_locked(request: HttpRequest | None) -> None:
    """Say on the request that its sign-in was refused because the account is locked."""
    if request is not None:
        request.sign_in_locked = True  # type: ignore[attr-defined]


def was_locked(request: HttpRequest | None) -> bool:
    """Whether a sign-in on this request was refused because the account is locked (the
    forms and the token endpoint then say so rather than "wrong password")."""
    return bool(getattr(request, "sign_in_locked", False))


def locked_message() -> str:
    minutes = max(1, math.ceil(settings.LOGIN_LOCKOUT_SECONDS / 60))
    return ngettext(
        "Too many failed attempts for this account. Wait %(minutes)d minute, "
        "or reset your password by email.",
        "Too many failed attempts for this account. Wait %(minutes)d minutes, "
        "or reset your password by email.",
        minutes,
    ) % {"minutes": minutes}
