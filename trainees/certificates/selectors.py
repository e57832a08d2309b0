"""Reads of certificates for other parts of the learner's record ("My learning",
subsidy eligibility, the talent profile)."""

from __future__ import annotations

from collections.abc import Iterable

from lms.models import Person
from trainees.certificates.models import Certificate


def certificates_for(
    people: Iterable[Person] | Iterable[int],
) -> dict[int, list[Certificate]]:
    """Every certificate (valid and revoked, newest first) of each person, keyed by
    Person id; one query whatever the number of people."""
    ids = [getattr(person, "pk", person) for person in people]
    found: dict[int, list[Certificate]] = {pk: [] for pk in ids}
    certificates = (
        Certificate.objects.filter(person_id__in=ids)
        .select_related("institution")
        .order_by("-issued_on", "-pk")
    )
    for certificate in certificates:
        found[certificate.person_id].append(certificate)
    return found
