from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from core.forms import GcdsFormMixin

from .models import Membership, Organization

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
            from .models import User

            probe = User(email=self.invitation.email if self.invitation else "")
            probe.full_name = data.get("full_name", "")
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class LoginForm(GcdsFormMixin, auth_forms.AuthenticationForm):
    submit_label = _("Sign in")

    def clean(self):
        from . import lockout

        email = self.cleaned_data.get("username") or ""
        if email and lockout.is_locked(email):
            raise forms.ValidationError(
                _(
                    "Too many failed attempts for this account. Wait 15 minutes, "
                    "or reset your password by email."
                ),
                code="locked",
            )
        try:
            data = super().clean()
        except forms.ValidationError:
            if email:
                lockout.record_failure(email)
            raise
        lockout.clear(email)
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget.input_type = "email"
        self.fields["username"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class PasswordResetForm(GcdsFormMixin, auth_forms.PasswordResetForm):
    submit_label = _("Send me a reset link")


class SetPasswordForm(GcdsFormMixin, auth_forms.SetPasswordForm):
    submit_label = _("Set my password")


class PasswordChangeForm(GcdsFormMixin, auth_forms.PasswordChangeForm):
    submit_label = _("Change my password")
