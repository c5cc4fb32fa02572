"""Pages served from the cache: only to the person they were rendered for, never after a change."""

import re
from unittest import mock

import pytest
from django.contrib.messages import Message, constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import pagecache
from organizations.models import Membership
from tests.assessments.conftest import *  # noqa: F403 - the same fixtures: service, personas, assessment
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _signed_in(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def _detail(assessment):
    return reverse("assessments:detail", args=[assessment.uuid])


def _shown_as(user):
    """The name in the page header, signed in."""
    return f">{user.get_full_name()}<span"


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries.captured_queries)


def test_a_page_seen_again_is_served_without_rendering_it(manager, assessment):
    client = _signed_in(manager)
    url = _detail(assessment)
    client.get(url)  # the browser gets its CSRF cookie
    first, rendered = _queries_for(client, url)
    second, cached = _queries_for(client, url)
    assert second.content == first.content
    # Only the session and the user are read: the page is not rendered again.
    assert cached == 2 < rendered


def test_a_change_shows_at_once(manager, assessment):
    client = _signed_in(manager)
    url = _detail(assessment)
    client.get(url)
    assert "Disaster Financial Assistance" in client.get(url).content.decode()
    assessment.service.name_en = "Wildfire Grants"
    assessment.service.save()
    page = client.get(url).content.decode()
    assert "Wildfire Grants" in page and "Disaster Financial Assistance" not in page


def test_a_change_made_outside_the_models_shows_at_once(manager, assessment):
    client = _signed_in(manager)
    url = _detail(assessment)
    client.get(url)
    client.get(url)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE services_service SET name_en = %s WHERE id = %s",
            ["Drought Relief", assessment.service_id],
        )
    assert "Drought Relief" in client.get(url).content.decode()


def test_nobody_is_served_a_page_rendered_for_someone_else(manager, member, assessment):
    url = _detail(assessment)
    managers = _signed_in(manager)
    managers.get(url)
    managers.get(url)
    # Same browser (same CSRF cookie), another person signed in.
    managers.force_login(member)
    page = managers.get(url).content.decode()
    assert _shown_as(member) in page and _shown_as(manager) not in page


def test_a_removed_member_is_refused_at_once(member, assessment):
    client = _signed_in(member)
    url = _detail(assessment)
    client.get(url)
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=member).delete()
    assert client.get(url).status_code == 404


def test_waiting_messages_are_shown_and_not_cached(manager, assessment):
    client = _signed_in(manager)
    url = _detail(assessment)
    client.get(url)
    client.get(url)
    # A message left by an earlier request, as the redirect after a form leaves it.
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Changes saved")])
    assert "Changes saved" in client.get(url).content.decode()
    assert "Changes saved" not in client.get(url).content.decode()


def test_forms_on_a_cached_page_carry_a_valid_token(member, assessment):
    client = _signed_in(member, enforce_csrf_checks=True)
    url = _detail(assessment)
    client.get(url)
    client.get(url)
    page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("assessments:submit", args=[assessment.uuid]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "in_review"


def test_each_language_has_its_own_page(manager, assessment):
    client = _signed_in(manager)
    url = _detail(assessment)
    client.get(url)
    client.get(url)
    french = client.get(url.replace("/en/", "/fr/", 1))
    assert french["Content-Language"] == "fr"
    assert 'lang="fr"' in french.content.decode()


def test_the_page_is_rendered_when_the_cache_fails(manager, assessment):
    client = _signed_in(manager)
    url = _detail(assessment)
    client.get(url)
    pages = caches["pages"]
    with mock.patch.object(pages, "get", side_effect=ConnectionError("cache down")):
        response = client.get(url)
    assert (
        response.status_code == 200 and "Disaster Financial Assistance" in response.content.decode()
    )
    with mock.patch.object(caches["default"], "set", side_effect=ConnectionError("cache down")):
        assessment.service.name_en = "Wildfire Grants"
        assessment.service.save()  # the write itself succeeds


def test_when_the_generation_cannot_be_renewed_no_cached_page_is_served(member, assessment):
    client = _signed_in(member)
    url = _detail(assessment)
    client.get(url)
    assert client.get(url).status_code == 200  # now in the cache
    default = caches["default"]
    with mock.patch.object(default, "set", side_effect=ConnectionError("cache down")):
        Membership.objects.filter(user=member).delete()
        # The removal could not drop the cached page: this process stops serving any.
        assert client.get(url).status_code == 404
    # Once the cache answers again, the next write renews the generation and caching resumes.
    assessment.service.save()
    client.get(url)
    assert client.get(url).status_code == 404


def test_a_stored_page_that_cannot_be_read_is_rendered_again(manager, assessment):
    client = _signed_in(manager)
    url = _detail(assessment)
    client.get(url)
    with mock.patch.object(caches["pages"], "get", return_value=(b"<p>old</p>", "text/html")):
        response = client.get(url)
    assert (
        response.status_code == 200 and "Disaster Financial Assistance" in response.content.decode()
    )


def test_made_up_query_parameters_are_not_stored(executive):
    url = reverse("reports:heatmap")
    client = _signed_in(executive)
    client.get(url)
    stored = []
    real_set = caches["pages"].set
    with mock.patch.object(
        caches["pages"], "set", side_effect=lambda *a, **k: stored.append(a) or real_set(*a, **k)
    ):
        for n in range(3):
            assert client.get(f"{url}?junk={n}").status_code == 200
        assert client.get(f"{url}?switch=gap&switch=target").status_code == 200
        assert stored == []
        assert client.get(f"{url}?switch=gap&sort=name&dir=desc").status_code == 200
        assert len(stored) == 1


def test_signing_in_keeps_other_peoples_pages(manager, member, assessment):
    member.set_password("a long demo password 2026")
    member.save()
    client = _signed_in(manager)
    url = _detail(assessment)
    client.get(url)
    client.get(url)
    other = Client()
    response = other.post(
        reverse("login"), {"username": member.email, "password": "a long demo password 2026"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.last_login is not None
    _, queries = _queries_for(client, url)
    assert queries == 2


@pytest.mark.django_db(transaction=True)
def test_a_transaction_renews_the_generation_at_each_write_and_once_after_commit(org):
    service = ServiceFactory(owner=org, name_en="Flood Grants")
    inside, after = [], []

    def record():
        (inside if connection.in_atomic_block else after).append(1)

    with mock.patch.object(pagecache, "bump", side_effect=record):
        with transaction.atomic():
            for name in ("A", "B", "C"):
                service.name_en = name
                service.save()
        assert len(inside) >= 3 and len(after) == 1
        # The next transaction is renewed after its own commit too.
        with transaction.atomic():
            service.name_en = "D"
            service.save()
        assert len(after) == 2


def test_what_counts_as_a_write():
    writes = [
        'INSERT INTO "assessments_attributescore" ("x") VALUES (1)',
        '  update "services_service" SET "name_en" = 1',
        'DELETE FROM "organizations_membership" WHERE 1',
        '/* bulk */ UPDATE "services_service" SET "name_en" = 1',
        '-- a note\nDELETE FROM "organizations_membership"',
        '(UPDATE "services_service" SET "name_en" = 1)',
        'WITH old AS (SELECT 1) UPDATE "services_service" SET "name_en" = 1',
        'MERGE INTO "services_service" USING x ON 1 WHEN MATCHED THEN DELETE',
        'COPY "services_service" FROM STDIN',
        'UPDATE "organizations_user" SET "first_name" = %s WHERE "organizations_user"."id" = %s',
    ]
    reads = [
        'SELECT "x" FROM "services_service"',
        'SELECT "x" FROM "services_service" FOR UPDATE',
        "WITH recent AS (SELECT 1) SELECT * FROM recent",
        'UPDATE "django_session" SET "session_data" = 1',
        'UPDATE "organizations_user" SET "last_login" = %s WHERE "organizations_user"."id" = %s',
        'UPDATE "api_apitoken" SET "last_used_at" = %s WHERE "api_apitoken"."id" IN (%s)',
        "SAVEPOINT s1",
        "RELEASE SAVEPOINT s1",
    ]
    assert [sql for sql in writes if not pagecache._is_write(sql)] == []
    assert [sql for sql in reads if pagecache._is_write(sql)] == []


def test_the_heat_map_is_cached_per_person(executive, manager):
    url = reverse("reports:heatmap")
    client = _signed_in(executive)
    client.get(url)
    first, rendered = _queries_for(client, url)
    second, cached = _queries_for(client, url)
    assert second.content == first.content and cached == 2 < rendered
    client.force_login(manager)
    assert _shown_as(manager) in client.get(url).content.decode()


def test_a_page_from_the_cache_keeps_the_headers_the_view_gave_it(manager):
    rendered = []

    @pagecache.cached_page
    def view(request):
        rendered.append(1)
        response = HttpResponse("<p>Flood Grants</p>")
        response["Content-Disposition"] = 'inline; filename="flood-grants.html"'
        return response

    def request():
        made = RequestFactory().get("/flood-grants/")
        made.user = manager
        made.META["CSRF_COOKIE"] = "k" * 32
        return made

    first, second = view(request()), view(request())
    assert len(rendered) == 1
    assert second.content == first.content
    assert second["Content-Disposition"] == 'inline; filename="flood-grants.html"'
    assert second["Content-Type"] == first["Content-Type"]
