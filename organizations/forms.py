from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from core import ratelimit
from core.bilingual import localized_order
from core.forms import GcdsFormMixin

from . import signin
from .models import Membership, Organization, User

_PROVINCE_NEEDED = {
    Organization.Order.PROVINCIAL,
    Organization.Order.TERRITORIAL,
    Organization.Order.MUNICIPAL,
}
_TERRITORIES = {"NT", "NU", "YT"}


class OrganizationCreateForm(GcdsFormMixin, forms.ModelForm):
    submit_label = _("Create organization")

    manager_email = forms.EmailField(
        label=_("Email of the first service manager"),
        help_text=_("They receive an invitation to set their password."),
    )

    class Meta:
        model = Organization
        fields = ["name_en", "name_fr", "order_of_government", "province"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].help_text = _(
            "Required for provincial, territorial and municipal organizations."
        )
        self.fields["order_of_government"].choices = Organization.Order.choices

    def clean(self):
        data = super().clean()
        order = data.get("order_of_government")
        province = data.get("province")
        if order in _PROVINCE_NEEDED and not province:
            self.add_error(
                "province",
                _("Choose the province or territory of a %(order)s organization.")
                % {"order": Organization.Order(order).label.lower()},
            )
        if order == Organization.Order.PROVINCIAL and province in _TERRITORIES:
            self.add_error("province", _("A provincial organization belongs to a province."))
        if order == Organization.Order.TERRITORIAL and province and province not in _TERRITORIES:
            self.add_error("province", _("A territorial organization belongs to a territory."))
        return data


class InviteForm(GcdsFormMixin, forms.Form):
    submit_label = _("Send invitation")

    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Executives read results; team members also edit; "
            "service managers also manage people and services."
        ),
    )


class RoleForm(GcdsFormMixin, forms.Form):
    submit_label = _("Change role")

    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class AcceptInvitationForm(GcdsFormMixin, forms.Form):
    submit_label = _("Join and sign in")

    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters, not a common password, not only numbers."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation=None, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif p1:
            probe = User(email=self.invitation.email if self.invitation else "")
            probe.full_name = data.get("full_name", "")
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class LockoutMessageMixin:
    """A sign-in form that says when the account is locked (the backend marks the request)
    rather than "wrong email or password"."""

    request: Any

    def get_invalid_login_error(self):
        if signin.was_locked(self.request):
            return forms.ValidationError(signin.locked_message(), code="locked")
        return super().get_invalid_login_error()


class LoginForm(LockoutMessageMixin, GcdsFormMixin, auth_forms.AuthenticationForm):
    submit_label = _("Sign in")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget.input_type = "email"
        self.fields["username"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class AdminLoginForm(LockoutMessageMixin, AdminAuthenticationForm):
    """The Django admin's sign-in: the same backend, so the same lock-out and message."""


class PasswordResetForm(GcdsFormMixin, auth_forms.PasswordResetForm):
    """Asks for a reset link. Requests are limited per typed address and per client (in the
    database), whether or not an account has the address, so the limit tells nothing."""

    submit_label = _("Send me a reset link")

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = signin.canonical_email(self.cleaned_data["email"])
        allowed = ratelimit.allow(
            "password-reset",
            [
                (f"address:{email}", settings.PASSWORD_RESET_PER_ADDRESS),
                (
                    f"client:{ratelimit.client_key(self.request)}",
                    settings.PASSWORD_RESET_PER_CLIENT,
                ),
            ],
            window=3600,
        )
        if not allowed:
            raise forms.ValidationError(
                _(
                    "Too many reset links were asked for. Check your inbox (and spam folder) for "
                    "the last one, or try again in an hour."
                ),
                code="throttled",
            )
        return email

    def get_users(self, email):
        # The canonical address, looked up exactly: a reset goes to the account that has it.
        return (
            user
            for user in User._default_manager.filter(
                email=signin.canonical_email(email), is_active=True
            )
            if user.has_usable_password()
        )


class SetPasswordForm(GcdsFormMixin, auth_forms.SetPasswordForm):
    submit_label = _("Set my password")

    def save(self, commit=True):
        user = super().save(commit=commit)
        signin.clear_account(user.pk)  # the owner proved they hold the address
        return user


class PasswordChangeForm(GcdsFormMixin, auth_forms.PasswordChangeForm):
    submit_label = _("Change my password")


class MergeForm(GcdsFormMixin, forms.Form):
    """Which organization is the same as this one and is merged into it."""

    submit_label = _("See what would move")

    merged = forms.ModelChoiceField(
        label=_("Organization to merge into this one"),
        help_text=_(
            "The same organization under another name, for example its legal title. Its "
            "services, members, invitations and assessments move here, its names become other "
            "names of this organization, and it is deleted."
        ),
        queryset=Organization.objects.none(),
        empty_label=_("Choose an organization"),
    )

    def __init__(self, *args, keep: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        merged = self.fields["merged"]
        assert isinstance(merged, forms.ModelChoiceField)
        merged.queryset = Organization.objects.exclude(pk=keep.pk).order_by(
            localized_order("name"), "pk"
        )
