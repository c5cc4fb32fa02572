"""Service pages: who sees and edits what, search and filters, the staff import page."""

import csv
import io
import re
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from organizations.models import Membership
from services.models import InventoryImport, Service
from tests.factories import MembershipFactory, OrganizationFactory, ServiceFactory
from tests.html import table_cells

from .test_inventory import DATA


@pytest.fixture
def partner_org(db):
    return OrganizationFactory(name_en="Partner City", name_fr="Ville partenaire")


@pytest.fixture
def service(org, partner_org):
    return ServiceFactory(
        owner=org, name_en="Disaster Financial Assistance", partners=[partner_org]
    )


@pytest.fixture
def partner_manager(partner_org):
    return MembershipFactory(organization=partner_org, role=Membership.Role.MANAGER).user


@pytest.mark.parametrize("who", ["manager", "member", "executive", "partner_manager", "staff"])
def test_insiders_partners_and_staff_see_the_service(request, client_for, service, who):
    c = client_for(request.getfixturevalue(who))
    assert "Disaster Financial Assistance" in c.get(reverse("services:list")).content.decode()
    detail = c.get(reverse("services:detail", args=[service.uuid]))
    assert detail.status_code == 200
    assert "Partner City" in detail.content.decode()


def test_another_organization_gets_404_and_an_empty_list(client_for, outsider, service):
    c = client_for(outsider)
    assert c.get(reverse("services:detail", args=[service.uuid])).status_code == 404
    assert c.get(reverse("services:edit", args=[service.uuid])).status_code == 404
    assert "Disaster Financial Assistance" not in c.get(reverse("services:list")).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, service):
    for url in (
        reverse("services:list"),
        reverse("services:detail", args=[service.uuid]),
        reverse("services:create"),
        reverse("services:inventory_import"),
    ):
        assert client.get(url)["Location"].startswith(reverse("login"))


def test_manager_creates_a_service_with_partners(client_for, manager, org, partner_org):
    response = client_for(manager).post(
        reverse("services:create"),
        {
            "owner": org.slug,
            "name_en": "Evacuee Registration",
            "name_fr": "Inscription des personnes évacuées",
            "client_segments": ["PERSON", "NGO"],
            "channels": ["PERSON", "TEL"],
            "service_types": ["RES"],
            "status": "active",
            "partners": [partner_org.slug],
        },
    )
    service = Service.objects.get(name_en="Evacuee Registration")
    assert response["Location"] == reverse("services:detail", args=[service.uuid])
    assert service.owner == org and list(service.partners.all()) == [partner_org]
    assert service.client_segment_codes == ["PERSON", "NGO"]


def test_service_form_shows_what_to_fix(client_for, manager, org):
    response = client_for(manager).post(
        reverse("services:create"),
        {"owner": org.slug, "name_en": "", "status": "active", "partners": [org.slug]},
    )
    body = response.content.decode()
    assert 'error-message="This field is required."' in body
    assert f"“{org.slug}” is not in the list of partners you can choose" in body
    assert not Service.objects.exists()


def test_partners_are_a_searchable_list_of_checkboxes_without_the_owner(
    client_for, manager, org, partner_org, other_org, service
):
    """Native checkboxes (Tab and Space, no Ctrl-click), a search box the page's script
    shows, the chosen first; the owner is never offered, and one posted anyway is refused."""
    service.partners.set([other_org])
    c = client_for(manager)
    body = c.get(reverse("services:edit", args=[service.uuid])).content.decode()
    assert "<select multiple" not in body and "Ctrl" not in body
    group = body[body.index('<fieldset class="choice-search"') :]
    group = group[: group.index("</fieldset>")]
    assert 'data-exclude-from="owner"' in group
    assert '<label for="id_partners_search">Find by name</label>' in group
    offered = re.findall(r'<li data-value="([^"]+)"><input type="checkbox" name="partners"', group)
    assert (
        offered[0] == other_org.slug
        and f'value="{other_org.slug}" id="id_partners_0" checked' in group
    )
    assert partner_org.slug in offered and org.slug not in offered
    data = {
        k: v
        for k, v in c.get(reverse("services:edit", args=[service.uuid]))
        .context["form"]
        .initial.items()
        if k != "partners"
    }
    data["partners"] = [org.slug, partner_org.slug]
    response = c.post(reverse("services:edit", args=[service.uuid]), data)
    assert response.status_code == 200
    assert list(service.partners.all()) == [other_org]  # nothing half-saved


def test_a_manager_of_several_organizations_cannot_make_the_owner_a_partner(
    client_for, manager, org, partner_org
):
    """With several possible owners the list holds them all (the script hides the chosen
    owner); the server still refuses the owner as its own partner."""
    Membership.objects.create(user=manager, organization=partner_org, role="manager")
    c = client_for(manager)
    body = c.get(reverse("services:create")).content.decode()
    assert (
        f'<li data-value="{org.slug}">' in body and f'<li data-value="{partner_org.slug}">' in body
    )
    response = c.post(
        reverse("services:create"),
        {
            "owner": org.slug,
            "name_en": "X",
            "name_fr": "X",
            "status": "active",
            "partners": [org.slug],
        },
    )
    assert "The owner organization cannot also be a partner." in response.content.decode()
    assert not Service.objects.exists()


@pytest.mark.parametrize("who", ["member", "executive"])
def test_only_managers_create_services(request, client_for, org, who):
    c = client_for(request.getfixturevalue(who))
    assert c.get(reverse("services:create")).status_code == 404
    response = c.post(
        reverse("services:create"),
        {"owner": org.slug, "name_en": "X", "name_fr": "X", "status": "active"},
    )
    assert response.status_code == 404
    assert not Service.objects.exists()


def test_a_manager_cannot_create_a_service_for_another_organization(client_for, manager, other_org):
    response = client_for(manager).post(
        reverse("services:create"),
        {"owner": other_org.slug, "name_en": "X", "name_fr": "X", "status": "active"},
    )
    assert response.status_code == 200  # the form refuses the choice
    assert not Service.objects.exists()


@pytest.mark.parametrize("who", ["member", "executive", "partner_manager"])
def test_only_the_owners_managers_edit(request, client_for, service, who):
    c = client_for(request.getfixturevalue(who))
    response = c.post(reverse("services:edit", args=[service.uuid]), {"name_en": "Hijacked"})
    assert response.status_code == 404
    service.refresh_from_db()
    assert service.name_en == "Disaster Financial Assistance"


def test_manager_edits_the_service(client_for, manager, service, partner_org):
    c = client_for(manager)
    form = c.get(reverse("services:edit", args=[service.uuid])).context["form"]
    data = {k: v for k, v in form.initial.items() if k != "partners"}
    data["name_en"] = "Disaster Financial Assistance (DFA)"
    data["partners"] = []
    assert c.post(reverse("services:edit", args=[service.uuid]), data).status_code == 302
    service.refresh_from_db()
    assert service.name_en == "Disaster Financial Assistance (DFA)"
    assert not service.partners.exists()


def test_search_and_filters(client_for, staff, org, other_org):
    ServiceFactory(
        owner=org, name_en="Flood Grants", client_segments=["ECONOM"], service_types=["GNC"]
    )
    ServiceFactory(
        owner=other_org,
        name_en="Seniors Line",
        client_segments=["PERSON"],
        service_types=["INFO"],
        inventory_id="777",
    )
    c = client_for(staff)

    def names(**params):
        response = c.get(reverse("services:list"), params)
        return [row["service"].name_en for row in response.context["rows"]]

    assert names() == ["Flood Grants", "Seniors Line"]
    assert names(q="flood") == ["Flood Grants"]
    assert names(q="777") == ["Seniors Line"]
    assert names(organization=other_org.slug) == ["Seniors Line"]
    assert names(segment="ECONOM") == ["Flood Grants"]
    assert names(type="INFO") == ["Seniors Line"]
    assert names(q="nothing like it") == []
    body = c.get(reverse("services:list"), {"q": "nothing like it"}).content.decode()
    assert "No service matches this search" in body


def test_service_list_query_count_does_not_grow_with_services(
    client_for, staff, org, django_assert_num_queries
):
    for i in range(3):
        ServiceFactory(owner=org, name_en=f"S{i}")
    c = client_for(staff)
    c.get(reverse("services:list"))  # warm the session, and the code lists and organizations
    # the session with the person (and the reference data's tokens), count, page of services,
    # the page's client segments and service types (one query),
    # whether an organization exists (the "Add a service" button, for staff); the code labels
    # and, for staff, the organizations of the filter are fragments kept while unchanged
    with django_assert_num_queries(5):
        c.get(reverse("services:list"))
    for i in range(30):
        ServiceFactory(owner=org, name_en=f"T{i}")
    with django_assert_num_queries(5):
        c.get(reverse("services:list"))


def test_service_detail_query_count_is_fixed(client_for, manager, org, django_assert_num_queries):
    from services import inventory

    inventory.apply(
        inventory.read_files(
            [
                (n, (DATA / n).read_bytes())
                for n in ("si_2019_older_layout.csv", "ss_2019_older_layout.csv")
            ]
        )
    )
    service = Service.objects.get(inventory_id="901")
    service.owner = org
    service.save()
    c = client_for(manager)
    url = reverse("services:detail", args=[service.uuid])
    c.get(url)
    # the session with the person and their memberships, service with its owner and access,
    # partners, years, standards, their results, the service's codes (segments, types,
    # channels and scope in one union); the code labels are a fragment kept while unchanged
    with django_assert_num_queries(7):
        response = c.get(url)
    body = response.content.decode()
    assert "Pay within 5 days" in body and "95.0\u00a0%" in body and "not reported" in body


def test_staff_import_page_previews_then_imports_on_request_and_shows_the_result(
    client_for, staff, django_capture_on_commit_callbacks
):
    c = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("services:inventory_import"),
            {
                "services_file": SimpleUploadedFile(
                    "si.csv", (DATA / "si_2019_older_layout.csv").read_bytes()
                ),
                "standards_file": SimpleUploadedFile(
                    "ss.csv", (DATA / "ss_2019_older_layout.csv").read_bytes()
                ),
            },
        )
    job = InventoryImport.objects.get()
    assert response["Location"] == reverse("services:inventory_import_status", args=[job.uuid])
    # First a preview: what would change, nothing saved, the files kept for the import.
    assert job.status == "done" and job.step == "preview" and job.progress == 100
    assert job.preview["services_created"] == 3 and job.rejected_count == 0
    assert job.services_file and not Service.objects.exists()
    page = c.get(response["Location"]).content.decode()
    assert "Review before importing" in page and "Every row can be imported" in page
    assert "Import</gcds-button>" in page
    progress = c.get(reverse("services:inventory_import_progress", args=[job.uuid])).json()
    assert progress["status_label"] == "Ready to review" and progress["finished"] is True
    decide = reverse("services:inventory_import_decide", args=[job.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(decide, {"decision": "import"})
    job.refresh_from_db()
    assert job.status == "done" and job.step == "import"
    assert job.summary["services_created"] == 3 and Service.objects.count() == 3
    assert not job.services_file  # uploaded files are not kept
    page = c.get(response["Location"]).content.decode()
    assert "The files were imported" in page
    progress = c.get(reverse("services:inventory_import_progress", args=[job.uuid])).json()
    assert progress == {
        "status": "done",
        "status_label": "Imported",
        "progress": 100,
        "stage": "Saving services and standards",
        "finished": True,
    }
    # A second decision on the same import changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = c.post(decide, {"decision": "import"}, follow=True)
    assert "already imported or cancelled" in again.content.decode()
    assert Service.objects.count() == 3


def test_a_preview_with_rejected_rows_lists_them_imports_the_valid_rows_or_cancels(
    client_for, staff, django_capture_on_commit_callbacks
):
    services = (DATA / "si_2019_older_layout.csv").read_text(encoding="utf-8")
    lines = services.splitlines()
    # Service 903 again for the same year as another service: both rows are rejected.
    conflicting = services + lines[-1].replace("Seniors' Information Line", "Youth Line") + "\n"
    files = {
        "services_file": SimpleUploadedFile("si.csv", conflicting.encode()),
        "standards_file": SimpleUploadedFile(
            "ss.csv", (DATA / "ss_2019_older_layout.csv").read_bytes()
        ),
    }
    c = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("services:inventory_import"), files)
    job = InventoryImport.objects.get()
    assert job.rejected_count == 2 and job.preview["services_created"] == 2
    page = c.get(response["Location"]).content.decode()
    assert "2 rows have a problem and would be left out" in page
    assert "Import the valid rows" in page and "2 rejected rows" in page
    assert "Service 903 in 2019-2020 is given differently on another row" in page
    download = c.get(reverse("services:inventory_import_rejected", args=[job.uuid]))
    assert download["Content-Disposition"].startswith("attachment")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig")))
    )
    assert [(r["file"], r["line"], r["service_name_en"]) for r in rows] == [
        ("si.csv", "5", "Seniors' Information Line"),
        ("si.csv", "6", "Youth Line"),
    ]
    # Cancel: nothing imported, the uploads deleted.
    decide = reverse("services:inventory_import_decide", args=[job.uuid])
    page = c.post(decide, {"decision": "cancel"}, follow=True).content.decode()
    job.refresh_from_db()
    assert job.step == "cancelled" and not job.services_file and not Service.objects.exists()
    assert "nothing was imported" in page
    # The same files again, and this time the valid rows are imported.
    for upload in files.values():
        upload.seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("services:inventory_import"), files)
    second = InventoryImport.objects.exclude(pk=job.pk).get()
    with django_capture_on_commit_callbacks(execute=True):
        c.post(
            reverse("services:inventory_import_decide", args=[second.uuid]), {"decision": "import"}
        )
    assert sorted(Service.objects.values_list("inventory_id", flat=True)) == ["901", "902"]
    second.refresh_from_db()
    assert second.summary["rows_rejected"] == 2


def _older_layout_files() -> dict:
    return {
        "services_file": SimpleUploadedFile(
            "si.csv", (DATA / "si_2019_older_layout.csv").read_bytes()
        ),
        "standards_file": SimpleUploadedFile(
            "ss.csv", (DATA / "ss_2019_older_layout.csv").read_bytes()
        ),
    }


def test_an_import_asked_while_the_broker_is_down_runs_once_it_is_back(
    client_for, staff, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError as BrokerDown

    c = client_for(staff)
    with mock.patch(
        "services.tasks.inventory_import.apply_async", side_effect=BrokerDown("Connection refused")
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = c.post(reverse("services:inventory_import"), _older_layout_files())
    job = InventoryImport.objects.get()
    assert response["Location"] == reverse("services:inventory_import_status", args=[job.uuid])
    assert job.status == "pending" and job.queued is False
    page = c.get(response["Location"]).content.decode()
    assert "Waiting to start" in page and "Waiting for the background service" in page
    assert not Service.objects.exists()
    # The broker is back: the waiting import is sent again and runs.
    out = io.StringIO()
    call_command("requeue_jobs", stdout=out)
    assert "Queued 1 waiting job(s) again; 0 still wait" in out.getvalue()
    job.refresh_from_db()
    assert job.status == "done" and job.queued is True
    assert job.preview["services_created"] == 3 and not Service.objects.exists()
    assert "Review before importing" in c.get(response["Location"]).content.decode()


def test_the_stage_of_an_import_is_shown_in_the_readers_language(
    client_for, staff, django_capture_on_commit_callbacks
):
    c = client_for(staff)
    # Asked, and run, in English; read in French and in English.
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("services:inventory_import"), _older_layout_files())
    done = InventoryImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        c.post(
            reverse("services:inventory_import_decide", args=[done.uuid]), {"decision": "import"}
        )
    running = InventoryImport.objects.create(
        requested_by=staff, status="running", progress=30, stage="checking"
    )
    expected = {
        "fr": ("Enregistrement des services et des normes", "Vérification de chaque ligne"),
        "en": ("Saving services and standards", "Checking every row"),
    }
    for language, (last_stage, stage) in expected.items():
        with translation.override(language):
            urls = [
                reverse(name, args=[job.uuid])
                for job in (done, running)
                for name in (
                    "services:inventory_import_progress",
                    "services:inventory_import_status",
                )
            ]
        assert all(url.startswith(f"/{language}/") for url in urls)
        assert c.get(urls[0]).json()["stage"] == last_stage
        assert c.get(urls[2]).json()["stage"] == stage
        assert stage in c.get(urls[3]).content.decode()


def test_a_bad_upload_imports_nothing_and_lists_the_problems(
    client_for, staff, django_capture_on_commit_callbacks
):
    text = (
        (DATA / "si_2019_older_layout.csv").read_text(encoding="utf-8").replace(",88000,", ",lots,")
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            reverse("services:inventory_import"),
            {"services_file": SimpleUploadedFile("si.csv", text.encode())},
        )
    job = InventoryImport.objects.get()
    assert job.status == "failed"
    assert job.problems == [
        "si.csv, line 5: calls_received should be a number, NA or ND, not 'lots'"
    ]
    assert not Service.objects.exists()
    page = client_for(staff).get(response["Location"]).content.decode()
    assert "Nothing was imported" in page and "line 5" in page


def test_import_form_refuses_missing_and_oversized_files(client_for, staff, settings):
    c = client_for(staff)
    assert (
        "Choose at least one file to import."
        in c.post(reverse("services:inventory_import"), {}).content.decode()
    )
    big = SimpleUploadedFile("si.csv", b"x" * (20 * 1024 * 1024 + 1))
    assert (
        "the limit is 20 MB"
        in c.post(reverse("services:inventory_import"), {"services_file": big}).content.decode()
    )
    assert not InventoryImport.objects.exists()


@pytest.mark.parametrize("who", ["manager", "member", "executive", "outsider"])
def test_only_staff_reach_the_import_pages(request, client_for, staff, who):
    job = InventoryImport.objects.create(requested_by=staff)
    c = client_for(request.getfixturevalue(who))
    assert c.get(reverse("services:inventory_import")).status_code == 404
    assert c.get(reverse("services:inventory_import_status", args=[job.uuid])).status_code == 404
    assert c.get(reverse("services:inventory_import_progress", args=[job.uuid])).status_code == 404


def test_checkbox_groups_posted_as_one_comma_separated_value_are_understood(
    client_for, manager, org
):
    # gcds-checkboxes posts its choices as "A,B" in a single value.
    client_for(manager).post(
        reverse("services:create"),
        {
            "owner": org.slug,
            "name_en": "Grants",
            "name_fr": "Subventions",
            "status": "active",
            "client_segments": "PERSON,NGO",
        },
    )
    assert Service.objects.get(name_en="Grants").client_segment_codes == ["PERSON", "NGO"]


def test_the_list_is_in_the_readers_alphabetical_order(client_for, staff, org):
    ServiceFactory(owner=org, name_en="Apple Grants", name_fr="Subventions Pomme")
    ServiceFactory(owner=org, name_en="Bridge Permits", name_fr="Permis de pont")
    ServiceFactory(owner=org, name_en="Cedar Line", name_fr="")  # no French name yet
    c = client_for(staff)

    def names(language):
        response = c.get(f"/{language}/services/")
        return [row["service"].name_en for row in response.context["rows"]]

    assert names("en") == ["Apple Grants", "Bridge Permits", "Cedar Line"]
    # Cedar (in English, the French name being empty), Permis, Subventions
    assert names("fr") == ["Cedar Line", "Bridge Permits", "Apple Grants"]


def test_staff_get_a_home_page_of_their_own(client_for, staff, manager):
    OrganizationFactory.create_batch(2)
    page = client_for(staff).get(reverse("home")).content.decode()
    assert "Platform administration" in page
    assert "You do not belong to any organization yet" not in page
    assert "organizations</a>" in page and "The audit trail" in page
    assert "is published" in page
    # Not for the people of an organization.
    assert (
        "Platform administration" not in client_for(manager).get(reverse("home")).content.decode()
    )


def test_the_list_names_each_service_segments_and_types_in_the_reader_language(
    client_for, manager, member, org
):
    ServiceFactory(
        owner=org, name_en="Grants", client_segments=["PERSON"], service_types=["GNC", "RES"]
    )
    ServiceFactory(owner=org, name_en="Bare", client_segments=[], service_types=[])

    english = client_for(manager).get(reverse("services:list")).content.decode()
    assert [row[2:] for row in table_cells(english)] == [
        ["—", "—"],
        ["Persons", "Grants and contributions, Resources"],
    ]
    assert "Add a service" in english  # a service manager may create one
    french = client_for(manager).get("/fr/services/").content.decode()
    assert ["Particuliers", "Subventions et contributions, Ressources"] in [
        row[2:] for row in table_cells(french)
    ]
    assert "Add a service" not in client_for(member).get(reverse("services:list")).content.decode()
