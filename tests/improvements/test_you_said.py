"""“You said, we did”: a manager publishes completed opportunities with what the public said,
and the public reads only that, in either language, with no name of staff."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from feedback import operations as feedback_operations
from feedback.models import Response
from improvements import operations as opportunity_operations
from improvements import you_said
from improvements.models import ImprovementOpportunity, YouSaidItem
from tests.feedback.conftest import answer_as_someone, campaign, questions  # noqa: F401 - fixtures

DONE = ImprovementOpportunity.Status.DONE


@pytest.fixture
def heard(client, campaign, questions, manager, settings):  # noqa: F811
    """Ten people rate the first question 2; two leave comments, one approved, one hidden."""
    settings.FEEDBACK_MIN_RESPONSES = 10
    first = questions[0]
    for _n in range(10):
        answer_as_someone(client, campaign, {first: 2})
    answer_as_someone(client, campaign, {}, comment="The form only asked me in English.")
    answer_as_someone(client, campaign, {}, comment="Rude words about a clerk named Bob.")
    approved, hidden = Response.objects.exclude(comment="").order_by("submitted_at", "id")
    feedback_operations.comment_review(response=approved, user=manager, approve=True)
    feedback_operations.comment_review(response=hidden, user=manager, approve=False)
    return first, approved, hidden


def _opportunity(assessment, user, attribute, status=DONE, title="Translate the form"):
    return opportunity_operations.opportunity_create(
        assessment=assessment,
        user=user,
        attributes=[attribute],
        levers=["technology"],
        title=title,
        impact=4,
        effort=2,
        owner_user=user,
        status=status,
    )


def _item_data(**extra):
    data = {
        "title_en": "The form is in French too",
        "title_fr": "Le formulaire est aussi en français",
        "what_we_did_en": "We translated every page of the form.",
        "what_we_did_fr": "Nous avons traduit chaque page du formulaire.",
        "done_on": "2026-11-30",
    }
    data.update(extra)
    return data


def test_a_manager_publishes_and_the_public_reads_it_in_both_languages(
    client, client_for, manager, assessment, heard
):
    first, approved, hidden = heard
    manager.first_name, manager.last_name = "Marguerite", "Tremblay"
    manager.save()
    opportunity = _opportunity(assessment, manager, first)
    c = client_for(manager)
    service = assessment.service
    manage_url = reverse("you_said:manage", args=[service.uuid])
    page = c.get(manage_url).content.decode()
    assert "Translate the form" in page and "Not published" in page

    edit_url = reverse("you_said:item_edit", args=[service.uuid, opportunity.uuid])
    form = c.get(edit_url).content.decode()
    # Only the approved comment is offered.
    assert "The form only asked me in English." in form and "Bob" not in form
    sent = c.post(edit_url, _item_data(comments=[str(approved.pk)]))
    assert sent.status_code == 302
    assert c.post(manage_url, {"intro_en": "", "intro_fr": ""}).status_code == 302

    token = you_said.page_of(service).public_token
    client.logout()
    english = client.get(f"/en/you-said-we-did/{token}/")
    assert english.status_code == 200
    body = english.content.decode()
    assert "The form is in French too" in body
    assert "We translated every page of the form." in body
    assert "rated 2.0 out of 5 by 10 people" in body
    assert "The form only asked me in English." in body
    # Nothing of staff, nothing hidden, no team-only title.
    for absent in ("Marguerite", "Tremblay", manager.email, "Bob", "Translate the form"):
        assert absent not in body
    french = client.get(f"/fr/you-said-we-did/{token}/").content.decode()
    assert "Le formulaire est aussi en français" in french
    assert "noté 2,0 sur 5 par 10 personnes" in french


def test_nothing_shows_before_publishing_or_after_taking_it_down(
    client, client_for, manager, assessment, heard
):
    opportunity = _opportunity(assessment, manager, heard[0])
    c = client_for(manager)
    service = assessment.service
    c.post(reverse("you_said:item_edit", args=[service.uuid, opportunity.uuid]), _item_data())
    page = you_said.page_of(service)
    assert client.get(f"/en/you-said-we-did/{page.public_token}/").status_code == 404
    c.post(reverse("you_said:manage", args=[service.uuid]), {"intro_en": "", "intro_fr": ""})
    assert client.get(f"/en/you-said-we-did/{page.public_token}/").status_code == 200
    unpublish = reverse("you_said:unpublish", args=[service.uuid])
    assert "Take the page down?" in c.get(unpublish).content.decode()  # confirmation first
    c.post(unpublish)
    assert client.get(f"/en/you-said-we-did/{page.public_token}/").status_code == 404
    assert YouSaidItem.objects.count() == 1  # kept for publishing again


def test_an_opportunity_reopened_or_a_comment_hidden_later_leaves_the_page(
    client, client_for, manager, assessment, heard
):
    first, approved, _hidden = heard
    reopened = _opportunity(assessment, manager, first, title="Reopened later")
    kept = _opportunity(assessment, manager, first, title="Still done")
    c = client_for(manager)
    service = assessment.service
    for opportunity, title in ((reopened, "Shown first"), (kept, "Shown always")):
        c.post(
            reverse("you_said:item_edit", args=[service.uuid, opportunity.uuid]),
            _item_data(title_en=title, comments=[str(approved.pk)]),
        )
    c.post(reverse("you_said:manage", args=[service.uuid]), {"intro_en": "", "intro_fr": ""})
    opportunity_operations.opportunity_update(
        opportunity=reopened, user=manager, status=ImprovementOpportunity.Status.IN_PROGRESS
    )
    feedback_operations.comment_review(response=approved, user=manager, approve=False)
    token = you_said.page_of(service).public_token
    body = client.get(f"/en/you-said-we-did/{token}/").content.decode()
    assert "Shown always" in body and "Shown first" not in body
    assert "The form only asked me in English." not in body


def test_what_cannot_be_on_the_page_is_refused_with_a_clear_message(
    client_for, manager, assessment, heard
):
    first, approved, hidden = heard
    service = assessment.service
    planned = _opportunity(assessment, manager, first, status=ImprovementOpportunity.Status.PLANNED)
    c = client_for(manager)
    # An opportunity not done has no form.
    assert (
        c.get(reverse("you_said:item_edit", args=[service.uuid, planned.uuid])).status_code == 404
    )
    done = _opportunity(assessment, manager, first)
    url = reverse("you_said:item_edit", args=[service.uuid, done.uuid])
    # One language missing.
    page = c.post(url, _item_data(title_fr=""))
    assert page.status_code == 200 and "This field is required." in page.content.decode()
    # A hidden comment, forced into the form.
    page = c.post(url, _item_data(comments=[str(hidden.pk)]))
    assert page.status_code == 200 and "Select a valid choice." in page.content.decode()
    # A date in the future.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = c.post(url, _item_data(done_on=tomorrow.isoformat()))
    assert "The date it was done cannot be in the future." in page.content.decode()
    assert not YouSaidItem.objects.exists()
    # Publishing an empty page.
    page = c.post(reverse("you_said:manage", args=[service.uuid]), {"intro_en": "", "intro_fr": ""})
    assert "Add at least one completed opportunity before publishing." in page.content.decode()
    # An introduction in one language only.
    c.post(url, _item_data())
    page = c.post(
        reverse("you_said:manage", args=[service.uuid]), {"intro_en": "Hello", "intro_fr": ""}
    )
    assert "Write the introduction in both languages" in page.content.decode()
    assert you_said.page_of(service).published_at is None


def test_the_operation_refuses_a_comment_of_another_service(manager, assessment, heard, other_org):
    from services.models import Service

    first, approved, _hidden = heard
    done = _opportunity(assessment, manager, first)
    other = Service.objects.create(owner=other_org, name_en="Other", name_fr="Autre")
    with pytest.raises(ValidationError):
        you_said.item_save(
            service=other,
            opportunity=done,
            user=manager,
            comments=[approved],
            **{k: v for k, v in _item_data().items() if k != "done_on"},
            done_on=datetime.date(2026, 11, 30),
        )


def test_only_the_services_managers_reach_the_team_pages(
    client_for, manager, member, executive, outsider, partner_manager, assessment, heard
):
    done = _opportunity(assessment, manager, heard[0])
    service = assessment.service
    urls = [
        reverse("you_said:manage", args=[service.uuid]),
        reverse("you_said:item_edit", args=[service.uuid, done.uuid]),
    ]
    for person in (member, executive, outsider, partner_manager):
        c = client_for(person)
        for url in urls:
            assert c.get(url).status_code in (403, 404), (person, url)
        assert c.post(urls[1], _item_data()).status_code in (403, 404)
    assert not YouSaidItem.objects.exists()
    assert client_for(manager).get(urls[0]).status_code == 200
