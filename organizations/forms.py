from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from ccsmm.forms import CheckboxesField, GcdsFormMixin

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


class ServiceForm(GcdsFormMixin, forms.Form):
    """A service's description. Code lists (segments, channels, types) come from the inventory."""

    submit_label = _("Save the service")

    owner = forms.ModelChoiceField(
        label=_("Owner organization"), queryset=Organization.objects.none(), to_field_name="slug"
    )
    name_en = forms.CharField(label=_("Name (English)"), max_length=400)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=400)
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    description_fr = forms.CharField(
        label=_("Description (French)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    client_segments = CheckboxesField(
        label=_("Client segments"), widget=forms.CheckboxSelectMultiple, required=False
    )
    channels = CheckboxesField(
        label=_("Channels"), widget=forms.CheckboxSelectMultiple, required=False
    )
    service_types = CheckboxesField(
        label=_("Service types"), widget=forms.CheckboxSelectMultiple, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=[], widget=forms.RadioSelect)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organizations"),
        queryset=Organization.objects.all(),
        required=False,
        help_text=_(
            "Organizations that deliver the service with you. Their members can see it; "
            "hold Ctrl (Cmd on a Mac) to choose several."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    program_name_en = forms.CharField(label=_("Program (English)"), max_length=400, required=False)
    program_name_fr = forms.CharField(label=_("Program (French)"), max_length=400, required=False)

    def __init__(self, *args, owners, labels, choices_for, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Service

        self.fields["owner"].queryset = owners
        if editing:
            self.fields["owner"].disabled = True
        self.fields["status"].choices = Service.Status.choices
        self.fields["client_segments"].choices = choices_for(labels, "client_segments")
        self.fields["channels"].choices = choices_for(labels, "channels")
        self.fields["service_types"].choices = choices_for(labels, "service_types")
        self.fields["partners"].queryset = Organization.objects.order_by("name_en")
        self.fields["partners"].label_from_instance = lambda org: str(org.name)

    def clean(self):
        data = super().clean()
        owner = data.get("owner")
        partners = data.get("partners")
        if owner and partners and owner in partners:
            self.add_error("partners", _("The owner organization cannot also be a partner."))
        return data


MAX_INVENTORY_UPLOAD = 20 * 1024 * 1024


class InventoryUploadForm(GcdsFormMixin, forms.Form):
    submit_label = _("Import")

    services_file = forms.FileField(
        label=_("Service inventory (CSV)"),
        required=False,
        help_text=_("For example si_2024.csv, in the 2024+ layout or the older one."),
    )
    standards_file = forms.FileField(
        label=_("Service standards (CSV)"),
        required=False,
        help_text=_(
            "For example ss_2024.csv. Its services must be in the inventory file or already imported."
        ),
    )
    choices_file = forms.FileField(
        label=_("Code list (dd_choices.csv)"),
        required=False,
        help_text=_("Optional: the labels of the codes, in English and French."),
    )

    def clean(self):
        data = super().clean()
        files = [data.get(name) for name in ("services_file", "standards_file", "choices_file")]
        if not any(files):
            raise forms.ValidationError(_("Choose at least one file to import."))
        for name in ("services_file", "standards_file", "choices_file"):
            upload = data.get(name)
            if upload is None:
                continue
            if not upload.name.lower().endswith(".csv"):
                self.add_error(name, _("Choose a .csv file."))
            elif upload.size > MAX_INVENTORY_UPLOAD:
                self.add_error(
                    name,
                    _("The file is %(size)s MB; the limit is 20 MB.")
                    % {"size": round(upload.size / 1024 / 1024, 1)},
                )
        return data


class ServiceFilterForm(GcdsFormMixin, forms.Form):
    submit_label = _("Search")

    q = forms.CharField(label=_("Search by name or inventory ID"), max_length=200, required=False)
    organization = forms.ChoiceField(label=_("Organization"), required=False)
    segment = forms.ChoiceField(label=_("Client segment"), required=False)
    type = forms.ChoiceField(label=_("Service type"), required=False)

    def __init__(self, *args, organizations, segments, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.helper.form_class = "filter-form"
        everything = [("", _("All"))]
        self.fields["organization"].choices = everything + [
            (o.slug, str(o.name)) for o in organizations
        ]
        self.fields["segment"].choices = everything + list(segments)
        self.fields["type"].choices = everything + list(types)
