"""Writes made in the Django admin, recorded in the audit trail like the operations' own."""

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import BaseModelForm
from django.forms.models import BaseModelFormSet
from django.http import HttpRequest

from . import audit


def _initial(form: BaseModelForm) -> dict[str, Any]:
    """The values the form's changed fields had when it was shown (no read of the database)."""
    return {name: form.initial.get(name) for name in form.changed_data}


class AuditedAdminMixin(admin.ModelAdmin):
    """Records what an admin page creates, changes and deletes, inline formsets included.

    ``audit_scope`` names the scope of the entries (see core.audit); many-to-many fields
    edited in the admin are not recorded.
    """

    def audit_scope(self, obj: Model) -> str:
        return ""

    def save_model(
        self, request: HttpRequest, obj: Model, form: BaseModelForm, change: bool
    ) -> None:
        before = _initial(form) if change else None
        super().save_model(request, obj, form, change)
        scope = self.audit_scope(obj)
        if before is None:
            audit.record_created(actor=request.user, instances=[obj], scope=scope)
            return
        changes = audit.diff(before, audit.values(obj, before))
        if changes:
            audit.record(
                actor=request.user, action=audit.CHANGE, instance=obj, changes=changes, scope=scope
            )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        audit.record_deletion(actor=request.user, instance=obj, scope=self.audit_scope(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            audit.record_deletion(actor=request.user, instance=obj, scope=self.audit_scope(obj))
        super().delete_queryset(request, queryset)

    def save_formset(
        self, request: HttpRequest, form: BaseModelForm, formset: BaseModelFormSet, change: bool
    ) -> None:
        scope = self.audit_scope(form.instance)
        for deleted in formset.deleted_forms:
            if deleted.instance.pk is not None:
                audit.record_deletion(actor=request.user, instance=deleted.instance, scope=scope)
        before = {item.instance.pk: _initial(item) for item in formset.initial_forms}
        super().save_formset(request, form, formset, change)
        entries = [
            audit.entry(
                actor=request.user,
                action=audit.CREATE,
                instance=obj,
                changes=audit.created(obj),
                scope=scope,
            )
            for obj in formset.new_objects
        ]
        for obj, names in formset.changed_objects:
            changes = audit.diff(before.get(obj.pk, {}), audit.values(obj, names))
            if changes:
                entries.append(
                    audit.entry(
                        actor=request.user,
                        action=audit.CHANGE,
                        instance=obj,
                        changes=changes,
                        scope=scope,
                    )
                )
        audit.record_many(entries)
