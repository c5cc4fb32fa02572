"""The portfolio heat map: switches, filters, sorting, scope, unassessed services, scale."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assessments import operations
from assessments.models import OrganizationSummary, ServiceLatest
from reports.models import ReportJob
from services.models import ServiceStandard, StandardPerformance
from tests.factories import ServiceFactory

# These tests read the rows the page was rendered from.


def _complete(service, manager, cycle, current, target=4, levels=None):
    assessment = operations.assessment_start(service=service, cycle=cycle, user=manager)
    for score in assessment.scores.select_related("attribute"):
        level = (levels or {}).get(score.attribute.key, current)
        operations.score_save(
            score=score,
            user=manager,
            version=0,
            current_level=level,
            target_level=max(target, level),
        )
    operations.assessment_submit(assessment=assessment, user=manager)
    operations.assessment_complete(assessment=assessment, user=manager)
    return assessment


@pytest.fixture
def portfolio(org, other_org, manager, outsider):
    """Two services of org (one assessed twice, one never), one of other_org, one shared."""
    grants = ServiceFactory(
        owner=org, name_en="Flood Grants", program_name_en="Relief", client_segments=["PERSON"]
    )
    line = ServiceFactory(
        owner=org, name_en="Seniors Line", program_name_en="Relief", client_segments=["ECONOM"]
    )
    foreign = ServiceFactory(owner=other_org, name_en="Foreign Permits")
    shared = ServiceFactory(owner=other_org, name_en="Shared Evacuation", partners=[org])
    _complete(grants, manager, "2025-26", 1)
    _complete(grants, manager, "2026-27", 2, levels={"trust": 4})
    _complete(foreign, outsider, "2026-27", 3)
    _complete(shared, outsider, "2026-27", 5, target=5)
    standard = ServiceStandard.objects.create(service=grants, standard_id="S1", type="TML")
    StandardPerformance.objects.create(
        standard=standard, fiscal_year="2023-2024", performance=Decimal("0.5"), target_met=False
    )
    StandardPerformance.objects.create(
        standard=standard, fiscal_year="2024-2025", performance=Decimal("0.9"), target_met=True
    )
    other = ServiceStandard.objects.create(service=grants, standard_id="S2", type="ACS")
    StandardPerformance.objects.create(standard=other, fiscal_year="2024-2025", target_met=False)
    return {"grants": grants, "line": line, "foreign": foreign, "shared": shared}


def _rows(response):
    return {str(row["name"]): row for row in response.context["rows"]}


def _texts(row):
    return [cell["text"] for cell in row["cells"]]


def test_an_executive_sees_their_services_shared_ones_and_the_unassessed_never_others(
    client_for, executive, portfolio
):
    response = client_for(executive).get(reverse("reports:heatmap"))
    rows = _rows(response)
    assert set(rows) == {"Flood Grants", "Seniors Line", "Shared Evacuation"}
    assert rows["Seniors Line"]["cycle"] is None
    assert "Not assessed yet" in response.content.decode()
    assert "Foreign Permits" not in response.content.decode()


def test_staff_see_everything(client_for, staff, portfolio):
    assert len(_rows(client_for(staff).get(reverse("reports:heatmap")))) == 4


def test_the_switches_show_current_target_gap_and_change(client_for, executive, portfolio):
    c = client_for(executive)
    url = reverse("reports:heatmap")
    grants = lambda switch: _texts(_rows(c.get(url, {"switch": switch}))["Flood Grants"])  # noqa: E731
    current, target, gap, change = (
        grants("current"),
        grants("target"),
        grants("gap"),
        grants("change"),
    )
    trust = 10  # the eleventh attribute of the default catalogue
    assert current[0] == "2" and current[trust] == "4"
    assert target[0] == "4" and target[trust] == "4"
    assert gap[0] == "2" and gap[trust] == "0"
    assert change[0] == "↑ +1" and change[trust] == "↑ +3"
    shared_change = _texts(_rows(c.get(url, {"switch": "change"}))["Shared Evacuation"])
    assert set(shared_change) == {"–"}  # no earlier cycle


def test_cells_carry_their_number_and_link_to_the_assessment(client_for, executive, portfolio):
    body = client_for(executive).get(reverse("reports:heatmap")).content.decode()
    latest = ServiceLatest.objects.get(service=portfolio["grants"]).latest
    assert (
        f'<td class="cell level-2"><a href="{reverse("assessments:results", args=[latest.uuid])}">2</a></td>'
        in body
    )


def test_column_headings_are_the_attribute_names_and_the_colours_have_a_key(
    client_for, executive, portfolio
):
    """Each attribute's heading is its name, a link that sorts by it, marked when sorted;
    no numbered legend under the table; a key names what the colours mean, per switch."""
    from catalogue.models import Attribute

    c = client_for(executive)
    body = c.get(reverse("reports:heatmap"), {"sort": "attr:accessibility"}).content.decode()
    heads = re.findall(
        r'<th scope="col" class="attr-col"([^>]*)><a class="attr-name" href="[^"]+">([^<]+)</a></th>',
        body,
    )
    names = list(
        Attribute.objects.filter(version__status="published")
        .order_by("order")
        .values_list("name_en", flat=True)
    )
    assert [name for _sorted, name in heads] == names and len(names) == 12
    assert heads[0][0] == ' aria-sort="ascending"' and heads[1][0] == ""
    assert "attribute-key" not in body
    assert "from 1 (red, least mature) through 3 (white) to 5 (blue, most mature)" in body
    gap = c.get(reverse("reports:heatmap"), {"switch": "gap"}).content.decode()
    assert "the gap, from none (blue) to four levels or more (red)" in gap
    french = c.get(reverse("reports:heatmap").replace("/en/", "/fr/")).content.decode()
    assert "de 1 (rouge, le moins mature) à 5 (bleu, le plus mature)" in french
    organizations = c.get(reverse("reports:heatmap_organizations")).content.decode()
    assert organizations.count('<th scope="col" class="attr-col"><span class="attr-name">') == 12


def test_filters(client_for, staff, portfolio, org, other_org):
    c = client_for(staff)
    url = reverse("reports:heatmap")
    assert set(_rows(c.get(url, {"organization": other_org.slug}))) == {
        "Foreign Permits",
        "Shared Evacuation",
    }
    assert set(_rows(c.get(url, {"segment": "ECONOM"}))) == {"Seniors Line"}
    assert set(_rows(c.get(url, {"cycle": "2025-26"}))) == set()  # the latest cycle is what counts
    assert set(_rows(c.get(url, {"cycle": "2026-27"}))) == {
        "Flood Grants",
        "Foreign Permits",
        "Shared Evacuation",
    }
    assert set(_rows(c.get(url, {"version": "1"}))) == {
        "Flood Grants",
        "Foreign Permits",
        "Shared Evacuation",
    }
    other_org.order_of_government = "municipal"
    other_org.province = "ON"
    other_org.save()
    assert set(_rows(c.get(url, {"order": "municipal"}))) == {
        "Foreign Permits",
        "Shared Evacuation",
    }


def test_sorting_by_average_gap_and_a_column(client_for, staff, portfolio):
    c = client_for(staff)
    url = reverse("reports:heatmap")

    def order(**params):
        return [str(row["name"]) for row in c.get(url, params).context["rows"]]

    assert order(sort="overall", dir="desc") == [
        "Shared Evacuation",
        "Foreign Permits",
        "Flood Grants",
        "Seniors Line",
    ]
    assert order(sort="overall") == [
        "Flood Grants",
        "Foreign Permits",
        "Shared Evacuation",
        "Seniors Line",
    ]
    assert order(sort="gap", dir="desc")[0] == "Flood Grants"
    assert order(sort="attr:trust", dir="desc")[:2] == ["Shared Evacuation", "Flood Grants"]


def test_the_standards_layer_reads_the_latest_fiscal_year(client_for, executive, portfolio):
    rows = _rows(client_for(executive).get(reverse("reports:heatmap")))
    assert rows["Flood Grants"]["standards"] == {
        "year": "2024-2025",
        "met": 50,
        "judged": 2,
        "timeliness": 90,
    }
    assert rows["Seniors Line"]["standards"] is None


def test_the_page_has_a_fixed_number_of_queries_whatever_the_number_of_services(
    client_for, staff, portfolio, org, manager
):
    c = client_for(staff)
    url = reverse("reports:heatmap")
    c.get(url)

    def count():
        # Once the reference data a completion renews (the list of cycles) is read again.
        c.get(url, {"switch": "change"})
        with CaptureQueriesContext(connection) as queries:
            assert c.get(url, {"switch": "change"}).status_code == 200
        return len(queries.captured_queries)

    before = count()
    for i in range(6):
        _complete(ServiceFactory(owner=org, name_en=f"More {i}"), manager, "2026-27", 1 + i % 5)
    assert count() == before


def test_a_new_cycle_shows_in_the_staffs_filter_on_the_next_request(
    client_for, staff, portfolio, org, manager
):
    c = client_for(staff)
    url = reverse("reports:heatmap")
    assert 'value="2026-27"' in c.get(url).content.decode()
    assert 'value="2027-28"' not in c.get(url).content.decode()  # the list of cycles is kept
    _complete(ServiceFactory(owner=org, name_en="Newly assessed"), manager, "2027-28", 3)
    assert 'value="2027-28"' in c.get(url).content.decode()


def test_the_organization_view_averages_services_and_drills_down(
    client_for, staff, portfolio, org, other_org
):
    response = client_for(staff).get(reverse("reports:heatmap_organizations"))
    rows = {str(row["name"]): row for row in response.context["rows"]}
    assert rows[other_org.name_en]["services"] == 2
    assert rows[other_org.name_en]["cells"][0]["text"] == "4.0"  # (3 + 5) / 2
    assert rows[org.name_en]["cells"][0]["text"] == "2.0"
    assert f"?organization={org.slug}&amp;switch=current" in response.content.decode()


def test_summaries_follow_completions_and_can_be_rebuilt(portfolio, org):
    OrganizationSummary.objects.all().delete()
    ServiceLatest.objects.all().delete()
    call_command("rebuild_heatmap", verbosity=0)
    summary = OrganizationSummary.objects.get(organization=org, attribute_key="trust")
    assert (summary.services, summary.sum_current, summary.sum_target) == (1, 4, 4)
    assert ServiceLatest.objects.get(service=portfolio["grants"]).previous.cycle == "2025-26"


def test_exports_hold_the_rows_the_person_may_see(client_for, executive, portfolio):
    c = client_for(executive)
    text = c.get(reverse("reports:heatmap_export", args=["csv"])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert {r[2] for r in rows[1:]} == {"Flood Grants", "Seniors Line", "Shared Evacuation"}
    grants = next(r for r in rows if r[2] == "Flood Grants")
    assert grants[3] == "2026-27" and grants[4] == "2"
    sheet = load_workbook(
        io.BytesIO(c.get(reverse("reports:heatmap_export", args=["xlsx"])).content)
    ).active
    assert len(list(sheet.values)) == 4


def test_the_pdf_goes_through_the_report_pipeline_and_belongs_to_its_requester(
    client_for, executive, manager, portfolio, django_capture_on_commit_callbacks
):
    c = client_for(executive)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("reports:heatmap_pdf"), {"switch": "gap"})
    job = ReportJob.objects.get(kind="heatmap")
    assert response["Location"] == reverse("reports:status", args=[job.uuid])
    assert job.status == "done" and job.params == {"switch": "gap"}
    assert c.get(reverse("reports:download", args=[job.uuid]))["Content-Type"] == "application/pdf"
    other = client_for(manager)
    assert other.get(reverse("reports:status", args=[job.uuid])).status_code == 404
    assert other.get(reverse("reports:download", args=[job.uuid])).status_code == 404
    assert other.get(reverse("reports:progress", args=[job.uuid])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name in ("reports:heatmap", "reports:heatmap_organizations"):
        assert client.get(reverse(name))["Location"].startswith(reverse("login"))


def test_a_member_of_no_organization_sees_an_empty_map(client_for, portfolio):
    from tests.factories import UserFactory

    body = client_for(UserFactory()).get(reverse("reports:heatmap")).content.decode()
    assert "No service matches these filters." in body


def test_the_heat_map_groups_services_by_organization_in_the_readers_language(client_for, staff):
    from tests.factories import OrganizationFactory

    first_in_english = OrganizationFactory(name_en="Agency of Roads", name_fr="Voirie")
    first_in_french = OrganizationFactory(name_en="Water Board", name_fr="Agence de l'eau")
    ServiceFactory(owner=first_in_english, name_en="Road permits", name_fr="Permis de voirie")
    ServiceFactory(owner=first_in_french, name_en="Water permits", name_fr="Permis d'eau")
    c = client_for(staff)
    english = c.get(reverse("reports:heatmap")).content.decode()
    assert english.index("Road permits") < english.index("Water permits")
    french = c.get("/fr" + reverse("reports:heatmap")[3:]).content.decode()
    assert french.index("Permis d&#x27;eau") < french.index("Permis de voirie")


def _bulk_assessed(services, version, averages):
    """Completed-assessment pointers as the platform keeps them, made in bulk."""
    from assessments.models import Assessment

    made = Assessment.objects.bulk_create(
        Assessment(service=s, catalogue_version=version, cycle="2026-27", status="completed")
        for s in services
    )
    ServiceLatest.objects.bulk_create(
        ServiceLatest(
            service=s, latest=a, cycle="2026-27", catalogue_version=version,
            average_current=average, max_gap=1, levels={},
        )
        for s, a, average in zip(services, made, averages, strict=True)
    )  # fmt: skip


def test_sorted_pages_run_on_from_the_assessed_services_to_the_others(client_for, staff, org):
    from catalogue.queries import latest_published

    services = [ServiceFactory(owner=org, name_en=f"Service {i:03d}") for i in range(130)]
    assessed = services[:105]
    _bulk_assessed(assessed, latest_published(), [1 + (i % 30) / 10 for i in range(105)])
    c = client_for(staff)
    url = reverse("reports:heatmap")

    def names(**params):
        response = c.get(url, params)
        return [str(row["name"]) for row in response.context["rows"]], response

    first, response = names(sort="overall", dir="desc")
    assert "130 services" in response.content.decode()
    second, _response = names(sort="overall", dir="desc", page=2)
    expected = sorted(
        assessed, key=lambda s: (-ServiceLatest.objects.get(service=s).average_current, s.name_en)
    )
    assert first == [s.name_en for s in expected[:100]]
    never = [s.name_en for s in services[105:]]
    assert second == [s.name_en for s in expected[100:]] + never
    assert names(sort="overall", page=2)[0][-25:] == never  # the never assessed stay last
