"""Load on gunicorn over loopback: every page a signed-in person reaches, against a trivial view.

The pages are those found by following links from the home page as the provincial service
manager of the demo data (bench/_crawl.py). Each is requested for BENCH_LOAD_SECONDS (default
10) by BENCH_LOAD_CONNECTIONS (default 32) concurrent connections from a Python load generator
on the same machine; requests per second, latency percentiles and errors are reported, with
the ratio to the trivial view's throughput measured in the same run. Every page is rendered on
every request (no page is cached). Then the assessment page is requested by 32 different people
while a score is saved every second. Target (issue "Fast by construction"): every page at least
0.33x the trivial view's requests per second, with no errors.
"""

import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from http.cookies import SimpleCookie

from bench._crawl import crawl
from bench._django import ROOT, setup

SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "32"))
WORKERS = os.environ.get("BENCH_GUNICORN_WORKERS", "2")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _session_for(user) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _scene():
    """The demo data, the provincial manager and a team of CONNECTIONS - 1 more members."""
    from django.core.management import call_command

    from assessments.models import Assessment
    from organizations.models import Membership, User

    call_command("load_demo_data", verbosity=0, stdout=io.StringIO())
    manager = User.objects.get(email="provincial@example.ca")
    organization = manager.memberships.get().organization
    team = [manager]
    for n in range(1, CONNECTIONS):
        member = User.objects.create_user(
            email=f"member{n}@provincial.example.ca", password=None, full_name=f"Member {n}"
        )
        Membership.objects.create(user=member, organization=organization, role="member")
        team.append(member)
    assessment = Assessment.objects.get(cycle="2025-26")
    return [_session_for(user) for user in team], assessment


def _hammer(port, path, cookies, seconds, connections):
    """Connection n is the browser sending cookies[n % len(cookies)]."""
    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(cookie):
        mine, bad = [], 0
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                conn = HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status != 200:
                    bad += 1
            except OSError:
                bad += 1
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors.append(bad)

    threads = [
        threading.Thread(target=worker, args=(cookies[n % len(cookies)],))
        for n in range(connections)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {**_summary(latencies, time.perf_counter() - started), "errors": sum(errors)}


def _summary(latencies: list[float], elapsed: float) -> dict:
    """Requests per second and latency percentiles (ms) of one run."""
    latencies = sorted(latencies)

    def pct(p):
        if not latencies:
            return 0
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return {
        "rps": len(latencies) / elapsed,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "requests": len(latencies),
    }


def _browser_cookies(port, session_key, path) -> str:
    """The cookies a signed-in browser sends: its session and the CSRF cookie of its first page."""
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": f"sessionid={session_key}", "Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    conn.close()
    if response.status != 200 or "csrftoken" not in jar:
        raise SystemExit(f"{path} answered {response.status} without a CSRF cookie")
    return f"sessionid={session_key}; csrftoken={jar['csrftoken'].value}"


class _Writer(threading.Thread):
    """A score's rationale saved every `interval` seconds, as a team at work does."""

    def __init__(self, assessment, interval=1.0):
        super().__init__(daemon=True)
        self.assessment, self.interval, self.writes = assessment, interval, 0
        self.done = threading.Event()

    def run(self):
        from django.db import connection

        from assessments.models import AttributeScore

        score = AttributeScore.objects.filter(assessment=self.assessment).first()
        while not self.done.wait(self.interval):
            AttributeScore.objects.filter(pk=score.pk).update(rationale=f"Draft {self.writes}")
            self.writes += 1
        connection.close()


class _Server:
    """gunicorn on a free loopback port, with extra environment."""

    def __init__(self, **extra):
        self.port = _free_port()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ccsmm.settings.local", "DJANGO_DEBUG": "false",
               "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING", "PYTHONWARNINGS": "ignore", **extra}  # fmt: skip
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "ccsmm.wsgi:application", "-b", f"127.0.0.1:{self.port}", "-w", WORKERS, "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        for _ in range(100):
            try:
                HTTPConnection("127.0.0.1", self.port, timeout=1).request("GET", "/health/")
                return
            except OSError:
                time.sleep(0.1)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def _report(label, r, base):
    print(
        f"  {label:<40} {r['rps']:8.1f} req/s ({r['rps'] / base:4.2f}x)  p50 {r['p50']:6.1f} ms  "
        f"p95 {r['p95']:6.1f} ms  p99 {r['p99']:6.1f} ms  errors {r['errors']} of {r['requests']}",
        flush=True,
    )


def _pages() -> list[tuple[str, str]]:
    from django.test import Client

    from organizations.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(email="provincial@example.ca"))
    return crawl(client, "/en/")


def main() -> None:
    setup()
    from django.conf import settings

    sessions, assessment = _scene()
    assessment_path = f"/en/assessments/{assessment.uuid}/"
    pages = _pages()
    print(
        f"gunicorn, {WORKERS} sync workers, {CONNECTIONS} connections, {SECONDS:.0f} s per page, "
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, {len(pages)} pages; "
        "every page rendered on every request",
        flush=True,
    )
    server = _Server()
    try:
        cookie = _browser_cookies(server.port, sessions[0], assessment_path)
        base = _hammer(server.port, "/health/", [cookie], SECONDS, CONNECTIONS)
        _report("trivial view /health/", base, base["rps"])
        below = 0
        for label, path in pages:
            result = _hammer(server.port, path, [cookie], SECONDS, CONNECTIONS)
            below += result["rps"] / base["rps"] < 0.33 or result["errors"] > 0
            _report(label, result, base["rps"])
        # Every connection someone else, while a score is saved every second.
        team = [_browser_cookies(server.port, key, assessment_path) for key in sessions]
        writer = _Writer(assessment)
        writer.start()
        try:
            result = _hammer(server.port, assessment_path, team, SECONDS, CONNECTIONS)
        finally:
            writer.done.set()
            writer.join()
        _report(f"assessment page, {len(team)} people, 1 save/s", result, base["rps"])
        print(f"  ({writer.writes} saves during that run)", flush=True)
        print(
            f"  {len(pages) - below} of {len(pages)} pages at 0.33x the trivial view or more, with no errors"
        )
    finally:
        server.stop()
