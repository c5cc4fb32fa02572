"""Staff merge two rows that are one organization: everything moves, with a confirmation that
lists what moves first, and later imports find the kept one by the merged one's names."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from organizations.models import Invitation, Membership, Organization, OrganizationAlias
from organizations.names import Directory
from services.models import Service
from tests.factories import MembershipFactory, OrganizationFactory, ServiceFactory, UserFactory


def AssessmentFactory(*, service):  # noqa: N802 - reads like the factories beside it
    from assessments.operations import assessment_start

    return assessment_start(service=service, cycle="2026-27", user=UserFactory())


@pytest.fixture
def pair(db):
    keep = OrganizationFactory(name_en="Finance Canada", name_fr="Finances Canada")
    merged = OrganizationFactory(name_en="Department of Finance", name_fr="Ministère des Finances")
    return keep, merged


def test_the_confirmation_lists_what_moves_and_nothing_changes_before_it(client_for, staff, pair):
    keep, merged = pair
    service = ServiceFactory(owner=merged)
    AssessmentFactory(service=service)
    MembershipFactory(organization=merged, role=Membership.Role.MEMBER)
    c = client_for(staff)
    url = reverse("organizations:staff_merge", args=[keep.slug])
    assert "Organization to merge into this one" in c.get(url).content.decode()
    page = c.post(url, {"merged": merged.pk}).content.decode()
    assert "Merge Department of Finance into Finance Canada?" in page
    assert "Services" in page and "Memberships" in page and "Assessments" in page
    assert Organization.objects.filter(pk=merged.pk).exists()
    assert Service.objects.get().owner == merged


def test_merging_moves_services_members_invitations_stages_and_keeps_the_names(
    client_for, staff, pair
):
    keep, merged = pair
    service = ServiceFactory(owner=merged)
    shared = ServiceFactory(owner=OrganizationFactory())
    shared.partners.add(merged, keep)
    own = ServiceFactory(owner=keep)
    own.partners.add(merged)  # after the merge, keep would be its own partner: dropped
    assessment = AssessmentFactory(service=service)
    both = UserFactory()
    MembershipFactory(user=both, organization=keep, role=Membership.Role.EXECUTIVE)
    MembershipFactory(user=both, organization=merged, role=Membership.Role.MANAGER)
    only = MembershipFactory(organization=merged, role=Membership.Role.MEMBER)
    Invitation.objects.create(
        organization=merged, email="x@example.ca", role="member", token_hash="a" * 64,
        expires_at="2099-01-01T00:00Z",
    )  # fmt: skip
    c = client_for(staff)
    response = c.post(
        reverse("organizations:staff_merge", args=[keep.slug]),
        {"merged": merged.pk, "confirm": "yes"},
    )
    assert response["Location"] == reverse("organizations:detail", args=[keep.slug])
    assert not Organization.objects.filter(pk=merged.pk).exists()
    service.refresh_from_db()
    assert service.owner == keep
    assert Assessment.objects.get(pk=assessment.pk).service.owner == keep
    assert list(shared.partners.all()) == [keep]
    assert list(own.partners.all()) == []
    assert Membership.objects.get(user=both).role == Membership.Role.MANAGER
    assert Membership.objects.get(user=only.user).organization == keep
    assert Invitation.objects.get().organization == keep
    assert set(OrganizationAlias.objects.values_list("name", flat=True)) >= {
        "Department of Finance", "Ministère des Finances"
    }  # fmt: skip
    assert Directory().find("Department of Finance") == keep


@pytest.mark.parametrize("who", ["manager", "executive", "outsider"])
def test_only_staff_merge(request, client_for, pair, who):
    keep, merged = pair
    person = request.getfixturevalue(who) if who != "outsider" else UserFactory()
    response = client_for(person).post(
        reverse("organizations:staff_merge", args=[keep.slug]),
        {"merged": merged.pk, "confirm": "yes"},
    )
    assert response.status_code in (403, 404)
    assert Organization.objects.filter(pk=merged.pk).exists()


def test_the_heat_maps_totals_of_the_kept_organization_are_computed_again(staff, pair):
    from assessments.models import OrganizationSummary
    from organizations.merging import merge_organizations

    keep, merged = pair
    # Totals that no completed assessment backs: the merge computes them again from nothing.
    OrganizationSummary.objects.create(organization=keep, attribute_key="timeliness", services=9)
    OrganizationSummary.objects.create(organization=merged, attribute_key="timeliness", services=4)
    merge_organizations(keep=keep, merged=merged, by=staff)
    assert not OrganizationSummary.objects.exists()
