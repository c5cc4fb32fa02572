"""The session is read with the person signed in and their memberships, in one query, and
nothing of it outlives the request: a change to the person or their memberships shows on the
very next request, and one request's person is never handed to another."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations import sessions
from organizations.backends import EmailBackend
from organizations.models import Membership, User, UserSession
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured.captured_queries]


def test_one_query_reads_the_session_the_person_and_their_memberships(client_for, member, org):
    other = OrganizationFactory(name_en="Partner City")
    MembershipFactory(user=member, organization=other, role=Membership.Role.EXECUTIVE)
    c = client_for(member)
    c.get(reverse("home"))
    response, queries = _queries(c, reverse("home"))
    assert response.status_code == 200
    first = queries[0]
    assert "organizations_usersession" in first and "organizations_user" in first
    assert "organizations_membership" in first
    # No other query reads the person or their memberships on their own.
    assert not any('FROM "organizations_user" ' in q for q in queries[1:])
    assert not any('FROM "organizations_membership" WHERE' in q and "user_id" in q
                   for q in queries[1:])  # fmt: skip
    # The home page lists both organizations: the memberships read with the session are whole.
    body = response.content.decode()
    assert "Wildfire Relief Agency" in body and "Partner City" in body


def test_a_session_names_its_person_and_goes_with_them(client_for, member):
    client_for(member)
    assert UserSession.objects.get().user == member
    member.delete()
    assert not UserSession.objects.exists()


def test_a_person_deactivated_is_signed_out_on_the_next_request(client_for, member):
    c = client_for(member)
    assert c.get(reverse("home")).status_code == 200
    User.objects.filter(pk=member.pk).update(is_active=False)
    response = c.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_password_changed_elsewhere_ends_the_session(client_for, member):
    c = client_for(member)
    assert c.get(reverse("home")).status_code == 200
    member.set_password("another-long-password-2026")
    member.save()
    response = c.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_memberships_read_with_the_session_are_the_current_ones(client_for, member, org):
    c = client_for(member)
    assert "Wildfire Relief Agency" in c.get(reverse("home")).content.decode()
    Membership.objects.filter(user=member).delete()
    assert "Wildfire Relief Agency" not in c.get(reverse("home")).content.decode()
    MembershipFactory(user=member, organization=org, role=Membership.Role.MANAGER)
    assert "Wildfire Relief Agency" in c.get(reverse("home")).content.decode()


def test_the_person_read_with_a_session_is_handed_out_once_and_only_for_its_id(member, org):
    other = User.objects.create_user(email="other@example.ca", password=None)
    store = sessions.SessionStore()
    store["_auth_user_id"] = str(member.pk)
    store.create()
    sessions.SessionStore(store.session_key).load()
    assert sessions.take_user(other.pk) is None  # another id: not handed out, and spent
    assert EmailBackend().get_user(member.pk) == member  # read by a query of its own
    sessions.SessionStore(store.session_key).load()
    handed = sessions.take_user(member.pk)
    assert handed == member and handed.__dict__["_memberships"] == [(org.pk, "member")]
    assert sessions.take_user(member.pk) is None  # once
    # A session without a person, or an unknown key, hands out nobody.
    sessions.SessionStore("no-such-session-key-at-all-0000").load()
    assert sessions.take_user(member.pk) is None


def test_an_inactive_person_read_with_the_session_is_refused_by_the_backend(member):
    store = sessions.SessionStore()
    store["_auth_user_id"] = str(member.pk)
    store.create()
    User.objects.filter(pk=member.pk).update(is_active=False)
    sessions.SessionStore(store.session_key).load()
    assert EmailBackend().get_user(member.pk) is None
