"""The production shape, run on one machine and walked through once (`make prod-smoke`).

Starts what a deployment runs, with ``ccsmm.settings.production``: gunicorn (2 workers), a
Celery worker and the Celery beat scheduler, on the PostgreSQL of DATABASE_URL (in a
database of its own, dropped at the end) and the Redis of REDIS_URL. Requests carry
``X-Forwarded-Proto: https`` and ``X-Forwarded-For`` as the TLS proxy in front (Caddy) would.
It signs in, scores an attribute, requests a PDF report, waits for the worker to render it,
downloads it, and stops everything it started. Any step that fails stops the run with its
name and a non-zero exit.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EMAIL, PASSWORD = "provincial@example.ca", "demo-password-2026"  # the published demo account


class SmokeFailure(Exception):
    pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_database(url: str) -> tuple[dict, str]:
    import dj_database_url

    parsed = dj_database_url.parse(url)
    if "postgresql" not in parsed["ENGINE"]:
        raise SmokeFailure("DATABASE_URL must point at PostgreSQL, the production database")
    server = {
        "host": parsed["HOST"] or "127.0.0.1",
        "port": parsed["PORT"] or 5432,
        "user": parsed["USER"] or "postgres",
        "password": parsed["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    name = f"ccsmm_smoke_{secrets.token_hex(4)}"
    return server, name


class Browser:
    """A person's browser over plain HTTP to gunicorn, as the proxy forwards it: cookies
    (Secure ones too, the proxy speaks HTTPS to the person), CSRF token, Referer."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, bytes]:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": "localhost",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "198.51.100.20",
            "Referer": f"https://localhost{path}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        answer = {k.lower(): v for k, v in response.getheaders()}
        connection.close()
        return response.status, answer, content

    def get(self, path: str) -> tuple[int, dict, bytes]:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> tuple[int, dict, bytes]:
        return self.request("POST", path, form)


def _expect(condition: bool, step: str, detail: str = "") -> None:
    if not condition:
        raise SmokeFailure(f"{step}: {detail}" if detail else step)
    print(f"  ok  {step}", flush=True)


def _location(headers: dict) -> str:
    return urlsplit(headers.get("location", "")).path


def _walk(port: int, assessment: str, attribute: str) -> None:
    browser = Browser(port)
    status, __, __ = browser.get("/en/accounts/login/")
    _expect(status == 200 and "csrftoken" in browser.cookies, "the sign-in page answers")
    status, headers, __ = browser.post(
        "/en/accounts/login/", {"username": EMAIL, "password": PASSWORD}
    )
    _expect(status == 302 and "sessionid" in browser.cookies, "signing in", f"status {status}")

    score_path = f"/en/assessments/{assessment}/attributes/{attribute}/"
    status, headers, page = browser.get(score_path)
    _expect(status == 200, "the score page answers", f"status {status}")
    _expect("no-store" in headers.get("cache-control", ""), "a signed-in page is never stored")
    version = re.search(rb'name="version" value="(\d+)"', page)
    _expect(version is not None, "the score form carries its version")
    assert version is not None
    status, headers, __ = browser.post(
        score_path,
        {
            "current_level": "2",
            "target_level": "4",
            "rationale": "Checked on the production shape.",
            "version": version.group(1).decode(),
            "save": "Save",
        },
    )
    _expect(status == 302, "saving a score", f"status {status}")
    status, __, page = browser.get(score_path)
    _expect(b"Checked on the production shape." in page, "the score reads back")

    status, headers, __ = browser.post(f"/en/assessments/{assessment}/reports/", {"language": "en"})
    status_path = _location(headers)
    _expect(status == 302 and "/reports/" in status_path, "requesting a PDF report")
    job = status_path.rstrip("/").rsplit("/", 1)[-1]
    deadline = time.monotonic() + 180
    state: dict = {}
    while time.monotonic() < deadline:
        code, __, body = browser.get(f"/en/reports/{job}/progress.json")
        state = json.loads(body) if code == 200 else {}
        if state.get("status") in ("done", "failed"):
            break
        time.sleep(1)
    _expect(state.get("status") == "done", "the worker renders the report", json.dumps(state))
    status, headers, pdf = browser.get(f"/en/reports/{job}/download/")
    _expect(
        status == 200 and pdf.startswith(b"%PDF") and len(pdf) > 10_000,
        "downloading the PDF",
        f"status {status}, {len(pdf)} bytes",
    )


def _read(log: Path) -> str:
    return log.read_text(errors="replace") if log.exists() else ""


def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    handle = log.open("wb")
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_healthy(port: int, processes: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise SmokeFailure("a process stopped while starting (see the logs above)")
        try:
            status, __, body = Browser(port).get("/health/")
        except OSError:
            time.sleep(0.5)
            continue
        health = json.loads(body)
        _expect(
            status == 200 and health == {"status": "ok", "database": "ok", "redis": "ok"},
            "gunicorn answers its health check with the database and Redis",
            body.decode(),
        )
        return
    raise SmokeFailure("gunicorn did not answer within 60 seconds")


def _prepare(env: dict) -> tuple[str, str]:
    """Migrate, collect static files, load the demo; the assessment and attribute to score."""
    manage = [str(BIN / "python"), "manage.py"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo_data"]):
        subprocess.run(
            [*manage, *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    found = subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from assessments.models import Assessment as A; "
            "a = A.objects.filter(status='draft', service__owner__slug='demo-provincial')"
            ".order_by('created_at').first(); "
            "print('TO-SCORE', a.uuid, a.catalogue_version.attributes.order_by('order').first().key)",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    line = next((x for x in found.stdout.splitlines() if x.startswith("TO-SCORE ")), "")
    if not line:
        raise SmokeFailure(f"no draft assessment in the demo data: {found.stdout[-500:]}")
    __, assessment, attribute = line.split()
    return assessment, attribute


def main() -> int:
    url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not url or not redis_url:
        print("prod-smoke needs DATABASE_URL (PostgreSQL) and REDIS_URL", file=sys.stderr)
        return 2
    import psycopg

    server, name = _server_database(url)
    work = Path(tempfile.mkdtemp(prefix="ccsmm-smoke-"))
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ccsmm.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "TRUSTED_PROXIES": "1",
        "DATABASE_URL": url.rsplit("/", 1)[0] + "/" + name,
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "CELERY_TASK_DEFAULT_QUEUE": f"smoke-{name}",
        "JOBS_SWEEP_SECONDS": "5",  # the scheduler's first sweep within the run
    }
    processes: list[subprocess.Popen] = []
    with psycopg.connect(**server) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        print(f"production shape on port {port}, database {name}", flush=True)
        assessment, attribute = _prepare(env)
        queue = env["CELERY_TASK_DEFAULT_QUEUE"]
        celery = [str(BIN / "celery"), "-A", "ccsmm"]
        processes = [
            _start(
                [
                    str(BIN / "gunicorn"),
                    "ccsmm.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                ],
                env,
                work / "gunicorn.log",
            ),  # fmt: skip
            _start(
                [*celery, "worker", "--concurrency", "1", "--queues", queue, "--loglevel", "info"],
                env,
                work / "worker.log",
            ),
            _start(
                [*celery, "beat", "--schedule", str(work / "beat-schedule"), "--loglevel", "info"],
                env,
                work / "beat.log",
            ),
        ]
        _wait_healthy(port, processes)
        _walk(port, assessment, attribute)
        _expect(processes[2].poll() is None, "the scheduler is running")
        swept = re.compile(r"Task core\.requeue_jobs\[[^\]]+\] succeeded")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not swept.search(_read(work / "worker.log")):
            time.sleep(1)
        _expect(
            "Sending due task requeue-jobs" in _read(work / "beat.log")
            and bool(swept.search(_read(work / "worker.log"))),
            "the scheduler sends the sweep of stuck jobs and a worker runs it",
        )
        print("production shape: every step passed", flush=True)
        return 0
    except (SmokeFailure, subprocess.CalledProcessError) as failure:
        print(f"prod-smoke FAILED: {failure}", file=sys.stderr)
        for log in sorted(work.glob("*.log")):
            print(f"--- {log.name} (last lines)", file=sys.stderr)
            print("\n".join(log.read_text(errors="replace").splitlines()[-30:]), file=sys.stderr)
        return 1
    finally:
        _stop(processes)
        with psycopg.connect(**server) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
