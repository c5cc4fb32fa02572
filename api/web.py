"""The profile page, where people create and revoke their API tokens."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import GcdsFormMixin

from .models import ApiToken

MAX_TOKENS = 10


class TokenForm(GcdsFormMixin, forms.Form):
    submit_label = gettext_lazy("Create a token")

    name = forms.CharField(
        label=gettext_lazy("Token name"),
        max_length=100,
        help_text=gettext_lazy("Say what will use it, e.g. “Power BI dashboard”."),
    )


def profile(request):
    form = TokenForm(request.POST if request.method == "POST" else None)
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
            form = TokenForm()
    return render(
        request,
        "api/profile.html",
        {"form": form, "tokens": ApiToken.objects.filter(user=request.user), "new_key": new_key},
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
