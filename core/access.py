"""The one rule that needs no organization: ICCS staff pages answer 404 to everyone else."""

from typing import TYPE_CHECKING, TypeAlias, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import _AnyUser, _User

# The configured user model (AUTH_USER_MODEL, organizations.User) and whoever makes a request
# (a signed-in user or an anonymous visitor), named for the apps that do not import
# organizations: core below it and catalogue beside it. django-stubs reads its placeholders
# ``_User`` and ``_AnyUser`` as these types; at run time the names are only text.
UserModel: TypeAlias = "_User"
AnyUser: TypeAlias = "_AnyUser"


M = TypeVar("M", bound=Model)


def the_one(queryset: QuerySet[M]) -> M | None:
    """The row a unique key picks, or None, without the ordering ``first()`` would add: with
    the models' default orderings across relations, composing the ORDER BY of a one-row read
    cost more than the read itself."""
    rows = list(queryset.order_by()[:1])
    return rows[0] if rows else None


def require_staff(user: AnyUser) -> None:
    if not (user.is_authenticated and getattr(user, "is_staff", False)):
        raise Http404
