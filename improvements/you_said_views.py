"""The “You said, we did” pages: the team's (a service's managers choose and publish what the
public reads) and the public's own, in either language without an account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import apply_errors
from feedback.queries import min_responses
from organizations.access import Access
from services.access import service_for_user

from . import you_said
from .forms import YouSaidItemForm, YouSaidPublishForm
from .models import YouSaidItem


def _manager_service(request, uuid):
    return service_for_user(user=request.user, uuid=uuid, need=Access.MANAGE)


def _public_url(request, page) -> str:
    return request.build_absolute_uri(reverse("you_said_public", args=[page.public_token]))


def manage(request, uuid):
    service = _manager_service(request, uuid)
    page = you_said.page_of(service)
    items = {item.opportunity_id: item for item in page.items.all()} if page else {}
    opportunities = [(o, items.get(o.pk)) for o in you_said.done_opportunities(service)]
    form = YouSaidPublishForm(
        request.POST or None,
        initial={"intro_en": page.intro_en, "intro_fr": page.intro_fr} if page else None,
    )
    if page is not None and page.published_at:
        form.helper.inputs[0].value = _("Save the introduction")
    if request.method == "POST" and form.is_valid():
        try:
            page = you_said.page_publish(service=service, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The page is published. Anyone with its address can read it.")
            )
            return redirect("you_said:manage", uuid=service.uuid)
    return render(
        request,
        "improvements/you_said_manage.html",
        {
            "service": service,
            "page": page,
            "opportunities": opportunities,
            "on_page": sum(1 for _o, item in opportunities if item),
            "form": form,
            "public_url": _public_url(request, page) if page and page.published_at else "",
        },
    )


def item_edit(request, uuid, opportunity):
    service = _manager_service(request, uuid)
    chosen = you_said.done_opportunity(service, opportunity)
    if chosen is None:
        raise Http404
    page = you_said.page_of(service)
    item = YouSaidItem.objects.filter(page=page, opportunity=chosen).first() if page else None
    comments = you_said.approved_comments(service, quoted_by=item)
    if item is not None:
        initial = {
            "title_en": item.title_en,
            "title_fr": item.title_fr,
            "what_we_did_en": item.what_we_did_en,
            "what_we_did_fr": item.what_we_did_fr,
            "done_on": item.done_on,
            "comments": [c.pk for c in item.comments.all()],
        }
    else:
        initial = {"title_en": chosen.title, "done_on": you_said.done_since(chosen)}
    form = YouSaidItemForm(request.POST or None, comments=comments, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            you_said.item_save(
                service=service, opportunity=chosen, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” is on the page.") % {"title": chosen.title})
            return redirect("you_said:manage", uuid=service.uuid)
    return render(
        request,
        "form_page.html",
        {
            "service": service,
            "form": form,
            "title": _("Tell the public about “%(title)s”") % {"title": chosen.title},
            "intro": _(
                "Write what changed in both official languages. The public reads it on the "
                "page once it is published; nothing here names your team."
            ),
            "back_url": reverse("you_said:manage", args=[service.uuid]),
        },
    )


def item_remove(request, uuid, opportunity):
    service = _manager_service(request, uuid)
    page = you_said.page_of(service)
    item = (
        YouSaidItem.objects.filter(page=page, opportunity__uuid=opportunity)
        .select_related("opportunity", "page__service")
        .first()
        if page
        else None
    )
    if item is None:
        raise Http404
    back = reverse("you_said:manage", args=[service.uuid])
    if request.method == "POST":
        you_said.item_remove(item=item, user=request.user)
        messages.success(request, _("“%(title)s” is off the page.") % {"title": item.title_en})
        return redirect(back)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Take “%(title)s” off the page?") % {"title": item.title_en},
            "message": _("The public no longer reads it. The opportunity itself is kept."),
            "button": _("Take it off the page"),
            "cancel_url": back,
        },
    )


def unpublish(request, uuid):
    service = _manager_service(request, uuid)
    page = you_said.page_of(service)
    if page is None or page.published_at is None:
        raise Http404
    back = reverse("you_said:manage", args=[service.uuid])
    if request.method == "POST":
        you_said.page_unpublish(page=page, user=request.user)
        messages.success(request, _("The page is taken down. Its address shows nothing now."))
        return redirect(back)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Take the page down?"),
            "message": _(
                "Its address stops showing anything at once. What is on it is kept, so you can "
                "publish it again."
            ),
            "button": _("Take the page down"),
            "cancel_url": back,
        },
    )


@login_not_required
def public(request, token):
    page = you_said.published_page(token)
    if page is None:
        raise Http404
    return render(
        request,
        "improvements/you_said_public.html",
        {
            "page": page,
            "service": page.service,
            "items": you_said.public_items(page),
            "threshold": min_responses(),
        },
    )
