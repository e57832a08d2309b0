"""Listing 10,000 enrolments page by page through the REST API, against a bare
Django view returning the same rows as JSON, in the same run.

    DATABASE_URL=postgres://… .venv/bin/python bench/api.py [--enrolments 10000]

Seeds ``--enrolments`` enrolments (each trainee a person with an encrypted ID
number) on one course in a database of its own beside the one named (dropped
afterwards; SQLite in a temporary folder without DATABASE_URL), then reads them
all, in interleaved rounds, through ``GET /api/v1/enrolments`` with a county HR
officer's token (token, rate limit, permission, scope, masking, schema) and through
``bench/api_urls.bare`` (the same query, rows and order, nothing else). Both go
through Django's whole middleware stack in this process (its test client), so the
difference is the API's own work. Prints one JSON object per round and a summary:
``ratio_vs_bare`` (median API time over median bare time; goal ≤ 1.5) and
``queries`` per API page (the same on every page). BENCH_PROFILE=1 adds where
the time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH_DATABASE = "jiangxin_bench_api"
ROUNDS = 5
PAGE = 100


def emit(record: dict) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _environment(scratch: Path) -> tuple[dict, str, callable]:
    env = dict(os.environ)
    env |= {
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PERSONAL_DATA_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "MEDIA_ROOT": str(scratch / "media"),
        "CELERY_BROKER_URL": "memory://",
        "API_REQUESTS_PER_MINUTE": "100000000",
        "PYTHONPATH": str(ROOT),
    }
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        env["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
        return env, "sqlite", lambda: None

    import psycopg

    def admin(sql: str) -> None:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
    admin(f"CREATE DATABASE {BENCH_DATABASE}")
    env["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{BENCH_DATABASE}"))
    return env, "postgresql", lambda: admin(f"DROP DATABASE {BENCH_DATABASE}")


# --- Inside the bench environment ----------------------------------------------


def _seed(count: int) -> str:
    """The enrolments, and the secret of a county HR officer's token."""
    import datetime as dt

    from django.utils import timezone

    from api.services import create_token
    from lms import identity
    from lms.models import Person, User
    from lms.roles import Role
    from tests import factories
    from trainees.models import Enrolment, EnrolmentSource, EnrolmentStatus

    school = factories.institution("510104", "基准测试学校")
    course = factories.course(school, title="基准课程")
    users = User.objects.bulk_create(
        User(username=f"bench{n}", email=f"bench{n}@example.org") for n in range(count)
    )
    people = []
    for n, user in enumerate(users):
        number = factories.id_number(n + 1)
        person = Person(real_name=f"学员{n}", user=user, household_region_id="510104")
        person.id_number_digest = identity.digest(number)
        person.id_number_encrypted = identity.encrypt(number)
        person.id_number_masked = identity.mask_id_number(number)
        person.sex = identity.sex_of(number)
        person.birth_date = identity.birth_date_of(number)
        people.append(person)
    Person.objects.bulk_create(people, batch_size=2000)
    Enrolment.objects.bulk_create(
        (
            Enrolment(
                user=user,
                course=course,
                status=EnrolmentStatus.ENROLLED,
                source=EnrolmentSource.COHORT,
                verified_seconds=n * 7 % 50000,
            )
            for n, user in enumerate(users)
        ),
        batch_size=2000,
    )
    officer = factories.officer("510104", Role.HR_OFFICER)
    _token, secret = create_token(
        owner=officer,
        name="bench",
        expires_at=timezone.now() + dt.timedelta(days=1),
        by=officer,
    )
    return secret


def _profile(api, through_api, through_bare, size: int) -> None:
    """BENCH_PROFILE=1: the statements of one API page with their times, and where
    both listings spend their time (cProfile), on standard error."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        api.get("/api/v1/enrolments", {"limit": size})
    for query in captured.captured_queries:
        sys.stderr.write(f"{query['time']} s  {query['sql'][:120]}\n")
    for name, run in (("api", through_api), ("bare", through_bare)):
        profile = cProfile.Profile()
        profile.runcall(run)
        sys.stderr.write(f"--- {name}\n")
        stats = pstats.Stats(profile, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(20)


def inner(count: int, database: str, size: int = PAGE) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    started = time.perf_counter()
    secret = _seed(count)
    emit({"phase": "seed", "seconds": round(time.perf_counter() - started, 1)})
    if database == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    bare = Client()

    def through_api(queries: list[int] | None = None) -> int:
        rows, cursor = 0, None
        while True:
            params = {"limit": size, **({"cursor": cursor} if cursor else {})}
            with CaptureQueriesContext(connection) as captured:
                response = api.get("/api/v1/enrolments", params)
            assert response.status_code == 200, response.content[:300]
            body = response.json()
            rows += len(body["items"])
            if queries is not None:
                queries.append(len(captured.captured_queries))
            cursor = body["next_cursor"]
            if cursor is None:
                return rows

    def through_bare() -> int:
        rows, after = 0, None
        while True:
            params = {"limit": size, **({"after": after} if after else {})}
            response = bare.get("/bench/bare-enrolments", params)
            assert response.status_code == 200
            body = response.json()
            rows += len(body["items"])
            after = body["next"]
            if after is None:
                return rows

    with override_settings(ROOT_URLCONF="bench.api_urls"):
        # The token's first use records its time (once a minute at most), not
        # part of any page's cost.
        assert api.get("/api/v1/me").status_code == 200
        queries: list[int] = []
        assert through_api(queries) == count  # warm-up, and the query counts
        assert through_bare() == count
        if os.environ.get("BENCH_PROFILE"):
            _profile(api, through_api, through_bare, size)
        api_times, bare_times = [], []
        for round_ in range(ROUNDS):
            started = time.perf_counter()
            through_api()
            api_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            through_bare()
            bare_times.append(time.perf_counter() - started)
            emit(
                {
                    "round": round_ + 1,
                    "api_s": round(api_times[-1], 3),
                    "bare_s": round(bare_times[-1], 3),
                }
            )
    api_s, bare_s = statistics.median(api_times), statistics.median(bare_times)
    emit(
        {
            "enrolments": count,
            "page": size,
            "pages": len(queries),
            "api_s": round(api_s, 3),
            "bare_s": round(bare_s, 3),
            "ratio_vs_bare": round(api_s / bare_s, 3),
            "queries": sorted(set(queries)),
            "database": database,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrolments", type=int, default=10_000)
    parser.add_argument("--page", type=int, default=PAGE, help="rows a page (≤ 500)")
    parser.add_argument("--inner", default="")
    args = parser.parse_args()
    if args.inner:
        inner(args.enrolments, args.inner, args.page)
        return
    with tempfile.TemporaryDirectory(prefix="jiangxin-bench-") as folder:
        env, database, cleanup = _environment(Path(folder))
        try:
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "-v", "0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            subprocess.run(
                [sys.executable, __file__, "--enrolments", str(args.enrolments)]
                + ["--page", str(args.page), "--inner", database],
                cwd=ROOT,
                env=env,
                check=True,
            )
        finally:
            cleanup()


if __name__ == "__main__":
    main()
