"""The one rule that needs no organization: ICCS staff pages answer 404 to everyone else."""

from django.http import Http404


def require_staff(user) -> None:
    if not (user.is_authenticated and user.is_staff):
        raise Http404
