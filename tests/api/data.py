"""A small picture of the demo: two neighbouring counties, each with a school, a
finished course, a claim, a workshop, an inheritor."""

from dataclasses import dataclass

from tests import factories
from tests.trainees.subsidies import factories as subsidy
from trainees.subsidies import services as subsidies


@dataclass
class County:
    school: object
    course: object
    enrolment: object
    claim: object
    workshop: object
    inheritor: object


def county(code: str) -> County:
    school = factories.institution(code)
    course = subsidy.course(school)
    enrolment = subsidy.trained(course)
    policy = subsidy.policy(code)
    staff = factories.institution_staff(school)
    [claim] = subsidies.submit_cohort_claims(
        course=course, policy=policy, submitted_by=staff, on=subsidy.TODAY
    ).claims
    return County(
        school=school,
        course=course,
        enrolment=enrolment,
        claim=claim,
        workshop=factories.workshop(code, active=True),
        inheritor=factories.inheritor(code),
    )
