"""The team's feedback pages: a service's campaigns, opening and closing one, its QR code,
what the public said, and the comments waiting for review."""

import io

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue.queries import latest_published
from core.exports import spreadsheet_response
from core.forms import apply_errors
from organizations.access import Access
from services.access import service_for_user

from . import operations, queries
from .access import campaign_for_user, response_of
from .forms import CampaignForm
from .models import Campaign, Response


def public_link(request, campaign: Campaign) -> str:
    """The address printed and shared: without a language, so each person gets their own."""
    return request.build_absolute_uri(reverse("feedback_link", args=[campaign.public_token]))


def campaign_list(request, uuid):
    service = service_for_user(user=request.user, uuid=uuid)
    return render(
        request,
        "feedback/campaign_list.html",
        {
            "service": service,
            "campaigns": queries.campaigns_of(service),
            "can_manage": service.user_access >= Access.MANAGE,
            "threshold": queries.min_responses(),
        },
    )


def campaign_create(request, uuid):
    service = service_for_user(user=request.user, uuid=uuid, need=Access.MANAGE)
    version = latest_published()
    questions = queries.questions_of(version) if version else []
    form = CampaignForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = operations.campaign_create(
                service=service, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The campaign “%(name)s” is open. Share its link or print its QR code.")
                % {"name": campaign.name},
            )
            return redirect("feedback:detail", uuid=campaign.uuid)
    return render(
        request,
        "form_page.html",
        {
            "service": service,
            "form": form,
            "title": _("New feedback campaign"),
            "intro": _(
                "Ask the people who use %(service)s what they experienced. The questions come "
                "from the catalogue, one per attribute, so their answers sit beside your scores."
            )
            % {"service": service.name},
            "back_url": reverse("feedback:list", args=[service.uuid]),
        },
    )


def campaign_detail(request, uuid):
    campaign = campaign_for_user(user=request.user, uuid=uuid)
    service = campaign.service
    status = request.GET.get("comments", Response.CommentStatus.PENDING)
    if status not in (
        Response.CommentStatus.PENDING,
        Response.CommentStatus.APPROVED,
        Response.CommentStatus.HIDDEN,
    ):
        status = Response.CommentStatus.PENDING
    can_write = service.user_access >= Access.WRITE
    return render(
        request,
        "feedback/campaign_detail.html",
        {
            "campaign": campaign,
            "service": service,
            "summary": queries.campaign_summary(campaign),
            "link": public_link(request, campaign),
            "qr_svg": segno.make(public_link(request, campaign), error="m").svg_inline(
                scale=4, title=_("QR code of the campaign's link")
            ),
            "comments": queries.comments_of(campaign, status) if can_write else [],
            "comment_counts": queries.comment_counts(campaign) if can_write else {},
            "comment_status": status,
            "statuses": Response.CommentStatus,
            "can_write": can_write,
            "can_manage": service.user_access >= Access.MANAGE,
            "threshold": queries.min_responses(),
        },
    )


def campaign_qr(request, uuid, fmt):
    """The QR code as a file to print: SVG for print shops, PNG for documents."""
    campaign = campaign_for_user(user=request.user, uuid=uuid)
    code = segno.make(public_link(request, campaign), error="m")
    if fmt == "svg":
        body = code.svg_inline(scale=10, title=_("QR code of the campaign's link"))
        response = HttpResponse(body, content_type="image/svg+xml")
    elif fmt == "png":
        buffer = io.BytesIO()
        code.save(buffer, kind="png", scale=10)
        response = HttpResponse(buffer.getvalue(), content_type="image/png")
    else:
        raise Http404
    response["Content-Disposition"] = (
        f'attachment; filename="campaign-qr-{campaign.public_token}.{fmt}"'
    )
    return response


def campaign_close(request, uuid):
    campaign = campaign_for_user(user=request.user, uuid=uuid, need=Access.MANAGE)
    if request.method == "POST":
        operations.campaign_close(campaign=campaign, user=request.user)
        messages.success(request, _("The campaign is closed. It takes no more answers."))
        return redirect("feedback:detail", uuid=campaign.uuid)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Close “%(name)s”?") % {"name": campaign.name},
            "message": _(
                "The public link stops taking answers at once, and it cannot be opened again. "
                "The answers already given are kept."
            ),
            "button": _("Close the campaign"),
            "cancel_url": reverse("feedback:detail", args=[campaign.uuid]),
        },
    )


@require_POST
def comment_review(request, uuid, answer):
    campaign = campaign_for_user(user=request.user, uuid=uuid, need=Access.WRITE)
    response = response_of(campaign, answer)
    approve = request.POST.get("decision") == "approve"
    operations.comment_review(response=response, user=request.user, approve=approve)
    messages.success(
        request,
        _("The comment is approved: the team sees it beside the scores.")
        if approve
        else _("The comment is hidden from every page and export."),
    )
    back = reverse("feedback:detail", args=[campaign.uuid])
    return redirect(f"{back}?comments={request.POST.get('from', 'pending')}#comments")


def comment_export(request, uuid, fmt):
    """The campaign's approved comments as a spreadsheet, for the team: a comment waiting for
    review or hidden is never in it."""
    campaign = campaign_for_user(user=request.user, uuid=uuid, need=Access.WRITE)
    columns = [_("Received"), _("Language"), _("Channel"), _("Client segment"), _("Comment")]
    rows = [
        [
            timezone.localtime(r.submitted_at).date().isoformat(),
            r.language,
            str(r.get_channel_display()) if r.channel else "",
            str(r.get_segment_display()) if r.segment else "",
            r.comment,
        ]
        for r in queries.comments_of(campaign, Response.CommentStatus.APPROVED, limit=None)
    ]
    return spreadsheet_response(
        [columns, *rows],
        fmt=fmt,
        title=_("Comments"),
        name=f"campaign-comments-{campaign.public_token}",
    )
