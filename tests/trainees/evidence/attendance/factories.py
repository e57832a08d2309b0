"""Sessions and enrolled trainees for the attendance tests."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from courses.models import CourseSession, TrainingMode
from tests import factories
from trainees.services import add_to_cohort

# Beside the 锦江区 venue of the demo on-site course.
VENUE = (Decimal("30.654900"), Decimal("104.081000"))


def onsite_course(school, **fields):
    return factories.course(
        school, **{"title": "蜀锦织造", "mode": TrainingMode.ONSITE, **fields}
    )


def session(course, *, starts_at=None, hours: float = 3, located: bool = True):
    """A session of ``course``; by default it started an hour ago."""
    starts_at = starts_at or timezone.now() - dt.timedelta(hours=1)
    latitude, longitude = VENUE if located else (None, None)
    return CourseSession.objects.create(
        course=course,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        venue="锦江区蜀锦织造工坊",
        latitude=latitude,
        longitude=longitude,
    )


def enrolled_trainee(course, *, with_person: bool = True, **kwargs):
    """A trainee holding a place on ``course`` (and a Person, by default)."""
    user = factories.trainee(**kwargs)
    if with_person:
        factories.person(user=user)
    admin = factories.UserFactory(is_superuser=True)
    return add_to_cohort(course=course, user=user, added_by=admin)
