"""Step 2 pages: start, score, review, complete an assessment; results and history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.audit_display import describe
from core.forms import apply_errors
from core.models import AuditEvent
from feedback.queries import min_responses, public_rating_for
from organizations import access
from personas.handoffs import service_handoffs
from services.access import service_for_user

from . import operations, queries, tables
from .access import assessment_for_user
from .forms import ScoreForm, SendBackForm, StartForm
from .models import Assessment, AttributeScore
from .results import assessment_results as assessment_results_of

# The attribute whose scoring page shows the personas' hand-offs between organizations.
HANDOFF_ATTRIBUTE = "seamlessness"


def service_assessments(request, service_uuid):
    service = service_for_user(user=request.user, uuid=service_uuid)
    can_start = service.user_access >= access.Access.MANAGE
    assessments = queries.assessments_of_service(service)
    form = None
    if can_start:
        form = StartForm(
            request.POST if request.method == "POST" else None,
            initial={"cycle": request.GET.get("cycle", "")},
        )
        if request.method == "POST" and form.is_valid():
            try:
                assessment = operations.assessment_start(
                    service=service, cycle=form.cleaned_data["cycle"], user=request.user
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The %(cycle)s assessment is started. Score each attribute, then send it to review."
                    )
                    % {"cycle": assessment.cycle},
                )
                return redirect("assessments:detail", uuid=assessment.uuid)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "assessments/service_assessments.html",
        {"service": service, "assessments": assessments, "form": form},
    )


def assessment_detail(request, uuid):
    assessment = assessment_for_user(user=request.user, uuid=uuid, with_baseline=True)
    scores = queries.scores_with_attributes(assessment)
    baseline = queries.baseline_levels(assessment)
    for score in scores:
        score.baseline = baseline.get(score.attribute.key, (None, None))[0]
    can_write = assessment.user_access >= access.Access.WRITE
    can_manage = assessment.user_access >= access.Access.MANAGE
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "service": assessment.service,
            "score_rows": tables.score_rows(assessment, scores),
            "progress": queries.progress_of(scores),
            "personas": queries.personas_of(assessment),
            "can_score": can_write and assessment.status == Assessment.Status.DRAFT,
            "can_submit": can_write and assessment.status == Assessment.Status.DRAFT,
            "can_review": can_manage and assessment.status == Assessment.Status.IN_REVIEW,
            "can_start_next": can_manage and assessment.is_completed,
        },
    )


def _after_save(page: queries.ScorePage, *, save_next: bool) -> str:
    """Where a saved score leads: the next attribute, the assessment after the last, or back."""
    uuid = page.assessment.uuid
    if save_next and page.next is not None:
        return reverse("assessments:score", args=[uuid, page.next.attribute.key])
    if save_next:
        return reverse("assessments:detail", args=[uuid])
    return reverse("assessments:score", args=[uuid, page.score.attribute.key])


def score_edit(request, uuid, key):
    assessment = assessment_for_user(user=request.user, uuid=uuid)
    page = queries.score_page(assessment, key=key)
    if page is None:
        raise Http404
    can_write = assessment.user_access >= access.Access.WRITE
    can_edit = can_write and assessment.status == Assessment.Status.DRAFT
    form = ScoreForm.for_page(page, request.POST if request.method == "POST" else None)
    conflict = None
    if request.method == "POST" and not can_edit:
        if not can_write:
            raise Http404
        return _already_closed(request, assessment)
    if request.method == "POST" and form.is_valid():
        try:
            saved = operations.score_save(
                score=page.score,
                user=request.user,
                version=form.cleaned_data["version"],
                ratings=form.ratings(),
                **form.score_fields(),
            )
        except operations.ScoreConflict as clash:
            conflict = queries.conflicting(clash.current, personas=page.personas)
            form = form.over(clash.current.version)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            _say_saved(request, saved)
            return redirect(_after_save(page, save_next="save_next" in request.POST))
    return render(
        request,
        "assessments/score_edit.html",
        {
            "assessment": assessment,
            "service": assessment.service,
            "score": page.score,
            "personas": page.personas,
            "ratings": page.rating_rows(),
            "baseline": page.baseline,
            "progress": page.progress,
            "position": page.position,
            "previous": page.previous,
            "next": page.next,
            "attribute": page.score.attribute,
            "descriptors": queries.descriptors_of(page.score.attribute),
            "public": public_rating_for(assessment.service, key),
            "handoffs": service_handoffs(assessment.service) if key == HANDOFF_ATTRIBUTE else None,
            "form": form if can_edit else None,
            "conflict": conflict,
            "changes": describe(
                queries.history(assessment, page.score, limit=10), known=page.personas
            ),
        },
        status=409 if conflict else 200,
    )


def _already_closed(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    """A form sent to an assessment that moved on (an old tab, the back button): not an error,
    just where the assessment stands now."""
    if assessment.status == Assessment.Status.COMPLETED:
        who = assessment.completed_by
        messages.info(
            request,
            _(
                "This assessment was completed on %(date)s by %(person)s, so it can no longer be "
                "changed. Here are its results."
            )
            % {
                "date": formats.date_format(
                    timezone.localtime(assessment.completed_at), "DATE_FORMAT"
                ),
                "person": (who.full_name or who.email) if who else _("someone"),
            },
        )
        return redirect("assessments:results", uuid=assessment.uuid)
    messages.info(
        request,
        _(
            "This assessment is in review, so it can no longer be changed here. The service "
            "manager can send it back to the team."
        ),
    )
    return redirect("assessments:detail", uuid=assessment.uuid)


def _say_saved(request: HttpRequest, score) -> None:
    """Saved, and what is still missing for the attribute to count as scored."""
    name = score.attribute.name
    missing = [
        label
        for label, value in (
            (_("the current level"), score.current_level),
            (_("the target level"), score.target_level),
        )
        if value is None
    ]
    if not missing:
        messages.success(request, _("%(attribute)s is saved.") % {"attribute": name})
        return
    messages.warning(
        request,
        _("%(attribute)s is saved, but it is not scored yet: choose %(missing)s.")
        % {"attribute": name, "missing": _(" and ").join(missing)},
    )


def assessment_submit(request, uuid):
    assessment = assessment_for_user(user=request.user, uuid=uuid, need=access.Access.WRITE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if assessment.status != Assessment.Status.DRAFT:
        return _already_closed(request, assessment)
    missing = operations.unscored(assessment)
    if missing and request.POST.get("anyway") != "yes":
        # Reviewers would read an assessment with gaps: say which, and let the team choose.
        return render(
            request,
            "assessments/submit_confirm.html",
            {"assessment": assessment, "missing": missing, "total": assessment.scores.count()},
        )
    try:
        operations.assessment_submit(assessment=assessment, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The assessment is sent to the service manager for review."))
    return redirect("assessments:detail", uuid=assessment.uuid)


def assessment_send_back(request, uuid):
    assessment = assessment_for_user(user=request.user, uuid=uuid, need=access.Access.MANAGE)
    form = SendBackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            operations.assessment_send_back(
                assessment=assessment, comments=form.cleaned_data["comments"], user=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The assessment is back with the team, with your comments.")
            )
            return redirect("assessments:detail", uuid=assessment.uuid)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Send the %(cycle)s assessment back to the team")
            % {"cycle": assessment.cycle},
            "intro": _("The assessment returns to draft so the team can change its scores."),
            "back_url": reverse("assessments:detail", args=[assessment.uuid]),
            "back_label": _("Back to the assessment"),
        },
    )


def assessment_complete(request, uuid):
    assessment = assessment_for_user(user=request.user, uuid=uuid, need=access.Access.MANAGE)
    if assessment.status == Assessment.Status.COMPLETED:
        # The confirmation reached again (the back button, an old tab): where it stands.
        return _already_closed(request, assessment)
    missing = []
    if request.method == "POST":
        try:
            operations.assessment_complete(assessment=assessment, user=request.user)
        except ValidationError as error:
            missing = error.messages
        else:
            messages.success(
                request,
                _(
                    "The %(cycle)s assessment is completed. It is now read-only and can be the baseline of the next cycle."
                )
                % {"cycle": assessment.cycle},
            )
            return redirect("assessments:detail", uuid=assessment.uuid)
    else:
        missing = [
            _("%(attribute)s has no current or target level yet.") % {"attribute": s.attribute.name}
            for s in operations.unscored(assessment)
        ]
    return render(
        request,
        "assessments/assessment_complete.html",
        {"assessment": assessment, "missing": missing},
        status=400 if missing and request.method == "POST" else 200,
    )


def assessment_results(request, uuid):
    assessment = assessment_for_user(user=request.user, uuid=uuid, with_baseline=True)
    results = assessment_results_of(assessment)
    return render(
        request,
        "assessments/assessment_results.html",
        {
            "assessment": assessment,
            "service": assessment.service,
            "results": results,
            "chart": results.radar(chart_id=f"radar-{assessment.uuid}"),
            "threshold": min_responses(),
            "progress": results.progress,
            "tables": {
                "levels": tables.level_rows(
                    results.scores,
                    with_baseline=assessment.baseline_id is not None,
                    public=results.public or None,
                ),
                "gaps": tables.gap_rows(results.gaps),
                "grid_heads": tables.persona_grid_heads(results.scores),
                "grid_rows": tables.persona_grid_rows(results.persona_rows),
                "key": tables.attribute_key(results.scores),
            },
        },
    )


def _name_items(
    changes: list[AuditEvent], assessment: Assessment, scores: list[AttributeScore]
) -> None:
    """Say what each entry of the history is about: the attribute of a score, the assessment
    itself, or the kind and name of anything else (an opportunity)."""
    attributes = {str(s.pk): s.attribute.name for s in scores}
    for change in changes:
        if change.object_type == queries.SCORE:
            change.item = attributes.get(change.object_id, change.object_repr)
        elif change.object_type == assessment._meta.label_lower:
            change.item = change.kind
        else:
            change.item = _("%(kind)s: %(name)s") % {
                "kind": change.kind,
                "name": change.object_repr,
            }


def assessment_history(request, uuid):
    assessment = assessment_for_user(user=request.user, uuid=uuid, with_baseline=True)
    scores = queries.scores_with_attributes(assessment)
    # Objects in hand name themselves in the entries; the others are read once per kind.
    known = [assessment.service, assessment.catalogue_version, *[s.attribute for s in scores]]
    if assessment.baseline is not None:
        known.append(assessment.baseline)
    changes = describe(queries.history(assessment), known=known)
    _name_items(changes, assessment, scores)
    return render(
        request,
        "assessments/assessment_history.html",
        {"assessment": assessment, "service": assessment.service, "changes": changes},
    )


def assessment_open_data(request, uuid):
    assessment = assessment_for_user(user=request.user, uuid=uuid, need=access.Access.MANAGE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    publish = request.POST.get("publish") == "1"
    try:
        operations.assessment_set_open_data(
            assessment=assessment, publish=publish, user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The assessment is published in the open-data export.")
            if publish
            else _("The assessment is withdrawn from the open-data export."),
        )
    return redirect("assessments:detail", uuid=assessment.uuid)
