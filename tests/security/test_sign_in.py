"""Every way in is counted in one place: the sign-in page, the Django admin, the API token
endpoint and the password asked again for a token; keyed on the account, per client."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from api.models import ApiToken
from core.models import RateEvent
from organizations.models import User
from tests.factories import PASSWORD, UserFactory

WRONG_PASSWORD = "Please enter a correct email address and password"
LOCKED = "Too many failed attempts for this account"


def _sign_in(client, email, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def _admin_sign_in(client, email, password, address="10.0.0.1"):
    return client.post(
        "/admin/login/", {"username": email, "password": password}, REMOTE_ADDR=address
    )


def _time_passes(settings):
    RateEvent.objects.update(at=F("at") - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1))


def test_an_account_is_locked_after_repeated_failures_until_the_period_passes(
    client, member, settings
):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        assert WRONG_PASSWORD in _sign_in(client, member.email, "wrong").content.decode()
    locked = _sign_in(client, member.email.upper(), PASSWORD)  # another capitalisation
    assert LOCKED in locked.content.decode()
    assert not locked.context["user"].is_authenticated
    _time_passes(settings)
    assert _sign_in(client, member.email, PASSWORD).status_code == 302


def test_a_success_clears_that_clients_failures(client, member, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        _sign_in(client, member.email, "wrong")
    assert _sign_in(client, member.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        _sign_in(client, member.email, "wrong")
    assert _sign_in(client, member.email, PASSWORD).status_code == 302


def test_the_admin_sign_in_is_locked_like_every_way_in(client, settings, db):
    staff = UserFactory(is_staff=True, is_superuser=True)
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        assert _admin_sign_in(client, staff.email, "wrong").status_code == 200
    locked = _admin_sign_in(client, staff.email, PASSWORD)
    assert LOCKED in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # ... and the failures made there lock the sign-in page too: one counter.
    assert LOCKED in _sign_in(client, staff.email, PASSWORD).content.decode()
    _time_passes(settings)
    assert _admin_sign_in(client, staff.email, PASSWORD).status_code == 302


def test_the_token_endpoint_shares_the_lock_out(member, settings):
    settings.LOGIN_MAX_FAILURES = 2
    c = APIClient()
    url = reverse("api:token-create")
    for _ in range(2):
        c.post(url, {"email": member.email, "password": "wrong"}, format="json")
    locked = c.post(url, {"email": member.email, "password": PASSWORD}, format="json")
    assert locked.status_code == 400
    assert LOCKED in locked.json()["errors"][0]["message"]
    # The same client (the API client's address) is locked out of the sign-in page too.
    assert LOCKED in _sign_in(Client(), member.email, PASSWORD, "127.0.0.1").content.decode()


def test_other_spellings_of_an_address_are_not_the_account(client, settings, db):
    owner = UserFactory(email="admin@example.ca")
    settings.LOGIN_MAX_FAILURES = 2
    assert User.objects.get_by_natural_key(" ADMIN@Example.CA ") == owner
    # A dotless ı matches "I" in a case-insensitive database lookup; it is not the account.
    with pytest.raises(User.DoesNotExist):
        User.objects.get_by_natural_key("admın@example.ca")
    for _ in range(3):
        response = _sign_in(client, "admın@example.ca", PASSWORD)
        assert not response.context["user"].is_authenticated
    # Those guesses were not counted on the account: it still opens from the same client.
    assert _sign_in(client, "Admin@Example.ca", PASSWORD).status_code == 302


def test_a_strangers_guesses_do_not_lock_the_owner_out_elsewhere(member, settings):
    settings.LOGIN_MAX_FAILURES = 3
    stranger, owner = Client(), Client()
    for _ in range(5):
        _sign_in(stranger, member.email, "wrong", address="203.0.113.9")
    assert LOCKED in _sign_in(stranger, member.email, PASSWORD, "203.0.113.9").content.decode()
    assert _sign_in(owner, member.email, PASSWORD, address="198.51.100.4").status_code == 302


def test_guesses_spread_over_many_addresses_lock_the_account_until_a_reset(member, settings):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_ACCOUNT_MAX_FAILURES = 6
    guesser = Client()
    for n in range(6):
        _sign_in(guesser, member.email, "wrong", address=f"203.0.113.{n}")
    owner = Client()
    assert LOCKED in _sign_in(owner, member.email, PASSWORD, "198.51.100.4").content.decode()
    # A password reset proves the owner holds the address and opens the account again.
    owner.post(reverse("password_reset"), {"email": member.email})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/reset/" in line)
    form = owner.get(link.strip(), follow=True)
    owner.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-long-password", "new_password2": "a-new-long-password"},
    )
    assert _sign_in(owner, member.email, "a-new-long-password", "198.51.100.4").status_code == 302


@pytest.mark.parametrize(
    "seconds,language,text",
    [
        (120, "en", "Wait 2 minutes"),
        (60, "en", "Wait 1 minute,"),
        (3600, "fr", "Attendez 60 minutes"),
    ],
)
def test_the_lock_out_message_says_the_configured_duration(
    client, member, settings, seconds, language, text
):
    settings.LOGIN_MAX_FAILURES = 1
    settings.LOGIN_LOCKOUT_SECONDS = seconds
    _sign_in(client, member.email, "wrong")
    with translation.override(language):
        response = client.post(
            f"/{language}/accounts/login/",
            {"username": member.email, "password": PASSWORD},
            REMOTE_ADDR="10.0.0.1",
        )
    assert text in response.content.decode()


def test_forwarded_for_headers_are_ignored_unless_proxies_are_trusted(member, settings):
    settings.API_TOKEN_CREATE_PER_CLIENT = 2
    url = reverse("api:token-create")
    c = APIClient()
    codes = [
        c.post(
            url,
            {"email": member.email, "password": "wrong"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        ).status_code
        for n in range(4)
    ]
    assert codes == [400, 400, 429, 429]  # a new header each time changes nothing
    settings.TRUSTED_PROXIES = 1  # behind one proxy, its last entry is the client
    other = c.post(
        url,
        {"email": member.email, "password": "wrong"},
        format="json",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.200",
    )
    assert other.status_code == 400
    spoofed = c.post(
        url,
        {"email": member.email, "password": "wrong"},
        format="json",
        HTTP_X_FORWARDED_FOR="6.6.6.7, 192.0.2.200",  # the client's own entry is not read
    )
    assert spoofed.status_code == 400
    assert (
        c.post(
            url,
            {"email": member.email, "password": "wrong"},
            format="json",
            HTTP_X_FORWARDED_FOR="192.0.2.200",
        ).status_code
        == 429
    )


def test_password_reset_emails_are_limited_per_address_and_per_client(client, member, settings):
    settings.PASSWORD_RESET_PER_ADDRESS = 2
    settings.PASSWORD_RESET_PER_CLIENT = 4
    url = reverse("password_reset")
    for _ in range(2):
        assert client.post(url, {"email": member.email}).status_code == 302
    refused = client.post(url, {"email": member.email.upper()})
    assert refused.status_code == 200
    assert "Too many reset links were asked for" in refused.content.decode()
    assert len(mail.outbox) == 2
    # Other addresses from the same client: two more, then refused whatever the address.
    for n in range(2):
        assert client.post(url, {"email": f"nobody{n}@example.ca"}).status_code == 302
    assert client.post(url, {"email": "nobody9@example.ca"}).status_code == 200
    # Another client may still ask for another address.
    other = Client()
    assert other.post(url, {"email": "x@example.ca"}, REMOTE_ADDR="198.51.100.7").status_code == 302


def _token_for(user):
    token, key = ApiToken.issue(user=user, name="Dashboard")
    reader = APIClient()
    reader.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return token, reader


def test_a_password_change_revokes_every_token(client, member):
    __, reader = _token_for(member)
    assert reader.get(reverse("api:service-list")).status_code == 200
    client.force_login(member)
    changed = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-password",
            "new_password2": "a-new-long-password",
        },
    )
    assert changed.status_code == 302
    refused = reader.get(reverse("api:service-list"))
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["message"].startswith("This token is not valid")
    assert not ApiToken.objects.filter(user=member).exists()


def test_tokens_expire(member, settings):
    settings.API_TOKEN_DAYS = 30
    token, reader = _token_for(member)
    assert round((token.expires_at - token.created_at).total_seconds() / 86400) == 30
    ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at)
    refused = reader.get(reverse("api:service-list"))
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["message"].startswith("This token expired")


def test_a_token_from_a_session_asks_for_the_password_and_counts_failures(client, member, settings):
    settings.LOGIN_MAX_FAILURES = 2
    client.force_login(member)
    for _ in range(2):
        wrong = client.post(reverse("profile"), {"name": "x", "password": "guess"})
        assert "This is not your password." in wrong.content.decode()
    locked = client.post(reverse("profile"), {"name": "x", "password": PASSWORD})
    assert LOCKED in locked.content.decode()
    assert not ApiToken.objects.filter(user=member).exists()
