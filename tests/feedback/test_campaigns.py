"""The team's side: opening and closing campaigns, the QR code, reviewing comments, and what
the public said shown beside the scores only when enough people back it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import operations as feedback_operations
from feedback.models import Campaign, Response

from .conftest import answer, rate


def _new_campaign_data(questions, **overrides):
    today = timezone.localdate()
    return {
        "name": "Letters, spring",
        "opens_on": today.isoformat(),
        "closes_on": (today + timezone.timedelta(days=30)).isoformat(),
        "channels": ["mail", "online"],
        "attributes": [str(q.pk) for q in questions[:2]],
        "ask_segment": "on",
        **overrides,
    }


def test_a_service_manager_opens_a_campaign_and_gets_its_link_and_qr_code(
    client_for, manager, service, questions
):
    c = client_for(manager)
    form = c.get(reverse("feedback:create", args=[service.uuid])).content.decode()
    assert questions[0].public_question_en in form
    sent = c.post(reverse("feedback:create", args=[service.uuid]), _new_campaign_data(questions))
    campaign = Campaign.objects.get()
    assert sent.url == reverse("feedback:detail", args=[campaign.uuid])
    assert campaign.channels == ["mail", "online"] and campaign.attributes.count() == 2
    page = c.get(sent.url).content.decode()
    assert f"/have-your-say/{campaign.public_token}/" in page and "<svg" in page
    svg = c.get(reverse("feedback:qr", args=[campaign.uuid, "svg"]))
    png = c.get(reverse("feedback:qr", args=[campaign.uuid, "png"]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    listing = c.get(reverse("feedback:list", args=[service.uuid])).content.decode()
    assert "Letters, spring" in listing


def test_a_campaign_that_closes_before_it_opens_is_refused_and_nothing_is_saved(
    client_for, manager, service, questions
):
    today = timezone.localdate()
    data = _new_campaign_data(questions, closes_on=(today - timezone.timedelta(days=1)).isoformat())
    page = client_for(manager).post(reverse("feedback:create", args=[service.uuid]), data)
    assert page.status_code == 200
    assert "cannot close before it opens" in page.content.decode()
    assert Campaign.objects.count() == 0


def test_a_campaign_needs_a_channel_and_a_question(client_for, manager, service, questions):
    data = _new_campaign_data(questions, channels=[], attributes=[])
    page = client_for(manager).post(reverse("feedback:create", args=[service.uuid]), data)
    assert page.content.decode().count("This field is required") >= 2
    assert Campaign.objects.count() == 0


@pytest.mark.parametrize("who", ["member", "executive", "partner_manager", "outsider", "staff"])
def test_only_the_owners_managers_and_staff_open_campaigns(
    request, client_for, who, service, questions
):
    c = client_for(request.getfixturevalue(who))
    status = c.post(reverse("feedback:create", args=[service.uuid]), _new_campaign_data(questions))
    assert status.status_code == (302 if who == "staff" else 404)


@pytest.mark.parametrize(
    ("who", "sees", "sees_comments"),
    [
        ("manager", 200, True),
        ("member", 200, True),
        ("partner_member", 200, True),
        ("executive", 200, False),
        ("outsider", 404, False),
    ],
)
def test_who_reads_a_campaign_and_its_comments(
    request, client_for, who, sees, sees_comments, client, campaign
):
    answer(client, campaign, comment="The wait was long")
    c = client_for(request.getfixturevalue(who))
    page = c.get(reverse("feedback:detail", args=[campaign.uuid]))
    assert page.status_code == sees
    if sees == 200:
        assert ("The wait was long" in page.content.decode()) is sees_comments
    for url in (
        reverse("feedback:list", args=[campaign.service.uuid]),
        reverse("feedback:qr", args=[campaign.uuid, "png"]),
    ):
        assert c.get(url).status_code == sees


def test_anonymous_visitors_are_sent_to_sign_in_for_the_team_pages(client, campaign):
    for url in (
        reverse("feedback:list", args=[campaign.service.uuid]),
        reverse("feedback:detail", args=[campaign.uuid]),
        reverse("feedback:qr", args=[campaign.uuid, "svg"]),
        reverse("feedback:close", args=[campaign.uuid]),
    ):
        assert "/accounts/login/" in client.get(url).url


def test_closing_asks_first_then_stops_answers(client_for, manager, member, client, campaign):
    c = client_for(member)
    assert c.post(reverse("feedback:close", args=[campaign.uuid])).status_code == 404
    c = client_for(manager)
    confirm = c.get(reverse("feedback:close", args=[campaign.uuid])).content.decode()
    assert "stops taking answers at once" in confirm
    campaign.refresh_from_db()
    assert campaign.closed_at is None
    c.post(reverse("feedback:close", args=[campaign.uuid]))
    campaign.refresh_from_db()
    assert campaign.closed_at is not None and campaign.closed_by == manager
    assert client.get(f"/en/have-your-say/{campaign.public_token}/").status_code == 410


def _review(c, campaign, response, decision):
    return c.post(
        reverse("feedback:comment_review", args=[campaign.uuid, response.uuid]),
        {"decision": decision, "from": "pending"},
    )


def test_team_members_approve_or_hide_comments_and_executives_cannot(
    client_for, member, executive, client, campaign
):
    answer(client, campaign, comment="Helpful staff")
    response = Response.objects.get()
    assert _review(client_for(executive), campaign, response, "approve").status_code == 404
    assert _review(client_for(member), campaign, response, "approve").status_code == 302
    response.refresh_from_db()
    assert response.comment_status == "approved" and response.reviewed_by == member
    _review(client_for(member), campaign, response, "hide")
    response.refresh_from_db()
    assert response.comment_status == "hidden"


def test_a_comment_of_another_campaign_cannot_be_reviewed_through_this_one(
    client_for, member, outsider, other_org, client, campaign, questions
):
    from tests.factories import ServiceFactory

    theirs = feedback_operations.campaign_create(
        service=ServiceFactory(owner=other_org), user=outsider, name="Theirs",
        opens_on=campaign.opens_on, closes_on=campaign.closes_on, channels=["online"],
        attributes=questions[:1], ask_segment=False,
    )  # fmt: skip
    answer(client, theirs, comment="Not yours")
    response = Response.objects.get()
    assert _review(client_for(member), campaign, response, "approve").status_code == 404
    response.refresh_from_db()
    assert response.comment_status == "pending"


def _answers(client, campaign, attribute, ratings, comment=""):
    for i, rating in enumerate(ratings):
        address = f"198.51.100.{i + 1}"
        page = client.get(f"/en/have-your-say/{campaign.public_token}/", REMOTE_ADDR=address)
        from .conftest import token_of

        data = {"token": token_of(page.content.decode()), **rate(campaign, attribute, rating)}
        if comment:
            data["comment"] = f"{comment} {i}"
        client.post(f"/en/have-your-say/{campaign.public_token}/", data, REMOTE_ADDR=address)


def test_the_scoring_page_shows_the_public_rating_only_from_the_threshold(
    client_for, member, client, campaign, assessment, questions, settings
):
    settings.FEEDBACK_MIN_RESPONSES = 10
    attribute = questions[0]
    url = reverse("assessments:score", args=[assessment.uuid, attribute.key])
    _answers(client, campaign, attribute, [4] * 5 + [2] * 4, comment="Ramp at the door")
    for response in Response.objects.all():
        response.comment_status = "approved"
        response.save()
    page = client_for(member).get(url).content.decode()
    assert "What the public said" in page and attribute.public_question_en in page
    assert "Not enough answers yet: 9 people have answered; a rating is shown from 10." in page
    assert "out of 5" not in page and "Ramp at the door" not in page

    _answers(client_for(None), campaign, attribute, [5])
    page = client_for(member).get(url).content.decode()
    # (5 x 4 + 4 x 2 + 5) / 10
    assert "3.3 out of 5" in page and "(10 answers)" in page
    assert "Ramp at the door 8" in page and "Ramp at the door 5" not in page  # the last three
    Response.objects.filter(comment="").update(comment="Step-free now", comment_status="hidden")
    page = client_for(member).get(url).content.decode()
    assert "Step-free now" not in page and "Ramp at the door" in page


def test_pending_comments_never_show_beside_the_scores(
    client_for, member, client, campaign, assessment, questions, settings
):
    settings.FEEDBACK_MIN_RESPONSES = 1
    _answers(client, campaign, questions[0], [3], comment="Waiting for review")
    url = reverse("assessments:score", args=[assessment.uuid, questions[0].key])
    page = client_for(member).get(url).content.decode()
    assert "3.0 out of 5" in page and "Waiting for review 0" not in page


def test_the_comment_export_holds_approved_comments_only(
    client, client_for, campaign, manager, member, executive
):
    import csv
    import io

    from feedback import operations as feedback_operations
    from feedback.models import Response

    for n, text in enumerate(("Approved words", "Hidden words", "Pending words")):
        feedback_operations.response_submit(
            campaign=campaign, nonce=f"export-{n}", language="fr", channel="online", satisfaction=3,
            got_needed="yes", segment="", comment=text, ratings={},
        )  # fmt: skip
    approved, hidden = Response.objects.filter(
        comment__in=["Approved words", "Hidden words"]
    ).order_by("comment")
    feedback_operations.comment_review(response=approved, user=manager, approve=True)
    feedback_operations.comment_review(response=hidden, user=manager, approve=False)
    url = reverse("feedback:comment_export", args=[campaign.uuid, "csv"])
    body = client_for(member).get(url).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["Received", "Language", "Channel", "Client segment", "Comment"]
    assert [row[-1] for row in rows[1:]] == ["Approved words"] and rows[1][1] == "fr"
    xlsx = client_for(member).get(reverse("feedback:comment_export", args=[campaign.uuid, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # Executives read the campaign, not its comments.
    assert client_for(executive).get(url).status_code in (403, 404)
