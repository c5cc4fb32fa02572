"""The audit trail of catalogue, assessment, score and opportunity data.

Recorded from model signals, so every way of writing (pages, API, admin, commands) is
covered; the person comes from the request being served (AuditMiddleware) and is empty
for commands and background work.
"""

import threading

from django.db.models.signals import post_delete, post_save, pre_save

_state = threading.local()


def current_user():
    return getattr(_state, "user", None)


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _state.user = (
            request.user
            if getattr(request, "user", None) and request.user.is_authenticated
            else None
        )
        try:
            return self.get_response(request)
        finally:
            _state.user = None


def _values(instance) -> dict:
    out = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        out[field.attname] = (
            value if isinstance(value, int | float | bool | type(None)) else str(value)
        )
    return out


def record(action: str, instance, changes: dict | None = None) -> None:
    from .models import AuditEvent

    user = current_user()
    AuditEvent.objects.create(
        actor=user if user is not None and user.pk else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=changes or {},
    )


IGNORED = {"updated_at", "version"}


def _before_save(sender, instance, **kwargs):
    if instance.pk is None:
        instance._audit_before = None
        return
    old = sender.objects.filter(pk=instance.pk).first()
    instance._audit_before = _values(old) if old is not None else None


def _after_save(sender, instance, created, **kwargs):
    after = _values(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        record(
            "create",
            instance,
            {k: [None, v] for k, v in after.items() if k not in IGNORED and k != "id"},
        )
        return
    changes = {
        k: [before.get(k), v] for k, v in after.items() if k not in IGNORED and before.get(k) != v
    }
    if changes:
        record("change", instance, changes)


def _after_delete(sender, instance, **kwargs):
    record("delete", instance)


def connect() -> None:
    """Watch the models named in settings.AUDITED_MODELS ("app_label.Model")."""
    from django.apps import apps
    from django.conf import settings

    for label in settings.AUDITED_MODELS:
        model = apps.get_model(label)
        uid = f"audit-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=uid + "-post")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "-delete")
