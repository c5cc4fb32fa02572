"""The profile page, where people create and revoke their API tokens."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import GcdsFormMixin
from organizations import signin

from .models import ApiToken

MAX_TOKENS = 10


class TokenForm(GcdsFormMixin, forms.Form):
    """A new token, with the password asked again: a session left open on a shared computer
    is not enough to take a key that works without it."""

    submit_label = gettext_lazy("Create a token")

    name = forms.CharField(
        label=gettext_lazy("Token name"),
        max_length=100,
        help_text=gettext_lazy("Say what will use it, e.g. “Power BI dashboard”."),
    )
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through the sign-in backend: wrong passwords here count towards the lock-out.
        user = authenticate(self.request, username=self.request.user.email, password=password)
        if signin.was_locked(self.request):
            raise forms.ValidationError(signin.locked_message())
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError(_("This is not your password."))
        return password


def profile(request):
    data = request.POST if request.method == "POST" else None
    form = TokenForm(data, request=request)
    new_key = None
    if request.method == "POST" and form.is_valid():
        if ApiToken.objects.filter(user=request.user).count() >= MAX_TOKENS:
            form.add_error(
                None, _("You already have %(n)s tokens. Revoke one first.") % {"n": MAX_TOKENS}
            )
        else:
            _token, new_key = ApiToken.issue(
                user=request.user, name=form.cleaned_data["name"].strip()
            )
            form = TokenForm(request=request)
    return render(
        request,
        "api/profile.html",
        {
            "form": form,
            "tokens": ApiToken.objects.filter(user=request.user),
            "new_key": new_key,
            "token_days": settings.API_TOKEN_DAYS,
        },
    )


def token_revoke(request, uuid):
    token = get_object_or_404(ApiToken, uuid=uuid, user=request.user)
    if request.method == "POST":
        token.delete()
        messages.success(
            request,
            _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name},
        )
        return redirect("profile")
    return render(
        request,
        "confirm.html",
        {
            "title": _("Revoke the token “%(name)s”?") % {"name": token.name},
            "message": _("Anything that uses this token will stop working at once."),
            "button": _("Revoke the token"),
            "cancel_url": reverse("profile"),
        },
    )
