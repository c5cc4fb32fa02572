"""The public form: no account, both languages, guarded against robots and floods, and
nothing that identifies a person kept."""

import re

import pytest
from django.db import OperationalError
from django.utils import timezone

from core.models import RateEvent
from feedback import operations
from feedback.models import Answer, Response

from .conftest import answer, form_url, rate, token_of


def test_an_anonymous_person_answers_in_french_and_is_thanked(client, campaign, questions):
    page = client.get(form_url(campaign, "fr"))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'lang="fr"' in body and "Parlez-nous de" in body
    assert questions[0].public_question_fr in body and "Ne s’applique pas" in body
    # The segments of the service's personas, and no field asking who the person is.
    assert 'value="seniors"' in body and "Aînés" in body and 'value="newcomers"' in body
    # Nothing to type but the comment: the only other field is the one robots fill.
    typed = [
        i for i in re.findall(r"<input[^>]*>", body) if not re.search(r'type="(radio|hidden)"', i)
    ]
    assert len(typed) == 1 and 'name="website"' in typed[0]
    sent = answer(
        client, campaign, "fr",
        satisfaction="4", got_needed="partly", segment="seniors",
        comment="Long à attendre au comptoir.",
        **rate(campaign, questions[0], 2), **{f"q_{questions[1].pk}": "na"},
    )  # fmt: skip
    assert sent.status_code == 302 and sent.url.endswith("/thanks/")
    assert "Merci" in client.get(sent.url).content.decode()
    response = Response.objects.get()
    assert (response.language, response.satisfaction, response.segment) == ("fr", 4, "seniors")
    assert response.comment_status == "pending"
    assert dict(response.answers.values_list("attribute_id", "rating")) == {
        questions[0].pk: 2,
        questions[1].pk: None,
    }


def test_the_form_works_without_javascript_and_in_plain_html(client, campaign):
    body = client.get(form_url(campaign)).content.decode()
    assert "<script" not in body and "<gcds-" not in body
    assert 'type="radio"' in body and "<textarea" in body and 'type="submit"' in body
    assert "csrfmiddlewaretoken" in body


def test_the_printed_link_opens_in_the_browsers_language(client, campaign):
    link = f"/have-your-say/{campaign.public_token}/"
    assert client.get(link, HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9").url == form_url(campaign, "fr")
    assert client.get(link, HTTP_ACCEPT_LANGUAGE="en-CA").url == form_url(campaign, "en")


def test_an_unknown_link_is_not_found(client, campaign):
    assert client.get("/en/have-your-say/not-a-campaign/").status_code == 404


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_stored(client, campaign):
    sent = answer(client, campaign, satisfaction="5", website="http://spam.example")
    assert sent.status_code == 302
    assert Response.objects.count() == 0


def test_a_form_sent_sooner_than_a_person_could_is_refused_with_the_answers_kept(
    client, campaign, settings
):
    settings.FEEDBACK_MIN_FILL_SECONDS = 30
    sent = answer(client, campaign, satisfaction="2", comment="Trop vite")
    body = sent.content.decode()
    assert sent.status_code == 400
    assert "quicker than we expected" in body and "Trop vite" in body
    assert re.search(r'name="satisfaction" value="2" id="[^"]+" checked', body)
    assert Response.objects.count() == 0


def test_a_tampered_token_is_refused(client, campaign):
    page = client.get(form_url(campaign)).content.decode()
    token = token_of(page)
    sent = client.post(form_url(campaign), {"token": token[:-2] + "xx", "satisfaction": "3"})
    assert sent.status_code == 400 and "could not read this form" in sent.content.decode()
    assert Response.objects.count() == 0


def test_the_same_form_sent_twice_is_stored_once(client, campaign):
    page = client.get(form_url(campaign)).content.decode()
    data = {"token": token_of(page), "satisfaction": "3"}
    assert client.post(form_url(campaign), data).status_code == 302
    assert client.post(form_url(campaign), data).status_code == 302
    assert Response.objects.count() == 1


def test_an_empty_form_says_what_to_do(client, campaign):
    sent = answer(client, campaign)
    assert sent.status_code == 400
    assert "Answer at least one question" in sent.content.decode()
    assert Response.objects.count() == 0


def test_a_comment_over_a_thousand_characters_is_refused_and_kept(client, campaign):
    sent = answer(client, campaign, comment="x" * 1001)
    assert sent.status_code == 400
    assert "x" * 1001 in sent.content.decode()
    assert Response.objects.count() == 0


def test_an_answer_outside_the_scale_is_refused(client, campaign, questions):
    sent = answer(client, campaign, satisfaction="9")
    assert sent.status_code == 400 and "could not be read" in sent.content.decode()
    assert Response.objects.count() == 0


def test_email_addresses_and_telephone_numbers_are_masked_on_receipt(client, campaign):
    answer(
        client,
        campaign,
        comment="Write me at jane.doe+x@example.ca or call 613-555-0199 / (819) 555 0100. "
        "Waited from 2026-11-02 for 3 weeks.",
    )
    comment = Response.objects.get().comment
    assert "example.ca" not in comment and "555" not in comment
    assert "[email address removed]" in comment and "[telephone number removed]" in comment
    assert "2026-11-02" in comment and "3 weeks" in comment


def test_no_address_is_stored_only_an_expiring_keyed_hash(client, campaign):
    answer(client, campaign, satisfaction="4", REMOTE_ADDR="203.0.113.9")
    keys = list(RateEvent.objects.values_list("key", flat=True))
    assert keys and not any("203.0.113" in key for key in keys)
    fields = [f.name for f in Response._meta.get_fields()]
    assert not any("address" in name or name == "ip" for name in fields)


def test_answers_per_address_are_limited_and_other_addresses_still_answer(
    client, campaign, settings
):
    settings.FEEDBACK_RATE_PER_ADDRESS = 2
    for __ in range(2):
        assert answer(client, campaign, satisfaction="4").status_code == 302
    limited = answer(client, campaign, satisfaction="4")
    assert limited.status_code == 429 and "try again later" in limited.content.decode()
    page = client.get(form_url(campaign), REMOTE_ADDR="198.51.100.7").content.decode()
    other = client.post(
        form_url(campaign),
        {"token": token_of(page), "satisfaction": "1"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert other.status_code == 302
    assert Response.objects.count() == 3


def test_answers_per_campaign_are_limited(client, campaign, settings):
    settings.FEEDBACK_RATE_PER_CAMPAIGN = 1
    assert answer(client, campaign, satisfaction="4").status_code == 302
    assert answer(client, campaign, satisfaction="4", REMOTE_ADDR="198.51.100.8").status_code == 429
    assert Response.objects.count() == 1


def test_a_closed_campaign_stops_answers_at_once(client, campaign, manager):
    page = client.get(form_url(campaign)).content.decode()
    operations.campaign_close(campaign=campaign, user=manager)
    sent = client.post(form_url(campaign), {"token": token_of(page), "satisfaction": "5"})
    assert sent.status_code == 410 and "closed" in sent.content.decode()
    assert client.get(form_url(campaign)).status_code == 410
    assert Response.objects.count() == 0


def test_a_campaign_takes_answers_only_between_its_dates(client, campaign):
    campaign.closes_on = campaign.opens_on = timezone.localdate() - timezone.timedelta(days=1)
    campaign.save()
    assert client.get(form_url(campaign)).status_code == 410
    campaign.opens_on = campaign.closes_on = timezone.localdate() + timezone.timedelta(days=1)
    campaign.save()
    assert client.get(form_url(campaign)).status_code == 410


def test_a_database_failure_while_saving_keeps_the_answers_and_says_so(
    client, campaign, monkeypatch
):
    page = client.get(form_url(campaign, "fr")).content.decode()

    def down(**kwargs):
        raise OperationalError("the server closed the connection")

    monkeypatch.setattr(operations, "response_submit", down)
    sent = client.post(
        form_url(campaign, "fr"), {"token": token_of(page), "satisfaction": "3", "comment": "Gardé"}
    )
    body = sent.content.decode()
    assert sent.status_code == 503
    assert "Nous n’avons pas pu enregistrer vos réponses" in body and "Gardé" in body
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_closed_page_is_in_the_persons_language(client, campaign, manager, language):
    operations.campaign_close(campaign=campaign, user=manager)
    body = client.get(form_url(campaign, language)).content.decode()
    assert ("This survey is closed" if language == "en" else "Ce sondage est fermé") in body
