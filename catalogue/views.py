"""Staff-only pages to administer the catalogue. Anyone else gets a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import require_staff
from core.forms import apply_errors

from . import operations, queries
from .forms import AttributeForm, CompareForm, ImportForm, LevelForm, NewDraftForm, VersionNotesForm
from .models import Attribute, CatalogueVersion, MaturityLevel
from .serialization import CatalogueFileError, parse, to_json, to_yaml, version_to_dict


def _version(request, uuid) -> CatalogueVersion:
    require_staff(request.user)
    return get_object_or_404(CatalogueVersion, uuid=uuid)


def _locked(request, version):
    """Refuse an edit to a version that is not a draft, saying how to go on."""
    messages.error(
        request,
        _(
            "Version %(label)s is %(status)s and can no longer be changed. "
            "Start a new draft to make changes."
        )
        % {"label": version.label, "status": version.get_status_display().lower()},
    )
    return redirect("catalogue:version_detail", uuid=version.uuid)


def version_list(request):
    require_staff(request.user)
    versions = list(queries.versions_for_list())
    return render(
        request,
        "catalogue/version_list.html",
        {
            "versions": versions,
            "has_draft": any(v.is_draft for v in versions),
            "new_draft_form": NewDraftForm(),
            "compare_form": CompareForm(),
        },
    )


def draft_create(request):
    require_staff(request.user)
    form = NewDraftForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = operations.catalogue_draft_create(
                user=request.user, label=form.cleaned_data["label"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Draft %(label)s was created as a copy of the latest published version.")
                % {"label": draft.label},
            )
            return redirect("catalogue:version_detail", uuid=draft.uuid)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Start a new draft"),
            "intro": _(
                "The draft starts as a copy of the latest published version. "
                "Published versions never change: assessments keep the version they were scored against."
            ),
            "back_url": reverse("catalogue:version_list"),
            "back_label": _("Back to the catalogue"),
        },
    )


def version_detail(request, uuid):
    version = _version(request, uuid)
    levels, attributes = queries.version_with_content(version)
    return render(
        request,
        "catalogue/version_detail.html",
        {
            "version": version,
            "levels": levels,
            "attributes": attributes,
            "missing": queries.missing_items(version) if version.is_draft else [],
        },
    )


def version_notes(request, uuid):
    version = _version(request, uuid)
    if not version.is_draft:
        return _locked(request, version)
    form = VersionNotesForm(request.POST if request.method == "POST" else None, instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            operations.catalogue_update(version=version, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Change notes saved."))
            return redirect("catalogue:version_detail", uuid=version.uuid)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Change notes of version %(label)s") % {"label": version.label},
            "intro": _("Say what changed from the previous version, in both languages."),
            "back_url": reverse("catalogue:version_detail", args=[version.uuid]),
            "back_label": _("Back to the version"),
        },
    )


def level_edit(request, uuid, number):
    version = _version(request, uuid)
    level = get_object_or_404(MaturityLevel, version=version, number=number)
    if not version.is_draft:
        return _locked(request, version)
    form = LevelForm(request.POST if request.method == "POST" else None, instance=level)
    if request.method == "POST" and form.is_valid():
        try:
            operations.level_update(level=level, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Level %(number)s saved.") % {"number": level.number})
            return redirect("catalogue:version_detail", uuid=version.uuid)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Level %(number)s of version %(label)s")
            % {"number": level.number, "label": version.label},
            "intro": _(
                "Describe what a service at this level generally looks like from the citizen's side."
            ),
            "back_url": reverse("catalogue:version_detail", args=[version.uuid]),
            "back_label": _("Back to the version"),
        },
    )


@require_POST
def level_add(request, uuid):
    version = _version(request, uuid)
    if not version.is_draft:
        return _locked(request, version)
    level = operations.level_create(version=version, user=request.user)
    messages.success(
        request,
        _(
            "Level %(number)s was added. Give it a name and description, and a descriptor in every attribute."
        )
        % {"number": level.number},
    )
    return redirect("catalogue:level_edit", uuid=version.uuid, number=level.number)


def level_remove(request, uuid, number):
    version = _version(request, uuid)
    level = get_object_or_404(MaturityLevel, version=version, number=number)
    if not version.is_draft:
        return _locked(request, version)
    if request.method == "POST":
        try:
            operations.level_delete(level=level, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Level %(number)s was removed.") % {"number": number})
        return redirect("catalogue:version_detail", uuid=version.uuid)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Remove level %(number)s?") % {"number": number},
            "message": _(
                "The level and the descriptors of every attribute at this level will be deleted from this draft."
            ),
            "button": _("Remove the level"),
            "cancel_url": reverse("catalogue:version_detail", args=[version.uuid]),
        },
    )


def _attribute_form_page(request, version, form, title, attribute=None):
    return render(
        request,
        "catalogue/attribute_form.html",
        {"version": version, "form": form, "title": title, "attribute": attribute},
    )


def attribute_create(request, uuid):
    version = _version(request, uuid)
    if not version.is_draft:
        return _locked(request, version)
    levels = version.levels.order_by("number")
    form = AttributeForm(request.POST if request.method == "POST" else None, levels=levels)
    if request.method == "POST" and form.is_valid():
        try:
            attribute = operations.attribute_create(
                version=version,
                user=request.user,
                descriptors=form.descriptors(),
                **form.attribute_fields(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Attribute %(key)s was added.") % {"key": attribute.key})
            return redirect("catalogue:version_detail", uuid=version.uuid)
    return _attribute_form_page(request, version, form, _("New attribute"))


def _key_published_before(attribute: Attribute) -> bool:
    return (
        Attribute.objects.filter(key=attribute.key)
        .exclude(version__status=CatalogueVersion.Status.DRAFT)
        .exists()
    )


def attribute_edit(request, uuid, key):
    version = _version(request, uuid)
    attribute = get_object_or_404(
        Attribute.objects.prefetch_related("descriptors__level"), version=version, key=key
    )
    if not version.is_draft:
        return _locked(request, version)
    levels = version.levels.order_by("number")
    form = AttributeForm(
        request.POST if request.method == "POST" else None,
        levels=levels,
        key_locked=_key_published_before(attribute),
        initial=AttributeForm.initial_for(attribute),
    )
    if request.method == "POST" and form.is_valid():
        try:
            operations.attribute_update(
                attribute=attribute,
                user=request.user,
                descriptors=form.descriptors(),
                **form.attribute_fields(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Attribute %(key)s was saved.") % {"key": attribute.key})
            return redirect("catalogue:version_detail", uuid=version.uuid)
    return _attribute_form_page(
        request, version, form, _("Edit %(name)s") % {"name": attribute.name}, attribute
    )


def attribute_delete(request, uuid, key):
    version = _version(request, uuid)
    attribute = get_object_or_404(Attribute, version=version, key=key)
    if not version.is_draft:
        return _locked(request, version)
    if request.method == "POST":
        operations.attribute_delete(attribute=attribute, user=request.user)
        messages.success(request, _("Attribute %(key)s was removed from the draft.") % {"key": key})
        return redirect("catalogue:version_detail", uuid=version.uuid)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Remove %(name)s from draft %(label)s?")
            % {"name": attribute.name, "label": version.label},
            "message": _(
                "The attribute and its descriptors will be deleted from this draft. "
                "Published versions keep it, and so do the assessments scored against them."
            ),
            "button": _("Remove the attribute"),
            "cancel_url": reverse("catalogue:version_detail", args=[version.uuid]),
        },
    )


@require_POST
def attribute_move(request, uuid, key):
    version = _version(request, uuid)
    attribute = get_object_or_404(Attribute, version=version, key=key)
    if not version.is_draft:
        return _locked(request, version)
    operations.attribute_move(
        attribute=attribute, direction=request.POST.get("direction", ""), user=request.user
    )
    return redirect(reverse("catalogue:version_detail", args=[version.uuid]) + f"#attribute-{key}")


def version_preview(request, uuid):
    version = _version(request, uuid)
    levels, attributes = queries.version_with_content(version)
    return render(
        request,
        "catalogue/version_preview.html",
        {"version": version, "levels": levels, "attributes": attributes},
    )


def version_publish(request, uuid):
    version = _version(request, uuid)
    if not version.is_draft:
        return _locked(request, version)
    missing = queries.missing_items(version)
    if request.method == "POST":
        try:
            operations.catalogue_publish(version=version, user=request.user)
        except ValidationError as error:
            missing = error.messages
        else:
            messages.success(
                request,
                _("Version %(label)s is published. New assessments will use it.")
                % {"label": version.label},
            )
            return redirect("catalogue:version_detail", uuid=version.uuid)
    return render(
        request,
        "catalogue/version_publish.html",
        {"version": version, "missing": missing},
        status=400 if missing and request.method == "POST" else 200,
    )


def version_retire(request, uuid):
    version = _version(request, uuid)
    if version.status != CatalogueVersion.Status.PUBLISHED:
        messages.error(request, _("Only a published version can be retired."))
        return redirect("catalogue:version_detail", uuid=version.uuid)
    if request.method == "POST":
        operations.catalogue_retire(version=version, user=request.user)
        messages.success(
            request,
            _("Version %(label)s is retired. Assessments already scored against it keep it.")
            % {"label": version.label},
        )
        return redirect("catalogue:version_detail", uuid=version.uuid)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Retire version %(label)s?") % {"label": version.label},
            "message": _(
                "New assessments will no longer use it. Assessments already scored against it keep it, "
                "and it stays readable here."
            ),
            "button": _("Retire the version"),
            "cancel_url": reverse("catalogue:version_detail", args=[version.uuid]),
        },
    )


def draft_delete(request, uuid):
    version = _version(request, uuid)
    if not version.is_draft:
        return _locked(request, version)
    if request.method == "POST":
        operations.catalogue_draft_delete(version=version, user=request.user)
        messages.success(request, _("Draft %(label)s was deleted.") % {"label": version.label})
        return redirect("catalogue:version_list")
    return render(
        request,
        "confirm.html",
        {
            "title": _("Delete draft %(label)s?") % {"label": version.label},
            "message": _(
                "Every change made in this draft will be lost. Published versions are not affected."
            ),
            "button": _("Delete the draft"),
            "cancel_url": reverse("catalogue:version_detail", args=[version.uuid]),
        },
    )


def version_export(request, uuid, fmt):
    version = _version(request, uuid)
    data = version_to_dict(version)
    if fmt == "json":
        response = HttpResponse(to_json(data), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(to_yaml(data), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="catalogue-{version.label}.{fmt}"'
    return response


def version_import(request):
    require_staff(request.user)
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            parsed = parse(form.text, form.format)
            version = operations.catalogue_import(
                parsed=parsed, user=request.user, label=form.cleaned_data["label"]
            )
        except CatalogueFileError as error:
            problems = error.problems
            form.add_error(
                "file",
                _("The file has %(count)s problem(s); nothing was imported.")
                % {"count": len(problems)},
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The file was imported as draft %(label)s. Review it, then publish.")
                % {"label": version.label},
            )
            return redirect("catalogue:version_detail", uuid=version.uuid)
    return render(
        request,
        "catalogue/version_import.html",
        {"form": form, "problems": problems},
        status=400 if problems else 200,
    )


def version_compare(request):
    require_staff(request.user)
    form = CompareForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        result = queries.compare(form.cleaned_data["a"], form.cleaned_data["b"])
    return render(
        request,
        "catalogue/version_compare.html",
        {
            "form": form,
            "result": result,
            "a": form.cleaned_data.get("a") if result else None,
            "b": form.cleaned_data.get("b") if result else None,
        },
    )
