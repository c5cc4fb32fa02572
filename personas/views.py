"""Step 1 pages: the personas of a service and their journey maps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_errors
from organizations import access
from services import queries as service_queries
from services.access import service_for_user

from . import operations, queries
from .access import persona_for_user, stage_for_user
from .charts import sentiment_chart
from .forms import DuplicateForm, PersonaForm, StageForm
from .handoffs import handoffs_of


def _channel_choices():
    return service_queries.choices_for(service_queries.code_labels(), "channels")


def persona_summary(request, service_uuid):
    service = service_for_user(user=request.user, uuid=service_uuid)
    personas = queries.personas_of_service(service)
    for persona in personas:
        persona.channel_labels = persona.preferred_channel_labels
        persona.handoffs = handoffs_of(list(persona.stages.all()))
    return render(
        request,
        "personas/persona_summary.html",
        {
            "service": service,
            "active": [p for p in personas if not p.is_archived],
            "archived": [p for p in personas if p.is_archived],
            "can_write": service.user_access >= access.Access.WRITE,
        },
    )


def persona_create(request, service_uuid):
    service = service_for_user(user=request.user, uuid=service_uuid, need=access.Access.WRITE)
    form = PersonaForm(
        request.POST if request.method == "POST" else None, channel_choices=_channel_choices()
    )
    if request.method == "POST" and form.is_valid():
        try:
            persona = operations.persona_create(
                service=service, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was created. Now map their journey, stage by stage.")
                % {"name": persona.name},
            )
            return redirect("personas:detail", uuid=persona.uuid)
    return render(
        request,
        "personas/persona_form.html",
        {"service": service, "form": form, "title": _("New persona")},
    )


def persona_detail(request, uuid):
    persona = persona_for_user(user=request.user, uuid=uuid)
    stages = queries.stages_of(persona)
    labels = dict(_channel_choices())
    handoffs = handoffs_of(stages)
    for stage in stages:
        stage.channel_label = labels.get(stage.channel, stage.channel)
        stage.handoff = handoffs.before(stage)
    return render(
        request,
        "personas/persona_detail.html",
        {
            "persona": persona,
            "service": persona.service,
            "stages": stages,
            "handoffs": handoffs,
            "chart": sentiment_chart(
                stages, chart_id=f"sentiment-{persona.uuid}", handoffs=handoffs
            ),
            "channels": persona.preferred_channel_labels,
            "can_write": persona.user_access >= access.Access.WRITE and not persona.is_archived,
            "can_restore": persona.user_access >= access.Access.WRITE and persona.is_archived,
        },
    )


def _locked(request, persona):
    messages.error(
        request,
        _("%(name)s is archived. Restore the persona before changing it.") % {"name": persona.name},
    )
    return redirect("personas:detail", uuid=persona.uuid)


def persona_edit(request, uuid):
    persona = persona_for_user(user=request.user, uuid=uuid, need=access.Access.WRITE)
    if persona.is_archived:
        return _locked(request, persona)
    form = PersonaForm(
        request.POST if request.method == "POST" else None,
        instance=persona,
        channel_choices=_channel_choices(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            operations.persona_update(persona=persona, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The persona was saved."))
            return redirect("personas:detail", uuid=persona.uuid)
    return render(
        request,
        "personas/persona_form.html",
        {
            "service": persona.service,
            "form": form,
            "persona": persona,
            "title": _("Edit %(name)s") % {"name": persona.name},
        },
    )


def persona_archive(request, uuid):
    persona = persona_for_user(user=request.user, uuid=uuid, need=access.Access.WRITE)
    if request.method == "POST":
        operations.persona_archive(persona=persona)
        messages.success(
            request,
            _(
                "%(name)s is archived: kept for the assessments that refer to it, hidden from new work."
            )
            % {"name": persona.name},
        )
        return redirect("personas:summary", service_uuid=persona.service.uuid)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Archive %(name)s?") % {"name": persona.name},
            "message": _(
                "The persona and its journey are kept, read-only, for the assessments that refer to "
                "them, and no longer offered for new work. You can restore it later."
            ),
            "button": _("Archive the persona"),
            "button_role": "secondary",
            "cancel_url": reverse("personas:detail", args=[persona.uuid]),
        },
    )


@require_POST
def persona_restore(request, uuid):
    persona = persona_for_user(user=request.user, uuid=uuid, need=access.Access.WRITE)
    operations.persona_restore(persona=persona)
    messages.success(request, _("%(name)s is restored.") % {"name": persona.name})
    return redirect("personas:detail", uuid=persona.uuid)


def persona_delete(request, uuid):
    persona = persona_for_user(user=request.user, uuid=uuid, need=access.Access.WRITE)
    error = None
    if request.method == "POST":
        try:
            operations.persona_delete(persona=persona)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("%(name)s was deleted.") % {"name": persona.name})
            return redirect("personas:summary", service_uuid=persona.service.uuid)
    return render(
        request,
        "personas/persona_delete.html",
        {"persona": persona, "error": error},
        status=409 if error else 200,
    )


def persona_duplicate(request, uuid):
    persona = persona_for_user(user=request.user, uuid=uuid)
    services = queries.copy_targets(persona=persona, user=request.user)
    if not services.exists():
        raise Http404
    form = DuplicateForm(
        request.POST if request.method == "POST" else None,
        services=services,
        initial={"service": persona.service.uuid},
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = operations.persona_duplicate(
                persona=persona, service=form.cleaned_data["service"], user=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was copied to %(service)s.")
                % {"name": persona.name, "service": copy.service.name},
            )
            return redirect("personas:detail", uuid=copy.uuid)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Copy %(name)s to another service") % {"name": persona.name},
            "intro": _(
                "The copy takes the persona and its whole journey. Only services of %(org)s are offered."
            )
            % {"org": persona.service.owner.name},
            "back_url": reverse("personas:detail", args=[persona.uuid]),
            "back_label": _("Back to the persona"),
        },
    )


def _stage_form(request, persona, instance=None):
    return StageForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        channel_choices=_channel_choices(),
        organizations=queries.service_organizations_queryset(persona.service),
    )


def stage_create(request, uuid):
    persona = persona_for_user(user=request.user, uuid=uuid, need=access.Access.WRITE)
    if persona.is_archived:
        return _locked(request, persona)
    form = _stage_form(request, persona)
    if request.method == "POST" and form.is_valid():
        try:
            stage = operations.stage_create(persona=persona, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The stage %(name)s was added.") % {"name": stage.name})
            return redirect(reverse("personas:detail", args=[persona.uuid]) + "#journey")
    return render(
        request,
        "personas/stage_form.html",
        {
            "persona": persona,
            "service": persona.service,
            "form": form,
            "title": _("Add a journey stage"),
        },
    )


def stage_edit(request, uuid):
    stage = stage_for_user(user=request.user, uuid=uuid)
    persona = stage.persona
    if persona.is_archived:
        return _locked(request, persona)
    form = _stage_form(request, persona, instance=stage)
    if request.method == "POST" and form.is_valid():
        try:
            operations.stage_update(stage=stage, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The stage was saved."))
            return redirect(reverse("personas:detail", args=[persona.uuid]) + "#journey")
    return render(
        request,
        "personas/stage_form.html",
        {
            "persona": persona,
            "service": persona.service,
            "form": form,
            "title": _("Edit the stage %(name)s") % {"name": stage.name},
        },
    )


def stage_delete(request, uuid):
    stage = stage_for_user(user=request.user, uuid=uuid)
    persona = stage.persona
    if persona.is_archived:
        return _locked(request, persona)
    if request.method == "POST":
        operations.stage_delete(stage=stage)
        messages.success(request, _("The stage %(name)s was removed.") % {"name": stage.name})
        return redirect(reverse("personas:detail", args=[persona.uuid]) + "#journey")
    return render(
        request,
        "confirm.html",
        {
            "title": _("Remove the stage %(name)s?") % {"name": stage.name},
            "message": _(
                "The stage is removed from %(persona)s's journey; the other stages keep their order."
            )
            % {"persona": persona.name},
            "button": _("Remove the stage"),
            "cancel_url": reverse("personas:detail", args=[persona.uuid]),
        },
    )


@require_POST
def stage_move(request, uuid):
    stage = stage_for_user(user=request.user, uuid=uuid)
    if stage.persona.is_archived:
        return _locked(request, stage.persona)
    operations.stage_move(stage=stage, direction=request.POST.get("direction", ""))
    return redirect(reverse("personas:detail", args=[stage.persona.uuid]) + f"#stage-{stage.uuid}")
