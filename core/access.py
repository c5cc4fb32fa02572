"""The one rule that needs no organization: ICCS staff pages answer 404 to everyone else."""

from typing import TYPE_CHECKING, TypeAlias

from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import _AnyUser, _User

# The configured user model (AUTH_USER_MODEL, organizations.User) and whoever makes a request
# (a signed-in user or an anonymous visitor), named for the apps that do not import
# organizations: core below it and catalogue beside it. django-stubs reads its placeholders
# ``_User`` and ``_AnyUser`` as these types; at run time the names are only text.
UserModel: TypeAlias = "_User"
AnyUser: TypeAlias = "_AnyUser"


def require_staff(user: AnyUser) -> None:
    if not (user.is_authenticated and getattr(user, "is_staff", False)):
        raise Http404
