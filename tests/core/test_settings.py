"""Configuration comes from the environment, and production refuses unsafe set-ups."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parent.parent.parent


def test_env_helpers_read_typed_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a.example.ca, b.example.ca,")
    assert env_bool("X_BOOL") is True
    assert env_int("X_INT", 1) == 42
    assert env_list("X_LIST") == ["a.example.ca", "b.example.ca"]
    assert env_str("X_UNSET_VALUE", "fallback") == "fallback"


@pytest.mark.parametrize(
    ("name", "value", "reader"), [("X_BOOL", "maybe", env_bool), ("X_INT", "ten", env_int)]
)
def test_env_helpers_fail_loudly_on_a_bad_value(monkeypatch, name, value, reader):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        reader(name, 0) if reader is env_int else reader(name)


def _manage(*args, **env):
    skip = {"DJANGO_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in skip}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", "--settings=ccsmm.settings.production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level=WARNING",
        "--settings=ccsmm.settings.production",
        DJANGO_SECRET_KEY="k" * 10 + "a-long-random-value-for-the-deployment-check-0123456789",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_sqlite_is_the_embedded_default_and_database_url_selects_postgresql():
    script = (
        "from django.conf import settings; db = settings.DATABASES['default']; "
        "print(db['ENGINE'], db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'])"
    )
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_CONN_MAX_AGE"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "ccsmm.settings.local"

    def database():
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        )
        return out.stdout.strip()

    assert database() == "django.db.backends.sqlite3 0 True"
    # A server's connections are kept between requests, and checked before each reuse.
    env["DATABASE_URL"] = "postgres://u@127.0.0.1:5432/x"
    assert database() == "django.db.backends.postgresql 60 True"
    env["DATABASE_CONN_MAX_AGE"] = "0"
    assert database() == "django.db.backends.postgresql 0 True"


def test_tasks_run_in_process_without_a_broker_and_through_redis_with_one():
    script = "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)"
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_BROKER_URL"}}
    env["DJANGO_SETTINGS_MODULE"] = "ccsmm.settings.local"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == "True"
    env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == "False"


def test_postgresql_prepares_statements_and_keeps_the_options_of_database_url():
    script = (
        "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS']; "
        "print(o.get('sslmode'), o['server_side_binding'], o['prepare_threshold'])"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DATABASE_PREPARED_STATEMENTS"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "ccsmm.settings.local"
    env["DATABASE_URL"] = "postgres://u@127.0.0.1:5432/x?sslmode=require"

    def options():
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        )
        return out.stdout.strip()

    assert options() == "require True 2"
    env["DATABASE_PREPARED_STATEMENTS"] = "false"
    assert options() == "require True None"
