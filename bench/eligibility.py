"""Subsidy eligibility for a whole region, against one hand-written SQL aggregate.

    .venv/bin/python bench/eligibility.py [--trainees 100000]

Generates a county of ``--trainees`` trainees with realistic evidence, in bulk: half
on distance courses (5 video lessons, one progress row each), half on on-site courses
(10 sessions, one attendance row each), with people, status periods, certificates
and some earlier claims (about 10 rows a trainee: 1,000,000 for 100,000). Then it
evaluates every trainee against a policy (``regional.verdicts``: one SQL statement
on PostgreSQL, the Python rules a chunk at a time elsewhere), and, in the same run,
times one SQL aggregate computing the verified hours alone. Both run after ANALYZE,
as on a live database. Uses
PostgreSQL when DATABASE_URL is set (a database of its own beside the one named,
dropped afterwards), SQLite in a temporary folder otherwise. Prints one JSON object
per phase and a summary last.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH_DATABASE = "jiangxin_bench_eligibility"
LESSONS, SESSIONS, COURSES = 5, 10, 20


def emit(record: dict) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _environment(scratch: Path) -> tuple[dict, str, callable]:
    env = dict(os.environ)
    env |= {
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PERSONAL_DATA_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(scratch / "media"),
        "CELERY_BROKER_URL": "memory://",
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


def _seed(trainees: int) -> dict:
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from courses.models import CourseSession, TrainingMode
    from lms.models import Person, StatusGroup, StatusPeriod, User
    from lms.skills import CertificateKind, SkillLevel
    from tests import factories
    from trainees.certificates.models import Certificate
    from trainees.evidence.attendance.figures import refresh_attended_seconds
    from trainees.evidence.attendance.models import Attendance
    from trainees.models import Enrolment, LessonProgress
    from trainees.subsidies.models import Policy, PolicyAmount

    school = factories.institution("510104", "基准测试学校")
    ends = dt.date(2026, 4, 30)
    courses, lessons, sessions = [], {}, {}
    for n in range(COURSES):
        distance = n % 2 == 0
        course = factories.course(
            school,
            title=f"基准课程{n}",
            mode=TrainingMode.DISTANCE if distance else TrainingMode.ONSITE,
            occupation=f"工种{n % 7}",
            skill_level=SkillLevel.LEVEL_5,
            awards=CertificateKind.SKILL_LEVEL,
            starts_on=dt.date(2026, 3, 1),
            ends_on=ends,
        )
        courses.append(course)
        if distance:
            lessons[course.pk] = [
                factories.lesson(
                    course,
                    kind="video",
                    title=f"视频{k}",
                    video=factories.video_asset(school, duration=3600.0),
                )
                for k in range(LESSONS)
            ]
        else:
            start = timezone.now() - dt.timedelta(days=60)
            sessions[course.pk] = CourseSession.objects.bulk_create(
                CourseSession(
                    course=course,
                    starts_at=start + dt.timedelta(days=k),
                    ends_at=start + dt.timedelta(days=k, hours=3),
                    venue="锦江工坊",
                )
                for k in range(SESSIONS)
            )

    users = User.objects.bulk_create(
        User(username=f"bench{n}", email=f"bench{n}@bench.test", password="!")
        for n in range(trainees)
    )
    people = []
    for n, user in enumerate(users):
        person = Person(real_name=f"学员{n}", user=user, household_region_id="510104")
        person.set_id_number(factories.id_number(n))
        person.set_mobile("")
        people.append(person)
    Person.objects.bulk_create(people, batch_size=5000)
    people = dict(Person.objects.values_list("user_id", "pk"))
    now = timezone.now()
    enrolments = Enrolment.objects.bulk_create(
        (
            Enrolment(
                user=user,
                course=courses[n % COURSES],
                status="enrolled",
                source="cohort",
                verified_seconds=(n % 6) * 3600 if n % 2 == 0 else 0,
                completed_at=now if n % 5 else None,
            )
            for n, user in enumerate(users)
        ),
        batch_size=5000,
    )
    progress, attendance, certificates, periods = [], [], [], []
    for n, enrolment in enumerate(enrolments):
        course_id = enrolment.course_id
        for lesson in lessons.get(course_id, []):
            covered = float(3600 * (n % 3) / 2)
            progress.append(
                LessonProgress(
                    enrolment=enrolment,
                    lesson=lesson,
                    covered_seconds=covered,
                    duration=3600.0,
                )
            )
        for k, session in enumerate(sessions.get(course_id, [])):
            if (n + k) % 4:
                attendance.append(
                    Attendance(
                        session=session,
                        enrolment=enrolment,
                        user_id=enrolment.user_id,
                        checked_in_at=session.starts_at,
                        checked_out_at=session.ends_at,
                        method="qr",
                        credited_seconds=3 * 3600,
                    )
                )
        if n % 5:
            certificates.append(
                Certificate(
                    kind=CertificateKind.SKILL_LEVEL,
                    person_id=people[enrolment.user_id],
                    enrolment=enrolment,
                    course_id=course_id,
                    occupation=f"工种{(n % COURSES) % 7}",
                    skill_level=SkillLevel.LEVEL_5,
                    region_id="510104",
                    serial=f"BENCH{n:09d}",
                    verification_code="BENCH1",
                    issued_on=ends,
                )
            )
        periods.append(
            StatusPeriod(
                person_id=people[enrolment.user_id],
                group=list(StatusGroup.values)[n % 5],
                starts_on=dt.date(2024, 1, 1) if n % 3 else dt.date(2026, 4, 1),
            )
        )
    for model, rows in [
        (LessonProgress, progress),
        (Attendance, attendance),
        (Certificate, certificates),
        (StatusPeriod, periods),
    ]:
        model.objects.bulk_create(rows, batch_size=5000)
    # Bulk inserts skip the signal that keeps each enrolment's attendance figure.
    refresh_attended_seconds()
    policy = Policy.objects.create(
        region_id="510000",
        name="基准政策",
        valid_from=dt.date(2026, 1, 1),
        eligible_groups=[StatusGroup.RURAL_LABOURER, StatusGroup.POVERTY_ALLEVIATED],
        min_verified_hours=Decimal(12),
        min_attendance_share=80,
        claim_window_days=365,
        assessment_required=False,
    )
    PolicyAmount.objects.create(
        policy=policy, certificate_kind=CertificateKind.SKILL_LEVEL, amount=1000
    )
    rows = len(users) + len(people) + len(enrolments) + len(progress)
    rows += len(attendance) + len(certificates) + len(periods)
    return {
        "policy": policy.pk,
        "rows": rows,
        "progress_and_attendance": (len(progress) + len(attendance)),
    }


SQL_HOURS = """
SELECT e.id, e.verified_seconds + COALESCE(SUM(a.credited_seconds), 0)
FROM trainees_enrolment e
JOIN courses_coursepage c ON c.page_ptr_id = e.course_id
LEFT JOIN attendance_attendance a ON a.enrolment_id = e.id
WHERE c.region_id LIKE '5101%%' AND e.status = 'enrolled'
GROUP BY e.id, e.verified_seconds
"""


def inner(trainees: int, database: str) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trainees.models import Enrolment
    from trainees.subsidies.models import Policy
    from trainees.subsidies.regional import verdicts

    started = time.perf_counter()
    seeded = _seed(trainees)
    emit(
        {"phase": "seed", "seconds": round(time.perf_counter() - started, 1), **seeded}
    )

    policy = Policy.objects.get(pk=seeded["policy"])
    if database == "postgresql":
        # What autovacuum does to a live database: give the planner its statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    enrolments = Enrolment.objects.enrolled().filter(
        course__region__code__startswith="5101"
    )

    def judge() -> int:
        return sum(1 for verdict in verdicts(enrolments, policy) if verdict.eligible)

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        eligible = judge()
        evaluate_s = time.perf_counter() - started
    emit({"phase": "evaluate", "seconds": round(evaluate_s, 2), "eligible": eligible})
    # Memory in a second pass: tracing allocations slows Python down.
    tracemalloc.start()
    judge()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(SQL_HOURS)
        hours = len(cursor.fetchall())
    sql_s = time.perf_counter() - started
    emit({"phase": "sql", "seconds": round(sql_s, 3), "rows": hours})
    emit(
        {
            "trainees": trainees,
            "rows": seeded["rows"],
            "progress_and_attendance": seeded["progress_and_attendance"],
            "evaluate_s": round(evaluate_s, 2),
            "sql_s": round(sql_s, 3),
            "ratio_vs_sql": round(evaluate_s / sql_s, 1) if sql_s else None,
            "peak_mb": round(peak / 2**20, 1),
            "queries": len(queries.captured_queries),
            "engine": "one SQL statement"
            if database == "postgresql"
            else "Python rules, 5,000 trainees a chunk",
            "database": database,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=100_000)
    parser.add_argument("--inner", default="")
    args = parser.parse_args()
    if args.inner:
        inner(args.trainees, args.inner)
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
                [sys.executable, __file__, "--trainees", str(args.trainees)]
                + ["--inner", database],
                cwd=ROOT,
                env=env,
                check=True,
            )
        finally:
            cleanup()


if __name__ == "__main__":
    main()
