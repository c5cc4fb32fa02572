"""Step 3: improvement opportunities — validation, tracking, views, exports, permissions."""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from improvements import operations as ops
from improvements.models import ImprovementOpportunity
from improvements.queries import fiscal_quarter
from tests.assessments.conftest import complete
from tests.factories import StageFactory


def _attribute(assessment, key):
    return assessment.catalogue_version.attributes.get(key=key)


def _make(assessment, user, **fields):
    defaults = {"title": "One shared application", "levers": ["policy"], "impact": 4, "effort": 3}
    defaults.update(fields)
    return ops.opportunity_create(assessment=assessment, user=user, **defaults)


def test_at_least_one_lever_is_required(assessment, member):
    with pytest.raises(ValidationError) as caught:
        _make(assessment, member, levers=[])
    assert caught.value.message_dict["levers"] == [
        "Choose at least one lever: skills, policy or technology."
    ]
    assert not ImprovementOpportunity.objects.exists()


def test_dropped_needs_a_reason(assessment, member):
    with pytest.raises(ValidationError) as caught:
        _make(assessment, member, status="dropped", dropped_reason=" ")
    assert caught.value.message_dict["dropped_reason"] == ["Say why the opportunity is dropped."]
    opportunity = _make(
        assessment, member, status="dropped", dropped_reason="Covered by the federal program"
    )
    assert opportunity.dropped_reason == "Covered by the federal program"


def test_owners_and_links_must_belong_to_the_service(
    assessment, member, outsider, other_org, personas, partner_org
):
    foreign_stage = StageFactory()
    with pytest.raises(ValidationError) as caught:
        _make(
            assessment,
            member,
            owner_organization=other_org,
            owner_user=outsider,
            stages=[foreign_stage],
            target_level=9,
        )
    assert set(caught.value.message_dict) == {
        "owner_organization",
        "owner_user",
        "stages",
        "target_level",
    }
    opportunity = _make(
        assessment, member, owner_organization=partner_org, owner_user=member,
        attributes=[_attribute(assessment, "trust")], personas=[personas[0]], target_level=4,
    )  # fmt: skip
    assert opportunity.owner_organization == partner_org
    assert list(opportunity.attributes.values_list("key", flat=True)) == ["trust"]


def test_opportunities_stay_trackable_after_the_assessment_is_completed(
    assessment, manager, member
):
    opportunity = _make(assessment, member)
    complete(assessment, manager)
    ops.opportunity_update(
        opportunity=opportunity, user=member, title=opportunity.title, levers=["policy", "technology"], impact=4, effort=3,
        status="done", target_date=date(2027, 2, 1), owner_user=manager,
    )  # fmt: skip
    opportunity.refresh_from_db()
    assert opportunity.status == "done" and opportunity.lever_codes == ["policy", "technology"]


def test_the_next_cycle_shows_which_earlier_opportunities_are_done(
    client_for, assessment, manager, member, service
):
    from assessments import operations

    _make(assessment, member, title="Paper forms at reception centres", status="done")
    _make(assessment, member, title="Call-back service", status="in_progress")
    complete(assessment, manager)
    following = operations.assessment_start(service=service, cycle="2027-28", user=manager)
    body = (
        client_for(member)
        .get(reverse("assessments:detail", args=[following.uuid]))
        .content.decode()
    )
    assert "Improvements planned in 2026-27" in body
    assert "Paper forms at reception centres" in body and "Done" in body and "In progress" in body


def test_fiscal_quarters_run_april_to_march():
    assert fiscal_quarter(date(2026, 4, 1)) == (2026, 1)
    assert fiscal_quarter(date(2026, 12, 31)) == (2026, 3)
    assert fiscal_quarter(date(2027, 3, 31)) == (2026, 4)


@pytest.fixture
def three(assessment, member, manager, partner_org):
    return [
        _make(assessment, member, title="Train reception staff", levers=["skills"], impact=3, effort=2, target_date=date(2026, 5, 15), attributes=[_attribute(assessment, "staff")]),
        _make(assessment, member, title="Tell us once", levers=["policy", "technology"], impact=5, effort=4, target_date=date(2026, 11, 1), owner_organization=partner_org, status="planned", attributes=[_attribute(assessment, "efficiency")]),
        _make(assessment, member, title="SMS status updates", levers=["technology"], impact=4, effort=2, status="done"),
    ]  # fmt: skip


def _titles(response):
    return [o.title for o in response.context["opportunities"]]


def test_the_list_filters_by_lever_status_attribute_and_owner(
    client_for, executive, assessment, three, partner_org
):
    c = client_for(executive)
    url = reverse("improvements:list", args=[assessment.uuid])
    assert _titles(c.get(url)) == ["Tell us once", "SMS status updates", "Train reception staff"]
    assert _titles(c.get(url, {"lever": "technology"})) == ["Tell us once", "SMS status updates"]
    assert _titles(c.get(url, {"status": "done"})) == ["SMS status updates"]
    assert _titles(c.get(url, {"attribute": "staff"})) == ["Train reception staff"]
    assert _titles(c.get(url, {"owner": partner_org.slug})) == ["Tell us once"]
    mix = {m["code"]: m["count"] for m in c.get(url).context["mix"]}
    assert mix == {"skills": 1, "policy": 1, "technology": 2}


def test_suggestions_propose_gaps_without_an_opportunity(
    client_for, member, manager, assessment, three
):
    from assessments import operations

    for key in ("staff", "trust"):
        score = assessment.scores.get(attribute__key=key)
        operations.score_save(
            score=score, user=manager, version=score.version, current_level=1, target_level=4
        )
    response = client_for(member).get(reverse("improvements:list", args=[assessment.uuid]))
    assert [s.attribute.key for s in response.context["suggestions"]] == [
        "trust"
    ]  # staff is covered
    link = reverse("improvements:create", args=[assessment.uuid]) + "?attribute=trust&amp;target=4"
    assert link in response.content.decode()
    form = client_for(member).get(link.replace("&amp;", "&")).context["form"]
    assert form.initial["attributes"] == ["trust"] and form.initial["target_level"] == 4


def test_the_form_requires_a_lever_and_a_reason_to_drop(client_for, member, assessment):
    response = client_for(member).post(
        reverse("improvements:create", args=[assessment.uuid]),
        {"title": "X", "impact": "3", "effort": "3", "status": "dropped"},
    )
    body = response.content.decode()
    assert 'error-message="This field is required."' in body  # levers
    assert "Say why the opportunity is dropped." in body
    assert not ImprovementOpportunity.objects.exists()


def test_matrix_and_roadmap_show_every_opportunity(client_for, executive, assessment, three):
    c = client_for(executive)
    matrix = c.get(reverse("improvements:matrix", args=[assessment.uuid])).content.decode()
    assert '<svg class="matrix-chart"' in matrix
    assert "1. Tell us once: impact 5, effort 4" in matrix
    roadmap = c.get(reverse("improvements:roadmap", args=[assessment.uuid]))
    quarters = {q["label"]: [o.title for o in q["items"]] for q in roadmap.context["quarters"]}
    assert quarters == {"2026-27 Q1": ["Train reception staff"], "2026-27 Q3": ["Tell us once"]}
    assert [o.title for o in roadmap.context["undated"]] == ["SMS status updates"]


def test_csv_export_opens_and_holds_the_filtered_rows(client_for, executive, assessment, three):
    response = client_for(executive).get(
        reverse("improvements:export", args=[assessment.uuid, "csv"]),
        {"lever": "technology"},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Title", "Description", "Levers"]
    assert [r[0] for r in rows[1:]] == ["Tell us once", "SMS status updates"]
    assert rows[1][2] == "Policy, Technology" and rows[1][14] == "2026-11-01"


def test_xlsx_export_opens_and_holds_every_row(client_for, executive, assessment, three):
    response = client_for(executive).get(
        reverse("improvements:export", args=[assessment.uuid, "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Title"
    assert [row[0] for row in values[1:]] == [
        "Tell us once",
        "SMS status updates",
        "Train reception staff",
    ]
    assert values[1][9] == "Partner City"


def test_exports_neutralise_spreadsheet_formulas(client_for, member, assessment):
    _make(assessment, member, title='=HYPERLINK("http://evil")')
    response = client_for(member).get(reverse("improvements:export", args=[assessment.uuid, "csv"]))
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("who", ["executive", "outsider"])
def test_only_the_team_adds_edits_and_deletes(request, client_for, assessment, three, who):
    c = client_for(request.getfixturevalue(who))
    target = three[0]
    assert (
        c.post(
            reverse("improvements:create", args=[assessment.uuid]),
            {"title": "X", "levers": "skills", "impact": "3", "effort": "3", "status": "proposed"},
        ).status_code
        == 404
    )
    assert (
        c.post(
            reverse("improvements:edit", args=[target.uuid]),
            {"title": "Hacked", "levers": "skills", "impact": "1", "effort": "1", "status": "done"},
        ).status_code
        == 404
    )
    assert c.post(reverse("improvements:delete", args=[target.uuid])).status_code == 404
    assert ImprovementOpportunity.objects.count() == 3
    target.refresh_from_db()
    assert target.title == "Train reception staff"


def test_another_organization_sees_nothing(client_for, outsider, assessment, three):
    c = client_for(outsider)
    for name in ("list", "matrix", "roadmap"):
        assert c.get(reverse(f"improvements:{name}", args=[assessment.uuid])).status_code == 404
    assert c.get(reverse("improvements:export", args=[assessment.uuid, "csv"])).status_code == 404


def test_partner_members_edit_and_the_status_moves_to_done(
    client_for, partner_member, assessment, three
):
    target = three[1]
    response = client_for(partner_member).post(
        reverse("improvements:edit", args=[target.uuid]),
        {
            "title": "Tell us once",
            "levers": "policy,technology",
            "impact": "5",
            "effort": "4",
            "status": "done",
            "target_date": "2026-11-01",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == "done" and target.lever_codes == ["policy", "technology"]


def test_deleting_asks_for_confirmation(client_for, member, assessment, three):
    c = client_for(member)
    url = reverse("improvements:delete", args=[three[0].uuid])
    assert "Delete the opportunity" in c.get(url).content.decode()
    assert ImprovementOpportunity.objects.count() == 3
    c.post(url)
    assert ImprovementOpportunity.objects.count() == 2


def test_list_page_query_count_does_not_grow(
    client_for, member, assessment, three, django_assert_num_queries
):
    c = client_for(member)
    url = reverse("improvements:list", args=[assessment.uuid])
    c.get(url)
    # the session with the person, assessment with the person's access, attributes and
    # organizations for the
    # filter (partners),
    # opportunities with owners, their levers, attributes, personas, stages,
    # the suggestion scores
    with django_assert_num_queries(10):
        c.get(url)
    for i in range(5):
        _make(assessment, member, title=f"More {i}", attributes=[_attribute(assessment, "trust")])
    with django_assert_num_queries(10):
        c.get(url)


def test_the_new_opportunity_form_reads_the_service_organizations_once(
    client_for, member, assessment, django_assert_num_queries
):
    c = client_for(member)
    url = reverse("improvements:create", args=[assessment.uuid])
    c.get(url)
    # the session with the person, assessment with the person's access, personas,
    # attributes, levels, stages, then the service's organizations and the people who may
    # own it
    with django_assert_num_queries(8):
        response = c.get(url)
    assert response.status_code == 200
