"""What the public said, beside the team's view: on the results page, in the persona grid,
in the PDF report and on the heat map; never below the threshold, and read from a summary
kept up to date with every answer."""

import pytest
from django.urls import reverse

from feedback import operations as feedback_operations
from feedback.models import PublicSummary
from tests.assessments.conftest import complete

from .conftest import answer_as_someone


@pytest.fixture
def rated(client, campaign, questions):
    """Ten people rate the first question 1 (the seniors) or 2, the second 5; one says the
    third does not apply."""
    first, second, third = questions[:3]
    for n in range(10):
        answer_as_someone(
            client,
            campaign,
            {first: 1 if n < 5 else 2, second: 5},
            segment="seniors" if n < 5 else "",
        )
    answer_as_someone(client, campaign, {third: "na"})
    return first, second, third


def test_the_summary_counts_every_answer_as_the_answers_themselves_do(rated, service):
    kept = {
        (r.attribute_key, r.segment): (r.rating_1, r.rating_2, r.rating_5, r.not_applicable)
        for r in PublicSummary.objects.filter(service=service)
    }
    assert kept[(rated[0].key, "seniors")] == (5, 0, 0, 0)
    assert kept[(rated[0].key, "")] == (0, 5, 0, 0)
    assert kept[(rated[2].key, "")] == (0, 0, 0, 1)
    feedback_operations.public_summary_rebuild(service=service)
    rebuilt = {
        (r.attribute_key, r.segment): (r.rating_1, r.rating_2, r.rating_5, r.not_applicable)
        for r in PublicSummary.objects.filter(service=service)
    }
    assert rebuilt == kept


def test_the_results_page_puts_the_public_beside_the_team_and_flags_disagreement(
    client_for, manager, member, rated, assessment, settings
):
    settings.FEEDBACK_MIN_RESPONSES = 10
    first, second, third = rated
    complete(assessment, manager)  # every current level 2, every target 4
    page = client_for(member).get(reverse("assessments:results", args=[assessment.uuid]))
    body = page.content.decode()
    assert "The public (out of 5)" in body and "1 at level 1 and 5 at level 5" in body
    # The second question: 5 out of 5, level 5 on the levels, three above the team's 2.
    table = body.split("Where the team and the public disagree most")[1].split("</table>")[0]
    assert second.name_en in table and "The public rates it higher than the team does" in table
    # The first: 1.5 out of 5 is level 1.5, half a level from the team's: no disagreement.
    assert first.name_en not in table
    # The third: only "does not apply", so no rating.
    assert third.name_en not in table
    chart = body.split('<div class="chart">')[1].split("</div>")[0]
    assert "The public" in chart  # the radar chart's fourth series, and its legend


def test_nothing_of_the_public_shows_below_the_threshold(
    client_for, manager, member, rated, assessment, settings
):
    settings.FEEDBACK_MIN_RESPONSES = 11
    complete(assessment, manager)
    c = client_for(member)
    body = c.get(reverse("assessments:results", args=[assessment.uuid])).content.decode()
    assert "The public (out of 5)" not in body and "disagree most" not in body
    assert "No attribute has been rated by at least 11 people of the public yet." in body
    heat = c.get(reverse("reports:heatmap") + "?switch=public").content.decode()
    assert "1.5" not in heat and "5.0" not in heat


def test_the_persona_grid_gains_what_people_of_its_segment_said(
    client_for, manager, member, rated, assessment, settings
):
    settings.FEEDBACK_MIN_RESPONSES = 5
    complete(assessment, manager)
    body = client_for(member).get(reverse("assessments:results", args=[assessment.uuid]))
    body = body.content.decode()
    grid = body.split('class="data-table persona-grid"')[1].split("</table>")[0]
    # Margaret is a senior: the five seniors rated the first question 1. Ahmed's segment
    # (newcomers) has no answers, so no row.
    assert "The public who said they are: Seniors" in grid
    row = grid.split("The public who said they are: Seniors")[1].split("</tr>")[0]
    assert '<td class="num public-cell">1.0</td>' in row
    assert "The public who said they are: Newcomers" not in grid


def test_the_report_has_what_the_public_told_us(
    client_for, manager, executive, rated, assessment, settings, django_capture_on_commit_callbacks
):
    from reports.models import ReportJob
    from tests.reports.test_reports import _pdf_text

    settings.FEEDBACK_MIN_RESPONSES = 10
    complete(assessment, manager)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(executive).post(
            reverse("reports:assessment_reports", args=[assessment.uuid]), {"language": "en"}
        )
    text = " ".join(_pdf_text(ReportJob.objects.get()).split())
    assert "6. What the public told us" in text and "Counter survey" in text
    assert rated[1].name_en + " (disagree)" in text


def test_the_heat_map_shows_the_public_rating_and_the_organizations_view_averages_it(
    client_for, manager, executive, staff, rated, assessment, service, settings
):
    settings.FEEDBACK_MIN_RESPONSES = 10
    complete(assessment, manager)
    c = client_for(executive)
    body = c.get(reverse("reports:heatmap") + "?switch=public").content.decode()
    assert "the public&#x27;s rating out of 5" in body or "the public's rating out of 5" in body
    row = body.split("Disaster Financial Assistance")[1].split("</tr>")[0]
    assert ">1.5</a>" in row and ">5.0</a>" in row
    assert '<td class="num">3.2</td>' in row  # the average of what the public rated
    body = client_for(staff).get(reverse("reports:heatmap_organizations") + "?switch=public")
    row = body.content.decode().split("Wildfire Relief Agency")[1].split("</tr>")[0]
    assert ">1.5</a>" in row and ">5.0</a>" in row
