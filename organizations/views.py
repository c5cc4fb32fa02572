from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import require_staff
from core.bilingual import localized_order
from core.forms import apply_errors

from . import access, operations, queries
from .forms import AcceptInvitationForm, InviteForm, MergeForm, OrganizationCreateForm, RoleForm
from .merging import merge_organizations, what_moves
from .models import Invitation, Membership, Organization


def _link_base(request) -> str:
    return request.build_absolute_uri("/")


def organization_detail(request, slug):
    organization = access.organization_for_user(user=request.user, slug=slug)
    granted = access.access_for_organizations(request.user, [organization.pk])
    can_manage = granted >= access.Access.MANAGE
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "members": queries.members_of_organization(organization),
            "invitations": queries.pending_invitations(organization) if can_manage else [],
            "can_manage": can_manage,
        },
    )


def member_invite(request, slug):
    organization = access.organization_for_user(
        user=request.user, slug=slug, need=access.Access.MANAGE
    )
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = operations.member_invite(
                organization=organization,
                invited_by=request.user,
                link_base=_link_base(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if isinstance(result, Invitation):
                messages.success(
                    request, _("An invitation was sent to %(email)s.") % {"email": result.email}
                )
            else:
                messages.success(
                    request,
                    _("%(name)s already had an account and was added to the organization.")
                    % {"name": result.user},
                )
            return redirect("organizations:detail", slug=organization.slug)
    return render(
        request, "organizations/member_invite.html", {"organization": organization, "form": form}
    )


def _membership(request, slug, uuid) -> Membership:
    organization = access.organization_for_user(
        user=request.user, slug=slug, need=access.Access.MANAGE
    )
    return get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        organization=organization,
        uuid=uuid,
    )


def membership_role(request, slug, uuid):
    membership = _membership(request, slug, uuid)
    form = RoleForm(
        request.POST if request.method == "POST" else None, initial={"role": membership.role}
    )
    if request.method == "POST" and form.is_valid():
        try:
            operations.membership_change_role(membership=membership, role=form.cleaned_data["role"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": membership.user, "role": membership.get_role_display().lower()},
            )
            return redirect("organizations:detail", slug=slug)
    return render(
        request,
        "organizations/membership_role.html",
        {"membership": membership, "organization": membership.organization, "form": form},
    )


def membership_remove(request, slug, uuid):
    membership = _membership(request, slug, uuid)
    error = None
    if request.method == "POST":
        try:
            operations.membership_remove(membership=membership)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("%(name)s was removed from the organization.") % {"name": membership.user},
            )
            return redirect("organizations:detail", slug=slug)
    return render(
        request,
        "organizations/membership_remove.html",
        {"membership": membership, "organization": membership.organization, "error": error},
        status=400 if error else 200,
    )


@require_POST
def invitation_revoke(request, slug, uuid):
    organization = access.organization_for_user(
        user=request.user, slug=slug, need=access.Access.MANAGE
    )
    invitation = get_object_or_404(Invitation, organization=organization, uuid=uuid)
    try:
        operations.invitation_revoke(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
        )
    return redirect("organizations:detail", slug=slug)


@login_not_required
def invitation_accept(request, token):
    invitation = operations.invitation_from_token(token)
    if invitation is None:
        return render(request, "organizations/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(
        request.POST if request.method == "POST" else None, invitation=invitation
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = operations.invitation_accept(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            login(request, user, backend="organizations.backends.EmailBackend")
            messages.success(
                request,
                _("Welcome! You are now a member of %(org)s.")
                % {"org": invitation.organization.name},
            )
            return redirect("home")
    return render(
        request, "organizations/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def staff_organization_list(request):
    require_staff(request.user)
    organizations = Organization.objects.order_by(localized_order("name"))
    return render(
        request, "organizations/staff_organization_list.html", {"organizations": organizations}
    )


def staff_organization_merge(request, slug: str):
    """Merge another organization into this one: choose it, see what moves, confirm."""
    require_staff(request.user)
    keep = get_object_or_404(Organization, slug=slug)
    form = MergeForm(request.POST if request.method == "POST" else None, keep=keep)
    if request.method == "POST" and form.is_valid():
        merged = form.cleaned_data["merged"]
        if request.POST.get("confirm") == "yes":
            merge_organizations(keep=keep, merged=merged, by=request.user)
            messages.success(
                request,
                _("%(merged)s was merged into %(kept)s.")
                % {"merged": merged.name, "kept": keep.name},
            )
            return redirect("organizations:detail", slug=keep.slug)
        return render(
            request,
            "organizations/staff_organization_merge_confirm.html",
            {"keep": keep, "merged": merged, "moving": what_moves(merged)},
        )
    return render(
        request, "organizations/staff_organization_merge.html", {"keep": keep, "form": form}
    )


def staff_organization_create(request):
    require_staff(request.user)
    form = OrganizationCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        manager_email = data.pop("manager_email")
        try:
            organization = operations.organization_create(
                manager_email=manager_email,
                created_by=request.user,
                link_base=_link_base(request),
                **data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(org)s was created and %(email)s was invited as its service manager.")
                % {"org": organization.name, "email": manager_email},
            )
            return redirect(reverse("organizations:detail", args=[organization.slug]))
    return render(request, "organizations/staff_organization_create.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, giving the form the request (its limits count per client)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
