"""Reads that join several apps. Like ``urls.py`` and the dashboards, this module sits
on top of every app; no app imports it."""

from __future__ import annotations

from dataclasses import dataclass

from competitions.models import Award, Promotion
from inheritors.models import (
    Apprenticeship,
    Inheritor,
    MasterStudio,
    WorkshopEmployee,
    WorkshopLeader,
)
from lms.models import Person
from trainees.certificates.selectors import certificates_for
from trainees.models import Enrolment


@dataclass
class TalentProfile:
    """Everything Jiangxin knows of one person's skills (人才档案), role by role."""

    person: Person
    inheritor_titles: list
    led_workshops: list
    jobs: list
    studios: list
    apprenticeships: list
    enrolments: list
    certificates: list
    awards: list
    promotions: list


def talent_profile(person: Person) -> TalentProfile:
    """The person's roles, training and results, in a fixed number of queries."""
    leader = (
        WorkshopLeader.objects.filter(person=person)
        .prefetch_related("workshops")
        .first()
    )
    enrolments = (
        Enrolment.objects.filter(user_id=person.user_id)
        .select_related("course")
        .order_by("-requested_at")
        if person.user_id
        else Enrolment.objects.none()
    )
    return TalentProfile(
        person=person,
        inheritor_titles=list(
            Inheritor.objects.filter(person=person).select_related("item")
        ),
        led_workshops=list(leader.workshops.all()) if leader else [],
        jobs=list(
            WorkshopEmployee.objects.filter(person=person).select_related("workshop")
        ),
        studios=list(MasterStudio.objects.filter(leader=person)),
        apprenticeships=list(
            Apprenticeship.objects.filter(apprentice=person).select_related(
                "studio", "master"
            )
        ),
        enrolments=list(enrolments),
        certificates=certificates_for([person])[person.pk],
        awards=list(
            Award.objects.published()
            .filter(person=person)
            .select_related("entry__competition")
        ),
        promotions=list(
            Promotion.objects.filter(
                person=person, entry__competition__status="published"
            ).select_related("entry__competition")
        ),
    )
