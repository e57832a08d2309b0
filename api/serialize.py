"""Rows as the API shows them, personal data masked for the caller."""

from __future__ import annotations

from decimal import Decimal

from lms import policy
from trainees.models import hundredths_of_hour


class Viewer:
    """What one caller may see of personal data, asked of the policy once."""

    def __init__(self, user):
        self.full_id_numbers = policy.may_see_full_id_numbers(user)
        self.full_mobile_numbers = policy.may_see_full_mobile_numbers(user)

    def mobile(self, account) -> str:
        """The account's mobile number, in E.164 or masked; empty without one."""
        if not account.phone_digest:
            return ""
        return account.phone if self.full_mobile_numbers else account.phone_masked

    def person(self, person) -> dict | None:
        if person is None:
            return None
        full = self.full_id_numbers
        return {
            "real_name": person.real_name,
            "id_number": person.id_number if full else person.id_number_masked,
            "id_number_masked": not full,
        }


def hours(seconds: int) -> Decimal:
    """Hours to the hundredth, rounded half up: a heartbeat that leaves this figure
    as it was leaves the enrolment's ``updated_at`` as it was too
    (``trainees.heartbeat_store.add_to_enrolment``)."""
    return (Decimal(hundredths_of_hour(seconds)) / 100).quantize(Decimal("0.01"))


def region(row) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "name_en": row.name_en,
        "level": row.level,
        "parent": row.parent_id,
        "retired": row.retired,
    }


def institution(row) -> dict:
    return {
        "id": row.pk,
        "name": row.name,
        "credit_code": row.credit_code,
        "region": row.region_id,
        "address": row.address,
        "contact_name": row.contact_name,
    }


def session(row) -> dict:
    return {
        "id": row.pk,
        "title": row.title,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "venue": row.venue,
        "address": row.address,
        "capacity": row.capacity,
    }


def course(row) -> dict:
    return {
        "id": row.pk,
        "title": row.title,
        "live": row.live,
        "mode": row.mode,
        "ich_category": row.ich_category,
        "craft": row.craft,
        "occupation": row.occupation,
        "skill_level": row.skill_level,
        "planned_hours": row.planned_hours,
        "region": row.region_id,
        "institution": row.institution_id,
        "enrolment_policy": row.enrolment_policy,
        "capacity": row.capacity,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "awards": row.awards,
        "sessions": [session(s) for s in row.sessions.all()],
        "updated_at": row.updated_at,
    }


def enrolment(row, viewer: Viewer) -> dict:
    person = getattr(row.user, "person", None)
    return {
        "id": row.pk,
        "trainee": row.user_id,
        "person": viewer.person(person),
        "mobile": viewer.mobile(row.user),
        "course": row.course_id,
        "status": row.status,
        "source": row.source,
        "requested_at": row.requested_at,
        "decided_at": row.decided_at,
        "verified_hours": hours(row.verified_seconds),
        "attended_hours": hours(row.attended_seconds),
        "completed_at": row.completed_at,
        "updated_at": row.updated_at,
    }


def certificate(row, viewer: Viewer) -> dict:
    return {
        "id": row.pk,
        "serial": row.serial,
        "kind": row.kind,
        "status": row.status,
        "person": viewer.person(row.person),
        "course": row.course_id,
        "course_title": row.course_title,
        "occupation": row.occupation,
        "skill_level": row.skill_level,
        "hours": row.hours,
        "institution": row.institution_id,
        "issuing_body": row.issuing_body,
        "region": row.region_id,
        "issued_on": row.issued_on,
        "revoked_at": row.revoked_at,
        "updated_at": row.updated_at,
    }


def claim(row, viewer: Viewer) -> dict:
    return {
        "id": row.pk,
        "state": row.state,
        "person": viewer.person(row.person),
        "course": row.course_id,
        "institution": row.institution_id,
        "policy": row.policy_id,
        "scheme": row.scheme,
        "payee": row.payee,
        "occupation": row.occupation,
        "skill_level": row.skill_level,
        "certificate_serial": row.certificate_serial,
        "amount": row.amount,
        "verdict": row.verdict,
        "evaluated_on": row.evaluated_on,
        "evaluation": row.evaluation or {},
        "flags": row.flags or [],
        "submitted_at": row.submitted_at,
        "subsidy_year": row.subsidy_year,
        "payment_reference": row.payment_reference,
        "events": [
            {"action": e.action, "state": e.state, "reason": e.reason, "at": e.at}
            for e in row.events.all()
        ],
        "updated_at": row.updated_at,
    }


def workshop(row, viewer: Viewer) -> dict:
    leader = row.leader.person if row.leader_id else None
    return {
        "id": row.pk,
        "name": row.name,
        "region": row.region_id,
        "entity_type": row.entity_type,
        "entity_name": row.entity_name,
        "leader": viewer.person(leader),
        "craft": row.craft,
        "state": row.state,
        "identified_on": row.identified_on,
        "library_number": row.library_number,
        "confirmations": [
            {
                "year": c.year,
                "confirmed_at": c.confirmed_at,
                "channel": c.channel,
                "changes": c.changes,
            }
            for c in row.confirmations.all()
        ],
        "employment": [
            {
                "year": e.year,
                "employed": e.employed,
                "poverty_alleviated": e.poverty_alleviated,
                "monitoring_targets": e.monitoring_targets,
                "home_based": e.home_based,
                "flexible": e.flexible,
                "average_income": e.average_income,
            }
            for e in row.employment.all()
        ],
        "updated_at": row.updated_at,
    }


def inheritor(row, viewer: Viewer) -> dict:
    return {
        "id": row.pk,
        "person": viewer.person(row.person),
        "item_code": row.item.code,
        "item_name": row.item.name,
        "level": row.level,
        "region": row.region_id,
        "designated_year": row.designated_year,
        "status": row.status,
        "cancellation_ground": row.cancellation_ground,
        "cancelled_on": row.cancelled_on,
        "updated_at": row.updated_at,
    }


def competition(row, viewer: Viewer) -> dict:
    published = row.results_published_at is not None
    results = []
    if published:
        for entry in row.entries.all():
            result = getattr(entry, "result", None)
            if result is None:
                continue
            results.append(
                {
                    "entry_number": entry.number,
                    "team_name": entry.team_name,
                    "institution": entry.institution_id,
                    "total": result.total,
                    "rank": result.rank,
                    "awards": [
                        {"kind": a.kind, "person": viewer.person(a.person)}
                        for a in entry.awards.all()
                    ],
                }
            )
        results.sort(key=lambda r: (r["rank"], r["entry_number"]))
    return {
        "id": row.pk,
        "name": row.name,
        "level": row.level,
        "region": row.region_id,
        "craft": row.craft,
        "status": row.status,
        "registration_opens_at": row.registration_opens_at,
        "registration_closes_at": row.registration_closes_at,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "results_published_at": row.results_published_at,
        "results": results,
        "updated_at": row.updated_at,
    }
