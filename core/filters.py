"""Lists filtered by query parameters: one django-filter FilterSet per list.

The same FilterSet serves a list's page (its form renders as GCDS components) and
its API endpoint (DRF's DjangoFilterBackend), so a parameter means the same in both and a bad
value is refused the same way: on the page, with the error on its field and nothing listed;
in the API, with a 400 naming the parameter.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .forms import GcdsFormMixin

if TYPE_CHECKING:
    from .access import AnyUser

NUL_MESSAGE = _("Remove the NUL character from this parameter.")

T = TypeVar("T")


class FilterForm(GcdsFormMixin, forms.Form):
    """The form of a FilterSet: sent with GET, and a parameter holding a NUL character (which
    PostgreSQL cannot store) is refused with one clear message, whatever else is wrong."""

    submit_label = _("Filter")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.helper.form_class = "filter-form"

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        for name in self.fields:
            key = self.add_prefix(name)
            values = (
                self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data.get(key)]
            )
            if any("\x00" in str(value) for value in values if value is not None):
                self.errors.pop(name, None)  # set by the full_clean above
                self.add_error(name, NUL_MESSAGE)


def once(function: Callable[[], T]) -> Callable[[], T]:
    """The function's result, read (by a query, say) the first time it is asked for only."""
    found: list[T] = []

    def result() -> T:
        if not found:
            found.append(function())
        return found[0]

    return result


class FilterSet(django_filters.FilterSet):
    """A list's filters. Subclasses set ``Meta.form`` to a FilterForm (its submit label) and
    may give the user, for choices that depend on what the user may see."""

    def __init__(
        self,
        data: Mapping | None = None,
        queryset: QuerySet | None = None,
        *,
        request: HttpRequest | None = None,
        prefix: str | None = None,
        user: "AnyUser | None" = None,
    ) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        if user is None:
            user = request.user if request is not None else AnonymousUser()
        self.user: AnyUser = user

    def set_choices(self, name: str, choices: Callable[[], Iterable]) -> None:
        """Choices of a filter read when the form needs them (to show or to check a value)."""
        self.form.fields[name].choices = once(lambda: list(choices()))

    def refused(self) -> bool:
        """Whether the value of a filter was refused. A form may hold fields that are not
        filters (the heat map's switch): their errors show on the page, nothing more."""
        return self.is_bound and any(name in self.filters for name in self.form.errors)

    def apply(self, queryset: QuerySet) -> QuerySet:
        """The queryset filtered by the parameters; nothing when one of them is refused, so a
        list never shows more than was asked for."""
        if not self.is_bound:
            return queryset
        if self.refused():
            return queryset.none()
        return self.filter_queryset(queryset)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def qs(self) -> QuerySet:
        return self.apply(self.queryset.all())

    def is_filtered(self) -> bool:
        """Whether any filter was given a value (for "clear the filters" links)."""
        return self.is_bound and any(self.data.get(name) for name in self.filters)

    def value(self, name: str) -> str:
        """The checked value of one filter, or "" when it is empty or a filter was refused."""
        if not self.is_bound or self.refused():
            return ""
        return self.form.cleaned_data.get(name) or ""
