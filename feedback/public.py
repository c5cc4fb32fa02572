"""The public's side: a campaign's form, answered without an account, in either language,
with or without JavaScript.

The form is the platform's only anonymous write facing the internet. It is guarded without
any third-party service: a field people never see (robots fill it), a signed token that
must be at least a few seconds old, limits per campaign and per address (counted under a
keyed hash that expires with its window, never the address), and the size of every field.
Nothing that identifies a person is asked or stored.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core import ratelimit
from core.bilingual import active_language

from . import operations
from .access import open_campaign
from .forms import AnswerForm, form_token, read_token
from .models import Campaign

SCOPE = "feedback"
RATE_WINDOW = 60 * 60


def _segments(campaign: Campaign) -> list[str]:
    """The client segments of the service's personas, in the order of the choices."""
    if not campaign.ask_segment:
        return []
    found = set(
        campaign.service.personas.filter(archived_at__isnull=True).values_list("segment", flat=True)
    )
    from personas.models import Persona

    return [code for code in Persona.Segment.values if code in found]


def _form(campaign: Campaign, data=None) -> AnswerForm:
    questions = list(campaign.attributes.order_by("order", "key"))
    return AnswerForm(
        data, questions=questions, segments=_segments(campaign), initial={"token": form_token()}
    )


def _page(request, campaign, form, *, status=200, problem: str = "") -> HttpResponse:
    if form.is_bound:
        # Whatever happens, the person's answers come back with a fresh token to send them.
        data = form.data.copy()
        data["token"] = form_token()
        form.data = data
    return render(
        request,
        "feedback/answer_form.html",
        {"campaign": campaign, "service": campaign.service, "form": form, "problem": problem},
        status=status,
    )


def _closed(request, campaign) -> HttpResponse:
    return render(request, "feedback/answer_closed.html", {"campaign": campaign}, status=410)


def _campaign(token: str) -> Campaign:
    campaign = open_campaign(token)
    if campaign is None:
        raise Http404
    return campaign


@login_not_required
def link(request: HttpRequest, token: str) -> HttpResponse:
    """The printed link: it carries no language, so each person lands in their own."""
    language = get_language_from_request(request)
    language = "fr" if language.startswith("fr") else "en"
    return redirect(f"/{language}/have-your-say/{token}/")


@login_not_required
@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        campaign = _campaign(token)
        if not campaign.is_open():
            return _closed(request, campaign)
        if request.method != "POST":
            return _page(request, campaign, _form(campaign))
        return _receive(request, campaign)
    except DatabaseError:
        return render(request, "feedback/answer_unavailable.html", status=503)


def _receive(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    form = _form(campaign, request.POST)
    if request.POST.get("website"):
        # A robot: it is thanked like anyone, and nothing is stored.
        return redirect("feedback:thanks", token=campaign.public_token)
    nonce, why = read_token(
        request.POST.get("token", ""),
        minimum=settings.FEEDBACK_MIN_FILL_SECONDS,
        maximum=settings.FEEDBACK_FORM_MAX_AGE,
    )
    if nonce is None:
        problem = {
            "fast": _(
                "That was quicker than we expected. Please check your answers, then send them again."
            ),
            "expired": _(
                "This form was open a long time. Your answers are kept below: please send them again."
            ),
        }.get(
            why,
            _("We could not read this form. Your answers are kept below: please send them again."),
        )
        return _page(request, campaign, form, status=400, problem=problem)
    if not form.is_valid():
        return _page(request, campaign, form, status=400)
    limits = [
        (f"campaign:{campaign.pk}", settings.FEEDBACK_RATE_PER_CAMPAIGN),
        (
            f"address:{campaign.pk}:{ratelimit.client_key(request)}",
            settings.FEEDBACK_RATE_PER_ADDRESS,
        ),
    ]
    if not ratelimit.allow(SCOPE, limits, RATE_WINDOW):
        return render(request, "feedback/answer_limited.html", {"campaign": campaign}, status=429)
    try:
        operations.response_submit(
            campaign=campaign,
            nonce=nonce,
            language=active_language(),
            channel=request.GET.get("via", ""),
            questions=form.questions,
            **form.answer_fields(),
        )
    except operations.CampaignClosed:
        return _closed(request, campaign)
    except DatabaseError:
        return _page(
            request,
            campaign,
            form,
            status=503,
            problem=_(
                "We could not save your answers just now. They are kept below: please send "
                "them again in a few minutes."
            ),
        )
    return redirect("feedback:thanks", token=campaign.public_token)


@login_not_required
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    try:
        campaign = _campaign(token)
    except DatabaseError:
        return render(request, "feedback/answer_unavailable.html", status=503)
    return render(request, "feedback/answer_thanks.html", {"campaign": campaign})
