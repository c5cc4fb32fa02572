"""Session and cookie settings, security headers (the lock-out: test_sign_in.py)."""

import os
import subprocess
import sys

from django.urls import reverse

from tests.factories import PASSWORD


def test_every_page_carries_a_content_security_policy_without_inline_script(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    script = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert script == "script-src 'self'"
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_production_cookies_are_secure_http_only_and_sessions_expire():
    script = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_AGE, s.SECURE_HSTS_SECONDS > 0, len(s.AUTH_PASSWORD_VALIDATORS))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DJANGO_SETTINGS_MODULE="ccsmm.settings.production", DJANGO_SECRET_KEY="x" * 60)
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.split() == ["True", "True", "True", "28800", "True", "4"], out.stderr


def test_weak_passwords_are_refused(client, member):
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    body = response.content.decode()
    assert "This password is too short" in body or "too common" in body
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
