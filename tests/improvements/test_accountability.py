"""Accountability on shared services: who answers for which journey stages and opportunities
(on the service page and in the report), and each organization's own commitments."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from improvements import operations as ops
from improvements.models import ImprovementOpportunity
from tests.factories import MembershipFactory, ServiceFactory, StageFactory

TODAY = timezone.localdate()


def _opportunity(assessment, user, title, organization, status="planned", days=None):
    return ops.opportunity_create(
        assessment=assessment, user=user, title=title, levers=["policy"], impact=3, effort=3,
        owner_organization=organization, status=status,
        target_date=TODAY + timedelta(days=days) if days is not None else None,
    )  # fmt: skip


@pytest.fixture
def shared(assessment, personas, manager, org, partner_org):
    StageFactory(persona=personas[0], name="Apply", organization=org)
    StageFactory(persona=personas[0], name="Inspect", organization=partner_org)
    StageFactory(persona=personas[1], name="Wait", organization=None)
    return {
        "late": _opportunity(assessment, manager, "Shared inspection visits", partner_org, days=-3),
        "soon": _opportunity(assessment, manager, "One claim form", partner_org, days=20),
        "done": _opportunity(assessment, manager, "Call-back line", partner_org, status="done"),
        "ours": _opportunity(assessment, manager, "Plain-language letters", org, days=-1),
        "nobody": _opportunity(assessment, manager, "Nobody's yet", None),
    }


def test_the_service_page_shows_who_answers_for_what(client_for, member, service, shared):
    body = client_for(member).get(reverse("services:detail", args=[service.uuid])).content.decode()
    table = body.split('class="data-table stack responsibility-matrix"')[1].split("</table>")[0]
    partner_row = table.split("Partner City")[1].split("</tr>")[0]
    assert "Margaret: Inspect" in partner_row and "Shared inspection visits" in partner_row
    assert "Margaret: Apply" not in partner_row
    cells = [c.split(">")[-1] for c in partner_row.split("</td>")[-3:-1]]
    assert cells == ["2", "1"]  # open (the late one and the next), overdue
    assert "1 journey stage names no organization." in body
    assert "1 opportunity names no accountable organization." in body


def test_a_service_without_partners_has_no_matrix(client_for, manager, org):
    alone = ServiceFactory(owner=org, name_en="Solo service")
    body = client_for(manager).get(reverse("services:detail", args=[alone.uuid])).content.decode()
    assert "Who answers for what" not in body


def test_an_organizations_commitments_list_what_it_is_accountable_for_overdue_first(
    client_for, partner_member, partner_org, shared, manager, org
):
    # An opportunity of the partner on a service it does not share is not a commitment here.
    other = ServiceFactory(owner=partner_org, name_en="The city's own service")
    from assessments import operations as assessment_operations

    own = assessment_operations.assessment_start(service=other, cycle="2026-27", user=manager)
    _opportunity(own, manager, "Not shared", partner_org, days=-10)
    page = client_for(partner_member).get(
        reverse("improvements:commitments", args=[partner_org.slug])
    )
    body = page.content.decode()
    titles = ["Shared inspection visits", "One claim form", "Call-back line"]
    positions = [body.index(t) for t in titles]
    assert positions == sorted(positions)  # overdue, then open by date, then done
    assert "3 commitments" in body and "1 overdue" in body
    assert "Plain-language letters" not in body and "Not shared" not in body


def test_commitments_are_for_the_organizations_own_people(
    client_for, partner_org, org, outsider, member
):
    url = reverse("improvements:commitments", args=[partner_org.slug])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(member).get(url).status_code == 404  # another organization's people
    assert (
        client_for(member).get(reverse("improvements:commitments", args=[org.slug])).status_code
        == 200
    )


def test_the_report_has_who_answers_for_what(assessment, shared):
    from reports.content import assessment_report

    html = render_to_string("reports/pdf/assessment.html", assessment_report(assessment))
    section = html.split('id="responsibilities"')[1]
    assert "7. Who answers for what" in section and "Shared inspection visits" in section


def test_the_executive_of_the_partner_reads_its_commitments(client_for, partner_org, shared):
    executive = MembershipFactory(organization=partner_org, role="executive").user
    page = client_for(executive).get(reverse("improvements:commitments", args=[partner_org.slug]))
    assert page.status_code == 200 and "Shared inspection visits" in page.content.decode()


def test_contributing_organizations_are_checked_and_see_their_part(
    client_for, assessment, manager, org, partner_org, partner_member, other_org
):
    from django.core.exceptions import ValidationError

    made = ops.opportunity_create(
        assessment=assessment, user=manager, title="Joint inspections", levers=["policy"],
        impact=3, effort=3, owner_organization=org, contributors=[partner_org],
        target_date=TODAY + timedelta(days=30),
    )  # fmt: skip
    assert list(made.contributors.all()) == [partner_org]
    body = client_for(partner_member).get(
        reverse("improvements:commitments", args=[partner_org.slug])
    )
    assert "Joint inspections" in body.content.decode()
    assert f"Contributing (accountable: {org.name_en})" in body.content.decode()
    problems = {
        "contributors": [
            {"owner_organization": org, "contributors": [org]},
            {"owner_organization": org, "contributors": [other_org]},
        ],
        "owner_organization": [{"owner_organization": None, "contributors": [partner_org]}],
    }
    for field, cases in problems.items():
        for case in cases:
            with pytest.raises(ValidationError) as caught:
                ops.opportunity_update(opportunity=made, user=manager, **case)
            assert field in caught.value.message_dict
    # An update that does not name contributors keeps them.
    ops.opportunity_update(
        opportunity=made, user=manager, title="Joint visits", owner_organization=org
    )
    assert list(made.contributors.all()) == [partner_org]


def test_the_form_and_the_api_take_contributors(client_for, assessment, manager, org, partner_org):
    c = client_for(manager)
    page = c.get(reverse("improvements:create", args=[assessment.uuid])).content.decode()
    assert 'name="contributors"' in page and partner_org.name_en in page
    c.post(
        reverse("improvements:create", args=[assessment.uuid]),
        {"title": "Shared portal", "levers": "technology", "impact": "3", "effort": "3",
         "status": "planned", "owner_organization": org.slug, "contributors": [partner_org.slug]},
    )  # fmt: skip
    created = ImprovementOpportunity.objects.get(title="Shared portal")
    assert list(created.contributors.all()) == [partner_org]
    url = reverse("api:opportunity-detail", args=[created.uuid])
    assert c.get(url).json()["contributors"] == [partner_org.slug]
    c.patch(url, {"title": "Shared portal, phase 1"}, content_type="application/json")
    assert c.get(url).json()["contributors"] == [partner_org.slug]
    c.patch(url, {"contributors": []}, content_type="application/json")
    assert c.get(url).json()["contributors"] == []


def test_the_api_refuses_a_contributor_it_cannot_read(client_for, assessment, manager):
    response = client_for(manager).post(
        reverse("api:opportunity-list"),
        {"assessment": str(assessment.uuid), "title": "X", "levers": ["policy"], "impact": 3,
         "effort": 3, "contributors": ["no\x00such", "unknown-slug"]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"contributors"}


def test_commitments_are_exported_and_in_the_api(client_for, partner_member, partner_org, shared):
    import csv
    import io

    c = client_for(partner_member)
    body = c.get(reverse("improvements:commitments_export", args=[partner_org.slug, "csv"]))
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Opportunity", "Service", "Our part"]
    assert [r[0] for r in rows[1:]] == [
        "Shared inspection visits",
        "One claim form",
        "Call-back line",
    ]
    assert rows[1][-1] == "Yes" and rows[2][-1] == ""
    xlsx = c.get(reverse("improvements:commitments_export", args=[partner_org.slug, "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    found = c.get(reverse("api:organization-commitments", args=[partner_org.slug])).json()
    assert [f["title"] for f in found] == [r[0] for r in rows[1:]]
    assert found[0]["part"] == "accountable" and found[0]["overdue"] is True


def test_another_organization_gets_no_commitments_through_the_api(
    client_for, outsider, partner_org
):
    url = reverse("api:organization-commitments", args=[partner_org.slug])
    assert client_for(outsider).get(url).status_code == 404


def test_a_contributor_that_left_the_service_does_not_block_editing(
    client_for, assessment, manager, org, partner_org, service
):
    made = ops.opportunity_create(
        assessment=assessment, user=manager, title="Joint inspections", levers=["policy"],
        impact=3, effort=3, owner_organization=org, contributors=[partner_org],
    )  # fmt: skip
    service.partners.clear()
    ops.opportunity_update(
        opportunity=made, user=manager, title="Inspections", owner_organization=org
    )
    assert made.title == "Inspections" and list(made.contributors.all()) == []


def test_public_and_export_addresses_that_no_row_can_hold_are_not_found(client_for, client, member):
    assert client.get("/en/you-said-we-did/a%00b/").status_code == 404
    assert client.get("/en/have-your-say/a%00b/").status_code == 404
    bad = "/en/feedback/------------------------------------/comments.csv"
    assert client_for(member).get(bad).status_code == 404
