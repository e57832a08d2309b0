"""The province dashboard's figures, against hand-written SQL aggregates.

    .venv/bin/python bench/dashboard.py [--trainees 100000] [--workshops 10000]
                                        [--claims 50000]

Seeds one province (Sichuan, topped up to at least 200 counties) with
``--trainees`` trainees on one course per county (enrolments, verified hours,
certificates, status periods), ``--workshops`` workshops in every state with
confirmations and employment, and ``--claims`` claims in every state with their
approval and payment events, in bulk. Then it counts the province's dashboard
(``reporting.figures.region_dashboard``) and, in the same run, hand-written SQL
aggregates of the same figures (by prefecture and by month), asserts that both give
the same numbers, and prints JSON: ``dashboard_s``, ``sql_s``, ``ratio_vs_sql``
(goal at most 2) and ``queries``; then the province's statistics report for last
year, rolled up from every county's as the regions make it (``report_s``), and its
XLSX export (``export_s``, ``peak_mb``: goal under 256 MB). Each dashboard and
SQL timing is the median of three runs after ANALYZE. Needs PostgreSQL
(DATABASE_URL): it works in a database of its own beside the one named, dropped
afterwards.

``main()`` returns the figures as a dict, so another measurement (the statistics
report's export) can be added to the same run.
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
BENCH_DATABASE = "jiangxin_bench_dashboard"
MIN_COUNTIES = 200
ROUNDS = 3


def emit(record: dict) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def _environment(scratch: Path) -> tuple[dict, callable]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/dashboard.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    import psycopg

    # CREATE and DROP DATABASE from the maintenance database.
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))

    def admin(sql: str) -> None:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
    admin(f"CREATE DATABASE {BENCH_DATABASE}")
    env = dict(os.environ) | {
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PERSONAL_DATA_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(scratch / "media"),
        "CELERY_BROKER_URL": "memory://",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": urlunsplit(urlsplit(url)._replace(path=f"/{BENCH_DATABASE}")),
    }
    return env, lambda: admin(f"DROP DATABASE {BENCH_DATABASE}")


# --- Inside the bench environment ----------------------------------------------


def _counties() -> list[str]:
    """Sichuan's counties, topped up with made-up ones to at least 200."""
    from lms.models import Region

    counties = list(
        Region.objects.filter(code__startswith="51", level="county").values_list(
            "code", flat=True
        )
    )
    prefectures = list(
        Region.objects.filter(code__startswith="51", level="prefecture").values_list(
            "code", flat=True
        )
    )
    taken = set(Region.objects.values_list("code", flat=True))
    extra = []
    for suffix in range(50, 100):
        for prefecture in prefectures:
            code = f"{prefecture[:4]}{suffix:02d}"
            if len(counties) + len(extra) >= MIN_COUNTIES:
                break
            if code not in taken:
                extra.append(
                    Region(
                        code=code,
                        name=f"基准县{code}",
                        level="county",
                        parent_id=prefecture,
                    )
                )
    Region.objects.bulk_create(extra)
    return counties + [region.code for region in extra]


def _seed(trainees: int, workshops: int, claims: int) -> dict:
    import datetime as dt
    import itertools
    from decimal import Decimal

    from django.utils import timezone

    from courses.models import TrainingMode
    from inheritors.models import (
        Workshop,
        WorkshopConfirmation,
        WorkshopEmployment,
        WorkshopLeader,
    )
    from lms.models import Person, Region, StatusGroup, StatusPeriod, User
    from lms.skills import CertificateKind, SkillLevel
    from tests import factories
    from trainees.certificates.models import Certificate
    from trainees.models import Enrolment
    from trainees.subsidies.models import (
        Claim,
        ClaimEvent,
        ClaimState,
        Policy,
        Verdict,
    )

    counties = _counties()
    today = timezone.localdate()
    now = timezone.now()
    # A provincial school, so that its courses may be held in every county.
    school = factories.institution("510000", "基准测试学校")
    regions = Region.objects.in_bulk(counties)
    modes = list(TrainingMode.values)
    courses = [
        factories.course(
            school,
            title=f"基准课程{code}",
            region=regions[code],
            mode=modes[n % len(modes)],
            occupation="刺绣工",
            skill_level=SkillLevel.LEVEL_5,
        )
        for n, code in enumerate(counties)
    ]
    ids = itertools.count(1)
    people = []
    for n in range(trainees + len(counties)):
        person = Person(real_name=f"基准{n}", household_region_id=counties[n % 200])
        person.set_id_number(factories.id_number(next(ids)))
        person.set_mobile("")
        people.append(person)
    users = User.objects.bulk_create(
        User(username=f"bench{n}", email=f"bench{n}@bench.test", password="!")
        for n in range(trainees)
    )
    for person, user in zip(people, users, strict=False):
        person.user = user
    people = Person.objects.bulk_create(people, batch_size=5000)
    trainee_people, leader_people = people[:trainees], people[trainees:]

    def moment(n: int) -> dt.datetime:
        return now - dt.timedelta(days=n % 900, hours=n % 24)

    enrolments = Enrolment.objects.bulk_create(
        (
            Enrolment(
                user=user,
                course=courses[n % len(courses)],
                status="enrolled" if n % 10 else "withdrawn",
                source="cohort",
                verified_seconds=(n % 7) * 1800,
                attended_seconds=(n % 3) * 3600,
                completed_at=moment(n) if n % 4 else None,
            )
            for n, user in enumerate(users)
        ),
        batch_size=5000,
    )
    groups = list(StatusGroup.values)
    StatusPeriod.objects.bulk_create(
        (
            StatusPeriod(
                person=person,
                group=groups[n % len(groups)],
                starts_on=dt.date(2020, 1, 1),
                ends_on=None if n % 2 else dt.date(2030, 1, 1),
            )
            for n, person in enumerate(trainee_people)
            if n % 3 == 0
        ),
        batch_size=5000,
    )
    kinds = [CertificateKind.TRAINING, CertificateKind.SKILL_LEVEL]
    Certificate.objects.bulk_create(
        (
            Certificate(
                kind=kinds[n % 2],
                person=trainee_people[n],
                enrolment=enrolment,
                course_id=enrolment.course_id,
                skill_level=SkillLevel.LEVEL_5 if n % 2 else None,
                institution=school,
                region_id=counties[n % len(courses)],
                serial=f"BENCH{n:09d}",
                verification_code="BENCH1",
                issued_on=(now - dt.timedelta(days=n % 800)).date(),
            )
            for n, enrolment in enumerate(enrolments)
            if n % 3 == 0
        ),
        batch_size=5000,
    )

    leaders = WorkshopLeader.objects.bulk_create(
        WorkshopLeader(person=person, region_id=counties[n])
        for n, person in enumerate(leader_people)
    )
    states = ["applied", "identified", "active", "cancelled", "identified"]
    shops = []
    for n in range(workshops):
        state = states[n % len(states)]
        identified = state != "applied"
        identified_on = dt.date(today.year - n % 5, 1 + n % 12, 1 + n % 28)
        shops.append(
            Workshop(
                name=f"基准工坊{n}",
                region_id=counties[n % len(counties)],
                entity_type="individual",
                leader=leaders[n % len(leaders)],
                craft="蜀绣",
                address="基准地址",
                state=state,
                identified_on=identified_on if identified else None,
                library_entered_on=identified_on if state == "active" else None,
            )
        )
    shops = Workshop.objects.bulk_create(shops, batch_size=5000)
    WorkshopConfirmation.objects.bulk_create(
        (
            WorkshopConfirmation(workshop=shop, year=year, channel="admin")
            for n, shop in enumerate(shops)
            if shop.identified_on
            for year in range(shop.identified_on.year + 1, today.year + 1)
            if (n + year) % 3
        ),
        batch_size=5000,
    )
    WorkshopEmployment.objects.bulk_create(
        (
            WorkshopEmployment(
                workshop=shop,
                year=today.year - 1,
                employed=5 + n % 20,
                poverty_alleviated=n % 5,
                monitoring_targets=n % 3,
            )
            for n, shop in enumerate(shops)
            if shop.identified_on
        ),
        batch_size=5000,
    )

    policy = Policy.objects.create(
        region_id="510000",
        name="基准政策",
        valid_from=dt.date(2020, 1, 1),
        eligible_groups=[StatusGroup.RURAL_LABOURER],
        min_verified_hours=Decimal(12),
    )
    claim_states = list(ClaimState.values)
    made = Claim.objects.bulk_create(
        (
            Claim(
                policy=policy,
                enrolment=enrolment,
                person=trainee_people[n],
                course_id=enrolment.course_id,
                institution=school,
                scheme="training",
                payee="trainee",
                amount=Decimal(500 + 100 * (n % 6)),
                state=claim_states[n % len(claim_states)],
                verdict=Verdict.ELIGIBLE,
                evaluated_on=today,
                flags=["two_venues"] if n % 9 == 0 else [],
                submitted_at=moment(n * 7),
            )
            for n, enrolment in enumerate(enrolments[:claims])
        ),
        batch_size=5000,
    )
    approved = {"approved", "in_notice", "payable", "paid"}
    events = []
    for claim in made:
        if claim.state in approved:
            events.append(ClaimEvent(claim=claim, action="approved", state="approved"))
        if claim.state == "paid":
            events.append(ClaimEvent(claim=claim, action="paid", state="paid"))
    events = ClaimEvent.objects.bulk_create(events, batch_size=5000)
    # Rows are stamped with the time of their insert: spread them over 2 years.
    from django.db import connection

    with connection.cursor() as cursor:
        for model, column in ((ClaimEvent, "at"), (Enrolment, "requested_at")):
            cursor.execute(
                f"UPDATE {model._meta.db_table} "
                f"SET {column} = {column} - (id % 700) * interval '1 day'"
            )
    return {
        "counties": len(counties),
        "trainees": len(users),
        "workshops": len(shops),
        "claims": len(made),
        "claim_events": len(events),
    }


def main(
    trainees: int = 100_000, workshops: int = 10_000, claims: int = 50_000
) -> dict:
    """Seed, measure and compare; return the figures (run inside the bench
    environment, with Django set up)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reporting.figures import region_dashboard

    started = time.perf_counter()
    seeded = _seed(trainees, workshops, claims)
    emit(
        {"phase": "seed", "seconds": round(time.perf_counter() - started, 1), **seeded}
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    today = timezone.localdate()

    dashboard_times, sql_times = [], []
    for _round in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            dashboard = region_dashboard("510000", today=today)
            dashboard_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        expected = hand_written("51", today)
        sql_times.append(time.perf_counter() - started)
    if os.environ.get("BENCH_PROFILE"):
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        for query in slowest[:8]:
            emit({"query_s": query["time"], "sql": query["sql"][:300]})
    compared = same_numbers(dashboard, expected)
    dashboard_s = statistics.median(dashboard_times)
    sql_s = statistics.median(sql_times)
    figures = {
        **seeded,
        "dashboard_s": round(dashboard_s, 3),
        "sql_s": round(sql_s, 3),
        "ratio_vs_sql": round(dashboard_s / sql_s, 2),
        "queries": len(queries.captured_queries),
        "figures_compared": compared,
        **_statistics_report(today),
        "database": "postgresql",
    }
    return figures


def _statistics_report(today) -> dict:
    """The province's statistics report for last year, made as the regions make
    it: every county's report generated, submitted and accepted by its prefecture,
    every prefecture's likewise by the national level, then the province's own;
    ``report_s`` is that whole roll-up, ``export_s`` and ``peak_mb`` (the most
    memory Python held, tracemalloc) its XLSX export."""
    import tracemalloc

    from lms.models import Region, User
    from reporting.reports import services
    from reporting.reports.exports import export_xlsx
    from reporting.reports.periods import Period

    period = Period(today.year - 1)
    officer = User.objects.create_superuser("bench-statistics", "stats@bench.local")
    started = time.perf_counter()
    for level in ("county", "prefecture"):
        regions = Region.objects.active().filter(code__startswith="51", level=level)
        for region in regions:
            report = services.generate_report(
                region=region, period=period, user=officer, today=today
            )
            report = services.submit_report(report=report, user=officer)
            services.accept_report(report=report, user=officer)
    province = services.generate_report(
        region=Region.objects.get(code="510000"),
        period=period,
        user=officer,
        today=today,
    )
    report_s = time.perf_counter() - started
    with tempfile.TemporaryFile() as file:
        tracemalloc.start()
        started = time.perf_counter()
        export_xlsx(province, file)
        export_s = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        size = file.tell()
    return {
        "report_s": round(report_s, 3),
        "export_s": round(export_s, 3),
        "peak_mb": round(peak / 2**20, 2),
        "xlsx_bytes": size,
        "report_rows": len(province.snapshot.get("rows", [])),
    }


# --- The same figures in hand-written SQL ----------------------------------------

WORKSHOPS = """
SELECT substr(region_id, 1, 4),
       count(*) FILTER (WHERE state = 'identified'),
       count(*) FILTER (WHERE state = 'active'),
       count(*) FILTER (WHERE state = 'cancelled'),
       count(*) FILTER (WHERE library_entered_on IS NOT NULL
                        AND state IN ('identified', 'active'))
FROM inheritors_workshop WHERE region_id LIKE %(prefix)s GROUP BY 1
"""
WORKSHOP_MONTHS = """
SELECT date_trunc('month', identified_on)::date, count(*)
FROM inheritors_workshop
WHERE region_id LIKE %(prefix)s AND identified_on >= %(first)s GROUP BY 1
"""
LIBRARY_MONTHS = """
SELECT date_trunc('month', library_entered_on)::date, count(*)
FROM inheritors_workshop
WHERE region_id LIKE %(prefix)s AND library_entered_on >= %(first)s
  AND state IN ('identified', 'active') GROUP BY 1
"""
LAST_REGISTERED = """
WITH registered AS (
    SELECT w.id, w.region_id,
           greatest(coalesce(max(c.year), 0),
                    coalesce(extract(year FROM w.identified_on)::int, 0)) AS year
    FROM inheritors_workshop w
    LEFT JOIN inheritors_workshopconfirmation c ON c.workshop_id = w.id
    WHERE w.region_id LIKE %(prefix)s AND w.state IN ('identified', 'active')
    GROUP BY w.id
)
SELECT substr(region_id, 1, 4),
       count(*) FILTER (WHERE year <= %(closed)s - 1),
       count(*) FILTER (WHERE year <= %(later)s - 2 AND year > %(closed)s - 2)
FROM registered GROUP BY 1
"""
DUE = """
SELECT substr(w.region_id, 1, 4), count(*) FROM inheritors_workshop w
WHERE w.region_id LIKE %(prefix)s AND w.state IN ('identified', 'active')
  AND NOT EXISTS (SELECT 1 FROM inheritors_workshopconfirmation c
                  WHERE c.workshop_id = w.id AND c.year = %(year)s)
GROUP BY 1
"""
EMPLOYMENT = """
SELECT substr(w.region_id, 1, 4), sum(e.employed), sum(e.poverty_alleviated),
       sum(e.monitoring_targets)
FROM inheritors_workshopemployment e
JOIN inheritors_workshop w ON w.id = e.workshop_id
WHERE w.region_id LIKE %(prefix)s
  AND e.year = (SELECT max(year) FROM inheritors_workshopemployment)
GROUP BY 1
"""
ENROLMENTS = """
SELECT substr(c.region_id, 1, 4),
       count(*) FILTER (WHERE e.status = 'enrolled'),
       count(*) FILTER (WHERE e.completed_at IS NOT NULL),
       sum(e.verified_seconds + e.attended_seconds) FILTER (WHERE c.mode = 'distance'),
       sum(e.verified_seconds + e.attended_seconds) FILTER (WHERE c.mode = 'onsite'),
       count(DISTINCT e.user_id) FILTER (WHERE e.status = 'enrolled' AND EXISTS (
           SELECT 1 FROM lms_statusperiod s JOIN lms_person p ON p.id = s.person_id
           WHERE p.user_id = e.user_id AND s.group = 'poverty_alleviated'
             AND s.starts_on <= (e.requested_at AT TIME ZONE %(tz)s)::date
             AND (s.ends_on IS NULL
                  OR s.ends_on >= (e.requested_at AT TIME ZONE %(tz)s)::date)))
FROM trainees_enrolment e JOIN courses_coursepage c ON c.page_ptr_id = e.course_id
WHERE c.region_id LIKE %(prefix)s GROUP BY 1
"""
ENROLMENT_MONTHS = """
SELECT date_trunc('month', e.requested_at AT TIME ZONE %(tz)s)::date, count(*)
FROM trainees_enrolment e JOIN courses_coursepage c ON c.page_ptr_id = e.course_id
WHERE c.region_id LIKE %(prefix)s AND e.status = 'enrolled'
  AND e.requested_at >= %(first_at)s
GROUP BY 1
"""
COMPLETION_MONTHS = ENROLMENT_MONTHS.replace("requested_at", "completed_at").replace(
    "e.status = 'enrolled'", "e.completed_at IS NOT NULL"
)
CERTIFICATES = """
SELECT substr(region_id, 1, 4),
       count(*) FILTER (WHERE kind = 'training'),
       count(*) FILTER (WHERE kind = 'skill_level'),
       count(*) FILTER (WHERE skill_level = 20)
FROM certificates_certificate
WHERE region_id LIKE %(prefix)s AND status = 'valid' GROUP BY 1
"""
CERTIFICATE_MONTHS = """
SELECT date_trunc('month', issued_on)::date, count(*) FILTER (WHERE kind = 'training')
FROM certificates_certificate
WHERE region_id LIKE %(prefix)s AND status = 'valid' AND issued_on >= %(first)s
GROUP BY 1
"""
CLAIMS = """
SELECT substr(c.region_id, 1, 4),
       count(*) FILTER (WHERE k.state = 'submitted'),
       count(*) FILTER (WHERE k.state = 'paid'),
       count(*) FILTER (WHERE k.flags <> '[]'::jsonb)
FROM subsidies_claim k JOIN courses_coursepage c ON c.page_ptr_id = k.course_id
WHERE c.region_id LIKE %(prefix)s GROUP BY 1
"""
CLAIM_MONTHS = """
SELECT date_trunc('month', k.submitted_at AT TIME ZONE %(tz)s)::date,
       count(*) FILTER (WHERE k.state = 'submitted')
FROM subsidies_claim k JOIN courses_coursepage c ON c.page_ptr_id = k.course_id
WHERE c.region_id LIKE %(prefix)s AND k.submitted_at >= %(first_at)s GROUP BY 1
"""
AMOUNTS = """
SELECT substr(c.region_id, 1, 4),
       sum(k.amount) FILTER (WHERE v.action = 'approved'
           AND extract(year FROM v.at AT TIME ZONE %(tz)s) = %(year)s),
       sum(k.amount) FILTER (WHERE v.action = 'paid'
           AND extract(year FROM v.at AT TIME ZONE %(tz)s) = %(year)s)
FROM subsidies_claimevent v JOIN subsidies_claim k ON k.id = v.claim_id
JOIN courses_coursepage c ON c.page_ptr_id = k.course_id
WHERE c.region_id LIKE %(prefix)s AND v.action IN ('approved', 'paid') GROUP BY 1
"""
AMOUNT_MONTHS = """
SELECT date_trunc('month', v.at AT TIME ZONE %(tz)s)::date,
       sum(k.amount) FILTER (WHERE v.action = 'paid')
FROM subsidies_claimevent v JOIN subsidies_claim k ON k.id = v.claim_id
JOIN courses_coursepage c ON c.page_ptr_id = k.course_id
WHERE c.region_id LIKE %(prefix)s AND v.action IN ('approved', 'paid')
  AND v.at >= %(first_at)s GROUP BY 1
"""
AWAITING = """
SELECT c.region_id, (k.submitted_at AT TIME ZONE %(tz)s)::date, count(*)
FROM subsidies_claim k JOIN courses_coursepage c ON c.page_ptr_id = k.course_id
WHERE c.region_id LIKE %(prefix)s AND k.state IN ('submitted', 'under_review')
GROUP BY 1, 2
"""

# Figure keys of each split query's columns, after the prefecture.
SPLITS = [
    (WORKSHOPS, ["identified", "active", "cancelled", "in_library"]),
    (LAST_REGISTERED, ["confirmation_overdue", "lapsing"]),
    (DUE, ["confirmation_due"]),
    (
        EMPLOYMENT,
        ["employed", "employed_poverty_alleviated", "employed_monitoring_targets"],
    ),
    (
        ENROLMENTS,
        [
            "enrolments",
            "completions",
            "hours_distance",
            "hours_onsite",
            "trainees_poverty_alleviated",
        ],
    ),
    (
        CERTIFICATES,
        [
            "certificates_training",
            "certificates_skill_level",
            "certificates_level_20",
        ],
    ),
    (CLAIMS, ["claims_submitted", "claims_paid", "claims_flagged"]),
    (AMOUNTS, ["amount_approved", "amount_paid"]),
]
MONTHS = [
    (WORKSHOP_MONTHS, "identified"),
    (LIBRARY_MONTHS, "in_library"),
    (ENROLMENT_MONTHS, "enrolments"),
    (COMPLETION_MONTHS, "completions"),
    (CERTIFICATE_MONTHS, "certificates_training"),
    (CLAIM_MONTHS, "claims_submitted"),
    (AMOUNT_MONTHS, "amount_paid"),
]


def hand_written(prefix: str, today) -> dict:
    """The figures by prefecture ("by_region") and by month ("by_month"), keyed
    like the dashboard's, from the SQL above."""
    import datetime as dt

    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from inheritors.models.workshops import last_closed_year
    from reporting.figures.engine import months_back

    first = months_back(today)[0]
    params = {
        "prefix": prefix + "%",
        "first": first,
        "first_at": timezone.make_aware(dt.datetime.combine(first, dt.time())),
        "tz": settings.TIME_ZONE,
        "year": today.year,
        "closed": last_closed_year(prefix, today),
        "later": last_closed_year(prefix, today + dt.timedelta(days=90)),
    }
    by_region: dict[str, dict] = {}
    by_month: dict[str, dict] = {}
    with connection.cursor() as cursor:
        for sql, keys in SPLITS:
            cursor.execute(sql, params)
            for prefecture, *values in cursor.fetchall():
                for key, value in zip(keys, values, strict=True):
                    if value:
                        by_region.setdefault(key, {})[prefecture.ljust(6, "0")] = value
        for sql, key in MONTHS:
            cursor.execute(sql, params)
            by_month[key] = {
                month: value for month, value in cursor.fetchall() if value
            }
        cursor.execute(AWAITING, params)
        awaiting = cursor.fetchall()
    return {"by_region": by_region, "by_month": by_month, "awaiting": len(awaiting)}


def same_numbers(dashboard, expected: dict) -> int:
    """Assert that the dashboard and the SQL agree; return how many figures (split
    and monthly) were compared."""
    compared = 0
    for key, regions in expected["by_region"].items():
        figure = dashboard.figure(key)
        got = dict(figure.by_region)
        if figure.unit == "hours":
            regions = {code: round(v / 3600, 1) for code, v in regions.items()}
        assert got == regions, (key, got, regions)
        compared += 1
    for key, months in expected["by_month"].items():
        got = {month: value for month, value in dashboard.figure(key).by_month if value}
        assert got == months, (key, got, months)
        compared += 1
    return compared


def _inner(args) -> None:
    import django

    django.setup()
    emit(main(args.trainees, args.workshops, args.claims))


def _run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=100_000)
    parser.add_argument("--workshops", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--inner", action="store_true")
    args = parser.parse_args()
    if args.inner:
        _inner(args)
        return
    with tempfile.TemporaryDirectory(prefix="jiangxin-bench-") as folder:
        env, cleanup = _environment(Path(folder))
        try:
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "-v", "0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            subprocess.run(
                [sys.executable, "-m", "bench.dashboard", *sys.argv[1:], "--inner"],
                cwd=ROOT,
                env=env,
                check=True,
            )
        finally:
            cleanup()


if __name__ == "__main__":
    _run()
