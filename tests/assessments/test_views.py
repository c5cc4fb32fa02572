"""Assessment pages: permissions, scoring, concurrency, lifecycle, results, query counts."""

import pytest
from django.urls import reverse

from assessments import operations
from assessments.models import Assessment, AttributeScore
from tests.factories import PersonaFactory
from tests.html import table_cells

from .conftest import complete, publish_catalogue_with_extra_attribute, score_everything

READERS = ["manager", "member", "executive", "partner_member", "partner_manager", "staff"]


def _score_url(assessment, key="efficiency"):
    return reverse("assessments:score", args=[assessment.uuid, key])


def _score_post(version=0, **extra):
    data = {
        "current_level": "2",
        "target_level": "4",
        "rationale": "Forms repeat questions",
        "evidence": "https://example.ca/survey Survey 2025",
        "confidence": "high",
        "version": str(version),
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("who", READERS)
def test_people_of_the_owner_and_partners_read_the_assessment(request, client_for, assessment, who):
    c = client_for(request.getfixturevalue(who))
    for url in (
        reverse("assessments:service_list", args=[assessment.service.uuid]),
        reverse("assessments:detail", args=[assessment.uuid]),
        _score_url(assessment),
        reverse("assessments:results", args=[assessment.uuid]),
        reverse("assessments:history", args=[assessment.uuid]),
    ):
        assert c.get(url).status_code == 200, url


def test_another_organization_and_anonymous_visitors_see_nothing(
    client_for, client, outsider, assessment
):
    urls = [
        reverse("assessments:service_list", args=[assessment.service.uuid]),
        reverse("assessments:detail", args=[assessment.uuid]),
        _score_url(assessment),
        reverse("assessments:results", args=[assessment.uuid]),
        reverse("assessments:history", args=[assessment.uuid]),
        reverse("assessments:send_back", args=[assessment.uuid]),
        reverse("assessments:complete", args=[assessment.uuid]),
    ]
    c = client_for(outsider)
    for url in urls:
        assert c.get(url).status_code == 404, url
    assert c.post(_score_url(assessment), _score_post()).status_code == 404
    assert c.post(reverse("assessments:submit", args=[assessment.uuid])).status_code == 404
    client.logout()
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("login")), url
    assert not AttributeScore.objects.filter(current_level__isnull=False).exists()


@pytest.mark.parametrize("who", ["executive", "outsider"])
def test_executives_and_outsiders_cannot_score(request, client_for, assessment, who):
    response = client_for(request.getfixturevalue(who)).post(_score_url(assessment), _score_post())
    assert response.status_code == 404
    assert not AttributeScore.objects.filter(current_level__isnull=False).exists()


@pytest.mark.parametrize("who", ["member", "partner_member", "executive", "partner_manager"])
def test_only_the_owners_managers_start_review_and_complete(
    request, client_for, service, assessment, who
):
    c = client_for(request.getfixturevalue(who))
    response = c.post(
        reverse("assessments:service_list", args=[service.uuid]), {"cycle": "2030-31"}
    )
    assert response.status_code == 404
    assert c.get(reverse("assessments:complete", args=[assessment.uuid])).status_code == 404
    assert c.get(reverse("assessments:send_back", args=[assessment.uuid])).status_code == 404
    assert not Assessment.objects.filter(cycle="2030-31").exists()


def test_manager_starts_an_assessment(client_for, manager, service, personas):
    response = client_for(manager).post(
        reverse("assessments:service_list", args=[service.uuid]), {"cycle": "2026-27"}
    )
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("assessments:detail", args=[assessment.uuid])
    again = client_for(manager).post(
        reverse("assessments:service_list", args=[service.uuid]), {"cycle": "2026-27"}
    )
    assert "This service already has an assessment for the cycle 2026-27." in again.content.decode()


def test_scoring_page_shows_definition_questions_every_level_and_progress(
    client_for, member, assessment
):
    from django.utils.html import escape

    body = client_for(member).get(_score_url(assessment)).content.decode()
    attribute = assessment.scores.get(attribute__key="efficiency").attribute
    assert escape(attribute.definition_en) in body
    for question in attribute.question_list("en"):
        assert escape(question) in body
    for descriptor in attribute.descriptors.all():
        assert escape(descriptor.text_en) in body
    assert "0 of 12 attributes scored" in body
    assert "How well is Margaret served?" in body and "How well is Ahmed served?" in body


def test_save_and_next_moves_to_the_next_attribute_and_counts_progress(
    client_for, member, assessment, personas
):
    c = client_for(member)
    data = _score_post(
        **{
            f"rating_{personas[0].pk}": "2",
            f"note_{personas[0].pk}": "Asked for the same papers twice",
        }
    )
    data["save_next"] = ""
    response = c.post(_score_url(assessment, "accessibility"), data)
    assert response["Location"] == _score_url(assessment, "efficiency")
    score = assessment.scores.get(attribute__key="accessibility")
    assert (score.current_level, score.target_level, score.confidence) == (2, 4, "high")
    assert score.persona_ratings.get().note == "Asked for the same papers twice"
    assert score.evidence_items == [{"url": "https://example.ca/survey", "note": "Survey 2025"}]
    assert "1 of 12 attributes scored" in c.get(response["Location"]).content.decode()


def test_the_score_form_says_what_to_fix(client_for, member, assessment):
    response = client_for(member).post(
        _score_url(assessment), _score_post(current_level="4", target_level="2")
    )
    assert "The target level cannot be below the current level." in response.content.decode()
    assert not AttributeScore.objects.filter(current_level__isnull=False).exists()


def test_a_concurrent_edit_is_refused_and_shows_the_other_persons_values(
    client_for, member, manager, assessment
):
    score = assessment.scores.get(attribute__key="efficiency")
    operations.score_save(
        score=score,
        user=manager,
        version=0,
        current_level=3,
        target_level=5,
        rationale="The manager's view",
    )
    response = client_for(member).post(
        _score_url(assessment), _score_post(version=0, rationale="My view")
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this attribute while you were editing" in body
    assert "The manager&#x27;s view" in body or "The manager's view" in body
    assert "My view" in body  # what this person typed is kept in the form
    score.refresh_from_db()
    assert (score.current_level, score.rationale) == (3, "The manager's view")
    # Saving again, having seen the other values, is a deliberate choice.
    again = client_for(member).post(
        _score_url(assessment), _score_post(version=1, rationale="My view")
    )
    assert again.status_code == 302
    score.refresh_from_db()
    assert score.rationale == "My view"


def test_completion_is_refused_with_the_missing_attributes(client_for, manager, assessment):
    c = client_for(manager)
    c.post(reverse("assessments:submit", args=[assessment.uuid]), {"anyway": "yes"})
    page = c.get(reverse("assessments:complete", args=[assessment.uuid])).content.decode()
    assert "The assessment cannot be completed yet" in page
    assert "Trust, privacy and security has no current or target level yet." in page
    response = c.post(reverse("assessments:complete", args=[assessment.uuid]))
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert assessment.status == "in_review"


def test_manager_sends_back_with_comments_the_team_sees(client_for, manager, member, assessment):
    c = client_for(manager)
    c.post(reverse("assessments:submit", args=[assessment.uuid]), {"anyway": "yes"})
    c.post(
        reverse("assessments:send_back", args=[assessment.uuid]),
        {"comments": "Add evidence for trust"},
    )
    page = (
        client_for(member)
        .get(reverse("assessments:detail", args=[assessment.uuid]))
        .content.decode()
    )
    assert "Sent back by the service manager" in page and "Add evidence for trust" in page


def test_a_completed_assessment_is_read_only_in_the_interface(
    client_for, manager, member, assessment
):
    complete(assessment, manager)
    c = client_for(member)
    page = c.get(_score_url(assessment)).content.decode()
    assert "Save and go to the next attribute" not in page
    response = c.post(
        _score_url(assessment),
        _score_post(version=1, current_level="1", target_level="1"),
        follow=True,
    )
    body = response.content.decode()
    # The back button or an old tab: a calm word on where the assessment stands, its results.
    assert response.redirect_chain[-1][0] == reverse("assessments:results", args=[assessment.uuid])
    assert "This assessment was completed on" in body and "so it can no longer be changed" in body
    assert "Something went wrong" not in body
    assert assessment.scores.get(attribute__key="efficiency").current_level == 2
    detail = (
        client_for(manager)
        .get(reverse("assessments:detail", args=[assessment.uuid]))
        .content.decode()
    )
    assert "Start the next cycle" in detail and "Send to review" not in detail


def test_the_completion_page_reached_again_after_completing_answers_calmly(
    client_for, manager, assessment
):
    """The confirmation opened again (the back button) or sent again from an old tab: the
    results with when and by whom it was completed, never an error or a second completion."""
    complete(assessment, manager)
    c = client_for(manager)
    url = reverse("assessments:complete", args=[assessment.uuid])
    results = reverse("assessments:results", args=[assessment.uuid])
    for response in (c.get(url, follow=True), c.post(url, follow=True)):
        body = response.content.decode()
        assert response.redirect_chain[-1][0] == results
        assert "This assessment was completed on" in body and "Something went wrong" not in body
    assessment.refresh_from_db()
    assert assessment.status == "completed"


def test_results_show_radar_gaps_and_the_persona_grid(
    client_for, executive, manager, assessment, personas
):
    score_everything(assessment, manager, current=2, target=3)
    trust = assessment.scores.get(attribute__key="trust")
    operations.score_save(
        score=trust, user=manager, version=trust.version, current_level=1, target_level=5,
        ratings={personas[0].pk: (1, "Afraid to share"), personas[1].pk: (4, "")},
    )  # fmt: skip
    response = client_for(executive).get(reverse("assessments:results", args=[assessment.uuid]))
    body = response.content.decode()
    assert '<svg class="radar-chart"' in body
    gaps = response.context["results"].gaps
    assert gaps[0].attribute.key == "trust" and gaps[0].gap == 4
    rows = response.context["results"].persona_rows
    assert [r.persona.name for r in rows] == ["Margaret", "Ahmed"]  # served worst first
    assert rows[0].average == 1
    # What a reader sees: the largest gap first, each persona's ratings, unrated cells said so
    gaps_table = body.split("Attributes sorted by the gap", 1)[1]
    assert table_cells(gaps_table)[0][1:] == ["1", "5", "4", "Medium"]  # levels, gap, confidence
    grid = table_cells(body.split('id="persona-grid-caption"', 1)[1])
    assert grid[0][0] == "Margaret" and grid[0][-1] == "1.0"
    assert grid[1][0] == "Ahmed" and grid[1][-1] == "4.0"
    assert body.count('<span aria-label="not rated">–</span>') == 2 * (len(grid[0]) - 3)
    french = (
        client_for(executive).get(f"/fr/assessments/{assessment.uuid}/results/").content.decode()
    )
    assert table_cells(french.split('id="persona-grid-caption"', 1)[1])[0][-1] == "1,0"


def test_history_shows_who_changed_which_score(client_for, executive, member, assessment):
    client_for(member).post(_score_url(assessment), _score_post())
    body = (
        client_for(executive)
        .get(reverse("assessments:history", args=[assessment.uuid]))
        .content.decode()
    )
    assert member.full_name in body and "Efficiency" in body
    assert "Current level</span>: — → 2" in body and "current_level" not in body


def test_history_shows_labels_and_values_in_the_readers_language(
    client_for, executive, member, assessment, personas
):
    from django.utils import translation

    score = assessment.scores.get(attribute__key="trust")
    margaret = personas[0].pk
    with translation.override("fr"):  # written by someone working in French
        operations.score_save(
            score=score, user=member, version=0, current_level=1, target_level=3,
            ratings={margaret: (2, "")},
        )  # fmt: skip
    operations.score_save(
        score=score, user=member, version=1, current_level=2, target_level=3, confidence="high",
        ratings={margaret: (4, "Online now")},
    )  # fmt: skip
    client = client_for(executive)
    english = client.get(reverse("assessments:history", args=[assessment.uuid])).content.decode()
    assert "Current level</span>: 1 → 2" in english
    assert "Confidence</span>: — → High" in english
    assert "Persona rating — Margaret</span>: Poorly served → Well served" in english
    assert "Persona note — Margaret</span>: — → Online now" in english
    for raw in ("current_level", "confidence<", f"persona:{margaret}", "→ high"):
        assert raw not in english
    with translation.override("fr"):
        url = reverse("assessments:history", args=[assessment.uuid])
    french = client.get(url).content.decode()
    assert "Niveau actuel</span> : 1 → 2" in french
    assert "Degré de confiance</span> : — → Élevé" in french
    assert "Évaluation du persona — Margaret</span> : Mal servi → Bien servi" in french
    assert "Current level" not in french and "current_level" not in french


PAGES = ["detail", "score", "results", "history"]


def _page_queries(client, assessment, page, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = (
        _score_url(assessment)
        if page == "score"
        else reverse(f"assessments:{page}", args=[assessment.uuid])
    )
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_each_page_has_a_fixed_number_of_queries_whatever_the_attributes_and_personas(
    client_for, manager, staff, service, personas, django_assert_max_num_queries
):
    c = client_for(manager)
    small = operations.assessment_start(service=service, cycle="small", user=manager)
    score_everything(small, manager)
    counts_small = {p: _page_queries(c, small, p, django_assert_max_num_queries) for p in PAGES}

    for i in range(4):
        PersonaFactory(service=service, name=f"Extra {i}")
    publish_catalogue_with_extra_attribute(staff)
    big = operations.assessment_start(service=service, cycle="big", user=manager)
    assert big.scores.count() == 13 and big.personas.count() == 6
    score_everything(big, manager)
    counts_big = {p: _page_queries(c, big, p, django_assert_max_num_queries) for p in PAGES}
    assert counts_small == counts_big
    # Each begins with the session, read with the person and their memberships.
    # detail: assessment, access, scores, personas, opportunity count.
    # score: assessment, access, scores, personas, levels, descriptors, the score's ratings,
    # its history, and what the public said (its summary; a few approved comments are read
    # only once enough people answered, tests/feedback pins that).
    # results: assessment, access, scores, personas, levels, every rating, and the public's
    # summary by attribute and by segment.
    # history: assessment, access, scores, its audit trail entries, and the names of the
    # personas they mention.
    assert counts_small == {"detail": 5, "score": 9, "results": 8, "history": 5}


def test_sending_an_unscored_assessment_to_review_warns_and_lists_what_is_missing(
    client_for, manager, assessment
):
    c = client_for(manager)
    url = reverse("assessments:submit", args=[assessment.uuid])
    page = c.post(url).content.decode()
    scored = sum(s.is_scored for s in assessment.scores.all())
    total = assessment.scores.count()
    assert f"{total - scored} of {total} attributes are not scored" in page
    assert "Trust, privacy and security" in page and "Send to review anyway" in page
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    c.post(url, {"anyway": "yes"})
    assessment.refresh_from_db()
    assert assessment.status == "in_review"


def test_saving_a_rationale_without_levels_says_what_is_still_missing(
    client_for, member, assessment
):
    response = client_for(member).post(
        reverse("assessments:score", args=[assessment.uuid, "accessibility"]),
        {"version": "0", "rationale": "Only words so far", "confidence": ""},
        follow=True,
    )
    body = response.content.decode()
    assert (
        "is saved, but it is not scored yet: choose the current level and the target level." in body
    )
    assert "Accessibility is saved." not in body


def test_the_score_table_shows_each_attribute_its_levels_and_last_change(
    client_for, manager, member, assessment
):
    score = assessment.scores.select_related("attribute").get(attribute__key="accessibility")
    operations.score_save(
        score=score, user=member, version=score.version, current_level=2, target_level=4,
        rationale="Seen", evidence="", confidence="high",
    )  # fmt: skip
    c = client_for(manager)
    html = c.get(reverse("assessments:detail", args=[assessment.uuid])).content.decode()
    rows = table_cells(html)
    assert len(rows) == assessment.scores.count()
    first = rows[0]
    assert first[:5] == ["Accessibility", "2", "4", "High", first[4]]
    assert first[4].startswith("Tom Member, ")
    assert rows[1][1:] == ["—", "—", "—", "—"] and rows[1][0].endswith("to score")
    url = reverse("assessments:score", args=[assessment.uuid, "accessibility"])
    assert f'<a href="{url}">Accessibility</a>' in html
    assert 'data-label="Current"' in html and 'data-label="Baseline"' not in html

    french = c.get(f"/fr/assessments/{assessment.uuid}/").content.decode()
    assert 'data-label="Actuel"' in french and "à coter" in french


def test_the_score_table_of_a_next_cycle_has_the_baseline_column(client_for, manager, assessment):
    complete(assessment, manager)
    following = operations.assessment_start(
        service=assessment.service, cycle="2027-28", user=manager
    )
    html = client_for(manager).get(reverse("assessments:detail", args=[following.uuid])).content
    rows = table_cells(html.decode())
    assert rows[0][1:4] == ["—", "—", "2"]  # current, target, the baseline's current level
    assert 'data-label="Baseline"' in html.decode()


def test_the_pages_of_a_next_cycle_read_the_assessment_once(client_for, manager, assessment):
    """The baseline is read with the assessment by the pages that name it, never afterwards
    one object at a time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    complete(assessment, manager)
    following = operations.assessment_start(
        service=assessment.service, cycle="2027-28", user=manager
    )
    c = client_for(manager)
    pages = {
        "assessments:detail": [following.uuid],
        "assessments:results": [following.uuid],
        "assessments:history": [following.uuid],
        "assessments:score": [following.uuid, "accessibility"],
        "improvements:list": [following.uuid],
        "improvements:create": [following.uuid],
        "improvements:matrix": [following.uuid],
        "improvements:roadmap": [following.uuid],
        "reports:assessment_reports": [following.uuid],
    }
    table = 'FROM "assessments_assessment"'
    for name, args in pages.items():
        url = reverse(name, args=args)
        c.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = c.get(url)
        assert response.status_code == 200, name
        reads = [q["sql"] for q in captured.captured_queries if table in q["sql"]]
        assert len(reads) == 1, (name, reads)
    detail = c.get(reverse("assessments:detail", args=[following.uuid])).content.decode()
    assert "Baseline: 2026-27" in detail
