"""The one rule that needs no organization: ICCS staff pages answer 404 to everyone else."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import Http404


def require_staff(user: AbstractBaseUser | AnonymousUser) -> None:
    if not (user.is_authenticated and getattr(user, "is_staff", False)):
        raise Http404
