"""Load on the public feedback form: people posting answers through gunicorn, against a
trivial view, then a count of the rows stored.

The form is the platform's only anonymous write facing the internet. BENCH_LOAD_CONNECTIONS
(default 32) connections post complete answers (every question, satisfaction, a comment) to
the demo data's open campaign for BENCH_LOAD_SECONDS (default 10), through every guard the
form has: the CSRF check, the hidden field, the signed token with its minimum age (tokens are
handed out before the run, then left to age past FEEDBACK_MIN_FILL_SECONDS), and the limits per
campaign and per address. Each answer comes from an address of its own, as people behind a
reverse proxy do (TRUSTED_PROXIES=1 and X-Forwarded-For); the per-campaign limit is raised for
the run, so the limit is still counted on every answer but the run measures storing, not
refusing. Target (issue "Citizens' voice"): at least 0.5x the trivial view's requests per
second, no errors, and every accepted answer stored.
"""

import io
import itertools
import threading
import time
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench._django import setup
from bench.bench_load import CONNECTIONS, SECONDS, WORKERS, _hammer, _report, _Server, _summary

TARGET = 0.5


def _scene():
    from django.core.management import call_command

    from feedback.models import Campaign

    call_command("load_demo_data", verbosity=0, stdout=io.StringIO())
    campaign = next(c for c in Campaign.objects.order_by("pk") if c.is_open())
    questions = list(campaign.attributes.values_list("pk", flat=True))
    return campaign, questions


def _csrf(port, path) -> str:
    """A browser's CSRF cookie, from its first look at the form."""
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    conn.close()
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    if response.status != 200 or "csrftoken" not in jar:
        raise SystemExit(f"{path} answered {response.status} without a CSRF cookie")
    return jar["csrftoken"].value


def _post_answers(port, path, questions, tokens, seconds, connections):
    """Each connection posts answers until the deadline, each with a fresh token and address."""
    csrf = _csrf(port, path)
    addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))
    lock = threading.Lock()
    latencies, statuses = [], {}
    deadline = time.monotonic() + seconds

    def body(token):
        fields = {
            "csrfmiddlewaretoken": csrf,
            "token": token,
            "website": "",
            "satisfaction": "4",
            "got_needed": "yes",
            "comment": "The counter staff were helpful; call me at 613-555-0100.",
        }
        fields.update({f"q_{pk}": str(1 + pk % 5) for pk in questions})
        return urlencode(fields)

    def worker():
        mine, seen = [], {}
        while time.monotonic() < deadline:
            with lock:
                token, address = next(tokens), next(addresses)
            start = time.perf_counter()
            try:
                conn = HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request(
                    "POST",
                    path,
                    body=body(token),
                    headers={
                        "Host": "127.0.0.1",
                        "Cookie": f"csrftoken={csrf}",
                        "Content-Type": "application/x-www-form-urlencoded",
                        "X-Forwarded-For": address,
                    },
                )
                status = conn.getresponse().status
                conn.close()
            except OSError:
                status = 0
            mine.append(time.perf_counter() - start)
            seen[status] = seen.get(status, 0) + 1
        with lock:
            latencies.extend(mine)
            for status, n in seen.items():
                statuses[status] = statuses.get(status, 0) + n

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    accepted = statuses.get(302, 0)
    return {
        **_summary(latencies, elapsed),
        "errors": len(latencies) - accepted,
        "accepted": accepted,
        "statuses": statuses,
    }


def main() -> None:
    setup()
    from django.conf import settings

    from feedback.forms import form_token
    from feedback.models import Answer, Response

    campaign, questions = _scene()
    path = f"/en/have-your-say/{campaign.public_token}/"
    # Enough tokens for any rate this machine reaches; handed out now, sent once old enough.
    tokens = iter([form_token() for _ in range(60_000)])
    fill = settings.FEEDBACK_MIN_FILL_SECONDS
    print(
        f"gunicorn, {WORKERS} sync workers, {CONNECTIONS} connections, {SECONDS:.0f} s, "
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; {len(questions)} questions "
        f"per answer, tokens at least {fill} s old, one address per answer",
        flush=True,
    )
    before = Response.objects.count(), Answer.objects.count()
    server = _Server(TRUSTED_PROXIES="1", FEEDBACK_RATE_PER_CAMPAIGN="1000000")
    try:
        base = _hammer(server.port, "/health/", ["x=1"], SECONDS, CONNECTIONS)
        _report("trivial view /health/", base, base["rps"])
        time.sleep(fill + 1)
        result = _post_answers(server.port, path, questions, tokens, SECONDS, CONNECTIONS)
        _report("public form, POST an answer", result, base["rps"])
    finally:
        server.stop()
    stored = Response.objects.count() - before[0]
    answers = Answer.objects.count() - before[1]
    masked = not Response.objects.filter(comment__contains="613-555-0100").exists()
    print(f"  statuses: {dict(sorted(result['statuses'].items()))}")
    print(
        f"  {result['accepted']} answers accepted, {stored} stored "
        f"({answers} ratings, {len(questions)} each); telephone numbers masked: {masked}"
    )
    ratio = result["rps"] / base["rps"]
    met = ratio >= TARGET and result["errors"] == 0 and stored == result["accepted"] and masked
    print(
        f"  {'met' if met else 'NOT met'}: {ratio:.2f}x the trivial view (target {TARGET}x), "
        f"{result['errors']} errors, every accepted answer stored: {stored == result['accepted']}"
    )
